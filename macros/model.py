"""The records that `data/` holds, as pydantic models.

Every model is strict: a text field accepts only text, so a YAML 1.1 retyping (`NO` read as
False) is an error rather than a silent change, and unknown keys are rejected. A field that
points at another record is annotated with `Ref(collection)`; the loader checks those ids
once every file has been read. This module does not import MkDocs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError


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


# The start of every text value that `python -m macros new` writes for the author to replace.
# The review page lists the values that still start with it.
PLACEHOLDER = "TODO:"


class Strict(BaseModel):
    # A string literal under a field becomes its description in the JSON Schemas and the
    # scaffolded records (macros.schema reads them from the source), so the models stay the
    # one place where fields are explained.
    # str_min_length: an empty string is never meaningful data, and would publish empty headings.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, str_min_length=1)


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
    """Stable identifier: lowercase letters, digits and single hyphens; other records refer to it."""
    source: str | None = None
    """The place in the source document that the facts of this record come from."""
    discrepancies: list[Discrepancy] = Field(default_factory=list)
    """Values the source document states differently in two places, and the reading kept."""


class Reviewed(Strict):
    """Fields of content that must be reread on a schedule: procedures, guides, modules."""

    owner: UnitRef
    """The group that rereads this content and keeps it current."""
    last_reviewed: datetime.date
    """The day the owner last reread this content and confirmed it is still true."""
    review_every_months: int = Field(ge=1, le=60)
    """How many months may pass after the last review before the content is overdue."""


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
    review_date: datetime.date | None = None
    """The day review freshness is measured against; move it forward when the site is maintained."""
    review_overdue_warnings: bool = False
    """Whether content overdue for review at review_date makes the build warn (and strict builds fail)."""

    @field_validator("review_overdue_warnings")
    @classmethod
    def _warnings_need_review_date(cls, value: bool, info: ValidationInfo) -> bool:
        # An invalid review_date is absent from info.data and has its own error already.
        if value and "review_date" in info.data and info.data["review_date"] is None:
            raise PydanticCustomError(
                "review_date_missing",
                "review_overdue_warnings needs review_date, the day overdue reviews are counted from; "
                "add review_date: YYYY-MM-DD",
            )
        return value


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
    aliases: list[str] = Field(default_factory=list)


class Person(Record):
    """Someone the source document names, or a position it plans to fill."""

    name: str
    """Full name as shown on the site, or a description of a position still to be filled."""
    aliases: list[str] = Field(default_factory=list)
    """Other spellings of the name in the source, so that searches find them."""
    unit: UnitRef | None = None
    """The group the person belongs to now."""
    moves_to: UnitRef | None = None
    """The group the person moves to under the plan."""
    role: str
    """The person's work, in a few words."""
    appointment: Appointment
    """The kind of appointment: staff, intern, associate, visiting scientist or on call."""
    position: str | None = None
    """The position the plan names, such as "Intern 2"."""
    filled: bool = True
    """False for a position the plan creates but nobody holds yet."""
    arrives: datetime.date | None = None
    """The day the person starts, when the source gives one."""
    leaves: datetime.date | None = None
    """The day the contract ends; handoffs of the person's duties are due by then."""
    leaves_as_written: str | None = None
    """The end of contract exactly as the source words it, when it is vague."""
    notes: str | None = None
    """Anything a reader should know that the other fields cannot say."""

    @model_validator(mode="after")
    def _leaves_after_arrival(self) -> Person:
        if self.arrives and self.leaves and self.leaves < self.arrives:
            raise ValueError(f"leaves ({self.leaves}) is before arrives ({self.arrives})")
        return self


class Experiment(Record):
    """An experiment, with the detectors the source document tells apart."""

    name: str
    """The experiment's name as the collaboration writes it."""
    aliases: list[str] = Field(default_factory=list)
    """Other spellings of the name in the source, so that searches find them."""
    description: str
    """A few sentences on what the experiment is and what production work it needs."""
    detectors: list[Detector] = Field(default_factory=list)
    """The detectors the source tells apart, when duties differ between them."""
    continues: ExperimentRef | None = None
    """The experiment this one continues, such as MINOS+ after MINOS."""
    used_opos: bool
    """Whether the central production team (OPOS) ran production for it in 2016."""
    in_ramp_down_plan: bool
    """Whether the ramp-down plan names it among the experiments to brief and train."""
    services: list[ServiceRef] = Field(default_factory=list)
    """The services and tools its production uses."""
    notes: str | None = None
    """Anything a reader should know that the other fields cannot say."""

    @model_validator(mode="after")
    def _not_continuing_itself(self) -> Experiment:
        if self.continues == self.id:
            raise ValueError("an experiment cannot continue itself; set 'continues' to the earlier experiment")
        return self


class Service(Record):
    """A service, tool or facility, with its status in 2016 and today."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: Literal["tool", "service", "facility", "grid", "storage", "credential", "project"]
    description: str
    in_2016: str
    today: str
    status: CurrentStatus
    owners: list[UnitRef] = Field(default_factory=list)


class Scale(Strict):
    """How much work one run of a duty is, as numbers and as the source wrote it."""

    jobs_per_day: int | None = Field(default=None, ge=0)
    """Grid jobs submitted a day."""
    files_per_day: int | None = Field(default=None, ge=0)
    """Files processed a day."""
    as_written: str
    """The scale exactly as the source words it."""


class Successor(Strict):
    """The side that takes a duty over in FY2017, and the person covering it in between."""

    receiver: Literal["experiment", "group", "not stated"]
    """The receiving side: the experiment itself, a group of the lab, or not stated."""
    group: UnitRef | None = None
    """The receiving group, when receiver is group."""
    interim: PersonRef | None = None
    """The person covering the duty between the owner leaving and the final handoff."""
    as_written: str | None = None
    """The successor exactly as the source words it."""


class Duty(Record):
    """A recurring duty of the central team, to be handed over."""

    title: str
    """A short name for the duty, shown in the handoff matrix."""
    description: str
    """What the duty involves, in a few sentences."""
    experiment: ExperimentRef | None = None
    """The experiment the duty serves; leave it out for a duty that serves all of them."""
    detector: Detector | None = None
    """The detector, when the duty concerns only one of the experiment's detectors."""
    owner: PersonRef | None = None
    """The person who does the duty now and must hand it over."""
    cadence: Cadence
    """How often the duty runs."""
    scale: Scale | None = None
    """How much work one run of the duty is."""
    successor: Successor
    """Who takes the duty over, and who covers it in between."""
    status: HandoffStatus
    """How far the handoff has come."""
    due: datetime.date | None = None
    """The handoff deadline, when it is earlier than the owner's end of contract or FY2017."""
    services: list[ServiceRef] = Field(default_factory=list)
    """The services and tools the duty uses."""
    procedures: list[ProcedureRef] = Field(default_factory=list)
    """The procedures that describe how to do the duty."""
    training: list[ModuleRef] = Field(default_factory=list)
    """The training modules a new owner completes before taking the duty over."""

    @model_validator(mode="after")
    def _interim_is_not_owner(self) -> Duty:
        if self.owner and self.successor.interim == self.owner:
            raise ValueError(f"the interim successor '{self.owner}' is the duty's own owner; name someone else")
        return self


class Reassignment(Record):
    """A proposed reassignment of the team's effort, with its FTE and intern count."""

    number: int = Field(ge=1)
    title: str
    description: str
    fte: float = Field(ge=0)
    interns: int = Field(ge=0)
    lead: PersonRef | None = None
    services: list[ServiceRef] = Field(default_factory=list)
    experiments: list[ExperimentRef] = Field(default_factory=list)


class OrgChange(Record):
    """A change to projects, support or staffing that the reorganisation makes."""

    area: Literal["projects", "operations and support", "groups and personnel"]
    title: str
    description: str
    from_unit: UnitRef | None = None
    to_unit: UnitRef | None = None
    people: list[PersonRef] = Field(default_factory=list)
    services: list[ServiceRef] = Field(default_factory=list)
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
    experiments: list[ExperimentRef] = Field(default_factory=list)
    people: list[PersonRef] = Field(default_factory=list)


class JobDescription(Record):
    """A draft job description for a position the plan creates."""

    title: str
    unit: UnitRef
    status: Literal["draft", "open", "filled"]
    summary: str
    responsibilities: list[str] = Field(min_length=1)
    qualifications: list[str] = Field(min_length=1)
    for_people: list[PersonRef] = Field(default_factory=list)
