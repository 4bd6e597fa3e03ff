"""Writes for eligibility, one module per feature; every verb is one transaction (8.401.2.12 B, C; P2, P4).

Each service changes state through the model's transitions, saves the rows it touched with a
history reason, and leaves side effects (notice rendering) to ``transaction.on_commit`` through
notices.services.issue_notice. Import the verbs from here: ``from eligibility import services``.
"""

from ._common import _notify, _save, first_of_next_month, notice_recipients  # noqa: F401
from .cap import guidance_changed, lapse_offers, place_enrollment, promote_waitlist  # noqa: F401
from .changes import (  # noqa: F401
    active_kinds,
    apply_change,
    correct_facts_for_appeal,
    dismiss_change,
    link_determination,
    may_apply,
    record_change,
    report_change,
    reporter_source,
    what_changed,
)
from .coverage import accept_offer, decline_offer, reinstate_enrollment, terminate_enrollment  # noqa: F401
from .decisions import decide_application, decision_summary, redetermine, reevaluate  # noqa: F401
from .figures import _money, governing_guidance  # noqa: F401
from .intake import MemberInput, add_evidence, create_application  # noqa: F401
from .plans import choose_plan  # noqa: F401
from .renewals import (  # noqa: F401
    claim_renewals,
    dispatch_renewals,
    renew_household,
    resume_stalled_renewals,
    retry_renewals,
    start_renewal_run,
)
from .representatives import assign_applications, designate_representative, revoke_representation  # noqa: F401
from .review import (  # noqa: F401
    expire_information_requests,
    receive_information,
    record_finding,
    request_information,
    start_review,
    withdraw_application,
)
from .sweep import SweepResult, run_daily_sweep  # noqa: F401
