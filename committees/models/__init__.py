"""Models, one module per area; importing this package registers every table."""

from committees.models.audit import AuditEntry
from committees.models.body import BodyKind, PoliticalBody
from committees.models.committee import Committee, CommitteeState, MinutesRule
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
from committees.models.material import Material, MaterialVersion
from committees.models.meeting import (
    ActionPoint,
    AgendaItem,
    AutoItem,
    InviteScope,
    ItemKind,
    Meeting,
    MeetingGuest,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
    WorkingGroup,
)
from committees.models.membership import LeavePeriod, MemberRole, Membership, MemberType
from committees.models.notice import (
    DeliveryMode,
    Notice,
    NoticePreference,
    NoticeStatus,
    ReminderPolicy,
)
from committees.models.participation import (
    Attendance,
    AttendanceStatus,
    ConflictDeclaration,
    MinutesApproval,
    Rsvp,
    RsvpAnswer,
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
    "ActionPoint",
    "AgeBand",
    "AgendaItem",
    "Application",
    "ApplicationStatus",
    "ApprovalOutcome",
    "Attendance",
    "AttendanceStatus",
    "AuditEntry",
    "AutoItem",
    "BodyKind",
    "CallStatus",
    "Committee",
    "CommitteeState",
    "CompetenceProfile",
    "ConflictDeclaration",
    "Deliverable",
    "DeliveryMode",
    "Gender",
    "Heartbeat",
    "InviteScope",
    "ItemKind",
    "LeavePeriod",
    "MandateApproval",
    "MandateStatus",
    "MandateVersion",
    "Material",
    "MaterialVersion",
    "Meeting",
    "MeetingGuest",
    "MeetingKind",
    "MeetingStatus",
    "MemberRole",
    "MemberType",
    "Membership",
    "MinutesApproval",
    "MinutesRule",
    "MinutesStatus",
    "Notice",
    "NoticePreference",
    "NoticeStatus",
    "PoliticalBody",
    "RecruitmentCall",
    "ReminderPolicy",
    "Role",
    "Rsvp",
    "RsvpAnswer",
    "TaskQuestion",
    "User",
    "ViceChairMethod",
    "WorkingGroup",
]
