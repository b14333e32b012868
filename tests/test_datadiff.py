"""`python -m macros diff` summarises data changes between two commits of a real git repository."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from macros import datadiff
from tests.conftest import PROJECT_DIR

PEOPLE = """\
people:
  - id: anna
    name: Anna
    role: Operator
    appointment: intern
    leaves: {anna_leaves}
  - id: bob
    name: Bob
    role: Operator
    appointment: staff
  - id: carol
    name: Carol
    role: Operator
    appointment: staff
"""

EXPERIMENTS = """\
experiments:
  - id: nova
    name: NOvA
    description: x
    used_opos: true
    in_ramp_down_plan: true
"""

DUNE = """\
  - id: dune
    name: DUNE
    description: y
    used_opos: true
    in_ramp_down_plan: false
"""

KEEPUP = """\
  - id: keepup
    title: Keep-up processing
    description: x
    experiment: nova
    owner: anna
    cadence: daily
    successor: {{receiver: experiment, interim: {interim}}}
    status: not started
"""

STAGING = """\
  - id: staging
    title: Tape staging
    description: x
    owner: {owner}
    cadence: monthly
    successor: {{receiver: group, group: usdc}}
    status: not started
"""

MONITORING = """\
  - id: monitoring
    title: Monitoring
    description: x
    owner: carol
    cadence: daily
    successor: {receiver: not stated}
    status: shadowing
"""

REPORTS = """\
  - id: reports
    title: Weekly reports
    description: x
    owner: anna
    cadence: weekly
    successor: {receiver: experiment}
    status: not started
    due: 2016-09-01
"""


def git(repository: Path, *arguments: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *arguments],
        cwd=repository,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.fixture
def repository(write_data):
    """Return a git repository with two commits, `base` and `head`, that change the data."""
    project = write_data(
        {
            "people.yml": PEOPLE.format(anna_leaves="2016-07-01"),
            "experiments.yml": EXPERIMENTS,
            "duties.yml": "duties:\n" + KEEPUP.format(interim="bob") + STAGING.format(owner="bob") + MONITORING,
        }
    )
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", "data")
    git(project, "commit", "--quiet", "-m", "base")
    git(project, "tag", "base")

    data = project / "data"
    (data / "people.yml").write_text(PEOPLE.format(anna_leaves="2016-08-15"))
    (data / "experiments.yml").write_text(EXPERIMENTS + DUNE)
    duties = "duties:\n" + KEEPUP.format(interim="carol") + STAGING.format(owner="carol") + REPORTS
    (data / "duties.yml").write_text(duties)
    (data / "site.yml").write_text((data / "site.yml").read_text() + "  review_date: 2026-12-01\n")
    git(project, "commit", "--quiet", "-am", "head")
    return project


def test_summary_of_duty_changes(repository):
    summary = datadiff.summarise(repository, "base", "HEAD")
    assert summary.startswith("## Data changes from `base` to `HEAD`\n")
    assert "| experiments | 1 | 0 | 0 |" in summary
    assert "| duties | 1 | 1 | 2 |" in summary
    assert "| people | 0 | 0 | 1 |" in summary
    assert "**Added**\n\n- `reports` Weekly reports (owner: Anna, handoff due 2016-09-01)\n" in summary
    assert "**Removed**\n\n- `monitoring` Monitoring (owner: Carol, handoff due 2016-10-01)\n" in summary


def test_summary_owners_changed(repository):
    summary = datadiff.summarise(repository, "base", "HEAD")
    assert (
        "**Owners changed**\n\n| Duty | Before | After |\n|---|---|---|\n| `staging` Tape staging | Bob | Carol |\n"
        in (summary)
    )


def test_summary_successors_changed(repository):
    summary = datadiff.summarise(repository, "base", "HEAD")
    row = "| `keepup` Keep\\-up processing | Bob first, then experiment | Carol first, then experiment |"
    assert row in summary


def test_summary_deadline_moved_by_contract(repository):
    # Anna's contract now ends on 2016-08-15, so her keep-up duty is due 45 days later.
    summary = datadiff.summarise(repository, "base", "HEAD")
    assert "| `keepup` Keep\\-up processing | 2016-07-01 | 2016-08-15 | 45 days later |" in summary
    assert "| `staging`" not in summary.split("**Handoff deadlines moved**")[1]


def test_summary_other_collections(repository):
    summary = datadiff.summarise(repository, "base", "HEAD")
    assert "#### experiments\n\n- Added `dune` DUNE\n" in summary
    assert "#### people\n\n- Changed `anna`: leaves: 2016-07-01 → 2016-08-15\n" in summary
    assert "#### Site settings\n\n- review_date: not set → 2026-12-01\n" in summary


def test_working_tree_untouched(repository):
    (repository / "data" / "people.yml").write_text("people: []\n")
    datadiff.summarise(repository, "base", "HEAD")
    assert (repository / "data" / "people.yml").read_text() == "people: []\n"
    assert git(repository, "status", "--porcelain") == " M data/people.yml\n"


def test_no_changes(repository):
    summary = datadiff.summarise(repository, "HEAD", "HEAD")
    assert summary == "## Data changes from `HEAD` to `HEAD`\n\nNo record or setting under `data/` changed.\n"


def test_unknown_revision(repository):
    with pytest.raises(datadiff.DiffError) as caught:
        datadiff.summarise(repository, "no-such-branch", "HEAD")
    assert str(caught.value).startswith("revision 'no-such-branch' not found in ")


def test_invalid_data_at_revision(repository):
    (repository / "data" / "people.yml").write_text(PEOPLE.format(anna_leaves="2016-06-31"))
    git(repository, "commit", "--quiet", "-am", "broken")
    with pytest.raises(datadiff.DiffError) as caught:
        datadiff.summarise(repository, "base", "HEAD")
    message = str(caught.value)
    assert message.startswith("data/ at HEAD does not validate with the current models:")
    assert "data/people.yml:6: person 'anna', key 'leaves': 2016-06-31 is not a real date" in message


def test_long_text_reported_as_changed():
    change = datadiff.FieldChange("description", "short", "a" * (datadiff.MAX_INLINE_TEXT + 1))
    assert datadiff._field_text(change) == "description changed"


def test_diff_command(repository):
    result = subprocess.run(
        [sys.executable, "-m", "macros", "diff", "base", "--project", str(repository)],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == datadiff.summarise(repository, "base", "HEAD")


def test_diff_command_unknown_revision(repository):
    result = subprocess.run(
        [sys.executable, "-m", "macros", "diff", "nope", "--project", str(repository)],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
    )
    assert result.returncode == 1
    assert "revision 'nope' not found" in result.stderr


def test_summary_text_escaped():
    assert datadiff._value("a | b <i>") == "a \\| b &lt;i&gt;"


CHECKLIST = """\
checklists:
  - id: pre-production
    title: Pre-production checklist
    version: {version}
    summary: x
    owner: usdc
    last_reviewed: 2026-11-01
    review_every_months: 6
    sign_off: [production operator]
    sections:
      - title: Before submitting
        items:
          - id: campaign-defined
            text: {text}
            role: production operator
"""


@pytest.fixture
def checklist_repository(write_data):
    """Return a git repository whose `base` commit has one checklist at version 1."""
    project = write_data({"checklists.yml": CHECKLIST.format(version=1, text="The campaign is defined in POMS.")})
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", "data")
    git(project, "commit", "--quiet", "-m", "base")
    git(project, "tag", "base")
    return project


def commit_checklist(project: Path, version: int, item_text: str) -> None:
    (project / "data" / "checklists.yml").write_text(CHECKLIST.format(version=version, text=item_text))
    git(project, "commit", "--quiet", "-am", "edit checklist")


def test_checklist_items_changed_without_version(checklist_repository):
    commit_checklist(checklist_repository, 1, "The campaign and its stages are defined in POMS.")
    summary = datadiff.summarise(checklist_repository, "base", "HEAD")
    assert "### Checklists changed without a new version\n" in summary
    assert "- `pre-production` Pre\\-production checklist: items changed, version stays 1\n" in summary


def test_checklist_version_lowered(checklist_repository):
    commit_checklist(checklist_repository, 2, "The campaign is defined in POMS.")
    commit_checklist(checklist_repository, 1, "The campaign and its stages are defined in POMS.")
    summary = datadiff.summarise(checklist_repository, "HEAD~1", "HEAD")
    assert "items changed, version went down from 2 to 1\n" in summary


def test_checklist_items_changed_with_new_version(checklist_repository):
    commit_checklist(checklist_repository, 2, "The campaign and its stages are defined in POMS.")
    summary = datadiff.summarise(checklist_repository, "base", "HEAD")
    assert "without a new version" not in summary
    assert "- Changed `pre-production`: version: 1 → 2; sections changed" in summary


def test_summary_other_duty_fields(repository):
    duties = (repository / "data" / "duties.yml").read_text().replace("cadence: monthly", "cadence: weekly")
    (repository / "data" / "duties.yml").write_text(duties)
    git(repository, "commit", "--quiet", "-am", "staging runs weekly")
    summary = datadiff.summarise(repository, "base", "HEAD")
    assert "**Other fields changed**\n\n- `staging` Tape staging: cadence: monthly → weekly\n" in summary
