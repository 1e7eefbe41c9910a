"""Planning meetings: create one or a whole plan, change, move and cancel them.

A change a calendar must pick up (time, place, link, title) raises the meeting's SEQUENCE; a
move or a cancellation is told to everyone invited (mandatory notices), in the same
transaction as the change and its audit entry.
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _

from committees.extensions import db
from committees.models import (
    Committee,
    CommitteeState,
    InviteScope,
    Meeting,
    MeetingGuest,
    MeetingKind,
    MeetingStatus,
    User,
    WorkingGroup,
)
from committees.models.base import utcnow
from workflows import audit, notices, permissions
from workflows.errors import NotAllowed, PermissionDenied, StaleState, atomic
from workflows.meetings import agenda, invitees

S = CommitteeState
# A committee meets from its constitution (the plan may be entered as soon as the mandate is
# approved) until it has handed over.
PLANNING_STATES = (S.mandate_approved, S.recruiting, S.constituted, S.working, S.handed_over)
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "place", "online_url")
MOVE_FIELDS = ("starts_at", "ends_at", "place", "online_url")
# Any change raises SEQUENCE: harmless for calendars, and it is what the edit page's stale
# check compares, so one editor cannot silently undo another's change.
EDITABLE_FIELDS = (*CALENDAR_FIELDS, "kind", "is_public", "invite_scope", "working_group_id")


@dataclass
class MeetingData:
    """The fields of a meeting as a form delivers them (times aware, in UTC or local)."""

    kind: MeetingKind
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str = ""
    online_url: str = ""
    is_public: bool = False
    invite_scope: InviteScope = InviteScope.committee
    working_group_id: int | None = None
    extra: dict = field(default_factory=dict)


def _problems(committee: Committee, data: MeetingData, now: datetime) -> list[str]:
    problems = []
    if data.ends_at <= data.starts_at:
        problems.append(_("mødet skal slutte efter, at det begynder"))
    if data.starts_at <= now:
        problems.append(_("mødet skal ligge i fremtiden"))
    if not data.place.strip() and not data.online_url.strip():
        problems.append(_("angiv et sted, et link til onlinemødet eller begge"))
    if data.invite_scope is InviteScope.working_group:
        group = db.session.get(WorkingGroup, data.working_group_id or 0)
        if group is None or group.committee_id != committee.id:
            problems.append(_("vælg en af udvalgets arbejdsgrupper"))
    return problems


def _check_can_plan(committee: Committee, actor: User) -> None:
    if not permissions.can_manage_meetings(actor, committee):
        raise PermissionDenied(_("Du kan ikke planlægge møder for dette udvalg."))
    if committee.state not in PLANNING_STATES:
        raise NotAllowed(
            _(
                "Der kan ikke planlægges møder, når udvalget er i fasen “%(state)s”.",
                state=committee.state.label,
            )
        )


def _new_meeting(committee: Committee, data: MeetingData) -> Meeting:
    meeting = Meeting(
        committee=committee,
        kind=data.kind,
        title=data.title.strip(),
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        place=data.place.strip(),
        online_url=data.online_url.strip(),
        is_public=data.is_public,
        invite_scope=data.invite_scope,
        working_group_id=(
            data.working_group_id if data.invite_scope is InviteScope.working_group else None
        ),
    )
    db.session.add(meeting)
    db.session.flush()
    agenda.ensure_auto_items(meeting)
    return meeting


@atomic
def create(committee: Committee, data: MeetingData, actor: User) -> Meeting:
    """Plan one meeting; its agenda starts as a draft with the automatic items."""
    _check_can_plan(committee, actor)
    problems = _problems(committee, data, utcnow())
    if problems:
        raise NotAllowed(_("Mødet kan ikke oprettes:"), problems)
    meeting = _new_meeting(committee, data)
    audit.record(
        "meeting.created",
        meeting,
        actor,
        committee_id=committee.id,
        details={"meeting": meeting.id, "kind": meeting.kind.name},
    )
    _replan(committee)
    db.session.commit()
    return meeting


@atomic
def create_plan(committee: Committee, rows: list[MeetingData], actor: User) -> list[Meeting]:
    """The meeting and activity plan: several meetings at once, all or none."""
    _check_can_plan(committee, actor)
    now = utcnow()
    reasons = []
    for number, data in enumerate(rows, start=1):
        reasons += [_("møde %(n)d: %(p)s", n=number, p=p) for p in _problems(committee, data, now)]
    if not rows:
        reasons.append(_("planen har ingen møder"))
    if reasons:
        raise NotAllowed(_("Planen kan ikke gemmes:"), reasons)
    meetings = [_new_meeting(committee, data) for data in sorted(rows, key=lambda d: d.starts_at)]
    audit.record(
        "meeting.plan",
        committee,
        actor,
        committee_id=committee.id,
        details={"count": len(meetings)},
    )
    _replan(committee)
    db.session.commit()
    return meetings


def lock(meeting: Meeting) -> Meeting:
    """Re-read the meeting with a row lock (FOR UPDATE on PostgreSQL)."""
    stmt = db.select(Meeting).where(Meeting.id == meeting.id).with_for_update()
    return db.session.execute(stmt.execution_options(populate_existing=True)).scalar_one()


def check_fresh(meeting: Meeting, expected_sequence: int | None) -> None:
    """The user's page showed an older version of the meeting: refuse rather than overwrite."""
    if expected_sequence is not None and meeting.sequence != expected_sequence:
        raise StaleState(
            _("Mødet er blevet ændret, siden du åbnede siden. Se de nye oplysninger og prøv igen.")
        )


@atomic
def update(meeting: Meeting, data: MeetingData, actor: User, expected_sequence: int | None) -> bool:
    """Change a meeting; returns True when it moved (time or place), which everyone is told."""
    committee = meeting.committee
    if not permissions.can_manage_meetings(actor, committee):
        raise PermissionDenied(_("Du kan ikke ændre dette møde."))
    meeting = lock(meeting)
    check_fresh(meeting, expected_sequence)
    now = utcnow()
    if meeting.is_cancelled or meeting.has_ended(now):
        raise NotAllowed(_("Et aflyst eller afholdt møde kan ikke ændres."))
    problems = _problems(committee, data, now)
    if problems:
        raise NotAllowed(_("Mødet kan ikke gemmes:"), problems)
    before = {f: getattr(meeting, f) for f in EDITABLE_FIELDS}
    meeting.kind = data.kind
    meeting.title = data.title.strip()
    meeting.starts_at, meeting.ends_at = data.starts_at, data.ends_at
    meeting.place, meeting.online_url = data.place.strip(), data.online_url.strip()
    meeting.is_public = data.is_public
    meeting.invite_scope = data.invite_scope
    meeting.working_group_id = (
        data.working_group_id if data.invite_scope is InviteScope.working_group else None
    )
    changed = [f for f in EDITABLE_FIELDS if getattr(meeting, f) != before[f]]
    moved = any(f in MOVE_FIELDS for f in changed)
    if changed:
        meeting.sequence += 1
    meeting.updated_at = now
    audit.record(
        "meeting.moved" if moved else "meeting.edited",
        meeting,
        actor,
        committee_id=committee.id,
        details={"meeting": meeting.id, "fields": changed},
    )
    if moved:
        _tell_invited(meeting, "meeting_moved", _moved_context(meeting, before))
    _replan(committee)
    db.session.commit()
    return moved


@atomic
def cancel(meeting: Meeting, reason: str, actor: User, expected_sequence: int | None) -> None:
    """Cancel a meeting: it stays (and calendars get it as CANCELLED), everyone is told."""
    committee = meeting.committee
    if not permissions.can_manage_meetings(actor, committee):
        raise PermissionDenied(_("Du kan ikke aflyse dette møde."))
    meeting = lock(meeting)
    check_fresh(meeting, expected_sequence)
    now = utcnow()
    if meeting.is_cancelled:
        raise NotAllowed(_("Mødet er allerede aflyst."))
    if meeting.has_started(now):
        raise NotAllowed(_("Et møde, der er begyndt, kan ikke aflyses."))
    old = meeting.status
    meeting.status = MeetingStatus.cancelled
    meeting.cancelled_at = now
    meeting.cancel_reason = reason.strip()
    meeting.sequence += 1
    meeting.updated_at = now
    audit.record(
        "meeting.cancelled",
        meeting,
        actor,
        committee_id=committee.id,
        from_state=old.name,
        to_state=MeetingStatus.cancelled.name,
        comment=meeting.cancel_reason,
        details={"meeting": meeting.id},
    )
    _tell_invited(
        meeting, "meeting_cancelled", {**context(meeting), "reason": meeting.cancel_reason}
    )
    from workflows import meeting_kinds

    for kind in (*meeting_kinds.MEETING_REMINDER_KINDS, "minutes_due"):
        notices.cancel_pending(kind, meeting)
    _replan(committee)
    db.session.commit()


@atomic
def add_guest(meeting: Meeting, name: str, email: str, actor: User) -> MeetingGuest:
    """Invite a named guest (an expert, a citizen at a dialogue meeting) by e-mail."""
    if not permissions.can_manage_meetings(actor, meeting.committee):
        raise PermissionDenied(_("Du kan ikke invitere gæster til dette møde."))
    email = User.normalize_email(email)
    meeting = lock(meeting)
    db.session.refresh(meeting, ["guests"])
    if any(g.email == email for g in meeting.guests):
        raise NotAllowed(_("%(email)s er allerede inviteret.", email=email))
    guest = MeetingGuest(meeting=meeting, name=name.strip(), email=email)
    db.session.add(guest)
    db.session.flush()
    audit.record(
        "meeting.guest_added",
        meeting,
        actor,
        committee_id=meeting.committee_id,
        details={"meeting": meeting.id, "guest": guest.id},
    )
    db.session.commit()
    return guest


@atomic
def remove_guest(meeting: Meeting, guest_id: int, actor: User) -> None:
    """Take a guest off the invitation list."""
    if not permissions.can_manage_meetings(actor, meeting.committee):
        raise PermissionDenied(_("Du kan ikke ændre gæstelisten."))
    guest = next((g for g in meeting.guests if g.id == guest_id), None)
    if guest is None:
        raise NotAllowed(_("Gæsten findes ikke på listen."))
    meeting.guests.remove(guest)
    audit.record(
        "meeting.guest_removed",
        meeting,
        actor,
        committee_id=meeting.committee_id,
        details={"meeting": meeting.id, "guest": guest_id},
    )
    db.session.commit()


def context(meeting: Meeting) -> dict:
    """What notices about a meeting say (stored with the notice, so it reads as it was)."""
    return {
        "committee": meeting.committee.name,
        "meeting": meeting.title,
        "kind": meeting.kind.name,
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat(),
        "place": meeting.place,
        "online_url": meeting.online_url,
        "link": {"committee_id": meeting.committee_id, "meeting_id": meeting.id},
    }


def _moved_context(meeting: Meeting, before: dict) -> dict:
    return {
        **context(meeting),
        "old_starts_at": before["starts_at"].isoformat(),
        "old_place": before["place"],
    }


def _tell_invited(meeting: Meeting, kind: str, ctx: dict) -> None:
    """One notice per invited member and guest, keyed by the meeting's SEQUENCE."""
    for user in invitees.invited_users(meeting):
        notices.notify(
            user,
            kind,
            key=notices.dedupe_key(kind, meeting.id, meeting.sequence, user.id),
            subject=meeting,
            committee_id=meeting.committee_id,
            context=ctx,
        )
    for guest in invitees.guest_addressees(meeting):
        notices.notify(
            guest,
            kind,
            key=notices.dedupe_key(kind, meeting.id, meeting.sequence, guest.email),
            subject=meeting,
            committee_id=meeting.committee_id,
            context=ctx,
        )


def tell_invited(meeting: Meeting, kind: str, ctx: dict) -> None:
    """Public name for the other meeting workflows (agenda published, minutes published)."""
    _tell_invited(meeting, kind, ctx)


def _replan(committee: Committee) -> None:
    """Reminders follow the meetings' dates (moved, cancelled, new)."""
    from workflows import reminders

    db.session.flush()
    reminders.plan(committee)
