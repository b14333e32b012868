"""The records that `data/` holds, as pydantic models.

Every model is strict: a text field accepts only text, so a YAML 1.1 retyping (`NO` read as
False) is an error rather than a silent change, and unknown keys are rejected. A field that
points at another record is annotated with `Ref(collection)`; the loader checks those ids
once every file has been read. This module knows nothing about MkDocs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


@dataclass(frozen=True)
class Ref:
    """Marks a field whose value is the id of a record in `collection`."""

    collection: str


Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
PersonRef = Annotated[str, Ref("people")]
UnitRef = Annotated[str, Ref("units")]
ExperimentRef = Annotated[str, Ref("experiments")]
ServiceRef = Annotated[str, Ref("services")]
ModuleRef = Annotated[str, Ref("modules")]
ProcedureRef = Annotated[str, Ref("procedures")]

Cadence = Literal["daily", "weekly", "monthly", "on demand", "not stated"]
Detector = Literal["near", "far"]
Appointment = Literal["staff", "intern", "associate", "visiting scientist", "on call", "not stated"]
HandoffStatus = Literal["not started", "shadowing", "reverse shadowing", "running with backup", "handed over"]
MilestoneStatus = Literal["planned", "in progress", "done", "cancelled"]
CurrentStatus = Literal["current", "historical", "transitioning", "verify"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Reading(Strict):
    """What the source document says about one value in one place."""

    place: str
    says: str


class Discrepancy(Strict):
    """A value the source document gives differently in two places, and the one kept."""

    key: str
    readings: list[Reading] = Field(min_length=2)
    kept: str
    reason: str


class Record(Strict):
    """Fields every record has: a stable id, where it comes from, and any discrepancy."""

    id: Id
    source: str | None = None
    discrepancies: list[Discrepancy] = []


class Reviewed(Strict):
    """Fields of content that must be reread on a schedule: procedures, guides, modules."""

    owner: UnitRef
    last_reviewed: datetime.date
    review_every_months: int = Field(ge=1, le=60)


class StatedTotal(Strict):
    """A total as the source document states it, kept to compare with the computed one."""

    fte: float
    interns: int
    as_written: str


class Settings(Strict):
    """Site-wide values: the reference date all status is measured against, and limits."""

    title: str
    reference_date: datetime.date
    reference_date_note: str
    fiscal_year_2017_start: datetime.date
    source_title: str
    reassignment_total_as_stated: StatedTotal
    hours_per_day: float = Field(gt=0, le=24)
    max_duties_per_owner: int = Field(ge=1)


class Unit(Record):
    """A division, quadrant, department, group, service or team of the lab."""

    name: str
    short_name: str
    kind: Literal["division", "quadrant", "department", "group", "service", "team", "committee"]
    parent: UnitRef | None = None
    lead: PersonRef | None = None
    deputy: PersonRef | None = None
    moves_to: UnitRef | None = None
    status: Literal["active", "ramping down", "closed"]
    description: str
    aliases: list[str] = []


class Person(Record):
    """Someone the source document names, or a position it plans to fill."""

    name: str
    aliases: list[str] = []
    unit: UnitRef | None = None
    moves_to: UnitRef | None = None
    role: str
    appointment: Appointment
    position: str | None = None
    filled: bool = True
    arrives: datetime.date | None = None
    leaves: datetime.date | None = None
    leaves_as_written: str | None = None
    notes: str | None = None


class Experiment(Record):
    """An experiment, with the detectors the source document tells apart."""

    name: str
    aliases: list[str] = []
    description: str
    detectors: list[Detector] = []
    continues: ExperimentRef | None = None
    used_opos: bool
    in_ramp_down_plan: bool
    services: list[ServiceRef] = []
    notes: str | None = None


class Service(Record):
    """A service, tool or facility, with its status in 2016 and today."""

    name: str
    aliases: list[str] = []
    kind: Literal["tool", "service", "facility", "grid", "storage", "credential", "project"]
    description: str
    in_2016: str
    today: str
    status: CurrentStatus
    owners: list[UnitRef] = []


class Scale(Strict):
    """How much work one run of a duty is, as numbers and as the source wrote it."""

    jobs_per_day: int | None = None
    files_per_day: int | None = None
    as_written: str


class Successor(Strict):
    """Who takes a duty over in FY2017, and who covers it in between."""

    receiver: Literal["experiment", "group", "not stated"]
    group: UnitRef | None = None
    interim: PersonRef | None = None
    as_written: str | None = None


class Duty(Record):
    """A recurring duty of the central team, to be handed over."""

    title: str
    description: str
    experiment: ExperimentRef | None = None
    detector: Detector | None = None
    owner: PersonRef | None = None
    cadence: Cadence
    scale: Scale | None = None
    successor: Successor
    status: HandoffStatus
    due: datetime.date | None = None
    services: list[ServiceRef] = []
    procedures: list[ProcedureRef] = []
    training: list[ModuleRef] = []


class Reassignment(Record):
    """A proposed reassignment of the team's effort, with its FTE and intern count."""

    number: int = Field(ge=1)
    title: str
    description: str
    fte: float = Field(ge=0)
    interns: int = Field(ge=0)
    lead: PersonRef | None = None
    services: list[ServiceRef] = []
    experiments: list[ExperimentRef] = []


class OrgChange(Record):
    """A change to projects, support or staffing that the reorganisation makes."""

    area: Literal["projects", "operations and support", "groups and personnel"]
    title: str
    description: str
    from_unit: UnitRef | None = None
    to_unit: UnitRef | None = None
    people: list[PersonRef] = []
    services: list[ServiceRef] = []
    when_as_written: str | None = None
    condition: str | None = None


class Milestone(Record):
    """A step of the ramp-down plan, with its owner and target period."""

    number: int = Field(ge=1)
    title: str
    description: str
    owner: PersonRef | None = None
    owner_unit: UnitRef | None = None
    start: datetime.date | None = None
    due: datetime.date | None = None
    when_as_written: str | None = None
    status: MilestoneStatus
    experiments: list[ExperimentRef] = []
    people: list[PersonRef] = []


class JobDescription(Record):
    """A draft job description for a position the plan creates."""

    title: str
    unit: UnitRef
    status: Literal["draft", "open", "filled"]
    summary: str
    responsibilities: list[str] = Field(min_length=1)
    qualifications: list[str] = Field(min_length=1)
    for_people: list[PersonRef] = []
