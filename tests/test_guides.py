"""Guides, procedures and checklists in the strict build of the real site."""

from __future__ import annotations

import html as html_module
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import PROJECT_DIR
from tests.site_tools import build_site, copy_project, row_containing, tables


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def page_text(html: str) -> str:
    """Return the article's text as a reader sees it: inline tags removed without a space."""
    article = html.split('<article class="md-content__inner md-typeset">', 1)[-1].split("</article>", 1)[0]
    article = re.sub(r"<(script|style)\b.*?</\1>", " ", article, flags=re.DOTALL)
    article = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", article)
    article = re.sub(r"</?(p|li|h[1-6]|td|th|tr|div|ul|ol|table|pre|summary|details|br)\b[^>]*>", " ", article)
    text = html_module.unescape(re.sub(r"<[^>]+>", "", article))
    return re.sub(r"\s+", " ", text).strip()


def data(name: str) -> list[dict]:
    """Read a collection straight from its YAML file, independently of the site's loader."""
    path = PROJECT_DIR / "data" / f"{name}.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))[name]


def step_anchors(html: str) -> list[str]:
    """Return the anchors of the step headings, `<procedure>--<step>`, in page order."""
    return re.findall(r'<h3 id="([a-z0-9-]+--[a-z0-9-]+)"', html)


def guide_versions() -> list[tuple[str, str | None]]:
    """Return (guide id, experiment id or None) for every guide page the data calls for."""
    procedures_of = {guide["id"]: guide["procedures"] for guide in data("guides")}
    versions: list[tuple[str, str | None]] = []
    for guide_id, procedures in procedures_of.items():
        versions.append((guide_id, None))
        experiments = {record["experiment"] for record in data("progress") if record["procedure"] in procedures}
        versions.extend((guide_id, experiment) for experiment in sorted(experiments))
    return versions


@pytest.mark.parametrize(("guide_id", "experiment_id"), guide_versions())
def test_guide_steps_in_order(built_site, guide_id, experiment_id):
    guide = next(guide for guide in data("guides") if guide["id"] == guide_id)
    procedures = {procedure["id"]: procedure for procedure in data("procedures")}
    expected = [
        f"{procedure_id}--{step['id']}"
        for procedure_id in guide["procedures"]
        for step in procedures[procedure_id]["steps"]
    ]
    page = f"guides/{guide_id}/{experiment_id or 'index'}.html"
    html = read(built_site, page)
    assert step_anchors(html) == expected
    # Each step's heading text follows the previous one's; a version's summary table lists
    # the titles first, so search from the first step heading on.
    text = page_text(html.split(f'id="{expected[0]}"', 1)[1])
    titles = [step["title"] for procedure_id in guide["procedures"] for step in procedures[procedure_id]["steps"]]
    position = -1
    for number, title in enumerate(titles):
        position = text.find(title, position + 1)
        assert position >= 0, f"step {number + 1}, {title!r}, missing or out of order"


def test_guide_versions_expected(built_site):
    # NOvA's onboarding and MicroBooNE's memory profiling are the progress the data records.
    assert ("onboard-experiment", "nova") in guide_versions()
    assert ("memory-profiling", "microboone") in guide_versions()
    assert (built_site / "guides" / "onboard-experiment" / "nova.html").is_file()
    assert not (built_site / "guides" / "onboard-experiment" / "dune.html").exists()


def test_handoff_guide_stages(built_site):
    html = read(built_site, "guides/duty-handoff/index.html")
    headings = re.findall(r'<h3 id="duty-handoff--[a-z-]+">(.*?)<a class="headerlink"', html)
    assert [html_module.unescape(heading) for heading in headings] == [
        "1. Write the runbook and check the successor's access",
        "2. Shadowing: the successor watches",
        "3. Reverse shadowing: the owner watches",
        "4. Running alone with a backup",
        "5. Sign off the handoff",
    ]


def test_nova_onboarding_standing(built_site):
    html = read(built_site, "guides/onboard-experiment/nova.html")
    text = page_text(html)
    # 9 steps of FIFE and OSG onboarding, all done, then 7 of POMS, 5 of CI and 3 of readiness.
    assert "Where NOvA stands: 9 of 24 steps finished, as recorded on 2016-03-15." in text
    assert "Next step: Onboard an experiment to POMS, step 1: Add the experiment to POMS." in text
    assert "Status for NOvA: done. Done in the 2016 form, with VOMS groups and roles." in text
    rows = tables(html)[0]
    assert rows[0] == ["Part", "Step", "Status", "Date"]
    assert len(rows) == 1 + 24
    assert rows[1] == [
        "Onboard an experiment to FIFE and the Open Science Grid",
        "1. Name the leads and hold the kick-off meeting",
        "done",
        "",
    ]
    assert rows[2][0] == ""
    assert rows[10] == ["Onboard an experiment to POMS", "1. Add the experiment to POMS", "not started", ""]


def test_microboone_profiling_standing(built_site):
    text = page_text(read(built_site, "guides/memory-profiling/microboone.html"))
    assert "Where MicroBooNE stands: 0 of 5 steps finished" in text
    assert "Next step: Profile an application's memory before production, step 1: Pick representative input." in text
    assert "Status for MicroBooNE: in progress." in text


def test_generic_guide_facts(built_site):
    text = page_text(read(built_site, "guides/onboard-experiment/index.html"))
    assert "Where experiments stand: NOvA" in text
    assert "Checklists: New experiment onboarding checklist, Pre-production checklist" in text
    assert "Maintained by: User Support for Distributed Computing" in text
    assert "Next review due: 2027-12-04" in text
    assert "Status for" not in text


def test_post_doc_guide_names_track(built_site):
    text = page_text(read(built_site, "guides/new-post-doc/index.html"))
    assert "Training: the Production operator training track" in text
    assert "Next review due: 2027-06-04" in text


def test_history_marked_in_guides(built_site):
    # Glossary tooltips wrap terms such as VOMS in <abbr>; strip them to read the wording.
    html = re.sub(r"</?abbr[^>]*>", "", read(built_site, "guides/onboard-experiment/index.html"))
    history = re.findall(r'<p class="admonition-title">History</p>\s*<p>(.*?)</p>', html, flags=re.DOTALL)
    assert any("service certificate" in text for text in history)
    assert any("VOMS groups and roles" in text for text in history)
    text = page_text(html)
    assert "htgettoken -a htvaultprod.fnal.gov -i <exp>" in text
    assert "voms-proxy-init" not in text.split("History")[0]


def test_steps_link_services(built_site):
    html = read(built_site, "guides/onboard-experiment/index.html")
    section = html.split('id="vo-onboarding--production-credentials"', 1)[1].split("<h3", 1)[0]
    assert 'href="../../services.html#managed-tokens"' in section
    assert 'href="../../services.html#tokens"' in section
    assert 'href="../../services.html#kerberos"' in section


def test_experiment_page_guides(built_site):
    html = read(built_site, "experiments/nova.html")
    row = row_containing(html, "NOvA: Onboarding a new experiment to FIFE and the OSG")
    assert row[1:] == ["9 of 24", "Onboard an experiment to POMS: Add the experiment to POMS", "2016-03-15"]
    assert 'href="../guides/onboard-experiment/nova.html"' in html
    assert "Checklists for this experiment: Ramp-down checklist: NOvA" in page_text(html)


def test_experiment_page_without_progress(built_site):
    text = page_text(read(built_site, "experiments/dune.html"))
    assert "No progress through the guides is recorded for DUNE." in text
    assert "Ramp-down checklist: DUNE" in text


def test_duty_lists_procedures(built_site):
    html = read(built_site, "duties.html")
    section = html.split('id="nova-raw2root-keep-up"', 1)[1].split("<h2", 1)[0]
    text = re.sub(r"<[^>]+>", "", section)
    assert "Procedures: Run daily keep-up processing, Do the daily production check" in text
    assert 'href="checklists/duty-handoff/nova-raw2root-keep-up.html"' in section


def test_procedures_page_records_progress(built_site):
    html = read(built_site, "procedures.html")
    assert '<p id="nova-vo-onboarding">' in html
    text = page_text(html)
    assert "NOvA: 9 of 9 steps finished as of 2016-03-15." in text
    assert (
        "Duties it covers: Stage NOvA far-detector data from tape to dCache, NOvA far-detector back-processing" in text
    )


def test_guides_in_navigation(built_site):
    html = read(built_site, "guides/onboard-experiment/index.html")
    assert 'href="nova.html"' in html
    nav = read(built_site, "checklists/index.html")
    assert 'href="pre-production.html"' in nav
    assert 'href="duty-handoff/index.html"' in nav


def test_checklist_is_plain_list(built_site):
    html = read(built_site, "checklists/pre-production.html")
    assert '<div class="checklist" data-checklist-id="pre-production"' in html
    assert 'data-checklist-version="1"' in html
    item_ids = re.findall(r'<li class="checklist__item" data-item-id="([a-z0-9-]+)">', html)
    expected = [
        item["id"]
        for checklist in data("checklists")
        if checklist["id"] == "pre-production"
        for section in checklist["sections"]
        for item in section["items"]
    ]
    assert item_ids == expected
    assert len(item_ids) == 18
    assert "<input" not in html.split('<div class="checklist"', 1)[1]


def test_duty_copy_names_people(built_site):
    html = read(built_site, "checklists/duty-handoff/nova-raw2root-keep-up.html")
    assert 'data-checklist-id="duty-handoff/nova-raw2root-keep-up"' in html
    text = page_text(html)
    assert "Responsible: duty owner: Paola Buitrago" in text
    assert "Responsible: successor: Michele Fattoruso" in text
    assert "Handoff status in the matrix: not started" in text


def test_duty_copy_for_group(built_site):
    text = page_text(read(built_site, "checklists/duty-handoff/weekly-ops-report.html"))
    assert "Responsible: successor: USDC" in text


def test_ramp_down_copies(built_site):
    folder = built_site / "checklists" / "ramp-down"
    published = sorted(path.stem for path in folder.glob("*.html"))
    # Experiments with a ramp-down step or a duty; MicroBooNE has neither.
    assert published == sorted(["index", "minos", "minos-plus", "minerva", "nova", "dune", "lariat", "cms"])
    html = read(built_site, "checklists/ramp-down/minos-plus.html")
    item_ids = re.findall(r'data-item-id="([a-z0-9-]+)"', html)
    assert item_ids == [
        "hand-over-minos-plus-keep-up",
        "operators-signed-off",
        "campaigns-owned",
        "k5login-cleaned",
        "support-contacts",
    ]
    nova = read(built_site, "checklists/ramp-down/nova.html")
    plan_items = re.findall(r'data-item-id="(plan-[a-z0-9-]+)"', nova)
    assert plan_items == [
        "plan-brief-experiments",
        "plan-identify-post-docs",
        "plan-train-post-docs",
        "plan-wind-down-submission",
        "plan-continue-aws-submission",
    ]


ODD_CHECKLIST = """
  - id: zz-odd
    title: 'Odd "title" <b>bold</b> & co'
    version: 3
    summary: "Summary with {{ braces }} and {% raw %}"
    sign_off: [mentor]
    owner: usdc
    last_reviewed: 2026-12-04
    review_every_months: 12
    sections:
      - title: "Section | with pipe"
        items:
          - id: odd-item
            text: "Item with *stars*, [brackets], <script>alert(1)</script> and {{ braces }}"
            role: mentor
            details: "Details with <i>tags</i> & {% if x %}"
"""


def test_checklist_values_shown_as_written(tmp_path):
    project = copy_project(PROJECT_DIR, tmp_path / "project")
    checklists = project / "data" / "checklists.yml"
    checklists.write_text(checklists.read_text(encoding="utf-8") + ODD_CHECKLIST, encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr

    html = (tmp_path / "site" / "checklists" / "zz-odd.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "<b>bold</b>" not in html
    title = re.search(r'data-checklist-title="([^"]*)"', html).group(1)
    assert html_module.unescape(title) == 'Odd "title" <b>bold</b> & co'
    assert re.search(r'data-section-title="([^"]*)"', html).group(1) == "Section | with pipe"
    text = page_text(html)
    assert "Item with *stars*, [brackets], <script>alert(1)</script> and {{ braces }}" in text
    assert "Details with <i>tags</i> & {% if x %}" in text
    assert "Summary with {{ braces }} and {% raw %}" in text
