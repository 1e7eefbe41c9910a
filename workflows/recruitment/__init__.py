"""Recruitment: a public call, applications confirmed by e-mail, a shortlist, the council's
appointment, and erasure of the personal data nobody needs any more.

Every change is written with its audit entry and its notices in one commit. Audit entries about
applications carry the application's id only: no names, no addresses.
"""

from workflows.recruitment.applications import (
    ANSWER_MAX,
    CONFIRM,
    CONFIRM_MAX_AGE,
    MOTIVATION_MAX,
    WITHDRAW,
    ApplicationData,
    apply,
    confirm,
    load_application,
    notify_applicant,
    token_for,
    withdraw,
)
from workflows.recruitment.calls import (
    CallData,
    close_due_calls,
    close_now,
    counted,
    current_call,
    default_consent_text,
    default_publish_consent_text,
    open_call,
    plan_deadline_notices,
    summary,
    update_call,
)
from workflows.recruitment.choosing import (
    MARKABLE,
    Decision,
    appoint_reserve,
    mark,
    preview,
    record_appointment,
)
from workflows.recruitment.erasure import erase_expired

__all__ = [
    "ANSWER_MAX",
    "CONFIRM",
    "CONFIRM_MAX_AGE",
    "MARKABLE",
    "MOTIVATION_MAX",
    "WITHDRAW",
    "ApplicationData",
    "CallData",
    "Decision",
    "apply",
    "appoint_reserve",
    "close_due_calls",
    "close_now",
    "confirm",
    "counted",
    "current_call",
    "default_consent_text",
    "default_publish_consent_text",
    "erase_expired",
    "load_application",
    "mark",
    "notify_applicant",
    "open_call",
    "plan_deadline_notices",
    "preview",
    "record_appointment",
    "summary",
    "token_for",
    "update_call",
    "withdraw",
]
