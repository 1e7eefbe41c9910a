"""Recommendations' scheduled work: the periodic "what became of our recommendations" digest,
and the periodic planning of the handover and implementation deadline reminders."""

from celery import shared_task

from workflows.recommendations import deadlines, digest


@shared_task(ignore_result=True, acks_late=True)
def send_committee_digests() -> int:
    """Write each committee's digest notices for the current period; returns how many.

    Safe twice: every notice's dedupe key names the committee, the period number and the
    recipient, so a second run in the same period (beat runs this hourly) writes nothing new,
    and a crash halfway is finished by the next run.
    """
    return digest.send_digests()


@shared_task(ignore_result=True, acks_late=True)
def plan_deadline_reminders() -> int:
    """Plan the handover and action reminders of every committee that can have one (and send
    at once any reminder of one's own deadline still stored as "off"); returns how many
    committees were planned.

    Safe twice: every reminder's dedupe key names its kind, subject, anchor date, offset and
    recipient, so a second run finds every key taken and writes nothing; moments already past
    are not created late; an "off" turned on once is not "off" the second time.
    """
    return deadlines.plan_all()
