"""YAML reading that keeps line numbers and refuses what PyYAML would accept silently.

PyYAML keeps the last of two equal keys without a word; an editor who pasted an
entry twice must hear about it. Values come back as plain Python objects, with
mappings and lists wrapped so that every key and item still knows its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .model import Diagnostics, Location
from .textfile import read_text


class Mapping(dict):
    """A YAML mapping that remembers the line of each key."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class Sequence(list):
    """A YAML sequence that remembers the line of each item."""

    line: int
    item_lines: list[int]


def _construct(node: yaml.Node, loader: yaml.SafeLoader, path: str, diagnostics: Diagnostics) -> Any:
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result = Mapping()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = _construct(key_node, loader, path, diagnostics)
            line = key_node.start_mark.line + 1
            if not isinstance(key, (str, int, float, bool)) or key is None:
                diagnostics.error(Location(path, line), "a key must be a plain word")
                continue
            key = str(key)
            if key in result:
                diagnostics.error(
                    Location(path, line),
                    f"duplicate key '{key}' (first given at line {result.key_lines[key]})",
                )
                continue
            result[key] = _construct(value_node, loader, path, diagnostics)
            result.key_lines[key] = line
        return result
    if isinstance(node, yaml.SequenceNode):
        result = Sequence(_construct(item, loader, path, diagnostics) for item in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [item.start_mark.line + 1 for item in node.value]
        return result
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:
        # A scalar that looks typed but is not valid (2020-13-45): keep the text, and let the
        # field's own check say what it expected.
        return node.value


def load_yaml(path: Path, shown_path: str, diagnostics: Diagnostics) -> Any:
    """Parse one YAML file. On a problem, report it and return None."""
    source = read_text(path, shown_path, diagnostics)
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


def _load_reporting(source: str, shown_path: str, diagnostics: Diagnostics) -> Any:
    try:
        return _load(source, shown_path, diagnostics, yaml.SafeLoader)
    except yaml.MarkedYAMLError as problem:
        mark = problem.problem_mark or problem.context_mark
        line = mark.line + 1 if mark else 1
        what = problem.problem or problem.context or "not valid YAML"
        diagnostics.error(Location(shown_path, line), f"YAML syntax: {what}")
        return None
    except yaml.YAMLError as problem:
        diagnostics.error(Location(shown_path, 1), f"YAML syntax: {problem}")
        return None
    except RecursionError:
        diagnostics.error(Location(shown_path, 1), "the YAML is nested too deeply")
        return None
