"""Issue 9 item 6: taglines in the languages most spoken in New Mexico, in fonts that draw them, Arabic right
to left, and one tagline page rendered per set of taglines and merged into each notice's PDF."""

import hashlib
import io
from datetime import date

import pytest
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from notices import content, rendering
from notices.models import Notice, Tagline
from notices.types import get_type

from .conftest import pdf_text

NEW_MEXICO = ["es", "nv", "vi", "zh", "ar"]


@pytest.mark.django_db
def test_the_languages_most_spoken_in_new_mexico_are_seeded_spanish_and_navajo_first():
    active = list(Tagline.objects.filter(is_active=True).values_list("language_code", flat=True))

    assert active[:2] == ["en", "es"] or active[:3] == ["en", "es", "nv"]
    assert active[1:6] == NEW_MEXICO  # then Tagalog, Korean, German
    assert set(active) >= {"tl", "ko", "de"}
    for tagline in Tagline.objects.all():
        assert "{phone}" in tagline.text and "{tty}" in tagline.text, tagline.language_code
    navajo = Tagline.objects.get(language_code="nv")
    assert navajo.language_name == "Diné Bizaad"
    assert "ł" in navajo.text and "ǫ́" in navajo.text and "’" in navajo.text and "'" not in navajo.text


def _snapshot(taglines, language="en", reference="N-TEST0001"):
    return content.build_content(
        notice_type=get_type("denial"),
        language=language,
        reference=reference,
        case_reference="C0FFEE12",
        notice_date=date(2026, 3, 5),
        decision="You are not eligible for the DACA Coverage Program.",
        effective_date=date(2026, 4, 1),
        reasons=["Your household income is above the program's limit for a household of 3."],
        details={"member": "Ana García"},
        appeal_to="vendor",
        appeal_deadline=date(2026, 4, 6),
        appeal_deadline_rule="",
        taglines=taglines,
        recipients=[
            {"name": "Ana García", "role": "applicant", "address": "12 Acequia Madre, Taos NM 87571"}
        ],
        corrects=None,
    )


@pytest.fixture
def seeded(db):
    return content.tagline_entries(Tagline.objects.filter(is_active=True), language="en")


def _fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            for descendant in font.get("/DescendantFonts", []):
                names.add(str(descendant.get_object()["/BaseFont"]))
    return names


def test_the_merged_notice_reads_as_the_one_html_notice(seeded):
    snapshot = _snapshot(seeded)

    merged, pages = rendering.render_notice_pdf(snapshot)
    naive, naive_pages = rendering.html_to_pdf(rendering.notice_html(snapshot))

    reader = PdfReader(io.BytesIO(merged))
    assert pages == len(reader.pages) >= 2
    text = [" ".join(page.extract_text().split()) for page in reader.pages]
    # The tagline page is the last one, with every tagline and the notice's own footer.
    last = text[-1]
    for tagline in seeded:
        assert " ".join(tagline["text"].split())[:20] in last, tagline["code"]
    assert f"N-TEST0001 {pages} / {pages}" in last
    assert all(f"N-TEST0001 {i} / {pages}" in page for i, page in enumerate(text, start=1))
    # Everything the one-HTML notice says before its taglines, the merged one says too.
    naive_text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(naive)).pages).split())
    body = naive_text[: naive_text.index("Free language services")]
    for sentence in body.split(". ")[:-1]:
        if "N-TEST0001" not in sentence:
            assert sentence in " ".join(text), sentence


def test_the_fonts_for_every_script_are_embedded(seeded):
    pdf, _pages = rendering.render_notice_pdf(_snapshot(seeded))

    fonts = " ".join(_fonts(pdf))
    assert "Noto-Sans-CJK-TC" in fonts  # Chinese (traditional)
    assert "Noto-Sans-CJK-KR" in fonts  # Korean
    assert "Noto-Naskh-Arabic" in fonts  # Arabic
    assert "DejaVu-Sans" in fonts  # Latin, Vietnamese, Navajo


def test_the_tagline_page_is_rendered_once_per_set_of_taglines(seeded, monkeypatch):
    rendering._TAGLINE_CACHE.clear()
    rendered = []
    real = rendering.html_to_pdf

    def counting(html):
        rendered.append("Free language services" in html and "tagline-pages" in html)
        return real(html)

    monkeypatch.setattr(rendering, "html_to_pdf", counting)

    first, _ = rendering.render_notice_pdf(_snapshot(seeded, reference="N-AAAA0001"))
    second, _ = rendering.render_notice_pdf(_snapshot(seeded, reference="N-BBBB0002"))
    changed = [{**t, "text": t["text"] + " Changed."} if t["code"] == "vi" else t for t in seeded]
    rendering.render_notice_pdf(_snapshot(changed, reference="N-CCCC0003"))

    assert rendered.count(True) == 2  # once for the seeded set, once for the changed one
    assert "N-AAAA0001" in PdfReader(io.BytesIO(first)).pages[-1].extract_text()
    assert "N-BBBB0002" in PdfReader(io.BytesIO(second)).pages[-1].extract_text()


def _boxes(box):
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)


def test_arabic_is_laid_out_right_to_left_in_an_arabic_font(seeded):
    html = rendering.taglines_html(_snapshot(seeded))
    document = HTML(string=html).render(stylesheets=[rendering.STYLESHEET], font_config=rendering.FONT_CONFIG)
    paragraphs = {
        box.element.get("lang"): box
        for page in document.pages
        for box in _boxes(page._page_box)
        if isinstance(box, boxes.BlockBox) and box.element_tag == "p" and box.element.get("lang")
    }

    arabic = paragraphs["ar"]
    assert arabic.style["direction"] == "rtl" and arabic.element.get("dir") == "rtl"
    right_edge = arabic.content_box_x() + arabic.width
    first_line = arabic.children[0]
    name = next(b for b in _boxes(first_line) if b.element_tag == "span")
    rest = [b for b in first_line.children if b is not name and b.width > 1]
    # The language's name, first in reading order, is at the right; the line ends flush right.
    assert name.position_x + name.margin_width() == pytest.approx(right_edge, abs=1)
    assert all(b.position_x < name.position_x for b in rest)
    # And a left-to-right tagline keeps its name at the left.
    english = paragraphs["en"]
    english_name = next(b for b in _boxes(english.children[0]) if b.element_tag == "span")
    assert english_name.position_x == pytest.approx(english.content_box_x(), abs=1)
    assert paragraphs["zh"].style["font_family"][0].startswith("Noto Sans CJK")
    assert paragraphs["ar"].style["font_family"][0] == "Noto Naskh Arabic"


@pytest.mark.django_db
def test_an_issued_notice_stores_the_hash_of_its_merged_pdf(issue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notice = issue()
    notice = Notice.objects.get(pk=notice.pk)

    with notice.pdf.open("rb") as f:
        stored = f.read()
    assert notice.sha256 == hashlib.sha256(stored).hexdigest()
    assert notice.page_count == len(PdfReader(io.BytesIO(stored)).pages)
    text = pdf_text(notice)
    assert "注意：如果您使用繁體中文" in text
    assert "Díí baa akó nínízin" in text
    assert "CHÚ Ý: Nếu bạn nói Tiếng Việt" in text
