"""Files every build writes next to the pages: the matrix as CSV and JSON, and a calendar.

The content depends only on the data, never on the clock or on the order of a set, so two
builds of the same data write byte-identical files. Calendar UIDs are made from record ids,
so a calendar client that subscribes to the feed updates an event when its dates change
instead of adding a second one. This module does not import MkDocs.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from typing import Any

import icalendar

from macros import model
from macros.loader import SiteData
from macros.matrix import MatrixRecord, matrix_records
from macros.risks import RULES, RULES_BY_ID, RiskReport

EXPORT_DIR = "exports"
CSV_PATH = f"{EXPORT_DIR}/handoff-matrix.csv"
JSON_PATH = f"{EXPORT_DIR}/handoff-matrix.json"
CALENDAR_PATH = f"{EXPORT_DIR}/handoff-deadlines.ics"

# The right-hand side of every UID. RFC 5545 requires UIDs to be globally unique and suggests
# a domain name here. The project has no domain of its own, so a fixed name is used instead.
UID_SUFFIX = "opos-handover"
# Separates the rule ids in the `risks` column of the CSV file.
RISK_SEPARATOR = ";"


def export_files(site: SiteData, report: RiskReport) -> dict[str, bytes]:
    """Return every export, by its path under the site folder."""
    records = matrix_records(site, report)
    return {
        CSV_PATH: matrix_csv(records).encode("utf-8"),
        JSON_PATH: matrix_json(site, records).encode("utf-8"),
        CALENDAR_PATH: deadline_calendar(site, report),
    }


def matrix_csv(records: list[MatrixRecord]) -> str:
    """Write the matrix as CSV (RFC 4180): a header row of field names, then one row per duty.

    An empty cell is a value the data leaves out. Dates are ISO 8601, and `risks` lists rule
    ids separated by semicolons.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(MatrixRecord.field_names())
    for record in records:
        writer.writerow(_csv_cell(getattr(record, name)) for name in MatrixRecord.field_names())
    return buffer.getvalue()


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return RISK_SEPARATOR.join(value)
    return str(value)


def matrix_json(site: SiteData, records: list[MatrixRecord]) -> str:
    """Write the matrix as JSON: the reference date, the risk rules, and one object per duty."""
    document = {
        "reference_date": site.settings.reference_date.isoformat(),
        "risk_rules": [{"id": rule.id, "title": rule.title} for rule in RULES],
        "duties": [{name: _json_value(getattr(record, name)) for name in record.field_names()} for record in records],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def deadline_calendar(site: SiteData, report: RiskReport) -> bytes:
    """Write an iCalendar feed of handoff deadlines and dated ramp-down steps.

    Each event is an all-day event. DTSTAMP is midnight UTC of the reference date rather
    than the build time, so that rebuilding unchanged data changes nothing. Steps with no
    date in the data are left out instead of being given an invented one.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{site.settings.title}//Handoff deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{site.settings.title}: handoff deadlines")
    stamp = datetime.datetime.combine(site.settings.reference_date, datetime.time(0, 0), tzinfo=datetime.UTC)

    for record in matrix_records(site, report):
        calendar.add_component(_handoff_event(site, record, stamp))
    for milestone in site.milestones.values():
        if milestone.start or milestone.due:
            calendar.add_component(_milestone_event(milestone, stamp))
    return calendar.to_ical()


def handoff_uid(duty_id: str) -> str:
    return f"handoff-{duty_id}@{UID_SUFFIX}"


def milestone_uid(milestone_id: str) -> str:
    return f"milestone-{milestone_id}@{UID_SUFFIX}"


def _all_day_event(
    uid: str, summary: str, first: datetime.date, last: datetime.date, stamp: datetime.datetime
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", first)
    # DTEND of an all-day event is exclusive: the day after the last day.
    event.add("dtend", last + datetime.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    return event


def _handoff_event(site: SiteData, record: MatrixRecord, stamp: datetime.datetime) -> icalendar.Event:
    duty = site.duties[record.duty]
    event = _all_day_event(
        handoff_uid(duty.id), f"Handoff due: {duty.title}", record.handoff_due, record.handoff_due, stamp
    )
    lines = [
        f"Experiment: {_experiment_name(site, duty)}",
        f"Owner: {site.people[duty.owner].name if duty.owner else 'nobody named'}",
        f"Receiving side: {receiving_side_text(site, duty)}",
        f"Status on {site.settings.reference_date.isoformat()}: {duty.status}",
    ]
    if record.risks:
        lines.append("Risks: " + ", ".join(RULES_BY_ID[rule_id].label for rule_id in record.risks))
    event.add("description", "\n".join(lines))
    event.add("categories", ["Handoff"])
    return event


def _milestone_event(milestone: model.Milestone, stamp: datetime.datetime) -> icalendar.Event:
    first = milestone.start or milestone.due
    last = milestone.due or milestone.start
    assert first is not None and last is not None
    summary = f"Ramp-down step {milestone.number}: {milestone.title}"
    event = _all_day_event(milestone_uid(milestone.id), summary, first, last, stamp)
    lines = [milestone.description, f"Status: {milestone.status}"]
    if milestone.when_as_written:
        lines.append(f"When, as the source writes it: {milestone.when_as_written}")
    if not milestone.start:
        lines.append("The source gives a deadline only, so the event is on that day.")
    event.add("description", "\n".join(lines))
    event.add("categories", ["Ramp-down"])
    if milestone.status == "cancelled":
        event.add("status", "CANCELLED")
    return event


def _experiment_name(site: SiteData, duty: model.Duty) -> str:
    return site.experiments[duty.experiment].name if duty.experiment else "all experiments"


def receiving_side_text(site: SiteData, duty: model.Duty) -> str:
    """Describe the receiving side in plain text, as the matrix shows it."""
    successor = duty.successor
    if successor.receiver == "experiment":
        final = _experiment_name(site, duty) if duty.experiment else "each experiment"
    elif successor.receiver == "group" and successor.group:
        final = site.units[successor.group].short_name
    else:
        final = "not stated"
    if successor.interim:
        return f"{site.people[successor.interim].name} first, then {final}"
    return final
