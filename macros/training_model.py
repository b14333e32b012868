"""The records of the training programme: modules, tracks, mentoring, and the glossary.

Modules are Markdown files under `training_modules/` whose front matter is a `Module`. The
other records are in `data/` like every other collection. Like `model`, this module does
not import MkDocs.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from macros.model import ExperimentRef, ModuleRef, PersonRef, Record, Ref, Reviewed, ServiceRef, Strict, UnitRef

TrackRef = Annotated[str, Ref("tracks")]
MenteeRef = Annotated[str, Ref("mentees")]

# The roles a track trains for; a module's `audience` names the roles it is written for.
Role = Literal["production-operator", "campaign-manager", "computing-liaison", "mentor"]
Level = Literal["introductory", "intermediate", "advanced"]
# Drafts are validated but never published: no page, no navigation entry, no place in a track.
ModuleStatus = Literal["draft", "beta", "stable"]


def _one_line(value: str) -> str:
    if not value.strip() or "\n" in value.strip():
        raise ValueError("expected one non-empty line of text; remove the line break or use '>-'")
    return value


_WHOLE_WORD = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9 ._/+-]*[A-Za-z0-9])?")


def _glossary_term(value: str) -> str:
    if not _WHOLE_WORD.fullmatch(value):
        raise ValueError(
            f"'{value}' cannot be matched as a whole word; use letters, digits, spaces and . _ / + -, "
            "starting and ending with a letter or digit"
        )
    return value


OneLine = Annotated[str, AfterValidator(_one_line)]
GlossaryTerm = Annotated[
    str,
    AfterValidator(_glossary_term),
    Field(json_schema_extra={"pattern": f"^{_WHOLE_WORD.pattern}$"}),
]


class Minutes(Strict):
    """Planned classroom time of a module, in minutes."""

    teaching: int = Field(ge=0)
    hands_on: int = Field(ge=0)

    @property
    def total(self) -> int:
        return self.teaching + self.hands_on


class Exercise(Strict):
    """A hands-on task with hints; `solution` is Markdown and is shown folded away."""

    task: str
    hints: list[str] = Field(default_factory=list)
    solution: str


class Module(Record, Reviewed):
    """A training module: the front matter of one file under `training_modules/`.

    The Markdown below the front matter is the lesson itself and is published as written.
    """

    title: OneLine
    summary: str
    audience: list[Role] = Field(min_length=1)
    level: Level
    minutes: Minutes
    prerequisites: list[ModuleRef] = Field(default_factory=list)
    objectives: list[str] = Field(min_length=1)
    key_points: list[str] = Field(min_length=1)
    exercises: list[Exercise] = Field(min_length=1)
    sign_off: list[str] = Field(min_length=1)
    status: ModuleStatus

    @property
    def published(self) -> bool:
        return self.status != "draft"


class Track(Record):
    """The modules one role works through, in the order the author suggests.

    The build orders them so that prerequisites come first and adds prerequisites that are
    not listed.
    """

    title: OneLine
    role: Role
    summary: str
    modules: list[ModuleRef] = Field(min_length=1)


class Mentee(Record):
    """Someone who follows a track with a mentor.

    The source names no post-doc, so until experiments name them, mentees are placeholders
    such as "NOvA production post-doc (to be named)" with `placeholder: true`.
    """

    name: OneLine
    experiment: ExperimentRef | None = None
    placeholder: bool
    notes: str | None = None


class Mentoring(Record):
    """A mentor assigned to take one mentee through one track, with a sign-off sheet."""

    mentee: MenteeRef
    mentor: PersonRef
    track: TrackRef
    notes: str | None = None


class GlossaryEntry(Record):
    """A term or acronym the site uses, with the short expansion shown as a tooltip.

    `term` is matched case-sensitively as a whole word on every page. Set `tooltip: false`
    for an everyday word, such as Landscape, whose tooltip would also mark its ordinary use.
    """

    term: GlossaryTerm
    expansion: OneLine
    definition: str
    status: Literal["current", "historical", "transitioning", "verify"]
    tooltip: bool = True
    service: ServiceRef | None = None
    unit: UnitRef | None = None
