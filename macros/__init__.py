"""Turn the validated records under `data/` into the Markdown of the site.

mkdocs-macros imports this package and calls `define_env` once per build, which loads and
validates all of `data/` before any page renders. The rest of the package does not depend
on MkDocs: `loader` validates, `derive` computes, `views` and `pages` write Markdown.
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from macros import review
from macros.checklist_views import ChecklistViews
from macros.loader import SiteData, load_site
from macros.plan_views import PlanViews
from macros.problems import DataError
from macros.risks import RiskReport, assess
from macros.tracking import TrackingViews
from macros.training_views import register_training_macros
from macros.views import Views

log = logging.getLogger("mkdocs.plugins.handover")

_current: SiteData | None = None
_current_risks: RiskReport | None = None


def current_site() -> SiteData:
    """Return the data loaded for the build in progress."""
    if _current is None:
        raise PluginError("The site data has not been loaded: is the 'macros' plugin listed in mkdocs.yml?")
    return _current


def current_risks() -> RiskReport:
    """Return the risk report computed for the build in progress."""
    if _current_risks is None:
        raise PluginError("The risk report has not been computed: is the 'macros' plugin listed in mkdocs.yml?")
    return _current_risks


def define_env(env: Any) -> None:
    """Load the data once for this build and register the macros that pages call."""
    global _current, _current_risks
    # The previous build of `mkdocs serve` froze its data (see hooks.py), so let it be collected.
    gc.unfreeze()
    project_dir = Path(env.conf.config_file_path).parent
    try:
        _current = load_site(project_dir)
    except DataError as error:
        raise PluginError(str(error)) from None
    log.info("Loaded %d records from data/", sum(len(records) for records in _current.collections.values()))
    _current_risks = assess(_current)
    log.info("Found %d risk flags on the reference date %s", len(_current_risks.flags), _current_risks.reference_date)

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
    register_training_macros(env, current_site)

    def review_status() -> str:
        """Render the table of reviewed content, soonest due first, with what is overdue."""
        return review.review_status(current_site(), env.page.file.src_uri)

    env.macro(review_status)

    def placeholder_status() -> str:
        """Render the table of values that still hold a placeholder from `python -m macros new`."""
        return review.placeholder_status(current_site(), env.page.file.src_uri)

    env.macro(placeholder_status)

    def tracking_views() -> TrackingViews:
        return TrackingViews(current_site(), current_risks(), env.page.file.src_uri)

    for name in (
        "risk_summary",
        "tracked_matrix",
        "export_links",
        "handoffs_by_person",
        "handoffs_by_experiment",
        "people_by_experiment",
        "handoffs_by_receiver",
    ):
        env.macro(_bind(tracking_views, name, TrackingViews), name)

    def plan_views() -> PlanViews:
        return PlanViews(current_site(), env.page.file.src_uri)

    for name in ("rampdown_gantt", "reassignment_totals", "handoff_progress"):
        env.macro(_bind(plan_views, name, PlanViews), name)

    def onboarding_views() -> ChecklistViews:
        return ChecklistViews(current_site(), env.page.file.src_uri)

    for name in ("procedure_sections", "guides_index", "roles_table", "checklists_index"):
        env.macro(_bind(onboarding_views, name, ChecklistViews), name)


def _bind(views: Any, name: str, view_class: type = Views) -> Any:
    def render(*args: Any, **kwargs: Any) -> str:
        return getattr(views(), name)(*args, **kwargs)

    render.__doc__ = getattr(view_class, name).__doc__
    return render
