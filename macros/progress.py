"""Where each experiment stands on the procedures of a guide, computed from data/progress.yml."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from macros.procedures import Guide, Procedure, Progress, Step

if TYPE_CHECKING:
    from macros.loader import SiteData

NOT_STARTED = "not started"
# Steps with these states need no more work, so they count towards "finished".
FINISHED = ("done", "not applicable")


@dataclass(frozen=True)
class StepState:
    """One step of a procedure and how far one experiment has got with it."""

    procedure: Procedure
    step: Step
    status: str
    date: datetime.date | None = None
    note: str | None = None

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


@dataclass(frozen=True)
class GuideProgress:
    """An experiment's state on every step of a guide, in the guide's order."""

    guide: Guide
    experiment_id: str
    states: tuple[StepState, ...]
    records: tuple[Progress, ...]

    @property
    def finished_count(self) -> int:
        return sum(state.finished for state in self.states)

    @property
    def next_state(self) -> StepState | None:
        """Return the first step that is neither done nor marked not applicable."""
        return next((state for state in self.states if not state.finished), None)

    @property
    def as_of(self) -> datetime.date | None:
        """Return the latest date at which a progress record of this guide was checked."""
        return max((record.as_of for record in self.records), default=None)


def progress_record(site: SiteData, experiment_id: str, procedure_id: str) -> Progress | None:
    return next(
        (
            record
            for record in site.progress.values()
            if record.experiment == experiment_id and record.procedure == procedure_id
        ),
        None,
    )


def step_states(site: SiteData, experiment_id: str, procedure: Procedure) -> list[StepState]:
    """Return each step of the procedure in order; a step the data does not mention is not started."""
    record = progress_record(site, experiment_id, procedure.id)
    recorded = {item.step: item for item in record.steps} if record else {}
    states = []
    for step in procedure.steps:
        item = recorded.get(step.id)
        if item:
            states.append(StepState(procedure, step, item.status, item.date, item.note))
        else:
            states.append(StepState(procedure, step, NOT_STARTED))
    return states


def guide_progress(site: SiteData, guide: Guide, experiment_id: str) -> GuideProgress:
    states: list[StepState] = []
    records = []
    for procedure_id in guide.procedures:
        procedure = site.procedures[procedure_id]
        states.extend(step_states(site, experiment_id, procedure))
        record = progress_record(site, experiment_id, procedure_id)
        if record:
            records.append(record)
    return GuideProgress(guide, experiment_id, tuple(states), tuple(records))


def tracked_experiments(site: SiteData, guide: Guide) -> list[str]:
    """Return the experiments with progress recorded on any procedure of the guide, in data order."""
    return list(_guide_versions(site)[0].get(guide.id, ()))


def guides_of_experiment(site: SiteData, experiment_id: str) -> list[Guide]:
    """Return the guides that have a version for this experiment, in data order."""
    return list(_guide_versions(site)[1].get(experiment_id, ()))


def _guide_versions(site: SiteData) -> tuple[dict[str, list[str]], dict[str, list[Guide]]]:
    """Return the experiments of each guide and the guides of each experiment, made once per build.

    Pages ask for these once per guide and experiment, so scanning the progress records on
    every call would cost time growing with the square of the data.
    """
    if "guide versions" not in site.derived:
        procedures_with_progress: dict[str, set[str]] = {}
        for record in site.progress.values():
            procedures_with_progress.setdefault(record.procedure, set()).add(record.experiment)
        by_guide: dict[str, list[str]] = {}
        by_experiment: dict[str, list[Guide]] = {}
        for guide in site.guides.values():
            tracked: set[str] = set()
            for procedure_id in guide.procedures:
                tracked |= procedures_with_progress.get(procedure_id, set())
            by_guide[guide.id] = [experiment_id for experiment_id in site.experiments if experiment_id in tracked]
            for experiment_id in by_guide[guide.id]:
                by_experiment.setdefault(experiment_id, []).append(guide)
        site.derived["guide versions"] = (by_guide, by_experiment)
    return site.derived["guide versions"]
