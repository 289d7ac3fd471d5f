"""Writing systems: which characters are Han, and which scripts are written without spaces.
The search page's script (static/search.js) receives HAN_RANGES from here when the site is
built, so Python and JavaScript cannot disagree."""

from __future__ import annotations

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


def is_cjk(char: str) -> bool:
    """True for Han characters, kana, hangul and CJK punctuation: scripts written without spaces."""
    return ord(char) >= 0x2E80 and not unicodedata.category(char).startswith("Z")
