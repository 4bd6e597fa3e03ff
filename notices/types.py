"""Notice types: a registry other apps add to (8.401.2.12 E(2) NMAC; PRODUCT P5).

``notices`` registers the eligibility types below. The appeals app registers its
own (acknowledgement, dismissal, decisions, ...) from its ``AppConfig.ready()``
with ``register(NoticeType(...))``; ``Notice.notice_type`` is a CharField
validated against this registry, so adding a type needs no change here.

``details`` keys the built-in template knows how to label (any other key is
printed with its name humanized): ``member``, ``items``, ``due_on``,
``due_rule``, ``fpl_pct``, ``premium_assistance``, ``oop_tier``,
``respond_by``, ``appeal_reference``, ``received_on``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NoticeType:
    code: str
    title: str  # lazy-translated
    appealable: bool
    adverse: bool = False
    template: str = "notices/notice.html"
    # A non-appealable final decision: the notice states it is the final administrative action.
    final_action: bool = False
    # ``details`` keys the notice cannot go out without, e.g. ("due_on",) for a request for information.
    required_details: tuple[str, ...] = ()
    # Asks the applicant for information by ``details["due_on"]``: the notice says what happens without a
    # reply and where and how to send it (PRODUCT P2).
    requests_information: bool = False

    @property
    def is_decision(self) -> bool:
        """Decisions must give their reasons and an effective date."""
        return self.appealable or self.adverse or self.final_action


_REGISTRY: dict[str, NoticeType] = {}


def register(notice_type: NoticeType) -> None:
    """Add a notice type. Registering the same definition again is a no-op."""
    existing = _REGISTRY.get(notice_type.code)
    if existing is not None and existing != notice_type:
        raise ValueError(
            f"notice type {notice_type.code!r} is already registered with a different definition"
        )
    _REGISTRY[notice_type.code] = notice_type


def get_type(code: str) -> NoticeType:
    try:
        return _REGISTRY[code]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise KeyError(f"unknown notice type {code!r}; registered types: {known}") from None


def registered_codes() -> list[str]:
    return sorted(_REGISTRY)


def validate_notice_type(value: str) -> None:
    """Model field validator: the code must be registered."""
    if value not in _REGISTRY:
        raise ValidationError(_("Unknown notice type: %(code)s."), code="invalid", params={"code": value})


APPROVAL = NoticeType("approval", _("Notice of approval"), appealable=True)
DENIAL = NoticeType("denial", _("Notice of denial"), appealable=True, adverse=True)
INFORMATION_REQUEST = NoticeType(
    "information_request",
    _("Request for information"),
    appealable=False,
    required_details=("due_on",),
    requests_information=True,
)
WAITLIST = NoticeType("waitlist", _("Notice of placement on the waitlist"), appealable=True, adverse=True)
SLOT_OFFER = NoticeType("slot_offer", _("Offer of a place in the program"), appealable=False)
TERMINATION = NoticeType("termination", _("Notice of termination"), appealable=True, adverse=True)

# The life of a case after its first decision (PRODUCT P11).
CHANGE = NoticeType("change", _("Notice of a change in your eligibility"), appealable=True)
RENEWAL = NoticeType("renewal", _("Notice of renewal for the new plan year"), appealable=True)
REINSTATEMENT = NoticeType("reinstatement", _("Notice of reinstatement"), appealable=False)
OFFER_LAPSED = NoticeType(
    "offer_lapsed", _("Notice that an offer of a place has lapsed"), appealable=True, adverse=True
)

for _builtin in (
    APPROVAL,
    DENIAL,
    INFORMATION_REQUEST,
    WAITLIST,
    SLOT_OFFER,
    TERMINATION,
    CHANGE,
    RENEWAL,
    REINSTATEMENT,
    OFFER_LAPSED,
):
    register(_builtin)
