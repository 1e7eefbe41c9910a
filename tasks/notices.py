"""Delivering notices from the outbox: right after commit, and by the periodic sweep.

Each task calls one workflow function; task arguments are ids only.
"""

import smtplib

from celery import shared_task

from workflows import delivery


@shared_task(
    bind=True,
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
)
def deliver_notice(self, notice_id: int) -> int:
    """Deliver one notice. Safe twice: it claims the row conditionally (pending → sending), so a
    second run finds it sending or sent and does nothing; SMTP failures put the row back in the
    queue with a back-off, where this retry or the sweep picks it up."""
    return delivery.deliver_one(notice_id).sent


@shared_task(ignore_result=True, acks_late=True)
def sweep() -> int:
    """Deliver everything due or stuck. Safe twice, and with two sweepers at once: claiming is a
    conditional UPDATE (FOR UPDATE SKIP LOCKED on PostgreSQL), so no notice is taken twice."""
    return delivery.sweep().sent


@shared_task(ignore_result=True, acks_late=True)
def send_digests() -> int:
    """Send digests that are due. Safe twice: the notices are claimed before the e-mail is
    written and marked sent after, so a second run finds nothing to claim."""
    return delivery.send_digests().sent
