"""Benchmark: median ms per notice PDF, naive WeasyPrint (everything in one HTML) vs the app's renderer.

Same notice, same run, interleaved, with every seeded tagline (English, Spanish,
Navajo, Vietnamese, Chinese, Arabic, Tagalog, Korean, German). The naive way
builds a new FontConfiguration and parses the stylesheet for every notice, then
renders the whole notice, taglines included, in one HTML with WeasyPrint's
defaults. The app (``notices.rendering.render_notice_pdf``) keeps one of each per
process, cuts the other per-notice costs its docstring lists, and renders the
tagline page once per set of taglines, merging it into each notice with pypdf.
Target: app <= 0.5 x naive. Needs no database.

Medians of CPU time (process_time) and of wall-clock time are both printed: on a
shared machine other processes inflate wall clock, not this process's CPU time.

    .venv/bin/python bench/notices_render.py [--runs 40] [--taglines en-es]
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from importlib import import_module
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hca_portal.settings")

import django  # noqa: E402

django.setup()

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from notices import content, rendering  # noqa: E402
from notices.types import get_type  # noqa: E402

SEEDS = ("notices.migrations.0002_seed_taglines", "notices.migrations.0003_taglines_new_mexico")


def seeded_taglines(codes=None) -> list[dict]:
    """The seeded taglines (all, or those of ``codes``), as an English notice's snapshot carries them."""
    rows = [row for seed in SEEDS for row in import_module(seed).TAGLINES]
    rows = sorted(rows, key=lambda row: row["position"])
    if codes:
        rows = [row for row in rows if row["language_code"] in codes]
    return content.tagline_entries([SimpleNamespace(**row) for row in rows], language="en")


TAGLINES = seeded_taglines()


def sample_snapshot(language: str = "en") -> dict:
    return content.build_content(
        notice_type=get_type("denial"),
        language=language,
        reference="N-BENCH001",
        case_reference="C0FFEE12",
        notice_date=date(2026, 3, 5),
        decision="You are not eligible for the DACA Coverage Program.",
        effective_date=date(2026, 4, 1),
        reasons=[
            "Your household income is above the program's limit for a household of 3.",
            "We could not confirm that you live in New Mexico.",
        ],
        details={"member": "Ana Garcia", "fpl_pct": "412.50"},
        appeal_to="vendor",
        appeal_deadline=date(2026, 4, 6),
        appeal_deadline_rule="notice dated Thu 2026-03-05; 30 calendar days; lands on Sat 2026-04-04; "
        "Saturday, Sunday skipped; due Mon 2026-04-06",
        taglines=TAGLINES,
        recipients=[
            {"name": "Ana Garcia", "role": "applicant", "channel": "mail", "address": "100 Main St\nSanta Fe"}
        ],
        corrects=None,
    )


def sample_html(language: str = "en") -> str:
    """The whole notice in one HTML, its taglines in the flow: what the naive way renders."""
    return rendering.notice_html(sample_snapshot(language))


def naive(html: str) -> bytes:
    font_config = FontConfiguration()
    css = CSS(filename=str(rendering.STYLESHEET_PATH), font_config=font_config)
    return HTML(string=html).render(stylesheets=[css], font_config=font_config).write_pdf()


def app(snapshot: dict) -> bytes:
    return rendering.render_notice_pdf(snapshot)[0]


def main() -> None:
    global TAGLINES
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument(
        "--taglines", default="", help="comma-separated language codes (default: every seeded tagline)"
    )
    args = parser.parse_args()
    if args.taglines:
        TAGLINES = seeded_taglines(args.taglines.split(","))

    snapshot = sample_snapshot()
    html = sample_html()
    started = time.perf_counter()
    for _ in range(20):
        sample_html()
    template_ms = (time.perf_counter() - started) / 20 * 1000
    cpu_start = time.process_time()
    rendering.tagline_pages(snapshot)  # what the first notice with these taglines pays, once per process
    first_ms = (time.process_time() - cpu_start) * 1000
    inputs = {"naive": html, "app": snapshot}
    for name, fn in (("naive", naive), ("app", app), ("naive", naive), ("app", app)):  # warm up both paths
        fn(inputs[name])
    cpu: dict[str, list[float]] = {"naive": [], "app": []}
    wall: dict[str, list[float]] = {"naive": [], "app": []}
    for _ in range(args.runs):
        for name, fn in (("naive", naive), ("app", app)):
            cpu_start, wall_start = time.process_time(), time.perf_counter()
            fn(inputs[name])
            cpu[name].append((time.process_time() - cpu_start) * 1000)
            wall[name].append((time.perf_counter() - wall_start) * 1000)
    pages = rendering.render_notice_pdf(snapshot)[1]
    load = os.getloadavg()[0]
    languages = ", ".join(t["code"] for t in TAGLINES)
    print(
        f"notice: denial, English, {pages} page(s), taglines {languages}; "
        f"{args.runs} runs each, interleaved; load {load:.2f}"
    )
    print(f"snapshot + template (naive only, not included below): {template_ms:.1f} ms")
    print(f"tagline page, rendered once per process and set of taglines: {first_ms:.1f} ms of CPU")
    for label, series in (("CPU time", cpu), ("wall clock", wall)):
        naive_ms, app_ms = statistics.median(series["naive"]), statistics.median(series["app"])
        print(
            f"{label:>10}: naive (one HTML, new FontConfiguration + CSS each) median {naive_ms:.1f} ms; "
            f"app (render_notice_pdf: notice + cached tagline page) median {app_ms:.1f} ms; "
            f"ratio {app_ms / naive_ms:.2f}"
        )
    print(
        "target: app <= 0.50 x naive (CPU time is the figure to compare: other processes inflate wall clock)"
    )


if __name__ == "__main__":
    main()
