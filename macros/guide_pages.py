"""Pages generated for guides and checklists: one per guide, per experiment's version, per copy.

`macros.pages` turns each PageSource into a finished page with its front matter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from macros.checklist_views import ChecklistViews
from macros.checklists import checklist_path, copies
from macros.guide_views import guide_path
from macros.progress import tracked_experiments

if TYPE_CHECKING:
    from macros.loader import SiteData


@dataclass(frozen=True)
class PageSource:
    """A generated page before its front matter: path under docs/, plain-text title, Markdown body.

    The title names the page in the navigation, where a guide's versions and a checklist's
    copies sit under the guide or checklist, so it names only the experiment or duty. The
    page's own heading, in `body`, gives the full title.
    """

    path: str
    title: str
    body: str
    collection: str
    record_id: str
    # Copies of a guide or checklist repeat its text, so search lists only the original.
    searchable: bool = True


def onboarding_pages(site: SiteData) -> list[PageSource]:
    return guide_pages(site) + checklist_pages(site)


def guide_pages(site: SiteData) -> list[PageSource]:
    """Return each guide's page, followed by its version for every experiment that tracks it."""
    pages = []
    for guide in site.guides.values():
        path = guide_path(guide.id)
        body = ChecklistViews(site, path).guide_page(guide.id)
        pages.append(PageSource(path, guide.title, body, "guides", guide.id))
        for experiment_id in tracked_experiments(site, guide):
            path = guide_path(guide.id, experiment_id)
            title = site.experiments[experiment_id].name
            body = ChecklistViews(site, path).guide_page(guide.id, experiment_id)
            pages.append(PageSource(path, title, body, "guides", guide.id, searchable=False))
    return pages


def checklist_pages(site: SiteData) -> list[PageSource]:
    """Return a page per checklist, or an index page and a page per copy for one copied per subject."""
    pages = []
    for checklist in site.checklists.values():
        if checklist.copies == "one":
            copy = copies(site, checklist)[0]
            body = ChecklistViews(site, copy.path).checklist_page(copy)
            pages.append(PageSource(copy.path, copy.title, body, "checklists", checklist.id))
            continue
        index_path = checklist_path(checklist)
        body = ChecklistViews(site, index_path).copies_index_page(checklist.id)
        pages.append(PageSource(index_path, checklist.title, body, "checklists", checklist.id))
        for copy in copies(site, checklist):
            if copy.subject is None:
                continue
            collection, record_id = copy.subject
            title = _name_of(site.collections[collection][record_id])
            body = ChecklistViews(site, copy.path).checklist_page(copy)
            pages.append(PageSource(copy.path, title, body, "checklists", checklist.id, searchable=False))
    return pages


def _name_of(record: Any) -> str:
    return getattr(record, "name", None) or record.title
