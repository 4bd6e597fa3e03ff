"""PDF rendering with WeasyPrint, from a notice's content snapshot.

One stylesheet and one font configuration per process, built at import and
reused for every notice (parsing CSS and loading the fonts again for each
notice costs more than laying out a short notice). WeasyPrint objects are not
documented as thread-safe, so rendering with them is serialized by a lock
(one process renders one notice at a time anyway; Celery workers are processes).

Four more per-notice costs are cut (profiled with bench/notices_render.py);
the PDF's page contents and embedded fonts, once inflated, stay byte-for-byte the same:

* HTML parsing. The notice templates produce well-formed markup (void elements
  closed, no named entities, values escaped by Django), so the C XML parser
  builds the same element tree as WeasyPrint's pure-Python HTML5 parser, some
  thirty times faster. Markup that is not well-formed XML (a translation with a
  bare "&", say) goes to the HTML5 parser as before.
* Styles nobody uses. WeasyPrint's user-agent stylesheet gives every element
  five ``::footnote-*``/``::note-*`` pseudo-element styles, and every page the
  styles of all sixteen margin boxes plus the footnote and note areas, which
  are then sized to generate nothing. Notices have no footnotes or notes and
  use two margin boxes, so they get a cut-down copy of that stylesheet, built
  once (``notice_ua_css``). A document that brings its own CSS (``<style>``,
  ``<link>``, ``style=""``) gets WeasyPrint's full one.
* Cyclic garbage collection. Laying out a notice allocates tens of thousands of
  short-lived objects (computed styles, boxes), which set off several
  collections per notice, some of them full ones over everything the process
  holds (Django, WeasyPrint, the fonts). Collection is paused while one notice
  renders, and the young generation, which then holds that notice's leftover
  cycles, is collected once at the end: the renderer frees its own garbage,
  without scanning the long-lived heap.
* Level-9 deflate. pydyf compresses the page contents and font subsets at
  zlib's slowest level; they are deflated at the default level instead
  (``_deflate_streams``), for a file about 100 bytes larger.
"""

from __future__ import annotations

import gc
import logging
import re
import threading
import zlib
from contextlib import contextmanager
from pathlib import Path
from xml.etree import ElementTree

import cssselect2
import pydyf
import tinycss2
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .contact import CUSTOMER_SERVICE

logger = logging.getLogger(__name__)

STYLESHEET_PATH = Path(__file__).with_name("notice.css")

FONT_CONFIG = FontConfiguration()
STYLESHEET = CSS(filename=str(STYLESHEET_PATH), font_config=FONT_CONFIG)
_LOCK = threading.Lock()
_ZLIB_LEVEL = 6  # zlib's default

# Selectors of the user-agent rules that style footnote and note pseudo-elements only.
_NOTE_PSEUDO_ELEMENT = re.compile(r"::(footnote|note)-[a-z]+")
# What would make an element a footnote or a note.
_NOTE_CSS = re.compile(r"footnote|note\(")


def _block_items(rule):
    return tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)


def _page_margin_rules(css: str) -> set[str]:
    """The page margin boxes and areas (``bottom-left``...) that ``@page`` rules of ``css`` style."""
    names = set()
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule" and rule.lower_at_keyword == "page" and rule.content is not None:
            for item in _block_items(rule):
                if item.type == "at-rule":
                    names.add(item.lower_at_keyword)
    return names


def notice_ua_css(ua: str, author_css: str) -> str | None:
    """WeasyPrint's user-agent stylesheet ``ua`` cut down for documents styled by ``author_css`` alone.

    Without the rules that cannot apply to such a document, so that WeasyPrint
    does not compute styles nobody uses:

    * the ``::footnote-*``/``::note-*`` pseudo-element rules, which WeasyPrint
      otherwise matches against every element, giving each five more styles;
    * in ``@page``, the ``@footnote``/``@note-area`` areas and the margin boxes
      that ``author_css`` does not style (each would get a style on every page,
      and be sized, to generate nothing);
    * the ``@counter-style`` rules, which WeasyPrint already holds in the
      user-agent counter styles that every document copies.

    None (keep the full stylesheet) when ``author_css`` may make footnotes or notes.
    """
    if _NOTE_CSS.search(author_css):
        return None
    styled = _page_margin_rules(author_css)
    parts = []
    for rule in tinycss2.parse_stylesheet(ua, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule" and rule.lower_at_keyword == "counter-style":
            continue
        if rule.type == "qualified-rule":
            selectors = [s.strip() for s in tinycss2.serialize(rule.prelude).split(",")]
            if all(_NOTE_PSEUDO_ELEMENT.fullmatch(s) for s in selectors):
                continue
        if rule.type == "at-rule" and rule.lower_at_keyword == "page" and rule.content is not None:
            kept = []
            for item in _block_items(rule):
                if item.type == "at-rule" and item.lower_at_keyword not in styled:
                    continue
                kept.append(item.serialize() + (";" if item.type == "declaration" else ""))
            parts.append(f"@page{tinycss2.serialize(rule.prelude)}{{{''.join(kept)}}}")
            continue
        parts.append(rule.serialize())
    return "\n".join(parts)


def _notice_ua_stylesheet() -> CSS | None:
    try:
        from weasyprint.html import UA

        css = notice_ua_css(UA, STYLESHEET_PATH.read_text(encoding="utf-8"))
        # A throwaway counter-style registry: the cut-down stylesheet defines no counter style.
        return None if css is None else CSS(string=css, counter_style=CounterStyle())
    except Exception:  # an unexpected WeasyPrint version: render as WeasyPrint does by default
        logger.exception("Notices: keeping WeasyPrint's full user-agent stylesheet")
        return None


NOTICE_UA_STYLESHEET = _notice_ua_stylesheet()


def _has_own_css(root: ElementTree.Element) -> bool:
    return any(el.tag in ("style", "link") or el.get("style") is not None for el in root.iter())


class _NoticeHTML(HTML):
    """A WeasyPrint HTML document rendered with the notices' user-agent stylesheet."""

    def _ua_stylesheets(self, forms=False):
        stylesheets = super()._ua_stylesheets(forms)
        if NOTICE_UA_STYLESHEET is not None and not _has_own_css(self.etree_element):
            stylesheets[0] = NOTICE_UA_STYLESHEET
        return stylesheets


class _ParsedHTML(_NoticeHTML):
    """A document from an element tree that is already built.

    Sets what ``HTML.__init__`` sets after parsing (WeasyPrint 70) for a
    document given as a string: no base URL, the default URL fetcher, print media.
    """

    def __init__(self, root: ElementTree.Element):
        self.base_url = None
        self.url_fetcher = URLFetcher()
        self.media_type = "print"
        self.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
        self.etree_element = self.wrapper_element.etree_element


def parse_html(html: str) -> HTML:
    """The document for WeasyPrint: the XML parser's tree when the markup is well-formed, else HTML5's."""
    try:
        root = ElementTree.fromstring(html)
    except ElementTree.ParseError:
        return _NoticeHTML(string=html)
    if root.tag != "html" or next(root.iter("base"), None) is not None:
        return _NoticeHTML(string=html)
    return _ParsedHTML(root)


@contextmanager
def _collection_paused():
    """Pause the cyclic garbage collector; collect the young generation once at the end."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)


def _deflate_streams(document, pdf: pydyf.PDF) -> None:
    """``write_pdf`` finisher: deflate the PDF's streams at zlib's default level, not pydyf's 9.

    pydyf compresses every stream (page contents, embedded font subsets) with
    zlib level 9, which takes twice as long as the default level for a PDF
    about 100 bytes smaller. Streams are deflated here, just before pydyf
    writes the file, exactly as pydyf would do it but for the level.
    """
    to_bytes = getattr(pydyf, "_to_bytes", None)
    if to_bytes is None:  # another pydyf: leave its compression alone
        return
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.compress:
            data = b"\n".join(to_bytes(item) for item in obj.stream)
            obj.stream = [zlib.compress(data, _ZLIB_LEVEL)]
            obj.extra["Filter"] = "/FlateDecode"
            obj.compress = False


def notice_html(content: dict, template: str = "notices/notice.html") -> str:
    with translation.override(content.get("render_language") or "en"):
        return render_to_string(template, {"c": content})


def _render(html: str) -> tuple[bytes, int]:
    document = parse_html(html).render(stylesheets=[STYLESHEET], font_config=FONT_CONFIG)
    return document.write_pdf(finisher=_deflate_streams), len(document.pages)


def html_to_pdf(html: str) -> tuple[bytes, int]:
    """PDF bytes and page count, with the shared stylesheet and fonts."""
    with _LOCK, _collection_paused():
        # The document is released when _render returns, before the young generation is collected.
        return _render(html)


def render_notice_pdf(content: dict, template: str = "notices/notice.html") -> tuple[bytes, int]:
    return html_to_pdf(notice_html(content, template))


def render_cover_sheets(entries: list[dict]) -> tuple[bytes, int]:
    """One page per mail recipient: address for a window envelope and what goes in it."""
    context = {"entries": entries, "return_address": CUSTOMER_SERVICE["address"]}
    return html_to_pdf(render_to_string("notices/mail_cover.html", context))
