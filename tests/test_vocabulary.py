"""Vocabulary lists: per text, the entries in the order of first use, as a page and as flash-card
TSV."""

from __future__ import annotations

import csv
import io
import re

import pytest

from conftest import ROOT, build_copy


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("vocabulary")
    assert build_copy(ROOT / "tests/editions/analects", folder).code == 0
    return folder / "site"


def test_tsv_imports_into_flash_card_programs(site):
    lines = (site / "texts/xue-er/vocabulary.tsv").read_text(encoding="utf-8").split("\n")
    assert lines[:3] == [
        "#separator:tab",
        "#html:false",
        "#columns:Headword\tPinyin\tRendering\tDefinition\tFirst passage",
    ]
    assert lines[-1] == ""
    rows = list(csv.reader(io.StringIO("\n".join(lines[3:])), delimiter="\t"))
    assert rows == [
        [
            "君子",
            "jūnzǐ",
            "superior man",
            "The cultivated person the Analects holds up as a model.",
            "https://example.org/analects/texts/xue-er/#a1-1",
        ],
        [
            "朋友",
            "péng yǒu",
            "friends",
            "Companions of equal standing.",
            "https://example.org/analects/texts/xue-er/#a1-1",
        ],
        [
            "孝弟",
            "xiào dì",
            "filial piety and fraternal submission",
            "Devotion to parents and elder brothers, the root of humaneness.",
            "https://example.org/analects/texts/xue-er/#a1-2",
        ],
        [
            "仁",
            "rén",
            "benevolence",
            "Humaneness, the highest virtue in the Analects.",
            "https://example.org/analects/texts/xue-er/#a1-2",
        ],
    ]
    assert all(len(row) == 5 for row in rows)


def test_vocabulary_page_lists_entries_in_order_of_first_use_with_counts(site):
    page = (site / "texts/xue-er/vocabulary/index.html").read_text(encoding="utf-8")
    terms = re.findall(r'<td lang="lzh-Hant"><a href="../../../glossary/#([a-z-]+)">', page)
    assert terms == ["junzi", "pengyou", "xiaodi", "ren"]
    row = re.search(r"<tr>\s*<td>3</td>.*?</tr>", page, re.S).group(0)
    # 孝弟 twice in the Chinese of 1.2; "filial and fraternal" and "filial piety and fraternal
    # submission" in the English
    assert re.findall(r'<td class="count">(\d+)</td>', row) == ["2", "2"]
    assert '<a href="../vocabulary.tsv" download>' in page
    text_page = (site / "texts/xue-er/index.html").read_text(encoding="utf-8")
    assert '<a href="vocabulary/">Vocabulary: 4 terms</a>' in text_page
