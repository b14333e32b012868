"""Review freshness is measured against site.review_date, and overdue reviews can fail the build."""

from __future__ import annotations

import datetime

import pytest

from macros import loader, review
from macros.loader import load_site
from macros.problems import DataError
from tests.conftest import PROJECT_DIR
from tests.site_tools import build_site, copy_project, main_text, row_containing, tables
from tests.test_schema import Handout

HANDOUTS = """\
handouts:
  - id: poms-card
    title: POMS quick card
    owner: usdc
    last_reviewed: 2025-06-01
    review_every_months: 6
  - id: token-card
    title: Token quick card
    owner: usdc
    last_reviewed: 2026-11-20
    review_every_months: 12
"""

# Appended to the copied project's loader, so that a real build has a reviewed collection.
HANDOUT_COLLECTION = '''

class Handout(model.Record, model.Reviewed):
    """A printed handout."""

    title: str


COLLECTIONS["handouts"] = Collection(Handout, "handout")
'''


@pytest.fixture
def handout_collection(monkeypatch):
    monkeypatch.setitem(loader.COLLECTIONS, "handouts", loader.Collection(Handout, "handout"))


def site_with_review_date(write_data, review_date: str | None):
    project = write_data({"handouts.yml": HANDOUTS})
    if review_date:
        settings = project / "data" / "site.yml"
        settings.write_text(settings.read_text() + f"  review_date: {review_date}\n")
    return load_site(project)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 11, 20), 12, datetime.date(2027, 11, 20)),
        (datetime.date(2016, 1, 31), 1, datetime.date(2016, 2, 29)),
        (datetime.date(2026, 11, 30), 3, datetime.date(2027, 2, 28)),
        (datetime.date(2026, 12, 15), 1, datetime.date(2027, 1, 15)),
    ],
)
def test_add_months(day, months, expected):
    assert review.add_months(day, months) == expected


def test_items_sorted_by_due_date(write_data, handout_collection):
    site = site_with_review_date(write_data, "2026-12-01")
    items = review.review_items(site)
    assert [item.record.id for item in items] == ["poms-card", "token-card"]
    assert [item.due for item in items] == [datetime.date(2025, 12, 1), datetime.date(2027, 11, 20)]
    assert items[0].location == loader.Location("data/handouts.yml", 2)


def test_overdue_against_review_date(write_data, handout_collection):
    site = site_with_review_date(write_data, "2026-12-01")
    assert [item.record.id for item in review.overdue_items(site)] == ["poms-card"]


def test_due_on_review_date_not_overdue(write_data, handout_collection):
    site = site_with_review_date(write_data, "2025-12-01")
    assert review.overdue_items(site) == []


def test_reference_date_not_used(write_data, handout_collection):
    # The minimal settings have reference_date 2016-03-15 and no review_date.
    site = site_with_review_date(write_data, None)
    assert review.overdue_items(site) == []
    assert "No review date is set" in review.review_status(site, "review.md")


def test_overdue_message(write_data, handout_collection):
    site = site_with_review_date(write_data, "2026-12-01")
    item = review.overdue_items(site)[0]
    assert review.overdue_message(item, datetime.date(2026, 12, 1)) == (
        "data/handouts.yml:2: handout 'poms-card' is overdue for review: last reviewed 2025-06-01, "
        "due every 6 months, so due 2025-12-01, 365 days before site.review_date 2026-12-01. "
        "Have its owner reread it, then set last_reviewed to the day of that review"
    )


def test_no_reviewed_content(write_data):
    site = load_site(write_data({}))
    assert review.review_items(site) == []
    assert review.review_status(site, "review.md") == "No content with review fields is published yet.\n"


def test_warnings_need_review_date(write_data):
    project = write_data({})
    settings = project / "data" / "site.yml"
    settings.write_text(settings.read_text() + "  review_overdue_warnings: true\n")
    with pytest.raises(DataError) as caught:
        load_site(project)
    [problem] = caught.value.problems
    assert problem.file == "data/site.yml"
    assert problem.line == 10
    assert problem.key == "review_overdue_warnings"
    assert problem.message.startswith("review_overdue_warnings needs review_date")


def test_real_site_review_settings():
    settings = load_site(PROJECT_DIR).settings
    assert settings.review_date == datetime.date(2026, 12, 1)
    assert settings.review_overdue_warnings is True


def project_with_handouts(tmp_path, warnings: bool):
    project = copy_project(PROJECT_DIR, tmp_path / "project")
    loader_path = project / "macros" / "loader.py"
    loader_path.write_text(loader_path.read_text() + HANDOUT_COLLECTION)
    (project / "data" / "handouts.yml").write_text(HANDOUTS)
    settings = project / "data" / "site.yml"
    text = settings.read_text()
    assert "review_overdue_warnings: true" in text
    settings.write_text(
        text.replace("review_overdue_warnings: true", f"review_overdue_warnings: {str(warnings).lower()}")
    )
    return project


def test_overdue_review_fails_strict_build(tmp_path):
    project = project_with_handouts(tmp_path, warnings=True)
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 1
    assert (
        "WARNING -  data/handouts.yml:2: handout 'poms-card' is overdue for review: last reviewed 2025-06-01"
        in result.stderr
    )
    assert "token-card" not in result.stderr
    assert "Aborted with 1 warnings in strict mode!" in result.stdout


def test_review_page_lists_overdue(tmp_path):
    project = project_with_handouts(tmp_path, warnings=False)
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "is overdue for review" not in result.stderr

    html = (tmp_path / "site" / "review.html").read_text()
    header = tables(html)[0][0]
    assert header == ["Content", "Kind", "Owner", "Last reviewed", "Every", "Review due", "Status"]
    poms = dict(zip(header, row_containing(html, "POMS quick card\ndata/handouts.yml:2"), strict=True))
    assert poms["Owner"] == "USDC"
    assert poms["Review due"] == "2025-12-01"
    assert poms["Status"] == "overdue by 365 days"
    token = dict(zip(header, row_containing(html, "Token quick card\ndata/handouts.yml:7"), strict=True))
    assert token["Status"] == "due in 354 days"
    # The two handouts, every published training module, procedure, guide and checklist;
    # only the POMS card is overdue.
    site = load_site(PROJECT_DIR)
    modules = sum(1 for module in site.modules.values() if module.status != "draft")
    reviewed = 2 + modules + len(site.procedures) + len(site.guides) + len(site.checklists)
    assert f"1 of {reviewed} reviewed items is overdue at the review date, 2026-12-01" in main_text(html)
