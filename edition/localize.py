"""Words for the reader: one language's string of a localized value, and dates as a person
writes them. Shared by the pages and the search data."""

from __future__ import annotations

import datetime

from .model import Localized

MONTHS = "January February March April May June July August September October November December".split()


def pick(value: Localized, lang: str, fallback: tuple[str, ...] = ()) -> str:
    """One language's string of a localized value, falling back to a shared string, then any."""
    if lang in value:
        return value[lang]
    for other in fallback:
        if other in value:
            return value[other]
    return next(iter(value.values()), "")


def format_date(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return ""
    text = f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    if isinstance(value, datetime.datetime):
        text += f", {value:%H:%M}"
    return text


def iso_date(value: datetime.date | datetime.datetime | None) -> str:
    return value.isoformat() if value else ""
