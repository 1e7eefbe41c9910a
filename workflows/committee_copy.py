"""Start a committee from a past one: its mandate as a new draft, composition rule, meeting plan,
reminder policy and the bodies it answers to; never its people or its work.

What is copied is the frame a secretariat set up once and wants again. Members, applications,
agendas, minutes, attendance, materials, recommendations and decisions belong to the people and
the work of the source committee and stay there. Dates move with the start: the mandate's period
and handover date keep their distance from the start; meetings move by whole weeks (keeping their
weekday and local time of day), so "first meeting in the first week, a workshop six weeks later"
stays that.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from committees.extensions import db
from committees.models import (
    Committee,
    CommitteeState,
    CompetenceProfile,
    Deliverable,
    InviteScope,
    MandateVersion,
    Meeting,
    MeetingStatus,
    PoliticalBody,
    ReminderPolicy,
    TaskQuestion,
    User,
)
from committees.models.base import LOCAL_TZ, local_today, utcnow
from committees.models.mandate import TEXT_FIELDS
from workflows import audit, permissions, reminders, workdays
from workflows.errors import NotAllowed, PermissionDenied, atomic

# The parts a user may choose; all of them unless told otherwise.
PARTS = ("mandate", "composition", "meetings", "reminders", "bodies")
COMPOSITION_FIELDS = (
    "seats_councillors",
    "seats_citizens",
    "seats_stakeholders",
    "chair_must_be_councillor",
    "vice_chair_method",
    "composition_note",
)
# The mandate's texts, except its title (the new committee's name) and the composition note.
MANDATE_TEXTS = tuple(n for n, _label in TEXT_FIELDS if n not in ("title", "composition_note"))
SERVICE_LEVELS = ("agenda_days_before", "minutes_days_after", "approval_days", "minutes_rule")


@dataclass(frozen=True)
class Source:
    """What a copy of a committee would take: the mandate version, the start the dates are
    counted from, the meetings of the plan and the bodies that decide."""

    committee: Committee
    mandate: MandateVersion | None
    start: date | None
    meetings: list[Meeting]
    bodies: list[PoliticalBody]

    def offset_days(self, meeting: Meeting) -> int | None:
        """The meeting's day counted from the start (0 = the first day)."""
        if self.start is None:
            return None
        return (workdays.local_date(meeting.starts_at) - self.start).days


def source_of(committee: Committee) -> Source:
    """The parts of `committee` a copy takes (for the form's preview and for the copy)."""
    mandate = committee.approved_mandate or committee.latest_mandate
    meetings = list(
        db.session.scalars(
            db.select(Meeting)
            .where(
                Meeting.committee_id == committee.id,
                Meeting.status != MeetingStatus.cancelled,
            )
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )
    start = (mandate.start_date if mandate else None) or committee.planned_start
    if start is None and meetings:
        start = workdays.local_date(meetings[0].starts_at)
    bodies = [b for b in committee.parent_bodies if b.active and b.can_anchor_committee]
    return Source(committee, mandate, start, meetings, bodies)


def _problems(name: str, planned_start: object) -> list[str]:
    problems = []
    if not name:
        problems.append(_("Udvalget skal have et navn."))
    elif db.session.scalar(db.select(Committee.id).where(Committee.name == name)) is not None:
        problems.append(_("Der findes allerede et udvalg med det navn."))
    if not isinstance(planned_start, date) or isinstance(planned_start, datetime):
        problems.append(_("Skriv den planlagte start som en dato."))
    elif planned_start < local_today():
        problems.append(_("Den planlagte start kan ikke ligge før i dag."))
    return problems


def _shift(day: date | None, delta: timedelta | None) -> date | None:
    return day + delta if day is not None and delta is not None else None


def _mandate(
    src: Source, new: Committee, parts: set[str], delta: timedelta | None, actor: User
) -> MandateVersion:
    """Version 1 of the new committee: a draft, its dates moved by `delta`, no approvals."""
    old = src.mandate
    version = MandateVersion(number=1, title=new.name, created_by=actor)
    version.start_date = new.planned_start
    version.end_date = new.planned_end
    if old is None:
        return version
    end = _shift(old.end_date, delta)
    if end is not None and end >= version.start_date:
        version.end_date = end
    version.handover_date = _shift(old.handover_date, delta)
    if "mandate" in parts:
        for name in MANDATE_TEXTS:
            setattr(version, name, getattr(old, name))
        version.task_questions = [
            TaskQuestion(position=q.position, text=q.text) for q in old.task_questions
        ]
        version.deliverables = [
            Deliverable(position=d.position, text=d.text) for d in old.deliverables
        ]
    if "composition" in parts:
        for name in COMPOSITION_FIELDS:
            setattr(version, name, getattr(old, name))
        version.competence_profiles = [
            CompetenceProfile(position=p.position, name=p.name, description=p.description)
            for p in old.competence_profiles
        ]
    return version


def _moved(moment: datetime, delta: timedelta) -> datetime:
    """The same local time of day, `delta` days later (right across daylight saving)."""
    local = moment.astimezone(LOCAL_TZ)
    return workdays.local_moment(local.date() + delta, local.time().replace(tzinfo=None))


def meeting_shift(delta: timedelta) -> timedelta:
    """Meetings move by whole weeks, rounded up: a committee meets on a fixed weekday evening,
    so each meeting keeps its weekday and lands 0-6 days after its exact distance from the
    start, never before it."""
    return timedelta(weeks=math.ceil(delta.days / 7))


def _meetings(src: Source, new: Committee, delta: timedelta, now: datetime) -> tuple[int, int]:
    """The plan as planned meetings with empty agendas; returns (copied, left out as past)."""
    copied = skipped = 0
    delta = meeting_shift(delta)
    for m in src.meetings:
        starts_at, ends_at = _moved(m.starts_at, delta), _moved(m.ends_at, delta)
        if starts_at <= now or ends_at <= starts_at:
            skipped += 1
            continue
        # A working group is people, so a working-group meeting invites the whole committee
        # until the secretariat chooses the new committee's group.
        db.session.add(
            Meeting(
                committee=new,
                kind=m.kind,
                title=m.title,
                starts_at=starts_at,
                ends_at=ends_at,
                place=m.place,
                online_url=m.online_url,
                is_public=m.is_public,
                invite_scope=InviteScope.committee,
                status=MeetingStatus.planned,
            )
        )
        copied += 1
    return copied, skipped


def _reminder_policy(source: Committee, new: Committee) -> int:
    """The source's own reminder rows (its overrides of the municipality's) and service levels."""
    for name in SERVICE_LEVELS:
        setattr(new, name, getattr(source, name))
    rows = db.session.scalars(
        db.select(ReminderPolicy).where(ReminderPolicy.committee_id == source.id)
    ).all()
    for r in rows:
        db.session.add(
            ReminderPolicy(
                committee_id=new.id,
                kind=r.kind,
                offset_days=r.offset_days,
                only_not_acted=r.only_not_acted,
                active=r.active,
            )
        )
    return len(rows)


def _new_committee(src: Source, name: str, planned_start: date, parts: set[str]) -> Committee:
    delta = planned_start - src.start if src.start is not None else None
    old_end = src.committee.planned_end or (src.mandate.end_date if src.mandate else None)
    end = _shift(old_end, delta)
    return Committee(
        name=name,
        # The short description is left out: it tells the public how the old one went.
        summary="",
        state=CommitteeState.mandate_draft if "mandate" in parts else CommitteeState.idea,
        planned_start=planned_start,
        planned_end=end if end is not None and end >= planned_start else None,
        parent_bodies=list(src.bodies) if "bodies" in parts else [],
    )


@atomic
def copy_committee(
    source: Committee,
    name: str,
    planned_start: date,
    actor: User,
    parts: frozenset[str] | set[str] = frozenset(PARTS),
) -> Committee:
    """A new committee at the start of its life, set up like `source` (see the module)."""
    if not permissions.can_copy_committee(actor, source):
        raise PermissionDenied(_("Du har ikke ret til at oprette udvalg."))
    name = (name or "").strip()
    problems = _problems(name, planned_start)
    if problems:
        raise NotAllowed(_("Udvalget kan ikke oprettes:"), problems)
    parts = set(parts) & set(PARTS)
    src = source_of(source)
    new = _new_committee(src, name, planned_start, parts)
    delta = planned_start - src.start if src.start is not None else None
    new.mandate_versions.append(_mandate(src, new, parts, delta, actor))
    db.session.add(new)
    try:
        db.session.flush()
    except IntegrityError:  # the same name taken a moment ago by someone else
        db.session.rollback()
        raise NotAllowed(
            _("Udvalget kan ikke oprettes:"), [_("Der findes allerede et udvalg med det navn.")]
        ) from None
    copied = skipped = policies = 0
    if "meetings" in parts and delta is not None:
        copied, skipped = _meetings(src, new, delta, utcnow())
    if "reminders" in parts:
        policies = _reminder_policy(source, new)
    _record(source, new, actor, sorted(parts), copied, skipped, policies)
    db.session.flush()
    reminders.plan(new)
    db.session.commit()
    return new


def _record(
    source: Committee,
    new: Committee,
    actor: User,
    parts: list[str],
    meetings: int,
    skipped: int,
    policies: int,
) -> None:
    """Both timelines tell the story: where the new one came from, what was made from the old."""
    audit.record(
        "committee.copied_from",
        new,
        actor,
        committee_id=new.id,
        to_state=new.state.value,
        details={
            "source": source.name,
            "source_id": source.id,
            "parts": parts,
            "meetings": meetings,
            "skipped_meetings": skipped,
            "reminder_policies": policies,
        },
    )
    audit.record(
        "committee.copied_to",
        source,
        actor,
        committee_id=source.id,
        details={"target": new.name, "target_id": new.id},
    )
