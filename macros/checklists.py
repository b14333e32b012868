"""Checklists: items with stable ids, a version, and who is responsible for each item.

The browser stores ticks under the checklist's id, its version and the item id, so raising
`version` after an edit makes every copy start unticked. A checklist is published once, or
once per duty, or once per experiment with items drawn from the ramp-down plan and the
experiment's duties. This module does not import MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from macros import model
from macros.model import Id, PersonRef, Record, Reviewed, ServiceRef, Strict
from macros.procedures import Finding, Role, _items

if TYPE_CHECKING:
    from macros.loader import SiteData

Copies = Literal["one", "per duty", "per experiment"]
CHECKLIST_DIR = "checklists"

# Roles for a duty's owner and successor, which only a checklist copied per duty can fill in.
DUTY_ROLES = ("duty owner", "successor")
# Item ids that the copies per experiment generate; a checklist's own items may not use them.
PLAN_PREFIX = "plan-"
DUTY_PREFIX = "hand-over-"


class ChecklistItem(Strict):
    """One thing to tick, with the role responsible for it and optional detail."""

    id: Id
    text: str
    role: Role
    person: PersonRef | None = None
    details: str | None = None
    services: list[ServiceRef] = Field(default_factory=list)


class ChecklistSection(Strict):
    """A titled group of items."""

    title: str
    items: list[ChecklistItem] = Field(min_length=1)


class Checklist(Record, Reviewed):
    """A checklist as written in data/checklists.yml."""

    title: str
    version: int = Field(ge=1)
    summary: str
    copies: Copies = "one"
    sign_off: list[Role] = Field(min_length=1)
    sections: list[ChecklistSection] = Field(min_length=1)


def check_checklist(values: Any, collections: dict[str, dict[str, Record]]) -> Iterator[Finding]:
    """Report item ids used twice, duty roles outside per-duty copies, and reserved item ids."""
    if not isinstance(values, dict):
        return
    items = [
        (("sections", section_index, "items", item_index), item)
        for section_index, section in _items(values, "sections")
        for item_index, item in _items(section, "items")
    ]
    first: dict[str, tuple[Any, ...]] = {}
    for loc, item in items:
        item_id = item.get("id")
        if not isinstance(item_id, str):
            continue
        if item_id in first:
            section, position = first[item_id][1] + 1, first[item_id][3] + 1
            yield (
                loc + ("id",),
                (
                    f"item id '{item_id}' is already used by item {position} of section {section}; "
                    "item ids must be unique within a checklist"
                ),
            )
        else:
            first[item_id] = loc
    per_duty = values.get("copies") == "per duty"
    per_experiment = values.get("copies") == "per experiment"
    for loc, item in items:
        role = item.get("role")
        if role in DUTY_ROLES and not per_duty:
            yield loc + ("role",), f"role '{role}' names a duty's people, so it needs 'copies: per duty'"
        item_id = item.get("id")
        if per_experiment and isinstance(item_id, str) and item_id.startswith((PLAN_PREFIX, DUTY_PREFIX)):
            yield (
                loc + ("id",),
                (
                    f"ids starting with '{PLAN_PREFIX}' or '{DUTY_PREFIX}' are kept for the items drawn "
                    "from the ramp-down plan and the duties; choose another id"
                ),
            )
    sign_off = values.get("sign_off")
    if isinstance(sign_off, list) and not per_duty:
        for index, role in enumerate(sign_off):
            if role in DUTY_ROLES:
                yield ("sign_off", index), f"role '{role}' names a duty's people, so it needs 'copies: per duty'"


@dataclass(frozen=True)
class Party:
    """Who is responsible for an item: a role, and the record that fills it where the data names one.

    `collection` is "people", "units" or "experiments" (the experiment's production team).
    """

    role: str | None
    collection: str | None = None
    record_id: str | None = None


@dataclass(frozen=True)
class Item:
    """An item of one published copy, with its responsible party resolved."""

    id: str
    text: str
    responsible: Party
    details: str | None = None
    services: tuple[str, ...] = ()
    # The record an item was drawn from, as (collection, id): a milestone or a duty.
    origin: tuple[str, str] | None = None


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Copy:
    """One published checklist: its storage id, page, and items with people resolved.

    `storage_id` is the checklist id, or `<checklist id>/<duty or experiment id>` for a
    copy per duty or per experiment, so each copy keeps its own ticks.
    """

    checklist: Checklist
    storage_id: str
    path: str
    title: str
    subject: tuple[str, str] | None
    sections: tuple[Section, ...]
    sign_off: tuple[Party, ...]

    @property
    def version(self) -> int:
        return self.checklist.version

    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]


def checklist_path(checklist: Checklist, subject_id: str | None = None) -> str:
    """Return the page path of a checklist, of its copy for one subject, or of its index."""
    if checklist.copies == "one":
        return f"{CHECKLIST_DIR}/{checklist.id}.md"
    return f"{CHECKLIST_DIR}/{checklist.id}/{subject_id or 'index'}.md"


def copies(site: SiteData, checklist: Checklist) -> list[Copy]:
    """Return the published copies of a checklist, in data order of their duty or experiment.

    A per-duty checklist also gets an unresolved copy on its index page, for duties that
    are not in the data. Several pages need them, so they are made once per build.
    """
    made = site.derived.setdefault("checklist copies", {})
    if checklist.id not in made:
        made[checklist.id] = _make_copies(site, checklist)
    return made[checklist.id]


def experiment_copies(site: SiteData) -> dict[str, list[Copy]]:
    """Return the copies of the per-experiment checklists by experiment id, made once per build."""
    if "experiment copies" not in site.derived:
        by_experiment: dict[str, list[Copy]] = {}
        for checklist in site.checklists.values():
            if checklist.copies != "per experiment":
                continue
            for copy in copies(site, checklist):
                if copy.subject and copy.subject[0] == "experiments":
                    by_experiment.setdefault(copy.subject[1], []).append(copy)
        site.derived["experiment copies"] = by_experiment
    return site.derived["experiment copies"]


def _make_copies(site: SiteData, checklist: Checklist) -> list[Copy]:
    if checklist.copies == "one":
        return [_template_copy(checklist)]
    if checklist.copies == "per duty":
        return [_template_copy(checklist)] + [_duty_copy(checklist, duty) for duty in site.duties.values()]
    return [
        _experiment_copy(site, checklist, experiment)
        for experiment in site.experiments.values()
        if _plan_steps(site, experiment.id) or _duties_of(site, experiment.id)
    ]


def _copy(
    checklist: Checklist,
    storage_id: str,
    path: str,
    title: str,
    subject: tuple[str, str] | None,
    sections: list[Section],
    resolve: Callable[[str], Party] = Party,
) -> Copy:
    return Copy(
        checklist=checklist,
        storage_id=storage_id,
        path=path,
        title=title,
        subject=subject,
        sections=tuple(sections),
        sign_off=tuple(resolve(role) for role in checklist.sign_off),
    )


def _own_sections(checklist: Checklist, resolve: Callable[[str], Party] = Party) -> list[Section]:
    return [
        Section(
            section.title,
            tuple(
                Item(
                    id=item.id,
                    text=item.text,
                    responsible=Party(item.role, "people", item.person) if item.person else resolve(item.role),
                    details=item.details,
                    services=tuple(item.services),
                )
                for item in section.items
            ),
        )
        for section in checklist.sections
    ]


def _template_copy(checklist: Checklist) -> Copy:
    return _copy(checklist, checklist.id, checklist_path(checklist), checklist.title, None, _own_sections(checklist))


def _duty_copy(checklist: Checklist, duty: model.Duty) -> Copy:
    def resolve(role: str) -> Party:
        if role == "duty owner":
            return Party(role, "people", duty.owner) if duty.owner else Party(role)
        if role == "successor":
            return successor_party(duty)
        return Party(role)

    return _copy(
        checklist,
        f"{checklist.id}/{duty.id}",
        checklist_path(checklist, duty.id),
        f"{checklist.title}: {duty.title}",
        ("duties", duty.id),
        _own_sections(checklist, resolve),
        resolve,
    )


def successor_party(duty: model.Duty) -> Party:
    """Return who takes the duty over first: the interim person, else the receiving side."""
    successor = duty.successor
    if successor.interim:
        return Party("successor", "people", successor.interim)
    if successor.receiver == "group" and successor.group:
        return Party("successor", "units", successor.group)
    if successor.receiver == "experiment" and duty.experiment:
        return Party("successor", "experiments", duty.experiment)
    return Party("successor")


def _experiment_copy(site: SiteData, checklist: Checklist, experiment: model.Experiment) -> Copy:
    sections = []
    plan_items = tuple(
        Item(
            id=PLAN_PREFIX + milestone.id,
            text=f"Step {milestone.number} of the plan: {milestone.title}",
            responsible=_milestone_party(milestone),
            origin=("milestones", milestone.id),
        )
        for milestone in _plan_steps(site, experiment.id)
    )
    if plan_items:
        sections.append(Section("Steps of the ramp-down plan", plan_items))
    duty_items = tuple(
        Item(
            id=DUTY_PREFIX + duty.id,
            text=f"Hand over: {duty.title}",
            responsible=Party("duty owner", "people", duty.owner) if duty.owner else Party("duty owner"),
            origin=("duties", duty.id),
        )
        for duty in _duties_of(site, experiment.id)
    )
    if duty_items:
        sections.append(Section("Duties to hand over", duty_items))
    sections.extend(_own_sections(checklist))
    return _copy(
        checklist,
        f"{checklist.id}/{experiment.id}",
        checklist_path(checklist, experiment.id),
        f"{checklist.title}: {experiment.name}",
        ("experiments", experiment.id),
        sections,
    )


def _milestone_party(milestone: model.Milestone) -> Party:
    if milestone.owner:
        return Party(None, "people", milestone.owner)
    if milestone.owner_unit:
        return Party(None, "units", milestone.owner_unit)
    return Party(None)


def _plan_steps(site: SiteData, experiment_id: str) -> list[model.Milestone]:
    return [milestone for milestone in site.milestones.values() if experiment_id in milestone.experiments]


def _duties_of(site: SiteData, experiment_id: str) -> list[model.Duty]:
    return [duty for duty in site.duties.values() if duty.experiment == experiment_id]
