"""Procedures, guides, progress and checklists: validation, progress and checklist copies."""

from __future__ import annotations

import datetime

import pytest

from macros.checklists import Party, copies
from macros.guide_views import next_review_date
from macros.loader import load_site
from macros.problems import DataError
from macros.progress import guide_progress, step_states

REVIEW = "    owner: usdc\n    last_reviewed: 2026-12-04\n    review_every_months: 12\n"

EXPERIMENTS = """\
experiments:
  - id: hypot
    name: Hypot
    description: A fictional experiment.
    used_opos: false
    in_ramp_down_plan: true
  - id: other
    name: Other
    description: Another fictional experiment.
    used_opos: false
    in_ramp_down_plan: false
"""

PROCEDURES = (
    """\
procedures:
  - id: onboard
    title: Onboard
    summary: Onboard an experiment.
"""
    + REVIEW
    + """\
    steps:
      - id: request
        title: Request
        actor: experiment lead
        action: File the request.
        done_when: The ticket is accepted.
      - id: provisioning
        title: Provisioning
        actor: lab service desk
        action: Create the accounts.
        done_when: A member can log in.
      - id: test-jobs
        title: Test jobs
        actor: experiment lead
        action: Run test jobs.
        done_when: They finish.
"""
)

GUIDES = (
    """\
guides:
  - id: onboarding
    title: Onboarding
    audience: Experiment leads.
    summary: Onboarding.
    procedures: [onboard]
"""
    + REVIEW
)


def progress(steps: str, record_id: str = "hypot-onboard", experiment: str = "hypot") -> str:
    return (
        f"progress:\n  - id: {record_id}\n    experiment: {experiment}\n    procedure: onboard\n"
        f"    as_of: 2016-03-15\n    steps:\n{steps}"
    )


def checklist(items: str, copies_line: str = "", sign_off: str = "[production operator]") -> str:
    return (
        "checklists:\n  - id: ready\n    title: Ready\n    version: 2\n    summary: Ready to launch.\n"
        f"    sign_off: {sign_off}\n{copies_line}"
        + REVIEW
        + "    sections:\n      - title: First\n        items:\n"
        + items
    )


ITEM_A = "          - id: a\n            text: Item A.\n            role: production operator\n"
ITEM_B = "          - id: b\n            text: Item B.\n            role: mentor\n"


def problems_of(project) -> list:
    with pytest.raises(DataError) as caught:
        load_site(project)
    return caught.value.problems


def only_problem(project):
    problems = problems_of(project)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def test_valid_records_load(write_data):
    steps = "      - step: request\n        status: done\n        date: 2016-02-01\n"
    project = write_data(
        {
            "experiments.yml": EXPERIMENTS,
            "procedures.yml": PROCEDURES,
            "guides.yml": GUIDES,
            "progress.yml": progress(steps),
            "checklists.yml": checklist(ITEM_A + ITEM_B),
        }
    )
    site = load_site(project)
    assert [step.id for step in site.procedures["onboard"].steps] == ["request", "provisioning", "test-jobs"]
    assert site.progress["hypot-onboard"].steps[0].date == datetime.date(2016, 2, 1)
    assert site.checklists["ready"].version == 2


def test_progress_unknown_step(write_data):
    steps = "      - step: request\n        status: done\n      - step: provisionning\n        status: done\n"
    project = write_data(
        {"experiments.yml": EXPERIMENTS, "procedures.yml": PROCEDURES, "progress.yml": progress(steps)}
    )
    problem = only_problem(project)
    assert problem.file == "data/progress.yml"
    assert problem.line == 9
    assert problem.record == "progress record 'hypot-onboard'"
    assert problem.key == "steps[2].step"
    assert problem.message == "'provisionning' is not a step of procedure 'onboard'; did you mean 'provisioning'?"


def test_progress_step_listed_twice(write_data):
    steps = "      - step: request\n        status: done\n      - step: request\n        status: in progress\n"
    project = write_data(
        {"experiments.yml": EXPERIMENTS, "procedures.yml": PROCEDURES, "progress.yml": progress(steps)}
    )
    problem = only_problem(project)
    assert problem.line == 9
    assert problem.key == "steps[2].step"
    assert problem.message == "step 'request' is already listed as steps[1]; each step may appear once"


def test_progress_pair_recorded_twice(write_data):
    first = progress("      - step: request\n        status: done\n")
    second = "  - id: again\n    experiment: hypot\n    procedure: onboard\n    as_of: 2016-03-20\n"
    project = write_data({"experiments.yml": EXPERIMENTS, "procedures.yml": PROCEDURES, "progress.yml": first + second})
    problem = only_problem(project)
    assert problem.record == "progress record 'again'"
    assert problem.key == "procedure"
    assert problem.line == 11
    assert "already recorded in 'hypot-onboard'" in problem.message


def test_progress_unknown_experiment(write_data):
    steps = "      - step: request\n        status: done\n"
    project = write_data(
        {
            "experiments.yml": EXPERIMENTS,
            "procedures.yml": PROCEDURES,
            "progress.yml": progress(steps, experiment="hypt"),
        }
    )
    problem = only_problem(project)
    assert problem.key == "experiment"
    assert problem.message == "'hypt' is not a known experiment id; did you mean 'hypot'?"


def test_progress_problems_in_one_pass(write_data):
    steps = "      - step: requets\n        status: finished\n"
    project = write_data(
        {"experiments.yml": EXPERIMENTS, "procedures.yml": PROCEDURES, "progress.yml": progress(steps)}
    )
    found = {(problem.key, problem.line) for problem in problems_of(project)}
    assert found == {("steps[1].step", 7), ("steps[1].status", 8)}


def test_procedure_step_id_repeated(write_data):
    text = PROCEDURES.replace("      - id: test-jobs\n", "      - id: request\n")
    problem = only_problem(write_data({"procedures.yml": text}))
    assert problem.record == "procedure 'onboard'"
    assert problem.key == "steps[3].id"
    assert problem.line == 19
    assert problem.message == "step 'request' is already listed as steps[1]; each step may appear once"


def test_step_actor_not_a_role(write_data):
    text = PROCEDURES.replace("actor: lab service desk", "actor: service desk")
    problem = only_problem(write_data({"procedures.yml": text}))
    assert problem.key == "steps[2].actor"
    assert problem.line == 16
    assert "'service desk' is not one of: 'experiment lead'" in problem.message


def test_step_link_not_a_web_address(write_data):
    link = "        links:\n          - label: Docs\n            url: osg-htc.org/docs\n"
    text = PROCEDURES.replace("        done_when: They finish.\n", "        done_when: They finish.\n" + link)
    problem = only_problem(write_data({"procedures.yml": text}))
    assert problem.key == "steps[3].links[1].url"
    assert "'osg-htc.org/docs' is not a web address" in problem.message
    assert "starting with https://" in problem.message


def test_guide_unknown_procedure(write_data):
    text = GUIDES.replace("procedures: [onboard]", "procedures: [onbord]")
    problem = only_problem(write_data({"procedures.yml": PROCEDURES, "guides.yml": text}))
    assert problem.record == "guide 'onboarding'"
    assert problem.key == "procedures[1]"
    assert problem.message == "'onbord' is not a known procedure id; did you mean 'onboard'?"


def test_guide_unknown_checklist(write_data):
    text = GUIDES + "    checklists: [redy]\n"
    files = {"procedures.yml": PROCEDURES, "guides.yml": text, "checklists.yml": checklist(ITEM_A)}
    problem = only_problem(write_data(files))
    assert problem.key == "checklists[1]"
    assert problem.message == "'redy' is not a known checklist id; did you mean 'ready'?"


def test_duty_unknown_procedure(write_data):
    duty = (
        "duties:\n  - id: keep-up\n    title: Keep-up\n    description: Daily.\n    cadence: daily\n"
        "    successor:\n      receiver: experiment\n    status: not started\n    procedures: [onbaord]\n"
    )
    problem = only_problem(write_data({"procedures.yml": PROCEDURES, "duties.yml": duty}))
    assert problem.record == "duty 'keep-up'"
    assert problem.key == "procedures[1]"
    assert problem.line == 9
    assert problem.message == "'onbaord' is not a known procedure id; did you mean 'onboard'?"


def test_checklist_item_id_repeated(write_data):
    second_section = "      - title: Second\n        items:\n" + ITEM_B.replace("id: b", "id: a")
    problem = only_problem(write_data({"checklists.yml": checklist(ITEM_A + ITEM_B) + second_section}))
    assert problem.record == "checklist 'ready'"
    assert problem.key == "sections[2].items[1].id"
    assert problem.line == 21
    assert problem.message == (
        "item id 'a' is already used by item 1 of section 1; item ids must be unique within a checklist"
    )


def test_checklist_duty_role_needs_copies(write_data):
    item = ITEM_B.replace("role: mentor", "role: duty owner")
    problem = only_problem(write_data({"checklists.yml": checklist(ITEM_A + item)}))
    assert problem.key == "sections[1].items[2].role"
    assert problem.message == "role 'duty owner' names a duty's people, so it needs 'copies: per duty'"


def test_checklist_duty_sign_off_needs_copies(write_data):
    problem = only_problem(write_data({"checklists.yml": checklist(ITEM_A, sign_off="[mentor, successor]")}))
    assert problem.key == "sign_off[2]"
    assert problem.message == "role 'successor' names a duty's people, so it needs 'copies: per duty'"


def test_checklist_reserved_item_id(write_data):
    item = ITEM_A.replace("id: a", "id: plan-brief")
    problem = only_problem(write_data({"checklists.yml": checklist(item, copies_line="    copies: per experiment\n")}))
    assert problem.key == "sections[1].items[1].id"
    assert "ids starting with 'plan-' or 'hand-over-' are kept" in problem.message


def test_checklist_version_must_be_positive(write_data):
    problem = only_problem(write_data({"checklists.yml": checklist(ITEM_A).replace("version: 2", "version: 0")}))
    assert problem.key == "version"
    assert problem.line == 4


def test_step_states_in_order(write_data):
    steps = "      - step: test-jobs\n        status: in progress\n      - step: request\n        status: done\n"
    project = write_data(
        {"experiments.yml": EXPERIMENTS, "procedures.yml": PROCEDURES, "progress.yml": progress(steps)}
    )
    site = load_site(project)
    states = step_states(site, "hypot", site.procedures["onboard"])
    assert [state.step.id for state in states] == ["request", "provisioning", "test-jobs"]
    assert [state.status for state in states] == ["done", "not started", "in progress"]


def test_guide_progress_next_step(write_data):
    steps = "      - step: request\n        status: done\n      - step: provisioning\n        status: not applicable\n"
    files = {
        "experiments.yml": EXPERIMENTS,
        "procedures.yml": PROCEDURES,
        "guides.yml": GUIDES,
        "progress.yml": progress(steps),
    }
    site = load_site(write_data(files))
    result = guide_progress(site, site.guides["onboarding"], "hypot")
    assert result.finished_count == 2
    assert result.next_state.step.id == "test-jobs"
    assert result.as_of == datetime.date(2016, 3, 15)


def test_guide_progress_untracked_experiment(write_data):
    files = {"experiments.yml": EXPERIMENTS, "procedures.yml": PROCEDURES, "guides.yml": GUIDES}
    site = load_site(write_data(files))
    result = guide_progress(site, site.guides["onboarding"], "other")
    assert result.finished_count == 0
    assert result.next_state.step.id == "request"
    assert result.as_of is None


@pytest.mark.parametrize(
    ("last_reviewed", "months", "expected"),
    [
        ("2026-12-04", 12, datetime.date(2027, 12, 4)),
        ("2026-11-15", 3, datetime.date(2027, 2, 15)),
        ("2026-01-31", 1, datetime.date(2026, 2, 28)),
        ("2024-01-31", 1, datetime.date(2024, 2, 29)),
        ("2026-08-31", 1, datetime.date(2026, 9, 30)),
    ],
)
def test_next_review_date(write_data, last_reviewed, months, expected):
    text = PROCEDURES.replace("last_reviewed: 2026-12-04", f"last_reviewed: {last_reviewed}").replace(
        "review_every_months: 12", f"review_every_months: {months}"
    )
    site = load_site(write_data({"procedures.yml": text}))
    assert next_review_date(site.procedures["onboard"]) == expected


PEOPLE = """\
people:
  - id: anna
    name: Anna
    role: Owner
    appointment: staff
  - id: michele
    name: Michele
    role: Interim
    appointment: intern
"""

DUTIES = """\
duties:
  - id: by-person
    title: Handed to a person first
    description: x
    experiment: hypot
    owner: anna
    cadence: daily
    successor: {receiver: experiment, interim: michele}
    status: not started
  - id: by-group
    title: Handed to a group
    description: x
    owner: anna
    cadence: weekly
    successor: {receiver: group, group: usdc}
    status: not started
  - id: by-experiment
    title: Handed to the experiment
    description: x
    experiment: hypot
    cadence: monthly
    successor: {receiver: experiment}
    status: not started
  - id: unstated
    title: Not stated
    description: x
    cadence: not stated
    successor: {receiver: not stated}
    status: not started
"""

MILESTONES = """\
milestones:
  - id: brief
    number: 1
    title: Brief the experiments
    description: x
    owner_unit: usdc
    status: planned
    experiments: [hypot]
"""


def test_duty_copies_fill_in_people(write_data):
    items = ITEM_A.replace("role: production operator", "role: duty owner") + ITEM_B.replace(
        "role: mentor", "role: successor"
    )
    files = {
        "experiments.yml": EXPERIMENTS,
        "people.yml": PEOPLE,
        "duties.yml": DUTIES,
        "checklists.yml": checklist(items, copies_line="    copies: per duty\n", sign_off="[duty owner, mentor]"),
    }
    site = load_site(write_data(files))
    published = {copy.storage_id: copy for copy in copies(site, site.checklists["ready"])}
    assert list(published) == ["ready", "ready/by-person", "ready/by-group", "ready/by-experiment", "ready/unstated"]

    def parties(storage_id):
        return [item.responsible for item in published[storage_id].items()]

    assert parties("ready") == [Party("duty owner"), Party("successor")]
    assert parties("ready/by-person") == [
        Party("duty owner", "people", "anna"),
        Party("successor", "people", "michele"),
    ]
    assert parties("ready/by-group")[1] == Party("successor", "units", "usdc")
    assert parties("ready/by-experiment") == [Party("duty owner"), Party("successor", "experiments", "hypot")]
    assert parties("ready/unstated")[1] == Party("successor")
    assert published["ready/by-person"].sign_off == (Party("duty owner", "people", "anna"), Party("mentor"))
    assert published["ready/by-group"].path == "checklists/ready/by-group.md"


def test_experiment_copies_draw_plan_and_duties(write_data):
    files = {
        "experiments.yml": EXPERIMENTS,
        "people.yml": PEOPLE,
        "duties.yml": DUTIES,
        "milestones.yml": MILESTONES,
        "checklists.yml": checklist(ITEM_A, copies_line="    copies: per experiment\n"),
    }
    site = load_site(write_data(files))
    published = copies(site, site.checklists["ready"])
    # "other" has no ramp-down step and no duty, so it gets no copy.
    assert [copy.storage_id for copy in published] == ["ready/hypot"]
    hypot = published[0]
    assert [section.title for section in hypot.sections] == [
        "Steps of the ramp-down plan",
        "Duties to hand over",
        "First",
    ]
    assert [item.id for item in hypot.items()] == ["plan-brief", "hand-over-by-person", "hand-over-by-experiment", "a"]
    assert hypot.items()[0].text == "Step 1 of the plan: Brief the experiments"
    assert hypot.items()[0].responsible == Party(None, "units", "usdc")
    assert hypot.items()[1].responsible == Party("duty owner", "people", "anna")
    assert hypot.items()[2].responsible == Party("duty owner")
