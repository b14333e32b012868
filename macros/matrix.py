"""The handoff matrix as plain records: one per duty, with ids, dates and risk rule ids.

The browser filters, the CSV and the JSON export all read these records, so the three
cannot disagree about a duty. This module does not import MkDocs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields
from typing import get_args

from macros import derive, model
from macros.loader import SiteData
from macros.risks import RiskReport

CADENCE_ORDER: tuple[str, ...] = get_args(model.Cadence)
STATUS_ORDER: tuple[str, ...] = get_args(model.HandoffStatus)


@dataclass(frozen=True)
class MatrixRecord:
    """One row of the handoff matrix, with ids where the page shows names."""

    duty: str
    title: str
    experiment: str | None
    detector: str | None
    cadence: str
    jobs_per_day: int | None
    files_per_day: int | None
    scale: str | None
    owner: str | None
    owner_leaves: datetime.date | None
    receiver: str
    receiving_group: str | None
    interim: str | None
    handoff_due: datetime.date
    status: str
    risks: tuple[str, ...]

    @classmethod
    def field_names(cls) -> list[str]:
        return [item.name for item in fields(cls)]

    @property
    def receiving_side(self) -> str:
        """Return the final receiver as one value: 'experiment', 'group:<unit id>', or 'not stated'."""
        if self.receiver == "group" and self.receiving_group:
            return f"group:{self.receiving_group}"
        return self.receiver


def matrix_records(site: SiteData, report: RiskReport) -> list[MatrixRecord]:
    """Return one record per duty, in data order.

    `risks` lists the ids of the rules whose flags are about the duty or name it, such as
    the rule that flags its owner for leaving with duties not handed over.
    """
    return [_record(site, report, duty) for duty in site.duties.values()]


def _record(site: SiteData, report: RiskReport, duty: model.Duty) -> MatrixRecord:
    owner = site.people[duty.owner] if duty.owner else None
    return MatrixRecord(
        duty=duty.id,
        title=duty.title,
        experiment=duty.experiment,
        detector=duty.detector,
        cadence=duty.cadence,
        jobs_per_day=duty.scale.jobs_per_day if duty.scale else None,
        files_per_day=duty.scale.files_per_day if duty.scale else None,
        scale=duty.scale.as_written if duty.scale else None,
        owner=duty.owner,
        owner_leaves=owner.leaves if owner else None,
        receiver=duty.successor.receiver,
        receiving_group=duty.successor.group,
        interim=duty.successor.interim,
        handoff_due=derive.handoff_due(site, duty),
        status=duty.status,
        risks=tuple(dict.fromkeys(flag.rule for flag in report.involving("duties", duty.id))),
    )
