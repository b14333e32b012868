"""Pages generated from the data, one per record where a record needs a page of its own.

Adding an experiment to `data/` adds its page and its navigation entry with no Markdown
written by hand.
"""

from __future__ import annotations

import html
import json
import math
import posixpath
from dataclasses import dataclass
from typing import Any

from macros import curriculum
from macros.guide_pages import onboarding_pages
from macros.loader import SiteData
from macros.training_views import MODULE_DIR, SIGN_OFF_DIR, TRACK_DIR, TrainingViews, sheet_title
from macros.views import EXPERIMENT_DIR, Views


@dataclass(frozen=True)
class GeneratedPage:
    """A page's path under docs/, its navigation title, and its finished Markdown.

    MkDocs themes insert titles into the HTML unescaped, so `title` is already HTML-escaped.
    """

    path: str
    title: str
    markdown: str
    collection: str
    record_id: str


def generated_pages(site: SiteData) -> list[GeneratedPage]:
    """Return every page generated from the records, rendering them once per build."""
    if "generated_pages" not in site.derived:
        site.derived["generated_pages"] = _render_generated_pages(site)
    return site.derived["generated_pages"]


def _render_generated_pages(site: SiteData) -> list[GeneratedPage]:
    pages = []
    for experiment in site.experiments.values():
        path = f"{EXPERIMENT_DIR}/{experiment.id}.md"
        body = Views(site, path).experiment_page(experiment.id)
        title = html.escape(experiment.name)
        pages.append(GeneratedPage(path, title, _finished_page(title, body), "experiments", experiment.id))
    pages.extend(training_pages(site))
    for source in onboarding_pages(site):
        title = html.escape(source.title)
        pages.append(
            GeneratedPage(
                source.path,
                title,
                _finished_page(title, source.body, searchable=source.searchable),
                source.collection,
                source.record_id,
            )
        )
    return pages


def training_pages(site: SiteData) -> list[GeneratedPage]:
    """Return a page per published module, per track and per sign-off sheet; drafts get none."""
    pages = []
    for module in curriculum.course_order(site.modules):
        path = f"{MODULE_DIR}/{module.id}.md"
        body = TrainingViews(site, path).module_page(module.id)
        title = html.escape(module.title)
        pages.append(GeneratedPage(path, title, _finished_page(title, body), "modules", module.id))
    for track in site.tracks.values():
        path = f"{TRACK_DIR}/{track.id}.md"
        body = TrainingViews(site, path).track_page(track.id)
        title = html.escape(track.title)
        pages.append(GeneratedPage(path, title, _finished_page(title, body), "tracks", track.id))
    for record in site.mentoring.values():
        path = f"{SIGN_OFF_DIR}/{record.id}.md"
        body = TrainingViews(site, path).sign_off_sheet(record.id)
        title = html.escape(sheet_title(site.mentees[record.mentee].name, site.tracks[record.track].title))
        pages.append(GeneratedPage(path, title, _finished_page(title, body), "mentoring", record.id))
    return pages


def _finished_page(title: str, markdown: str, *, searchable: bool = True) -> str:
    # The Markdown is finished: mkdocs-macros must not read data text as Jinja.
    search = "" if searchable else "search:\n  exclude: true\n"
    return f"---\ntitle: {json.dumps(title)}\nrender_macros: false\n{search}---\n\n{markdown}"


# A navigation section shows up to this many generated entries as they are. Material renders
# every entry of the open section on each of its pages, so a flat section of n pages costs
# n squared. Longer sections are split into groups of about the square root of n entries,
# at least this many, which keeps each page's navigation to about twice the square root.
SECTION_LIMIT = 30
# Characters of a title kept in a group's label before it is cut at a word.
LABEL_TITLE_LENGTH = 32


def extend_nav(nav: list[Any], pages: list[GeneratedPage]) -> None:
    """Append each page to the navigation section whose index page is in the same folder.

    A section of `mkdocs.yml` such as `- Experiments: [experiments/index.md]` receives
    every generated page under `experiments/`, in data order. A generated `index.md` one
    folder deeper opens a subsection of its own, which the pages beside it then join.
    A section that receives more than SECTION_LIMIT entries gets them split into groups,
    in the same order, each named by its first and last title.
    """
    appended: dict[int, tuple[list[Any], int]] = {}
    # Sections found so far by the path of their index page: searching the whole navigation
    # for each of thousands of pages would take time growing with the square of their number.
    found: dict[str, list[Any]] = {}
    for page in pages:
        folder = posixpath.dirname(page.path)
        if posixpath.basename(page.path) == "index.md":
            index_path = posixpath.dirname(folder) + "/index.md"
            entry: Any = {page.title: [page.path]}
        else:
            index_path = folder + "/index.md"
            entry = {page.title: page.path}
        section = found.get(index_path) or _section_with_index(nav, index_path)
        if section is not None:
            found[index_path] = section
            appended.setdefault(id(section), (section, len(section)))
            section.append(entry)
            if isinstance(entry[page.title], list):
                found[page.path] = entry[page.title]
    for section, first_generated in appended.values():
        section[first_generated:] = group_entries(section[first_generated:])


def group_entries(entries: list[Any]) -> list[Any]:
    """Return `entries` unchanged if they fit in a section, or split into titled groups.

    The entries keep their order, so modules stay in course order. Group sizes differ by
    at most one.
    """
    if len(entries) <= SECTION_LIMIT:
        return entries
    largest = max(SECTION_LIMIT, math.isqrt(len(entries) - 1) + 1)
    count = -(-len(entries) // largest)
    base, extra = divmod(len(entries), count)
    groups = []
    start = 0
    for number in range(count):
        members = entries[start : start + base + (1 if number < extra else 0)]
        start += len(members)
        groups.append({f"{_short_title(members[0])} – {_short_title(members[-1])}": members})
    return groups


def _short_title(entry: Any) -> str:
    """Return the entry's title, cut at a word boundary with an ellipsis if it is long."""
    title = html.unescape(_entry_title(entry))
    if len(title) > LABEL_TITLE_LENGTH:
        cut = title[:LABEL_TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(" ,;:–-")
        title = f"{cut}…"
    return html.escape(title)


def _entry_title(entry: Any) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def _section_with_index(items: list[Any], index_path: str) -> list[Any] | None:
    for item in items:
        if item == index_path:
            return items
        values = item.values() if isinstance(item, dict) else []
        for value in values:
            if value == index_path:
                return items
            if isinstance(value, list):
                found = _section_with_index(value, index_path)
                if found is not None:
                    return found
    return None
