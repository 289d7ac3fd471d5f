"""Line breaks inside a paragraph: nothing between two Chinese characters, a space elsewhere."""

from __future__ import annotations

import json

from conftest import run, write_files


def test_a_line_break_between_chinese_characters_is_no_space(edition):
    write_files(
        edition,
        {
            "content/texts/first/zh.md": """\
        {#s1}
        ## 一

        {#p1}
        新型举国体制
        以国家发展为目标。

        {#p2}
        构建国内国际双循环，
        相互促进的新发展格局。

        {#p3}
        举国
        体制由来已久。
        """
        },
    )
    assert run("build").code == 0
    page = (edition / "site/texts/first/index.html").read_text()
    assert (
        'data-lang="zh" data-version="zh"><p><span data-s="1">'
        '<a class="gloss" data-term="xinxing-juguo-tizhi"' in page
    )
    assert ">新型举国体制</a>以国家发展为目标。</span></p>" in page
    assert "构建国内国际双循环，相互促进的" in page
    # a term wrapped across two lines is still found
    assert (
        '<a class="gloss" data-term="juguo-tizhi" href="../../glossary/#juguo-tizhi">举国体制</a>'
        in page
    )
    data = json.loads((edition / "site/edition.json").read_text())
    texts = [p["text"]["zh"] for p in data["texts"][0]["passages"]]
    assert texts[1:3] == [
        "新型举国体制以国家发展为目标。",
        "构建国内国际双循环，相互促进的新发展格局。",
    ]
    words = json.loads((edition / "site/search/passages/first.json").read_text())
    assert words["passages"]["p2"]["text"]["zh"] == "构建国内国际双循环，相互促进的新发展格局。"
    # in English, and between English and Chinese, a line break is still a space
    english = [p["text"]["en"] for p in data["texts"][0]["passages"]]
    assert english[1] == "The new nationwide system aims at national development."
