"""The outbox's delivery side: claim due notices, check they still hold, send, mark sent.

Claiming is a conditional UPDATE (status must still be 'pending', or 'sending' for longer than
the stuck timeout), with FOR UPDATE SKIP LOCKED on PostgreSQL, so two sweepers never take the
same notice. Sending is idempotent: a notice already sent or cancelled is skipped.
"""

import smtplib
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import message_from_bytes
from email.message import Message

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import event, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from committees import mail
from committees.extensions import db
from committees.models import DeliveryMode, Heartbeat, Notice, NoticeStatus, User
from committees.models.base import utcnow
from committees.models.notice import UNSENT_SQL
from committees.urls import absolute_url
from workflows import notice_emails, notice_marks, notices
from workflows.notice_emails import message_id

SENDABLE = (DeliveryMode.immediate, DeliveryMode.off)


@dataclass
class SweepResult:
    """What one sweep did."""

    claimed: int = 0
    sent: int = 0
    cancelled: int = 0
    retried: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def _claimable(now: datetime, modes=SENDABLE):
    stuck = now - timedelta(seconds=current_app.config["NOTICE_STUCK_SECONDS"])
    return (
        select(Notice.id)
        .where(
            # Literally the predicate of ix_notices_unsent_due, so the planner may use it.
            text(f"notices.{UNSENT_SQL}"),
            Notice.mode.in_(modes),
            or_(
                (Notice.status == NoticeStatus.pending) & (Notice.due_at <= now),
                (Notice.status == NoticeStatus.sending) & (Notice.claimed_at < stuck),
            ),
        )
        .order_by(Notice.due_at)
    )


def claim(
    limit: int, now: datetime | None = None, ids: list[int] | None = None, modes=SENDABLE
) -> list[Notice]:
    """Take up to `limit` due notices for this process; returns them, loaded."""
    now = now or utcnow()
    token = uuid.uuid4().hex
    candidates = _claimable(now, modes).limit(limit)
    if ids is not None:
        candidates = candidates.where(Notice.id.in_(ids))
    if db.engine.dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    stuck = now - timedelta(seconds=current_app.config["NOTICE_STUCK_SECONDS"])
    db.session.execute(
        db.update(Notice)
        .where(
            Notice.id.in_(candidates.scalar_subquery()),
            # Re-checked at update time: whoever updates first wins, the other gets 0 rows.
            or_(
                Notice.status == NoticeStatus.pending,
                (Notice.status == NoticeStatus.sending) & (Notice.claimed_at < stuck),
            ),
        )
        .values(
            status=NoticeStatus.sending,
            claim_token=token,
            claimed_at=now,
            attempts=Notice.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return list(
        db.session.scalars(
            select(Notice)
            .where(Notice.claim_token == token)
            .options(selectinload(Notice.recipient))
            .order_by(Notice.due_at)
        )
    )


def render(notice: Notice, extra: dict | None = None) -> Message:
    """The e-mail for one notice, in its recipient's language."""
    data = notice_emails.Renderer().message(notice, extra)
    return message_from_bytes(data.replace(b"\r\n", b"\n"), policy=mail.POLICY)


def _finish(notice: Notice, status: NoticeStatus, emailed: bool = False) -> None:
    values: dict = {"status": status, "claim_token": None}
    if status is NoticeStatus.sent:
        values["sent_at"] = utcnow()
        if emailed:
            values["emailed_at"] = values["sent_at"]
            values["message_id"] = message_id(notice)
    notice_marks.write(notice, **values)


def _retry_later(notice: Notice, error: Exception, result: SweepResult) -> None:
    error_text = f"{type(error).__name__}: {error}"[:1000]
    if notice.attempts >= current_app.config["NOTICE_MAX_ATTEMPTS"]:
        notice_marks.write(
            notice, status=NoticeStatus.failed, claim_token=None, last_error=error_text
        )
        result.failed += 1
        return
    backoff = current_app.config["NOTICE_RETRY_BASE_SECONDS"] * 2 ** (notice.attempts - 1)
    notice_marks.write(
        notice,
        status=NoticeStatus.pending,
        claim_token=None,
        last_error=error_text,
        due_at=utcnow() + timedelta(seconds=backoff),
    )
    result.retried += 1


@contextmanager
def _batch_stays_loaded(batch: list[Notice]) -> Iterator[Callable[[], None]]:
    """Commit per notice without expiring (and so reloading) the whole batch at every commit.

    Yields a function that expires what the still-true checks loaded, so each check reads fresh
    rows; it costs the number of such objects, not the size of the batch.
    """
    session = db.session()
    keep = {id(n) for n in batch} | {id(n.recipient) for n in batch}
    others: dict[int, object] = {}

    def loaded(_session, instance) -> None:
        if id(instance) not in keep:
            others[id(instance)] = instance

    def refresh_others() -> None:
        for obj in others.values():
            if obj in session:
                session.expire(obj)

    before, session.expire_on_commit = session.expire_on_commit, False
    event.listen(session, "loaded_as_persistent", loaded)
    try:
        yield refresh_others
    finally:
        event.remove(session, "loaded_as_persistent", loaded)
        session.expire_on_commit = before
        session.expire_all()


def deliver_claimed(
    batch: list[Notice],
    result: SweepResult | None = None,
    renderer: notice_emails.Renderer | None = None,
) -> SweepResult:
    """Send a claimed batch over one SMTP connection; each notice is committed on its own.

    One commit per notice keeps the window in which a crash could send a message twice (sent,
    not yet marked) to a single message (see `notice_marks` for what a database crash can do).
    """
    result = result or SweepResult()
    result.claimed += len(batch)
    renderer = renderer or notice_emails.Renderer()
    with (
        mail.Sender() as sender,
        _batch_stays_loaded(batch) as refresh_others,
        notice_marks.own_commits(),
    ):
        for notice in batch:
            refresh_others()
            _deliver(notice, sender, renderer, result)
            if db.session().in_transaction():
                db.session.commit()
    return result


def _deliver(
    notice: Notice, sender: mail.Sender, renderer: notice_emails.Renderer, result: SweepResult
) -> None:
    kind = notices.REGISTRY.get(notice.kind)
    if kind is None or not notice.addressee.active or not kind.still_true(notice):
        _finish(notice, NoticeStatus.cancelled)
        result.cancelled += 1
    elif notice.mode is DeliveryMode.off:
        _finish(notice, NoticeStatus.sent)
        result.sent += 1
    else:
        try:
            msg = renderer.message(notice, kind.late_context(notice))
            sender.send(msg, to=notice.addressee.email)
        except (smtplib.SMTPException, OSError) as error:
            _retry_later(notice, error, result)
        except Exception as error:  # one unrenderable notice must not stall the batch
            current_app.logger.exception("notice %s could not be rendered", notice.id)
            _retry_later(notice, error, result)
        else:
            _finish(notice, NoticeStatus.sent, emailed=True)
            result.sent += 1


def deliver_one(notice_id: int) -> SweepResult:
    """Deliver one notice now if it is due and nobody else has it (the after-commit task)."""
    return deliver_claimed(claim(1, ids=[notice_id]))


def sweep(
    batch_size: int = 500,
    max_batches: int | None = None,
    now: datetime | None = None,
    workers: int | None = None,
) -> SweepResult:
    """Deliver everything due or stuck, batch by batch; record that the sweep ran.

    With `workers` > 1 (default NOTICE_SWEEP_WORKERS) that many threads sweep side by side, each
    with its own session and SMTP connection, so one waits for the mail server while another
    renders; claiming keeps them off each other's notices exactly as it does separate processes.
    """
    workers = workers or current_app.config["NOTICE_SWEEP_WORKERS"]
    if workers <= 1 or db.engine.url.database in (None, "", ":memory:"):
        result = _sweep_loop(batch_size, max_batches, now)
    else:
        app = current_app._get_current_object()
        db.session.commit()  # the threads' sessions must see what this one has written

        def loop() -> SweepResult:
            with app.app_context():
                try:
                    return _sweep_loop(batch_size, max_batches, now)
                finally:
                    db.session.remove()

        with ThreadPoolExecutor(workers, thread_name_prefix="sweep") as pool:
            parts = [f.result() for f in [pool.submit(loop) for _ in range(workers)]]
        result = SweepResult()
        for part in parts:
            for name in ("claimed", "sent", "cancelled", "retried", "failed"):
                setattr(result, name, getattr(result, name) + getattr(part, name))
    _beat("sweep")
    return result


def _sweep_loop(batch_size: int, max_batches: int | None, now: datetime | None) -> SweepResult:
    result = SweepResult()
    renderer = notice_emails.Renderer()  # one per thread: batches share what it rendered
    batches = 0
    while max_batches is None or batches < max_batches:
        batch = claim(batch_size, now)
        if not batch:
            break
        deliver_claimed(batch, result, renderer)
        batches += 1
    return result


def _beat(name: str) -> None:
    """Record that a sweep ran: one row per name, written by whichever sweeper ends last."""
    values = {"name": name, "beat_at": utcnow()}
    dialect = db.engine.dialect.name
    if dialect not in ("postgresql", "sqlite"):
        db.session.merge(Heartbeat(**values))
    else:
        # An upsert: two sweepers ending at once on a new installation both inserted the row,
        # and the second sweep failed (after delivering everything) on the primary key.
        module = postgresql if dialect == "postgresql" else sqlite
        stmt = module.insert(Heartbeat).values(**values)
        db.session.execute(
            stmt.on_conflict_do_update(index_elements=["name"], set_={"beat_at": values["beat_at"]})
        )
    db.session.commit()


def backlog(now: datetime | None = None) -> int:
    """How many notices are due and not yet delivered."""
    now = now or utcnow()
    return db.session.scalar(select(db.func.count()).select_from(_claimable(now).subquery()))


def resend(notice: Notice) -> None:
    """Put a failed notice back in the queue (the secretariat's resend button)."""
    notice.status = NoticeStatus.pending
    notice.attempts = 0
    notice.due_at = utcnow()
    notice.last_error = ""
    db.session.info.setdefault("notices_to_deliver", []).append(notice.id)
    db.session.commit()


def digest_subject(count: int) -> str:
    """The subject of a digest e-mail (in the current locale)."""
    return _("%(n)s nye varsler fra Opgaveudvalg", n=count)


def _digest_groups(batch: list[Notice]) -> dict[int, list[Notice]]:
    groups: dict[int, list[Notice]] = {}
    for n in batch:
        groups.setdefault(n.recipient_id, []).append(n)
    return groups


def send_digests(now: datetime | None = None, limit: int = 2000) -> SweepResult:
    """One e-mail per person with every digest notice due, grouped by committee, sent once."""
    now = now or utcnow()
    result = SweepResult()
    batch = claim(limit, now, modes=(DeliveryMode.daily, DeliveryMode.weekly))
    result.claimed = len(batch)
    with mail.Sender() as sender:
        for notices_ in _digest_groups(batch).values():
            live = []
            for n in notices_:
                kind = notices.REGISTRY.get(n.kind)
                if kind is None or not kind.still_true(n):
                    _finish(n, NoticeStatus.cancelled)
                    result.cancelled += 1
                else:
                    live.append(n)
            if live and not live[0].recipient.active:
                for n in live:
                    _finish(n, NoticeStatus.cancelled)
                result.cancelled += len(live)
            elif live:
                try:
                    sender.send(render_digest(live))
                except (smtplib.SMTPException, OSError) as error:
                    for n in live:
                        _retry_later(n, error, result)
                else:
                    for n in live:
                        _finish(n, NoticeStatus.sent, emailed=True)
                    result.sent += len(live)
            db.session.commit()
    _beat("digest")
    return result


def render_digest(batch: list[Notice]):
    """One e-mail for a person's digest notices, grouped by committee."""
    user: User = batch[0].recipient
    groups: dict[str, list[dict]] = {}
    with force_locale(user.locale):
        for n in batch:
            kind = notices.kind_of(n)
            item = {
                "title": kind.title(n.context),
                "body": kind.body(n.context),
                "url": absolute_url(kind.endpoint, **kind.link_values(n)),
            }
            groups.setdefault(n.context.get("committee") or "", []).append(item)
        subject = digest_subject(len(batch))
    return mail.render_email(
        user.email,
        subject,
        "digest",
        user.locale,
        message_id=f"<digest-{user.id}-{batch[0].id}-{len(batch)}@{mail.mail_domain()}>",
        user=user,
        groups=sorted(groups.items()),
        settings_url=absolute_url("notices.settings"),
    )
