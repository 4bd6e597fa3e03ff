"""A Spanish-speaking household's notices are entirely in Spanish (issue 9 item 7; PRODUCT P5).

"A Spanish notice" is a notice whose reader's language is Spanish: notices are written in one
language (``render_language``), not bilingual; only the taglines page speaks every language on
purpose, and proper names, addresses and references stay as they are.

The same household goes through every registered notice kind (eligibility and appeals) once in
English and once in Spanish; each notice is read back from its PDF. The Spanish text must hold no
English marker word, and no sentence of the English rendering of the same notice.
"""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from appeals.models import Appeal
from appeals.services import (
    AppealRequest,
    assign_appeal,
    cure_appeal,
    decide_appeal,
    decide_expedite,
    decide_good_cause,
    file_appeal,
    file_final_appeal,
    request_expedite,
    withdraw_appeal,
)
from appeals.tasks import daily_sweep
from eligibility import services as eligibility
from eligibility.models import ChangeKind, Enrollment, PlanYear
from eligibility.selectors import slots_held
from notices import contact
from notices.models import Notice
from notices.types import registered_codes
from tests.conftest import set_cap
from tests.factories import verify_reported
from tests.notices.conftest import pdf_text

pytestmark = pytest.mark.django_db

DENVER = ZoneInfo("America/Denver")

# What people type (staff reasons, the appellant's words) is kept as typed: in the reader's language.
TYPED = {
    "en": {
        "items": "A pay stub from March.",
        "missing": "The page with your signature.",
        "expedite": "I need my medicine.",
        "expedite_no": "No risk to care was shown.",
        "good_cause": "I was in the hospital.",
        "good_cause_yes": "The hospital record shows it.",
        "decision": "Your income is above the limit.",
        "final": "The income was counted correctly.",
    },
    "es": {
        "items": "Un talón de pago de marzo.",
        "missing": "La página con su firma.",
        "expedite": "Necesito mis medicinas.",
        "expedite_no": "No se mostró un riesgo para su atención.",
        "good_cause": "Estuve en el hospital.",
        "good_cause_yes": "El registro del hospital lo muestra.",
        "decision": "Sus ingresos superan el límite.",
        "final": "Los ingresos se contaron correctamente.",
    },
}

# Whole words that only English uses (none is a Spanish word), holiday names included.
ENGLISH_WORDS = set(
    """the of and your you was were is are by on with from to we our this that not has have will
    can for if at be in or as how days day due date appeal appeals decision notice last counted received
    skipped calendar business lands dismissed outcome reopen ask christmas veterans independence memorial
    thanksgiving observed saturday sunday monday tuesday wednesday thursday friday upheld reversed
    modified withdrawn late mon tue wed thu fri sat sun""".split()
)


def at(day: date, hour: int = 9):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, 5, tzinfo=DENVER), tick=False)


def household(
    lang, *, new_application, year2026, caseworker, appeals_officer, bureau_reviewer, applicant_user, capture
):
    """Every notice kind for one household speaking ``lang``; returns its notices by kind."""
    typed = TYPED[lang]

    def step(day, fn, **kwargs):
        with at(day), capture(execute=True):
            return fn(**kwargs)

    def app(magi):
        return new_application(magi=magi, preferred_language=lang, applicant_user=applicant_user)

    # eligibility: a request for information, an approval, a waitlist, a termination, a slot offer that
    # lapses, a reinstatement, a reported change applied and a renewal into the next plan year
    set_cap(year2026, None)
    approved = app("30000.00")
    verify_reported(approved, caseworker)
    step(
        date(2026, 3, 3),
        eligibility.request_information,
        application=approved,
        items=typed["items"],
        acting_user=caseworker,
        today=date(2026, 3, 3),
    )
    rfi = approved.information_requests.get()
    step(
        date(2026, 3, 5),
        eligibility.receive_information,
        request=rfi,
        acting_user=caseworker,
        today=date(2026, 3, 5),
    )
    step(
        date(2026, 3, 10),
        eligibility.decide_application,
        application=approved,
        acting_user=caseworker,
        today=date(2026, 3, 10),
    )
    set_cap(year2026, slots_held(year2026))  # the cap is reached: the next one waits
    waiting = app("30000.00")
    verify_reported(waiting, caseworker)
    step(
        date(2026, 3, 10),
        eligibility.decide_application,
        application=waiting,
        acting_user=caseworker,
        today=date(2026, 3, 10),
    )
    enrollment = Enrollment.objects.get(member__application=approved)
    step(
        date(2026, 3, 12),
        eligibility.terminate_enrollment,
        enrollment=enrollment,
        reason_code="end_other_coverage",
        acting_user=caseworker,
        today=date(2026, 3, 12),
    )
    # the slot offered to the one waiting lapses unanswered; the ended coverage is reinstated
    step(date(2026, 3, 28), eligibility.lapse_offers, today=date(2026, 3, 28))
    step(
        date(2026, 3, 30),
        eligibility.reinstate_enrollment,
        enrollment=enrollment,
        reason_code="reinstate_ended_in_error",
        acting_user=caseworker,
        today=date(2026, 3, 30),
    )
    change = step(
        date(2026, 4, 1),
        eligibility.report_change,
        application=approved,
        kind=ChangeKind.objects.get(code="income"),
        facts={"annual_magi": "27000.00"},
        event_on=date(2026, 3, 31),
        acting_user=caseworker,
        today=date(2026, 4, 1),
    )
    step(
        date(2026, 4, 2),
        eligibility.apply_change,
        change=change,
        acting_user=caseworker,
        today=date(2026, 4, 2),
    )
    run = step(
        date(2026, 11, 16),
        eligibility.start_renewal_run,
        plan_year=PlanYear.objects.get(year=2027),
        acting_user=caseworker,
        today=date(2026, 11, 16),
    )
    for renewal_id in run.renewals.filter(application=approved).values_list("pk", flat=True):
        step(date(2026, 11, 16), eligibility.renew_household, renewal_id=renewal_id, today=date(2026, 11, 16))

    # appeals: a denial appealed incomplete, cured, expedite denied, delayed, decided late, final decision
    denied = app("95000.00")
    verify_reported(denied, caseworker)
    [determination] = step(
        date(2026, 3, 10),
        eligibility.decide_application,
        application=denied,
        acting_user=caseworker,
        today=date(2026, 3, 10),
    )
    denial = denied.notices.get(notice_type="denial")
    appeal = step(
        date(2026, 3, 20),
        file_appeal,
        application=denied,
        determination=determination,
        notice_appealed=denial,
        acting_user=applicant_user,
        today=date(2026, 3, 20),
        request=AppealRequest(issues=["eligibility_status"], missing_items=typed["missing"]),
    )
    step(
        date(2026, 3, 25),
        cure_appeal,
        appeal=appeal,
        received_on=date(2026, 3, 25),
        acting_user=applicant_user,
        today=date(2026, 3, 25),
    )
    step(
        date(2026, 3, 26),
        request_expedite,
        appeal=appeal,
        reason=typed["expedite"],
        acting_user=applicant_user,
        today=date(2026, 3, 26),
    )
    step(
        date(2026, 3, 26),
        decide_expedite,
        appeal=appeal,
        granted=False,
        reasons=typed["expedite_no"],
        acting_user=appeals_officer,
        today=date(2026, 3, 26),
    )
    with at(date(2026, 4, 15), hour=1), capture(execute=True):
        daily_sweep()  # due Tue 04-14: vendor delay
    appeal.refresh_from_db()
    step(
        date(2026, 4, 16),
        decide_appeal,
        appeal=appeal,
        outcome="upheld",
        reasons=typed["decision"],
        acting_user=appeals_officer,
        today=date(2026, 4, 16),
    )
    final = step(
        date(2026, 4, 20),
        file_final_appeal,
        parent=appeal,
        acting_user=applicant_user,
        today=date(2026, 4, 20),
        request=AppealRequest(issues=["eligibility_status"]),
    )
    step(
        date(2026, 4, 21),
        assign_appeal,
        appeal=final,
        assignee=bureau_reviewer,
        acting_user=bureau_reviewer,
        today=date(2026, 4, 21),
    )
    step(
        date(2026, 4, 24),
        decide_appeal,
        appeal=final,
        outcome="upheld",
        reasons=typed["final"],
        acting_user=bureau_reviewer,
        today=date(2026, 4, 24),
    )

    # a late appeal: good cause granted, then withdrawn on 06-03 (30 days -> Independence Day observed)
    late = app("95000.00")
    verify_reported(late, caseworker)
    [late_determination] = step(
        date(2026, 3, 10),
        eligibility.decide_application,
        application=late,
        acting_user=caseworker,
        today=date(2026, 3, 10),
    )
    late_appeal = step(
        date(2026, 4, 15),
        file_appeal,
        application=late,
        determination=late_determination,
        notice_appealed=late.notices.get(notice_type="denial"),
        acting_user=applicant_user,
        today=date(2026, 4, 15),
        request=AppealRequest(issues=["eligibility_status"], good_cause_statement=typed["good_cause"]),
    )
    step(
        date(2026, 4, 20),
        decide_good_cause,
        appeal=late_appeal,
        granted=True,
        reasons=typed["good_cause_yes"],
        acting_user=appeals_officer,
        today=date(2026, 4, 20),
    )
    step(
        date(2026, 6, 3),
        withdraw_appeal,
        appeal=Appeal.objects.get(pk=late_appeal.pk),
        acting_user=applicant_user,
        today=date(2026, 6, 3),
    )

    notices = Notice.objects.filter(application__in=[approved, waiting, denied, late]).order_by("created_at")
    by_kind: dict[str, Notice] = {}
    for notice in notices:
        by_kind.setdefault(notice.notice_type, notice)
    return by_kind


def _allowed(text: str, notice: Notice) -> str:
    """The Spanish text without what stays as it is: the taglines page, names, addresses, references."""
    with translation.override("es"):
        heading = translation.gettext("Free language services and help for people with disabilities")
    text = text.split(heading)[0]
    keep = [
        contact.CUSTOMER_SERVICE["address"],
        *(office["address"] for office in contact.APPEAL_OFFICES.values()),
        *(r["name"] for r in notice.content["recipients"]),
        *(r["address"] for r in notice.content["recipients"]),
    ]
    for value in keep:
        for line in value.splitlines():
            text = text.replace(line.strip(), " ")
    # References (case, notice, appeal) are random hex: "N-728D63BE" is no English "be".
    return re.sub(r"\b(?:[A-Z]-)?[0-9A-F]{8}\b", " ", text)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"[.:;]\s", text) if len(s.split()) >= 4]


@pytest.fixture
def people(new_application, year2026, caseworker, appeals_officer, bureau_reviewer, applicant_user):
    return {
        "new_application": new_application,
        "year2026": year2026,
        "caseworker": caseworker,
        "appeals_officer": appeals_officer,
        "bureau_reviewer": bureau_reviewer,
        "applicant_user": applicant_user,
    }


def test_every_spanish_notice_is_in_spanish(people, django_capture_on_commit_callbacks):
    # given the same household's notices in English, then in Spanish (read back from the PDFs)
    english = household("en", capture=django_capture_on_commit_callbacks, **people)
    english_text = {kind: _allowed(pdf_text(n), n) for kind, n in english.items()}
    spanish = {
        kind: (_allowed(pdf_text(notice), notice), notice)
        for kind, notice in household("es", capture=django_capture_on_commit_callbacks, **people).items()
    }

    # then every registered kind was produced, and none speaks English
    assert set(spanish) == set(registered_codes())
    problems = {}
    for kind, (text, notice) in spanish.items():
        assert notice.render_language == "es"
        words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)} & ENGLISH_WORDS
        sentences = [s for s in _sentences(english_text.get(kind, "")) if s in text]
        if words or sentences:
            problems[kind] = (sorted(words), sentences)
            print(kind, words, sentences, text, sep="\n", end="\n\n")
    assert not problems, problems
