"""Every "Edit this page" link opens a file that exists in the repository, at a line that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros import edit_links
from tests.conftest import PROJECT_DIR

REPO_URL = re.search(r"^repo_url: (\S+)$", (PROJECT_DIR / "mkdocs.yml").read_text(), re.MULTILINE)[1]
EDIT_LINK = re.compile(r'<a href="([^"]+)" title="Edit this page"')
LINK_PARTS = re.compile(re.escape(REPO_URL) + r"/(?P<view>edit|blob)/main/(?P<path>[^#]+)(?:#L(?P<line>\d+))?")


def edit_link_of(html: str) -> str | None:
    found = EDIT_LINK.findall(html)
    assert len(found) <= 1
    return found[0] if found else None


def built_pages(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*.html") if path.name != "404.html")


def test_every_page_has_edit_link(built_site):
    pages = built_pages(built_site)
    assert len(pages) > 20
    missing = [page.relative_to(built_site).as_posix() for page in pages if edit_link_of(page.read_text()) is None]
    assert missing == []


def test_edit_links_resolve_to_files(built_site):
    for page in built_pages(built_site):
        link = edit_link_of(page.read_text())
        parts = LINK_PARTS.fullmatch(link)
        assert parts, link
        target = PROJECT_DIR / parts["path"]
        assert target.is_file(), link
        if parts["line"]:
            assert parts["view"] == "blob", link
            assert 1 <= int(parts["line"]) <= len(target.read_text().splitlines()), link


def test_handwritten_page_edits_itself(built_site):
    link = edit_link_of((built_site / "handoff.html").read_text())
    assert link == f"{REPO_URL}/edit/main/docs/handoff.md"


def test_generated_page_opens_record(built_site):
    link = edit_link_of((built_site / "experiments" / "nova.html").read_text())
    parts = LINK_PARTS.fullmatch(link)
    assert parts["view"] == "blob"
    assert parts["path"] == "data/experiments.yml"
    line = (PROJECT_DIR / "data" / "experiments.yml").read_text().splitlines()[int(parts["line"]) - 1]
    assert line == "  - id: nova"


def test_every_generated_page_opens_its_record(built_site):
    for page in sorted((built_site / "experiments").glob("*.html")):
        if page.name == "index.html":
            continue
        parts = LINK_PARTS.fullmatch(edit_link_of(page.read_text()))
        line = (PROJECT_DIR / parts["path"]).read_text().splitlines()[int(parts["line"]) - 1]
        assert line.strip() == f"- id: {page.stem}", page.name


def test_no_repository_facts_fetched(built_site):
    # Material's source component would make each reader's browser call api.github.com.
    for page in built_pages(built_site):
        assert 'data-md-component="source"' not in page.read_text(), page.name
    assert f'href="{REPO_URL}"' in (built_site / "index.html").read_text()


def test_record_url_format():
    url = edit_links.record_url("https://github.com/owner/repo/", "edit/main/docs/", "data/duties.yml", 42)
    assert url == "https://github.com/owner/repo/blob/main/data/duties.yml#L42"


def test_record_url_other_branch():
    url = edit_links.record_url("https://github.com/owner/repo", "edit/trunk/docs/", "data/people.yml", 7)
    assert url == "https://github.com/owner/repo/blob/trunk/data/people.yml#L7"


def test_edit_uri_not_github_rejected():
    with pytest.raises(ValueError) as caught:
        edit_links.branch_of("src/default/docs/")
    assert "edit_uri 'src/default/docs/' is not of the form edit/<branch>/<docs folder>/" in str(caught.value)
