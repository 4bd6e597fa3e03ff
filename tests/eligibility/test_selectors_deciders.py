"""Who may be assigned an application: active users who may decide, through a group or directly."""

import pytest
from django.contrib.auth.models import Permission

from eligibility import forms, selectors
from hca_portal import roles

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_deciders_by_group_or_by_their_own_permission(caseworker, representative):
    direct = UserFactory(username="temp-decider")
    direct.user_permissions.add(Permission.objects.get(codename="decide_application"))
    UserFactory(username="left", is_active=False, role=roles.CASEWORKER)
    UserFactory(username="root", is_superuser=True)

    names = set(selectors.deciders().values_list("username", flat=True))

    assert {caseworker.username, direct.username} <= names
    assert not names & {representative.username, "left", "root"}
    # The case page's assignment list and the supervisor's team are that same list.
    assert set(forms.AssignForm().fields["assignee"].queryset) == set(selectors.deciders())
