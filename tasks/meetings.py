"""Meetings' scheduled work: minutes whose approval deadline has passed."""

from celery import shared_task

from workflows.meetings import minutes


@shared_task(ignore_result=True, acks_late=True)
def close_due_approvals() -> int:
    """Approve and lock minutes past their deadline (committees with the rule "deadline").

    Safe twice: each meeting is changed by an UPDATE that requires it still to be in approval
    with no unanswered comment, so a second run (a retried task, two beats) finds nothing.
    """
    return minutes.close_due_approvals()
