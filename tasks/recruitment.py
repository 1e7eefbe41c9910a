"""Recruitment's scheduled work: closing calls at their deadline, erasing expired applications."""

from celery import shared_task

from workflows import recruitment


@shared_task(ignore_result=True, acks_late=True)
def close_due_calls() -> int:
    """Close calls whose deadline has passed. Safe twice: closing is a conditional update."""
    return recruitment.close_due_calls()


@shared_task(ignore_result=True, acks_late=True)
def erase_expired() -> int:
    """Erase declined/reserve applications past the retention period. Safe twice."""
    return recruitment.erase_expired()
