"""`manage.py demo_data` shows a Spanish-speaking household that receives every notice kind (issue 9).

The household's steps are dated from the day the demo runs: it is run on a few days of the year
(one whose two-months-ago falls in December of the year before), and each time the family's
notices cover every registered notice kind, all in Spanish; the demo's other cases keep their states.
"""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from eligibility.models import Application, Enrollment
from notices.models import Notice
from notices.types import registered_codes

pytestmark = pytest.mark.django_db

DENVER = ZoneInfo("America/Denver")
OTHER_CASES = {
    "Ana Applicant": "enrolled",
    "Elena Enrolled": "enrolled",
    "Tomas Terminated": "terminated",
    "Luz Waitlisted": "waitlisted",
    "Oscar Offered": "offered",
    "Demo Reversed": "waitlisted",
}


def _demo(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_data", stdout=StringIO())


@pytest.mark.parametrize("day", ["2026-12-01", "2027-01-20"])
def test_spanish_household_receives_every_notice_kind_in_spanish(day, django_capture_on_commit_callbacks):
    with time_machine.travel(datetime.fromisoformat(day).replace(hour=9, tzinfo=DENVER), tick=False):
        _demo(django_capture_on_commit_callbacks)

        family = Application.objects.filter(members__last_name="Morales Ortega").distinct()
        assert family.count() == 4
        assert set(family.values_list("preferred_language", flat=True)) == {"es"}
        notices = Notice.objects.filter(application__in=family)
        assert set(notices.values_list("notice_type", flat=True)) == set(registered_codes())
        assert set(notices.values_list("render_language", flat=True)) == {"es"}
        assert all(n.pdf and n.notice_date < datetime.fromisoformat(day).date() for n in notices)

        # the demo's other cases are as they were without the household
        states = {str(e.member): e.state for e in Enrollment.objects.select_related("member")}
        assert {name: states[name] for name in OTHER_CASES} == OTHER_CASES

        # and running it again adds nothing
        count = Notice.objects.count()
        _demo(django_capture_on_commit_callbacks)
        assert Notice.objects.count() == count
