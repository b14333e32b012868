"""The Gantt source names every ramp-down step and marks each by its dates and status."""

from __future__ import annotations

import pytest

from macros.gantt import gantt_source
from macros.loader import load_site
from tests.conftest import PROJECT_DIR
from tests.test_exports import DATED_STEPS

MILESTONES = """\
milestones:
  - id: finished
    number: 1
    title: "Finished: step"
    description: Done on time.
    start: 2016-01-04
    due: 2016-02-01
    status: done
  - id: running
    number: 2
    title: Running step
    description: Under way.
    start: 2016-03-01
    due: 2016-04-01
    status: in progress
  - id: late
    number: 3
    title: Late step
    description: Due before the reference date of 2016-03-15 and still planned.
    due: 2016-03-01
    status: planned
  - id: dropped
    number: 4
    title: Dropped step
    description: Cancelled.
    start: 2016-05-01
    due: 2016-06-01
    status: cancelled
  - id: someday
    number: 5
    title: Someday step
    description: No date.
    status: planned
"""


def test_gantt_tags_follow_status(write_data):
    site = load_site(write_data({"milestones.yml": MILESTONES}))
    lines = gantt_source(site).splitlines()
    assert lines.index("    section Planned") < lines.index("    section In progress")
    assert lines.index("    section In progress") < lines.index("    section Done")
    assert lines.index("    section Done") < lines.index("    section Cancelled")
    # The colon would end the task title in Mermaid, so it becomes a space.
    assert "    Step 1 Finished step :done, step1, 2016-01-04, 2016-02-01" in lines
    assert "    Step 2 Running step :active, step2, 2016-03-01, 2016-04-01" in lines
    assert "    Step 3 Late step :crit, milestone, step3, 2016-03-01, 0d" in lines
    assert "    Step 4 Dropped step :step4, 2016-05-01, 2016-06-01" in lines
    assert "    %% Step 5 Someday step (planned) has no date" in lines
    assert lines[-1] == "    %% Step 5 Someday step (planned) has no date"


@pytest.fixture(scope="module")
def site():
    return load_site(PROJECT_DIR)


def test_gantt_lists_every_milestone(site):
    source = gantt_source(site)
    lines = source.splitlines()
    for milestone in site.milestones.values():
        named = [line for line in lines if f"Step {milestone.number} " in line]
        assert len(named) == 1, milestone.id
        if milestone.id in DATED_STEPS:
            assert not named[0].lstrip().startswith("%%"), milestone.id
        else:
            assert named[0].lstrip().startswith("%%"), milestone.id
            assert named[0].endswith("has no date"), milestone.id


def test_gantt_dates_and_tags(site):
    lines = gantt_source(site).splitlines()
    assert "    section Planned" in lines
    assert "    Step 5 Anna Mazzacane becomes POMS project manager :step5, 2016-05-01, 2016-06-20" in lines
    assert "    Step 15 Pilot the training and mentoring framework :step15, 2016-06-21, 2016-12-20" in lines
    # Step 7 has a due date only, so it is a diamond on that day.
    assert "    Step 7 End Vito Di Benedetto's production submission work :milestone, step7, 2016-09-22, 0d" in lines
    assert "    todayMarker off" in lines
