"""YAML reading that keeps line numbers and refuses what PyYAML would accept silently.

PyYAML keeps the last of two equal keys without a word; an editor who pasted an
entry twice must hear about it. Values come back as plain Python objects, with
mappings and lists wrapped so that every key and item still knows its line.

YAML 1.1 reads some plain words as other things than text: `no` as false, `1984` as a
number, `2020-03-20` as a date. Where a string was due, the field's check asks the
mapping or list what the editor wrote (`misread`), to say "write it in quotes".
Every string is in Unicode NFC, as the glossary compares forms and texts in NFC.
"""

from __future__ import annotations

import datetime
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from .model import Diagnostics, Location
from .textfile import CONTROL, control_message, read_text

_READINGS = {
    "tag:yaml.org,2002:bool": None,  # "as true" or "as false", from the value
    "tag:yaml.org,2002:null": "nothing (null)",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
}


def misreading(written: str, value: Any) -> str:
    """The message for a plain word that YAML read as something other than text."""
    if isinstance(value, bool):
        reading = "true" if value else "false"
    else:
        readings = (r for tag, r in _READINGS.items() if r and _resolves(written, tag))
        reading = next(readings, "something other than text")  # `!!null x`, say
    return f"'{written}' is read by YAML as {reading}; write it in quotes: \"{written}\""


def _resolves(written: str, tag: str) -> bool:
    return yaml.SafeLoader("").resolve(yaml.ScalarNode, written, (True, False)) == tag


def timestamp(written: str) -> datetime.date | datetime.datetime | None:
    """A date or date-time written in quotes, read as YAML reads it unquoted; else None."""
    if not _resolves(written, "tag:yaml.org,2002:timestamp"):
        return None
    node = yaml.ScalarNode("tag:yaml.org,2002:timestamp", written)
    try:
        return yaml.SafeLoader("").construct_yaml_timestamp(node)
    except ValueError:
        return None


class Mapping(dict):
    """A YAML mapping that remembers the line of each key."""

    line: int
    key_lines: dict[str, int]
    written: dict[str, str]
    """What the editor wrote for each value that YAML read as something other than text."""

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def misread(self, key: str) -> str | None:
        """If the value of `key` is a plain word YAML read as no text (no, 1984): the message
        asking to write it in quotes."""
        if key not in self.written or isinstance(self[key], str):
            return None
        return misreading(self.written[key], self[key])


class Sequence(list):
    """A YAML sequence that remembers the line of each item."""

    line: int
    item_lines: list[int]
    written: dict[int, str]
    """What the editor wrote for each item that YAML read as something other than text."""

    def misread(self, index: int) -> str | None:
        """As Mapping.misread, for the item at `index`."""
        if index not in self.written or isinstance(self[index], str):
            return None
        return misreading(self.written[index], self[index])


def _written(node: yaml.Node) -> str | None:
    """The words of a plain scalar that YAML read as something other than text, else None.
    An empty value (`key:`) is simply not given, and not reported."""
    # A plain scalar's style is None in PyYAML, "" in libyaml.
    if isinstance(node, yaml.ScalarNode) and not node.style and node.value:
        if node.tag in _READINGS:
            return node.value
    return None


def _text(value: str, line: int, path: str, diagnostics: Diagnostics) -> str:
    """A string as the edition keeps it: in NFC, and checked for control characters (which a
    quoted YAML string may hold as an escape such as \\e)."""
    if found := CONTROL.search(value):
        diagnostics.error(Location(path, line), control_message(found.group()))
    return value if unicodedata.is_normalized("NFC", value) else unicodedata.normalize("NFC", value)


def _construct(
    node: yaml.Node, loader: yaml.SafeLoader, path: str, diagnostics: Diagnostics
) -> Any:
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result = Mapping()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        result.written = {}
        for key_node, value_node in node.value:
            key = _construct(key_node, loader, path, diagnostics)
            line = key_node.start_mark.line + 1
            written = _written(key_node)
            if written is not None:
                # Every key is a word: a number or a date is kept as written, so that the
                # field's own check can show it; `no` or `null` would be misunderstood.
                if isinstance(key, bool) or key is None:
                    diagnostics.error(Location(path, line), misreading(written, key))
                key = _text(written, line, path, diagnostics)
            if not isinstance(key, str):
                diagnostics.error(Location(path, line), "a key must be a plain word")
                continue
            if key in result:
                diagnostics.error(
                    Location(path, line),
                    f"duplicate key '{key}' (first given at line {result.key_lines[key]})",
                )
                continue
            result[key] = _construct(value_node, loader, path, diagnostics)
            result.key_lines[key] = line
            if (written := _written(value_node)) is not None:
                result.written[key] = written
        return result
    if isinstance(node, yaml.SequenceNode):
        items = Sequence(_construct(item, loader, path, diagnostics) for item in node.value)
        items.line = node.start_mark.line + 1
        items.item_lines = [item.start_mark.line + 1 for item in node.value]
        items.written = {
            index: written
            for index, item in enumerate(node.value)
            if (written := _written(item)) is not None
        }
        return items
    try:
        value = loader.construct_object(node, deep=True)
    except ValueError:
        # A scalar that looks typed but is not valid (2020-13-45): keep the text, and let the
        # field's own check say what it expected.
        return node.value
    if isinstance(value, str):
        return _text(value, node.start_mark.line + 1, path, diagnostics)
    return value


def load_yaml(
    path: Path, shown_path: str, diagnostics: Diagnostics, inside: Path | None = None
) -> Any:
    """Parse one YAML file. On a problem, report it and return None. `inside`: the content
    folder the file must be read from (see textfile.read_bytes)."""
    source = read_text(path, shown_path, diagnostics, inside)
    if source is None:
        return None
    # libyaml is fast (a glossary of thousands of entries); a file it refuses is read again by
    # the pure-Python parser, whose messages are the ones editors are shown.
    found = Diagnostics()
    try:
        result = _load(source, shown_path, found, getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError):
        found = Diagnostics()
        result = _load_reporting(source, shown_path, found)
    diagnostics.items.extend(found.items)
    return result


def _load(source: str, shown_path: str, diagnostics: Diagnostics, loader_class: type) -> Any:
    loader = loader_class(source)
    try:
        # Anchors and aliases (&x, *x) let a few lines expand to gigabytes or refer to
        # themselves; an edition has no need of them.
        for token in yaml.scan(source, Loader=loader_class):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                diagnostics.error(
                    Location(shown_path, token.start_mark.line + 1),
                    "YAML anchors and aliases (& and *) are not supported: write the value out",
                )
                return None
        node = loader.get_single_node()
        if node is None:
            return None
        return _construct(node, loader, shown_path, diagnostics)
    finally:
        loader.dispose()


def _unclosed_bracket(source: str) -> tuple[int, str] | None:
    """The line and bracket of the innermost `[` or `{` still open where the scanner stops."""
    opened: list[tuple[int, str]] = []
    try:
        for token in yaml.scan(source, Loader=yaml.SafeLoader):
            if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
                bracket = "[" if isinstance(token, yaml.FlowSequenceStartToken) else "{"
                opened.append((token.start_mark.line + 1, bracket))
            elif (
                isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)) and opened
            ):
                opened.pop()
    except yaml.YAMLError:
        pass
    return opened[-1] if opened else None


def in_editors_words(problem: yaml.MarkedYAMLError, source: str = "") -> tuple[int, str]:
    """The line and message for a YAML mistake, said as an editor would: PyYAML names what its
    parser expected, and often the line where it gave up rather than the one to fix."""
    found = problem.problem_mark.line + 1 if problem.problem_mark else 1
    began = problem.context_mark.line + 1 if problem.context_mark else found
    what, context = problem.problem or "", problem.context or ""
    if "'\\t'" in what:  # PyYAML names the character as repr() writes it
        return found, "a tab is used for indentation here: YAML indents with spaces only"
    if context.startswith("while scanning a quoted scalar"):
        return began, "the quotation mark opened on this line is never closed"
    if context.startswith("while parsing a flow"):
        bracket = "[" if "sequence" in context else "{"
        if "node" in context and (unclosed := _unclosed_bracket(source)):
            began, bracket = unclosed  # at the end of the file: PyYAML marks only the end
        closing = "]" if bracket == "[" else "}"
        return began, (
            f"the '{bracket}' opened on this line is never closed: end it with '{closing}' "
            "before the next line's key"
        )
    if what.startswith("could not find expected ':'"):
        return began, "this line has no colon: write it as key: value"
    if what.startswith("mapping values are not allowed here"):
        return found, (
            "this line is indented further than the key above it (or a value holds ': ', which "
            "needs quotes): indent it as far as the keys it belongs with"
        )
    if what.startswith("expected <block end>"):
        return found, (
            "this line's indentation matches none of the lines above it: indent it as far as "
            "the keys (or list items) it belongs with"
        )
    return found, f"YAML syntax: {what or context or 'not valid YAML'}"


def _load_reporting(source: str, shown_path: str, diagnostics: Diagnostics) -> Any:
    try:
        return _load(source, shown_path, diagnostics, yaml.SafeLoader)
    except yaml.MarkedYAMLError as problem:
        line, message = in_editors_words(problem, source)
        diagnostics.error(Location(shown_path, line), message)
        return None
    except yaml.YAMLError as problem:
        diagnostics.error(Location(shown_path, 1), f"YAML syntax: {problem}")
        return None
    except RecursionError:
        diagnostics.error(Location(shown_path, 1), "the YAML is nested too deeply")
        return None
