"""The search index: Pagefind over one document per text and language, and one for the glossary.

Pagefind segments Chinese when indexing, but the browser splits a Chinese query
differently (Intl.Segmenter), so a word found by one is often missed by the
other. Instead, every Han character is indexed as a word of its own, and the
search page asks for each character of the query: matching no longer depends on
where anyone cuts words, in simplified or traditional script. Pagefind tells,
for each document it finds, the positions of the words it matched; the search
page keeps a document only where the characters of each Han run of the query
stand at consecutive positions, so a phrase is found as a phrase. (Overlapping
bigrams would say the same with a larger index that takes Pagefind three times
as long to build.) English is indexed as English, so Pagefind's stemming still
matches inflected forms.

The documents are written to a scratch folder, never published. In each, every
passage begins with an empty element carrying its id: Pagefind reports the
position of each hit and of each element with an id, which is enough to say which
passage a hit is in.
The passages' own words are published beside the index (search/passages/), so a
result shows the real text, marked, and lands on the passage.

Filtering by text and language uses marker words in each document (`zztext2zz`,
`zzlangzhzz`) added to the query, rather than Pagefind's filters: Pagefind
writes its filter values in an arbitrary order, which would make two builds of
the same edition differ.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from multiprocessing.process import BaseProcess
from pathlib import Path

from markdown_it import MarkdownIt

from .cache import RenderCache
from .cores import fork_context
from .glossary import surface_forms
from .localize import pick
from .markdown import plain_text
from .model import Diagnostics, Edition, Entry, Location, Text, language_code
from .scripts import HAN, pinyin_key
from .textfile import shown


def script_map(edition: Edition, cache: RenderCache | None = None) -> dict[str, str]:
    """Every Han character of the edition, and its counterpart in the other script, mapped to the
    simplified form: the index and the query are both folded with it, so a query in traditional
    characters finds a text in simplified ones, and the reverse. Only one-for-one characters of the
    Basic Multilingual Plane, so that folding never moves a position. `cache` keeps each text's
    characters and the last table, for the next build of `serve`."""
    import opencc

    def text_characters(text: Text) -> str:
        found: set[str] = set()
        for passage in text.passages:
            for block in passage.blocks.values():
                found.update(block.text)
                for note in block.notes:
                    found.update(note.text)
        return "".join(sorted(c for c in found if HAN.match(c)))

    characters: set[str] = set()
    for text in edition.texts:
        characters.update(
            cache.characters.get(text, text_characters) if cache else text_characters(text)
        )
    for entry in edition.glossary:
        characters.update("".join(HAN.findall(" ".join(surface_forms(entry)))))
    if cache is not None and cache.script_map is not None and cache.script_map[0] == characters:
        return cache.script_map[1]
    to_simplified, to_traditional = opencc.OpenCC("t2s"), opencc.OpenCC("s2t")
    mapping: dict[str, str] = {}
    for character in sorted(characters):
        if ord(character) > 0xFFFF:
            continue
        simplified = to_simplified.convert(character)
        if len(simplified) != 1 or ord(simplified) > 0xFFFF:
            continue
        if simplified != character:
            mapping[character] = simplified
        traditional = to_traditional.convert(simplified)
        if len(traditional) == 1 and traditional != simplified and ord(traditional) <= 0xFFFF:
            mapping.setdefault(traditional, simplified)
    if cache is not None:
        cache.script_map = (characters, mapping)
    return mapping


def indexed_words(text: str, table: dict[int, str]) -> str:
    """Text as the index reads it: each Han character a word of its own (双循环 → 双 循 环),
    folded to one script (`table`: script_map's mapping, made by str.maketrans). Only the Han
    runs are folded: the rest holds nothing to fold."""
    return HAN.sub(lambda run: " " + " ".join(run.group().translate(table)) + " ", text)


def text_marker(index: int | None) -> str:
    """The word that marks documents of the index-th text in reading order (None: the glossary)."""
    return "zzglossaryzz" if index is None else f"zztext{index}zz"


def language_marker(code: str) -> str:
    return "zzlang" + re.sub(r"[^a-z0-9]", "", code) + "zz"


def version_marker(stem: str) -> str:
    """The word that marks documents of one version (`en.revised`), whatever the text."""
    return "zzver" + re.sub(r"[^a-z0-9]", "", stem) + "zz"


def edition_versions(edition: Edition) -> dict[str, str]:
    """Every version of a translation in the edition, by file stem, with its label (as the first
    text that has it calls it): what search filters by. Texts with one translation into each
    language give none."""
    found: dict[str, str] = {}
    languages = {l.code: l for l in edition.config.languages}
    for text in edition.texts:
        codes = [language_code(stem) for stem in text.languages]
        for stem in text.languages:
            if codes.count(language_code(stem)) > 1 and stem not in found:
                version = text.meta.versions.get(stem)
                label = version.label if version else {}
                found[stem] = pick(label, edition.config.ui_language, tuple(languages)) or stem
    return found


def _document(sections: list[tuple[str, str]], meta: dict[str, str], markers: list[str]) -> str:
    """One search document: each passage (or entry) an element with its id, so that a hit's
    position tells which passage it is in."""
    # No <title>: Pagefind would index it, and a word of a text's title would find every passage.
    metas = "".join(
        f'<span data-pagefind-meta="{key}">{html.escape(value)}</span>'
        for key, value in meta.items()
    )
    # The id on an empty element before the words, not on the element holding them: Pagefind
    # records the position of each element with an id, and also its text, which would double
    # every fragment a reader downloads.
    body = "".join(
        f'<p><span id="{html.escape(anchor)}"></span>{html.escape(words)}</p>'
        for anchor, words in sections
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>-</title></head><body>"
        f"<main data-pagefind-body>{body}<p>{' '.join(markers)}</p>"
        f"<div data-pagefind-ignore>{metas}</div></main></body></html>\n"
    )


def search_documents(edition: Edition, mapping: dict[str, str]) -> Iterator[tuple[str, str]]:
    """Every search document, (file name in the scratch folder, HTML), one at a time: one per
    text and language, and one per glossary entry. Han text is folded to one script (`mapping`)."""
    table = str.maketrans(mapping) if mapping else {}
    versions = [version_marker(stem) for stem in edition_versions(edition)]
    for index, text in enumerate(edition.texts):
        for lang in text.languages:
            sections = []
            for passage in text.passages:
                block = passage.blocks.get(lang)
                if block is not None:
                    words = " ".join([block.text, *(note.text for note in block.notes)])
                    sections.append((passage.id, indexed_words(words, table)))
            yield (
                f"{text.slug}.{lang}.html",
                _document(
                    sections,
                    {"slug": text.slug, "lang": lang},
                    [
                        text_marker(index),
                        language_marker(language_code(lang)),
                        version_marker(lang),
                    ],
                ),
            )
    # A glossary entry is small: its own document, carrying its words, so that a hit costs
    # the reader one small fragment rather than the whole glossary.
    for entry in edition.glossary:
        words = _entry_words(entry)
        yield (
            f"glossary/{entry.id}.html",
            _document(
                [(entry.id, indexed_words(words, table))],
                {
                    "slug": "glossary",
                    "lang": "en",
                    "id": entry.id,
                    "label": f"{entry.zh} {entry.pinyin}",
                    "text": words,
                },
                # an entry speaks every language of the edition, so any language filter keeps it
                [
                    text_marker(None),
                    *(language_marker(l.code) for l in edition.config.languages),
                    *versions,
                ],
            ),
        )


PROSE = MarkdownIt("commonmark", {"html": False})


def _entry_words(entry: Entry) -> str:
    """What a glossary result shows, and what its matching is checked against: every form of
    every language, and the definition as the glossary page shows it, in plain text (no
    Markdown syntax, no markup)."""
    renderings = "; ".join(dict.fromkeys([entry.en, *entry.renderings.values()]))
    shown_forms = {entry.zh, *renderings.split("; ")}
    variants = [form for form in surface_forms(entry) if form not in shown_forms]
    also = f" (also {', '.join(variants)})" if variants else ""
    definition = plain_text(PROSE.parse(entry.definition))
    return " ".join(f"{entry.zh} {entry.pinyin}: {renderings}{also}. {definition}".split())


def passage_texts(edition: Edition) -> Iterator[tuple[str, str]]:
    """search/passages/<slug>.json: the passages' own words, fetched for the texts a search hits,
    to show each result's text and check that it holds the whole query. (A glossary entry's
    words travel in its search document's metadata.)"""
    for text in edition.texts:
        yield f"search/passages/{text.slug}.json", passage_text(edition, text)


def passage_text(edition: Edition, text: Text) -> str:
    """One text's search/passages/<slug>.json: by rendering, its tag, what a result calls it (the
    version's label beside its language's when the text has several in that language) and what
    a link to it asks for to show it (`?show=zh,en`)."""
    languages = {l.code: l for l in edition.config.languages}
    ui = edition.config.ui_language
    codes = [language_code(stem) for stem in text.languages]

    def described(stem: str) -> dict[str, str]:
        code = language_code(stem)
        language = text.meta.languages.get(code) or languages[code]
        about = {"html": language.html, "label": language.label}
        if codes.count(code) > 1:
            version = text.meta.versions.get(stem)
            label = pick(version.label, ui, tuple(languages)) if version else stem
            about["label"] = f"{language.label}: {label}"
            if stem not in text.defaults:
                about["show"] = f"?show={text.main_language},{stem}"
        return about

    data = {
        "title": pick(text.meta.short_title, ui, tuple(languages)),
        "languages": {stem: described(stem) for stem in text.languages},
        "passages": {
            passage.id: {
                "label": passage.label,
                "text": {lang: block.text for lang, block in passage.blocks.items()},
                "notes": {
                    lang: " ".join(note.text for note in block.notes)
                    for lang, block in passage.blocks.items()
                    if block.notes
                },
            }
            for passage in text.passages
        },
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def glossary_terms(edition: Edition) -> str:
    """search/terms.json: what lets a pinyin or English query find the Chinese term's passages."""
    terms = []
    for entry in edition.glossary:
        # By script, whatever language key a form was given under: Chinese forms are what a
        # query is widened to, every other form (any rendering) what a query may be.
        forms = surface_forms(entry)
        chinese = [form for form in forms if HAN.search(form)]
        english = [form for form in forms if not HAN.search(form)]
        terms.append(
            {
                "id": entry.id,
                "zh": chinese,
                "pinyin": pinyin_key(entry.pinyin),
                "en": sorted({" ".join(form.lower().split()) for form in english}),
            }
        )
    return json.dumps(terms, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def pagefind_executable() -> str:
    import pagefind_bin_extended

    return str(pagefind_bin_extended.get_executable())


PASSAGES_PER_PART = 20000
"""An edition with more passages is indexed in parts, one Pagefind run after another, each a
bundle of its own that the search page merges (Pagefind's mergeIndex): Pagefind holds a whole
bundle in memory, a few gigabytes for a hundred thousand passages."""


def index_parts(edition: Edition) -> list[list[int]]:
    """The texts (by position) of each part of the index, in reading order."""
    parts: list[list[int]] = [[]]
    size = 0
    for index, text in enumerate(edition.texts):
        if parts[-1] and size + len(text.passages) > PASSAGES_PER_PART:
            parts.append([])
            size = 0
        parts[-1].append(index)
        size += len(text.passages)
    return parts


SHARED_MEMORY = Path("/dev/shm")


def scratch_folders(bundle: Path) -> list[Path]:
    """Where the search documents may be written, for Pagefind to read and then deleted, in order
    of preference: in memory where the system offers a folder there (a thousand small files cost
    a busy disk seconds), else beside the bundle, on the site's own disk."""
    folders = [bundle.parent]
    if SHARED_MEMORY.is_dir() and os.access(SHARED_MEMORY, os.W_OK | os.X_OK):
        folders.insert(0, SHARED_MEMORY)
        # Folders of builds that were killed, named by their process: memory is not freed by itself.
        for leftover in SHARED_MEMORY.glob(".search-documents-*-*"):
            pid = leftover.name.split("-")[2]
            if pid.isdigit() and not _running(int(pid)):
                shutil.rmtree(leftover, ignore_errors=True)
    return folders


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _link_part(source: Path, target: Path, top: bool) -> None:
    """A part of an index as it was, hard-linked (copied where links cannot be made); the first
    part without the other parts, which sit in its folder."""

    def link(a: str, b: str) -> None:
        try:
            os.link(a, b)
        except OSError:
            shutil.copy2(a, b)

    def others(folder: str, names: list[str]) -> set[str]:
        at_top = top and Path(folder) == source
        return {n for n in names if at_top and (n == "parts.json" or re.fullmatch(r"part-\d+", n))}

    shutil.copytree(source, target, copy_function=link, ignore=others, dirs_exist_ok=True)


def _write_documents(
    edition: Edition,
    mapping: dict[str, str],
    part_of: dict[str, int],
    unchanged: frozenset[int],
    scratch: Path,
) -> None:
    """Every search document into `scratch`/documents-<part>/, but those of unchanged parts."""
    for name, document in search_documents(edition, mapping):
        part = part_of.get(name.split(".")[0], 1)  # glossary entries go in the first part
        if part in unchanged:
            continue
        path = scratch / f"documents-{part}" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(document, encoding="utf-8")


def _write_in_helper(write: Callable[[Path], None], scratch: Path) -> None:
    """The forked helper's work. Its exit status says whether the documents are all written; if
    not (a full /dev/shm, an interruption), the build writes them itself."""
    try:
        write(scratch)
    except BaseException:
        os._exit(1)
    os._exit(0)


class Indexer:
    """Pagefind, run in the background while the pages are rendered (which leaves it most of the
    machine's cores: rendering takes less time than indexing). The first part of the index is
    the bundle itself; each further part goes in the bundle's folder as part-<n>/, listed in
    parts.json for the search page."""

    def __init__(
        self,
        edition: Edition,
        bundle: Path,
        mapping: dict[str, str],
        reuse: Path | None = None,
        unchanged: frozenset[int] = frozenset(),
    ) -> None:
        """`unchanged`: parts whose index is taken from the bundle `reuse` (serve, after an edit
        of texts in other parts) rather than made again."""
        self.bundle = bundle
        self.reuse, self.unchanged = reuse, unchanged
        part_of = {
            edition.texts[i].slug: n
            for n, texts in enumerate(index_parts(edition), 1)
            for i in texts
        }
        self.parts = max(part_of.values(), default=1)
        self.documents = functools.partial(_write_documents, edition, mapping, part_of, unchanged)
        self.folders = scratch_folders(bundle)
        self.lock = threading.Lock()
        self.process: subprocess.Popen | None = None
        self.writer: BaseProcess | None = None
        self.unwritten: OSError | None = None
        self.cancelled = False
        self.failure = ""
        fork = fork_context()
        if fork is not None:
            # A forked helper writes the documents while this process goes on to render the
            # pages; Pagefind starts when it is done.
            self.scratch = self._scratch(self.folders[0])
            self.writer = fork.Process(
                target=_write_in_helper,
                args=(self.documents, Path(self.scratch.name)),
                daemon=True,
            )
            self.writer.start()
        else:
            self._write()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    @staticmethod
    def _scratch(folder: Path) -> tempfile.TemporaryDirectory:
        return tempfile.TemporaryDirectory(prefix=f".search-documents-{os.getpid()}-", dir=folder)

    def _write(self) -> None:
        """The documents, into the first scratch folder that holds them all."""
        for folder in self.folders:
            self.scratch = self._scratch(folder)
            try:
                self.documents(Path(self.scratch.name))
                return
            except OSError:  # memory too small for them (a container's /dev/shm): the next place
                self.scratch.cleanup()
                if folder == self.folders[-1]:
                    raise

    def _run(self) -> None:
        if self.writer is not None:
            self.writer.join()
            if self.cancelled:
                return
            if self.writer.exitcode != 0:  # written again here, where the next place is tried
                self.scratch.cleanup()
                try:
                    self._write()
                except OSError as problem:
                    self.unwritten = problem
                    return
                except Exception as problem:  # a fault here must still fail the build
                    self.failure = f"the search documents: {type(problem).__name__}: {problem}"
                    return
        scratch = Path(self.scratch.name)
        # Each part straight into its place (the first is the bundle, made first, so that no
        # later run writes into a folder Pagefind is about to make).
        places = [self.bundle] + [self.bundle / f"part-{part}" for part in range(2, self.parts + 1)]
        try:
            for part, place in enumerate(places, 1):
                if part in self.unchanged and self.reuse is not None:
                    reused = self.reuse if part == 1 else self.reuse / place.name
                    _link_part(reused, place, top=part == 1)
                    continue
                with self.lock:
                    if self.cancelled:
                        return
                    self.process = subprocess.Popen(
                        [
                            pagefind_executable(),
                            "--site",
                            str(scratch / f"documents-{part}"),
                            "--output-path",
                            str(place),
                            "--force-language",
                            "en",
                            "--quiet",
                        ],
                        stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE,
                        text=True,
                    )
                stdout, stderr = self.process.communicate()
                if self.process.returncode != 0:
                    self.failure = (
                        stderr or stdout
                    ).strip() or f"exit status {self.process.returncode}"
                    return
            parts = [place.name for place in places[1:]]
            (self.bundle / "parts.json").write_text(json.dumps(parts) + "\n", encoding="utf-8")
        except OSError as problem:
            self.failure = problem.strerror or str(problem)

    def finish(self, diagnostics: Diagnostics) -> None:
        """Wait for the index; report Pagefind's own words if it failed."""
        self.thread.join()
        self.scratch.cleanup()
        if self.unwritten is not None:  # as when the documents are written in place
            raise self.unwritten
        if self.failure or self.cancelled:
            diagnostics.error(
                Location(shown(self.bundle), 1), f"Pagefind failed: {self.failure or 'stopped'}"
            )

    def cancel(self) -> None:
        with self.lock:
            self.cancelled = True
            if self.process is not None and self.process.poll() is None:
                self.process.kill()
            if self.writer is not None and self.writer.exitcode is None:
                self.writer.kill()
        self.thread.join()
        self.scratch.cleanup()
