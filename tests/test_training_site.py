"""The training section of the real site, built strictly: modules, tracks, sheets and the glossary."""

from __future__ import annotations

import base64
import html as html_module
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PROJECT_DIR
from tests.site_tools import build_site, copy_project, main_text, tables

PUBLISHED_MODULES = [
    "accounts-kerberos",
    "production-credentials",
    "data-handling",
    "batch-grid-basics",
    "poms-concepts",
    "launch-recover-campaign",
    "monitoring-landscape",
    "held-jobs",
    "testing-before-production",
    "keep-up-operations",
    "monte-carlo-production",
    "reporting-handoff",
    "mentoring-sign-off",
]
TRACKS = ["production-operator", "campaign-manager", "computing-liaison", "mentor"]
DRAFT_TITLE = "Onboarding an experiment to FIFE and OSG"


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def plain_text(html: str) -> str:
    """Return the article's text with tags removed and no spaces added where they were."""
    article = html.split('<article class="md-content__inner md-typeset">', 1)[-1].split("</article>", 1)[0]
    text = html_module.unescape(re.sub(r"<[^>]+>", "", article))
    return re.sub(r"\s+", " ", text)


def code_blocks(html: str) -> list[str]:
    """Return the text of every code block, with the syntax-highlighting markup removed."""
    blocks = re.findall(r"<pre[^>]*>(?:<span></span>)?<code>(.*?)</code></pre>", html, re.DOTALL)
    return [html_module.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks]


def table_rows(html: str, index: int = 0) -> list[dict[str, str]]:
    header, *rows = tables(html)[index]
    return [dict(zip(header, row)) for row in rows]


def test_every_module_page_built(built_site):
    for module_id in PUBLISHED_MODULES:
        assert (built_site / "training" / "modules" / f"{module_id}.html").is_file(), module_id


def test_every_track_page_built(built_site):
    for track_id in TRACKS:
        assert (built_site / "training" / "tracks" / f"{track_id}.html").is_file(), track_id


def test_draft_module_has_no_page(built_site):
    assert not (built_site / "training" / "modules" / "osg-onboarding.html").exists()


def test_draft_module_mentioned_nowhere(built_site):
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "osg-onboarding" not in html, page
        assert DRAFT_TITLE not in html, page
    search_index = read(built_site, "search/search_index.json")
    assert "osg-onboarding" not in search_index
    assert DRAFT_TITLE not in search_index


def test_module_pages_in_navigation(built_site):
    nav = read(built_site, "training/modules/index.html")
    for module_id in PUBLISHED_MODULES:
        assert f'href="{module_id}.html"' in nav, module_id


def test_track_pages_in_navigation(built_site):
    nav = read(built_site, "training/tracks/index.html")
    for track_id in TRACKS:
        assert f'href="{track_id}.html"' in nav, track_id


def test_jinja_in_module_code_kept(built_site):
    sketch = [block for block in code_blocks(read(built_site, "training/modules/batch-grid-basics.html"))]
    assert any("request_memory = {{ memory }}\n" in block for block in sketch)
    assert any('+AccountingGroup = "group_{{ group }}.{{ user }}"\n' in block for block in sketch)


def test_percent_placeholders_kept(built_site):
    campaign = code_blocks(read(built_site, "training/modules/launch-recover-campaign.html"))[0]
    assert 'param_overrides=[["--stage=", "reco"], ["-Oglobal.sam_dataset=", "%(dataset)s"]]\n' in campaign
    assert "file_pattern_1=%%_reco.root\n" in campaign


JINJA_MODULE = """\
---
id: zz-jinja
title: "Templates {{ shown }} as written"
summary: "A summary with {{ braces }} and {% tags %}."
audience: [production-operator]
level: introductory
minutes:
  teaching: 10
  hands_on: 10
prerequisites: []
objectives: ["Keep {% raw %} as written."]
key_points: ["{# not a comment #}"]
exercises:
  - task: "Render {{ this }}."
    hints: ["Use {% if %}."]
    solution: |
      Result:
      ```jinja
      {% for job in jobs %}{{ job.id }}{% endfor %}
      ```
      Then {{ done }}.
sign_off: ["Explained {{ x }}."]
owner: usdc
last_reviewed: 2026-11-20
review_every_months: 12
status: beta
---

## Templates

```bash
echo "${#array[@]} items"
{% if memory > 2000 %}request_memory = {{ memory }}{% endif %}
```

Prose with {{ braces }}, {% tags %} and {# hashes #}.
"""


def test_jinja_shown_as_written(tmp_path):
    project = copy_project(PROJECT_DIR, tmp_path / "project")
    (project / "training_modules" / "zz-jinja.md").write_text(JINJA_MODULE)
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr

    html = read(tmp_path / "site", "training/modules/zz-jinja.html")
    blocks = code_blocks(html)
    assert blocks[0] == ('echo "${#array[@]} items"\n{% if memory > 2000 %}request_memory = {{ memory }}{% endif %}\n')
    assert blocks[1] == "{% for job in jobs %}{{ job.id }}{% endfor %}\n"
    text = plain_text(html)
    assert "Templates {{ shown }} as written" in text
    assert "A summary with {{ braces }} and {% tags %}." in text
    assert "Prose with {{ braces }}, {% tags %} and {# hashes #}." in text
    assert "Keep {% raw %} as written." in text
    assert "{# not a comment #}" in text
    assert "Render {{ this }}." in text
    assert "Use {% if %}." in text
    assert "Then {{ done }}." in text
    assert "Explained {{ x }}." in text


def test_solutions_folded(built_site):
    html = read(built_site, "training/modules/held-jobs.html")
    folded = re.findall(r"<details class=\"success\"( open)?>\s*<summary>Solution</summary>", html)
    assert len(folded) == 2
    assert folded == ["", ""]


def test_solution_code_not_in_paragraph(built_site):
    for page in (built_site / "training").rglob("*.html"):
        assert '<p><div class="highlight">' not in page.read_text(encoding="utf-8"), page


def test_module_links_prerequisites_and_next(built_site):
    html = read(built_site, "training/modules/held-jobs.html")
    facts = html.split("<h2", 1)[0]
    assert re.search(r"Prerequisites:</strong> <a href=\"batch-grid-basics.html\">", facts)
    assert 'href="monitoring-landscape.html"' in facts
    assert re.search(r"Next modules:</strong> <a href=\"reporting-handoff.html\">", facts)
    assert 'href="../../duties.html#offsite-scan"' in facts


def test_module_shows_review_due(built_site):
    text = plain_text(read(built_site, "training/modules/data-handling.html"))
    # Reviewed on 2026-11-20, every 6 months.
    assert "last reviewed: 2026-11-20; next review due: 2027-05-20" in text


def test_production_operator_order_and_days(built_site):
    rows = table_rows(read(built_site, "training/tracks/production-operator.html"))
    modules = rows[:-1]
    assert [row["Day"] for row in modules] == [
        "Day 1", "Day 1", "Day 1",
        "Day 2", "Day 2",
        "Day 3", "Day 3", "Day 3",
        "Day 4", "Day 4",
        "Day 5", "Day 5",
    ]  # fmt: skip
    assert modules[0]["Module"] == "Accounts, Kerberos and the shared production account"
    assert modules[-1]["Module"] == "Reporting, escalation and handing over a duty"
    assert all(row["In the track because"] == "listed" for row in modules)


def test_production_operator_totals(built_site):
    total = table_rows(read(built_site, "training/tracks/production-operator.html"))[-1]
    # Teaching: 30+45+50+60+60+45+40+45+50+40+45+30 = 540 min.
    assert total["Teaching"] == "9 h"
    # Hands-on: 30+40+45+75+45+90+45+60+90+120+90+60 = 790 min.
    assert total["Hands-on"] == "13 h 10 min"
    assert total["Day"] == "5 days"


def test_production_operator_schedule(built_site):
    text = main_text(read(built_site, "training/tracks/production-operator.html"))
    # 6 h days: 60+85+95 | 135+105 | 135+85+105 | 140+160 | 135+90 minutes.
    for heading in ("Day 1: 4 h", "Day 2: 4 h", "Day 3: 5 h 25 min", "Day 4: 5 h", "Day 5: 3 h 45 min"):
        assert heading in text, heading
    assert "Day 6" not in text


def test_track_marks_added_prerequisites(built_site):
    rows = table_rows(read(built_site, "training/tracks/campaign-manager.html"))[:-1]
    reasons = {row["Module"]: row["In the track because"] for row in rows}
    assert reasons["Accounts, Kerberos and the shared production account"].startswith("added: prerequisite of")
    assert reasons["Daily keep-up operations"] == (
        "added: prerequisite of Reporting, escalation and handing over a duty"
    )
    assert reasons["POMS concepts: campaigns, stages and submissions"] == "listed"
    added = [module for module, reason in reasons.items() if reason.startswith("added")]
    assert len(added) == 5


def test_track_graph_source(built_site):
    html = read(built_site, "training/tracks/campaign-manager.html")
    graph = re.search(r'<pre class="mermaid"><code>(.*?)</code></pre>', html, re.DOTALL)
    assert graph is not None
    source = graph.group(1)
    assert source.startswith("flowchart TD")
    assert 'm_accounts_kerberos["1. Accounts, Kerberos and the shared production account"]' in source
    assert "m_keep_up_operations --&gt; m_reporting_handoff" in source
    assert "class m_keep_up_operations added" in source
    assert "class m_poms_concepts added" not in source


def test_long_module_gets_own_days(tmp_path):
    project = copy_project(PROJECT_DIR, tmp_path / "project")
    settings = project / "data" / "site.yml"
    settings.write_text(settings.read_text().replace("hours_per_day: 6", "hours_per_day: 2"))
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr

    html = read(tmp_path / "site", "training/tracks/production-operator.html")
    days = {row["Module"]: row["Day"] for row in table_rows(html)}
    # 2 h days: accounts 60 (day 1); credentials 85 (day 2); data 95 (day 3);
    # batch 135 > 120, so days 4-5 of its own; POMS 105 (day 6).
    assert days["Data handling: catalogs, dCache, tape and FTS"] == "Day 3"
    assert days["Batch and grid basics: HTCondor, jobsub_lite and where jobs run"] == "Days 4–5"
    assert days["POMS concepts: campaigns, stages and submissions"] == "Day 6"
    # launch 7-8, monitoring 9, held 10, testing 11-12, keep-up 13-14, MC 15-16, reporting 17.
    assert days["Reporting, escalation and handing over a duty"] == "Day 17"
    assert days["Total"] == "17 days"
    text = main_text(html)
    assert "Days 4–5: 2 h 15 min" in text
    assert "longer than one day, so it has Days 4–5 to itself" in text


def test_abbreviations_in_prose(built_site):
    html = read(built_site, "training/modules/data-handling.html")
    assert '<abbr title="Sequential Access via Metadata">SAM</abbr>' in html
    assert "<abbr" in read(built_site, "index.html")
    assert '<abbr title="FabrIc for Frontier Experiments">FIFE</abbr>' in read(built_site, "services.html")


def test_abbreviations_skip_code(built_site):
    ticket = code_blocks(read(built_site, "training/modules/reporting-handoff.html"))[0]
    assert "are neither declared to SAM nor moved" in ticket
    for page in built_site.rglob("*.html"):
        for code in re.findall(r"<code>(.*?)</code>", page.read_text(encoding="utf-8"), re.DOTALL):
            assert "<abbr" not in code, page


def test_glossary_page_rows(built_site):
    rows = table_rows(read(built_site, "training/glossary.html"))
    by_term = {row["Term"]: row for row in rows}
    assert len(rows) == 64
    assert by_term["FIFE"]["Stands for"] == "FabrIc for Frontier Experiments"
    assert by_term["OPOS"]["Status"] == "historical"
    assert by_term["Enstore"]["See"] == "Tape storage"
    assert [row["Term"] for row in rows] == sorted(by_term, key=str.casefold)


def test_key_points_page(built_site):
    html = read(built_site, "training/key-points.html")
    for module_id in PUBLISHED_MODULES:
        assert f'id="{module_id}"' in html, module_id
    assert "A draining dataset excludes raw files that already have children" in main_text(html)


def test_sign_off_index_lists_mentees(built_site):
    rows = table_rows(read(built_site, "training/sign-off/index.html"))
    assert len(rows) == 8
    nova = rows[0]
    assert nova["Mentee (sign-off sheet)"] == "NOvA production post-doc (to be named)"
    assert nova["Track"] == "Production operator"
    assert nova["Mentor"] == "Anna Mazzacane"


def test_sign_off_sheet_rows(built_site):
    html = read(built_site, "training/sign-off/nova-production-operator.html")
    rows = table_rows(html)
    assert len(rows) == 12
    first = rows[0]
    assert first["Module"] == "Accounts, Kerberos and the shared production account"
    assert first["What the mentor checks"].startswith("☐ The trainee logged in to hypotpro")
    assert first["What the mentor checks"].count("☐") == 4
    assert first["Date"] == ""
    assert first["Mentor's signature"] == ""
    assert "Placeholder mentee" in plain_text(html)


def test_sign_off_sheet_includes_added_modules(built_site):
    rows = table_rows(read(built_site, "training/sign-off/usdc-mentor.html"))
    modules = [row["Module"] for row in rows]
    # The mentor track lists 5 modules and pulls in 7: every published one but MC production.
    assert len(modules) == 12
    assert "On-demand Monte Carlo production" not in modules
    assert modules[-1] == "Mentoring a trainee and signing them off"


@pytest.mark.browser
def test_solution_opens_on_click(site_url, browser):
    from selenium.webdriver.common.by import By

    browser.get(site_url + "training/modules/held-jobs.html")
    details = browser.find_elements(By.CSS_SELECTOR, "details.success")[0]
    code = details.find_element(By.CSS_SELECTOR, "pre")
    assert details.get_attribute("open") is None
    assert not code.is_displayed()
    details.find_element(By.TAG_NAME, "summary").click()
    assert details.get_attribute("open") == "true"
    assert code.is_displayed()


@pytest.mark.browser
def test_sign_off_sheet_prints_cleanly(site_url, browser, tmp_path):
    from selenium.webdriver.common.print_page_options import PrintOptions

    browser.get(site_url + "training/sign-off/nova-production-operator.html")
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(base64.b64decode(browser.print_page(PrintOptions())))
    result = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    printed = re.sub(r"\s+", " ", result.stdout)

    assert "Sign-off sheet: NOvA production post-doc (to be named), Production operator" in printed
    assert "Mentor's signature" in printed
    # Cells wrap, so check the start of the first and the last module title.
    assert "Accounts, Kerberos" in printed
    assert "Reporting, escalation" in printed
    # Twelve modules with four criteria each: no row was cut off.
    assert printed.count("☐") == 48
    assert "Track completed" in printed
    # Navigation, search and footer stay off the paper.
    assert "Handoff matrix" not in printed
    assert "Where the source disagrees" not in printed
    assert "Made with" not in printed
