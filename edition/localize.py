"""Words for the reader: one language's string of a localized value, dates as a person writes
them, and the site's own words (menus, labels, messages) in the interface language.

The site's own words are written in English in the templates, in render.py and in the scripts,
marked for translation (`_("…")`); edition/locales/<locale>/LC_MESSAGES/messages.po holds each
other interface language's translations (see docs/architecture.md)."""

from __future__ import annotations

import datetime
import functools
import gettext
import io
import json
from pathlib import Path

from .model import Localized

MONTHS = (
    "January February March April May June July August September October November December".split()
)

INTERFACES = ("en", "zh-Hans", "zh-Hant")
"""The languages the site's own words are written in: English (the source strings) and the
catalogues of edition/locales."""
LOCALES = Path(__file__).resolve().parent / "locales"
SCRIPTS = "static/"
"""Where a message's location says the scripts use it: the page then carries its translation."""


def pick(value: Localized, lang: str, fallback: tuple[str, ...] = ()) -> str:
    """One language's string of a localized value, falling back to a shared string, then any."""
    if lang in value:
        return value[lang]
    for other in fallback:
        if other in value:
            return value[other]
    return next(iter(value.values()), "")


def format_date(
    value: datetime.date | datetime.datetime | None, interface: str = "en", time: bool = True
) -> str:
    """20 March 2020 (2020年3月20日 in Chinese), with a datetime's time unless `time` is off."""
    if value is None:
        return ""
    if interface.startswith("zh"):
        text = f"{value.year}年{value.month}月{value.day}日"
        clock = " "
    else:
        text = f"{value.day} {MONTHS[value.month - 1]} {value.year}"
        clock = ", "
    if time and isinstance(value, datetime.datetime):
        text += f"{clock}{value:%H:%M}"
    return text


def iso_date(value: datetime.date | datetime.datetime | None) -> str:
    return value.isoformat() if value else ""


def locale_folder(interface: str) -> Path:
    """The catalogue's folder: zh-Hans → edition/locales/zh_Hans (Babel's locale names)."""
    return LOCALES / interface.replace("-", "_")


@functools.cache
def _catalog(interface: str):
    from babel.messages.pofile import read_po

    path = locale_folder(interface) / "LC_MESSAGES" / "messages.po"
    with open(path, "rb") as file:
        return read_po(file, locale=interface.replace("-", "_"))


@functools.cache
def translations(interface: str) -> gettext.NullTranslations:
    """The interface language's translations (gettext and ngettext), read from its .po file;
    English, the source strings, needs none. A message not translated yet reads in English."""
    if interface == "en":
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.support import Translations

    compiled = io.BytesIO()
    write_mo(compiled, _catalog(interface))
    compiled.seek(0)
    return Translations(compiled, domain="messages")


@functools.cache
def script_words(interface: str) -> str:
    """The translations of the scripts' messages, as JSON for a page's data block ("" for
    English: the scripts' own strings are the English words)."""
    if interface == "en":
        return ""
    words = {
        message.id: message.string
        for message in _catalog(interface)
        if message.id
        and message.string
        and not message.fuzzy
        and isinstance(message.id, str)
        and any(path.startswith(SCRIPTS) for path, _line in message.locations)
    }
    text = json.dumps(words, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
