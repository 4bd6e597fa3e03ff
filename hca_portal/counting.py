"""How a stored count is explained to a reader (PRODUCT P5, P6): in the reader's language.

A due date is stored with its count as data (``Deadline.to_data``: the rule code, the
start, the due date, the days skipped); the sentence is written only when someone
reads it, in the active language, with the holidays' names from ``hca_portal.calendar``.
"""

from __future__ import annotations

from datetime import date

from django.utils import translation
from django.utils.functional import lazy

from .calendar import holidays_between
from .dates import explain_data

LANGUAGES = ("en", "es")


def language_of(code: str | None) -> str:
    """The explanation language for a Django language code ("es-mx" -> "es"; unknown -> "en")."""
    short = (code or "en")[:2]
    return short if short in LANGUAGES else "en"


def explain_count(data: dict | None, lang: str | None = None) -> str:
    """The count ``data`` as a sentence in ``lang`` (default: the active language); "" when none."""
    if not data:
        return ""
    lang = language_of(lang or translation.get_language())
    days = [date.fromisoformat(day) for day, kind in data.get("skipped", []) if kind == "holiday"]
    names = {}
    if days:
        with translation.override(lang):
            names = holidays_between(min(days), max(days))
    return explain_data(data, lang, names)


# The same, rendered when it is turned into text (a notice's language, a page's language).
explain_count_lazy = lazy(explain_count, str)
