"""The tracking pages of the built site: the risk summary, the views, and the matrix in a browser.

Besides the real site, the tests use a copy whose data marks three duties as further along
(see tests/progressed_data.py), so that the status filter and the overdue rule have
something to show.
"""

from __future__ import annotations

import html as html_module
import re
from pathlib import Path

import pytest

from tests.site_tools import main_text, row_containing, tables

ALL_TITLES_SORTED = [
    "AWS submission documentation",
    "Contribution to monitoring: HTCondor event log and dCache log parsing",
    "Develop the unified submission tool set",
    "LArIAT raw2digit",
    "MINERvA MC production",
    "MINERvA offline systems monitoring",
    "MINOS+ keep-up processing",
    "Monitor and scan the offsite sites that accept jobs",
    "Monitor memory and disk use of NOvA keep-up processing",
    "NOvA far-detector back-processing",
    "NOvA far-detector MC production",
    "NOvA near-detector MC reconstruction on AWS",
    "NOvA production systems monitoring",
    "NOvA raw2root keep-up",
    "NOvA reconstruction keep-up",
    "OPOS weekly meeting reports and weekly SCS ops dashboard update",
    "POMS feedback",
    "Stage NOvA far-detector data from tape to dCache",
]


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def admonition_titles(html: str) -> list[str]:
    return [
        html_module.unescape(re.sub(r"<[^>]+>", "", title)).strip()
        for title in re.findall(r"<summary>(.*?)</summary>", html, flags=re.DOTALL)
    ]


def test_risk_summary_counts(built_site):
    titles = admonition_titles(read(built_site, "handoff.html"))
    assert titles == [
        "Overdue handoffs: none",
        "Duties with no successor: 1",
        "Successors who leave before the handoff: none",
        "Single points of failure: 1",
        # POMS feedback, AWS submission docs, log parsing, the unified tool set and LArIAT
        # raw2digit link no procedure; every other duty links both.
        "Duties with no procedure or training: 5",
        "People leaving with duties not handed over: 4",
    ]


def test_risk_summary_links_records(built_site):
    html = read(built_site, "handoff.html")
    summary = html.split('id="risks"', 1)[1].split('id="matrix"', 1)[0]
    assert (
        'href="duties.html#lariat-raw2digit">LArIAT raw2digit</a>: no receiving experiment or group is named' in summary
    )
    assert 'href="people.html#felipe-alba">Felipe Alba</a>: holds 5 duties not yet handed over' in summary
    assert 'href="people.html#qiulan">Qiulan</a>: leaves on 2016-04-01 (17 days after the reference date)' in summary


def test_risk_summary_heads_page(built_site):
    html = read(built_site, "handoff.html")
    assert html.index('id="risks"') < html.index("<table")


def test_overdue_flag_links_duty(progressed_site):
    # Glossary tooltips wrap terms such as NOvA in <abbr>; the flag's wording is what counts.
    html = re.sub(r"</?abbr[^>]*>", "", read(progressed_site, "handoff.html"))
    assert "Overdue handoffs: 1" in admonition_titles(html)
    assert (
        'href="duties.html#nova-raw2root-keep-up">NOvA raw2root keep-up</a>: handoff was due on 2016-03-01 '
        "(14 days before the reference date) and its status is 'shadowing'" in html
    )


def test_matrix_plain_without_script(built_site):
    html = read(built_site, "handoff.html")
    matrix = tables(html)[0]
    assert matrix[0][-1] == "Risks"
    assert sorted(row[1] for row in matrix[1:]) == sorted(ALL_TITLES_SORTED)
    # The script adds the menus and sort buttons, so the page itself has none.
    assert "<select" not in html
    assert "<tr hidden" not in html


def test_matrix_risks_column(built_site):
    html = read(built_site, "handoff.html")
    cells = dict(zip(tables(html)[0][0], row_containing(html, "LArIAT raw2digit")))
    assert cells["Risks"] == "no successor, no procedure or training"


def test_matrix_links_exports(built_site):
    html = read(built_site, "handoff.html")
    for path in ("exports/handoff-matrix.csv", "exports/handoff-matrix.json", "exports/handoff-deadlines.ics"):
        assert f'href="{path}"' in html, path
        assert (built_site / path).is_file(), path


def test_by_person_felipe(built_site):
    html = read(built_site, "handoff-by-person.html")
    section = html.split('id="felipe-alba"', 1)[1].split("<h2", 1)[0]
    section_tables = tables(section)
    hands_over = [row[0] for row in section_tables[0][1:]]
    assert hands_over == [
        "Stage NOvA far-detector data from tape to dCache",
        "NOvA far-detector MC production",
        "NOvA far-detector back-processing",
        "MINERvA MC production",
        "MINOS+ keep-up processing",
    ]
    takes_on = section_tables[1][1]
    assert takes_on == ["NOvA reconstruction keep-up", "Qiulan", "2016-04-01", "NOvA", "not started"]
    deadlines = section_tables[2][1:]
    assert deadlines[0] == ["2016-04-01", "in 17 days", "Take over NOvA reconstruction keep-up from Qiulan"]
    assert deadlines[-1] == ["2017-07-21", "in 493 days", "Contract ends"]


def test_by_person_undated_step(built_site):
    html = read(built_site, "handoff-by-person.html")
    section = html.split('id="anna-mazzacane"', 1)[1].split("<h2", 1)[0]
    deadlines = tables(section)[-1][1:]
    assert deadlines[0][:2] == ["2016-06-20", "in 97 days"]
    assert deadlines[-1][0] == "no date"
    assert "Start training the post-docs on POMS and FIFEMON" in deadlines[-1][2]


def test_by_receiver_usdc(built_site):
    html = read(built_site, "handoff-by-receiver.html")
    section = html.split('id="group-usdc"', 1)[1].split("<h2", 1)[0]
    assert [row[0] for row in tables(section)[0][1:]] == [
        "POMS feedback",
        "Contribution to monitoring: HTCondor event log and dCache log parsing",
        "Monitor and scan the offsite sites that accept jobs",
        "Develop the unified submission tool set",
        "OPOS weekly meeting reports and weekly SCS ops dashboard update",
    ]
    assert "5 duties (1 daily, 1 weekly, 3 not stated)" in main_text(section)


def test_by_receiver_not_stated(built_site):
    html = read(built_site, "handoff-by-receiver.html")
    section = html.split('id="not-stated"', 1)[1]
    assert [row[0] for row in tables(section)[0][1:]] == ["LArIAT raw2digit"]


def test_by_experiment_nova(built_site):
    html = read(built_site, "handoff-by-experiment.html")
    section = html.split('id="experiment-nova"', 1)[1].split("<h2", 1)[0]
    text = main_text(section)
    assert "0 of 9 handed over (9 not started)." in text
    assert "Next handoff due: 2016-04-01" in text
    assert len(tables(section)[0]) == 1 + 9


def test_people_by_experiment_pivot(built_site):
    html = read(built_site, "handoff-by-experiment.html")
    pivot = tables(html)[-1]
    header = pivot[0]
    assert header == ["Person", "MINOS+", "MINERvA", "NOvA", "LArIAT", "All experiments", "Total"]
    rows = {row[0]: dict(zip(header, row)) for row in pivot[1:]}
    assert rows["Felipe Alba"]["NOvA"] == "holds 3, covers 1"
    assert rows["Felipe Alba"]["Total"] == "holds 5, covers 1"
    assert rows["Michele Fattoruso"]["LArIAT"] == "holds 1"
    assert rows["Michele Fattoruso"]["All experiments"] == "covers 2"
    assert rows["Michele Fattoruso"]["Total"] == "holds 1, covers 4"
    assert rows["Duties"]["NOvA"] == "9"
    assert rows["Duties"]["Total"] == "18"


def visible_titles(browser) -> list[str]:
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('table.handoff-matrix tbody tr'))"
        ".filter(row => !row.hidden).map(row => row.cells[1].textContent.trim());"
    )


def click_header(browser, title: str) -> None:
    from selenium.webdriver.common.by import By

    browser.find_element(By.XPATH, f"//table[contains(@class, 'handoff-matrix')]//th/button[text()='{title}']").click()


def choose(browser, name: str, value: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(By.CSS_SELECTOR, f"form.handoff-filters select[name='{name}']")).select_by_value(value)


def count_text(browser) -> str:
    from selenium.webdriver.common.by import By

    return browser.find_element(By.CSS_SELECTOR, "form.handoff-filters .handoff-count").text


@pytest.mark.browser
def test_matrix_sorts_by_duty(browser, site_url):
    browser.get(site_url + "handoff.html")
    click_header(browser, "Duty")
    assert visible_titles(browser) == ALL_TITLES_SORTED
    click_header(browser, "Duty")
    assert visible_titles(browser) == ALL_TITLES_SORTED[::-1]


@pytest.mark.browser
def test_matrix_sorts_by_due_date(browser, site_url):
    browser.get(site_url + "handoff.html")
    click_header(browser, "Handoff due")
    titles = visible_titles(browser)
    # Qiulan leaves on 2016-04-01, so her two duties are due first, in data order.
    assert titles[:2] == [
        "NOvA reconstruction keep-up",
        "Contribution to monitoring: HTCondor event log and dCache log parsing",
    ]
    assert titles[2:4] == ["NOvA production systems monitoring", "MINERvA offline systems monitoring"]
    assert titles[-1] == "LArIAT raw2digit"


@pytest.mark.browser
def test_matrix_sorts_status_by_stage(browser, progressed_url):
    browser.get(progressed_url + "handoff.html")
    click_header(browser, "Status")
    titles = visible_titles(browser)
    # Status sorts by how far the handoff has come, not alphabetically.
    assert titles[-3:] == [
        "NOvA raw2root keep-up",
        "POMS feedback",
        "Monitor and scan the offsite sites that accept jobs",
    ]
    assert len(titles) == 18


@pytest.mark.browser
@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        (
            "experiment",
            "minerva",
            ["MINERvA MC production", "MINERvA offline systems monitoring"],
        ),
        (
            "cadence",
            "daily",
            [
                "MINOS+ keep-up processing",
                "NOvA raw2root keep-up",
                "NOvA reconstruction keep-up",
                "NOvA production systems monitoring",
                "MINERvA offline systems monitoring",
                "Monitor memory and disk use of NOvA keep-up processing",
                "Monitor and scan the offsite sites that accept jobs",
            ],
        ),
        ("status", "handed over", ["POMS feedback", "Monitor and scan the offsite sites that accept jobs"]),
        ("status", "shadowing", ["NOvA raw2root keep-up"]),
        (
            "receiver",
            "group:usdc",
            [
                "POMS feedback",
                "Contribution to monitoring: HTCondor event log and dCache log parsing",
                "Monitor and scan the offsite sites that accept jobs",
                "Develop the unified submission tool set",
                "OPOS weekly meeting reports and weekly SCS ops dashboard update",
            ],
        ),
        ("receiver", "not stated", ["LArIAT raw2digit"]),
    ],
)
def test_matrix_filter(browser, progressed_url, name, value, expected):
    browser.get(progressed_url + "handoff.html")
    assert count_text(browser) == "Showing 18 of 18 duties."
    choose(browser, name, value)
    assert visible_titles(browser) == expected
    assert count_text(browser) == f"Showing {len(expected)} of 18 duties."


@pytest.mark.browser
def test_matrix_filters_combine(browser, site_url):
    from selenium.webdriver.common.by import By

    browser.get(site_url + "handoff.html")
    choose(browser, "experiment", "nova")
    assert len(visible_titles(browser)) == 9
    choose(browser, "receiver", "group:usdc")
    assert visible_titles(browser) == ["Monitor and scan the offsite sites that accept jobs"]
    choose(browser, "cadence", "weekly")
    assert visible_titles(browser) == []
    assert count_text(browser) == "No duty matches these filters."
    browser.find_element(By.XPATH, "//form[contains(@class, 'handoff-filters')]//button[text()='Show all']").click()
    assert len(visible_titles(browser)) == 18


@pytest.mark.browser
def test_matrix_filter_labels(browser, site_url):
    from selenium.webdriver.common.by import By

    browser.get(site_url + "handoff.html")
    options = browser.find_elements(By.CSS_SELECTOR, "form.handoff-filters select[name='receiver'] option")
    assert [option.text for option in options] == ["All", "The experiment (12)", "USDC (5)", "Not stated (1)"]
    options = browser.find_elements(By.CSS_SELECTOR, "form.handoff-filters select[name='experiment'] option")
    assert [option.text for option in options] == [
        "All",
        "NOvA (9)",
        "MINERvA (2)",
        "MINOS+ (1)",
        "All experiments (5)",
        "LArIAT (1)",
    ]
