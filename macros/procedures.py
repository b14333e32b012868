"""Procedures, the guides built from them, and each experiment's progress through them.

A procedure is an ordered list of steps, each saying who acts, what to do and what done
looks like. Guides are sequences of procedures, so one procedure can appear in several
guides. Progress records list which steps of a procedure an experiment has done.

Ids inside a record (step ids) are checked by the `check_*` functions, which the loader
calls with the raw YAML values of each record, valid or not, and the validated collections.
This module does not import MkDocs.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field

from macros.model import ExperimentRef, Id, ProcedureRef, Record, Ref, Reviewed, ServiceRef, Strict

ChecklistRef = Annotated[str, Ref("checklists")]

# Who acts in a step or is responsible for a checklist item. "duty owner" and "successor" only
# make sense for one duty, so only checklists copied per duty may use them.
Role = Literal[
    "experiment lead",
    "production coordinator",
    "production operator",
    "new operator",
    "mentor",
    "USDC liaison",
    "lab service desk",
    "POMS team",
    "CI team",
    "OSG staff",
    "duty owner",
    "successor",
]

ROLE_DESCRIPTIONS: dict[str, str] = {
    "experiment lead": "The experiment's computing or offline lead, who speaks for it while it onboards.",
    "production coordinator": (
        "The experiment's production convener, who takes requests, approves campaigns and signs operators off."
    ),
    "production operator": "An experiment member, often a post-doc, who runs production under the shared account.",
    "new operator": "A production operator in training, working through the post-doc guide.",
    "mentor": "An experienced production operator or USDC member who trains a new operator and signs them off.",
    "USDC liaison": (
        "The member of User Support for Distributed Computing who is the experiment's contact; "
        "onboarding documents call this person the FIFE lead."
    ),
    "lab service desk": (
        "The lab staff who fulfil ServiceNow requests and run FERRY, storage, CVMFS and Managed Tokens."
    ),
    "POMS team": "The developers and operators of POMS.",
    "CI team": "The people who run the continuous integration service and help experiments configure it.",
    "OSG staff": "Open Science Grid staff, who review registrations and help with site problems.",
    "duty owner": "The person who does a recurring duty today and hands it over.",
    "successor": "The person or team that takes a recurring duty over.",
}

StepStatus = Literal["done", "in progress", "not applicable"]


def _check_url(value: str) -> str:
    if not value.startswith("https://") or any(character.isspace() for character in value):
        raise ValueError(f"'{value}' is not a web address; write it in full, starting with https://")
    return value


Url = Annotated[str, AfterValidator(_check_url)]


class Link(Strict):
    """A link to documentation outside this site."""

    label: str
    url: Url


class Step(Strict):
    """One step of a procedure: who acts, what they do, and how to tell it is done."""

    id: Id
    title: str
    actor: Role
    action: str
    commands: list[str] = Field(default_factory=list)
    done_when: str
    services: list[ServiceRef] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    history: str | None = None


class Procedure(Record, Reviewed):
    """An ordered list of steps that guides, duties and checklists refer to."""

    title: str
    summary: str
    steps: list[Step] = Field(min_length=1)


class Guide(Record, Reviewed):
    """A guide for one reader: an introduction, then the steps of its procedures in order."""

    title: str
    audience: str
    summary: str
    introduction: str | None = None
    procedures: list[ProcedureRef] = Field(min_length=1)
    checklists: list[ChecklistRef] = Field(default_factory=list)
    training_track: Annotated[str, Ref("tracks")] | None = None
    history: str | None = None


class StepProgress(Strict):
    """One experiment's progress on one step."""

    step: str
    status: StepStatus
    date: datetime.date | None = None
    note: str | None = None


class Progress(Record):
    """The steps of one procedure that one experiment has done or started, as of a date."""

    experiment: ExperimentRef
    procedure: ProcedureRef
    as_of: datetime.date
    steps: list[StepProgress] = Field(default_factory=list)
    note: str | None = None


Finding = tuple[tuple[Any, ...], str]


def check_procedure(values: Any, collections: dict[str, dict[str, Record]]) -> Iterator[Finding]:
    """Report a step id used twice in one procedure; progress records name steps by id."""
    yield from _repeated_ids(_items(values, "steps"), "steps", "step")


def check_progress(values: Any, collections: dict[str, dict[str, Record]]) -> Iterator[Finding]:
    """Report step ids the procedure does not have, steps listed twice, and a repeated pair."""
    if not isinstance(values, dict):
        return
    procedure = collections.get("procedures", {}).get(values.get("procedure"))
    if isinstance(procedure, Procedure):
        known = [step.id for step in procedure.steps]
        for index, item in _items(values, "steps"):
            step_id = item.get("step")
            if isinstance(step_id, str) and step_id not in known:
                yield (
                    ("steps", index, "step"),
                    f"'{step_id}' is not a step of procedure '{procedure.id}'{_suggest(step_id, known)}",
                )
    yield from _repeated_values(_items(values, "steps"), "steps", "step", "step")
    yield from _repeated_pair(values, collections)


def _repeated_pair(values: dict, collections: dict[str, dict[str, Record]]) -> Iterator[Finding]:
    pair = (values.get("experiment"), values.get("procedure"))
    for other in collections.get("progress", {}).values():
        if other.id == values.get("id"):
            return
        if (other.experiment, other.procedure) == pair:
            yield (
                ("procedure",),
                (
                    f"progress of '{pair[0]}' on '{pair[1]}' is already recorded in '{other.id}'; "
                    "keep one record per experiment and procedure"
                ),
            )
            return


def _items(values: Any, key: str) -> Iterator[tuple[int, dict]]:
    items = values.get(key) if isinstance(values, dict) else None
    if isinstance(items, list):
        yield from ((index, item) for index, item in enumerate(items) if isinstance(item, dict))


def _repeated_ids(items: Iterator[tuple[int, dict]], key: str, label: str) -> Iterator[Finding]:
    yield from _repeated_values(items, key, "id", label)


def _repeated_values(items: Iterator[tuple[int, dict]], key: str, field: str, label: str) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for index, item in items:
        value = item.get(field)
        if not isinstance(value, str):
            continue
        if value in first:
            yield (
                (key, index, field),
                f"{label} '{value}' is already listed as {key}[{first[value] + 1}]; each {label} may appear once",
            )
        else:
            first[value] = index


def _suggest(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
