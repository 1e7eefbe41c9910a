"""Demo data: the handover and action reminders that went out in the weeks before the demo was
loaded, as the notices engine planned and delivered them.

The action reminders are planned by the engine as it would have planned them LOOKBACK_DAYS ago;
those already due are delivered in the app (marked sent, nothing e-mailed) if they are still true,
and cancelled if not, exactly as the sweep decides. The handed-over committee's handover
reminders (10 and 3 working days before its handover date) are written as they were sent, and
answered by the handover itself.
"""

from datetime import timedelta

from committees.extensions import db
from committees.models import Committee, CommitteeState, Notice, NoticeStatus
from committees.models.base import utcnow
from workflows import notices, reminders
from workflows.recommendations import deadlines, handover

LOOKBACK_DAYS = 30


def load(committees: list[Committee]) -> None:
    """Plan the deadline reminders of the last weeks and deliver the due ones in the app."""
    now = utcnow()
    for c in committees:
        reminders.plan(c, now=now - timedelta(days=LOOKBACK_DAYS), kinds=deadlines.KINDS)
        if c.state is CommitteeState.handed_over:
            _handover_reminders(c)
    db.session.flush()
    due = db.session.scalars(
        db.select(Notice).where(
            Notice.kind.in_(deadlines.KINDS),
            Notice.status == NoticeStatus.pending,
            Notice.due_at <= now,
        )
    )
    for n in due:
        if notices.kind_of(n).still_true(n):
            n.status, n.sent_at = NoticeStatus.sent, n.due_at
        else:
            n.status = NoticeStatus.cancelled


def _handover_reminders(c: Committee) -> None:
    """The reminders of the handover date the committee met, sent and then answered."""
    done = handover.latest_handover(c)
    anchor = c.approved_mandate.handover_date if c.approved_mandate else None
    if done is None or anchor is None:
        return
    kind = deadlines.HANDOVER_DUE
    for policy in reminders.effective_policies(c.id, kind):
        due = reminders.due_moment(anchor, policy.offset_days)
        if due >= done.recorded_at:
            continue
        for user in deadlines.handover_recipients(c):
            key = reminders.reminder_key(kind, c, anchor, policy.offset_days, user)
            new_id = notices.notify(
                user,
                kind,
                key=key,
                subject=c,
                committee_id=c.id,
                context={
                    **deadlines.handover_context(c),
                    "anchor": anchor.isoformat(),
                    "only_not_acted": policy.only_not_acted,
                },
                due_at=due,
            )
            if new_id is not None:
                db.session.execute(
                    db.update(Notice)
                    .where(Notice.id == new_id)
                    .values(status=NoticeStatus.sent, sent_at=due, action_done_at=done.recorded_at)
                )
