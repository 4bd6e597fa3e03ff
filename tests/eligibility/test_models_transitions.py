"""Every allowed and forbidden transition of the application and enrollment state machines."""

import pytest
from django_fsm import TransitionNotAllowed, can_proceed

from eligibility.models import Application, ApplicationState, Enrollment, EnrollmentState

A = ApplicationState
APPLICATION_TRANSITIONS = {
    "start_review": {A.RECEIVED: A.IN_REVIEW},
    "request_information": {A.IN_REVIEW: A.AWAITING_INFORMATION},
    "receive_information": {A.AWAITING_INFORMATION: A.IN_REVIEW},
    "determine": {A.IN_REVIEW: A.DETERMINED, A.AWAITING_INFORMATION: A.DETERMINED},
    "redetermine": {A.DETERMINED: A.DETERMINED},
    "withdraw": {A.RECEIVED: A.WITHDRAWN, A.IN_REVIEW: A.WITHDRAWN, A.AWAITING_INFORMATION: A.WITHDRAWN},
}
E = EnrollmentState
ENROLLMENT_TRANSITIONS = {
    "offer": {E.WAITLISTED: E.OFFERED},
    "accept": {E.OFFERED: E.ENROLLED},
    "decline": {E.OFFERED: E.DECLINED},
    "terminate": {E.ENROLLED: E.TERMINATED},
    "withdraw": {E.WAITLISTED: E.WITHDRAWN, E.OFFERED: E.WITHDRAWN},
}


def _cases(table, states):
    for name, allowed in table.items():
        for source in states:
            yield pytest.param(name, source, allowed.get(source), id=f"{name}-from-{source}")


@pytest.mark.parametrize(("name", "source", "target"), list(_cases(APPLICATION_TRANSITIONS, A.values)))
def test_application_transition(name, source, target):
    application = Application(state=source)
    method = getattr(application, name)
    if target is None:
        assert not can_proceed(method)
        with pytest.raises(TransitionNotAllowed):
            method()
        assert application.state == source
    else:
        assert can_proceed(method)
        method()
        assert application.state == target


@pytest.mark.parametrize(("name", "source", "target"), list(_cases(ENROLLMENT_TRANSITIONS, E.values)))
def test_enrollment_transition(name, source, target):
    enrollment = Enrollment(state=source)
    method = getattr(enrollment, name)
    if target is None:
        with pytest.raises(TransitionNotAllowed):
            method()
    else:
        method()
        assert enrollment.state == target


def test_state_cannot_be_set_directly():
    application = Application(state=A.RECEIVED)
    with pytest.raises(AttributeError):
        application.state = A.DETERMINED
