"""Demo data: "Solbjerg Kommune", a fictional municipality with task committees in every phase.

This is seed data, and the one place outside `workflows/` that assigns `.state` (and mandate
status) directly: replaying every workflow call would need a user, a request and many commits per
step. To keep the pages honest, it writes the audit entries the workflows would have written
(created, start_drafting, mandate submitted and decided, approve_mandate, open_recruitment,
constitute, start_work, hand_over, dissolve, start_implementation, memberships), with timestamps
spread over the committees' lives. Dates are counted from today in Copenhagen (`local_today()`),
so a working committee always ends in the future and a finished one in the past, whenever the
demo is loaded.

The package is long because it is mostly Danish prose: six complete mandates (kommissorier),
split over `mandates_early` and `mandates_late`; `people` holds the cast and `builder` the rows.
One more committee is started from a finished one through `workflows.committee_copy`, the way a
secretariat does it.
"""

from datetime import timedelta

from committees.demo import deadline_reminders
from committees.demo import meetings as meetings_demo
from committees.demo import recommendations as recommendations_demo
from committees.demo import recruitment as recruitment_demo
from committees.demo.builder import _SPECS, _Builder
from committees.demo.people import _TRY, DEMO_PASSWORD, DEMO_USERS, INVITED, SECRETARIAT
from committees.extensions import db
from committees.models import Committee, Notice, NoticeStatus, User
from committees.models.base import local_today, utcnow
from workflows import committee_copy, notices, reminders
from workflows.accounts import hash_password

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "load", "logins_text"]


def load() -> None:
    """Fill an empty database with the Solbjerg Kommune demo and commit."""
    builder = _Builder(local_today(), hash_password(DEMO_PASSWORD))
    builder.base()
    for spec in _SPECS:
        builder.committee(spec)
    db.session.flush()
    builder.write_audit()
    db.session.commit()
    recruitment_demo.load()
    meetings_demo.load()
    recommendations_demo.load()
    _copied()
    _notices()


COPY_OF = "Opgaveudvalget for et aldersvenligt Solbjerg"
COPY_NAME = "Opgaveudvalget for et aldersvenligt Solbjerg Syd"


def _copied() -> None:
    """A committee started from a finished one, through the workflow a secretariat uses."""
    source = db.session.scalar(db.select(Committee).where(Committee.name == COPY_OF))
    actor = db.session.scalar(db.select(User).where(User.email == SECRETARIAT))
    if source is None or actor is None:
        return
    committee_copy.copy_committee(source, COPY_NAME, local_today() + timedelta(days=60), actor)


def _notices() -> None:
    """Plan the reminders the policies give, and a few notices already delivered in the app
    (among them the handover and action reminders of the last weeks).

    Nothing is e-mailed by loading the demo: the delivered ones are marked sent directly, and
    one is marked failed so the dashboard's resend button has something to show.
    """
    committees = db.session.scalars(db.select(Committee).order_by(Committee.id)).all()
    for c in committees:
        reminders.plan(c)
    deadline_reminders.load(committees)
    by_email = {u.email: u for u in db.session.scalars(db.select(User))}
    now = utcnow()
    delivered = []
    for c in committees:
        for m in c.memberships:
            if m.user.email in ("borger@solbjerg.example", "formand@solbjerg.example"):
                delivered.append(
                    notices.notify(
                        m.user,
                        "committee_phase",
                        key=notices.dedupe_key("demo-phase", c.id, m.user_id),
                        subject=c,
                        committee_id=c.id,
                        context={
                            "committee": c.name,
                            "state": c.state.name,
                            "comment": "",
                            "link": {"committee_id": c.id},
                        },
                        due_at=c.state_changed_at,
                    )
                )
    invited = by_email.get(INVITED)
    failed = notices.notify(
        invited,
        "invitation",
        key=notices.dedupe_key("demo-invitation", invited.id),
        subject=invited,
        committee_id=None,
        context={"inviter": "Jonas Kragh"},
    )
    db.session.flush()
    db.session.execute(
        db.update(Notice)
        .where(Notice.id.in_([i for i in delivered if i]))
        .values(status=NoticeStatus.sent, sent_at=now)
    )
    db.session.execute(
        db.update(Notice)
        .where(Notice.id == failed)
        .values(
            status=NoticeStatus.failed,
            attempts=5,
            last_error="SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable",
        )
    )
    db.session.info.pop("notices_to_deliver", None)  # the demo e-mails nobody
    db.session.commit()


def logins_text() -> str:
    """The demo logins, for `make run` and `flask demo logins`."""
    width = max(len(email) for email, _n, _r in DEMO_USERS)
    lines = [f"Demo-logins for Solbjerg Kommune – adgangskode for alle: {DEMO_PASSWORD}", ""]
    for email, name, role in DEMO_USERS:
        lines.append(f"  {email:<{width}}  {name}: {role}")
        lines.append(f"      Prøv: {_TRY[email]}")
    lines.append("")
    lines.append(f"  {INVITED} er inviteret, men har endnu ikke valgt adgangskode.")
    return "\n".join(lines)
