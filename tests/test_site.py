"""The real site, built strictly: facts from the source on the pages where they belong."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_DIR
from tests.site_tools import build_site, copy_project, main_text, row_containing, serve, tables

LINKCHECKER_CONFIG = PROJECT_DIR / "tests" / "linkcheckerrc"


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def run_linkchecker(start_url: str) -> subprocess.CompletedProcess:
    # Over HTTP rather than from disk: linkchecker started as root drops to an unprivileged
    # user, which cannot read pytest's private temporary folders.
    linkchecker = Path(sys.executable).parent / "linkchecker"
    return subprocess.run(
        [str(linkchecker), "--config", str(LINKCHECKER_CONFIG), "--no-status", start_url],
        capture_output=True,
        text=True,
    )


def test_build_has_no_warnings(tmp_path):
    result = build_site(PROJECT_DIR, tmp_path / "site", directory_urls=True)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert "ERROR" not in result.stderr


def test_linkchecker_finds_no_broken_links(site_url):
    result = run_linkchecker(site_url + "index.html")
    assert result.returncode == 0, result.stdout
    assert "0 warnings found. 0 errors found." in result.stdout


def test_linkchecker_catches_broken_anchor(tmp_path):
    (tmp_path / "index.html").write_text('<a href="other.html#missing">x</a>')
    (tmp_path / "other.html").write_text('<h1 id="present">y</h1>')
    with serve(tmp_path) as url:
        result = run_linkchecker(url + "index.html")
    assert result.returncode == 1
    assert "Anchor `missing'" in result.stdout
    assert "1 warning found" in result.stdout


def test_matrix_raw2root_keep_up(built_site):
    row = row_containing(read(built_site, "handoff.html"), "NOvA raw2root keep-up")
    header = tables(read(built_site, "handoff.html"))[0][0]
    cells = dict(zip(header, row))
    assert cells["Experiment"] == "NOvA"
    assert cells["Cadence"] == "daily"
    assert cells["Scale"] == "about 2K jobs, 50K files"
    assert cells["Owner"] == "Paola Buitrago"
    assert cells["End of contract"] == "2016-07-01"
    assert cells["Receiving side"] == "Michele Fattoruso first, then NOvA"


def test_matrix_reco_keep_up(built_site):
    html = read(built_site, "handoff.html")
    cells = dict(zip(tables(html)[0][0], row_containing(html, "NOvA reconstruction keep-up")))
    assert cells["Cadence"] == "daily"
    assert cells["Scale"] == "400 jobs"
    assert cells["Owner"] == "Qiulan"
    assert cells["End of contract"] == "2016-04-01"
    assert cells["Receiving side"] == "Felipe Alba first, then NOvA"


def test_matrix_has_every_duty(built_site):
    rows = tables(read(built_site, "handoff.html"))[0][1:]
    # Appendix II has 17 rows with an assignment, plus LArIAT's raw2digit row.
    assert len(rows) == 18
    owners = [row[4] for row in rows]
    assert owners.count("Felipe Alba") == 5
    assert owners.count("Paola Buitrago") == 4
    assert owners.count("Vito Di Benedetto") == 4


def test_matrix_group_receivers(built_site):
    html = read(built_site, "handoff.html")
    header = tables(html)[0][0]
    for duty in ("POMS feedback", "Develop the unified submission tool set"):
        cells = dict(zip(header, row_containing(html, duty)))
        assert cells["Receiving side"].endswith("USDC"), duty


def test_reassignment_total_computed(built_site):
    html = read(built_site, "reassignments.html")
    total = row_containing(html, "Total (computed)")
    # 0.3 + 0.3 + 0.3 + 0.2 + 0.5 + 0.05 FTE and 1 + 1 + 1 interns.
    assert total[2] == "1.65"
    assert total[3] == "3"
    text = main_text(html)
    assert "total is 1.7 FTE + 3 interns/associates" in text
    assert "add up to 1.65 FTE and 3 interns" in text


def test_experiment_page_generated(built_site):
    html = read(built_site, "experiments/nova.html")
    titles = [row[1] for row in tables(html)[0][1:]]
    assert "NOvA raw2root keep-up" in titles
    assert "NOvA reconstruction keep-up" in titles
    assert "POMS feedback" not in titles
    assert "Paola Buitrago" in main_text(html)


def test_every_experiment_has_page(built_site):
    for experiment in ("minos", "minos-plus", "minerva", "nova", "dune", "lariat", "microboone", "cms"):
        assert (built_site / "experiments" / f"{experiment}.html").is_file(), experiment


def test_experiment_pages_in_navigation(built_site):
    # navigation.prune renders only the open section's pages, so read the section's index.
    nav = read(built_site, "experiments/index.html")
    assert 'href="nova.html"' in nav
    assert 'href="lariat.html"' in nav


def test_people_facts(built_site):
    html = read(built_site, "people.html")
    header = tables(html)[0][0]
    felipe = dict(zip(header, row_containing(html, "Felipe Alba")))
    assert felipe["Appointment"] == "intern"
    assert felipe["Leaves"] == "2017-07-21"
    michele = dict(zip(header, row_containing(html, "Michele Fattoruso")))
    assert michele["Arrives"] == "2016-04-04"
    assert michele["Leaves"] == "spring 2017?"
    assert "Joe Boyd" in main_text(html)


def test_discrepancies_listed(built_site):
    text = main_text(read(built_site, "discrepancies.html"))
    assert "Filipe" in text
    assert "Tyler" in text
    assert "July 31st, 2016" in text
    assert "USCD" in text


def test_rampdown_steps(built_site):
    html = read(built_site, "rampdown.html")
    rows = tables(html)[0][1:]
    assert [row[0] for row in rows] == [str(number) for number in range(1, 16)]
    step5 = dict(zip(tables(html)[0][0], rows[4]))
    assert step5["Owner"] == "Anna Mazzacane"
    assert step5["As written"] == "late Spring 2016"


def test_job_description_complete(built_site):
    text = main_text(read(built_site, "job-descriptions.html"))
    assert "ElasticSearch" in text or "Elasticsearch" in text
    html = read(built_site, "job-descriptions.html")
    assert html.count("<li>") >= 7 + 4


def test_history_marked_on_services(built_site):
    html = read(built_site, "services.html")
    header = tables(html)[0][0]
    certificates = dict(zip(header, row_containing(html, "Service certificates for shared accounts")))
    assert certificates["Status today"] == "historical"


def test_bad_data_fails_build(tmp_path):
    project = copy_project(PROJECT_DIR, tmp_path / "project")
    people = project / "data" / "people.yml"
    lines = people.read_text().splitlines()
    number = next(index for index, line in enumerate(lines) if line.strip() == "appointment: intern")
    lines[number] = lines[number].replace("intern", "internn")
    people.write_text("\n".join(lines) + "\n")
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 1
    assert f"data/people.yml:{number + 1}: person '" in result.stderr
    assert "key 'appointment': 'internn' is not one of" in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


ODD_EXPERIMENT = """
  - id: zz-odd
    name: "Odd | <b>bold</b> & co"
    description: |
      First line with *stars* and [brackets] and {{ braces }}
      second line | pipe <script>alert(1)</script>
    used_opos: false
    in_ramp_down_plan: false
"""


def test_values_shown_as_written(tmp_path):
    project = copy_project(PROJECT_DIR, tmp_path / "project")
    experiments = project / "data" / "experiments.yml"
    experiments.write_text(experiments.read_text() + ODD_EXPERIMENT)
    duties = project / "data" / "duties.yml"
    duties.write_text(
        duties.read_text() + '\n  - id: zz-odd-duty\n    title: "A | B <i>c</i> & d"\n    description: x\n'
        "    experiment: zz-odd\n    cadence: daily\n    status: not started\n"
        "    successor:\n      receiver: experiment\n      as_written: |\n        line one\n        line | two\n"
    )
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr

    html = (tmp_path / "site" / "experiments" / "zz-odd.html").read_text()
    assert "<script>alert" not in html
    assert "<b>bold</b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in html
    text = main_text(html)
    assert "First line with *stars* and [brackets] and {{ braces }}" in text
    assert "second line | pipe <script>alert(1)</script>" in text

    matrix = (tmp_path / "site" / "handoff.html").read_text()
    row = row_containing(matrix, "A | B <i>c</i> & d")
    assert len(row) == len(tables(matrix)[0][0])
    duty_text = main_text((tmp_path / "site" / "duties.html").read_text())
    assert "line one line | two" in duty_text


def test_search_lists_originals_not_copies(built_site):
    index = json.loads(read(built_site, "search/search_index.json"))
    pages = {entry["location"].split("#")[0] for entry in index["docs"]}
    # The checklist and the guide are indexed once; per-duty copies and per-experiment
    # versions are left out. Sign-off sheets stay, because only they show mentoring notes.
    assert "checklists/duty-handoff/index.html" in pages
    assert "checklists/duty-handoff/nova-raw2root-keep-up.html" not in pages
    assert "guides/onboard-experiment/index.html" in pages
    assert "guides/onboard-experiment/nova.html" not in pages
    assert "training/sign-off/index.html" in pages
    assert "training/sign-off/nova-production-operator.html" in pages
    assert any("natural first pilot" in entry["text"] for entry in index["docs"])
    assert not [page for page in pages if page.startswith("checklists/duty-handoff/") and "index" not in page]
