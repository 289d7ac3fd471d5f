"""The revised translations waiting in drafts/ pair with their Chinese passage for passage."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

ID_LINE = re.compile(r"^\{#([a-z][a-z0-9-]*)[ }]", re.M)


@pytest.mark.parametrize("slug", ["new-nationwide-system", "psc-meeting-2020-05-14"])
def test_a_revised_translation_has_every_passage_of_the_chinese_in_order(slug):
    chinese = (ROOT / f"content/texts/{slug}/zh.md").read_text(encoding="utf-8")
    revised = (ROOT / f"drafts/revised-translations/{slug}/en.revised.md").read_text(
        encoding="utf-8"
    )
    assert ID_LINE.findall(revised) == ID_LINE.findall(chinese)
    assert not re.search(r"[\u4e00-\u9fff]{6,}", re.sub(r"\[\^\d+\]:.*", "", revised))  # translated
