"""Each kind of bad input is reported with its file, line, record, key and a useful message."""

from __future__ import annotations

import datetime
import subprocess
import sys

import pytest

from macros.loader import load_site
from macros.problems import DataError

PERSON = """\
people:
  - id: anna
    name: Anna
    unit: usdc
    role: Deputy head
    appointment: staff
{extra}"""


def problems_of(project) -> list:
    with pytest.raises(DataError) as caught:
        load_site(project)
    return caught.value.problems


def only_problem(project):
    problems = problems_of(project)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def test_valid_data_loads(write_data):
    project = write_data({"people.yml": PERSON.format(extra="")})
    site = load_site(project)
    assert list(site.people) == ["anna"]
    assert site.people["anna"].unit == "usdc"
    assert site.location_of("people", "anna").line == 2


def test_yaml_syntax_error(write_data):
    project = write_data({"people.yml": "people:\n  - id: anna\n    name: [unclosed\n"})
    problem = only_problem(project)
    assert problem.file == "data/people.yml"
    assert problem.line == 4
    assert problem.message.startswith("invalid YAML")


def test_tab_indentation(write_data):
    project = write_data({"people.yml": "people:\n  - id: anna\n\tname: Anna\n"})
    problem = only_problem(project)
    assert problem.file == "data/people.yml"
    assert problem.line == 3
    assert "tab" in problem.message
    assert "spaces" in problem.message


def test_bytes_not_utf8(write_data):
    project = write_data({"people.yml": b"people:\n  - id: anna\n    name: Ren\xe9\n"})
    problem = only_problem(project)
    assert problem.line == 3
    assert "0xe9" in problem.message
    assert "UTF-8" in problem.message


def test_repeated_key(write_data):
    project = write_data({"people.yml": PERSON.format(extra="    role: Lead\n")})
    problem = only_problem(project)
    assert problem.line == 7
    assert problem.record == "person 'anna'"
    assert problem.key == "role"
    assert "first at line 5" in problem.message


def test_repeated_id(write_data):
    second = "  - id: anna\n    name: Other\n    unit: usdc\n    role: x\n    appointment: staff\n"
    project = write_data({"people.yml": PERSON.format(extra=second)})
    problem = only_problem(project)
    assert problem.line == 7
    assert problem.key == "id"
    assert "already used at data/people.yml:2" in problem.message


def test_repeated_id_across_files(write_data):
    other = "people:\n  - id: anna\n    name: Other\n    unit: usdc\n    role: x\n    appointment: staff\n"
    project = write_data({"people.yml": PERSON.format(extra=""), "more.yml": other})
    problem = only_problem(project)
    assert problem.file == "data/people.yml"
    assert "already used at data/more.yml:2" in problem.message


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        ("NO", "a boolean (false)"),
        ("on", "a boolean (true)"),
        ("yes", "a boolean (true)"),
        ("1.10", "a number (1.1)"),
        ("0755", "a number (493)"),
        ("1:30", "a number (90)"),
        ("2016-07-01", "a date (2016-07-01)"),
    ],
)
def test_yaml_retyped_text(write_data, written, read_as):
    project = write_data({"people.yml": PERSON.format(extra=f"    notes: {written}\n")})
    problem = only_problem(project)
    assert problem.line == 7
    assert problem.key == "notes"
    assert f"{written} is read by YAML 1.1 as {read_as}" in problem.message
    assert f'quote it to keep it as written: "{written}"' in problem.message


def test_quoted_text_kept(write_data):
    project = write_data({"people.yml": PERSON.format(extra='    notes: "NO"\n')})
    assert load_site(project).people["anna"].notes == "NO"


def test_date_that_does_not_exist(write_data):
    project = write_data({"people.yml": PERSON.format(extra="    leaves: 2016-06-31\n")})
    problem = only_problem(project)
    assert problem.line == 7
    assert problem.key == "leaves"
    assert problem.message == "2016-06-31 is not a real date; check the day and month"


@pytest.mark.parametrize("written", ["2016-7-1", "'2016-07-01'", "July 2016", "2016-07-01 10:00:00"])
def test_date_not_iso(write_data, written):
    project = write_data({"people.yml": PERSON.format(extra=f"    leaves: {written}\n")})
    problem = only_problem(project)
    assert problem.line == 7
    assert problem.key == "leaves"
    assert "expected a date written YYYY-MM-DD" in problem.message


def test_dates_are_date_objects(write_data):
    project = write_data({"people.yml": PERSON.format(extra="    leaves: 2016-07-01\n")})
    leaves = load_site(project).people["anna"].leaves
    assert type(leaves) is datetime.date
    assert leaves == datetime.date(2016, 7, 1)


def test_missing_required_key(write_data):
    text = "people:\n  - id: anna\n    name: Anna\n    unit: usdc\n    appointment: staff\n"
    project = write_data({"people.yml": text})
    problem = only_problem(project)
    assert problem.line == 2
    assert problem.record == "person 'anna'"
    assert problem.key == "role"
    assert problem.message == "required key is missing"


def test_unknown_key_suggests_nearest(write_data):
    project = write_data({"people.yml": PERSON.format(extra="    leavs: 2016-07-01\n")})
    problem = only_problem(project)
    assert problem.line == 7
    assert problem.key == "leavs"
    assert problem.message == "unknown key 'leavs'; did you mean 'leaves'?"


def test_value_outside_fixed_set(write_data):
    text = PERSON.format(extra="").replace("appointment: staff", "appointment: intren")
    problem = only_problem(write_data({"people.yml": text}))
    assert problem.line == 6
    assert problem.key == "appointment"
    assert "'intren' is not one of: 'staff', 'intern'" in problem.message


def test_unknown_reference_suggests_nearest(write_data):
    text = PERSON.format(extra="").replace("unit: usdc", "unit: usdd")
    problem = only_problem(write_data({"people.yml": text}))
    assert problem.line == 4
    assert problem.key == "unit"
    assert problem.message == "'usdd' is not a known unit id; did you mean 'usdc'?"


def test_unknown_collection(write_data):
    problem = only_problem(write_data({"people.yml": "poeple: []\n"}))
    assert problem.line == 1
    assert problem.message == "unknown collection 'poeple'; did you mean 'people'?"


def test_invalid_id(write_data):
    text = PERSON.format(extra="").replace("id: anna", "id: Anna_M")
    problem = only_problem(write_data({"people.yml": text}))
    assert problem.line == 2
    assert problem.key == "id"
    assert "lowercase letters, digits and single hyphens" in problem.message


def test_all_problems_in_one_pass(write_data):
    text = PERSON.format(extra="    leaves: 2016-02-30\n    notes: yes\n").replace("unit: usdc", "unit: usdx")
    broken = "units:\n  - id: opos\n    name: x\n    short_name: OPOS\n    kind: gorup\n"
    problems = problems_of(write_data({"people.yml": text, "more.yml": broken}))
    found = {(problem.file, problem.line) for problem in problems}
    assert found == {
        ("data/more.yml", 2),
        ("data/more.yml", 5),
        ("data/people.yml", 4),
        ("data/people.yml", 7),
        ("data/people.yml", 8),
    }


def test_validate_command_reports_and_fails(write_data):
    project = write_data({"people.yml": PERSON.format(extra="    notes: on\n")})
    result = subprocess.run(
        [sys.executable, "-m", "macros", "validate", "--project", str(project)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "data/people.yml:7: person 'anna', key 'notes': on is read by YAML 1.1" in result.stderr


def test_validate_command_passes_real_data():
    result = subprocess.run([sys.executable, "-m", "macros", "validate"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("data/ is valid:")


def test_unknown_reference_in_list(write_data):
    text = PERSON.format(extra="") + (
        "experiments:\n  - id: nova\n    name: NOvA\n    description: x\n    used_opos: true\n"
        "    in_ramp_down_plan: true\n    services: [poms]\n"
    )
    problem = only_problem(write_data({"people.yml": text}))
    assert problem.line == 13
    assert problem.record == "experiment 'nova'"
    assert problem.key == "services[1]"
    assert problem.message == "'poms' is not a known service id"


def test_alias_rejected(write_data):
    text = "people:\n  - &anna\n    id: anna\n    name: Anna\n    unit: usdc\n    role: x\n    appointment: staff\n  - *anna\n"
    problems = problems_of(write_data({"people.yml": text}))
    assert any(p.line == 2 and "YAML aliases are not supported" in p.message for p in problems)


def test_alias_bomb_stops_quickly(write_data):
    lines = ["glossary_bomb:", "  x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"  x{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
    problems = problems_of(write_data({"bomb.yml": "\n".join(lines) + "\n"}))
    # Each anchored list is rejected at its line (2 to 9) instead of being expanded 9 ** 8 times.
    assert sorted({p.line for p in problems if "aliases" in p.message}) == list(range(2, 10))


def test_loose_boolean_rejected(write_data):
    text = "experiments:\n  - id: nova\n    name: NOvA\n    description: x\n    used_opos: yes\n    in_ramp_down_plan: false\n"
    problem = only_problem(write_data({"experiments.yml": text}))
    assert problem.line == 5
    assert problem.key == "used_opos"
    assert problem.message == "write the boolean yes as true, as YAML 1.2 does"


def test_unsupported_tag(write_data):
    text = PERSON.format(extra="    notes: !!python/object/apply:os.system [echo]\n")
    problems = problems_of(write_data({"people.yml": text}))
    assert any(p.line == 7 and "unsupported YAML tag" in p.message for p in problems)


def test_empty_file(write_data):
    problem = only_problem(write_data({"people.yml": "\n"}))
    assert problem.file == "data/people.yml"
    assert problem.message == "the file is empty; add a collection or delete it"


def test_empty_text(write_data):
    problem = only_problem(write_data({"people.yml": PERSON.format(extra="").replace("role: Deputy head", 'role: ""')}))
    assert problem.line == 5
    assert problem.key == "role"
    assert problem.message.startswith("the text is empty")


def test_invalid_record_still_known(write_data):
    text = PERSON.format(extra="    leaves: 2016-02-30\n")
    duty_unit = "units:\n  - id: opos\n    name: x\n    short_name: OPOS\n    kind: group\n    status: active\n"
    duty_unit += "    description: x\n    lead: anna\n"
    problem = only_problem(write_data({"people.yml": text, "more.yml": duty_unit}))
    # Only the impossible date: the unit's reference to the broken record is not reported too.
    assert problem.line == 7
    assert problem.key == "leaves"


def test_leaves_before_arrives(write_data):
    text = PERSON.format(extra="    arrives: 2016-04-04\n    leaves: 2015-01-01\n")
    problem = only_problem(write_data({"people.yml": text}))
    assert problem.line == 2
    assert problem.record == "person 'anna'"
    assert problem.message == "leaves (2015-01-01) is before arrives (2016-04-04)"
