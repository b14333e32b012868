"""Risks in the handoff, each found by one rule applied to the data on the reference date.

Every rule is a function of the validated SiteData that returns flags. A flag names the
record it is about (collection and id) so that a page can link to it. Dates are compared
with `site.reference_date` from `data/site.yml`, never with the build machine's clock, so
two builds of the same data flag the same records. This module does not import MkDocs.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

from macros import derive, model
from macros.loader import SiteData

HANDED_OVER = "handed over"

RecordKey = tuple[str, str]


@dataclass(frozen=True)
class Flag:
    """One risk found in one record, with a plain-text message and the records it involves."""

    rule: str
    collection: str
    record_id: str
    message: str
    related: tuple[RecordKey, ...] = ()


@dataclass(frozen=True)
class Rule:
    """A named check: its id (used in exports), a title, a short label, and what it looks for."""

    id: str
    title: str
    label: str
    explanation: str
    check: Callable[[SiteData], list[Flag]]


@dataclass(frozen=True)
class RiskReport:
    """Every flag raised on the reference date, in rule order and then data order."""

    reference_date: datetime.date
    flags: tuple[Flag, ...]

    def of_rule(self, rule_id: str) -> list[Flag]:
        return [flag for flag in self.flags if flag.rule == rule_id]

    def of_record(self, collection: str, record_id: str) -> list[Flag]:
        return list(self._by_record.get((collection, record_id), ()))

    def involving(self, collection: str, record_id: str) -> list[Flag]:
        """Return the flags about a record or naming it among their related records."""
        return list(self._by_involved.get((collection, record_id), ()))

    # Pages ask for the flags of each record they show, so the flags are indexed once
    # instead of scanned on every call.
    @functools.cached_property
    def _by_record(self) -> dict[RecordKey, list[Flag]]:
        index: dict[RecordKey, list[Flag]] = {}
        for flag in self.flags:
            index.setdefault((flag.collection, flag.record_id), []).append(flag)
        return index

    @functools.cached_property
    def _by_involved(self) -> dict[RecordKey, list[Flag]]:
        index: dict[RecordKey, list[Flag]] = {}
        for flag in self.flags:
            for key in dict.fromkeys(((flag.collection, flag.record_id), *flag.related)):
                index.setdefault(key, []).append(flag)
        return index


def assess(site: SiteData) -> RiskReport:
    """Apply every rule to the data and collect the flags."""
    flags: list[Flag] = []
    for rule in RULES:
        flags.extend(rule.check(site))
    return RiskReport(site.settings.reference_date, tuple(flags))


def open_duties(duties: list[model.Duty]) -> list[model.Duty]:
    """Return the duties whose handoff is not finished."""
    return [duty for duty in duties if duty.status != HANDED_OVER]


def _relative_to_reference(site: SiteData, date: datetime.date) -> str:
    days = (date - site.settings.reference_date).days
    if days == 0:
        return "on the reference date"
    unit = "day" if abs(days) == 1 else "days"
    return f"{days} {unit} after the reference date" if days > 0 else f"{-days} {unit} before the reference date"


def _count(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def overdue_handoffs(site: SiteData) -> list[Flag]:
    """Flag duties whose handoff was due before the reference date and is not finished."""
    today = site.settings.reference_date
    flags = []
    for duty in open_duties(list(site.duties.values())):
        due = derive.handoff_due(site, duty)
        if due < today:
            flags.append(
                Flag(
                    "overdue",
                    "duties",
                    duty.id,
                    f"handoff was due on {due.isoformat()} ({_relative_to_reference(site, due)}) "
                    f"and its status is '{duty.status}'",
                )
            )
    return flags


def duties_without_successor(site: SiteData) -> list[Flag]:
    """Flag duties for which the data names no receiving experiment or group."""
    flags = []
    for duty in site.duties.values():
        successor = duty.successor
        if successor.receiver == "not stated":
            message = "no receiving experiment or group is named"
        elif successor.receiver == "group" and not successor.group:
            message = "it goes to a group, but the data does not say which"
        else:
            continue
        flags.append(Flag("no-successor", "duties", duty.id, message))
    return flags


def successors_leaving_early(site: SiteData) -> list[Flag]:
    """Flag duties whose interim successor leaves on or before the day the handoff is due.

    A successor whose contract ends on the handoff day itself is flagged too, because they
    would take the duty over only to leave with it.
    """
    flags = []
    for duty in open_duties(list(site.duties.values())):
        interim_id = duty.successor.interim
        if not interim_id:
            continue
        interim = site.people[interim_id]
        due = derive.handoff_due(site, duty)
        if interim.leaves and interim.leaves <= due:
            flags.append(
                Flag(
                    "successor-leaves-early",
                    "duties",
                    duty.id,
                    f"{interim.name}, who is to cover it, leaves on {interim.leaves.isoformat()}, "
                    f"not after the handoff due on {due.isoformat()}",
                    related=(("people", interim_id),),
                )
            )
    return flags


def overloaded_owners(site: SiteData) -> list[Flag]:
    """Flag people who still hold more duties than `site.max_duties_per_owner`.

    Only duties not yet handed over count, because a finished handoff no longer depends on
    the person who held the duty.
    """
    limit = site.settings.max_duties_per_owner
    flags = []
    for person in site.people.values():
        open_owned = open_duties(derive.duties_owned_by(site, person.id))
        if len(open_owned) > limit:
            flags.append(
                Flag(
                    "overloaded-owner",
                    "people",
                    person.id,
                    f"holds {len(open_owned)} duties not yet handed over, more than the limit of {limit}",
                    related=tuple(("duties", duty.id) for duty in open_owned),
                )
            )
    return flags


def duties_without_procedure_or_training(site: SiteData) -> list[Flag]:
    """Flag duties that link no written procedure, no training module, or neither."""
    flags = []
    for duty in site.duties.values():
        missing = [
            name for name, linked in (("procedure", duty.procedures), ("training module", duty.training)) if not linked
        ]
        if missing:
            flags.append(Flag("no-procedure-or-training", "duties", duty.id, f"no {' and no '.join(missing)} linked"))
    return flags


def people_leaving_with_open_duties(site: SiteData) -> list[Flag]:
    """Flag people with a leaving date who still own duties that are not handed over.

    NOTE: a person whose end date is known only as text (such as "spring 2017?") has no
    `leaves` date and is not checked.
    """
    flags = []
    for person in site.people.values():
        if not person.leaves:
            continue
        open_owned = open_duties(derive.duties_owned_by(site, person.id))
        if open_owned:
            flags.append(
                Flag(
                    "leaving-with-open-duties",
                    "people",
                    person.id,
                    f"leaves on {person.leaves.isoformat()} ({_relative_to_reference(site, person.leaves)}) "
                    f"with {_count(len(open_owned), 'duty', 'duties')} not handed over",
                    related=tuple(("duties", duty.id) for duty in open_owned),
                )
            )
    return flags


RULES: tuple[Rule, ...] = (
    Rule(
        "overdue",
        "Overdue handoffs",
        "overdue",
        "Duties whose handoff was due before the reference date and is not finished.",
        overdue_handoffs,
    ),
    Rule(
        "no-successor",
        "Duties with no successor",
        "no successor",
        "Duties for which the data names no experiment or group to take them over.",
        duties_without_successor,
    ),
    Rule(
        "successor-leaves-early",
        "Successors who leave before the handoff",
        "successor leaves early",
        "Duties whose interim successor leaves on or before the day the handoff is due.",
        successors_leaving_early,
    ),
    Rule(
        "overloaded-owner",
        "Single points of failure",
        "owner holds too many",
        "People who still hold more duties than the site's limit per owner.",
        overloaded_owners,
    ),
    Rule(
        "no-procedure-or-training",
        "Duties with no procedure or training",
        "no procedure or training",
        "Duties that link no written procedure or no training module for the people taking them over.",
        duties_without_procedure_or_training,
    ),
    Rule(
        "leaving-with-open-duties",
        "People leaving with duties not handed over",
        "owner leaving",
        "People with a leaving date who still own duties that are not handed over.",
        people_leaving_with_open_duties,
    ),
)

RULES_BY_ID = {rule.id: rule for rule in RULES}
