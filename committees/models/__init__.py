"""Models, one module per area; importing this package registers every table."""

from committees.models.audit import AuditEntry
from committees.models.body import BodyKind, PoliticalBody
from committees.models.committee import Committee, CommitteeState
from committees.models.mandate import (
    ApprovalOutcome,
    CompetenceProfile,
    Deliverable,
    MandateApproval,
    MandateStatus,
    MandateVersion,
    TaskQuestion,
    ViceChairMethod,
)
from committees.models.membership import LeavePeriod, MemberRole, Membership, MemberType
from committees.models.notice import (
    DeliveryMode,
    Notice,
    NoticePreference,
    NoticeStatus,
    ReminderPolicy,
)
from committees.models.recruitment import (
    AgeBand,
    Application,
    ApplicationStatus,
    CallStatus,
    Gender,
    RecruitmentCall,
)
from committees.models.system import Heartbeat
from committees.models.user import Role, User

__all__ = [
    "AgeBand",
    "Application",
    "ApplicationStatus",
    "ApprovalOutcome",
    "AuditEntry",
    "BodyKind",
    "CallStatus",
    "Committee",
    "CommitteeState",
    "CompetenceProfile",
    "Deliverable",
    "DeliveryMode",
    "Gender",
    "Heartbeat",
    "LeavePeriod",
    "MandateApproval",
    "MandateStatus",
    "MandateVersion",
    "MemberRole",
    "MemberType",
    "Membership",
    "Notice",
    "NoticePreference",
    "NoticeStatus",
    "PoliticalBody",
    "RecruitmentCall",
    "ReminderPolicy",
    "Role",
    "TaskQuestion",
    "User",
    "ViceChairMethod",
]
