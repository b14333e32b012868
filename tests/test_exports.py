"""The matrix exports and the calendar parse back to the records they were written from."""

from __future__ import annotations

import csv
import datetime
import io
import json

import icalendar
import pytest

from macros.exports import CALENDAR_PATH, CSV_PATH, JSON_PATH, export_files
from macros.loader import load_site
from macros.matrix import MatrixRecord, matrix_records
from macros.risks import assess
from tests.conftest import PROJECT_DIR
from tests.site_tools import build_site

INTEGER_FIELDS = {"jobs_per_day", "files_per_day"}
DATE_FIELDS = {"owner_leaves", "handoff_due"}

# Ramp-down steps with a start or a due date in data/milestones.yml.
DATED_STEPS = {
    "anna-poms-project-manager": (datetime.date(2016, 5, 1), datetime.date(2016, 6, 20)),
    "transfer-anna-and-vito": (datetime.date(2016, 6, 21), datetime.date(2016, 9, 22)),
    "end-vito-production-submission": (datetime.date(2016, 9, 22), datetime.date(2016, 9, 22)),
    "anna-ci-project-manager": (datetime.date(2016, 6, 21), datetime.date(2016, 9, 22)),
    "vito-on-ci": (datetime.date(2016, 9, 30), datetime.date(2016, 9, 30)),
    "transfer-remaining-interns": (datetime.date(2016, 6, 21), datetime.date(2016, 9, 22)),
    "hire-associate": (datetime.date(2016, 8, 15), datetime.date(2016, 9, 22)),
    "pilot-training-framework": (datetime.date(2016, 6, 21), datetime.date(2016, 12, 20)),
}


@pytest.fixture(scope="module")
def site():
    return load_site(PROJECT_DIR)


@pytest.fixture(scope="module")
def exports(site):
    return export_files(site, assess(site))


@pytest.fixture(scope="module")
def records(site):
    return matrix_records(site, assess(site))


def parse_value(name: str, value):
    """Turn one exported value back into the type MatrixRecord holds."""
    if value is None or value == "":
        return () if name == "risks" else None
    if name in INTEGER_FIELDS:
        return int(value)
    if name in DATE_FIELDS:
        return datetime.date.fromisoformat(value)
    if name == "risks":
        return tuple(value.split(";")) if isinstance(value, str) else tuple(value)
    return value


def test_csv_parses_back(exports, records):
    rows = list(csv.DictReader(io.StringIO(exports[CSV_PATH].decode("utf-8"), newline="")))
    parsed = [MatrixRecord(**{name: parse_value(name, value) for name, value in row.items()}) for row in rows]
    assert parsed == records
    assert len(parsed) == 18


def test_csv_raw2root_row(exports):
    rows = {row["duty"]: row for row in csv.DictReader(io.StringIO(exports[CSV_PATH].decode("utf-8")))}
    row = rows["nova-raw2root-keep-up"]
    assert row["experiment"] == "nova"
    assert row["cadence"] == "daily"
    assert row["jobs_per_day"] == "2000"
    assert row["files_per_day"] == "50000"
    assert row["owner"] == "paola-buitrago"
    assert row["owner_leaves"] == "2016-07-01"
    assert row["receiver"] == "experiment"
    assert row["interim"] == "michele-fattoruso"
    assert row["handoff_due"] == "2016-07-01"
    # The duty links the keep-up procedures and module, so only its owner's leaving is flagged.
    assert row["risks"] == "leaving-with-open-duties"


def test_json_parses_back(exports, records):
    document = json.loads(exports[JSON_PATH])
    parsed = [
        MatrixRecord(**{name: parse_value(name, value) for name, value in item.items()}) for item in document["duties"]
    ]
    assert parsed == records
    assert document["reference_date"] == "2016-03-15"
    assert [rule["id"] for rule in document["risk_rules"]][:2] == ["overdue", "no-successor"]


def test_json_lariat_row(exports):
    duties = {item["duty"]: item for item in json.loads(exports[JSON_PATH])["duties"]}
    lariat = duties["lariat-raw2digit"]
    assert lariat["receiver"] == "not stated"
    assert lariat["owner"] == "michele-fattoruso"
    assert lariat["owner_leaves"] is None
    assert lariat["handoff_due"] == "2016-10-01"
    assert lariat["risks"] == ["no-successor", "no-procedure-or-training"]


def calendar_events(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    events = [component for component in calendar.walk("VEVENT")]
    uids = [str(event["UID"]) for event in events]
    assert len(uids) == len(set(uids)), "UIDs repeat"
    return {uid: event for uid, event in zip(uids, events, strict=True)}


def test_calendar_handoff_events(exports, records):
    events = calendar_events(exports[CALENDAR_PATH])
    for record in records:
        event = events[f"handoff-{record.duty}@opos-handover"]
        assert event.decoded("DTSTART") == record.handoff_due
        assert event.decoded("DTEND") == record.handoff_due + datetime.timedelta(days=1)
    raw2root = events["handoff-nova-raw2root-keep-up@opos-handover"]
    assert str(raw2root["SUMMARY"]) == "Handoff due: NOvA raw2root keep-up"
    assert raw2root.decoded("DTSTART") == datetime.date(2016, 7, 1)
    assert "Receiving side: Michele Fattoruso first, then NOvA" in str(raw2root["DESCRIPTION"])


def test_calendar_milestone_events(exports, site):
    events = calendar_events(exports[CALENDAR_PATH])
    milestone_uids = {uid for uid in events if uid.startswith("milestone-")}
    assert milestone_uids == {f"milestone-{step}@opos-handover" for step in DATED_STEPS}
    for step, (first, last) in DATED_STEPS.items():
        event = events[f"milestone-{step}@opos-handover"]
        assert event.decoded("DTSTART") == first
        assert event.decoded("DTEND") == last + datetime.timedelta(days=1)
    assert len(events) == 18 + len(DATED_STEPS)


def test_calendar_stamp_is_reference_date(exports):
    events = calendar_events(exports[CALENDAR_PATH])
    stamps = {event.decoded("DTSTAMP") for event in events.values()}
    assert stamps == {datetime.datetime(2016, 3, 15, tzinfo=datetime.UTC)}


def test_exports_identical_across_builds(built_site, tmp_path):
    result = build_site(PROJECT_DIR, tmp_path / "again")
    assert result.returncode == 0, result.stderr
    for path in (CSV_PATH, JSON_PATH, CALENDAR_PATH):
        assert (built_site / path).read_bytes() == (tmp_path / "again" / path).read_bytes(), path
    first = calendar_events((built_site / CALENDAR_PATH).read_bytes())
    second = calendar_events((tmp_path / "again" / CALENDAR_PATH).read_bytes())
    assert list(first) == list(second)


def test_built_exports_match_data(built_site, exports):
    for path, content in exports.items():
        assert (built_site / path).read_bytes() == content, path
