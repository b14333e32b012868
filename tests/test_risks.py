"""Each risk rule on small data written by hand, with the flags it must raise and no others.

The minimal site settings in conftest set the reference date to 2016-03-15, fiscal year
2017 to start on 2016-10-01, and at most 3 duties per owner.
"""

from __future__ import annotations

from macros import risks
from macros.loader import SiteData, load_site

PEOPLE = """\
people:
  - id: olive
    name: Olive Owner
    role: Runs keep-up
    appointment: intern
    leaves: 2016-06-30
  - id: sam
    name: Sam Stayer
    role: Staff member
    appointment: staff
  - id: ivan
    name: Ivan Interim
    role: Covers duties for a while
    appointment: intern
    leaves: 2016-05-01
  - id: gus
    name: Gus Gone
    role: Left early
    appointment: intern
    leaves: 2016-03-10
"""


def duty(
    duty_id: str,
    *,
    owner: str = "sam",
    status: str = "not started",
    due: str | None = None,
    receiver: str = "experiment",
    group: str | None = None,
    interim: str | None = None,
) -> str:
    lines = [
        f"  - id: {duty_id}",
        f"    title: Duty {duty_id}",
        "    description: A duty written for a test.",
        f"    owner: {owner}",
        "    cadence: daily",
        f"    status: {status}",
        "    successor:",
        f"      receiver: {receiver}",
    ]
    if group:
        lines.append(f"      group: {group}")
    if interim:
        lines.append(f"      interim: {interim}")
    if due:
        lines.append(f"    due: {due}")
    return "\n".join(lines) + "\n"


def site_with(write_data, *duties: str) -> SiteData:
    project = write_data({"people.yml": PEOPLE, "duties.yml": "duties:\n" + "".join(duties)})
    return load_site(project)


def keys(flags: list[risks.Flag]) -> list[tuple[str, str]]:
    return [(flag.collection, flag.record_id) for flag in flags]


def test_overdue_handoff(write_data):
    site = site_with(
        write_data,
        duty("late", due="2016-03-01", status="shadowing"),
        duty("late-but-done", due="2016-03-01", status="handed over"),
        duty("due-today", due="2016-03-15"),
        duty("owner-gone", owner="gus"),
        duty("future", due="2016-04-01"),
    )
    flags = risks.overdue_handoffs(site)
    assert keys(flags) == [("duties", "late"), ("duties", "owner-gone")]
    assert flags[0].message == (
        "handoff was due on 2016-03-01 (14 days before the reference date) and its status is 'shadowing'"
    )
    # With no due date of its own, the duty was due the day its owner left.
    assert flags[1].message.startswith("handoff was due on 2016-03-10 (5 days before the reference date)")


def test_duty_without_successor(write_data):
    site = site_with(
        write_data,
        duty("unnamed", receiver="not stated"),
        duty("group-unnamed", receiver="group"),
        duty("to-usdc", receiver="group", group="usdc"),
        duty("to-experiment"),
    )
    flags = risks.duties_without_successor(site)
    assert keys(flags) == [("duties", "unnamed"), ("duties", "group-unnamed")]
    assert flags[0].message == "no receiving experiment or group is named"
    assert flags[1].message == "it goes to a group, but the data does not say which"


def test_successor_leaves_before_handoff(write_data):
    site = site_with(
        write_data,
        duty("after-interim-leaves", due="2016-06-01", interim="ivan"),
        duty("on-leaving-day", due="2016-05-01", interim="ivan"),
        duty("before-interim-leaves", due="2016-04-15", interim="ivan"),
        duty("finished", due="2016-06-01", interim="ivan", status="handed over"),
        duty("stayer-covers", due="2016-06-01", owner="olive", interim="sam"),
    )
    flags = risks.successors_leaving_early(site)
    assert keys(flags) == [("duties", "after-interim-leaves"), ("duties", "on-leaving-day")]
    assert flags[0].message == (
        "Ivan Interim, who is to cover it, leaves on 2016-05-01, not after the handoff due on 2016-06-01"
    )
    assert flags[0].related == (("people", "ivan"),)


def test_owner_over_duty_limit(write_data):
    site = site_with(
        write_data,
        *(duty(f"sam-{number}") for number in range(1, 5)),
        *(duty(f"olive-{number}", owner="olive") for number in range(1, 4)),
        duty("olive-done", owner="olive", status="handed over"),
    )
    flags = risks.overloaded_owners(site)
    assert keys(flags) == [("people", "sam")]
    assert flags[0].message == "holds 4 duties not yet handed over, more than the limit of 3"
    assert flags[0].related == tuple(("duties", f"sam-{number}") for number in range(1, 5))


def test_duty_without_procedure_or_training(write_data):
    site = site_with(write_data, duty("bare"), duty("with-procedure"), duty("with-training"), duty("with-both"))
    # No procedure or training module collection exists in these small data folders, so the
    # links are set on the validated records directly.
    duties = dict(site.duties)
    duties["with-procedure"] = duties["with-procedure"].model_copy(update={"procedures": ["keep-up-runbook"]})
    duties["with-training"] = duties["with-training"].model_copy(update={"training": ["poms-concepts"]})
    duties["with-both"] = duties["with-both"].model_copy(
        update={"procedures": ["keep-up-runbook"], "training": ["poms-concepts"]}
    )
    site = SiteData(site.settings, {**site.collections, "duties": duties}, site.locations)

    flags = risks.duties_without_procedure_or_training(site)
    assert keys(flags) == [("duties", "bare"), ("duties", "with-procedure"), ("duties", "with-training")]
    assert flags[0].message == "no procedure and no training module linked"
    assert flags[1].message == "no training module linked"
    assert flags[2].message == "no procedure linked"


def test_person_leaving_with_open_duties(write_data):
    site = site_with(
        write_data,
        duty("olive-open", owner="olive"),
        duty("olive-done", owner="olive", status="handed over"),
        duty("sam-open"),
        duty("covered-by-ivan", interim="ivan"),
    )
    flags = risks.people_leaving_with_open_duties(site)
    assert keys(flags) == [("people", "olive")]
    assert flags[0].message == "leaves on 2016-06-30 (107 days after the reference date) with 1 duty not handed over"
    assert flags[0].related == (("duties", "olive-open"),)


def test_report_in_rule_order(write_data):
    site = site_with(write_data, duty("unnamed", owner="gus", receiver="not stated"))
    report = risks.assess(site)
    assert [flag.rule for flag in report.flags] == [
        "overdue",
        "no-successor",
        "no-procedure-or-training",
        "leaving-with-open-duties",
    ]
    assert [flag.rule for flag in report.involving("duties", "unnamed")] == [
        "overdue",
        "no-successor",
        "no-procedure-or-training",
        "leaving-with-open-duties",
    ]
    assert report.reference_date.isoformat() == "2016-03-15"
