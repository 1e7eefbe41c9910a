"""The outbox's write side: notice kinds, `notify` (in the caller's transaction), preferences.

A kind is registered once, with its texts, whether it is mandatory or asks for an action, and
the check that it is still true when it is delivered. Later issues add kinds with `register`.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from flask import current_app, url_for
from sqlalchemy import event, insert
from werkzeug.routing import BuildError

from committees.extensions import db
from committees.models import DeliveryMode, Notice, NoticePreference, NoticeStatus, User
from committees.models.base import LOCAL_TZ, utcnow
from committees.models.notice import Addressee


def _always(_notice: Notice) -> bool:
    return True


@dataclass(frozen=True)
class NoticeKind:
    """What a kind of notice says and how it behaves."""

    name: str
    label: object  # lazy string for the preferences page
    title: Callable[[dict], str]  # the subject line, from the notice's context
    body: Callable[[dict], str] = field(default=lambda ctx: "")
    endpoint: str = "committee.show"
    template: str = "notice"  # templates/emails/<template>.txt + .html
    mandatory: bool = False
    # A reminder of the recipient's own deadline: it cannot be switched off (a digest is allowed).
    own_deadline: bool = False
    needs_action: bool = False
    still_true: Callable[[Notice], bool] = _always
    # Values computed only when the e-mail is sent (e.g. a fresh invitation token).
    late_context: Callable[[Notice], dict] = field(default=lambda n: {})

    def link_values(self, notice: Notice) -> dict:
        """URL values for the notice's object."""
        return dict(notice.context.get("link", {}))

    def allowed_modes(self) -> tuple[DeliveryMode, ...]:
        """The e-mail choices a person has: mandatory kinds at once, own deadlines never off."""
        if self.mandatory:
            return (DeliveryMode.immediate,)
        if self.own_deadline:
            return tuple(m for m in DeliveryMode if m is not DeliveryMode.off)
        return tuple(DeliveryMode)


REGISTRY: dict[str, NoticeKind] = {}


def register(kind: NoticeKind) -> NoticeKind:
    """Add a kind to the engine (each module that owns events registers its own)."""
    REGISTRY[kind.name] = kind
    return kind


def kind_of(notice: Notice) -> NoticeKind:
    """The registered kind of a notice."""
    return REGISTRY[notice.kind]


def text(notice: Notice) -> tuple[str, str]:
    """The notice's title and body in the current language, for the app's own pages."""
    kind = REGISTRY.get(notice.kind)
    if kind is None:  # a kind since removed from the code: show its name rather than fail
        return notice.kind, ""
    return kind.title(notice.context), kind.body(notice.context)


def link(notice: Notice) -> str | None:
    """The path of the page a notice is about; None when it has none (e.g. an invitation)."""
    kind = REGISTRY.get(notice.kind)
    if kind is None:
        return None
    try:
        return url_for(kind.endpoint, **kind.link_values(notice))
    except BuildError:  # an invitation's link is a one-time token, made only for the e-mail
        return None


def label(notice: Notice) -> str:
    """What kind of notice this is, in the current language."""
    kind = REGISTRY.get(notice.kind)
    return str(kind.label) if kind else notice.kind


def preference_for(user_id: int, kind: NoticeKind) -> DeliveryMode:
    """The person's e-mail choice for a kind; a choice the kind does not allow (a stored "off"
    for a reminder of one's own deadline, any choice for a mandatory kind) counts as at once."""
    if kind.mandatory:
        return DeliveryMode.immediate
    chosen = db.session.scalar(
        db.select(NoticePreference.mode).where(
            NoticePreference.user_id == user_id, NoticePreference.kind == kind.name
        )
    )
    return chosen if chosen in kind.allowed_modes() else DeliveryMode.immediate


def next_digest_at(mode: DeliveryMode, after: datetime) -> datetime:
    """The next digest time in Copenhagen (daily, or Monday for weekly), in UTC."""
    hh, mm = (int(x) for x in current_app.config["DIGEST_LOCAL_TIME"].split(":"))
    local = after.astimezone(LOCAL_TZ)
    day = local.date()
    candidate = datetime.combine(day, time(hh, mm), tzinfo=LOCAL_TZ)
    if candidate <= local:
        candidate = datetime.combine(day + timedelta(days=1), time(hh, mm), tzinfo=LOCAL_TZ)
    if mode is DeliveryMode.weekly:
        while candidate.weekday() != 0:
            candidate = datetime.combine(
                candidate.date() + timedelta(days=1), time(hh, mm), tzinfo=LOCAL_TZ
            )
    return candidate.astimezone(UTC)


def dedupe_key(*parts: object) -> str:
    """A unique key from the parts of an event; long keys are hashed to fit the column."""
    key = ":".join(str(p) for p in parts)
    if len(key) > 200:
        key = key[:150] + "#" + hashlib.sha256(key.encode()).hexdigest()[:40]
    return key


def notify(
    recipient: "User | Addressee",
    kind_name: str,
    *,
    key: str,
    subject: object,
    committee_id: int | None,
    context: dict,
    due_at: datetime | None = None,
) -> int | None:
    """Write a notice in the caller's transaction; the same key twice writes nothing.

    Returns the new notice's id, or None when the key was already used (by a notice that was
    not cancelled: a cancelled one is revived, since it was never sent).
    """
    kind = REGISTRY[kind_name]
    now = utcnow()
    # Someone without an account (an applicant) has no preferences: e-mail at once.
    mode = DeliveryMode.immediate if recipient.id is None else preference_for(recipient.id, kind)
    due = due_at or now
    if mode.is_digest:
        due = next_digest_at(mode, due)
    values = {
        "recipient_id": recipient.id,
        "to_email": recipient.email if recipient.id is None else "",
        "to_name": recipient.name if recipient.id is None else "",
        "to_locale": recipient.locale if recipient.id is None else "da",
        "kind": kind.name,
        "committee_id": committee_id,
        "subject_type": type(subject).__name__,
        "subject_id": getattr(subject, "id", None),
        "dedupe_key": key,
        "status": NoticeStatus.pending.name,
        "mode": mode.name,
        "needs_action": kind.needs_action,
        "context": context,
        "created_at": now,
        "due_at": due,
        "attempts": 0,
        "last_error": "",
    }
    stmt = _insert_ignoring_duplicates(values).returning(Notice.id)
    new_id = db.session.execute(stmt).scalar()
    if new_id is not None and not mode.is_digest and due <= now:
        db.session.info.setdefault("notices_to_deliver", []).append(new_id)
    return new_id


# A key already used is left alone, unless its notice was cancelled: then the event is true
# again (a reminder planned back to the same moment) and the notice, never sent, is revived.
_REVIVED = ("status", "mode", "context", "due_at", "attempts", "last_error", "committee_id")


def _insert_ignoring_duplicates(values: dict):
    dialect = db.engine.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:
        return insert(Notice).values(**values)
    stmt = dialect_insert(Notice).values(**values)
    return stmt.on_conflict_do_update(
        index_elements=["dedupe_key"],
        set_={name: stmt.excluded[name] for name in _REVIVED},
        where=Notice.__table__.c.status == NoticeStatus.cancelled.name,
    )


def restore_refused_modes() -> int:
    """Pending notices stored as "off" that their kind no longer allows (reminders of one's own
    deadline planned before they became unswitchable) are e-mailed at once; returns how many."""
    kinds = [k.name for k in REGISTRY.values() if DeliveryMode.off not in k.allowed_modes()]
    result = db.session.execute(
        db.update(Notice)
        .where(
            Notice.status == NoticeStatus.pending,
            Notice.mode == DeliveryMode.off,
            Notice.kind.in_(kinds),
        )
        .values(mode=DeliveryMode.immediate)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def complete_actions(kind_name: str, subject: object) -> None:
    """The action a notice asked for is done: it leaves "kræver handling" for everyone."""
    db.session.execute(
        db.update(Notice)
        .where(
            Notice.kind == kind_name,
            Notice.subject_type == type(subject).__name__,
            Notice.subject_id == getattr(subject, "id", None),
            Notice.action_done_at.is_(None),
        )
        .values(action_done_at=utcnow())
    )


def cancel_pending(kind_name: str, subject: object, keep: set[str] | None = None) -> None:
    """Cancel pending notices of a kind about an object (e.g. its anchor date moved)."""
    stmt = db.update(Notice).where(
        Notice.kind == kind_name,
        Notice.subject_type == type(subject).__name__,
        Notice.subject_id == getattr(subject, "id", None),
        Notice.status == NoticeStatus.pending,
    )
    if keep:
        stmt = stmt.where(Notice.dedupe_key.not_in(keep))
    db.session.execute(stmt.values(status=NoticeStatus.cancelled))


def _enqueue_after_commit(session) -> None:
    ids = session.info.pop("notices_to_deliver", [])
    if not ids:
        return
    try:
        celery = current_app.extensions["celery"]
    except (RuntimeError, KeyError):
        return
    for notice_id in ids:
        try:
            celery.send_task("tasks.notices.deliver_notice", args=[notice_id], retry=False)
        except Exception:  # broker down: the periodic sweep delivers it
            current_app.logger.warning("could not queue notice %s; the sweep will", notice_id)
            return


def _forget_on_rollback(session) -> None:
    session.info.pop("notices_to_deliver", None)


def init_app(_app) -> None:
    """Queue delivery tasks only after the transaction that wrote the notices commits."""
    if not event.contains(db.session, "after_commit", _enqueue_after_commit):
        event.listen(db.session, "after_commit", _enqueue_after_commit)
        event.listen(db.session, "after_rollback", _forget_on_rollback)
