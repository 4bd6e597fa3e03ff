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

The tagline page(s) (PRODUCT P5: the languages most spoken in New Mexico, in
Chinese, Arabic... scripts whose fonts are large to lay out and subset) are the
same on every notice with the same taglines. They are rendered once per process
and set of taglines (``tagline_pages``, cached on the page's HTML, which holds
the taglines' text and the heading's language) and laid over empty pages that
the notice keeps for them at its end, so those pages still carry the notice's
reference and "page / pages" footer (``render_notice_pdf``, with pypdf). The
notice's stored bytes and SHA-256 are those of the merged PDF.
"""

from __future__ import annotations

import gc
import hashlib
import io
import logging
import re
import threading
import zlib
from collections import OrderedDict
from contextlib import contextmanager
from pathlib import Path
from xml.etree import ElementTree

import cssselect2
import pydyf
import tinycss2
from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject
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


# Languages written right to left, by the primary subtag of a tagline's language code.
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ps", "ur", "yi"})


def _taglines(content: dict) -> list[dict]:
    """The snapshot's taglines with the writing direction each is laid out in."""
    return [
        {**t, "dir": "rtl" if str(t.get("code", "")).split("-")[0].lower() in RTL_LANGUAGES else "ltr"}
        for t in content.get("taglines") or []
    ]


def notice_html(
    content: dict, template: str = "notices/notice.html", tagline_slots: int | None = None
) -> str:
    """The notice's HTML: with its taglines in the flow (``tagline_slots`` None), or with that many empty
    pages at its end for the tagline pages laid over them (``render_notice_pdf``)."""
    context = {
        "c": content,
        "taglines": _taglines(content),
        "tagline_slots": None if tagline_slots is None else range(tagline_slots),
    }
    with translation.override(content.get("render_language") or "en"):
        return render_to_string(template, context)


def taglines_html(content: dict) -> str:
    """The tagline page(s) of a notice: the heading in the notice's language, then each tagline."""
    language = content.get("render_language") or "en"
    with translation.override(language):
        return render_to_string(
            "notices/taglines.html", {"language": language, "taglines": _taglines(content)}
        )


def _render(html: str) -> tuple[bytes, int]:
    document = parse_html(html).render(stylesheets=[STYLESHEET], font_config=FONT_CONFIG)
    return document.write_pdf(finisher=_deflate_streams), len(document.pages)


def html_to_pdf(html: str) -> tuple[bytes, int]:
    """PDF bytes and page count, with the shared stylesheet and fonts."""
    with _LOCK, _collection_paused():
        # The document is released when _render returns, before the young generation is collected.
        return _render(html)


class TaglinePages:
    """A rendered tagline page set: its PDF, page count and the parsed PDF that notices are merged with."""

    def __init__(self, pdf: bytes, page_count: int):
        self.pdf, self.page_count = pdf, page_count
        self.reader = PdfReader(io.BytesIO(pdf))
        self.lock = threading.Lock()  # pypdf readers resolve objects lazily: one merge at a time


_TAGLINE_CACHE: OrderedDict[str, TaglinePages] = OrderedDict()
_TAGLINE_CACHE_SIZE = 32  # sets of taglines x notice languages x reader-first orders in use at once
_TAGLINE_CACHE_LOCK = threading.Lock()


def tagline_pages(content: dict) -> TaglinePages:
    """A notice's tagline page(s), rendered once per process and set of taglines.

    Keyed on the page's HTML (the taglines' text and order, and the heading's language): an
    administrator's change to a tagline makes a new key, so no notice gets stale taglines.
    """
    html = taglines_html(content)
    key = hashlib.sha256(html.encode("utf-8")).hexdigest()
    with _TAGLINE_CACHE_LOCK:
        if key in _TAGLINE_CACHE:
            _TAGLINE_CACHE.move_to_end(key)
            return _TAGLINE_CACHE[key]
    pages = TaglinePages(*html_to_pdf(html))
    with _TAGLINE_CACHE_LOCK:
        _TAGLINE_CACHE[key] = pages
        while len(_TAGLINE_CACHE) > _TAGLINE_CACHE_SIZE:
            _TAGLINE_CACHE.popitem(last=False)
    return pages


# Resource categories a page's content refers to by name.
_RESOURCE_KINDS = ("/ExtGState", "/ColorSpace", "/Pattern", "/Shading", "/XObject", "/Font", "/Properties")
# Prefix for the names of the notice's own resources on a page it shares with a tagline page. WeasyPrint's
# names start with a letter and never with "notice-", so they cannot collide.
_PREFIX = "notice-"


def _stream(writer: PdfWriter, data: bytes):
    stream = StreamObject()
    stream.set_data(data)
    return writer._add_object(stream.flate_encode())


def lay_over_last_pages(body: bytes, overlay: PdfReader) -> bytes:
    """``body`` with each page of ``overlay`` drawn under what one of its last pages shows (pypdf).

    Done without parsing the overlay's content (a tagline page's Chinese and Arabic text is
    long to parse, as ``PageObject.merge_page`` would): the page draws the overlay's content
    streams as they are, then its own (the footer), whose few resource names are renamed so
    that they cannot collide with the overlay's.
    """
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(body)))
    over = overlay.pages
    first = len(writer.pages) - len(over)
    for i, source in enumerate(over):
        target = writer.pages[first + i]
        own = target["/Resources"].get_object()
        theirs = source["/Resources"].get_object().clone(writer)
        resources = DictionaryObject()
        renamed: dict[str, NameObject] = {}
        for kind in _RESOURCE_KINDS:
            merged = DictionaryObject()
            if kind in theirs:
                merged.update(theirs[kind].get_object())
            if kind in own:
                for name, value in own[kind].get_object().items():
                    renamed[name] = NameObject("/" + _PREFIX + name[1:])
                    merged[renamed[name]] = value
            if merged:
                resources[NameObject(kind)] = merged
        footer = b""
        if (own_contents := target.get_contents()) is not None:
            own_contents.operations = [
                ([renamed.get(o, o) if isinstance(o, NameObject) else o for o in operands], op)
                for operands, op in own_contents.operations
            ]
            footer = own_contents.get_data()
        contents = source.raw_get("/Contents").clone(writer)
        if isinstance(contents.get_object(), ArrayObject):
            contents = list(contents.get_object())
        else:
            contents = [contents]
        target[NameObject("/Contents")] = ArrayObject(
            [_stream(writer, b"q\n"), *contents, _stream(writer, b"\nQ\n" + footer)]
        )
        target[NameObject("/Resources")] = resources
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def render_notice_pdf(content: dict, template: str = "notices/notice.html") -> tuple[bytes, int]:
    """The notice's final PDF bytes and page count: the notice, then its (cached) tagline pages."""
    if not content.get("taglines"):
        return html_to_pdf(notice_html(content, template))
    taglines = tagline_pages(content)
    body, pages = html_to_pdf(notice_html(content, template, tagline_slots=taglines.page_count))
    with taglines.lock:
        return lay_over_last_pages(body, taglines.reader), pages


def render_cover_sheets(entries: list[dict]) -> tuple[bytes, int]:
    """One page per mail recipient: address for a window envelope and what goes in it."""
    context = {"entries": entries, "return_address": CUSTOMER_SERVICE["address"]}
    return html_to_pdf(render_to_string("notices/mail_cover.html", context))
