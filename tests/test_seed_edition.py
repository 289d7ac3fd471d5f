"""The first edition: every seed paragraph is in a passage, word for word, paired with its
translation."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import ROOT, run

SEED = (ROOT / "tests/seed/dual-circulation-2020.txt").read_text(encoding="utf-8").split("\n")
FULL_WIDTH = dict(zip(",:();?!", "，：（）；？！", strict=True))


def seed_line(number: int) -> str:
    return " ".join(SEED[number - 1].replace("\u00a0", " ").split())


def chinese(number: int) -> str:
    """A Chinese seed line with the typography the edition normalises: full-width punctuation."""
    line = re.sub(r"(?<!\d):|:(?!\d)", "：", seed_line(number))
    return "".join(FULL_WIDTH.get(c, c) for c in line)


def chinese_runs(number: int) -> str:
    """An English seed line whose Chinese quotations get full-width commas."""
    return re.sub(r"(?<=[\u4e00-\u9fff]),(?=[\u4e00-\u9fff])", "，", seed_line(number))


# passage id → seed line, per text and language
NEW_NATIONWIDE_IDS = [
    "orig-title",
    "lead",
    "s1",
    "p1-1",
    "p1-2",
    "p1-3",
    "s2",
    "p2-1",
    "p2-2",
    "p2-3",
    "p2-4",
    "s3",
    "p3-1",
    "p3-2",
    "p3-3",
    "p3-4",
    "p3-5",
    "byline",
]
PSC_IDS = [
    "deck",
    "lead-1",
    "lead-2",
    "p1",
    "p2",
    "p3",
    "p4",
    "p5",
    "p6",
    "p7",
    "p8",
    "print-source",
    "editors",
]
EXPECTED = {
    ("new-nationwide-system", "zh"): dict(
        zip(NEW_NATIONWIDE_IDS, [chinese(n) for n in range(49, 84, 2)], strict=True)
    ),
    ("new-nationwide-system", "en"): dict(
        zip(NEW_NATIONWIDE_IDS, [seed_line(n) for n in [92, 94, *range(96, 127, 2)]], strict=True)
    ),
    ("psc-meeting-2020-05-14", "zh"): dict(
        zip(
            PSC_IDS,
            [chinese(n) for n in [132, 137, 139, 141, 143, 145, 147, 149, 151, 153, 155, 157, 158]],
            strict=True,
        )
    ),
    ("psc-meeting-2020-05-14", "en"): dict(
        zip(
            PSC_IDS,
            [
                seed_line(n)
                for n in [167, 171, 173, 175, 177, 179, 181, 183, 185, 187, 189, 191, 192]
            ],
            strict=True,
        )
    ),
    ("dual-circulation-commentary", "en"): {
        f"p{i}": chinese_runs(n)
        for i, n in enumerate([9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 35, 37], 1)
    },
}
# The seed numbers the Guangming Daily's sections 1, 2, 3; the paper printed 一, 二, 三.
EXPECTED[("new-nationwide-system", "zh")].update({"s1": "一", "s2": "二", "s3": "三"})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seed")
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copy(ROOT / "glossary.yaml", folder / "glossary.yaml")
    import os

    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = run("build", "--strict")
    finally:
        os.chdir(cwd)
    return folder, result


def test_seed_edition_builds_strict_without_warnings(built):
    _, result = built
    assert (result.code, result.err) == (0, "")


def test_every_seed_paragraph_is_a_passage_word_for_word(built):
    folder, _ = built
    data = json.loads((folder / "site/edition.json").read_text(encoding="utf-8"))
    texts = {t["slug"]: t for t in data["texts"]}
    assert [t["slug"] for t in data["texts"]] == [
        "dual-circulation-commentary",
        "new-nationwide-system",
        "psc-meeting-2020-05-14",
    ]
    for (slug, lang), expected in EXPECTED.items():
        passages = texts[slug]["passages"]
        assert [p["id"] for p in passages] == list(expected)
        for passage in passages:
            assert passage["text"][lang] == expected[passage["id"]], (slug, lang, passage["id"])


def test_chinese_and_english_are_paired_in_every_passage(built):
    folder, _ = built
    data = json.loads((folder / "site/edition.json").read_text(encoding="utf-8"))
    for text in data["texts"]:
        if text["slug"] == "dual-circulation-commentary":
            assert all(set(p["text"]) == {"en"} for p in text["passages"])
        else:
            assert all(set(p["text"]) == {"zh", "en", "en.revised"} for p in text["passages"])


@pytest.mark.parametrize("slug", ["new-nationwide-system", "psc-meeting-2020-05-14"])
def test_the_revised_translation_has_every_passage_of_the_chinese_in_english(built, slug):
    folder, _ = built
    chinese_file = (ROOT / f"content/texts/{slug}/zh.md").read_text(encoding="utf-8")
    revised_file = (ROOT / f"content/texts/{slug}/en.revised.md").read_text(encoding="utf-8")
    ids = re.compile(r"^\{#([a-z][a-z0-9-]*)[ }]", re.M)
    assert ids.findall(revised_file) == ids.findall(chinese_file)
    data = json.loads((folder / "site/edition.json").read_text(encoding="utf-8"))
    text = next(t for t in data["texts"] if t["slug"] == slug)
    for passage in text["passages"]:
        revised = passage["text"]["en.revised"]
        assert revised, passage["id"]
        # Translated: no run of Chinese left in the passage (the notes may quote the Chinese).
        assert not re.search(r"[\u4e00-\u9fff]{3,}", revised), passage["id"]
    assert text["versions"]["en.revised"]["default"] is True
    assert text["versions"]["en"]["translator"] == {
        "en": "Larry Catá Backer",
        "zh": "Larry Catá Backer",
    }


def test_the_page_shows_the_chinese_with_the_revised_translation_by_default(built):
    folder, _ = built
    page = (folder / "site/texts/new-nationwide-system/index.html").read_text(encoding="utf-8")
    renderings = re.findall(r'<div class="rendering"[^>]*data-version="([^"]+)"([^>]*)>', page)
    assert renderings[:3] == [("zh", " data-default"), ("en.revised", " data-default"), ("en", "")]
    assert 'data-shown="zh en.revised"' in page
    # The commentary quotes the translation it published: its links land showing that one.
    commentary = (folder / "site/texts/dual-circulation-commentary/index.html").read_text(
        encoding="utf-8"
    )
    assert 'href="../../texts/new-nationwide-system/?show=zh,en#p2-1"' in commentary


def test_titles_and_metadata_come_from_the_seed(built):
    folder, _ = built
    data = json.loads((folder / "site/edition.json").read_text(encoding="utf-8"))
    titles = {t["slug"]: t["title"] for t in data["texts"]}
    assert titles["new-nationwide-system"] == {"zh": chinese(43), "en": seed_line(86)}
    assert titles["psc-meeting-2020-05-14"] == {"zh": seed_line(131), "en": seed_line(166)}
    assert titles["dual-circulation-commentary"] == {"en": seed_line(3)}
    page = (folder / "site/texts/new-nationwide-system/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2020-03-20T07:58:00+08:00">20 March 2020, 07:58</time>' in page
    assert "<cite>Guangming Daily</cite>" in page


def test_blog_chrome_is_dropped(built):
    folder, _ = built
    text = (folder / "site/edition.json").read_text(encoding="utf-8")
    for chrome in (
        "No comments",
        "Post a Comment",
        "相关专题",
        "Related topics",
        "习近平活动报道专页",
    ):
        assert chrome not in text


def test_every_glossary_term_of_the_chinese_is_glossed_in_the_revised_translation(built):
    # Passage by passage: the revised translation uses the glossary's renderings, so each term
    # of the Chinese is glossed in it too (the commentary's translation misses 11 of 150).
    folder, _ = built
    data = json.loads((folder / "site/edition.json").read_text(encoding="utf-8"))
    found: dict[tuple[str, str, str], set[str]] = {}
    for entry in data["glossary"]:
        for o in entry["occurrences"]:
            key = (o["text"], o["passage"], o.get("version", o["lang"]))
            found.setdefault(key, set()).add(entry["id"])
    counts = {"zh": 0, "en.revised": 0, "en": 0}
    for slug in ("new-nationwide-system", "psc-meeting-2020-05-14"):
        text = next(t for t in data["texts"] if t["slug"] == slug)
        for passage in text["passages"]:
            chinese = found.get((slug, passage["id"], "zh"), set())
            for version in counts:
                counts[version] += len(chinese & found.get((slug, passage["id"], version), set()))
    assert counts == {"zh": 150, "en.revised": 150, "en": 139}
