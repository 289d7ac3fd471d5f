"""Sentence by sentence: where sentences are cut, how a translation's are paired with the
source's (measured against a reference made by hand), the editor's markers, and `check`."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, build_copy, run, write_files
from edition.sentences import sentence_ends

REFERENCE = ROOT / "tests/fixtures/sentence-pairs"


def cut(text: str) -> list[str]:
    ends = sentence_ends(text)
    return [text[a:b].strip() for a, b in zip([0, *ends], [*ends, len(text)], strict=True)]


def test_chinese_sentences_end_at_their_stops_and_keep_their_closing_quotes():
    assert cut("党的十九届四中全会提出，要“构建新型举国体制”。习近平强调：“要完善！”这很重要？是的")
    assert cut("他说：“我们走。”然后走了。好吗？！好。") == [
        "他说：“我们走。”",
        "然后走了。",
        "好吗？！",
        "好。",
    ]
    assert cut("天下皆知美之為美，斯惡已；皆知善之為善，斯不善已。故有無相生") == [
        "天下皆知美之為美，斯惡已；皆知善之為善，斯不善已。",
        "故有無相生",
    ]


def test_english_sentences_end_where_a_capital_follows_but_not_after_abbreviations_or_in_numbers():
    assert cut(
        "Mr. Xi met U.S. officials in Washington, D.C. on May 14. Growth was 3.5 per cent. "
        '"Yes," he said. J. Legge translated it (see p. 4). The end.” Next? Yes! 2020 came.'
    ) == [
        "Mr. Xi met U.S. officials in Washington, D.C. on May 14.",
        "Growth was 3.5 per cent.",
        '"Yes," he said.',
        "J. Legge translated it (see p. 4).",
        "The end.”",
        "Next?",
        "Yes!",
        "2020 came.",
    ]
    assert cut("vaccines, testing, etc., sharing data. e.g. this") == [
        "vaccines, testing, etc., sharing data. e.g. this"
    ]


class Sentences(HTMLParser):
    """Each passage's renderings on a text page: per language, its sentences as
    (data-s, text) in order; and each rendering's whole text."""

    def __init__(self) -> None:
        super().__init__()
        self.passages: dict[str, dict[str, list[list[str]]]] = {}
        self.texts: dict[tuple[str, str], str] = {}
        self.passage = self.lang = ""
        self.depth = 0  # inside a sentence: its element depth
        self.rendering = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "data-passage" in attributes:
            self.passage = attributes["id"] or ""
            self.passages[self.passage] = {}
        if tag == "div" and "data-lang" in attributes:
            self.lang = attributes["data-version"] or ""
            self.passages[self.passage][self.lang] = []
            self.texts[self.passage, self.lang] = ""
            self.rendering = 1
        elif self.rendering:
            self.rendering += 1
        if self.depth:
            self.depth += 1
        elif "data-s" in attributes and self.rendering:
            self.passages[self.passage][self.lang].append([attributes["data-s"] or "", ""])
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
        if self.rendering:
            self.rendering -= 1

    def handle_data(self, data):
        if self.rendering:
            self.texts[self.passage, self.lang] += data
        if self.depth:
            self.passages[self.passage][self.lang][-1][1] += data


def read_page(page: Path) -> Sentences:
    parser = Sentences()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def reference(name: str) -> dict[str, list[tuple[list[int], list[int]]]]:
    pairs = {}
    for line in (REFERENCE / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        passage, beads = line.split(":")
        pairs[passage] = [
            tuple([int(n) for n in side.split(",") if n] for side in bead.split("="))
            for bead in beads.split()
        ]
    return pairs


def measure(page: Path, name: str, translation: str = "en") -> tuple[int, int, int, list[str]]:
    """Links (source sentence, translation sentence) in the reference, on the page, and right;
    and the passages where any is wrong."""
    sentences = read_page(page).passages
    expected = reference(name)
    assert list(expected) == [p for p in sentences if len(sentences[p]) > 1]
    wanted = found = right = 0
    wrong = []
    for passage, beads in expected.items():
        source, target = sentences[passage]["zh"], sentences[passage][translation]
        # The reference fixes where sentences are cut: every sentence is listed once.
        assert sorted(n for s, _ in beads for n in s) == list(range(1, len(source) + 1)), passage
        assert sorted(n for _, t in beads for n in t) == list(range(1, len(target) + 1)), passage
        assert [number for number, _ in source] == [str(n) for n in range(1, len(source) + 1)]
        links = {(s, t) for sources, targets in beads for s in sources for t in targets}
        shown = {(int(s), t) for t, (numbers, _) in enumerate(target, 1) for s in numbers.split()}
        wanted, found, right = wanted + len(links), found + len(shown), right + len(links & shown)
        if links != shown:
            wrong.append(passage)
    return wanted, found, right, wrong


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory):
    """The seed edition: both English translations on each page of the Chinese documents."""
    folder = tmp_path_factory.mktemp("seed")
    assert build_copy(ROOT, folder).code == 0
    return folder / "site"


FIGURES = {
    # translation: (reference links, links on the page, right): the figures reported
    "en": (114, 114, 113),
    "en.revised": (94, 94, 94),
}


@pytest.mark.parametrize("translation", ["en", "en.revised"])
def test_the_seed_pairs_at_least_95_percent_of_its_sentences_as_a_reader_would(
    seed_site, translation
):
    totals = [0, 0, 0]
    for slug in ("new-nationwide-system", "psc-meeting-2020-05-14"):
        page = seed_site / f"texts/{slug}/index.html"
        wanted, found, right, wrong = measure(page, f"{slug}.{translation}.txt", translation)
        totals = [totals[0] + wanted, totals[1] + found, totals[2] + right]
    wanted, found, right = totals
    assert right / wanted >= 0.95 and right / found >= 0.95
    assert tuple(totals) == FIGURES[translation]


def test_sentence_elements_leave_each_rendering_its_own_text(seed_site):
    data = json.loads((seed_site / "edition.json").read_text(encoding="utf-8"))
    for text in data["texts"]:
        page = read_page(seed_site / f"texts/{text['slug']}/index.html")
        for passage in text["passages"]:
            for lang, words in passage["text"].items():
                shown = " ".join(page.texts[passage["id"], lang].split())
                assert shown == words
                sentences = "".join(s for _, s in page.passages[passage["id"]][lang])
                assert "".join(sentences.split()) == "".join(words.split())


MARKED = {
    "content/texts/first/zh.md": """\
        {#s1}
        ## 一

        {#p1}
        新型举国体制以国家发展为目标。它由来已久。<!--+-->它很新。

        {#p2}
        构建国内国际双循环。相互促进。

        {#p3}
        举国体制由来已久。
        """,
    "content/texts/first/en.md": """\
        {#s1}
        ## 1

        {#p1}
        The new nationwide system aims at national development; <!-- / -->it is old
        but new.

        {#p2}
        Build a new development pattern. Of dual circulation. Promoting each other.

        {#p3}
        The whole-nation system is old. It goes back a long way.
        """,
}


def test_markers_correct_the_pairing_and_reach_neither_page_nor_data(edition):
    write_files(edition, MARKED)
    result = run("check", "--strict")
    assert result.code == 0
    assert result.err.splitlines() == [
        "content/texts/first/en.md:9: info: the sentences of passage 'p2' are paired by a "
        "guess (2 in zh.md, 3 here): check them on the page, and mark where a sentence ends "
        "(<!--/-->) or goes on (<!--+-->) until the counts agree",
    ]
    assert result.out == (
        "checked 2 texts, 6 passages, 3 glossary entries: no problems "
        "(1 passage paired sentence by sentence by a guess)\n"
    )
    assert run("build", "--strict").code == 0
    html = (edition / "site/texts/first/index.html").read_text(encoding="utf-8")
    assert "<!--" not in html and "&lt;!--" not in html
    p1 = read_page(edition / "site/texts/first/index.html").passages["p1"]
    assert p1 == {
        "zh": [["1", "新型举国体制以国家发展为目标。"], ["2", "它由来已久。它很新。"]],
        "en": [
            ["1", "The new nationwide system aims at national development;"],
            ["2", "it is old\nbut new."],
        ],
    }
    data = (edition / "site/edition.json").read_text(encoding="utf-8")
    assert "<!--" not in data and "development; it is old but new." in data
    assert "它由来已久。它很新。" in data


def test_a_sentence_never_cuts_a_link_an_emphasis_or_a_note_from_its_sentence():
    from edition.glossary import Matcher
    from edition.markdown import make_markdown
    from edition.render import make_renderer

    md = make_renderer(make_markdown(Matcher({})))
    env = {"root": "../../", "slug": "t", "lang": "en", "moved": {}}
    source = (
        "{#p1}\nSee [the text. More](https://example.org/). *Yes. No.* Said so.[^1] Then\n"
        "more.<!--+--> Joined. Cut<!--/-->here.\n\n[^1]: A note. Two sentences.\n"
    )
    html = md.renderer.render(md.parse(source, dict(env)), md.options, env)
    assert html.split("\n<hr")[0] == (
        '<p id="p1"><span data-s="1">See <a href="https://example.org/">the text. More</a>.'
        '</span> <span data-s="2"><em>Yes. No.</em></span> <span data-s="3">Said so.'
        '<sup class="note-ref"><a href="#note_en_" data-note="" aria-label="note "></a></sup>'
        '</span> <span data-s="4">Then\nmore. Joined.</span> <span data-s="5">Cut</span>'
        '<span data-s="6">here.</span></p>'
    )
    assert '<li id="fn1" class="footnote-item"><p>A note. Two sentences.</p>' in html


def test_a_source_of_one_sentence_pairs_with_every_sentence_of_its_translation_surely():
    """One Chinese sentence made five English ones, of any lengths: each of them renders it,
    and `check` has no guess to report."""
    from edition.model import Sentence
    from edition.sentences import pair, target_numbers

    source = [Sentence(60, ())]
    translation = [Sentence(length, ()) for length in (120, 8, 300, 15, 40)]
    beads, guess = pair(source, translation)
    assert (beads, guess) == ([((0,), (0, 1, 2, 3, 4))], False)
    assert target_numbers(beads, 5) == ["1", "1", "1", "1", "1"]
