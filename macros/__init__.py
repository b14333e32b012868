"""Turn the validated records under `data/` into the Markdown of the site.

mkdocs-macros imports this package and calls `define_env` once per build, which loads and
validates all of `data/` before any page renders. The rest of the package does not depend
on MkDocs: `loader` validates, `derive` computes, `views` and `pages` write Markdown.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from macros.checklist_views import ChecklistViews
from macros.loader import SiteData, load_site
from macros.problems import DataError
from macros.views import Views

log = logging.getLogger("mkdocs.plugins.handover")

_current: SiteData | None = None


def current_site() -> SiteData:
    """Return the data loaded for the build in progress."""
    if _current is None:
        raise PluginError("The site data has not been loaded: is the 'macros' plugin listed in mkdocs.yml?")
    return _current


def define_env(env: Any) -> None:
    """Load the data once for this build and register the macros that pages call."""
    global _current
    project_dir = Path(env.conf.config_file_path).parent
    try:
        _current = load_site(project_dir)
    except DataError as error:
        raise PluginError(str(error)) from None
    log.info("Loaded %d records from data/", sum(len(records) for records in _current.collections.values()))

    env.variables["site_data"] = _current

    def views() -> Views:
        return Views(current_site(), env.page.file.src_uri)

    for name in (
        "handoff_matrix",
        "duty_sections",
        "experiments_index",
        "rampdown_table",
        "rampdown_timeline",
        "milestone_sections",
        "reassignment_table",
        "reassignment_sections",
        "units_table",
        "unit_sections",
        "org_changes",
        "people_table",
        "person_sections",
        "services_table",
        "service_sections",
        "job_descriptions",
        "discrepancies",
    ):
        env.macro(_bind(views, name), name)

    def onboarding_views() -> ChecklistViews:
        return ChecklistViews(current_site(), env.page.file.src_uri)

    for name in ("procedure_sections", "guides_index", "roles_table", "checklists_index"):
        env.macro(_bind(onboarding_views, name), name)


def _bind(views: Any, name: str) -> Any:
    def render(*args: Any, **kwargs: Any) -> str:
        return getattr(views(), name)(*args, **kwargs)

    # ChecklistViews extends Views, so it has every macro's method.
    render.__doc__ = getattr(ChecklistViews, name).__doc__
    return render
