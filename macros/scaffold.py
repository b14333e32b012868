"""Scaffold a new record: every required key with a placeholder that validates, and what it means.

The record is built from the same JSON Schema that editors use, so its keys, fixed sets,
bounds and descriptions come from the models. Placeholders are chosen to pass validation
(text starts with `TODO:`, references point at an existing record) so that the site builds
as soon as the record is written, and the author then replaces them.
"""

from __future__ import annotations

import difflib
import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from macros import model, schema
from macros.loader import COLLECTIONS, SiteData, load_site
from macros.model import PLACEHOLDER
from macros.problems import DataError
from macros.yaml_source import read_yaml

INDENT = "  "
COMMENT_WIDTH = 88


class ScaffoldError(Exception):
    """Raised when a record cannot be scaffolded; the message gives the reason and the fix."""


@dataclass(frozen=True)
class Scaffold:
    """A written record: the file it went to, the line it starts on, and its text."""

    collection: str
    record_id: str
    file: str
    line: int
    text: str


def resolve_kind(kind: str) -> str:
    """Return the collection for a kind written as its name or label (`person`, `org-change`)."""
    wanted = _normalise(kind)
    for name, spec in COLLECTIONS.items():
        if wanted in (_normalise(name), _normalise(name).removesuffix("s"), _normalise(spec.label)):
            return name
    known = [spec.label for spec in COLLECTIONS.values()]
    close = difflib.get_close_matches(kind, known, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise ScaffoldError(f"unknown kind '{kind}'; use one of: {', '.join(known)}{hint}")


def _normalise(name: str) -> str:
    return name.lower().replace("-", " ").replace("_", " ").strip()


def record_lines(collection: str, record_id: str, site: SiteData) -> list[str]:
    """Return the YAML lines of a new record as one mapping, unindented, starting with its id."""
    definitions, definition = _definition_of(collection)
    writer = _RecordWriter(definitions, site)
    return writer.mapping(definition, {"id": record_id}, depth=0)


def _definition_of(collection: str) -> tuple[dict[str, Any], dict[str, Any]]:
    if collection in schema.front_matter_collections():
        document = schema.record_schema(collection)
    else:
        document = schema.data_schema()
    definitions = document["$defs"]
    return definitions, definitions[COLLECTIONS[collection].model.__name__]


class _RecordWriter:
    """Writes placeholder values and comments for the properties of one schema definition."""

    def __init__(self, definitions: dict[str, Any], site: SiteData) -> None:
        self.definitions = definitions
        self.site = site

    def mapping(self, definition: dict[str, Any], given: dict[str, Any], depth: int) -> list[str]:
        model_class = _model_named(definition)
        references = schema.ref_fields(model_class) if model_class else {}
        properties = definition.get("properties", {})
        required = set(definition.get("required", []))
        pad = INDENT * depth
        lines = []
        blocks = []
        # The id comes first whatever the field order of the model's base classes.
        for name in sorted(properties, key=lambda key: key != "id"):
            prop = properties[name]
            if name in given:
                # An inline comment, because the first line of a list item must be the key itself.
                comment = f"  # {_first_sentence(prop['description'])}" if prop.get("description") else ""
                lines.append(f"{pad}{name}: {_scalar(given[name])}{comment}")
            elif name in required:
                field_lines = self.required_field(name, prop, references.get(name), depth)
                # Nested mappings and lists go last, so that the comment on optional keys
                # below sits among keys of its own indentation, as yamllint expects.
                (blocks if field_lines[-1].startswith(pad + "  ") else lines).extend(field_lines)
        optional = [name for name in properties if name not in required and name not in given]
        if optional:
            lines.append(f"{pad}# Optional keys, left out until needed:")
            for name in optional:
                description = properties[name].get("description")
                lines.append(f"{pad}#   {name}: {_first_sentence(description)}" if description else f"{pad}#   {name}")
        return lines + blocks

    def required_field(self, name: str, prop: dict[str, Any], reference: Any, depth: int) -> list[str]:
        pad = INDENT * depth
        prop = _without_null(prop)
        comment = " ".join(part for part in (prop.get("description", ""), self.form(prop)) if part)
        lines = [f"{pad}# {line}" for line in textwrap.wrap(comment, COMMENT_WIDTH)]
        nested = self.nested_definition(prop)
        if nested is not None:
            lines.append(f"{pad}{name}:")
            lines.extend(self.mapping(nested, {}, depth + 1))
            return lines
        item_definition = self.nested_definition(prop.get("items", {}))
        if prop.get("type") == "array" and item_definition is not None and prop.get("minItems", 0) > 0:
            lines.append(f"{pad}{name}:")
            for _ in range(prop["minItems"]):
                lines.extend(self.list_item(item_definition, depth + 1))
            return lines
        lines.append(f"{pad}{name}: {_flow(self.placeholder(name, prop, reference))}")
        return lines

    def list_item(self, definition: dict[str, Any], depth: int) -> list[str]:
        """Write one mapping of a required list, its first key behind the `- ` marker."""
        lines = self.mapping(definition, {}, depth + 1)
        deeper = INDENT * (depth + 1)
        first_key = next(index for index, line in enumerate(lines) if not line.lstrip().startswith("#"))
        lines[first_key] = INDENT * depth + "- " + lines[first_key][len(deeper) :]
        # Comments above the `- ` marker line up with the marker, as yamllint expects.
        for index in range(first_key):
            lines[index] = INDENT * depth + lines[index][len(deeper) :]
        return lines

    def nested_definition(self, prop: dict[str, Any]) -> dict[str, Any] | None:
        if "$ref" not in prop:
            return None
        return self.definitions[prop["$ref"].rsplit("/", 1)[-1]]

    def form(self, prop: dict[str, Any]) -> str:
        if "enum" in prop:
            return f"(One of: {', '.join(str(value) for value in prop['enum'])}.)"
        if prop.get("format") == "date":
            return "(A date, YYYY-MM-DD, unquoted.)"
        kind = prop.get("type")
        bounds = _bounds(prop)
        if kind in ("integer", "number"):
            return f"(A {'whole ' if kind == 'integer' else ''}number{bounds}.)"
        if kind == "boolean":
            return "(true or false.)"
        return ""

    def placeholder(self, name: str, prop: dict[str, Any], reference: Any) -> Any:
        if "enum" in prop:
            return "not stated" if "not stated" in prop["enum"] else prop["enum"][0]
        kind = prop.get("type")
        if kind == "array":
            count = prop.get("minItems", 0)
            return [self.placeholder(name, prop.get("items", {}), reference) for _ in range(count)]
        if reference is not None:
            return self.existing_id(name, reference.collection)
        if prop.get("format") == "date":
            return self.site.settings.review_date or self.site.settings.reference_date
        if kind == "boolean":
            return False
        if kind in ("integer", "number"):
            return _lowest(prop, kind)
        text = f"{PLACEHOLDER} {name.replace('_', ' ')}"
        if "pattern" not in prop:
            return text
        # Some text fields forbid punctuation, such as a glossary term matched as a word or
        # the id of a step inside a record.
        candidates = (text, text.replace(":", ""), "todo-" + name.replace("_", "-").lower())
        return next((candidate for candidate in candidates if re.search(prop["pattern"], candidate)), text)

    def existing_id(self, name: str, collection: str) -> str:
        records = self.site.collections.get(collection, {})
        if not records:
            raise ScaffoldError(
                f"key '{name}' must refer to a record in '{collection}', and there is none yet; add one first"
            )
        return next(iter(records))


def _model_named(definition: dict[str, Any]) -> Any:
    title = definition.get("title")
    for candidate in _all_models():
        if candidate.__name__ == title:
            return candidate
    return None


def _all_models() -> list[Any]:
    models = []
    for spec in COLLECTIONS.values():
        models.extend(schema.nested_models(spec.model))
    return models


def _without_null(prop: dict[str, Any]) -> dict[str, Any]:
    options = prop.get("anyOf")
    if not options:
        return prop
    kept = [option for option in options if option.get("type") != "null"]
    if len(kept) != 1:
        return prop
    return {**{key: value for key, value in prop.items() if key != "anyOf"}, **kept[0]}


def _bounds(prop: dict[str, Any]) -> str:
    parts = []
    if "minimum" in prop:
        parts.append(f"at least {prop['minimum']}")
    if "exclusiveMinimum" in prop:
        parts.append(f"more than {prop['exclusiveMinimum']}")
    if "maximum" in prop:
        parts.append(f"at most {prop['maximum']}")
    if "exclusiveMaximum" in prop:
        parts.append(f"less than {prop['exclusiveMaximum']}")
    return ", " + " and ".join(parts) if parts else ""


def _lowest(prop: dict[str, Any], kind: str) -> int | float:
    if "minimum" in prop:
        value = prop["minimum"]
    elif "exclusiveMinimum" in prop:
        value = prop["exclusiveMinimum"] + 1
    else:
        value = 0
    return int(value) if kind == "integer" else float(value)


def _first_sentence(text: str) -> str:
    return text.split(". ", 1)[0].rstrip(".") + "."


def _scalar(value: Any) -> str:
    """Write a scalar so that YAML 1.1 reads back exactly the value given."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if not isinstance(value, str):
        return str(value)
    try:
        plain = bool(value) and yaml.safe_load(f"key: {value}") == {"key": value}
    except yaml.YAMLError:
        plain = False
    return value if plain else json.dumps(value, ensure_ascii=False)


def _flow(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(item) for item in value) + "]"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return _scalar(value)


def scaffold(project: Path, kind: str, record_id: str, *, dry_run: bool = False) -> Scaffold:
    """Add a new record of `kind` to the project, check that everything still validates, and return it.

    Raises ScaffoldError when the kind or id is unusable, and DataError when `data/` does not
    validate before the change. A record that would not validate is never left behind.
    """
    collection = resolve_kind(kind)
    site = load_site(project)
    _check_new_id(collection, record_id, site)
    lines = record_lines(collection, record_id, site)
    if collection in schema.front_matter_collections():
        target = _front_matter_target(project, collection, record_id)
    else:
        target = _data_file_target(project, collection, site)
    relative, new_text, line = target.render(lines)
    result = Scaffold(collection, record_id, relative, line, "\n".join(lines) + "\n")
    if dry_run:
        return result

    path = project / relative
    previous = path.read_text(encoding="utf-8") if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new_text, encoding="utf-8")
    try:
        load_site(project)
    except DataError as error:
        if previous is None:
            path.unlink()
        else:
            path.write_text(previous, encoding="utf-8")
        raise ScaffoldError(
            f"the scaffolded {COLLECTIONS[collection].label} does not validate, so it was not kept; "
            f"this is a bug in macros/scaffold.py:\n{error}"
        ) from None
    return result


def _check_new_id(collection: str, record_id: str, site: SiteData) -> None:
    try:
        TypeAdapter(model.Id).validate_python(record_id)
    except ValidationError:
        raise ScaffoldError(
            f"'{record_id}' is not a valid id; use lowercase letters, digits and single hyphens, "
            "such as 'nova-raw2root'"
        ) from None
    if record_id in site.collections.get(collection, {}):
        where = site.location_of(collection, record_id)
        raise ScaffoldError(
            f"{COLLECTIONS[collection].label} '{record_id}' already exists at {where.file}:{where.line}; "
            "choose another id"
        )


@dataclass(frozen=True)
class _FrontMatterTarget:
    relative: str
    title_key: str = "title"

    def render(self, lines: list[str]) -> tuple[str, str, int]:
        body = "\n".join(lines)
        text = f"---\n{body}\n---\n\n{PLACEHOLDER} write the content of this page.\n"
        return self.relative, text, 2


def _front_matter_target(project: Path, collection: str, record_id: str) -> _FrontMatterTarget:
    # TODO: the front-matter case is tested with a stand-in model only. Check it against the
    # training-module model and loader once they are registered in COLLECTIONS.
    folder = Path(schema.front_matter_collections()[collection]).parent
    relative = (folder / f"{record_id}.md").as_posix()
    if (project / relative).exists():
        raise ScaffoldError(f"{relative} already exists; choose another id")
    return _FrontMatterTarget(relative)


@dataclass(frozen=True)
class _DataFileTarget:
    """The data file and line at which a record is inserted into its collection's list."""

    relative: str
    collection: str
    text: str
    insert_at: int | None
    item_indent: str

    def render(self, lines: list[str]) -> tuple[str, str, int]:
        first, *rest = lines
        item_pad = self.item_indent + INDENT
        record = [f"{self.item_indent}- {first}", *(f"{item_pad}{line}" for line in rest)]
        if not self.text:
            content = f"{self.collection}:\n" + "\n".join(record) + "\n"
            return self.relative, content, 2
        existing = self.text.splitlines()
        at = len(existing) if self.insert_at is None else self.insert_at
        before, after = existing[:at], existing[at:]
        while before and not before[-1].strip():
            before.pop()
        block = ["", *record]
        if after:
            block.append("")
        content = "\n".join([*before, *block, *after]) + "\n"
        return self.relative, content, len(before) + 2


def _data_file_target(project: Path, collection: str, site: SiteData) -> _DataFileTarget:
    files = [where.file for (name, _), where in site.locations.items() if name == collection]
    if not files:
        relative = f"data/{collection}.yml"
        if (project / relative).exists():
            raise ScaffoldError(f"{relative} exists but contains no {collection} records; add the record by hand")
        return _DataFileTarget(relative, collection, "", None, INDENT)

    relative = files[-1]
    text = (project / relative).read_text(encoding="utf-8")
    document, source = read_yaml(project / relative, relative, [])
    keys = list(document)
    position = keys.index(collection)
    lines = text.splitlines()
    insert_at = None
    if position < len(keys) - 1:
        insert_at = _top_level_key_index(lines, keys[position + 1])
        # Leave a comment that introduces the next collection above it.
        while insert_at > 0 and (not lines[insert_at - 1].strip() or lines[insert_at - 1].lstrip().startswith("#")):
            insert_at -= 1
    first_item = lines[source.line_of((collection, 0)) - 1]
    item_indent = first_item[: len(first_item) - len(first_item.lstrip())]
    if not first_item.lstrip().startswith("-"):
        raise ScaffoldError(f"{relative}: '{collection}' is not written as a block list (one '- ' per record)")
    return _DataFileTarget(relative, collection, text, insert_at, item_indent)


def _top_level_key_index(lines: list[str], key: str) -> int:
    # The source map records where values start, not keys, so find the key's own line.
    pattern = re.compile(rf"""^(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*:""")
    return next(index for index, line in enumerate(lines) if pattern.match(line))
