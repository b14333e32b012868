"""Edit links: which file in the repository a maintainer changes to change a page.

A hand-written page is edited in `docs/`, and MkDocs builds that link from `repo_url` and
`edit_uri`. A page generated from the data is changed by editing the record that produced
it, so its link opens the data file at the record's first line. GitHub documents line
anchors such as `#L42` for its file view (`/blob/`), not for its editor (`/edit/`), so these
links use the file view, which highlights the record and has the edit button one click away.
"""

from __future__ import annotations

import re

from macros.loader import SiteData
from macros.pages import GeneratedPage

_GITHUB_EDIT_URI = re.compile(r"edit/(?P<branch>[^/]+)/(?P<docs_dir>.*)")


def branch_of(edit_uri: str) -> str:
    """Return the branch named in a GitHub `edit_uri` such as `edit/main/docs/`."""
    match = _GITHUB_EDIT_URI.fullmatch(edit_uri)
    if match is None:
        raise ValueError(
            f"edit_uri '{edit_uri}' is not of the form edit/<branch>/<docs folder>/, "
            "so the links to data files cannot be built; set it to edit/main/docs/ in mkdocs.yml"
        )
    return match["branch"]


def record_url(repo_url: str, edit_uri: str, file: str, line: int) -> str:
    """Return the URL that shows `file` of the repository with `line` highlighted."""
    return f"{repo_url.rstrip('/')}/blob/{branch_of(edit_uri)}/{file}#L{line}"


def generated_page_urls(
    site: SiteData, pages: list[GeneratedPage], repo_url: str, edit_uri: str
) -> dict[str, str | None]:
    """Return the edit link of each generated page by its path, or None when its record has no location."""
    urls: dict[str, str | None] = {}
    for page in pages:
        location = site.locations.get((page.collection, page.record_id))
        urls[page.path] = record_url(repo_url, edit_uri, location.file, location.line) if location else None
    return urls
