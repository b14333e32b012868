"""Load every file under `data/` once, validate it, and return one read-only SiteData.

Training modules are read too: each Markdown file under `training_modules/` is one record,
whose front matter is validated like a record in `data/`.

All problems from all files are collected in one pass and raised together as a DataError,
so an author fixes every typo after a single build.
"""

from __future__ import annotations

import difflib
import functools
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from macros import checklists, curriculum, model, procedures, training_model
from macros.front_matter import read_markdown_record
from macros.problems import DataError, Problem
from macros.yaml_source import Scalar, SourceMap, read_yaml

SINGLETON_KEY = "site"


@dataclass(frozen=True)
class Collection:
    """A named list of records of one model, as it appears at the top of a data file."""

    model: type[model.Record]
    label: str
    # Checks that need more than the record's own fields, such as ids inside one record
    # that another record names. It receives the raw values of every record, valid or not,
    # and the validated collections, and yields (key path inside the record, message).
    check: Callable[[Any, dict[str, dict[str, model.Record]]], Iterator[tuple[tuple[Any, ...], str]]] | None = None


COLLECTIONS: dict[str, Collection] = {
    "units": Collection(model.Unit, "unit"),
    "people": Collection(model.Person, "person"),
    "experiments": Collection(model.Experiment, "experiment"),
    "services": Collection(model.Service, "service"),
    "duties": Collection(model.Duty, "duty"),
    "reassignments": Collection(model.Reassignment, "reassignment"),
    "org_changes": Collection(model.OrgChange, "organisation change"),
    "milestones": Collection(model.Milestone, "milestone"),
    "job_descriptions": Collection(model.JobDescription, "job description"),
    "modules": Collection(training_model.Module, "module"),
    "tracks": Collection(training_model.Track, "track"),
    "mentees": Collection(training_model.Mentee, "mentee"),
    "mentoring": Collection(training_model.Mentoring, "mentoring"),
    "glossary": Collection(training_model.GlossaryEntry, "glossary entry"),
    "procedures": Collection(procedures.Procedure, "procedure", procedures.check_procedure),
    "guides": Collection(procedures.Guide, "guide"),
    "progress": Collection(procedures.Progress, "progress record", procedures.check_progress),
    "checklists": Collection(checklists.Checklist, "checklist", checklists.check_checklist),
}

# Collections whose records are Markdown files with front matter instead of YAML list items,
# mapped to the folder that contains the files. A file's name, without `.md`, must be its record's id.
MARKDOWN_FOLDERS: dict[str, str] = {
    "modules": "training_modules",
}


@dataclass(frozen=True)
class Location:
    """The file and line where a record starts."""

    file: str
    line: int


@dataclass
class RawRecord:
    """A record as read from YAML, before validation, with the means to locate its keys."""

    collection: str
    values: Any
    path: tuple[Any, ...]
    source: SourceMap

    @functools.cached_property
    def id(self) -> str | None:
        value = self.values.get("id") if isinstance(self.values, dict) else None
        return value if isinstance(value, str) else None

    def location(self) -> Location:
        return Location(self.source.file, self.source.line_of(self.path))


@dataclass(repr=False)
class SiteData:
    """Validated records by collection and id, plus where each record was written."""

    settings: model.Settings
    collections: dict[str, dict[str, model.Record]]
    locations: dict[tuple[str, str], Location] = field(default_factory=dict)
    # The Markdown below the front matter of records read from MARKDOWN_FOLDERS.
    bodies: dict[tuple[str, str], str] = field(default_factory=dict)
    # Values computed from the records once per build, such as the generated pages, which
    # several hooks need. A new build loads a new SiteData, so nothing here goes stale.
    derived: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> dict[str, model.Record]:
        collections = self.__dict__.get("collections", {})
        if name in collections:
            return collections[name]
        raise AttributeError(name)

    def location_of(self, collection: str, record_id: str) -> Location:
        return self.locations[(collection, record_id)]

    def __repr__(self) -> str:
        # A summary, not every record: mkdocs-macros turns each page variable into text
        # for its debug log on every build, and the records in full take seconds at scale.
        records = sum(len(items) for items in self.collections.values())
        return f"<SiteData: {records} records in {len(self.collections)} collections>"


load_count = 0


def load_site(project_dir: Path) -> SiteData:
    """Read and validate `project_dir/data` and the MARKDOWN_FOLDERS; raise DataError on any problem."""
    global load_count
    load_count += 1

    # Loading creates many small objects that all stay alive, so cyclic garbage collection
    # during the load only costs time: pausing it halves the time for 10,000 records.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(project_dir)
    finally:
        if collecting:
            gc.enable()


def _load(project_dir: Path) -> SiteData:
    problems: list[Problem] = []
    settings_raw: list[RawRecord] = []
    records: dict[str, list[RawRecord]] = {name: [] for name in COLLECTIONS}

    for document, source in _read_documents(project_dir, problems):
        _split_document(document, source, settings_raw, records, problems)
        _report_repeated_keys(source, records, problems)
    bodies = _read_markdown_records(project_dir, records, problems)

    settings = _validate_settings(settings_raw, project_dir, problems)
    collections, locations = _validate_collections(records, problems)
    _check_references(collections, records, problems)
    _report_loose_booleans(_sources(settings_raw, records), problems)
    problems.extend(curriculum.check_training(collections, _problem_locator(records)))
    _run_checks(collections, records, problems)

    if problems or settings is None:
        raise DataError(problems)
    return SiteData(settings, collections, locations, bodies=bodies)


def _read_documents(project_dir: Path, problems: list[Problem]) -> Iterator[tuple[Any, SourceMap]]:
    data_dir = project_dir / "data"
    paths = sorted(path for path in data_dir.rglob("*") if path.suffix in (".yml", ".yaml"))
    if not paths:
        problems.append(Problem("data", 1, None, None, "no .yml files found under data/"))
    for path in paths:
        display_name = path.relative_to(project_dir).as_posix()
        before = len(problems)
        document, source = read_yaml(path, display_name, problems)
        if document is None and len(problems) == before:
            problems.append(Problem(display_name, 1, None, None, "the file is empty; add a collection or delete it"))
        if document is not None:
            yield document, source


def _read_markdown_records(
    project_dir: Path, records: dict[str, list[RawRecord]], problems: list[Problem]
) -> dict[tuple[str, str], str]:
    """Add one record per Markdown file of each folder in MARKDOWN_FOLDERS; return the bodies."""
    bodies: dict[tuple[str, str], str] = {}
    for collection, folder in MARKDOWN_FOLDERS.items():
        label = COLLECTIONS[collection].label
        for path in sorted((project_dir / folder).glob("*.md")):
            display_name = path.relative_to(project_dir).as_posix()
            markdown = read_markdown_record(path, display_name, problems)
            if markdown is None:
                continue
            raw = RawRecord(collection, markdown.values, (), markdown.source)
            for key_path, line, first_line in markdown.source.repeated_keys:
                problems.append(
                    Problem(
                        display_name,
                        line,
                        _record_label(label, raw),
                        _format_key(key_path),
                        f"key '{key_path[-1]}' is repeated in this mapping (first at line {first_line}); "
                        "YAML would keep only the last value, so remove or rename one",
                    )
                )
            if isinstance(markdown.values, dict) and raw.id and raw.id != path.stem:
                problems.append(
                    Problem(
                        display_name,
                        markdown.source.line_of(("id",)),
                        _record_label(label, raw),
                        "id",
                        f"id '{raw.id}' does not match the file name '{path.name}'; "
                        f"rename the file to '{raw.id}.md' or set the id to '{path.stem}'",
                    )
                )
            records[collection].append(raw)
            if raw.id:
                bodies[(collection, raw.id)] = markdown.body
    return bodies


def _split_document(
    document: Any,
    source: SourceMap,
    settings_raw: list[RawRecord],
    records: dict[str, list[RawRecord]],
    problems: list[Problem],
) -> None:
    known = [SINGLETON_KEY, *COLLECTIONS]
    if not isinstance(document, dict):
        problems.append(
            Problem(source.file, 1, None, None, f"expected a mapping of collections ({', '.join(known)}) at the top")
        )
        return

    for key, value in document.items():
        line = source.line_of((key,))
        if key == SINGLETON_KEY:
            settings_raw.append(RawRecord(key, value, (key,), source))
        elif key in MARKDOWN_FOLDERS:
            problems.append(
                Problem(
                    source.file,
                    line,
                    None,
                    key,
                    f"'{key}' records are Markdown files in {MARKDOWN_FOLDERS[key]}/, one per record, not a list in data/",
                )
            )
        elif key not in COLLECTIONS:
            problems.append(Problem(source.file, line, None, key, f"unknown collection '{key}'{_suggest(key, known)}"))
        elif not isinstance(value, list):
            problems.append(Problem(source.file, line, None, key, "expected a list of records"))
        else:
            records[key].extend(RawRecord(key, item, (key, index), source) for index, item in enumerate(value))


def _sources(settings_raw: list[RawRecord], records: dict[str, list[RawRecord]]) -> list[SourceMap]:
    unique: dict[int, SourceMap] = {}
    for raw in [*settings_raw, *(raw for raws in records.values() for raw in raws)]:
        unique[id(raw.source)] = raw.source
    return list(unique.values())


def _report_loose_booleans(sources: list[SourceMap], problems: list[Problem]) -> None:
    """Ask for `true`/`false` where a boolean was written `yes`, `on` or `NO`.

    YAML 1.1 reads those as booleans, YAML 1.2 and yamllint do not. A text field that got
    one is already reported with the advice to quote it, so only other lines are reported.
    """
    reported = {(problem.file, problem.line) for problem in problems}
    for source in sources:
        for path, written in source.loose_booleans.items():
            line = source.scalars[path].line
            if (source.file, line) not in reported:
                key = _format_key(tuple(part for part in path[2:])) or str(path[-1])
                value = "true" if written.lower() in ("yes", "y", "on", "true") else "false"
                problems.append(
                    Problem(source.file, line, None, key, f"write the boolean {written} as {value}, as YAML 1.2 does")
                )


def _report_repeated_keys(source: SourceMap, records: dict[str, list[RawRecord]], problems: list[Problem]) -> None:
    for path, line, first_line in source.repeated_keys:
        label = None
        if len(path) > 2 and path[0] in records:
            raw = next((raw for raw in records[path[0]] if raw.path == path[:2] and raw.source is source), None)
            label = _record_label(COLLECTIONS[path[0]].label, raw) if raw else None
        problems.append(
            Problem(
                source.file,
                line,
                label,
                _format_key(path[2:]) if label else str(path[-1]),
                f"key '{path[-1]}' is repeated in this mapping (first at line {first_line}); "
                "YAML would keep only the last value, so remove or rename one",
            )
        )


def _validate_settings(
    settings_raw: list[RawRecord], project_dir: Path, problems: list[Problem]
) -> model.Settings | None:
    if not settings_raw:
        problems.append(Problem("data", 1, None, SINGLETON_KEY, f"no data file defines '{SINGLETON_KEY}'"))
        return None
    first, *others = settings_raw
    for other in others:
        where = first.location()
        problems.append(
            Problem(
                other.source.file,
                other.location().line,
                None,
                SINGLETON_KEY,
                f"'{SINGLETON_KEY}' is already defined at {where.file}:{where.line}",
            )
        )
    return _validate(model.Settings, first, lambda: SINGLETON_KEY, problems)


def _validate_collections(
    records: dict[str, list[RawRecord]], problems: list[Problem]
) -> tuple[dict[str, dict[str, model.Record]], dict[tuple[str, str], Location]]:
    collections: dict[str, dict[str, model.Record]] = {}
    locations: dict[tuple[str, str], Location] = {}
    for name, raw_records in records.items():
        spec = COLLECTIONS[name]
        collections[name] = {}
        for raw in raw_records:
            if not isinstance(raw.values, dict):
                label = _record_label(spec.label, raw)
                problems.append(Problem(raw.source.file, raw.location().line, label, None, "expected a mapping"))
                continue
            record_id = raw.id
            if record_id and (name, record_id) in locations:
                first = locations[(name, record_id)]
                problems.append(
                    Problem(
                        raw.source.file,
                        raw.source.line_of(raw.path + ("id",)),
                        _record_label(spec.label, raw),
                        "id",
                        f"id '{record_id}' is already used at {first.file}:{first.line}; ids must be unique",
                    )
                )
                continue
            if record_id:
                locations[(name, record_id)] = raw.location()
            record = _validate(spec.model, raw, functools.partial(_record_label, spec.label, raw), problems)
            if record is not None:
                collections[name][record.id] = record
    return collections, locations


def _validate(
    model_class: type[BaseModel], raw: RawRecord, label_of: Callable[[], str], problems: list[Problem]
) -> Any:
    """Return the validated record, or None after appending a problem per error.

    `label_of` names the record in the problems; it is called only when there are some.
    """
    try:
        return model_class.model_validate(raw.values)
    except ValidationError as error:
        label = label_of()
        for detail in error.errors(include_url=False):
            problems.append(_problem_from_error(model_class, raw, label, detail))
        return None


def _record_label(label: str, raw: RawRecord) -> str:
    if raw.id:
        return f"{label} '{raw.id}'"
    # A record read from a Markdown file is the whole file, so it has no position in a list.
    return f"{label} #{raw.path[-1] + 1}" if raw.path else label


def _problem_from_error(model_class: type[BaseModel], raw: RawRecord, label: str, detail: dict) -> Problem:
    loc = tuple(detail["loc"])
    path = raw.path + loc
    scalar = raw.source.scalars.get(path)
    line = scalar.line if scalar else raw.source.line_of(path)
    key = _format_key(loc) or None
    return Problem(raw.source.file, line, label, key, _message(model_class, loc, detail, scalar))


def _format_key(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _message(model_class: type[BaseModel], loc: tuple[Any, ...], detail: dict, scalar: Scalar | None) -> str:
    kind = detail["type"]
    value = detail.get("input")
    context = detail.get("ctx") or {}

    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        owner = _model_at(model_class, loc[:-1])
        known = list(owner.model_fields) if owner else []
        return f"unknown key '{loc[-1]}'{_suggest(str(loc[-1]), known)}"
    if scalar is not None and scalar.plain and scalar.tag != "tag:yaml.org,2002:str" and kind.endswith("_type"):
        retyped = _retyped_message(kind, scalar, value)
        if retyped:
            return retyped
    if kind in ("literal_error", "enum"):
        return f"'{value}' is not one of: {context.get('expected', '')}"
    if kind.startswith("date"):
        return _date_message(value, scalar)
    if kind == "value_error" and "error" in context:
        return str(context["error"])
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "id":
        return f"'{value}' is not a valid id; use lowercase letters, digits and single hyphens, such as 'nova-raw2root'"
    if kind == "string_too_short" and value == "":
        return "the text is empty; write the value, or remove the key if it is optional"
    message = detail["msg"].removeprefix("Value error, ")
    return _TYPE_MESSAGES.get(kind, message[0].lower() + message[1:])


_TYPE_MESSAGES = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "float_type": "expected a number",
    "bool_type": "expected true or false",
    "list_type": "expected a list",
    "dict_type": "expected a mapping",
    "model_type": "expected a mapping",
}

_YAML_TYPE_NAMES = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:null": "an empty value",
}


def _retyped_message(kind: str, scalar: Scalar, value: Any) -> str | None:
    read_as = _YAML_TYPE_NAMES.get(scalar.tag)
    if read_as is None or kind != "string_type":
        return None
    if scalar.tag == "tag:yaml.org,2002:null":
        return "the value is empty; write it after the colon, or remove the key if it is optional"
    shown = str(value).lower() if isinstance(value, bool) else str(value)
    return (
        f"{scalar.text} is read by YAML 1.1 as {read_as} ({shown}), not as text; "
        f'quote it to keep it as written: "{scalar.text}"'
    )


def _date_message(value: Any, scalar: Scalar | None) -> str:
    if scalar is not None and scalar.invalid_date:
        return f"{scalar.text} is not a real date; check the day and month"
    return f"expected a date written YYYY-MM-DD (unquoted), found '{value}'"


def _model_at(model_class: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model_class
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field_info = current.model_fields.get(part)
        current = _find_model(field_info.annotation) if field_info else None
    return current


def _find_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _find_model(argument)
        if found:
            return found
    return None


def _suggest(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


# Problems after which some ids cannot be known: an unreadable or empty file, an unknown collection.
_UNREADABLE = (
    "invalid YAML",
    "a tab is used",
    "byte 0x",
    "the file is empty",
    "unknown collection",
    "the value anchored",
)


def _check_references(
    collections: dict[str, dict[str, model.Record]],
    records: dict[str, list[RawRecord]],
    problems: list[Problem],
) -> None:
    """Check every reference, in valid and invalid records alike, against the ids written.

    A record that failed validation still counts as known, so that one typo in it is not
    reported again at every reference to it. When a file could not be read, or a collection
    name is misspelt, the ids it holds are unknown, so references are checked only once
    those problems are fixed.
    """
    if any(problem.message.startswith(_UNREADABLE) for problem in problems):
        return
    known: dict[str, set[str]] = {name: {raw.id for raw in raws if raw.id} for name, raws in records.items()}
    for name, valid in collections.items():
        known.setdefault(name, set()).update(valid)
    for name, raw_records in records.items():
        spec = COLLECTIONS[name]
        for raw in raw_records:
            for loc, target, value in _references(spec.model, raw.values, ()):
                if value in known.get(target, ()):
                    continue
                target_label = COLLECTIONS[target].label if target in COLLECTIONS else target
                problems.append(
                    Problem(
                        raw.source.file,
                        raw.source.line_of(raw.path + loc),
                        _record_label(spec.label, raw),
                        _format_key(loc),
                        f"'{value}' is not a known {target_label} id{_suggest(value, list(known.get(target, ())))}",
                    )
                )


def _run_checks(
    collections: dict[str, dict[str, model.Record]],
    records: dict[str, list[RawRecord]],
    problems: list[Problem],
) -> None:
    for name, raw_records in records.items():
        spec = COLLECTIONS[name]
        if spec.check is None:
            continue
        for raw in raw_records:
            for loc, message in spec.check(raw.values, collections):
                problems.append(
                    Problem(
                        raw.source.file,
                        raw.source.line_of(raw.path + loc),
                        _record_label(spec.label, raw),
                        _format_key(loc),
                        message,
                    )
                )


def _references(
    model_class: type[BaseModel], values: Any, loc: tuple[Any, ...]
) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    """Yield (location, target collection, id) for every `Ref` field in raw record values."""
    if not isinstance(values, dict):
        return
    for name, target, nested in _reference_fields(model_class):
        if name not in values:
            continue
        value = values[name]
        if target and isinstance(value, str):
            yield loc + (name,), target, value
        elif target and isinstance(value, list):
            yield from ((loc + (name, i), target, item) for i, item in enumerate(value) if isinstance(item, str))
        elif nested and isinstance(value, dict):
            yield from _references(nested, value, loc + (name,))
        elif nested and isinstance(value, list):
            for index, item in enumerate(value):
                yield from _references(nested, item, loc + (name, index))


@functools.cache
def _reference_fields(model_class: type[BaseModel]) -> tuple[tuple[str, str | None, type[BaseModel] | None], ...]:
    """Return (field, target collection, nested model) for fields that can hold references."""
    fields = []
    for name, field_info in model_class.model_fields.items():
        target = _ref_target(field_info.metadata, field_info.annotation)
        nested = _find_model(field_info.annotation)
        if target or nested:
            fields.append((name, target, nested))
    return tuple(fields)


def _ref_target(metadata: list[Any], annotation: Any) -> str | None:
    """Return the collection a field refers to, looking inside Optional and list types."""
    for item in [*metadata, *getattr(annotation, "__metadata__", ())]:
        if isinstance(item, model.Ref):
            return item.collection
    for argument in get_args(annotation):
        found = _ref_target([], argument)
        if found:
            return found
    return None


def _problem_locator(records: dict[str, list[RawRecord]]) -> curriculum.ProblemAt:
    """Return a function that builds a Problem at a key of a record, found by collection and id."""
    by_id: dict[tuple[str, str], RawRecord] = {}
    for name, raw_records in records.items():
        for raw in raw_records:
            if raw.id:
                by_id.setdefault((name, raw.id), raw)

    def problem_at(collection: str, record_id: str, loc: tuple[Any, ...], message: str) -> Problem:
        raw = by_id[(collection, record_id)]
        label = _record_label(COLLECTIONS[collection].label, raw)
        return Problem(raw.source.file, raw.source.line_of(raw.path + loc), label, _format_key(loc) or None, message)

    return problem_at
