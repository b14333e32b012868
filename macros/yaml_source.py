"""Read YAML into plain Python values and remember where each value was written.

PyYAML hides three things that matter to authors: a key repeated inside one mapping keeps
only its last value, an unquoted scalar may be retyped by YAML 1.1 (`NO` becomes False,
`0755` becomes 493), and the constructed objects carry no line numbers. This module composes
the node tree with libyaml's CSafeLoader, which keeps the marks, and builds the values itself
so that it can report the first two and record the third.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

import yaml

from macros.problems import Problem

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader


_STRING_TAG = "tag:yaml.org,2002:str"


class FastLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """The safe loader with a faster tag resolution that gives the same tags.

    libyaml parses in C but calls the Python resolver for the tag of every node, keys
    included, and the resolver tries its patterns each time. The safe loader has no path
    resolvers, so the tag of a scalar depends only on its text and on whether it was
    quoted: a quoted scalar, or a plain one whose first character starts no pattern, is a
    string, and the tags of other short scalars are cached. Long text rarely repeats, so it
    is not kept.
    """

    _tags: ClassVar[dict[str, str]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0] or (value and _PATTERN_STARTS is not None and value[0] not in _PATTERN_STARTS):
                return _STRING_TAG
            if len(value) <= _CACHED_LENGTH:
                tag = self._tags.get(value)
                if tag is None:
                    tag = self._tags[value] = super().resolve(kind, value, implicit)
                return tag
        return super().resolve(kind, value, implicit)


# The first characters for which the safe loader has an implicit pattern (bool, int, null,
# timestamp...), or None if some pattern applies whatever the first character.
_PATTERN_STARTS = (
    frozenset(key for key in _SafeLoader.yaml_implicit_resolvers if key)
    if None not in _SafeLoader.yaml_implicit_resolvers
    else None
)
_CACHED_LENGTH = 40

Path_ = tuple[Any, ...]

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_BOOL_TAG = "tag:yaml.org,2002:bool"
# The words PyYAML's safe loader reads as booleans (yes, no, on, off, true, false) and their values.
_BOOL_WORDS: dict[str, bool] = yaml.constructor.SafeConstructor.bool_values
_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_constructor = yaml.constructor.SafeConstructor()


class Scalar(NamedTuple):
    """Where a scalar was written and how: its text, resolved tag and quoting."""

    line: int
    column: int
    text: str
    tag: str
    plain: bool
    invalid_date: bool = False


@dataclass
class SourceMap:
    """Line and column of every mapping, list and scalar of one file, by value path."""

    file: str
    line_offset: int = 0
    lines: dict[Path_, int] = field(default_factory=dict)
    scalars: dict[Path_, Scalar] = field(default_factory=dict)
    repeated_keys: list[tuple[Path_, int, int]] = field(default_factory=list)
    # Booleans written other than `true` or `false` (`yes`, `On`, `NO`), by path.
    loose_booleans: dict[Path_, str] = field(default_factory=dict)
    built_nodes: set[int] = field(default_factory=set)

    def line_of(self, path: Path_) -> int:
        """Return the line of the value at `path`, or of its nearest written ancestor."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1 + self.line_offset)

    def line_at(self, mark: yaml.Mark) -> int:
        """Return the file line of a mark that libyaml set inside the YAML text."""
        return mark.line + 1 + self.line_offset


def read_yaml(path: Path, display_name: str, problems: list[Problem]) -> tuple[Any, SourceMap]:
    """Read one YAML file and append its encoding and syntax problems.

    Keys repeated inside one mapping are not problems yet: the first value is kept and
    each repetition is listed in `SourceMap.repeated_keys`.

    Returns the document as dicts, lists and scalars (None for an empty or unreadable file)
    and the source map that locates each value.
    """
    text = read_text(path, display_name, problems)
    if text is None:
        return None, SourceMap(display_name)
    return read_yaml_text(text, display_name, problems)


def read_text(path: Path, display_name: str, problems: list[Problem]) -> str | None:
    """Read a file as UTF-8; on invalid bytes, append a problem and return None."""
    return _decode(path.read_bytes(), display_name, problems)


def read_yaml_text(text: str, display_name: str, problems: list[Problem], first_line: int = 1) -> tuple[Any, SourceMap]:
    """Read YAML text that starts on line `first_line` of the file `display_name`.

    Front matter in a Markdown file starts below its opening `---`, so its lines are
    reported with that offset. Returns the same pair as `read_yaml`.
    """
    source = SourceMap(display_name, line_offset=first_line - 1)
    try:
        node = yaml.compose(text, Loader=FastLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        message = _syntax_message(error, text, line)
        problems.append(Problem(display_name, line + source.line_offset, None, None, message))
        return None, source
    return (_build(node, (), source, problems) if node is not None else None), source


def _decode(data: bytes, display_name: str, problems: list[Problem]) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        problems.append(
            Problem(
                display_name,
                line,
                None,
                None,
                f"byte 0x{byte:02x} is not valid UTF-8; save the file with UTF-8 encoding",
            )
        )
        return None


def _syntax_message(error: yaml.MarkedYAMLError, text: str, line: int) -> str:
    lines = text.splitlines()
    line_text = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
    if "\t" in indent or "'\\t'" in str(error.problem):
        return "a tab is used for indentation; YAML allows only spaces, so indent with spaces"
    reason = error.problem or error.context or "the file could not be parsed"
    return f"invalid YAML: {reason}"


def _build(node: yaml.Node, path: Path_, source: SourceMap, problems: list[Problem]) -> Any:
    line = node.start_mark.line + 1 + source.line_offset
    source.lines[path] = line

    # An alias makes the composer reuse the anchored node, so a node seen twice is an alias.
    # Expanding aliases of aliases grows exponentially (a "billion laughs" file), so they
    # are rejected rather than copied.
    if id(node) in source.built_nodes:
        # The composer keeps no mark for the alias itself, only for the anchored value.
        problems.append(
            Problem(
                source.file,
                line,
                None,
                None,
                "the value anchored here (&name) is used again through an alias (*name); YAML aliases are "
                "not supported, so write each value out in full",
            )
        )
        return None
    source.built_nodes.add(id(node))

    if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
        problems.append(Problem(source.file, line, None, None, f"unsupported YAML tag {node.tag}; remove it"))
        return None
    if isinstance(node, yaml.MappingNode):
        return _build_mapping(node, path, source, problems)
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (index,), source, problems) for index, item in enumerate(node.value)]
    return _build_scalar(node, path, line, source, problems)


def _build_mapping(node: yaml.MappingNode, path: Path_, source: SourceMap, problems: list[Problem]) -> dict:
    result: dict[str, Any] = {}
    first_line: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = source.line_at(key_node.start_mark)
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(source.file, line, None, None, "a mapping key must be plain text"))
            continue
        # Keys are text as written, so that `on:` or `no:` stays the key its author typed.
        key = key_node.value
        if key in first_line:
            # The loader reports these once it has found the record they belong to.
            source.repeated_keys.append((path + (key,), line, first_line[key]))
            continue
        first_line[key] = line
        result[key] = _build(value_node, path + (key,), source, problems)
    return result


def _build_scalar(node: yaml.ScalarNode, path: Path_, line: int, source: SourceMap, problems: list[Problem]) -> Any:
    # The C loader marks a plain scalar with style '' and the pure-Python one with None.
    plain = not node.style
    invalid_date = False
    tag = node.tag
    if tag == _STRING_TAG:
        value: Any = node.value
    elif tag == _TIMESTAMP_TAG and len(node.value) == 10:
        # A ten-character timestamp is a YYYY-MM-DD date, the commonest non-text value here.
        # PyYAML would build the same date, only more slowly.
        try:
            value = datetime.date.fromisoformat(node.value)
        except ValueError:
            # An impossible day, kept as text as in the generic branch below.
            value = node.value
            invalid_date = True
    elif tag == _BOOL_TAG and node.value.lower() in _BOOL_WORDS:
        value = _BOOL_WORDS[node.value.lower()]
    else:
        try:
            value = _constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as error:
            problems.append(Problem(source.file, line, None, None, f"unsupported YAML tag: {error.problem}"))
            value = node.value
        except ValueError:
            # `2016-06-31` has the shape of a date but no such day exists. Keep the text so
            # that the model reports it against the field that expected a date.
            value = node.value
            invalid_date = node.tag == _TIMESTAMP_TAG
    if node.tag == _BOOL_TAG and plain and node.value not in ("true", "false"):
        source.loose_booleans[path] = node.value
    source.scalars[path] = Scalar(line, node.start_mark.column + 1, node.value, node.tag, plain, invalid_date)
    return value
