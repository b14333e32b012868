"""Training modules, tracks, mentoring and the glossary are validated like data/, with real lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.loader import load_site
from macros.problems import DataError

# Line 1 is the opening `---`, so `id` is on line 2 and `prerequisites` on line 10.
MODULE = """\
---
id: {id}
title: Module {id}
summary: A test module.
audience: [production-operator]
level: introductory
minutes:
  teaching: 30
  hands_on: 30
prerequisites: {prerequisites}
objectives: [Do a thing.]
key_points: [A point.]
exercises:
  - task: Try it.
    hints: [Look closely.]
    solution: Done.
sign_off: [It was done.]
owner: usdc
last_reviewed: 2026-11-20
review_every_months: 12
status: {status}
---

## Lesson

Text with {{{{ braces }}}} kept.
"""

TRACK = """\
tracks:
  - id: operators
    title: Operators
    role: production-operator
    summary: A test track.
    modules: [{modules}]
"""


def module(module_id: str, prerequisites: str = "[]", status: str = "stable") -> str:
    return MODULE.format(id=module_id, prerequisites=prerequisites, status=status)


def write_modules(project: Path, files: dict[str, str]) -> Path:
    folder = project / "training_modules"
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        (folder / name).write_text(content)
    return project


def problems_of(project: Path) -> list:
    with pytest.raises(DataError) as caught:
        load_site(project)
    return caught.value.problems


def only_problem(project: Path):
    problems = problems_of(project)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def test_module_loads_with_body(write_data):
    project = write_modules(write_data({}), {"a.md": module("a")})
    site = load_site(project)
    assert site.modules["a"].minutes.total == 60
    assert site.location_of("modules", "a").file == "training_modules/a.md"
    assert site.location_of("modules", "a").line == 2
    assert site.bodies[("modules", "a")] == "## Lesson\n\nText with {{ braces }} kept.\n"


def test_module_value_outside_set(write_data):
    text = module("a").replace("level: introductory", "level: expert")
    problem = only_problem(write_modules(write_data({}), {"a.md": text}))
    assert problem.file == "training_modules/a.md"
    assert problem.line == 6
    assert problem.record == "module 'a'"
    assert problem.key == "level"
    assert "'expert' is not one of: 'introductory', 'intermediate' or 'advanced'" in problem.message


def test_module_unknown_key_suggests(write_data):
    text = module("a").replace("status: stable", "status: stable\nsign_of: [x]")
    problem = only_problem(write_modules(write_data({}), {"a.md": text}))
    assert problem.line == 22
    assert problem.key == "sign_of"
    assert problem.message == "unknown key 'sign_of'; did you mean 'sign_off'?"


def test_module_nested_key_line(write_data):
    text = module("a").replace("hands_on: 30", "hands_on: half an hour")
    problem = only_problem(write_modules(write_data({}), {"a.md": text}))
    assert problem.line == 9
    assert problem.key == "minutes.hands_on"
    assert problem.message == "expected a whole number"


def test_module_syntax_error_line(write_data):
    text = module("a").replace("objectives: [Do a thing.]", "objectives: [Do a thing.")
    problem = only_problem(write_modules(write_data({}), {"a.md": text}))
    assert problem.file == "training_modules/a.md"
    assert problem.line == 12
    assert problem.message.startswith("invalid YAML")


def test_module_tab_indentation_line(write_data):
    text = module("a").replace("  teaching: 30", "\tteaching: 30")
    problem = only_problem(write_modules(write_data({}), {"a.md": text}))
    assert problem.line == 8
    assert "tab" in problem.message


def test_module_repeated_key(write_data):
    text = module("a").replace("level: introductory", "level: introductory\nlevel: advanced")
    problem = only_problem(write_modules(write_data({}), {"a.md": text}))
    assert problem.line == 7
    assert problem.record == "module 'a'"
    assert problem.key == "level"
    assert "first at line 6" in problem.message


def test_module_without_front_matter(write_data):
    problem = only_problem(write_modules(write_data({}), {"a.md": "# Just a page\n"}))
    assert problem.file == "training_modules/a.md"
    assert problem.line == 1
    assert "must start with front matter" in problem.message


def test_module_front_matter_not_closed(write_data):
    text = module("a").replace("status: stable\n---\n", "status: stable\n")
    problem = only_problem(write_modules(write_data({}), {"a.md": text}))
    assert problem.line == 1
    assert "never closed" in problem.message


def test_module_id_must_match_file_name(write_data):
    problem = only_problem(write_modules(write_data({}), {"b.md": module("a")}))
    assert problem.file == "training_modules/b.md"
    assert problem.line == 2
    assert problem.key == "id"
    assert problem.message == (
        "id 'a' does not match the file name 'b.md'; rename the file to 'a.md' or set the id to 'b'"
    )


def test_module_title_on_one_line(write_data):
    text = module("a").replace("title: Module a", "title: |\n  Module\n  a")
    problem = only_problem(write_modules(write_data({}), {"a.md": text}))
    assert problem.line == 3
    assert problem.key == "title"
    assert problem.message.startswith("expected one non-empty line of text")


def test_unknown_prerequisite_suggests_nearest(write_data):
    files = {"accounts.md": module("accounts"), "batch.md": module("batch", "[acounts]")}
    problem = only_problem(write_modules(write_data({}), files))
    assert problem.file == "training_modules/batch.md"
    assert problem.line == 10
    assert problem.key == "prerequisites[1]"
    assert problem.message == "'acounts' is not a known module id; did you mean 'accounts'?"


def test_prerequisite_cycle_rejected(write_data):
    files = {"a.md": module("a", "[b]"), "b.md": module("b", "[c]"), "c.md": module("c", "[a]")}
    problem = only_problem(write_modules(write_data({}), files))
    assert problem.file == "training_modules/a.md"
    assert problem.line == 10
    assert problem.key == "prerequisites[1]"
    assert problem.message == "prerequisites form a cycle: a -> b -> c -> a (each module needs the next one)"


def test_prerequisite_self_reference_rejected(write_data):
    files = {"a.md": module("a"), "b.md": module("b", "[a, b]")}
    problem = only_problem(write_modules(write_data({}), files))
    assert problem.file == "training_modules/b.md"
    assert problem.key == "prerequisites[2]"
    assert problem.message == "module 'b' lists itself as a prerequisite: b -> b"


def test_published_module_needs_draft(write_data):
    files = {"a.md": module("a", status="draft"), "b.md": module("b", "[a]")}
    problem = only_problem(write_modules(write_data({}), files))
    assert problem.file == "training_modules/b.md"
    assert problem.line == 10
    assert problem.message.startswith("prerequisite 'a' is a draft; drafts are never published")


def test_draft_may_need_draft(write_data):
    files = {"a.md": module("a", status="draft"), "b.md": module("b", "[a]", status="draft")}
    site = load_site(write_modules(write_data({}), files))
    assert sorted(site.modules) == ["a", "b"]


def test_track_listing_draft_rejected(write_data):
    project = write_data({"tracks.yml": TRACK.format(modules="a, b")})
    write_modules(project, {"a.md": module("a"), "b.md": module("b", status="draft")})
    problem = only_problem(project)
    assert problem.file == "data/tracks.yml"
    assert problem.line == 6
    assert problem.record == "track 'operators'"
    assert problem.key == "modules[2]"
    assert problem.message.startswith("module 'b' is a draft; drafts are never published")


def test_track_unknown_module_suggests(write_data):
    project = write_data({"tracks.yml": TRACK.format(modules="held-job")})
    write_modules(project, {"held-jobs.md": module("held-jobs")})
    problem = only_problem(project)
    assert problem.line == 6
    assert problem.key == "modules[1]"
    assert problem.message == "'held-job' is not a known module id; did you mean 'held-jobs'?"


def test_track_repeated_module(write_data):
    project = write_data({"tracks.yml": TRACK.format(modules="a, a")})
    write_modules(project, {"a.md": module("a")})
    problem = only_problem(project)
    assert problem.key == "modules[2]"
    assert problem.message == "'a' is listed more than once (first as item 1)"


def test_track_role_outside_audience(write_data):
    project = write_data({"tracks.yml": TRACK.format(modules="a").replace("production-operator", "mentor")})
    write_modules(project, {"a.md": module("a")})
    problem = only_problem(project)
    assert problem.key == "modules[1]"
    assert problem.message.startswith(
        "module 'a' is not written for the role 'mentor' (its audience is production-operator)"
    )


def test_modules_listed_in_data_rejected(write_data):
    problem = only_problem(write_data({"more.yml": "modules: []\n"}))
    assert problem.file == "data/more.yml"
    assert problem.line == 1
    assert problem.message == (
        "'modules' records are Markdown files in training_modules/, one per record, not a list in data/"
    )


def test_glossary_term_must_be_whole_word(write_data):
    glossary = (
        "glossary:\n  - id: cpp\n    term: C++\n    expansion: a language\n"
        "    definition: A language.\n    status: current\n"
    )
    problem = only_problem(write_data({"glossary.yml": glossary}))
    assert problem.line == 3
    assert problem.record == "glossary entry 'cpp'"
    assert problem.key == "term"
    assert problem.message.startswith("'C++' cannot be matched as a whole word")


def test_mentoring_unknown_track(write_data):
    people = (
        "people:\n  - id: anna\n    name: Anna\n    role: Mentor\n    appointment: staff\n"
        "mentees:\n  - id: postdoc\n    name: A post-doc (to be named)\n    placeholder: true\n"
        "mentoring:\n  - id: pairing\n    mentee: postdoc\n    mentor: anna\n    track: operatorz\n"
    )
    project = write_data({"people.yml": people, "tracks.yml": TRACK.format(modules="a")})
    write_modules(project, {"a.md": module("a")})
    problem = only_problem(project)
    assert problem.line == 14
    assert problem.record == "mentoring 'pairing'"
    assert problem.key == "track"
    assert problem.message == "'operatorz' is not a known track id; did you mean 'operators'?"


def test_problems_in_data_and_modules_together(write_data):
    project = write_data({"tracks.yml": TRACK.format(modules="a, missing")})
    write_modules(project, {"a.md": module("a").replace("level: introductory", "level: easy")})
    found = {(problem.file, problem.line) for problem in problems_of(project)}
    assert found == {("data/tracks.yml", 6), ("training_modules/a.md", 6)}
