"""The link stage: cross-references checked against the whole edition, and
glossary occurrences collected. Runs once every text is loaded and aligned."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator

from .markdown import NO_IMAGES
from .model import (
    Block,
    CrossReference,
    Diagnostics,
    Entry,
    Footnote,
    Image,
    Location,
    Occurrence,
    PassageLink,
    RefusedLink,
    Text,
)


def _block_and_notes(block: Block) -> Iterator[tuple[Block | Footnote, bool]]:
    yield block, False
    for note in block.notes:
        yield note, True


def resolve_cross_references(
    texts: tuple[Text, ...], unloaded: set[str], diagnostics: Diagnostics
) -> tuple[CrossReference, ...]:
    """Check every link's target; return the cross-references between passages.

    Links to a text that failed to load (`unloaded`) are not reported again.
    """
    by_slug = {text.slug: text for text in texts}
    positions: dict[
        str, dict[str, int]
    ] = {}  # each text's passage ids and their places, once needed
    references: list[CrossReference] = []
    for text in texts:
        for passage in text.passages:
            for lang, block in passage.blocks.items():
                for part, _ in _block_and_notes(block):
                    for link in part.links:
                        target, where = link.target, Location(block.location.path, link.line)
                        if isinstance(target, Image):
                            diagnostics.error(where, NO_IMAGES)
                        elif isinstance(target, RefusedLink):
                            diagnostics.error(where, target.message)
                        elif isinstance(target, PassageLink):
                            if target.slug in unloaded:
                                continue
                            reference = _check(
                                text,
                                passage.id,
                                lang,
                                target,
                                by_slug,
                                positions,
                                where,
                                diagnostics,
                            )
                            if reference:
                                references.append(reference)
    return tuple(references)


def _check(
    text: Text,
    passage_id: str,
    lang: str,
    xref: PassageLink,
    by_slug: dict[str, Text],
    positions: dict[str, dict[str, int]],
    where: Location,
    diagnostics: Diagnostics,
) -> CrossReference | None:
    slug, target_lang, start, end = xref.slug, xref.lang, xref.start, xref.end
    target = by_slug.get(slug)
    if target is None:
        diagnostics.error(
            where,
            f"cross-reference to text '{slug}', which is not in this edition"
            + _did_you_mean(slug, by_slug),
        )
        return None
    if target_lang and target_lang not in target.languages:
        diagnostics.error(
            where, f"cross-reference to {slug}/{target_lang}.md, which does not exist"
        )
        return None
    ids = positions.get(slug)
    if ids is None:
        ids = positions[slug] = {p.id: i for i, p in enumerate(target.passages)}
    moved = target.meta.moved
    resolved = []
    for passage in (start, end) if start else ():
        if passage in ids:
            resolved.append(passage)
        elif passage in moved and moved[passage] in ids:
            resolved.append(moved[passage])
        else:
            diagnostics.error(
                where,
                f"cross-reference to '#{passage}', which is not a passage of {slug}"
                + _did_you_mean(passage, [*ids, *moved]),
            )
            return None
    if resolved and ids[resolved[0]] > ids[resolved[1]]:
        diagnostics.error(where, f"cross-reference range '#{start}..{end}' runs backwards")
        return None
    first, last = resolved or ("", "")
    return CrossReference(text.slug, passage_id, lang, slug, first, last)


def _did_you_mean(written: str, names: Iterable[str]) -> str:
    """ "; did you mean 'daodejing'?" when one of `names` is close to what was written."""
    close = difflib.get_close_matches(written, sorted(names), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def text_occurrences(text: Text) -> tuple[Occurrence, ...]:
    """Every glossary match in a text's passages and footnotes, in reading order."""
    return tuple(
        Occurrence(entry, text.slug, passage.id, lang, surface, in_note)
        for passage in text.passages
        for lang, block in passage.blocks.items()
        for part, in_note in _block_and_notes(block)
        for entry, surface, _marked in part.terms
    )


def collect_occurrences(
    texts: tuple[Text, ...],
    glossary: tuple[Entry, ...],
    diagnostics: Diagnostics,
    of_text: Callable[[Text], tuple[Occurrence, ...]] = text_occurrences,
) -> tuple[Occurrence, ...]:
    """Every glossary match in the edition, in reading order; warn of entries never used."""
    occurrences = tuple(o for text in texts for o in of_text(text))
    used = {o.entry for o in occurrences}
    if diagnostics.errors:
        return occurrences  # with texts missing, "never occurs" would only be noise
    for entry in glossary:
        if entry.id not in used:
            diagnostics.warning(entry.location, f"entry '{entry.id}' never occurs in the edition")
    return occurrences
