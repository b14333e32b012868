"""CI, pre-commit and yamllint run the project's own checks, and yamllint agrees with the loader."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from macros.loader import load_site
from macros.problems import DataError
from tests.conftest import PROJECT_DIR

YAMLLINT = Path(sys.executable).parent / "yamllint"
WORKFLOWS = PROJECT_DIR / ".github" / "workflows"

PERSON = "people:\n  - id: anna\n    name: Anna\n    role: Operator\n    appointment: staff\n"


def yamllint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(YAMLLINT), "--strict", "-c", str(PROJECT_DIR / ".yamllint"), "-f", "parsable", str(path)],
        capture_output=True,
        text=True,
    )


def run_steps(workflow: str) -> list[str]:
    document = yaml.safe_load((WORKFLOWS / workflow).read_text())
    return [step["run"] for job in document["jobs"].values() for step in job.get("steps", []) if "run" in step]


def makefile_targets() -> set[str]:
    text = (PROJECT_DIR / "Makefile").read_text()
    return set(re.findall(r"^([a-z][a-z-]*):", text, re.MULTILINE))


def test_yamllint_passes_repository():
    result = subprocess.run(
        [str(YAMLLINT), "--strict", "-c", ".yamllint", "."], cwd=PROJECT_DIR, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("name", "extra", "rule"),
    [
        ("repeated key", "    role: Lead\n", "(key-duplicates)"),
        ("truthy text", "    notes: yes\n", "(truthy)"),
        ("implicit octal", "    notes: 0755\n", "(octal-values)"),
        ("tab indentation", "\tnotes: x\n", "syntax error"),
    ],
)
def test_yamllint_agrees_with_loader(write_data, name, extra, rule):
    project = write_data({"people.yml": PERSON + extra})
    with pytest.raises(DataError):
        load_site(project)
    result = yamllint(project / "data" / "people.yml")
    assert result.returncode == 1, name
    assert rule in result.stdout, name


def test_yamllint_accepts_valid_data(write_data):
    project = write_data({"people.yml": PERSON + '    notes: "yes"\n    leaves: 2016-07-01\n'})
    load_site(project)
    for path in sorted((project / "data").glob("*.yml")):
        result = yamllint(path)
        assert result.returncode == 0, result.stdout


def test_pre_commit_hooks_pass():
    config = yaml.safe_load((PROJECT_DIR / ".pre-commit-config.yaml").read_text())
    hooks = [hook for repository in config["repos"] for hook in repository["hooks"]]
    assert [hook["id"] for hook in hooks] == ["validate-data", "schemas-match-models", "yamllint"]
    yaml_files = subprocess.run(
        ["git", "ls-files", "*.yml", "*.yaml", ".yamllint"], cwd=PROJECT_DIR, capture_output=True, text=True, check=True
    ).stdout.split()
    for hook in hooks:
        assert hook["language"] == "system"
        command = shlex.split(hook["entry"])
        command[0] = str(PROJECT_DIR / command[0])
        arguments = [] if hook.get("pass_filenames") is False else yaml_files
        result = subprocess.run([*command, *arguments], cwd=PROJECT_DIR, capture_output=True, text=True)
        assert result.returncode == 0, f"{hook['id']}: {result.stdout}{result.stderr}"


def test_pre_commit_runs_project_commands():
    config = (PROJECT_DIR / ".pre-commit-config.yaml").read_text()
    makefile = (PROJECT_DIR / "Makefile").read_text()
    # The Makefile's validate target runs the same module as the hook.
    assert "$(PYTHON) -m macros validate" in makefile
    assert "entry: .venv/bin/python -m macros validate" in config


def test_pull_request_workflow_runs_ci():
    steps = run_steps("pull-request.yml")
    assert "make validate" in steps
    assert "make build" in steps
    assert "bash .ci/run" in steps
    assert any(step.startswith(".venv/bin/python -m macros diff ") for step in steps)
    document = yaml.safe_load((WORKFLOWS / "pull-request.yml").read_text())
    uploads = [
        step
        for step in document["jobs"]["check"]["steps"]
        if step.get("uses", "").startswith("actions/upload-artifact")
    ]
    assert uploads[0]["with"]["path"] == "site/"


def test_publish_workflow_deploys_pages():
    steps = run_steps("publish.yml")
    assert steps == ["make validate", "make build", "bash .ci/run"]
    document = yaml.safe_load((WORKFLOWS / "publish.yml").read_text())
    # PyYAML follows YAML 1.1, so it reads the workflow key `on` as the boolean true.
    assert document[True] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    deploy = document["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_workflow_make_targets_exist():
    targets = makefile_targets()
    for workflow in ("pull-request.yml", "publish.yml"):
        for step in run_steps(workflow):
            for target in re.findall(r"\bmake (\w+)", step):
                assert target in targets, f"{workflow}: make {target}"


def test_ci_entry_runs_make_test():
    assert (PROJECT_DIR / ".ci" / "run").read_text().strip().endswith("make test")
    assert "test" in makefile_targets()
