"""Order training tracks by prerequisites, schedule them into days, and check the training data.

Ordering and scheduling work on plain ids and minutes, so they can be tested on small cases
worked by hand. `check_training` applies the same rules to the loaded records and reports
each problem at the file and line where it was written. Nothing here imports MkDocs.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from macros.problems import Problem
from macros.training_model import Module, Track

# Builds a Problem at a key of a record: (collection, record id, key path, message).
ProblemAt = Callable[[str, str, tuple[Any, ...], str], Problem]


class OrderingError(ValueError):
    """Raised when a track cannot be put in prerequisite order."""


class CycleError(OrderingError):
    """Raised when prerequisites loop back on themselves. `cycle` ends with the id it starts with."""

    def __init__(self, cycle: Sequence[str]) -> None:
        self.cycle = list(cycle)
        super().__init__(cycle_message(self.cycle))


class UnknownModuleError(OrderingError):
    """Raised when a track or a prerequisite names a module id that does not exist."""

    def __init__(self, module_id: str, needed_by: str | None, known: Sequence[str]) -> None:
        self.module_id = module_id
        self.needed_by = needed_by
        where = f" (a prerequisite of '{needed_by}')" if needed_by else ""
        super().__init__(f"'{module_id}' is not a known module id{where}{suggestion(module_id, known)}")


class RepeatedModuleError(OrderingError):
    """Raised when a track lists the same module twice."""

    def __init__(self, module_id: str) -> None:
        self.module_id = module_id
        super().__init__(f"'{module_id}' is listed more than once in the track")


def cycle_message(cycle: Sequence[str]) -> str:
    """Describe a cycle such as ['a', 'b', 'a'], in which each module needs the next one."""
    path = " -> ".join(cycle)
    if len(cycle) == 2:
        return f"module '{cycle[0]}' lists itself as a prerequisite: {path}"
    return f"prerequisites form a cycle: {path} (each module needs the next one)"


def suggestion(value: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


@dataclass(frozen=True)
class Placement:
    """A module's place in an ordered track.

    `listed` is False for a prerequisite the track did not list and that was pulled in.
    `needed_by` names the modules of the track that list this one as a prerequisite.
    """

    module_id: str
    listed: bool
    needed_by: tuple[str, ...]


def order_track(listed: Sequence[str], prerequisites: Mapping[str, Sequence[str]]) -> list[Placement]:
    """Order a track so that every module comes after its prerequisites.

    `prerequisites` maps every known module id to the ids it needs. Each listed module is
    placed in the track's order, and its prerequisites that are not placed yet go right
    before it, depth first and in the order the module lists them. So the result keeps the
    track's order wherever prerequisites allow, and the same input always gives the same
    order. Prerequisites missing from the track are pulled in with `listed=False`.

    Raises CycleError, UnknownModuleError or RepeatedModuleError.
    """
    seen: set[str] = set()
    for module_id in listed:
        if module_id in seen:
            raise RepeatedModuleError(module_id)
        seen.add(module_id)

    order: list[str] = []
    placed: set[str] = set()
    path: list[str] = []

    def visit(module_id: str, needed_by: str | None) -> None:
        if module_id in placed:
            return
        if module_id not in prerequisites:
            raise UnknownModuleError(module_id, needed_by, sorted(prerequisites))
        if module_id in path:
            raise CycleError([*path[path.index(module_id) :], module_id])
        path.append(module_id)
        for prerequisite in prerequisites[module_id]:
            visit(prerequisite, module_id)
        path.pop()
        placed.add(module_id)
        order.append(module_id)

    for module_id in listed:
        visit(module_id, None)

    return [
        Placement(
            module_id,
            module_id in seen,
            tuple(other for other in order if module_id in prerequisites[other]),
        )
        for module_id in order
    ]


def find_cycles(prerequisites: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Return one cycle for each loop in the prerequisite graph, each starting at its smallest id.

    Ids that are not keys of `prerequisites` are ignored, because the loader reports them.
    """
    cycles: dict[frozenset[str], list[str]] = {}
    finished: set[str] = set()
    path: list[str] = []

    def visit(module_id: str) -> None:
        if module_id in finished or module_id not in prerequisites:
            return
        if module_id in path:
            loop = path[path.index(module_id) :]
            start = loop.index(min(loop))
            rotated = loop[start:] + loop[:start]
            cycles.setdefault(frozenset(loop), [*rotated, rotated[0]])
            return
        path.append(module_id)
        for prerequisite in prerequisites[module_id]:
            visit(prerequisite)
        path.pop()
        finished.add(module_id)

    for module_id in sorted(prerequisites):
        visit(module_id)
    return sorted(cycles.values())


def depths(prerequisites: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Return the length of each module's longest chain of prerequisites. The graph must have no cycle."""
    result: dict[str, int] = {}

    def depth(module_id: str) -> int:
        if module_id not in result:
            needed = [depth(other) for other in prerequisites[module_id] if other in prerequisites]
            result[module_id] = 1 + max(needed) if needed else 0
        return result[module_id]

    for module_id in prerequisites:
        depth(module_id)
    return result


@dataclass(frozen=True)
class Session:
    """When a module is taught: on `first_day`, or over `first_day` to `last_day` if longer than a day."""

    module_id: str
    minutes: int
    first_day: int
    last_day: int


@dataclass(frozen=True)
class TeachingDay:
    """One day of a schedule, or the run of days that a module longer than a day has to itself."""

    first_day: int
    last_day: int
    sessions: tuple[Session, ...]

    @property
    def minutes(self) -> int:
        return sum(session.minutes for session in self.sessions)


def schedule(durations: Sequence[tuple[str, int]], hours_per_day: float) -> list[Session]:
    """Place modules, in the given order, on days of at most `hours_per_day` hours.

    A module is never split: one that does not fit in what is left of a day starts the next
    day. A module longer than a whole day starts on a fresh day and has as many consecutive
    days as it needs to itself. The next module starts on the day after them.
    """
    capacity = hours_per_day * 60
    sessions: list[Session] = []
    day = 1
    used = 0
    day_is_empty = True
    for module_id, minutes in durations:
        if minutes > capacity:
            first_day = day if day_is_empty else day + 1
            last_day = first_day + math.ceil(minutes / capacity) - 1
            sessions.append(Session(module_id, minutes, first_day, last_day))
            day, used, day_is_empty = last_day + 1, 0, True
            continue
        if used + minutes > capacity:
            day, used = day + 1, 0
        sessions.append(Session(module_id, minutes, day, day))
        used += minutes
        day_is_empty = False
    return sessions


def teaching_days(sessions: Sequence[Session]) -> list[TeachingDay]:
    """Group sessions by the day, or run of days, they fall on."""
    days: list[TeachingDay] = []
    for session in sessions:
        if days and (days[-1].first_day, days[-1].last_day) == (session.first_day, session.last_day):
            days[-1] = TeachingDay(session.first_day, session.last_day, (*days[-1].sessions, session))
        else:
            days.append(TeachingDay(session.first_day, session.last_day, (session,)))
    return days


_DRAFT_ADVICE = "drafts are never published, so set its status to beta or stable or remove it here"


def check_training(collections: Mapping[str, Mapping[str, Any]], problem_at: ProblemAt) -> list[Problem]:
    """Check the training records that passed validation and return every problem found.

    References to unknown ids are left to the loader, which reports them with the nearest id.
    """
    modules: Mapping[str, Module] = collections.get("modules", {})
    problems = _check_prerequisites(modules, problem_at)
    for track in collections.get("tracks", {}).values():
        problems.extend(_check_track(track, modules, problem_at))
    for duty in collections.get("duties", {}).values():
        for index, module_id in enumerate(duty.training):
            module = modules.get(module_id)
            if module is not None and not module.published:
                message = f"module '{module_id}' is a draft; {_DRAFT_ADVICE}"
                problems.append(problem_at("duties", duty.id, ("training", index), message))
    return problems


def _check_prerequisites(modules: Mapping[str, Module], problem_at: ProblemAt) -> list[Problem]:
    problems = []
    graph = {module_id: module.prerequisites for module_id, module in modules.items()}
    for cycle in find_cycles(graph):
        first = modules[cycle[0]]
        index = first.prerequisites.index(cycle[1])
        problems.append(problem_at("modules", first.id, ("prerequisites", index), cycle_message(cycle)))

    for module in modules.values():
        if not module.published:
            continue
        for index, prerequisite_id in enumerate(module.prerequisites):
            prerequisite = modules.get(prerequisite_id)
            if prerequisite is not None and not prerequisite.published:
                message = f"prerequisite '{prerequisite_id}' is a draft; {_DRAFT_ADVICE}"
                problems.append(problem_at("modules", module.id, ("prerequisites", index), message))
    return problems


def _check_track(track: Track, modules: Mapping[str, Module], problem_at: ProblemAt) -> list[Problem]:
    problems = []
    first_index: dict[str, int] = {}
    for index, module_id in enumerate(track.modules):
        loc = ("modules", index)
        if module_id in first_index:
            message = f"'{module_id}' is listed more than once (first as item {first_index[module_id] + 1})"
            problems.append(problem_at("tracks", track.id, loc, message))
            continue
        first_index[module_id] = index
        module = modules.get(module_id)
        if module is None:
            continue
        if not module.published:
            problems.append(problem_at("tracks", track.id, loc, f"module '{module_id}' is a draft; {_DRAFT_ADVICE}"))
        elif track.role not in module.audience:
            message = (
                f"module '{module_id}' is not written for the role '{track.role}' "
                f"(its audience is {', '.join(module.audience)}); "
                "add the role to the module's audience or remove the module from the track"
            )
            problems.append(problem_at("tracks", track.id, loc, message))
    return problems


@dataclass(frozen=True)
class TrackPlan:
    """A track in prerequisite order, with its day-by-day schedule and time totals in minutes."""

    placements: tuple[Placement, ...]
    sessions: tuple[Session, ...]
    teaching_minutes: int
    hands_on_minutes: int

    @property
    def total_minutes(self) -> int:
        return self.teaching_minutes + self.hands_on_minutes

    @property
    def days(self) -> int:
        return self.sessions[-1].last_day if self.sessions else 0


def plan_track(track: Track, modules: Mapping[str, Module], hours_per_day: float) -> TrackPlan:
    """Order, total and schedule a track whose records have passed `check_training`."""
    graph = {module_id: module.prerequisites for module_id, module in modules.items()}
    placements = order_track(track.modules, graph)
    chosen = [modules[placement.module_id] for placement in placements]
    sessions = schedule([(module.id, module.minutes.total) for module in chosen], hours_per_day)
    return TrackPlan(
        tuple(placements),
        tuple(sessions),
        sum(module.minutes.teaching for module in chosen),
        sum(module.minutes.hands_on for module in chosen),
    )


def course_order(modules: Mapping[str, Module]) -> list[Module]:
    """Return the published modules from the most basic to the most advanced.

    Modules are sorted by the length of their longest prerequisite chain, then by title,
    which is one valid prerequisite order for the whole programme.
    """
    published = {module_id: module for module_id, module in modules.items() if module.published}
    depth = depths({module_id: module.prerequisites for module_id, module in published.items()})
    return sorted(published.values(), key=lambda module: (depth[module.id], module.title.casefold()))
