"""Recommendations' scheduled work: the periodic "what became of our recommendations" digest."""

from celery import shared_task

from workflows.recommendations import digest


@shared_task(ignore_result=True, acks_late=True)
def send_committee_digests() -> int:
    """Write each committee's digest notices for the current period; returns how many.

    Safe twice: every notice's dedupe key names the committee, the period number and the
    recipient, so a second run in the same period (beat runs this hourly) writes nothing new,
    and a crash halfway is finished by the next run.
    """
    return digest.send_digests()
