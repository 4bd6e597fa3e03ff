"""Demo appeals in every state (`manage.py demo_data` calls ``create_demo_appeals``). Demo data only.

Each appeal follows a case denied in the past through the eligibility services, then goes
through the appeal services, so dates, notices, events and history are all real.
"""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from eligibility import services as eligibility
from eligibility.demo import household_decision_day
from eligibility.selectors import plan_year_for
from hca_portal.dates import local_today

from . import services
from .models import Appeal
from .services import AppealRequest, DeterminationChange

STATUS = AppealRequest(
    issues=["eligibility_status", "income_finding"], statement="My income is lower than counted."
)


def _denied(users, last_name: str, *, days_ago: int):
    """A case denied ``days_ago`` days ago (income over the limit), with its denial notice."""
    worker, today = users["caseworker"], local_today()
    decided = today - timedelta(days=days_ago)
    application = eligibility.create_application(
        plan_year=plan_year_for(today),
        received_on=decided - timedelta(days=7),
        household_size=1,
        annual_magi=Decimal("90000"),
        address_line="200 Demo Avenue",
        city="Albuquerque",
        zip_code="87102",
        members=[
            eligibility.MemberInput(
                first_name="Demo",
                last_name=last_name,
                date_of_birth=decided.replace(year=decided.year - 27),
                ead_category="C33",
                daca_valid_from=decided.replace(year=decided.year - 1),
                daca_valid_to=decided.replace(year=decided.year + 2),
                has_other_coverage=False,
                is_incarcerated=False,
            )
        ],
        acting_user=worker,
        applicant_user=None,
    )
    eligibility.start_review(application=application, acting_user=worker)
    [determination] = eligibility.decide_application(
        application=application, acting_user=worker, today=decided
    )
    return application, determination, application.notices.get(notice_type="denial")


def _logged(
    users, case, *, received_ago: int, request: AppealRequest = STATUS, channel: str = "mail"
) -> Appeal:
    application, determination, notice = case
    today = local_today()
    return services.log_appeal(
        application=application,
        determination=determination,
        notice_appealed=notice,
        request=request,
        channel=channel,
        received_on=today - timedelta(days=received_ago),
        appellant_kind="applicant",
        appellant_name="Demo Appellant",
        acting_user=users["caseworker"],
        today=today - timedelta(days=received_ago),
    )


def _spanish_household_appeals(users, cases) -> list[Appeal]:
    """The Morales family's appeals, in Spanish, dated from their denials (eligibility.demo).

    Rafael's appeal arrives without his signature (incomplete), is completed, asks to be fast (denied),
    is not decided in time (vendor delay), is upheld, and goes to the bureau, which upholds it (final
    decision). Josefina appeals late, good cause is granted, then she withdraws (dismissal)."""
    if "es_denied" not in cases:
        return []
    worker, officer, bureau = users["caseworker"], users["officer"], users["bureau"]
    decided = household_decision_day(local_today())

    def day(n: int):
        return decided + timedelta(days=n)

    def logged(key, *, received_ago, request):
        application = cases[key]
        return services.log_appeal(
            application=application,
            determination=application.determinations.get(),
            notice_appealed=application.notices.get(notice_type="denial"),
            request=request,
            channel="mail",
            received_on=day(received_ago),
            appellant_kind="applicant",
            appellant_name=str(application.members.get()),
            acting_user=worker,
            today=day(received_ago),
        )

    appeal = logged(
        "es_denied",
        received_ago=10,
        request=AppealRequest(issues=["eligibility_status"], missing_items="La página con su firma."),
    )
    services.cure_appeal(appeal=appeal, received_on=day(15), acting_user=worker, today=day(15))
    services.request_expedite(
        appeal=appeal, reason="Necesito mis medicinas.", acting_user=worker, today=day(16)
    )
    services.decide_expedite(
        appeal=appeal,
        granted=False,
        reasons="No se mostró un riesgo para su atención.",
        acting_user=officer,
        today=day(16),
    )
    services.run_daily_sweep(today=day(40))  # its decision was due about 20 days after receipt
    # The notice the sweep's task sends that day (queued to run after the commit, by which time the
    # appeal is decided: sent here, on the sweep's day, it is not sent twice).
    services.issue_vendor_delay_notice(appeal_id=appeal.pk, today=day(40))
    appeal.refresh_from_db()
    services.decide_appeal(
        appeal=appeal,
        outcome="upheld",
        reasons="Sus ingresos superan el límite.",
        acting_user=officer,
        today=day(41),
    )
    final = services.log_final_appeal(
        parent=appeal,
        request=AppealRequest(issues=["eligibility_status"]),
        channel="mail",
        received_on=day(45),
        appellant_kind="applicant",
        appellant_name=str(cases["es_denied"].members.get()),
        acting_user=worker,
        today=day(45),
    )
    services.assign_appeal(appeal=final, assignee=bureau, acting_user=bureau, today=day(46))
    services.decide_appeal(
        appeal=final,
        outcome="upheld",
        reasons="Los ingresos se contaron correctamente.",
        acting_user=bureau,
        today=day(49),
    )

    late = logged(
        "es_late",
        received_ago=45,
        request=AppealRequest(issues=["eligibility_status"], good_cause_statement="Estuve en el hospital."),
    )
    services.decide_good_cause(
        appeal=late,
        granted=True,
        reasons="El registro del hospital lo muestra.",
        acting_user=officer,
        today=day(47),
    )
    withdrawn = services.withdraw_appeal(
        appeal=Appeal.objects.get(pk=late.pk), acting_user=worker, today=day(50)
    )
    return [Appeal.objects.get(pk=appeal.pk), Appeal.objects.get(pk=final.pk), withdrawn]


@transaction.atomic
def create_demo_appeals(users: dict, cases: dict) -> list[Appeal]:
    """Appeals received, under review, expedited, late, incomplete, decided, delayed, final, dismissed."""
    if Appeal.objects.exists() or plan_year_for(local_today()) is None:
        return []
    today = local_today()
    officer, bureau, supervisor = users["officer"], users["bureau"], users["supervisor"]
    # First, while they are the only appeals: the daily sweep run on a past day touches only them.
    made = _spanish_household_appeals(users, cases)

    # The navigator's client (lead demo case "denied"): filed online, assigned, under review.
    if "denied" in cases:
        application = cases["denied"]
        determination = application.determinations.get()
        appeal = services.file_appeal(
            application=application,
            determination=determination,
            notice_appealed=application.notices.get(notice_type="denial"),
            request=STATUS,
            acting_user=users["navigator"],
            today=today,
        )
        made.append(
            services.assign_appeal(appeal=appeal, assignee=officer, acting_user=supervisor, today=today)
        )

    # A waitlist placement is an adverse decision (8.401.2.12 E(1)): the navigator appeals it online.
    if "waitlisted" in cases:
        application = cases["waitlisted"]
        determination = application.determinations.get()
        made.append(
            services.file_appeal(
                application=application,
                determination=determination,
                notice_appealed=application.notices.get(notice_type="waitlist"),
                request=AppealRequest(
                    issues=["eligibility_status", "effective_date"],
                    statement="I am eligible and need coverage now: I ask to be enrolled.",
                ),
                acting_user=users["navigator"],
                today=today,
            )
        )

    made.append(
        _logged(
            users,
            _denied(users, "Expedite", days_ago=5),
            received_ago=1,
            channel="phone",
            request=AppealRequest(issues=["eligibility_status"], expedite_reason="Insulin supply runs out."),
        )
    )
    made.append(_logged(users, _denied(users, "Late", days_ago=50), received_ago=2))
    late = _logged(users, _denied(users, "GoodCause", days_ago=45), received_ago=3)
    made.append(
        services.claim_good_cause(
            appeal=late, statement="I was in the hospital.", acting_user=users["caseworker"], today=today
        )
    )
    made.append(
        _logged(
            users,
            _denied(users, "Incomplete", days_ago=10),
            received_ago=2,
            request=AppealRequest(issues=["residency_finding"], missing_items="The appellant's signature."),
        )
    )

    decided = _logged(users, _denied(users, "Decided", days_ago=30), received_ago=25)
    services.decide_appeal(
        appeal=decided,
        outcome="upheld",
        reasons="Income was counted correctly.",
        acting_user=officer,
        today=today - timedelta(days=10),
    )
    final = services.log_final_appeal(
        parent=decided,
        request=STATUS,
        channel="mail",
        received_on=today - timedelta(days=3),
        appellant_kind="applicant",
        appellant_name="Demo Appellant",
        acting_user=users["caseworker"],
        today=today - timedelta(days=3),
    )
    made += [decided, services.assign_appeal(appeal=final, assignee=bureau, acting_user=bureau, today=today)]

    reversed_ = _logged(users, _denied(users, "Reversed", days_ago=20), received_ago=15)
    made.append(
        services.decide_appeal(
            appeal=reversed_,
            outcome="reversed",
            reasons="The household income was counted twice.",
            # Decided on the facts: the income corrected (recorded as a correction caused by the appeal),
            # so the new determination's FPL % and assistance are computed from it.
            change=DeterminationChange(
                decision="eligible",
                effective_date=today.replace(day=1),
                corrected_facts={"annual_magi": Decimal("45000")},
            ),
            acting_user=officer,
            today=today - timedelta(days=2),
        )
    )

    made.append(_logged(users, _denied(users, "Delayed", days_ago=40), received_ago=30))
    services.run_daily_sweep(today=today)  # the last one: its decision was due 10 days ago

    withdrawn = _logged(users, _denied(users, "Withdrawn", days_ago=12), received_ago=8)
    made.append(services.withdraw_appeal(appeal=withdrawn, acting_user=users["caseworker"], today=today))
    _demo_documents(users, made)
    return made


def _blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=612, height=792)
    writer.write(out)
    return out.getvalue()


def _demo_documents(users, appeals: list[Appeal]) -> None:
    """Documents filed with open appeals: the navigator's pay stubs, and a letter staff received by mail."""
    today = local_today()
    filed = [
        (a, users["navigator"], "income")
        for a in appeals
        if a.channel == "online" and a.is_open and a.appellant_kind == "representative"
    ][:1]
    filed += [(a, users["caseworker"], "other") for a in appeals if a.channel == "mail" and a.is_open][:1]
    for appeal, user, kind in filed:
        services.add_document(
            appeal=appeal,
            kind=kind,
            uploaded_file=SimpleUploadedFile(f"{kind}.pdf", _blank_pdf(), content_type="application/pdf"),
            acting_user=user,
            today=today,
        )
