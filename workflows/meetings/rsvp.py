"""RSVP: a member answers “deltager” or “afbud” before the meeting."""

from flask_babel import gettext as _

from committees.extensions import db
from committees.models import Meeting, Rsvp, RsvpAnswer, User
from committees.models.base import utcnow
from workflows import audit, permissions
from workflows.errors import NotAllowed, PermissionDenied, atomic


def answers(meeting: Meeting) -> dict[int, Rsvp]:
    """Every answer to the meeting, by user id (one query)."""
    rows = db.session.scalars(db.select(Rsvp).where(Rsvp.meeting_id == meeting.id))
    return {r.user_id: r for r in rows}


def answer_of(meeting: Meeting, user: User) -> Rsvp | None:
    """The user's answer, if any."""
    return db.session.scalar(
        db.select(Rsvp).where(Rsvp.meeting_id == meeting.id, Rsvp.user_id == user.id)
    )


@atomic
def answer(meeting: Meeting, user: User, choice: RsvpAnswer, reason: str = "") -> Rsvp:
    """Record (or change) the user's answer; possible until the meeting starts."""
    if not permissions.can_rsvp(user, meeting):
        raise PermissionDenied(_("Du kan ikke svare på indkaldelsen til dette møde."))
    if meeting.has_started(utcnow()):
        raise NotAllowed(_("Mødet er begyndt; fortæl facilitator om afbud direkte."))
    from workflows.meetings import plan

    plan.lock(meeting)  # a double click must not insert the first answer twice
    row = answer_of(meeting, user)
    if row is None:
        row = Rsvp(meeting=meeting, user_id=user.id, answer=choice)
        db.session.add(row)
    row.answer = choice
    row.reason = reason.strip() if choice is RsvpAnswer.apology else ""
    row.answered_at = utcnow()
    db.session.flush()
    audit.record(
        "meeting.rsvp",
        meeting,
        user,
        committee_id=meeting.committee_id,
        details={"meeting": meeting.id, "answer": choice.name},
    )
    _complete_rsvp_request(meeting, user)
    db.session.commit()
    return row


def _complete_rsvp_request(meeting: Meeting, user: User) -> None:
    """The “svar mangler” notice to this person no longer asks for anything."""
    from committees.models import Notice

    db.session.execute(
        db.update(Notice)
        .where(
            Notice.kind == "rsvp_missing",
            Notice.subject_type == "Meeting",
            Notice.subject_id == meeting.id,
            Notice.recipient_id == user.id,
            Notice.action_done_at.is_(None),
        )
        .values(action_done_at=utcnow())
    )
