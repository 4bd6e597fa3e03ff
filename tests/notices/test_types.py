"""The notice-type registry: built-ins, idempotent registration, clear errors."""

import pytest

from notices.types import NoticeType, get_type, register, registered_codes


def test_builtin_types_are_registered():
    assert {"approval", "denial", "information_request", "waitlist", "slot_offer", "termination"} <= set(
        registered_codes()
    )
    assert get_type("denial").appealable and get_type("denial").adverse
    assert not get_type("slot_offer").appealable


def test_registering_the_same_type_twice_is_a_no_op():
    kind = NoticeType("test_ack", "Acknowledgement", appealable=False)
    register(kind)
    register(NoticeType("test_ack", "Acknowledgement", appealable=False))

    assert get_type("test_ack") == kind


def test_registering_a_different_type_under_a_taken_code_fails():
    register(NoticeType("test_clash", "One", appealable=False))

    with pytest.raises(ValueError, match="test_clash"):
        register(NoticeType("test_clash", "Other", appealable=True))


def test_an_unknown_code_names_itself_and_the_known_ones():
    with pytest.raises(KeyError, match="no_such_type.*denial"):
        get_type("no_such_type")
