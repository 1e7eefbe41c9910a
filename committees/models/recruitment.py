"""Recruitment: the public call for citizen members and the applications it receives."""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, Enum, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.extensions import db
from committees.models.base import UTCDateTime, utcnow
from committees.models.committee import Committee
from committees.models.mandate import CompetenceProfile
from committees.models.user import User
from committees.signing import new_link_secret


class CallStatus(enum.Enum):
    """A call is open until its deadline, then closed, then decided by the council."""

    open = "open"
    closed = "closed"
    decided = "decided"

    @property
    def label(self) -> str:
        return str(CALL_STATUS_LABELS[self])


CALL_STATUS_LABELS = {
    CallStatus.open: _l("Åben for ansøgninger"),
    CallStatus.closed: _l("Lukket, ikke afgjort"),
    CallStatus.decided: _l("Udpegning besluttet"),
}


class AgeBand(enum.Enum):
    """Age bands, wide enough not to identify anyone, fine enough to see the young."""

    under_18 = "under_18"
    a18_29 = "18_29"
    a30_44 = "30_44"
    a45_59 = "45_59"
    a60_74 = "60_74"
    a75_plus = "75_plus"

    @property
    def label(self) -> str:
        return str(AGE_LABELS[self])


AGE_LABELS = {
    AgeBand.under_18: _l("Under 18 år"),
    AgeBand.a18_29: _l("18–29 år"),
    AgeBand.a30_44: _l("30–44 år"),
    AgeBand.a45_59: _l("45–59 år"),
    AgeBand.a60_74: _l("60–74 år"),
    AgeBand.a75_plus: _l("75 år eller derover"),
}


class Gender(enum.Enum):
    """Optional; "ønsker ikke at oplyse" is an answer, an empty field is no answer."""

    woman = "woman"
    man = "man"
    other = "other"
    undisclosed = "undisclosed"

    @property
    def label(self) -> str:
        return str(GENDER_LABELS[self])


GENDER_LABELS = {
    Gender.woman: _l("Kvinde"),
    Gender.man: _l("Mand"),
    Gender.other: _l("Andet"),
    Gender.undisclosed: _l("Ønsker ikke at oplyse"),
}


class ApplicationStatus(enum.Enum):
    """received → shortlisted → appointed / reserve / declined; or withdrawn by the applicant."""

    unconfirmed = "unconfirmed"
    received = "received"
    shortlisted = "shortlisted"
    reserve = "reserve"
    declined = "declined"
    appointed = "appointed"
    withdrawn = "withdrawn"

    @property
    def label(self) -> str:
        return str(APPLICATION_STATUS_LABELS[self])

    @property
    def tone(self) -> str:
        return {
            ApplicationStatus.shortlisted: "info",
            ApplicationStatus.appointed: "success",
            ApplicationStatus.reserve: "warning",
            ApplicationStatus.declined: "neutral",
            ApplicationStatus.withdrawn: "neutral",
        }.get(self, "neutral")


APPLICATION_STATUS_LABELS = {
    ApplicationStatus.unconfirmed: _l("E-mail ikke bekræftet"),
    ApplicationStatus.received: _l("Modtaget"),
    ApplicationStatus.shortlisted: _l("Indstillet"),
    ApplicationStatus.reserve: _l("Reserve"),
    ApplicationStatus.declined: _l("Afslået"),
    ApplicationStatus.appointed: _l("Udpeget"),
    ApplicationStatus.withdrawn: _l("Trukket tilbage"),
}

call_profiles = Table(
    "call_profiles",
    db.metadata,
    Column("call_id", ForeignKey("recruitment_calls.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "profile_id", ForeignKey("competence_profiles.id", ondelete="CASCADE"), primary_key=True
    ),
)

application_profiles = Table(
    "application_profiles",
    db.metadata,
    Column("application_id", ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "profile_id", ForeignKey("competence_profiles.id", ondelete="CASCADE"), primary_key=True
    ),
)


class RecruitmentCall(db.Model):
    """The public call (opslag) for a committee's citizen seats."""

    __tablename__ = "recruitment_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[CallStatus] = mapped_column(
        Enum(CallStatus, native_enum=False, length=20), default=CallStatus.open, index=True
    )
    seats: Mapped[int]
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    meetings: Mapped[int] = mapped_column(default=6)
    period: Mapped[str] = mapped_column(String(200), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    consent_text: Mapped[str] = mapped_column(Text)
    publish_consent_text: Mapped[str] = mapped_column(Text)
    questions: Mapped[list] = mapped_column(JSON, default=list)  # extra questions, in order
    tell_applicants_of_extension: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_on: Mapped[date | None]
    decision_reference: Mapped[str] = mapped_column(String(120), default="")

    committee: Mapped[Committee] = relationship()
    profiles: Mapped[list[CompetenceProfile]] = relationship(
        secondary=call_profiles, order_by=CompetenceProfile.position
    )
    applications: Mapped[list["Application"]] = relationship(
        back_populates="call", cascade="all, delete-orphan"
    )

    @property
    def status_label(self) -> str:
        return self.status.label

    def is_open_at(self, moment: datetime) -> bool:
        return self.status is CallStatus.open and self.opens_at <= moment < self.closes_at


class Application(db.Model):
    """One person's application to a call; personal data, erased after the retention period."""

    __tablename__ = "applications"
    __table_args__ = (Index("ix_applications_call_email", "call_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("recruitment_calls.id", ondelete="CASCADE"))
    status: Mapped[ApplicationStatus] = mapped_column(
        Enum(ApplicationStatus, native_enum=False, length=20),
        default=ApplicationStatus.unconfirmed,
        index=True,
    )
    # A second application from the same address waits here until confirmed, then replaces
    # the fields of the first (this one is deleted).
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(40), default="")
    age_band: Mapped[AgeBand] = mapped_column(Enum(AgeBand, native_enum=False, length=20))
    postal_code: Mapped[str] = mapped_column(String(4))
    gender: Mapped[Gender | None] = mapped_column(Enum(Gender, native_enum=False, length=20))
    motivation: Mapped[str] = mapped_column(Text)
    answers: Mapped[list] = mapped_column(JSON, default=list)  # [{"question", "answer"}]
    consent_text: Mapped[str] = mapped_column(Text)  # the version the applicant agreed to
    publish_name: Mapped[bool] = mapped_column(default=False)
    publish_consent_text: Mapped[str] = mapped_column(Text, default="")
    locale: Mapped[str] = mapped_column(String(5), default="da")
    staff_note: Mapped[str] = mapped_column(Text, default="")
    # Bound into the confirmation and withdrawal links (committees.signing.bind).
    link_secret: Mapped[str] = mapped_column(String(64), default=new_link_secret)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    call: Mapped[RecruitmentCall] = relationship(back_populates="applications")
    profiles: Mapped[list[CompetenceProfile]] = relationship(
        secondary=application_profiles, order_by=CompetenceProfile.position
    )
    user: Mapped[User | None] = relationship()

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def counts(self) -> bool:
        """Confirmed and still in the pool (not withdrawn)."""
        return self.status not in (ApplicationStatus.unconfirmed, ApplicationStatus.withdrawn)
