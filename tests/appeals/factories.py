"""Factories for appeal tests. Dates are fixed, never random.

Rows made here skip the services: use them for tables of transitions and for
selectors. Flows (filing, deciding, the sweep) go through the services, starting
from a case denied by ``eligibility.services`` (see ``conftest.denied_case``).
"""

from datetime import date
from decimal import Decimal

import factory

from appeals.models import Appeal, AppealChannel, AppellantKind, Issue, Level
from eligibility.models import Determination
from tests.factories import MemberFactory, UserFactory, plan_year

NOTICE_DATE = date(2026, 3, 10)  # Tue
FILING_DEADLINE = date(2026, 4, 9)  # Thu: 30 calendar days later
RECEIVED_ON = date(2026, 3, 20)  # Fri
DECISION_DUE = date(2026, 4, 9)  # Thu: 20 calendar days after receipt


def guidance_2026():
    return plan_year(2026).guidance_versions.order_by("-effective_date").first()


class DeterminationFactory(factory.django.DjangoModelFactory):
    """An adverse determination (not eligible), decided by a caseworker on the notice date."""

    class Meta:
        model = Determination

    member = factory.SubFactory(MemberFactory)
    application = factory.SelfAttribute("member.application")
    guidance = factory.LazyFunction(guidance_2026)
    decision = "ineligible"
    effective_date = date(2026, 4, 1)
    reason_codes = factory.LazyFunction(lambda: ["income_over_limit"])
    fpl_pct = Decimal("450.00")
    premium_assistance = Decimal("0.00")
    decided_on = NOTICE_DATE
    decided_by = factory.SubFactory(UserFactory)


class AppealFactory(factory.django.DjangoModelFactory):
    """A first-level appeal row; pass ``state=...`` / ``expedite=...`` to start elsewhere."""

    class Meta:
        model = Appeal

    level = Level.FIRST
    determination = factory.SubFactory(DeterminationFactory)
    application = factory.SelfAttribute("determination.application")
    appellant_kind = AppellantKind.APPLICANT
    appellant_name = "Ana Garcia"
    channel = AppealChannel.MAIL
    received_on = RECEIVED_ON
    issues = factory.LazyFunction(lambda: [Issue.ELIGIBILITY_STATUS])
    filing_deadline = FILING_DEADLINE
    filing_deadline_rule = "appeal_filing"
    filing_deadline_count = factory.LazyFunction(
        lambda: {"code": "appeal_filing", "start": "2026-03-10", "due": "2026-04-09", "skipped": []}
    )
    decision_clock_start = RECEIVED_ON
    decision_due_on = DECISION_DUE
    decision_due_rule = "first_level_decision"
    decision_due_count = factory.LazyFunction(
        lambda: {"code": "first_level_decision", "start": "2026-03-20", "due": "2026-04-09", "skipped": []}
    )
    remind_on = date(2026, 4, 7)


class FinalAppealFactory(AppealFactory):
    level = Level.FINAL
    parent = factory.SubFactory(AppealFactory, state="decided", outcome="upheld", decided_on=date(2026, 4, 8))
    determination = factory.SelfAttribute("parent.determination")
    decision_due_rule = "final_decision"
