"""Program reports (PRODUCT P9): the figures, the chart geometry and the CSV exports.

The figures come from workspaces.selectors; this module only shapes them for a
table, an inline SVG chart (no chart library) and a CSV file.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from appeals.models import Level
from eligibility import selectors as eligibility_selectors
from eligibility.models import Guidance, PlanYear

from . import rules, selectors

CSV_REPORTS = (
    "applications-by-status",
    "enrollment-against-cap",
    "waitlist-by-priority",
    "appeal-timeliness",
)

CHART_WIDTH, CHART_HEIGHT = 640, 220
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 48, 16, 12, 32


def _bar_pct(value: int, largest: int) -> int:
    return round(value * 100 / largest) if largest else 0


def build(plan_year: PlanYear, *, today: date) -> dict:
    status = selectors.applications_by_status(plan_year)
    largest = max((n for _s, _l, n in status), default=0)
    waitlist = selectors.waitlist_by_priority(plan_year)
    largest_wait = max((g.waiting for g in waitlist), default=0)
    points = selectors.enrollment_against_cap(plan_year, today=today)
    try:
        cap = eligibility_selectors.cap_summary(plan_year, today)
    except Guidance.DoesNotExist:
        cap = None
    timeliness = selectors.appeal_timeliness(today=today, plan_year=plan_year)
    levels = dict(Level.choices)
    return {
        "status_rows": [(value, label, n, _bar_pct(n, largest)) for value, label, n in status],
        "status_total": sum(n for _s, _l, n in status),
        "cap": cap,
        "cap_points": points,
        "cap_chart": cap_chart(points, today=today),
        "cap_chart_text": chart_summary(points),
        "waitlist": [(g, _bar_pct(g.waiting, largest_wait)) for g in waitlist],
        "timeliness": [(levels.get(t.level, t.level), t, int(t.on_time_pct or 0)) for t in timeliness],
    }


def cap_chart(points: list[rules.CapPoint], *, today: date) -> dict | None:
    """Step lines for slots held and the cap, scaled into the SVG's box."""
    if not points:
        return None
    # Start from zero the day before the first change, and run to today (at least one day on).
    first = points[0].day - timedelta(days=1)
    last = max(points[-1].day, today) + timedelta(days=1)
    span = (last - first).days
    top = max([p.held for p in points] + [p.cap for p in points if p.cap is not None] + [1])
    inner_w = CHART_WIDTH - PAD_LEFT - PAD_RIGHT
    inner_h = CHART_HEIGHT - PAD_TOP - PAD_BOTTOM

    def x(day: date) -> float:
        return round(PAD_LEFT + inner_w * (day - first).days / span, 1)

    def y(value: int) -> float:
        return round(PAD_TOP + inner_h * (1 - value / top), 1)

    def step(values: list[tuple[date, int | None]]) -> str:
        path, drawing = [], False
        for day, value in values:
            if value is None:
                drawing = False
                continue
            if not drawing:
                path.append(f"M{x(day)},{y(value)}")
                drawing = True
            else:
                path.append(f"H{x(day)}V{y(value)}")
        if drawing:
            path.append(f"H{x(last)}")
        return "".join(path)

    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "held_path": step([(first, 0)] + [(p.day, p.held) for p in points]),
        "cap_path": step([(first, points[0].cap)] + [(p.day, p.cap) for p in points]),
        "top": top,
        "y_top": y(top),
        "y_zero": y(0),
        "x_first": PAD_LEFT,
        "x_last": CHART_WIDTH - PAD_RIGHT,
        "first": points[0].day,
        "last": max(points[-1].day, today),
        "label_y": CHART_HEIGHT - 8,
    }


def write_csv(report: str, plan_year: PlanYear, out, *, today: date) -> None:
    writer = csv.writer(out)
    if report == "applications-by-status":
        writer.writerow(["plan_year", "state", "label", "applications"])
        for value, label, n in selectors.applications_by_status(plan_year):
            writer.writerow([plan_year.year, value, label, n])
    elif report == "enrollment-against-cap":
        writer.writerow(["plan_year", "date", "slots_held", "cap"])
        for point in selectors.enrollment_against_cap(plan_year, today=today):
            writer.writerow(
                [plan_year.year, point.day.isoformat(), point.held, "" if point.cap is None else point.cap]
            )
    elif report == "waitlist-by-priority":
        writer.writerow(["plan_year", "priority_group", "waiting", "oldest_completed_at"])
        for group in selectors.waitlist_by_priority(plan_year):
            writer.writerow(
                [
                    plan_year.year,
                    group.priority_group,
                    group.waiting,
                    group.oldest.isoformat() if group.oldest else "",
                ]
            )
    elif report == "appeal-timeliness":
        writer.writerow(
            [
                "plan_year",
                "level",
                "decided",
                "decided_on_time",
                "share_on_time_pct",
                "median_days",
                "open_past_due",
            ]
        )
        for row in selectors.appeal_timeliness(today=today, plan_year=plan_year):
            writer.writerow(
                [
                    plan_year.year,
                    row.level,
                    row.decided,
                    row.on_time,
                    "" if row.on_time_pct is None else row.on_time_pct,
                    "" if row.median_days is None else row.median_days,
                    row.open_overdue,
                ]
            )


def chart_summary(points: list[rules.CapPoint]) -> str:
    """A sentence describing the chart, for its <desc>."""
    if not points:
        return _("No enrollments yet.")
    last = points[-1]
    return _("On %(day)s, %(held)d slots were held against a cap of %(cap)s.") % {
        "day": date_format(last.day, "SHORT_DATE_FORMAT"),
        "held": last.held,
        "cap": _("none") if last.cap is None else last.cap,
    }
