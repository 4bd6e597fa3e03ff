"""Writes for appeals: every verb is one keyword-only, atomic service (PRODUCT P6)."""

from .clocks import recompute_due_dates
from .decisions import DeterminationChange, decide_appeal
from .documents import add_document
from .filing import AppealRequest, file_appeal, file_final_appeal, log_appeal, log_final_appeal
from .steps import (
    assign_appeal,
    claim_good_cause,
    cure_appeal,
    decide_expedite,
    decide_good_cause,
    dismiss_appeal,
    request_expedite,
    vacate_dismissal,
    withdraw_appeal,
)
from .sweep import SweepResult, deliver_reminders, issue_vendor_delay_notice, run_daily_sweep

__all__ = [
    "AppealRequest",
    "DeterminationChange",
    "SweepResult",
    "add_document",
    "assign_appeal",
    "claim_good_cause",
    "cure_appeal",
    "decide_appeal",
    "decide_expedite",
    "deliver_reminders",
    "decide_good_cause",
    "dismiss_appeal",
    "file_appeal",
    "file_final_appeal",
    "issue_vendor_delay_notice",
    "log_appeal",
    "log_final_appeal",
    "recompute_due_dates",
    "request_expedite",
    "run_daily_sweep",
    "vacate_dismissal",
    "withdraw_appeal",
]
