"""Property-based tests of the matcher and the renderer: for any text and any glossary."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edition.glossary import build_matcher, fold
from edition.markdown import make_markdown, plain_text
from edition.model import Entry, Location
from edition.render import make_renderer

HAN = "新型举国体制双循环國內關鍵"
LATIN = "abcs"
VOID = {"br", "hr", "img", "input", "meta", "link"}

han_forms = st.text(alphabet=HAN, min_size=1, max_size=4)
latin_forms = st.lists(st.text(alphabet=LATIN, min_size=1, max_size=4), min_size=1, max_size=3).map(
    " ".join
)
pieces = st.one_of(
    han_forms,
    latin_forms,
    st.sampled_from(
        [
            " ",
            "  ",
            "*",
            "**",
            "_",
            "`",
            "[",
            "]",
            "(",
            ")",
            "<",
            ">",
            "&",
            "\\",
            "-",
            "，",
            "。",
            "'",
            '"',
            "BS",
            "\n",
        ]
    ),
)
texts = st.lists(pieces, max_size=30).map("".join)


@st.composite
def glossaries(draw):
    # Forms that fold to one string (case, or script: 国 and 國) are a conflict the loader
    # refuses, so a glossary never holds two of them.
    forms = draw(
        st.lists(
            st.one_of(han_forms, latin_forms, latin_forms.map(str.upper)),
            min_size=1,
            max_size=8,
            unique_by=fold,
        )
    )
    return tuple(
        Entry(f"e{i}", form, "", form, {}, "d", (), (), Location("glossary.yaml", 1))
        for i, form in enumerate(forms)
    )


class Checker(HTMLParser):
    """Tracks open elements: well-formedness, link nesting, and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.text: list[str] = []
        self.links_open = 0

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        if tag == "a":
            if self.links_open:
                self.problems.append("a link inside a link")
            self.links_open += 1
        self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID:
            self.problems.append(f"<{tag} /> is not a void element")

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(
                f"</{tag}> does not close <{self.stack[-1] if self.stack else '-'}>"
            )
            return
        self.stack.pop()
        if tag == "a":
            self.links_open -= 1

    def handle_data(self, data):
        self.text.append(data)


def render(source: str, glossary) -> tuple[str, list]:
    md = make_renderer(make_markdown(build_matcher(glossary)))
    tokens = md.parse(source, {"slug": "t", "lang": "zh"})
    return md.renderer.render(
        tokens, md.options, {"root": "", "slug": "t", "lang": "zh", "moved": {}}
    ), tokens


def visible(rendered: str) -> str:
    checker = Checker()
    checker.feed(rendered)
    return " ".join("".join(checker.text).split())


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(texts, glossaries())
def test_html_is_well_formed_and_glosses_never_nest(source, glossary):
    rendered, _ = render(source, glossary)
    checker = Checker()
    checker.feed(rendered)
    checker.close()
    assert checker.problems == []
    assert checker.stack == []


@SETTINGS
@given(texts, glossaries())
def test_glossing_never_changes_the_text(source, glossary):
    glossed, tokens = render(source, glossary)
    plain, _ = render(source, ())
    assert visible(glossed) == visible(plain)
    assert plain_text(tokens) == plain_text(render(source, ())[1])


@SETTINGS
@given(texts, texts, glossaries())
def test_one_parser_gives_each_file_the_same_html_whatever_it_parsed_before(first, other, glossary):
    """The gloss rule's state (entries already marked, the file's budget) belongs to one parse:
    a file renders the same after any other file as on its own."""
    md = make_renderer(make_markdown(build_matcher(glossary)))
    render_env = {"root": "", "slug": "t", "lang": "zh", "moved": {}}

    def html(source: str) -> str:
        return md.renderer.render(
            md.parse(source, {"slug": "t", "lang": "zh"}), md.options, render_env
        )

    alone = html(first)
    html(other)
    assert html(first) == alone == render(first, glossary)[0]


@SETTINGS
@given(glossaries(), st.data())
def test_every_match_is_a_glossary_form_on_the_text(glossary, data):
    source = data.draw(texts)
    matcher = build_matcher(glossary)
    forms = {fold(e.zh): e.id for e in glossary}  # either script, any case
    position = 0
    for match in matcher.find(source):
        assert match.start >= position  # leftmost, never overlapping
        assert forms[fold(source[match.start : match.end])] == match.entry
        position = match.end
