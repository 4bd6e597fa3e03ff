"""The renderer's shortcuts (XML parser, cut-down user-agent stylesheet, level-6 deflate) change nothing
a reader sees: the same notice through WeasyPrint's default path gives the same pages and text."""

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from notices import content, rendering
from notices.types import get_type


def _notice_html(language: str) -> str:
    snapshot = content.build_content(
        notice_type=get_type("denial"),
        language=language,
        reference="N-TEST0001",
        case_reference="C0FFEE12",
        notice_date=date(2026, 3, 5),
        decision="You are not eligible for the DACA Coverage Program.",
        effective_date=date(2026, 4, 1),
        reasons=["Your household income is above the program's limit for a household of 3."],
        details={"member": "Ana García", "fpl_pct": "412.50"},
        appeal_to="vendor",
        appeal_deadline=date(2026, 4, 6),
        appeal_deadline_rule="notice dated 2026-03-05; 30 calendar days; due Mon 2026-04-06",
        taglines=[],
        recipients=[
            {"name": "Ana García", "role": "applicant", "address": "12 Acequia Madre, Taos NM 87571"}
        ],
        corrects=None,
    )
    return rendering.notice_html(snapshot)


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def _default_pdf(html: str) -> bytes:
    return HTML(string=html).write_pdf(stylesheets=[rendering.STYLESHEET], font_config=rendering.FONT_CONFIG)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_app_renders_what_weasyprint_renders_by_default(language):
    html = _notice_html(language)
    assert isinstance(rendering.parse_html(html), rendering._ParsedHTML), (
        "notice markup must stay well-formed"
    )
    pdf, pages = rendering.html_to_pdf(html)
    assert _text(pdf) == _text(_default_pdf(html))
    assert pages == len(_text(pdf))


def test_markup_that_is_not_well_formed_goes_to_the_html5_parser():
    html = _notice_html("en").replace("C0FFEE12", "C0FFEE12 & <br>", 1)
    assert not isinstance(rendering.parse_html(html), rendering._ParsedHTML)
    pdf, _pages = rendering.html_to_pdf(html)
    assert _text(pdf) == _text(_default_pdf(html))


def test_a_document_that_could_make_footnotes_keeps_the_full_user_agent_stylesheet():
    assert rendering.notice_ua_css("p::footnote-call { color: red }", "span { float: footnote }") is None
    trimmed = rendering.notice_ua_css(
        "::footnote-call { color: red } p { margin: 0 } @page { @bottom-left { content: 'x' } @top-left {} }",
        "@page { @bottom-left { content: 'ref' } }",
    )
    assert "footnote" not in trimmed and "p{margin:0}" in trimmed.replace(" ", "")
    assert "bottom-left" in trimmed and "top-left" not in trimmed
