"""`python -m macros new` writes records that validate and build as they are."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from macros import loader, review, schema
from macros.loader import load_site
from macros.scaffold import ScaffoldError, record_lines, resolve_kind, scaffold
from tests.conftest import PROJECT_DIR
from tests.site_tools import build_site, copy_project, main_text, tables
from tests.test_schema import Handout, handouts  # noqa: F401  (fixture)

PEOPLE_THEN_EXPERIMENTS = """\
people:
  - id: anna
    name: Anna
    role: Deputy head
    appointment: staff

# Experiments follow.
experiments:
  - id: nova
    name: NOvA
    description: x
    used_opos: true
    in_ramp_down_plan: true
"""


@pytest.fixture(scope="module")
def real_copy(tmp_path_factory):
    return copy_project(PROJECT_DIR, tmp_path_factory.mktemp("scaffold") / "project")


@pytest.mark.parametrize("collection", list(loader.COLLECTIONS))
def test_every_kind_validates(tmp_path, collection):
    project = copy_project(PROJECT_DIR, tmp_path / "project")
    result = scaffold(project, loader.COLLECTIONS[collection].label, "zz-new")
    site = load_site(project)
    assert "zz-new" in site.collections[collection]
    assert site.location_of(collection, "zz-new").file == result.file
    assert site.location_of(collection, "zz-new").line == result.line


def test_scaffolded_records_build(real_copy, tmp_path):
    for kind in ("experiment", "duty", "person"):
        scaffold(real_copy, kind, f"zz-{kind}")
    result = build_site(real_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr

    experiment = (tmp_path / "site" / "experiments" / "zz-experiment.html").read_text()
    assert "TODO: name" in main_text(experiment)
    titles = [row[1] for row in tables((tmp_path / "site" / "handoff.html").read_text())[0][1:]]
    assert "TODO: title" in titles
    assert "TODO: name" in main_text((tmp_path / "site" / "people.html").read_text())

    # The review page lists every value still holding a placeholder, with its file and line.
    review_tables = tables((tmp_path / "site" / "review.html").read_text())
    listed = next(rows for rows in review_tables if rows[0] == ["Record", "Kind", "Key", "Written at"])[1:]
    pairs = {(row[1], row[2]) for row in listed}
    assert ("experiment", "name") in pairs
    assert ("duty", "title") in pairs
    assert ("person", "role") in pairs
    person_rows = [row for row in listed if row[1] == "person"]
    line = load_site(real_copy).location_of("people", "zz-person").line
    assert {row[3] for row in person_rows} == {f"data/people.yml:{line}"}


def test_real_data_holds_no_placeholder():
    assert review.placeholders(load_site(PROJECT_DIR)) == []


def test_required_keys_commented():
    site = load_site(PROJECT_DIR)
    lines = record_lines("duties", "zz-duty", site)
    text = "\n".join(lines)
    assert lines[0].startswith("id: zz-duty  # Stable identifier")
    for key in ("title", "description", "cadence", "successor", "status"):
        index = next(number for number, line in enumerate(lines) if line.startswith(f"{key}:"))
        assert lines[index - 1].startswith("# "), key
    assert "# How often the duty runs. (One of: daily, weekly, monthly, on demand, not stated.)" in text
    assert "  receiver: not stated" in text
    assert "#   owner: The person who does the duty now and must hand it over." in text


def test_placeholders_and_values():
    site = load_site(PROJECT_DIR)
    record = yaml.safe_load("\n".join(record_lines("job_descriptions", "zz-job", site)))
    assert record == {
        "id": "zz-job",
        "title": "TODO: title",
        "unit": next(iter(site.units)),
        "status": "draft",
        "summary": "TODO: summary",
        "responsibilities": ["TODO: responsibilities"],
        "qualifications": ["TODO: qualifications"],
    }


def test_appends_with_blank_line(real_copy):
    before = (real_copy / "data" / "experiments.yml").read_text()
    result = scaffold(real_copy, "experiments", "zz-appended")
    after = (real_copy / "data" / "experiments.yml").read_text()
    assert after.startswith(before.rstrip("\n") + "\n\n  - id: zz-appended  #")
    assert after.splitlines()[result.line - 1].startswith("  - id: zz-appended")


def test_inserts_before_next_collection(write_data):
    project = write_data({"mixed.yml": PEOPLE_THEN_EXPERIMENTS})
    result = scaffold(project, "person", "bob")
    lines = (project / "data" / "mixed.yml").read_text().splitlines()
    assert result.line == 7
    assert (
        lines[6]
        == "  - id: bob  # Stable identifier: lowercase letters, digits and single hyphens; other records refer to it."
    )
    assert lines[lines.index("# Experiments follow.") - 1] == ""
    site = load_site(project)
    assert list(site.people) == ["anna", "bob"]
    assert list(site.experiments) == ["nova"]


def test_new_file_for_empty_collection(write_data):
    project = write_data({})
    result = scaffold(project, "milestone", "first-step")
    assert result.file == "data/milestones.yml"
    assert (project / "data" / "milestones.yml").read_text().startswith("milestones:\n  - id: first-step  #")
    assert list(load_site(project).milestones) == ["first-step"]


def test_dry_run_writes_nothing(write_data):
    project = write_data({"mixed.yml": PEOPLE_THEN_EXPERIMENTS})
    before = (project / "data" / "mixed.yml").read_text()
    result = scaffold(project, "person", "bob", dry_run=True)
    assert result.line == 7
    assert result.text.startswith("id: bob")
    assert (project / "data" / "mixed.yml").read_text() == before


@pytest.mark.parametrize(
    ("kind", "collection"),
    [
        ("person", "people"),
        ("people", "people"),
        ("org-change", "org_changes"),
        ("Job description", "job_descriptions"),
    ],
)
def test_kind_names_resolved(kind, collection):
    assert resolve_kind(kind) == collection


def test_unknown_kind_suggests_nearest():
    with pytest.raises(ScaffoldError) as caught:
        resolve_kind("persn")
    assert str(caught.value).startswith("unknown kind 'persn'; use one of: unit, person, experiment")
    assert str(caught.value).endswith("; did you mean 'person'?")


def test_invalid_id_rejected(write_data):
    with pytest.raises(ScaffoldError) as caught:
        scaffold(write_data({}), "person", "Anna_M")
    assert "'Anna_M' is not a valid id" in str(caught.value)


def test_existing_id_rejected(write_data):
    project = write_data({"mixed.yml": PEOPLE_THEN_EXPERIMENTS})
    with pytest.raises(ScaffoldError) as caught:
        scaffold(project, "person", "anna")
    assert str(caught.value) == "person 'anna' already exists at data/mixed.yml:2; choose another id"


def test_reference_without_target_rejected(write_data):
    project = write_data({})
    (project / "data" / "units.yml").unlink()
    with pytest.raises(ScaffoldError) as caught:
        scaffold(project, "job description", "zz-job")
    assert str(caught.value) == "key 'unit' must refer to a record in 'units', and there is none yet; add one first"
    assert not (project / "data" / "job_descriptions.yml").exists()


def test_front_matter_record_written(write_data, handouts):  # noqa: F811
    project = write_data({})
    result = scaffold(project, "handout", "poms-card")
    assert result.file == "handouts/poms-card.md"
    text = (project / "handouts" / "poms-card.md").read_text()
    front_matter = yaml.safe_load(text.split("---\n", 2)[1])
    record = Handout.model_validate(front_matter)
    assert record.id == "poms-card"
    assert record.owner == "usdc"
    assert record.last_reviewed == load_site(project).settings.reference_date
    assert "# The group that rereads this content and keeps it current." in text
    assert schema.front_matter_collections()["handouts"] == "handouts/*.md"


def test_new_command_prints_location(write_data):
    project = write_data({"mixed.yml": PEOPLE_THEN_EXPERIMENTS})
    result = subprocess.run(
        [sys.executable, "-m", "macros", "new", "person", "bob", "--project", str(project)],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("added person 'bob' at data/mixed.yml:7:")
    assert "Replace every TODO placeholder" in result.stdout


def test_new_command_rejects_invalid_data(write_data):
    project = write_data({"people.yml": "people:\n  - id: anna\n"})
    result = subprocess.run(
        [sys.executable, "-m", "macros", "new", "person", "bob", "--project", str(project)],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
    )
    assert result.returncode == 1
    assert "data/people.yml:2: person 'anna', key 'name': required key is missing" in result.stderr
    assert "Fix these problems first" in result.stderr


def test_scaffolded_records_pass_yamllint(tmp_path):
    project = copy_project(PROJECT_DIR, tmp_path / "project")
    for spec in loader.COLLECTIONS.values():
        scaffold(project, spec.label, "zz-new")
    yamllint = [sys.executable, "-m", "yamllint", "--strict", "-c", str(PROJECT_DIR / ".yamllint"), "data"]
    result = subprocess.run(yamllint, cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
