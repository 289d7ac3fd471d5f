"""Writing systems: which characters are Han, and which scripts are written without spaces.
The search page's script (static/search.js) receives HAN_RANGES and TONE_MARKS from here when
the site is built (`script_constants`), so Python and JavaScript cannot disagree."""

from __future__ import annotations

import functools
import re
import unicodedata

HAN_RANGES = (
    ("\u3400", "\u4dbf"),  # CJK Unified Ideographs Extension A
    ("\u4e00", "\u9fff"),  # CJK Unified Ideographs
    ("\uf900", "\ufaff"),  # CJK Compatibility Ideographs
    ("\U00020000", "\U0002ffff"),  # Extensions B to F, compatibility supplement
)
HAN = re.compile("[" + "".join(f"{low}-{high}" for low, high in HAN_RANGES) + "]+")
"""A run of Han characters."""

TONE_MARKS = ("\u0300", "\u036f")
"""The combining marks pinyin's tones decompose into (NFD): ā = a + U+0304."""
TONE_MARK = re.compile(f"[{TONE_MARKS[0]}-{TONE_MARKS[1]}]")


def pinyin_key(pinyin: str) -> str:
    """Pinyin without tones, spaces or case: shuāng xúnhuán, shuang1 xun2huan2 → shuangxunhuan.
    The search page folds a query the same way."""
    plain = TONE_MARK.sub("", unicodedata.normalize("NFD", pinyin))
    return re.sub(r"[^a-z]", "", plain.lower().replace("v", "u"))


def _javascript_class(ranges: tuple[tuple[str, str], ...]) -> str:
    """Ranges of characters as the inside of a JavaScript character class (with the u flag)."""

    def escape(char: str) -> str:
        return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\u{{{ord(char):x}}}"

    return "".join(f"{escape(low)}-{escape(high)}" for low, high in ranges)


def script_constants() -> dict[str, str]:
    """What the scripts of static/ hold as placeholders, and what the build writes there."""
    return {
        "[HAN_RANGES]": f"[{_javascript_class(HAN_RANGES)}]",
        "[TONE_MARKS]": f"[{_javascript_class((TONE_MARKS,))}]",
    }


def is_cjk(char: str) -> bool:
    """True for Han characters, kana, hangul and CJK punctuation: scripts written without spaces."""
    return ord(char) >= 0x2E80 and not unicodedata.category(char).startswith("Z")


@functools.lru_cache(maxsize=1)
def _simplified_table() -> dict[int, str]:
    """Each traditional character of the Basic Multilingual Plane and its simplified form, as
    OpenCC's t2s converts it alone (search.script_map folds the same way)."""
    import opencc  # its dictionaries take a moment to load: only when a glossary needs them

    characters = [
        chr(code)
        for low, high in HAN_RANGES
        if high <= "\uffff"
        for code in range(ord(low), ord(high) + 1)
    ]
    # One character a line: OpenCC's phrase dictionaries never join two of them.
    converted = opencc.OpenCC("t2s").convert("\n".join(characters)).split("\n")
    return {
        ord(before): after
        for before, after in zip(characters, converted, strict=True)
        if len(after) == 1 and after != before  # one for one only: folding never moves a position
    }


def fold_han(text: str) -> str:
    """Text with each traditional Han character in its simplified form, of the same length:
    将 and 將 fold alike, so a glossary form written in either script finds both."""
    return text.translate(_simplified_table()) if HAN.search(text) else text
