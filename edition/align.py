"""Pairing passages across languages by id — never by position.

The text's main language (the edition's source language when the text has it)
fixes the order of passages; every other language must have the same ids,
unless text.yaml says `partial: true`.
"""

from __future__ import annotations

from pathlib import Path

from .dictionary import count_words
from .model import (
    Block,
    Diagnostics,
    EditionConfig,
    Location,
    Passage,
    Text,
    TextMeta,
    language_code,
)
from .sentences import pair_renderings


def passage_labels(kinds: list[str]) -> list[str]:
    """Citation labels from the document's structure.

    Without headings passages are numbered 1, 2, 3. With headings, the k-th
    heading is §k and the passages under it k.1, k.2, …; passages before the
    first heading are 0.1, 0.2, ….
    """
    if "heading" not in kinds:
        return [str(n) for n in range(1, len(kinds) + 1)]
    labels = []
    section, within = 0, 0
    for kind in kinds:
        if kind == "heading":
            section, within = section + 1, 0
            labels.append(f"§{section}")
        else:
            within += 1
            labels.append(f"{section}.{within}")
    return labels


def _given_labels(
    labels: list[str], main_blocks: list[tuple[str, Block]], diagnostics: Diagnostics
) -> list[str]:
    """The structural labels with those the source file gives (`label="5–6"`) in their place.
    A label names one passage: one that another passage has too is an error."""
    labels = [block.label or label for label, (_, block) in zip(labels, main_blocks, strict=True)]
    holders: dict[str, list[str]] = {}
    for label, (passage_id, _) in zip(labels, main_blocks, strict=True):
        holders.setdefault(label, []).append(passage_id)
    for label, (passage_id, block) in zip(labels, main_blocks, strict=True):
        others = [other for other in holders[label] if other != passage_id]
        if block.label and others:
            diagnostics.error(
                Location(block.location.path, max(block.location.line - 1, 1)),
                f"label '{label}' of passage '{passage_id}' is also the label of passage "
                f"'{others[0]}': a label names one passage",
            )
    return labels


def _check_translation_labels(
    blocks: list[tuple[str, Block]],
    main: dict[str, Block],
    main_file: str,
    diagnostics: Diagnostics,
) -> None:
    """Labels are given in the source file; a translation may repeat them, never change them."""
    for passage_id, block in blocks:
        source = main.get(passage_id)
        if not block.label or source is None or block.label == source.label:
            continue
        there = f"'{source.label}' in {main_file}" if source.label else f"no label in {main_file}"
        diagnostics.error(
            Location(block.location.path, max(block.location.line - 1, 1)),
            f"passage '{passage_id}' is labelled '{block.label}' here but has {there}: "
            "labels are given in the source file only",
        )


def rendering_order(
    meta: TextMeta, config: EditionConfig, stems: tuple[str, ...]
) -> tuple[str, ...]:
    """A text's renderings in display order: the edition's languages in its order, and within a
    language the default version first, then the others as text.yaml lists them, then any
    `<lang>.md` it does not list."""
    listed = list(meta.versions)
    result: list[str] = []
    for language in config.languages:
        mine = [stem for stem in stems if language_code(stem) == language.code]
        mine.sort(key=lambda stem: (listed.index(stem) if stem in listed else len(listed), stem))
        default = next((stem for stem in mine if _is_default(meta, stem, mine)), None)
        result.extend(([default] if default else []) + [s for s in mine if s != default])
    return tuple(result)


def _is_default(meta: TextMeta, stem: str, siblings: list[str]) -> bool:
    """Whether `stem` is its language's default version: the one text.yaml marks `default`, else
    `<lang>.md`, else the first listed."""
    marked = [s for s in siblings if s in meta.versions and meta.versions[s].default]
    if marked:
        return stem == marked[0]
    plain = [s for s in siblings if "." not in s]
    return stem == (plain or siblings)[0]


def default_renderings(meta: TextMeta, languages: tuple[str, ...], main: str) -> tuple[str, ...]:
    """The main language and each other language's default version, in display order."""
    seen: set[str] = set()
    result = []
    for stem in languages:
        code = language_code(stem)
        if code not in seen:  # each language's default comes first (rendering_order)
            seen.add(code)
            result.append(stem)
    return tuple(stem for stem in result if stem == main or language_code(stem) != main)


def align_text(
    slug: str,
    meta: TextMeta,
    blocks_by_language: dict[str, list[tuple[str, Block]]],
    files: dict[str, Path],
    config: EditionConfig,
    diagnostics: Diagnostics,
) -> Text:
    languages = rendering_order(meta, config, tuple(blocks_by_language))
    main = config.source_language if config.source_language in languages else languages[0]
    main_blocks = blocks_by_language[main]
    language_names = {l.code: l.label for l in config.languages}
    by_language = {lang: dict(blocks) for lang, blocks in blocks_by_language.items()}
    for lang in languages:
        if lang == main:
            continue
        for passage_id, block in blocks_by_language[lang]:
            if passage_id not in by_language[main]:
                diagnostics.error(
                    Location(block.location.path, max(block.location.line - 1, 1)),
                    f"passage '{passage_id}' is not in {files[main].name}: a translation may only "
                    "have the source's ids",
                )
        version = meta.versions.get(lang)
        if meta.partial or (version is not None and version.partial):
            continue
        for passage_id, block in main_blocks:
            if passage_id not in by_language[lang]:
                partial = "set partial: true in text.yaml"
                if version is not None:
                    partial = f"set partial: true for {lang} under versions in text.yaml"
                diagnostics.error(
                    Location(block.location.path, max(block.location.line - 1, 1)),
                    f"passage '{passage_id}' has no {language_names[language_code(lang)]} "
                    f"translation in "
                    f"{files[lang].name} (add it, or {partial})",
                )
    moved_to: dict[str, list[str]] = {}
    for old, new in sorted(meta.moved.items()):
        line = meta.moved_lines.get(old, 1)
        if old in by_language[main]:
            diagnostics.error(
                Location(meta.location.path, line),
                f"moved: '{old}' still exists in {files[main].name}; only a retired id can be "
                "moved",
            )
        elif new not in by_language[main]:
            diagnostics.error(
                Location(meta.location.path, line),
                f"moved: '{old}' points at '{new}', which is not a passage of this text",
            )
        else:
            moved_to.setdefault(new, []).append(old)
    labels = _given_labels(
        passage_labels([block.kind for _, block in main_blocks]), main_blocks, diagnostics
    )
    for lang in languages:
        if lang != main:
            _check_translation_labels(
                blocks_by_language[lang], by_language[main], files[main].name, diagnostics
            )
    passages = []
    guesses: list[tuple[str, str]] = []
    for (passage_id, block), label in zip(main_blocks, labels, strict=True):
        blocks, unsure = pair_renderings(
            {
                lang: by_language[lang][passage_id]
                for lang in languages
                if passage_id in by_language[lang]
            },
            main,
        )
        guesses.extend((passage_id, lang) for lang in unsure)
        passages.append(
            Passage(
                id=passage_id,
                kind=block.kind,
                label=label,
                blocks=blocks,
                moved_here=tuple(moved_to.get(passage_id, ())),
            )
        )
    return Text(
        slug=slug,
        meta=meta,
        languages=languages,
        main_language=main,
        passages=tuple(passages),
        defaults=default_renderings(meta, languages, main),
        files=files,
        sentence_guesses=tuple(guesses),
        words=count_words(passages),
    )
