"""What one build can reuse of the last one's work, when builds follow one another (`serve`).

Two rules make reuse safe. A value made from one text is kept with the very Text object it
was made from and reused only while that same object comes back: the loader makes a text anew
whenever one of its files changes (`PerText`). Anything else is kept under a key that holds
everything it was made from (`RenderCache`'s dictionaries). A one-off `build` keeps nothing
beyond itself: `keep` is False, and the larger values are not stored at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .model import Text

V = TypeVar("V")


class PerText(Generic[V]):
    """Values made from one text each, by slug, valid while the text is the very same object."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[Text, V]] = {}

    def get(self, text: Text, make: Callable[[Text], V]) -> V:
        kept = self._kept.get(text.slug)
        if kept is None or kept[0] is not text:
            kept = self._kept[text.slug] = (text, make(text))
        return kept[1]


@dataclass
class RenderCache:
    """The rendering work a build may reuse: prose and definitions rendered once however many
    pages show them, and, when `keep` is set, the larger pieces of pages and data files."""

    keep: bool = False
    """Whether this cache outlives the build (serve): only then are large pieces stored."""
    jinja: Any = None
    """The compiled templates (Jinja reloads a template that has changed on disk)."""
    prose: dict[str, Any] = field(default_factory=dict)
    """An editor's Markdown outside passages → its HTML."""
    definitions: dict[str, str] = field(default_factory=dict)
    """A glossary entry's id → the plain text of its definition."""
    entry_sections: dict[tuple, tuple] = field(default_factory=dict)
    """Each glossary entry's section of the glossary page, by everything the section shows."""
    vocabulary_cells: dict[str, Any] = field(default_factory=dict)
    """An entry's cells in the vocabulary lists, the same in every text's list."""
    edition_json: PerText[tuple[str, dict[str, str]]] = field(default_factory=PerText)
    """Each text's part of edition.json, and its glossary occurrences by entry."""
    characters: PerText[str] = field(default_factory=PerText)
    """The Han characters of each text, for search's script folding table."""
    script_map: tuple[set[str], dict[str, str]] | None = None
    """The last folding table and the characters it was made for."""
