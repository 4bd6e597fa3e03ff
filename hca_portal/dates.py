"""Legal clocks: counting days for the DACA coverage program's appeals.

Implements the date rules of 8.401.2.12 E NMAC as computed under NMSA 1978,
12-2A-7 (the same rule as Rule 1-006 NMRA):

- the day of the event (notice date, day of receipt) is not counted; the last
  day is;
- a period of N business days counts Monday to Friday, except New Mexico state
  holidays, only;
- a period of N calendar days counts every day, and when its last day is a
  Saturday, Sunday or state holiday it ends on the next business day.

Everything here is pure: no database and no clock. Callers pass the holiday
calendar (a ``Mapping[date, str]``, see ``hca_portal.calendar``) and, where it
matters, today's date (``local_today()`` turns an aware moment into the
America/Denver date).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("America/Denver")

Holidays = Mapping[date, str]


@dataclass(frozen=True)
class Period:
    days: int
    business: bool
    code: str
    label: str


APPEAL_FILING = Period(30, False, "appeal_filing", "30 calendar days from the notice date to file an appeal")
FIRST_LEVEL_DECISION = Period(
    20, False, "first_level_decision", "20 calendar days from receipt for the first-level decision"
)
FIRST_LEVEL_DECISION_EXPEDITED = Period(
    3,
    True,
    "first_level_decision_expedited",
    "3 business days from receipt for an expedited first-level decision",
)
FINAL_APPEAL_FILING = Period(
    30,
    False,
    "final_appeal_filing",
    "30 calendar days from the first-level decision or the vendor delay to file a final appeal",
)
FINAL_DECISION = Period(45, False, "final_decision", "45 calendar days from receipt for the final decision")
FINAL_DECISION_EXPEDITED = Period(
    5, True, "final_decision_expedited", "5 business days from receipt for an expedited final decision"
)
INFORMATION_RESPONSE = Period(
    30, False, "information_response", "30 calendar days to answer a request for information"
)
DISMISSAL_VACATE = Period(
    30, False, "dismissal_vacate", "30 calendar days after a dismissal to show good cause"
)
REMINDER_LEAD = Period(2, True, "reminder_lead", "reminder 2 business days before a due date")
# Not in the rule: the exchange appeal rules (45 CFR 155.520(d)(2)) give an incomplete appeal
# "a reasonable timeframe" to cure. We use 10 calendar days from the incomplete notice.
APPEAL_CURE = Period(10, False, "appeal_cure", "10 calendar days to complete an incomplete appeal")
# Not in the rule (PRODUCT P11: offers of slots have a reply-by date). 15 calendar days from the
# offer notice, like the marketplace's shorter answer windows; moved past weekends and holidays.
OFFER_REPLY = Period(15, False, "offer_reply", "15 calendar days from the offer notice to accept a slot")
# Not in the rule (PRODUCT P11: a reported change is acted on). 30 calendar days from the report: the
# same 30 days the exchange rules give a person to report a change (45 CFR 155.330(b)); moved past
# weekends and holidays.
CHANGE_PROCESSING = Period(
    30, False, "change_processing", "30 calendar days from a reported change to act on it"
)

PERIODS: dict[str, Period] = {
    p.code: p
    for p in (
        APPEAL_FILING,
        FIRST_LEVEL_DECISION,
        FIRST_LEVEL_DECISION_EXPEDITED,
        FINAL_APPEAL_FILING,
        FINAL_DECISION,
        FINAL_DECISION_EXPEDITED,
        INFORMATION_RESPONSE,
        DISMISSAL_VACATE,
        REMINDER_LEAD,
        APPEAL_CURE,
        OFFER_REPLY,
        CHANGE_PROCESSING,
    )
}

# How explain() names the start of each period: (English, Spanish).
_RECEIVED = ("received", "recibida el")
_START_WORDS: dict[str, tuple[str, str]] = {
    "appeal_filing": ("notice dated", "aviso con fecha del"),
    "first_level_decision": _RECEIVED,
    "first_level_decision_expedited": _RECEIVED,
    "final_decision": _RECEIVED,
    "final_decision_expedited": _RECEIVED,
    "final_appeal_filing": ("counted from", "a partir del"),
    "information_response": ("request dated", "solicitud con fecha del"),
    "dismissal_vacate": ("dismissed", "desestimada el"),
    "appeal_cure": ("incomplete notice dated", "aviso de apelación incompleta con fecha del"),
    "offer_reply": ("offer dated", "oferta con fecha del"),
    "change_processing": ("change reported", "cambio notificado el"),
}
_WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "es": ("lun", "mar", "mié", "jue", "vie", "sáb", "dom"),
}
_WEEKEND_ES = {"Saturday": "sábado", "Sunday": "domingo"}
_WORDS = {
    "en": {
        "calendar": "{n} calendar days",
        "business": "{n} business days",
        "lands": "lands on {d}",
        "skipped": "{names} skipped",
        "due": "due {d}",
        "from": "from",
    },
    "es": {
        "calendar": "{n} días naturales",
        "business": "{n} días hábiles",
        "lands": "cae en {d}",
        "skipped": "días omitidos: {names}",
        "due": "vence el {d}",
        "from": "desde",
    },
}


def _fmt(d: date, lang: str) -> str:
    return f"{_WEEKDAYS[lang][d.weekday()]} {d.isoformat()}"


# What a window counted from names the event it counted from, when there is a choice of starts
# (the final-appeal window: the first-level decision, the missed due date, the delay notice).
_BASIS_WORDS: dict[str, tuple[str, str]] = {
    "decision": ("counted from the first-level decision of", "a partir de la decisión de primer nivel del"),
    "missed_due": ("counted from the missed decision due date", "a partir de la fecha límite incumplida del"),
    "delay_notice": ("counted from the delay notice dated", "a partir del aviso de demora con fecha del"),
}
_PRINTED = (
    "the notice printed {d}, which applies",
    "el aviso indicaba {d}, fecha que se aplica",
)
# How a skipped day is stored: weekends by code; a holiday as "holiday" (its name is looked up
# in the reader's language when the count is explained).
WEEKEND_CODES = {"Saturday": "saturday", "Sunday": "sunday"}


@dataclass(frozen=True)
class Deadline:
    start: date
    period: Period
    due: date
    # Days that pushed the due date, with the reason: "Saturday", "Sunday" or the holiday name.
    skipped: tuple[tuple[date, str], ...] = ()

    def explain(self, lang: str = "en", *, basis: str = "", printed: date | None = None) -> str:
        """Short factual account of the count, e.g. for a notice or a tooltip.

        ``basis`` names the event a window with several possible starts counted from;
        ``printed`` is a later date a notice printed, which then applies.
        """
        if lang not in _WORDS:
            raise ValueError(f"unsupported language: {lang!r}")
        words = _WORDS[lang]
        index = 0 if lang == "en" else 1
        start_word = _BASIS_WORDS.get(basis) or _START_WORDS.get(self.period.code, ("from", "desde"))
        start_word = start_word[index]
        parts = [f"{start_word} {_fmt(self.start, lang)}"]
        kind = "business" if self.period.business else "calendar"
        parts.append(words[kind].format(n=self.period.days))
        if self.period.business:
            # Weekends go without saying in a count of business days; name the holidays.
            reasons = [r for _, r in self.skipped if r not in ("Saturday", "Sunday")]
        else:
            parts.append(words["lands"].format(d=_fmt(self.start + timedelta(days=self.period.days), lang)))
            reasons = [r for _, r in self.skipped]
        if reasons:
            if lang == "es":
                reasons = [_WEEKEND_ES.get(r, r) for r in reasons]
            parts.append(words["skipped"].format(names=", ".join(reasons)))
        parts.append(words["due"].format(d=_fmt(self.due, lang)))
        if printed is not None:
            parts.append(_PRINTED[index].format(d=_fmt(printed, lang)))
        return "; ".join(parts)

    def to_data(self, **extra) -> dict:
        """The count as data (rule code and inputs), to store instead of a sentence.

        A skipped holiday keeps only its date: its name is read in the reader's language
        when the count is explained (``from_data``)."""
        skipped = [[d.isoformat(), WEEKEND_CODES.get(reason, "holiday")] for d, reason in self.skipped]
        data = {"code": self.period.code, "start": self.start.isoformat(), "due": self.due.isoformat()}
        return data | {"skipped": skipped} | {k: v for k, v in extra.items() if v}

    @classmethod
    def from_data(cls, data: dict, names: Holidays) -> Deadline:
        """The count stored by ``to_data``; ``names`` gives the holidays' names (date -> name)."""
        period = PERIODS.get(data["code"]) or Period(0, False, data["code"], data["code"])
        back = {v: k for k, v in WEEKEND_CODES.items()}
        skipped = tuple(
            (d, back.get(kind) or names.get(d) or _HOLIDAY_FALLBACK)
            for d, kind in ((date.fromisoformat(day), kind) for day, kind in data.get("skipped", []))
        )
        return cls(
            start=date.fromisoformat(data["start"]),
            period=period,
            due=date.fromisoformat(data["due"]),
            skipped=skipped,
        )


# A skipped holiday no longer in the calendar (removed after the count): named generically.
_HOLIDAY_FALLBACK = "state holiday"


def explain_data(data: dict, lang: str, names: Holidays) -> str:
    """The sentence for a count stored by ``Deadline.to_data``, in ``lang``."""
    printed = data.get("printed")
    text = Deadline.from_data(data, names).explain(
        lang, basis=data.get("basis", ""), printed=date.fromisoformat(printed) if printed else None
    )
    if lang == "es":
        text = text.replace(_HOLIDAY_FALLBACK, "día feriado estatal")
    return text


def _non_business_reason(d: date, holidays: Holidays) -> str | None:
    """Why ``d`` is not a business day, or None when it is one."""
    if d.weekday() == 5:
        return "Saturday"
    if d.weekday() == 6:
        return "Sunday"
    return holidays.get(d)


def is_business_day(d: date, holidays: Holidays) -> bool:
    return _non_business_reason(d, holidays) is None


def next_business_day_on_or_after(d: date, holidays: Holidays) -> date:
    while not is_business_day(d, holidays):
        d += timedelta(days=1)
    return d


def _check(n: int) -> None:
    if n < 0:
        raise ValueError("a period cannot be negative")


def _calendar(start: date, period: Period, holidays: Holidays) -> Deadline:
    _check(period.days)
    day = start + timedelta(days=period.days)
    skipped = []
    while (reason := _non_business_reason(day, holidays)) is not None:
        skipped.append((day, reason))
        day += timedelta(days=1)
    return Deadline(start=start, period=period, due=day, skipped=tuple(skipped))


def _business(start: date, period: Period, holidays: Holidays) -> Deadline:
    _check(period.days)
    day, counted, skipped = start, 0, []
    while counted < period.days:
        day += timedelta(days=1)
        reason = _non_business_reason(day, holidays)
        if reason is None:
            counted += 1
        else:
            skipped.append((day, reason))
    return Deadline(start=start, period=period, due=day, skipped=tuple(skipped))


def add_calendar_days(start: date, n: int, holidays: Holidays) -> Deadline:
    """``n`` calendar days after ``start``, rolled forward to a business day."""
    return _calendar(start, Period(n, False, "calendar_days", f"{n} calendar days"), holidays)


def add_business_days(start: date, n: int, holidays: Holidays) -> Deadline:
    """The ``n``-th business day after ``start`` (``start`` itself is not counted)."""
    return _business(start, Period(n, True, "business_days", f"{n} business days"), holidays)


def deadline(start: date, period: Period, holidays: Holidays) -> Deadline:
    """Due date of ``period`` counted from the event on ``start``."""
    return (_business if period.business else _calendar)(start, period, holidays)


def business_days_before(d: date, n: int, holidays: Holidays) -> date:
    """The ``n``-th business day before ``d`` (``d`` itself is not counted); for reminders."""
    _check(n)
    counted = 0
    while counted < n:
        d -= timedelta(days=1)
        if is_business_day(d, holidays):
            counted += 1
    return d


def local_today(now: datetime | None = None) -> date:
    """The America/Denver date of an aware moment (default: now)."""
    if now is None:
        from django.utils import timezone

        now = timezone.now()
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("local_today() needs an aware datetime")
    return now.astimezone(LOCAL_TZ).date()


def is_late(filed_on: date, due: date) -> bool:
    """Filed after the last day; filing on the due date itself is on time."""
    return filed_on > due
