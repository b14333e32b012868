"""JSON Schemas for the data files and for front matter, generated from the pydantic models.

The models in `macros.model` validate the data. The schemas under `schemas/` are derived from
them so that editors complete keys and flag mistakes while an author types. Nothing in
`schemas/` is written by hand, because `python -m macros schema` regenerates it together with
the `yaml.schemas` entry of `.vscode/settings.json`. A test fails when the checked-in files
differ from what the models generate.
"""

from __future__ import annotations

import ast
import copy
import inspect
import itertools
import json
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from macros import model
from macros.loader import COLLECTIONS, SINGLETON_KEY, _find_model, _ref_target

SCHEMA_DIR = "schemas"
DATA_SCHEMA = "data.schema.json"
VSCODE_SETTINGS = ".vscode/settings.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
REGENERATE = "python -m macros schema"

# Collections whose records are the front matter of Markdown files (one record a file), with
# the glob of those files relative to the project folder. An entry whose collection is not
# in COLLECTIONS is skipped until the collection is registered and the schemas regenerated.
FRONT_MATTER: dict[str, str] = {"modules": "training_modules/*.md"}


@dataclass(frozen=True)
class RefField:
    """A field, or the items of a list field, that hold ids of records in `collection`."""

    collection: str
    is_list: bool


def front_matter_collections() -> dict[str, str]:
    """Return the front-matter collections registered in COLLECTIONS, with their globs."""
    return {name: glob for name, glob in FRONT_MATTER.items() if name in COLLECTIONS}


def data_collections() -> list[str]:
    """Return the collections written in files under `data/`, in registration order."""
    front_matter = front_matter_collections()
    return [name for name in COLLECTIONS if name not in front_matter]


def ref_fields(model_class: type[BaseModel]) -> dict[str, RefField]:
    """Return the fields of `model_class` that refer to other records, by field name."""
    found = {}
    for name, field_info in model_class.model_fields.items():
        target = _ref_target(field_info.metadata, field_info.annotation)
        if target:
            found[name] = RefField(target, _is_list(field_info.annotation))
    return found


def _is_list(annotation: Any) -> bool:
    origin = getattr(annotation, "__origin__", None)
    if origin is list:
        return True
    return any(_is_list(argument) for argument in getattr(annotation, "__args__", ()))


def nested_models(model_class: type[BaseModel]) -> Iterator[type[BaseModel]]:
    """Yield `model_class` and every model its fields contain, each once."""
    seen: set[type[BaseModel]] = set()
    pending = [model_class]
    while pending:
        current = pending.pop(0)
        if current in seen:
            continue
        seen.add(current)
        yield current
        for field_info in current.model_fields.values():
            inner = _find_model(field_info.annotation)
            if inner is not None:
                pending.append(inner)


def data_schema() -> dict[str, Any]:
    """Return the schema of a file under `data/`: settings and lists of records by collection."""
    names = data_collections()
    models = [model.Settings, *(COLLECTIONS[name].model for name in names)]
    refs, definitions = models_json_schema([(item, "validation") for item in models], ref_template="#/$defs/{model}")
    properties: dict[str, Any] = {
        SINGLETON_KEY: {
            **refs[(model.Settings, "validation")],
            "description": "Site-wide settings; exactly one data file defines them.",
        }
    }
    for name in names:
        spec = COLLECTIONS[name]
        properties[name] = {
            "description": f"A list of {spec.label} records. {spec.model.__doc__ or ''}".strip(),
            "type": "array",
            "items": refs[(spec.model, "validation")],
        }
    schema = {
        "$schema": DRAFT,
        "title": "A data file under data/",
        "description": (
            "A mapping from collection names to lists of records, plus the site-wide settings under "
            f"'{SINGLETON_KEY}'. Generated from macros/model.py by `{REGENERATE}`; do not edit by hand."
        ),
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "$defs": definitions.get("$defs", {}),
    }
    for item in models:
        _describe_fields(schema["$defs"], item)
        _describe_references(schema["$defs"], item)
    _drop_field_titles(schema["$defs"])
    return schema


def record_schema(collection: str) -> dict[str, Any]:
    """Return the schema of one record of `collection`, as written in a file's front matter."""
    spec = COLLECTIONS[collection]
    schema = spec.model.model_json_schema(ref_template="#/$defs/{model}")
    definitions = schema.pop("$defs", {})
    name = spec.model.__name__
    definitions[name] = copy.deepcopy(schema)
    _describe_fields(definitions, spec.model)
    _describe_references(definitions, spec.model)
    _drop_field_titles(definitions)
    glob = FRONT_MATTER.get(collection, "")
    return {
        "$schema": DRAFT,
        "title": f"Front matter of a {spec.label} ({glob})",
        "description": (
            f"{spec.model.__doc__ or ''} Generated from macros/model.py by `{REGENERATE}`; do not edit by hand."
        ).strip(),
        "$ref": f"#/$defs/{name}",
        "$defs": definitions,
    }


def _definition(definitions: dict[str, Any], model_class: type[BaseModel]) -> dict[str, Any]:
    try:
        return definitions[model_class.__name__]
    except KeyError:
        raise RuntimeError(
            f"no schema definition named {model_class.__name__}; two models may share that class name, "
            "so rename one of them"
        ) from None


def attribute_docstrings(model_class: type[BaseModel]) -> dict[str, str]:
    """Return the docstring written under each field of `model_class` or of a model it extends.

    The models do not ask pydantic to read these (`use_attribute_docstrings`), because it
    parses the source of every model on each import, which every build would pay for.
    """
    found: dict[str, str] = {}
    for current in reversed(model_class.__mro__):
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or current is BaseModel:
            continue
        body = ast.parse(textwrap.dedent(inspect.getsource(current))).body[0]
        statements = body.body if isinstance(body, ast.ClassDef) else []
        for statement, following in itertools.pairwise(statements):
            if (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                found[statement.target.id] = inspect.cleandoc(following.value.value)
    return found


def _describe_fields(definitions: dict[str, Any], model_class: type[BaseModel]) -> None:
    """Give each field without a description the docstring written under it."""
    for current in nested_models(model_class):
        properties = _definition(definitions, current).get("properties", {})
        for name, docstring in attribute_docstrings(current).items():
            if name in properties and current.model_fields[name].description is None:
                properties[name]["description"] = docstring


def _describe_references(definitions: dict[str, Any], model_class: type[BaseModel]) -> None:
    """Say in each reference field's description which collection its ids come from."""
    for current in nested_models(model_class):
        properties = _definition(definitions, current).get("properties", {})
        for name, ref in ref_fields(current).items():
            target = f"the id of a record in '{ref.collection}'"
            rule = f"Each item is {target}." if ref.is_list else f"It is {target}."
            prop = properties[name]
            prop["description"] = f"{prop['description']} {rule}" if prop.get("description") else rule


def _drop_field_titles(definitions: dict[str, Any]) -> None:
    # pydantic gives every field a title made from its name ("Review Every Months"), which
    # tells an author nothing the key does not, so only the descriptions are kept.
    for definition in definitions.values():
        for prop in definition.get("properties", {}).values():
            prop.pop("title", None)


def vscode_schema_map() -> dict[str, list[str]]:
    """Return the `yaml.schemas` setting: schema file to the globs of files it applies to."""
    mapping = {f"./{SCHEMA_DIR}/{DATA_SCHEMA}": ["data/**/*.yml", "data/**/*.yaml"]}
    # NOTE: VS Code's YAML extension does not check front matter inside Markdown files
    # (redhat-developer/vscode-yaml issue 207 is open), so only the tests apply those schemas.
    for name, glob in front_matter_collections().items():
        mapping[f"./{SCHEMA_DIR}/{name}.schema.json"] = [glob]
    return mapping


def generated_files(project: Path) -> dict[str, str]:
    """Return every generated file's text by its path relative to `project`."""
    files = {f"{SCHEMA_DIR}/{DATA_SCHEMA}": _json(data_schema())}
    for name in front_matter_collections():
        files[f"{SCHEMA_DIR}/{name}.schema.json"] = _json(record_schema(name))
    files[VSCODE_SETTINGS] = _json(_vscode_settings(project))
    return files


def _vscode_settings(project: Path) -> dict[str, Any]:
    """Return the editor settings with `yaml.schemas` replaced and every other key kept."""
    path = project / VSCODE_SETTINGS
    settings = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    settings["yaml.schemas"] = vscode_schema_map()
    return settings


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def stale_files(project: Path, expected: dict[str, str]) -> list[str]:
    """Return schema files under `schemas/` that no model generates any more."""
    folder = project / SCHEMA_DIR
    present = (path.relative_to(project).as_posix() for path in folder.glob("*.schema.json"))
    return sorted(path for path in present if path not in expected)


def check(project: Path) -> list[str]:
    """Return the generated files that are missing, out of date or stale in `project`."""
    expected = generated_files(project)
    differing = []
    for relative, text in expected.items():
        path = project / relative
        if not path.exists():
            differing.append(f"{relative} is missing")
        elif path.read_text(encoding="utf-8") != text:
            differing.append(f"{relative} differs from what the models generate")
    differing.extend(f"{relative} is generated by no model" for relative in stale_files(project, expected))
    return differing


def write(project: Path) -> list[str]:
    """Write every generated file that changed, delete stale schemas, and return what changed."""
    expected = generated_files(project)
    changed = []
    for relative, text in expected.items():
        path = project / relative
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        changed.append(relative)
    for relative in stale_files(project, expected):
        (project / relative).unlink()
        changed.append(relative)
    return changed
