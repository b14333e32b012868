"""The ramp-down plan as the source text of a Mermaid Gantt chart.

Mermaid draws the chart in the browser. The text is also readable as it is, which is what
a reader sees when the Mermaid script cannot be loaded. A step with no date in the data
is written as a Mermaid comment, so the source still names every step without inventing a
date for it. This module does not import MkDocs.
"""

from __future__ import annotations

import re
from typing import get_args

from macros import model
from macros.loader import SiteData

STATUS_ORDER: tuple[str, ...] = get_args(model.MilestoneStatus)

# Mermaid's own task tags colour a bar: `done` grey, `active` light, `crit` red.
STATUS_TAGS = {"planned": None, "in progress": "active", "done": "done", "cancelled": None}

# Characters that end a task title or start a comment in Mermaid's Gantt syntax.
_MERMAID_SPECIALS = re.compile(r"[:;#%\s]+")


def task_id(milestone: model.Milestone) -> str:
    return f"step{milestone.number}"


def is_overdue(site: SiteData, milestone: model.Milestone) -> bool:
    """Return whether the step was due before the reference date and is neither done nor cancelled."""
    due = milestone.due
    return bool(due and due < site.settings.reference_date and milestone.status in ("planned", "in progress"))


def task_tags(site: SiteData, milestone: model.Milestone) -> list[str]:
    """Return the Mermaid tags of a step: its status, `crit` when overdue, `milestone` for a single date."""
    tags = []
    if is_overdue(site, milestone):
        tags.append("crit")
    status_tag = STATUS_TAGS[milestone.status]
    if status_tag:
        tags.append(status_tag)
    if not (milestone.start and milestone.due):
        tags.append("milestone")
    return tags


def task_line(site: SiteData, milestone: model.Milestone) -> str:
    """Return the Mermaid task of a dated step.

    A step with a start and a due date is a bar from one to the other. A step with only
    one of them is a diamond on that day, because the data gives no span.
    """
    if milestone.start and milestone.due:
        timing = f"{milestone.start.isoformat()}, {milestone.due.isoformat()}"
    else:
        day = milestone.start or milestone.due
        assert day is not None
        timing = f"{day.isoformat()}, 0d"
    fields = [*task_tags(site, milestone), task_id(milestone), timing]
    return f"{task_title(milestone)} :{', '.join(fields)}"


def task_title(milestone: model.Milestone) -> str:
    title = _MERMAID_SPECIALS.sub(" ", f"Step {milestone.number} {milestone.title}")
    return title.strip()


def dated(site: SiteData) -> list[model.Milestone]:
    return [item for item in site.milestones.values() if item.start or item.due]


def undated(site: SiteData) -> list[model.Milestone]:
    return [item for item in site.milestones.values() if not (item.start or item.due)]


def gantt_source(site: SiteData) -> str:
    """Return the Mermaid source: one section per status, then the undated steps as comments."""
    lines = [
        "gantt",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %b %Y",
        # Due dates in the data are the last day of a step, so the bar must include that day.
        "    inclusiveEndDates",
        # Mermaid would draw a line at the viewer's today; status is measured at the reference date.
        "    todayMarker off",
    ]
    for status in STATUS_ORDER:
        tasks = [item for item in dated(site) if item.status == status]
        if tasks:
            lines.append(f"    section {status.capitalize()}")
            lines.extend(f"    {task_line(site, item)}" for item in tasks)
    for item in undated(site):
        lines.append(f"    %% {task_title(item)} ({item.status}) has no date")
    return "\n".join(lines) + "\n"
