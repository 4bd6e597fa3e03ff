"""Benchmark: median ms per notice PDF, a naive WeasyPrint setup per notice vs the app's reused one.

Same notice, same run, interleaved: the naive way builds a new FontConfiguration
and parses the stylesheet for every notice, then renders with WeasyPrint's
defaults; the app (notices.rendering) keeps one of each per process and cuts the
other per-notice costs its docstring lists. Target: app <= 0.6 x naive. Needs no
database.

Medians of CPU time (process_time) and of wall-clock time are both printed: on a
shared machine other processes inflate wall clock, not this process's CPU time.

    .venv/bin/python bench/notices_render.py [--runs 40]
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

# The seeded English and Spanish taglines, as a notice snapshot carries them.
TAGLINES = content.tagline_entries(
    [SimpleNamespace(**row) for row in import_module("notices.migrations.0002_seed_taglines").TAGLINES],
    language="en",
)


def sample_html(language: str = "en") -> str:
    snapshot = content.build_content(
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
    return rendering.notice_html(snapshot)


def naive(html: str) -> bytes:
    font_config = FontConfiguration()
    css = CSS(filename=str(rendering.STYLESHEET_PATH), font_config=font_config)
    return HTML(string=html).render(stylesheets=[css], font_config=font_config).write_pdf()


def app(html: str) -> bytes:
    return rendering.html_to_pdf(html)[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()

    html = sample_html()
    started = time.perf_counter()
    for _ in range(20):
        sample_html()
    template_ms = (time.perf_counter() - started) / 20 * 1000
    for fn in (naive, app, naive, app):  # warm up both paths
        fn(html)
    cpu: dict[str, list[float]] = {"naive": [], "app": []}
    wall: dict[str, list[float]] = {"naive": [], "app": []}
    for _ in range(args.runs):
        for name, fn in (("naive", naive), ("app", app)):
            cpu_start, wall_start = time.process_time(), time.perf_counter()
            fn(html)
            cpu[name].append((time.process_time() - cpu_start) * 1000)
            wall[name].append((time.perf_counter() - wall_start) * 1000)
    pages = rendering.html_to_pdf(html)[1]
    load = os.getloadavg()[0]
    print(f"notice: denial, English, {pages} page(s); {args.runs} runs each, interleaved; load {load:.2f}")
    print(f"snapshot + template (the same for both, not included below): {template_ms:.1f} ms")
    for label, series in (("CPU time", cpu), ("wall clock", wall)):
        naive_ms, app_ms = statistics.median(series["naive"]), statistics.median(series["app"])
        print(
            f"{label:>10}: naive (new FontConfiguration + CSS per notice) median {naive_ms:.1f} ms; "
            f"app (notices.rendering) median {app_ms:.1f} ms; ratio {app_ms / naive_ms:.2f}"
        )
    print(
        "target: app <= 0.60 x naive (CPU time is the figure to compare: other processes inflate wall clock)"
    )


if __name__ == "__main__":
    main()
