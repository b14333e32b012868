"""The JSON Schemas under schemas/ are generated from the models and agree with the loader."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from macros import loader, model, schema
from tests.conftest import PROJECT_DIR


def plain(value):
    """Return YAML values as JSON would carry them: dates become YYYY-MM-DD text."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def validator(schema_document: dict) -> Draft202012Validator:
    return Draft202012Validator(schema_document, format_checker=Draft202012Validator.FORMAT_CHECKER)


def data_validator() -> Draft202012Validator:
    checked_in = json.loads((PROJECT_DIR / "schemas" / schema.DATA_SCHEMA).read_text())
    return validator(checked_in)


def errors_of(document_text: str) -> list[str]:
    document = plain(yaml.safe_load(document_text))
    return [error.message for error in data_validator().iter_errors(document)]


def test_checked_in_schemas_match_models():
    differing = schema.check(PROJECT_DIR)
    assert differing == [], (
        "The checked-in schemas differ from the models:\n  "
        + "\n  ".join(differing)
        + f"\nRun `{schema.REGENERATE}` and commit the result."
    )


def test_schema_is_valid_json_schema():
    Draft202012Validator.check_schema(json.loads((PROJECT_DIR / "schemas" / schema.DATA_SCHEMA).read_text()))


def test_real_data_files_match_schema():
    for path in sorted((PROJECT_DIR / "data").glob("*.yml")):
        document = plain(yaml.safe_load(path.read_text()))
        errors = [error.message for error in data_validator().iter_errors(document)]
        assert errors == [], path.name


def test_schema_covers_every_collection():
    properties = json.loads((PROJECT_DIR / "schemas" / schema.DATA_SCHEMA).read_text())["properties"]
    assert set(properties) == {"site", *schema.data_collections()}
    assert set(schema.data_collections()) <= set(loader.COLLECTIONS)


def test_schema_rejects_unknown_key():
    errors = errors_of(
        "people:\n  - id: anna\n    name: Anna\n    role: x\n    appointment: staff\n    leavs: 2016-07-01\n"
    )
    assert errors == ["Additional properties are not allowed ('leavs' was unexpected)"]


def test_schema_rejects_value_outside_set():
    errors = errors_of("people:\n  - id: anna\n    name: Anna\n    role: x\n    appointment: intren\n")
    assert len(errors) == 1
    assert "'intren' is not one of ['staff', 'intern'" in errors[0]


def test_schema_rejects_invalid_id():
    errors = errors_of("people:\n  - id: Anna_M\n    name: Anna\n    role: x\n    appointment: staff\n")
    assert errors == ["'Anna_M' does not match '^[a-z0-9]+(-[a-z0-9]+)*$'"]


def test_schema_rejects_missing_required_key():
    errors = errors_of("people:\n  - id: anna\n    name: Anna\n    appointment: staff\n")
    assert errors == ["'role' is a required property"]


def test_schema_rejects_unknown_collection():
    errors = errors_of("poeple: []\n")
    assert errors == ["Additional properties are not allowed ('poeple' was unexpected)"]


def test_schema_rejects_non_iso_date():
    errors = errors_of(
        "people:\n  - id: anna\n    name: Anna\n    role: x\n    appointment: staff\n    leaves: 2016-7-1\n"
    )
    assert len(errors) == 1
    assert "'2016-7-1'" in errors[0]


def test_field_descriptions_from_docstrings():
    definitions = schema.data_schema()["$defs"]
    duty = definitions["Duty"]
    assert duty["description"] == model.Duty.__doc__
    assert duty["properties"]["cadence"]["description"] == "How often the duty runs."
    assert "title" not in duty["properties"]["cadence"]
    assert duty["properties"]["cadence"]["enum"] == ["daily", "weekly", "monthly", "on demand", "not stated"]
    assert duty["additionalProperties"] is False


def test_reference_descriptions_name_collection():
    definitions = schema.data_schema()["$defs"]
    owner = definitions["Duty"]["properties"]["owner"]["description"]
    assert owner == "The person who does the duty now and must hand it over. It is the id of a record in 'people'."
    services = definitions["Duty"]["properties"]["services"]["description"]
    assert services.endswith("Each item is the id of a record in 'services'.")
    interim = definitions["Successor"]["properties"]["interim"]["description"]
    assert interim.endswith("It is the id of a record in 'people'.")


def test_dates_have_date_format():
    definitions = schema.data_schema()["$defs"]
    reference_date = definitions["Settings"]["properties"]["reference_date"]
    assert reference_date == {"format": "date", "type": "string"}


def test_vscode_settings_map_schema():
    settings = json.loads((PROJECT_DIR / ".vscode" / "settings.json").read_text())
    mapping = settings["yaml.schemas"]
    assert mapping["./schemas/data.schema.json"] == ["data/**/*.yml", "data/**/*.yaml"]
    for schema_path in mapping:
        assert (PROJECT_DIR / schema_path).is_file(), schema_path


class Handout(model.Record, model.Reviewed):
    """A printed handout, one per Markdown file."""

    title: str
    """The handout's title."""


@pytest.fixture
def handouts(monkeypatch):
    """Register a front-matter collection of handouts, as a training-module model would be."""
    monkeypatch.setitem(loader.COLLECTIONS, "handouts", loader.Collection(Handout, "handout"))
    monkeypatch.setitem(schema.FRONT_MATTER, "handouts", "handouts/*.md")


def test_front_matter_schema_generated(handouts):
    files = schema.generated_files(PROJECT_DIR)
    assert "schemas/handouts.schema.json" in files
    handout = json.loads(files["schemas/handouts.schema.json"])
    assert handout["$ref"] == "#/$defs/Handout"
    assert handout["$defs"]["Handout"]["properties"]["title"]["description"] == "The handout's title."
    settings = json.loads(files[".vscode/settings.json"])
    assert settings["yaml.schemas"]["./schemas/handouts.schema.json"] == ["handouts/*.md"]
    data = json.loads(files["schemas/data.schema.json"])
    assert "handouts" not in data["properties"]


def test_front_matter_schema_validates(handouts):
    front_matter = validator(schema.record_schema("handouts"))
    good = {
        "id": "poms-card",
        "title": "POMS card",
        "owner": "usdc",
        "last_reviewed": "2026-11-20",
        "review_every_months": 12,
    }
    assert list(front_matter.iter_errors(good)) == []
    bad = {**good, "review_every_months": 0, "colour": "red"}
    messages = sorted(error.message for error in front_matter.iter_errors(bad))
    assert messages == [
        "0 is less than the minimum of 1",
        "Additional properties are not allowed ('colour' was unexpected)",
    ]


def test_unregistered_front_matter_skipped(monkeypatch):
    monkeypatch.setitem(schema.FRONT_MATTER, "leaflets", "leaflets/*.md")
    assert "leaflets" not in schema.front_matter_collections()
    assert "schemas/leaflets.schema.json" not in schema.generated_files(PROJECT_DIR)


def test_training_module_front_matter_matches():
    if "modules" not in loader.COLLECTIONS:
        pytest.skip("no 'modules' collection is registered in macros/loader.py yet")
    front_matter = validator(json.loads((PROJECT_DIR / "schemas" / "modules.schema.json").read_text()))
    for path in sorted((PROJECT_DIR / "training_modules").glob("*.md")):
        header = path.read_text().split("---\n", 2)[1]
        errors = [error.message for error in front_matter.iter_errors(plain(yaml.safe_load(header)))]
        assert errors == [], path.name


def copy_generated(target: Path) -> Path:
    shutil.copytree(PROJECT_DIR / "schemas", target / "schemas")
    shutil.copytree(PROJECT_DIR / ".vscode", target / ".vscode")
    return target


def test_check_reports_edited_schema(tmp_path):
    project = copy_generated(tmp_path)
    data_schema = project / "schemas" / schema.DATA_SCHEMA
    data_schema.write_text(data_schema.read_text().replace("How often the duty runs.", "How often."))
    (project / "schemas" / "gone.schema.json").write_text("{}\n")
    assert schema.check(project) == [
        "schemas/data.schema.json differs from what the models generate",
        "schemas/gone.schema.json is generated by no model",
    ]


def test_write_restores_schemas(tmp_path):
    project = copy_generated(tmp_path)
    (project / "schemas" / schema.DATA_SCHEMA).unlink()
    (project / "schemas" / "gone.schema.json").write_text("{}\n")
    assert schema.write(project) == ["schemas/data.schema.json", "schemas/gone.schema.json"]
    assert schema.check(project) == []


def test_write_keeps_other_editor_settings(tmp_path):
    project = copy_generated(tmp_path)
    settings_path = project / ".vscode" / "settings.json"
    settings_path.write_text(json.dumps({"editor.rulers": [100], "yaml.schemas": {}}))
    schema.write(project)
    settings = json.loads(settings_path.read_text())
    assert settings["editor.rulers"] == [100]
    assert settings["yaml.schemas"] == schema.vscode_schema_map()


def test_schema_check_command_fails(tmp_path):
    project = copy_generated(tmp_path)
    (project / "schemas" / schema.DATA_SCHEMA).write_text("{}\n")
    result = subprocess.run(
        [sys.executable, "-m", "macros", "schema", "--check", "--project", str(project)],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
    )
    assert result.returncode == 1
    assert "schemas/data.schema.json differs from what the models generate" in result.stderr
    assert "run `python -m macros schema` and commit the result" in result.stderr
