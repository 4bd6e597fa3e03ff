"""PDF rendering with WeasyPrint, from a notice's content snapshot.

One stylesheet and one font configuration per process, built at import and
reused for every notice (parsing CSS and loading the fonts again for each
notice costs more than laying out a short notice). WeasyPrint objects are not
documented as thread-safe, so rendering with them is serialized by a lock
(one process renders one notice at a time anyway; Celery workers are processes).
"""

from __future__ import annotations

import threading
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from .contact import CUSTOMER_SERVICE

STYLESHEET_PATH = Path(__file__).with_name("notice.css")

FONT_CONFIG = FontConfiguration()
STYLESHEET = CSS(filename=str(STYLESHEET_PATH), font_config=FONT_CONFIG)
_LOCK = threading.Lock()


def notice_html(content: dict, template: str = "notices/notice.html") -> str:
    with translation.override(content.get("render_language") or "en"):
        return render_to_string(template, {"c": content})


def html_to_pdf(html: str) -> tuple[bytes, int]:
    """PDF bytes and page count, with the shared stylesheet and fonts."""
    with _LOCK:
        document = HTML(string=html).render(stylesheets=[STYLESHEET], font_config=FONT_CONFIG)
        return document.write_pdf(), len(document.pages)


def render_notice_pdf(content: dict, template: str = "notices/notice.html") -> tuple[bytes, int]:
    return html_to_pdf(notice_html(content, template))


def render_cover_sheets(entries: list[dict]) -> tuple[bytes, int]:
    """One page per mail recipient: address for a window envelope and what goes in it."""
    context = {"entries": entries, "return_address": CUSTOMER_SERVICE["address"]}
    return html_to_pdf(render_to_string("notices/mail_cover.html", context))
