"""Values computed from the records: totals, deadlines and who relates to what."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from macros import model
from macros.loader import SiteData


@dataclass(frozen=True)
class Total:
    """Summed FTE and interns, with the stated total they are compared against."""

    fte: Decimal
    interns: int
    stated_fte: Decimal
    stated_interns: int

    @property
    def matches_stated(self) -> bool:
        return self.fte == self.stated_fte and self.interns == self.stated_interns


def reassignment_total(site: SiteData) -> Total:
    """Sum the reassignments' FTE exactly (0.3 + 0.05 is 0.35, not 0.35000000000000003)."""
    records = site.reassignments.values()
    stated = site.settings.reassignment_total_as_stated
    return Total(
        fte=sum((Decimal(str(item.fte)) for item in records), Decimal(0)),
        interns=sum(item.interns for item in records),
        stated_fte=Decimal(str(stated.fte)),
        stated_interns=stated.interns,
    )


def handoff_due(site: SiteData, duty: model.Duty) -> datetime.date:
    """Return when a duty must be handed over.

    The duty's own `due` date wins. Otherwise the handoff must finish by the day its owner
    leaves, or by the start of fiscal year 2017, the year the source assigns new owners to.
    """
    if duty.due:
        return duty.due
    owner = site.people.get(duty.owner) if duty.owner else None
    if owner and owner.leaves:
        return min(owner.leaves, site.settings.fiscal_year_2017_start)
    return site.settings.fiscal_year_2017_start


def duties_of_experiment(site: SiteData, experiment_id: str) -> list[model.Duty]:
    return _duties_by(site, "experiment").get(experiment_id, [])


def duties_owned_by(site: SiteData, person_id: str) -> list[model.Duty]:
    return _duties_by(site, "owner").get(person_id, [])


def duties_covered_by(site: SiteData, person_id: str) -> list[model.Duty]:
    """Return the duties a person covers in the interim before the final handoff."""
    index = site.derived.get("duties by interim")
    if index is None:
        index = defaultdict(list)
        for duty in site.duties.values():
            if duty.successor.interim:
                index[duty.successor.interim].append(duty)
        site.derived["duties by interim"] = index
    return index.get(person_id, [])


def duties_using_service(site: SiteData, service_id: str) -> list[model.Duty]:
    """Return the duties that list a service, in data order."""
    return list(_duties_by_item(site, "services").get(service_id, ()))


def duties_using_procedure(site: SiteData, procedure_id: str) -> list[model.Duty]:
    """Return the duties that list a procedure, in data order."""
    return list(_duties_by_item(site, "procedures").get(procedure_id, ()))


def _duties_by_item(site: SiteData, attribute: str) -> dict[str, list[model.Duty]]:
    """Group the duties by each item of one of their list fields, once per build, keeping data order."""
    key = f"duties by each of {attribute}"
    if key not in site.derived:
        index: dict[str, list[model.Duty]] = defaultdict(list)
        for duty in site.duties.values():
            for value in dict.fromkeys(getattr(duty, attribute)):
                index[value].append(duty)
        site.derived[key] = index
    return site.derived[key]


def _duties_by(site: SiteData, attribute: str) -> dict[str, list[model.Duty]]:
    """Group the duties by one of their fields, once per build, keeping data order."""
    key = f"duties by {attribute}"
    if key not in site.derived:
        index: dict[str, list[model.Duty]] = defaultdict(list)
        for duty in site.duties.values():
            value = getattr(duty, attribute)
            if value:
                index[value].append(duty)
        site.derived[key] = index
    return site.derived[key]


def people_of_experiment(site: SiteData, experiment_id: str) -> list[model.Person]:
    """Return the owners and interim owners of the experiment's duties, in data order."""
    ids: set[str] = set()
    for duty in duties_of_experiment(site, experiment_id):
        ids.update(person for person in (duty.owner, duty.successor.interim) if person)
    return sorted(
        (site.people[person_id] for person_id in ids), key=lambda person: _data_order(site, "people")[person.id]
    )


def _data_order(site: SiteData, collection: str) -> dict[str, int]:
    """Return each record's position in its collection, made once per build."""
    key = f"{collection} order"
    if key not in site.derived:
        site.derived[key] = {record_id: position for position, record_id in enumerate(site.collections[collection])}
    return site.derived[key]


def milestones_of_experiment(site: SiteData, experiment_id: str) -> list[model.Milestone]:
    return [item for item in site.milestones.values() if experiment_id in item.experiments]
