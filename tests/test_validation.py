"""Every broken input gives its `path:line: error: message`, exit 1, and leaves the previous site
alone."""

from __future__ import annotations

import json

import pytest

from conftest import run, tree, write_files

EDITION_HEAD = (
    'title: {en: "A Small Edition"}\nsite_url: https://example.org/small/\nlanguages:\n  '
    'zh: {label: "中文", html: zh-Hans}\n  en: {label: "English", html: en}\n'
    "source_language: zh\n"
)


def with_language(line: str) -> str:
    """The small edition's edition.yaml with one more language."""
    return (
        EDITION_HEAD.replace("html: en}\n", f"html: en}}\n  {line}\n") + "texts: [first, notes]\n"
    )


CASES = {
    "YAML syntax error": (
        {"content/edition.yaml": "title: {en: x\nlanguages: [\n"},
        [
            "content/edition.yaml:1: error: the '{' opened on this line is never closed: end it "
            "with '}' before the next line's key"
        ],
    ),
    "YAML: a key indented too far": (
        {
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The "
            "First Text}\nkind: source\n"
            "  partial: true\n"
        },
        [
            "content/texts/first/text.yaml:3: error: this line is indented further than the key "
            "above it (or a value holds ': ', which needs quotes): indent it as far as the keys it "
            "belongs with"
        ],
    ),
    "YAML: a key indented too little": (
        {"glossary.yaml": "a:\n  zh: 新型举国体制\n  en: new nationwide system\n definition: x\n"},
        [
            "glossary.yaml:4: error: this line's indentation matches none of the lines above it: "
            "indent it as far as the keys (or list items) it belongs with"
        ],
    ),
    "YAML: a tab used for indentation": (
        {"glossary.yaml": "a:\n\tzh: 新型举国体制\n"},
        [
            "glossary.yaml:2: error: a tab is used for indentation here: YAML indents with spaces "
            "only"
        ],
    ),
    "YAML: an unclosed quote": (
        {"content/texts/first/text.yaml": 'title: "The First Text\nkind: source\n'},
        [
            "content/texts/first/text.yaml:1: error: the quotation mark opened on this line is "
            "never closed"
        ],
    ),
    "YAML: an unclosed bracket": (
        {
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The First Text}\n"
            "moved: [p1, p2\nkind: source\n"
        },
        [
            "content/texts/first/text.yaml:2: error: the '[' opened on this line is never closed: "
            "end it with ']' before the next line's key"
        ],
    ),
    "YAML: a bracket left open at the end of the file": (
        {
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The First Text}\n"
            "kind: source\nmoved: [\n"
        },
        [
            "content/texts/first/text.yaml:3: error: the '[' opened on this line is never closed: "
            "end it with ']' before the next line's key"
        ],
    ),
    "YAML: a missing colon": (
        {
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The "
            "First Text}\nkind source\n"
            "partial: true\n"
        },
        ["content/texts/first/text.yaml:2: error: this line has no colon: write it as key: value"],
    ),
    "unknown key in text.yaml": (
        {
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The First "
            "Text}\npublised: 2020-03-20\n"
        },
        [
            "content/texts/first/text.yaml:2: error: unknown key 'publised' in text.yaml "
            "(allowed: author, kind, languages, moved, notes, original_url, partial, publication, "
            "published, short_title, title, versions)"
        ],
    ),
    "unknown key in edition.yaml": (
        {
            "content/edition.yaml": EDITION_HEAD
            + "texts: [first, notes]\nsite_ulr: https://example.org/\n"
        },
        [
            "content/edition.yaml:8: error: unknown key 'site_ulr' in edition.yaml (allowed: "
            "description, editor, gloss_marks, interface, languages, license, site_url, "
            "source_language, texts, title)"
        ],
    ),
    "duplicate key": (
        {
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The First "
            "Text}\ntitle: {en: Again}\n"
        },
        ["content/texts/first/text.yaml:2: error: duplicate key 'title' (first given at line 1)"],
    ),
    "missing required field": (
        {"content/texts/first/text.yaml": "published: 2020-03-20\n"},
        ["content/texts/first/text.yaml:1: error: 'title' is required"],
    ),
    "text listed but absent": (
        {"content/edition.yaml": EDITION_HEAD + "texts: [first, notes, missing]\n"},
        [
            "content/edition.yaml:7: error: text 'missing' is listed but content/texts/missing/ "
            "does not exist"
        ],
    ),
    "bad passage id": (
        {"content/texts/notes/en.md": "{#N1}\nText.\n"},
        ["content/texts/notes/en.md:1: error: passage id 'N1' must match [a-z][a-z0-9-]*"],
    ),
    "duplicate passage id": (
        {"content/texts/notes/en.md": "{#n1}\nText.\n\n{#n1}\nMore.\n"},
        ["content/texts/notes/en.md:4: error: duplicate passage id 'n1' (first used at line 1)"],
    ),
    "duplicate passage id under a label on a line of its own": (
        {
            "content/texts/first/zh.md": '{#s1}\n## 一\n\n{#p1}\n{label="1"}\n一。\n\n'
            '{#p2}\n二。\n\n{#p3}\n三。\n\n{#p1}\n{label="9"}\n九。\n',
        },
        ["content/texts/first/zh.md:14: error: duplicate passage id 'p1' (first used at line 4)"],
    ),
    "block without an id": (
        {"content/texts/notes/en.md": "{#n1}\nText.\n\nMore text.\n"},
        [
            "content/texts/notes/en.md:4: error: this block has no passage id: put {#id} on the "
            "line before it (or run build.py stamp)"
        ],
    ),
    "source passage without a translation": (
        {"content/texts/first/en.md": "{#s1}\n## 1\n\n{#p1}\nOne.\n\n{#p3}\nThree.\n"},
        [
            "content/texts/first/zh.md:7: error: passage 'p2' has no English translation in en.md "
            "(add it, or set partial: true in text.yaml)"
        ],
    ),
    "translation id the source lacks": (
        {
            "content/texts/first/en.md": "{#s1}\n## 1\n\n{#p1}\nOne.\n\n{#p2}\n"
            "Two.\n\n{#p3}\nThree.\n\n{#p9}\nNine.\n"
        },
        [
            "content/texts/first/en.md:13: error: passage 'p9' is not in zh.md: a translation may "
            "only have the source's ids"
        ],
    ),
    "file that is not UTF-8": (
        {"content/texts/notes/en.md": "{#n1}\nCaf\xe9 ok.\n".encode("latin-1")},
        [
            "content/texts/notes/en.md:2: error: the file is not UTF-8 (byte 0xe9 at column 4); "
            "save it as UTF-8"
        ],
    ),
    "cross-reference to a missing id and a missing text": (
        {
            "content/texts/notes/en.md": "{#n1}\nSee [this](../first/zh.md#p7) "
            "and [that](../nowhere/en.md#p1).\n"
        },
        [
            "content/texts/notes/en.md:2: error: cross-reference to '#p7', which is not a passage "
            "of first",
            "content/texts/notes/en.md:2: error: cross-reference to text 'nowhere', which is not "
            "in this edition",
        ],
    ),
    "broken cross-references reported on their own lines, with the nearest name": (
        {
            "content/texts/notes/en.md": "{#n1}\nOne line,\nanother, and "
            "[this](../frist/zh.md#p1)\n"
            "and then [that](../first/zh.md#p22).\n",
            "content/texts/first/zh.md": "{#s1}\n## 一\n\n{#p1}\n"
            "新型举国体制。\n\n{#p2}\n构建。\n"
            "\n"
            "{#p3}\n举国体制\n由来已久，[见](../notes/en.md#n11)。\n",
        },
        [
            "content/texts/first/zh.md:12: error: cross-reference to '#n11', which is not a "
            "passage of notes; did you mean 'n1'?",
            "content/texts/notes/en.md:3: error: cross-reference to text 'frist', which is not in "
            "this edition; did you mean 'first'?",
            "content/texts/notes/en.md:4: error: cross-reference to '#p22', which is not a "
            "passage of first; did you mean 'p2'?",
        ],
    ),
    "javascript: link": (
        {"content/texts/notes/en.md": "{#n1}\nSee [this](javascript:alert(1)).\n"},
        [
            "content/texts/notes/en.md:2: error: link scheme 'javascript:' is not allowed (use "
            "http, https or mailto)"
        ],
    ),
    "block attribute other than an id": (
        {"content/texts/notes/en.md": '{#n1 .red style="color:red"}\nText.\n'},
        [
            "content/texts/notes/en.md:1: error: a block attribute may only give an id, a label "
            "and "
            '.verse, like {#p5-6 label="5–6" .verse} (not .red, style)'
        ],
    ),
    "a label given to two passages": (
        {
            "content/texts/first/zh.md": '{#s1}\n## 一\n\n{#p1 label="1–2"}\n新型举国体制。\n\n'
            '{#p2 label="1–2"}\n构建。\n\n{#p3}\n举国体制。\n'
        },
        [
            "content/texts/first/zh.md:4: error: label '1–2' of passage 'p1' is also the label of "
            "passage 'p2': a label names one passage",
            "content/texts/first/zh.md:7: error: label '1–2' of passage 'p2' is also the label of "
            "passage 'p1': a label names one passage",
        ],
    ),
    "a label that is another passage's number": (
        {
            "content/texts/first/zh.md": '{#s1}\n## 一\n\n{#p1 label="1.2"}\n新型举国体制。\n\n'
            "{#p2}\n构建。\n\n{#p3}\n举国体制。\n"
        },
        [
            "content/texts/first/zh.md:4: error: label '1.2' of passage 'p1' is also the label of "
            "passage 'p2': a label names one passage"
        ],
    ),
    "a translation's label that differs from the source's": (
        {
            "content/texts/first/zh.md": '{#s1}\n## 一\n\n{#p1 label="1"}\n新型举国体制。\n\n'
            "{#p2}\n构建。\n\n{#p3}\n举国体制。\n",
            "content/texts/first/en.md": '{#s1}\n## 1\n\n{#p1 label="One"}\nOne.\n\n'
            '{#p2 label="1.2"}\nTwo.\n\n{#p3 label="1.3"}\nThree.\n',
        },
        [
            "content/texts/first/en.md:4: error: passage 'p1' is labelled 'One' here but has '1' "
            "in zh.md: labels are given in the source file only",
            "content/texts/first/en.md:7: error: passage 'p2' is labelled '1.2' here but has no "
            "label in zh.md: labels are given in the source file only",
            "content/texts/first/en.md:10: error: passage 'p3' is labelled '1.3' here but has no "
            "label in zh.md: labels are given in the source file only",
        ],
    ),
    "an empty label": (
        {"content/texts/notes/en.md": '{#n1 label=""}\nText.\n'},
        ['content/texts/notes/en.md:1: error: label="" is empty: give the label or leave it out'],
    ),
    "a text's languages naming a language the edition lacks": (
        {
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The First Text}\n"
            "languages:\n  zh: {html: zh-Hant}\n  fr: {label: Français}\n"
        },
        [
            "content/texts/first/text.yaml:4: error: languages: 'fr' is not a language of the "
            "edition (zh, en)"
        ],
    ),
    "a text's language with an unknown key": (
        {
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The First Text}\n"
            "languages: {zh: {html: zh-Hant, font: Song}}\n"
        },
        [
            "content/texts/first/text.yaml:2: error: unknown key 'font' in language 'zh' "
            "(allowed: html, label)"
        ],
    ),
    "a text's languages that are not a mapping": (
        {
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The First Text}\n"
            "languages: [zh-Hant]\n"
        },
        [
            "content/texts/first/text.yaml:2: error: 'languages' must map language codes to "
            "{html: …, label: …}"
        ],
    ),
    "language file not in the edition": (
        {"content/texts/notes/fr.md": "{#n1}\nBonjour.\n"},
        [
            "content/texts/notes/fr.md:1: error: 'fr.md': 'fr' is not a language of the edition "
            "(zh, en)"
        ],
    ),
    "empty source file": (
        {"content/texts/notes/en.md": ""},
        ["content/texts/notes/en.md:1: error: en.md has no passages"],
    ),
    "undefined footnote": (
        {"content/texts/notes/en.md": "{#n1}\nSee[^9].\n"},
        ["content/texts/notes/en.md:2: error: footnote [^9] is referenced but never defined"],
    ),
    "moved id that still exists": (
        {
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The "
            "First Text}\nmoved: {p2: p9}\n"
        },
        [
            "content/texts/first/text.yaml:2: error: moved: 'p2' still exists in zh.md; only a "
            "retired id can be moved"
        ],
    ),
    "glossary: one form claimed by two entries": (
        {
            "glossary.yaml": "a:\n  zh: 新型举国体制\n  en: new "
            "nationwide system\n  definition: x\nb:\n  "
            "zh: "
            "举国体制\n  en: whole-nation system\n  variants: {zh: [新型举国体制]}\n  definition: "
            "y\n"
        },
        [
            "glossary.yaml:5: error: entry 'b': the form '新型举国体制' is already claimed "
            "by entry 'a' "
            "(line 1)"
        ],
    ),
    "glossary: two entries whose forms are one word in two scripts": (
        {
            "glossary.yaml": "a:\n  zh: 新型举国体制\n  en: new "
            "nationwide system\n  definition: x\n"
            "b:\n  zh: 新型舉國體制\n  en: whole-nation system\n  definition: y\n"
        },
        [
            "glossary.yaml:5: error: entry 'b': the form '新型舉國體制' is already claimed "
            "by entry 'a' "
            "(line 1) as '新型举国体制' (the same in the other script)"
        ],
    ),
    "glossary: exact_case names a form the entry lacks": (
        {
            "glossary.yaml": "a:\n  zh: 新型举国体制\n  en: new "
            "nationwide system\n  definition: x\n"
            "  exact_case: [New Nationwide System]\n"
        },
        [
            "glossary.yaml:5: error: entry 'a': exact_case names 'New Nationwide System', which is "
            "not a form of this entry (新型举国体制, new nationwide system)"
        ],
    ),
    "glossary: a form one entry matches as written and another as it folds": (
        {
            "glossary.yaml": "a:\n  zh: 新型举国体制\n  en: Nationwide System\n  definition: x\n"
            "  exact_case: [Nationwide System]\n"
            "b:\n  zh: 举国体制\n  en: Nationwide System\n  definition: y\n"
        },
        [
            "glossary.yaml:6: error: entry 'b': the form 'Nationwide System' is already claimed by "
            "entry 'a' (line 1)"
        ],
    ),
    "glossary: missing field, unknown see_also, unknown key": (
        {
            "glossary.yaml": "a:\n  zh: 新型举国体制\n  definition: x\n"
            "  see_also: [zz]\n  colour: red\n"
        },
        [
            "glossary.yaml:1: error: entry 'a' has no en",
            "glossary.yaml:4: error: entry 'a': see_also names unknown entry 'zz'",
            "glossary.yaml:5: error: unknown key 'colour' in entry 'a' (allowed: definition, en, "
            "exact_case, pinyin, references, see_also, variants, zh)",
        ],
    ),
    "glossary: duplicate entry id": (
        {
            "glossary.yaml": "a:\n  zh: 新型举国体制\n  en: xx\n  "
            "definition: d\na:\n  zh: 举国体制\n  en: "
            "yy\n  "
            "definition: e\n"
        },
        ["glossary.yaml:5: error: duplicate key 'a' (first given at line 1)"],
    ),
    "wrong type: title is a list": (
        {"content/texts/first/text.yaml": "title: [第一篇, The First Text]\n"},
        [
            "content/texts/first/text.yaml:1: error: 'title' must be a string or a mapping from "
            "language code to string"
        ],
    ),
    "wrong type: partial is not a boolean": (
        {
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The First "
            "Text}\npartial: sometimes\n"
        },
        ["content/texts/first/text.yaml:2: error: 'partial' must be true or false"],
    ),
    "unknown kind": (
        {"content/texts/first/text.yaml": "title: {zh: 第一篇, en: The First Text}\nkind: essay\n"},
        [
            "content/texts/first/text.yaml:2: error: 'kind' must be one of: source, commentary "
            "(not 'essay')"
        ],
    ),
    "date that is not a date": (
        {
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The First "
            "Text}\npublished: 2020-13-45\n"
        },
        [
            "content/texts/first/text.yaml:2: error: 'published' must be an ISO date such as "
            "2020-03-20 (not '2020-13-45')"
        ],
    ),
    "title in a language the edition lacks": (
        {"content/texts/first/text.yaml": "title: {zh: 第一篇, fr: Le premier}\n"},
        [
            "content/texts/first/text.yaml:1: error: 'title' has language 'fr', which is not in "
            "edition.yaml languages (zh, en)"
        ],
    ),
    "original_url with a javascript: scheme": (
        {
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The First Text}\n"
            'original_url: "javascript:alert(1)"\n'
        },
        [
            "content/texts/first/text.yaml:2: error: original_url 'javascript:alert(1)' must be "
            "an http(s) address"
        ],
    ),
    "unsafe link in an editor's note": (
        {
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The First Text}\nnotes: See "
            "[this](javascript:alert(1)).\n"
        },
        [
            "content/texts/first/text.yaml:2: error: link 'javascript:alert(1)' is not allowed "
            "here: links in notes, descriptions and definitions must be http, https or mailto "
            "addresses"
        ],
    ),
    "unsafe link in a glossary definition": (
        {
            "glossary.yaml": "a:\n  zh: 新型举国体制\n  en: new nationwide system\n  definition: "
            '"[x](data:text/html,hi)"\n'
        },
        [
            "glossary.yaml:4: error: entry 'a': link 'data:text/html,hi' is not allowed here: "
            "links in notes, descriptions and definitions must be http, https or mailto addresses"
        ],
    ),
    "gloss_marks with an unknown value": (
        {"content/edition.yaml": EDITION_HEAD + "texts: [first, notes]\ngloss_marks: some\n"},
        ["content/edition.yaml:8: error: 'gloss_marks' must be one of: first, all (not 'some')"],
    ),
    "interface in a language without a catalogue": (
        {"content/edition.yaml": EDITION_HEAD + "texts: [first, notes]\ninterface: zh-CN\n"},
        [
            "content/edition.yaml:8: error: 'interface' must be one of: en, zh-Hans, zh-Hant "
            "(not 'zh-CN')"
        ],
    ),
    "empty edition.yaml": (
        {"content/edition.yaml": ""},
        ["content/edition.yaml:1: error: edition.yaml is empty"],
    ),
    "missing text.yaml": (
        {"content/texts/notes/text.yaml": None},
        [
            "content/texts/notes/text.yaml:1: error: text.yaml is missing: every text folder "
            "needs one, with at least a title"
        ],
    ),
    "a text folder with no language file": (
        {"content/texts/notes/en.md": None},
        ["content/texts/notes/text.yaml:1: error: text 'notes' has no language file: add zh.md"],
    ),
    "cross-reference range that runs backwards": (
        {"content/texts/notes/en.md": "{#n1}\nSee [x](../first/zh.md#p3..p1).\n"},
        ["content/texts/notes/en.md:2: error: cross-reference range '#p3..p1' runs backwards"],
    ),
    "cross-reference to a language file that does not exist": (
        {"content/texts/notes/en.md": "{#n1}\nSee [x](../first/fr.md#p1).\n"},
        [
            "content/texts/notes/en.md:2: error: cross-reference to first/fr.md, which does not "
            "exist"
        ],
    ),
    "link that is not to a text of the edition": (
        {"content/texts/notes/en.md": "{#n1}\nSee [x](../../README.md).\n"},
        [
            "content/texts/notes/en.md:2: error: link '../../README.md' does not point at a text "
            "of this edition (expected ../<slug>/<lang>.md#<id>)"
        ],
    ),
    "moved id pointing nowhere": (
        {
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The First "
            "Text}\nmoved: {gone: p9}\n"
        },
        [
            "content/texts/first/text.yaml:2: error: moved: 'gone' points at 'p9', which is not a "
            "passage of this text"
        ],
    ),
    "a huge file": (
        {"content/texts/notes/en.md": b"{#n1}\n" + b"x" * (9 * 1024 * 1024)},
        [
            "content/texts/notes/en.md:1: error: the file is 9 MB; files larger than 8 MB are "
            "refused"
        ],
    ),
    "glossary: not UTF-8": (
        {"glossary.yaml": "a:\n  zh: xin\n  en: caf\xe9\n".encode("latin-1")},
        [
            "glossary.yaml:3: error: the file is not UTF-8 (byte 0xe9 at column 10); save it as "
            "UTF-8"
        ],
    ),
    "a note that refers to another note": (
        {
            "content/texts/notes/en.md": "{#n1}\nSee[^a].\n\n{#n2}\nMore.\n\n"
            "[^a]: see[^b].\n\n[^b]: inner.\n"
        },
        ["content/texts/notes/en.md:7: error: a note may not refer to another note ([^b])"],
    ),
    "a note referred to from two passages": (
        {"content/texts/notes/en.md": "{#n1}\nSee[^a].\n\n{#n2}\nAgain[^a].\n\n[^a]: note.\n"},
        [
            "content/texts/notes/en.md:5: error: footnote [^a] belongs to passage 'n1' already: a "
            "note belongs to one passage"
        ],
    ),
    "YAML alias that refers to itself": (
        {"glossary.yaml": "a: &x [*x]\n"},
        [
            "glossary.yaml:1: error: YAML anchors and aliases (& and *) are not supported: write "
            "the value out"
        ],
    ),
    "YAML nested too deeply": (
        {"glossary.yaml": "a: " + "[" * 600 + "]" * 600 + "\n"},
        ["glossary.yaml:1: error: the YAML is nested too deeply"],
    ),
    "glossary: bad entry id": (
        {"glossary.yaml": "Big_Id:\n  zh: 新型举国体制\n  en: xx\n  definition: d\n"},
        ["glossary.yaml:1: error: entry id 'Big_Id' must match [a-z][a-z0-9-]*"],
    ),
    # Control characters reach neither the pages nor the terminal.
    "escape character in a passage": (
        {
            "content/texts/first/zh.md": "{#s1}\n## 一\n\n{#p1}\n新型举国体制。\n\n"
            "{#p2}\n构建\x1b[2J新发展格局。\n\n{#p3}\n举国体制。\n"
        },
        ["content/texts/first/zh.md:8: error: control character U+001B in the text; remove it"],
    ),
    "right-to-left override in a passage": (
        {"content/texts/notes/en.md": "{#n1}\nThe price is \u202e0.01\u202c dollars.\n"},
        ["content/texts/notes/en.md:2: error: control character U+202E in the text; remove it"],
    ),
    "bidirectional isolate in a footnote": (
        {"content/texts/notes/en.md": "{#n1}\nText.[^1]\n\n[^1]: A \u2067note\u2069.\n"},
        ["content/texts/notes/en.md:4: error: control character U+2067 in the text; remove it"],
    ),
    "C1 control character in a passage": (
        {"content/texts/notes/en.md": "{#n1}\nText\x85 here.\n"},
        ["content/texts/notes/en.md:2: error: control character U+0085 in the text; remove it"],
    ),
    "delete character in a passage": (
        {"content/texts/notes/en.md": "{#n1}\nText\x7f.\n"},
        ["content/texts/notes/en.md:2: error: control character U+007F in the text; remove it"],
    ),
    "form feed in a heading": (
        {"content/texts/notes/en.md": "{#n1}\n## A\x0cheading\n"},
        ["content/texts/notes/en.md:2: error: control character U+000C in the text; remove it"],
    ),
    "control characters on two lines": (
        {"content/texts/notes/en.md": "{#n1}\nOne\x07 and\x08.\n\n{#n2}\nTwo\x1b.\n"},
        [
            "content/texts/notes/en.md:2: error: control character U+0007 in the text; remove it",
            "content/texts/notes/en.md:5: error: control character U+001B in the text; remove it",
        ],
    ),
    "a file saved as UTF-16": (
        {"content/texts/notes/en.md": "{#n1}\nText.\n".encode("utf-16-le")},
        [
            "content/texts/notes/en.md:1: error: the file holds NUL bytes (U+0000): is it saved as "
            "UTF-16? save it as UTF-8"
        ],
    ),
    "escape character in a YAML key": (
        {
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The "
            "First Text}\n\x1b[31mkind: "
            "source\n"
        },
        ["content/texts/first/text.yaml:2: error: control character U+001B in the text; remove it"],
    ),
    "escape written as a YAML escape in a key is printed escaped": (
        {
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The "
            'First Text}\n"kind\\e[2J": '
            "source\n"
        },
        [
            "content/texts/first/text.yaml:2: error: control character U+001B in the text; "
            "remove it",
            "content/texts/first/text.yaml:2: error: unknown key 'kind\\x1b[2J' in text.yaml "
            "(allowed: author, kind, languages, moved, notes, original_url, partial, "
            "publication, published, short_title, title, versions)",
        ],
    ),
    "right-to-left override written as a YAML escape in a title": (
        {"content/texts/first/text.yaml": 'title: {zh: 第一篇, en: "The \\u202eFirst"}\n'},
        ["content/texts/first/text.yaml:1: error: control character U+202E in the text; remove it"],
    ),
    "control character in edition.yaml": (
        {"content/edition.yaml": EDITION_HEAD + 'texts: [first, notes]\neditor: "A\\x07B"\n'},
        ["content/edition.yaml:8: error: control character U+0007 in the text; remove it"],
    ),
    "control character in a glossary definition": (
        {
            "glossary.yaml": "a:\n  zh: 新型举国体制\n  en: new "
            "nationwide system\n  definition: A\x1b "
            "definition.\n"
        },
        ["glossary.yaml:4: error: control character U+001B in the text; remove it"],
    ),
    "control character in a file name is printed escaped": (
        {"content/texts/notes/\x1b[2J.md": "{#n1}\nText.\n"},
        [
            "content/texts/notes/\\x1b[2J.md:1: error: '\\x1b[2J.md': '\\x1b[2J' is not a language "
            "of the edition (zh, en)"
        ],
    ),
    # One rule for images wherever an editor writes Markdown.
    "image in a passage": (
        {"content/texts/notes/en.md": "{#n1}\nSee ![a map](https://example.org/map.png).\n"},
        [
            "content/texts/notes/en.md:2: error: images are not supported yet: link to the image "
            "instead"
        ],
    ),
    "remote image in a footnote": (
        {
            "content/texts/notes/en.md": "{#n1}\nText.[^1]\n\n[^1]: ![a "
            "map](https://example.org/map.png)\n"
        },
        [
            "content/texts/notes/en.md:4: error: images are not supported yet: link to the image "
            "instead"
        ],
    ),
    "remote image in a glossary definition": (
        {
            "glossary.yaml": "a:\n  zh: 新型举国体制\n  en: new nationwide system\n  definition: "
            '"![x](https://example.org/track.png)"\n'
        },
        [
            "glossary.yaml:4: error: entry 'a': images are not supported yet: link to the image "
            "instead"
        ],
    ),
    "remote image inside a link in a glossary definition": (
        {
            "glossary.yaml": "a:\n  zh: 新型举国体制\n  en: new nationwide system\n  definition: "
            '"[![x](https://example.org/t.png)](https://example.org/)"\n'
        },
        [
            "glossary.yaml:4: error: entry 'a': images are not supported yet: link to the image "
            "instead"
        ],
    ),
    "remote image in a glossary reference": (
        {
            "glossary.yaml": "a:\n  zh: 新型举国体制\n  en: new "
            "nationwide system\n  definition: d\n  "
            'references: ["Source ![x](https://example.org/t.png)"]\n'
        },
        [
            "glossary.yaml:5: error: entry 'a': images are not supported yet: link to the image "
            "instead"
        ],
    ),
    "remote image in text.yaml notes": (
        {
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The "
            'First Text}\nnotes: "Intro '
            '![x](https://example.org/t.png)"\n'
        },
        [
            "content/texts/first/text.yaml:2: error: images are not supported yet: link to the "
            "image instead"
        ],
    ),
    "remote image in the edition's description": (
        {
            "content/edition.yaml": EDITION_HEAD + "texts: [first, notes]\ndescription: "
            '{en: "![x](https://example.org/t.png)"}\n'
        },
        ["content/edition.yaml:8: error: images are not supported yet: link to the image instead"],
    ),
    # A text may not take a name the site uses itself.
    **{
        f"text slug '{slug}'": (
            {"content/edition.yaml": EDITION_HEAD + f"texts: [first, notes, {slug}]\n"},
            [
                f"content/edition.yaml:7: error: text slug '{slug}' is a name the site uses itself "
                f"(glossary, pagefind, search, static, texts); rename the text's folder"
            ],
        )
        for slug in ("glossary", "search", "static", "pagefind", "texts")
    },
    # YAML 1.1 reads some plain words as no text: the message says to quote them.
    "language code no": (
        {"content/edition.yaml": with_language("no: {label: Norsk, html: nb}")},
        [
            "content/edition.yaml:6: error: 'no' is read by YAML as false; write it in quotes: "
            '"no"'
        ],
    ),
    "BCP 47 tag no": (
        {"content/edition.yaml": with_language("nb: {label: Norsk, html: no}")},
        [
            "content/edition.yaml:6: error: 'no' is read by YAML as false; write it in quotes: "
            '"no"'
        ],
    ),
    "language label that is a number": (
        {"content/edition.yaml": with_language("nb: {label: 1.5, html: nb}")},
        [
            "content/edition.yaml:6: error: '1.5' is read by YAML as a number; write it in quotes: "
            '"1.5"'
        ],
    ),
    "source_language no": (
        {
            "content/edition.yaml": EDITION_HEAD.replace(
                "source_language: zh", "source_language: no"
            )
            + "texts: [first, notes]\n"
        },
        [
            "content/edition.yaml:6: error: 'no' is read by YAML as false; write it in quotes: "
            '"no"'
        ],
    ),
    "text slug yes": (
        {"content/edition.yaml": EDITION_HEAD + "texts: [first, notes, yes]\n"},
        [
            "content/edition.yaml:7: error: 'yes' is read by YAML as true; write it in quotes: "
            '"yes"'
        ],
    ),
    "editor that is a date": (
        {"content/edition.yaml": EDITION_HEAD + "texts: [first, notes]\neditor: 2020-03-20\n"},
        [
            "content/edition.yaml:8: error: '2020-03-20' is read by YAML as a date; write it in "
            'quotes: "2020-03-20"'
        ],
    ),
    "gloss_marks off": (
        {"content/edition.yaml": EDITION_HEAD + "texts: [first, notes]\ngloss_marks: off\n"},
        [
            "content/edition.yaml:8: error: 'off' is read by YAML as false; write it in quotes: "
            '"off"'
        ],
    ),
    "moved from no": (
        {
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The First Text}\nmoved: "
            "{no: p1}\n"
        },
        [
            "content/texts/first/text.yaml:2: error: 'no' is read by YAML as false; write it in "
            'quotes: "no"'
        ],
    ),
    "moved to off": (
        {
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The First Text}\nmoved: "
            "{p9: off}\n"
        },
        [
            "content/texts/first/text.yaml:2: error: 'off' is read by YAML as false; write it in "
            'quotes: "off"'
        ],
    ),
    "title that is a number": (
        {"content/texts/first/text.yaml": "title: {zh: 第一篇, en: 1984}\n"},
        [
            "content/texts/first/text.yaml:1: error: '1984' is read by YAML as a number; write it "
            'in quotes: "1984"'
        ],
    ),
    "author yes": (
        {"content/texts/first/text.yaml": "title: {zh: 第一篇, en: The First Text}\nauthor: yes\n"},
        [
            "content/texts/first/text.yaml:2: error: 'yes' is read by YAML as true; write it in "
            'quotes: "yes"'
        ],
    ),
    "kind on": (
        {"content/texts/first/text.yaml": "title: {zh: 第一篇, en: The First Text}\nkind: on\n"},
        [
            "content/texts/first/text.yaml:2: error: 'on' is read by YAML as true; write it in "
            'quotes: "on"'
        ],
    ),
    "notes that are a number": (
        {"content/texts/first/text.yaml": "title: {zh: 第一篇, en: The First Text}\nnotes: 0x1F\n"},
        [
            "content/texts/first/text.yaml:2: error: '0x1F' is read by YAML as a number; write it "
            'in quotes: "0x1F"'
        ],
    ),
    "title key null": (
        {"content/texts/first/text.yaml": "title: {zh: 第一篇, en: The First Text, null: x}\n"},
        [
            "content/texts/first/text.yaml:1: error: 'null' is read by YAML as nothing (null); "
            'write it in quotes: "null"',
            "content/texts/first/text.yaml:1: error: 'title' has language 'null', which is not "
            "in edition.yaml languages (zh, en)",
        ],
    ),
    "glossary: rendering no": (
        {"glossary.yaml": "a:\n  zh: 新型举国体制\n  en: no\n  definition: d\n"},
        ["glossary.yaml:3: error: 'no' is read by YAML as false; write it in quotes: \"no\""],
    ),
    "glossary: pinyin that is a number": (
        {"glossary.yaml": "a:\n  zh: 新型举国体制\n  pinyin: 1:30\n  en: xx\n  definition: d\n"},
        [
            "glossary.yaml:3: error: '1:30' is read by YAML as a number; write it in quotes: "
            '"1:30"'
        ],
    ),
    "glossary: variants yes and on": (
        {
            "glossary.yaml": "a:\n  zh: 新型举国体制\n  en: xx\n  "
            "variants:\n    en:\n      - yes\n      - "
            "on\n  definition: d\n"
        },
        [
            "glossary.yaml:6: error: 'yes' is read by YAML as true; write it in quotes: \"yes\"",
            "glossary.yaml:7: error: 'on' is read by YAML as true; write it in quotes: \"on\"",
        ],
    ),
    "glossary: see_also no": (
        {"glossary.yaml": "a:\n  zh: 新型举国体制\n  en: xx\n  definition: d\n  see_also: no\n"},
        ["glossary.yaml:5: error: 'no' is read by YAML as false; write it in quotes: \"no\""],
    ),
    "glossary: entry id off": (
        {"glossary.yaml": "off:\n  zh: 新型举国体制\n  en: xx\n  definition: d\n"},
        ["glossary.yaml:1: error: 'off' is read by YAML as false; write it in quotes: \"off\""],
    ),
    # anchors.lock of the wrong shape: a message, never a traceback.
    "anchors.lock that is a list": (
        {"content/anchors.lock": '["p1", "p2"]\n'},
        [
            "content/anchors.lock:1: error: anchors.lock is damaged: it must map each text to the "
            "list of its published ids, not be a list; restore it from version control"
        ],
    ),
    "anchors.lock with numbers for ids": (
        {"content/anchors.lock": '{\n "first": [1, 2],\n "notes": ["n1", "n2"]\n}\n'},
        [
            "content/anchors.lock:2: error: anchors.lock is damaged: text 'first' lists 1, which "
            "is "
            "not a passage id; restore it from version control"
        ],
    ),
    "anchors.lock mapping a text to a string": (
        {"content/anchors.lock": '{\n "first": ["p1"],\n "notes": "n1"\n}\n'},
        [
            "content/anchors.lock:3: error: anchors.lock is damaged: text 'notes' must have a list "
            "of ids, not a string; restore it from version control"
        ],
    ),
    "anchors.lock mapping a text to an object": (
        {"content/anchors.lock": '{"first": {"p1": true}}\n'},
        [
            "content/anchors.lock:1: error: anchors.lock is damaged: text 'first' must have a list "
            "of ids, not an object; restore it from version control"
        ],
    ),
    "anchors.lock with a list inside the list": (
        {"content/anchors.lock": '{"first": [["p1"]]}\n'},
        [
            "content/anchors.lock:1: error: anchors.lock is damaged: text 'first' lists [\"p1\"], "
            "which is not a passage id; restore it from version control"
        ],
    ),
    "anchors.lock that is null": (
        {"content/anchors.lock": "null\n"},
        [
            "content/anchors.lock:1: error: anchors.lock is damaged: it must map each text to the "
            "list of its published ids, not be null; restore it from version control"
        ],
    ),
    "anchors.lock that is not JSON": (
        {"content/anchors.lock": '{\n "first": ["p1",\n'},
        ["content/anchors.lock:3: error: anchors.lock is damaged: restore it from version control"],
    ),
    "anchors.lock that is not UTF-8": (
        {"content/anchors.lock": b'{"first": ["p\xe9"]}\n'},
        [
            "content/anchors.lock:1: error: the file is not UTF-8 (byte 0xe9 at column 14); save "
            "it "
            "as UTF-8"
        ],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_broken_input_is_reported_and_the_site_kept(built_edition, name):
    edition = built_edition
    before = tree(edition / "site")
    assert "index.html" in before
    files, expected = CASES[name]
    write_files(edition, files)
    result = run("build")
    assert result.lines == expected
    assert result.code == 1
    assert "Traceback" not in result.err
    assert tree(edition / "site") == before


def test_check_reports_the_same_and_writes_nothing(edition):
    write_files(edition, CASES["duplicate passage id"][0])
    result = run("check")
    assert (result.code, result.lines) == (1, CASES["duplicate passage id"][1])
    assert not (edition / "site").exists()
    assert not (edition / "content" / "anchors.lock").exists()


def test_all_problems_are_reported_together(edition):
    write_files(
        edition,
        CASES["bad passage id"][0]
        | CASES["unknown key in text.yaml"][0]
        | CASES["glossary: bad entry id"][0],
    )
    result = run("check")
    assert result.lines == [
        "content/texts/first/text.yaml:2: error: unknown key 'publised' in text.yaml (allowed: "
        "author, kind, languages, moved, notes, original_url, partial, publication, published, "
        "short_title, title, versions)",
        "content/texts/notes/en.md:1: error: passage id 'N1' must match [a-z][a-z0-9-]*",
        "glossary.yaml:1: error: entry id 'Big_Id' must match [a-z][a-z0-9-]*",
    ]


def test_unlisted_text_folder_is_a_warning_and_strict_fails(edition):
    write_files(
        edition,
        {
            "content/texts/extra/text.yaml": "title: {en: Extra}\n",
            "content/texts/extra/en.md": "{#a}\nHi.\n",
        },
    )
    warning = (
        "content/edition.yaml:6: warning: text folder content/texts/extra/ is not listed in "
        "texts, so it is not built"
    )
    lenient = run("build")
    assert (lenient.code, lenient.lines) == (0, [warning])
    strict = run("build", "--strict")
    assert (strict.code, strict.lines) == (1, [warning])


def test_entry_that_never_occurs_is_a_warning(edition):
    write_files(edition, {"glossary.yaml": "a:\n  zh: 孔子\n  en: Confucius\n  definition: d\n"})
    result = run("check")
    assert (result.code, result.lines) == (
        0,
        ["glossary.yaml:1: warning: entry 'a' never occurs in the edition"],
    )


def test_partial_translation_is_allowed_and_marked(edition):
    write_files(
        edition,
        {
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The "
            "First Text}\npartial: true\n",
            "content/texts/first/en.md": "{#s1}\n## 1\n\n{#p1}\nOne.\n",
        },
    )
    result = run("build", "--strict")
    assert (result.code, result.lines) == (0, [])
    page = (edition / "site/texts/first/index.html").read_text()
    assert (
        '<div class="rendering untranslated" lang="en" data-lang="en" data-version="en" '
        "data-untranslated>(This "
        "passage is not translated yet.)</div>" in page
    )


def test_bom_and_crlf_are_accepted(edition):
    write_files(
        edition, {"content/texts/notes/en.md": "\ufeff{#n1}\r\nText.\r\n\r\n{#n2}\r\nMore.\r\n"}
    )
    assert run("build", "--strict").code == 0
    page = (edition / "site/texts/notes/index.html").read_text()
    assert 'id="n2" data-passage' in page


def test_usage_error_exits_2(edition):
    result = run("build", "--no-such-option")
    assert result.code == 2
    assert "unrecognized arguments: --no-such-option" in result.err


def test_missing_site_url_is_a_warning(edition):
    write_files(
        edition,
        {
            "content/edition.yaml": EDITION_HEAD.replace(
                "site_url: https://example.org/small/\n", ""
            )
            + "texts: [first, notes]\n"
        },
    )
    result = run("build", "--strict")
    assert (result.code, result.lines) == (
        1,
        [
            "content/edition.yaml:1: warning: site_url is not set: sitemap.xml is not written and "
            "link previews have no absolute address"
        ],
    )
    assert run("build", "--site-url", "https://example.org/elsewhere/", "--strict").code == 0
    assert (
        "<loc>https://example.org/elsewhere/texts/first/</loc>"
        in (edition / "site/sitemap.xml").read_text()
    )


def test_a_glossary_named_but_missing_is_an_error(edition):
    result = run("check", "--glossary", "glosary.yaml")
    assert (result.code, result.lines) == (
        1,
        ["glosary.yaml:1: error: the glossary file does not exist"],
    )
    (edition / "glossary.yaml").unlink()
    assert run("check", "--strict").code == 0  # an edition may have no glossary at all


def test_one_string_title_serves_every_language(edition):
    write_files(edition, {"content/texts/first/text.yaml": "title: Both Ways\n"})
    assert run("build", "--strict").code == 0
    data = json.loads((edition / "site/edition.json").read_text())
    assert data["texts"][0]["title"] == {"zh": "Both Ways", "en": "Both Ways"}
    page = (edition / "site/texts/first/index.html").read_text()
    assert (
        page.count("Both Ways</h1>") == 1
        and "title-secondary" not in page.split("<main")[1].split("</header>")[0]
    )


def test_the_site_speaks_english_whichever_language_comes_first(edition):
    write_files(
        edition,
        {
            "content/edition.yaml": 'title: {zh: "小读本", en: "A Small Edition"}\nsite_url: '
            'https://example.org/small/\nlanguages:\n  en: {label: "English", html: en}\n'
            '  zh: {label: "中文", html: zh-Hans}\nsource_language: zh\ntexts: [first, '
            "notes]\n"
        },
    )
    assert run("build", "--strict").code == 0
    page = (edition / "site/index.html").read_text()
    assert (
        page.startswith('<!DOCTYPE html>\n<html lang="en">')
        and "<title>A Small Edition</title>" in page
    )
