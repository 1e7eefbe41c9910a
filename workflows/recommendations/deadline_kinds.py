"""The deadline reminders' kinds and policies: the handover date, and implementation actions
coming due, overdue and escalated (who, what and when: workflows/recommendations/deadlines.py).

They are reminders of the recipient's own deadline: they cannot be switched off, only gathered
in a digest, and each asks for an action ("kræver handling") until it is done.
"""

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from committees.extensions import db
from committees.models import Committee, ImplementationAction, Notice
from workflows import reminders
from workflows.notices import NoticeKind, register
from workflows.recommendations import deadlines
from workflows.recommendations.deadlines import (
    ACTION_DUE_SOON,
    ACTION_ESCALATED,
    ACTION_OVERDUE,
    HANDOVER_DUE,
)


def _handover_still_ahead(n: Notice) -> bool:
    """Not handed over yet, and the mandate's handover date is the one reminded of."""
    c = db.session.get(Committee, n.subject_id) if n.subject_type == "Committee" else None
    anchor = deadlines.handover_date(c) if c is not None else None
    return anchor is not None and anchor.isoformat() == n.context.get("anchor")


def _action_if_unchanged(n: Notice) -> ImplementationAction | None:
    """The action, if it is still open with the due date the reminder was planned for."""
    if n.subject_type != ImplementationAction.__name__:
        return None
    action = db.session.get(ImplementationAction, n.subject_id)
    if action is None or not deadlines.is_open(action):
        return None
    return action if action.due_on.isoformat() == n.context.get("anchor") else None


def _still_open(n: Notice) -> bool:
    """The action is neither done nor dropped, and its due date has not moved."""
    return _action_if_unchanged(n) is not None


def _overdue_unanswered(n: Notice) -> bool:
    """Still open, and (unless the policy says "to everyone") nobody has answered with an
    update since the due date."""
    action = _action_if_unchanged(n)
    if action is None:
        return False
    return not (n.context.get("only_not_acted", True) and deadlines.answered_since_due(action))


def _date(ctx: dict) -> str:
    return format_date(date.fromisoformat(ctx["anchor"]), "long")


def _where(ctx: dict) -> str:
    return _(
        "%(committee)s, anbefaling %(number)s.", committee=ctx["committee"], number=ctx["number"]
    )


REMINDER = {"needs_action": True, "own_deadline": True}

register(
    NoticeKind(
        HANDOVER_DUE,
        _l("Påmindelse: udvalgets aflevering nærmer sig"),
        title=lambda ctx: _(
            "%(committee)s afleverer sine anbefalinger senest %(date)s",
            committee=ctx["committee"],
            date=_date(ctx),
        ),
        body=lambda ctx: _(
            "Afleveringsdatoen står i det godkendte kommissorium. Sørg for, at udvalget når at "
            "vedtage sine anbefalinger, så de kan afleveres til tiden."
        ),
        endpoint="recommendations.handover",
        still_true=_handover_still_ahead,
        **REMINDER,
    )
)
register(
    NoticeKind(
        ACTION_DUE_SOON,
        _l("Påmindelse: en handling skal snart være gennemført"),
        title=lambda ctx: _(
            "Handlingen »%(action)s« skal være gennemført senest %(date)s",
            action=ctx["action"],
            date=_date(ctx),
        ),
        body=lambda ctx: (
            _where(ctx)
            + " "
            + _(
                "Skriv en statusopdatering, når handlingen er gennemført, eller hvis den "
                "bliver forsinket."
            )
        ),
        endpoint="recommendations.show",
        still_true=_still_open,
        **REMINDER,
    )
)
register(
    NoticeKind(
        ACTION_OVERDUE,
        _l("Påmindelse: en handling har overskredet sin frist"),
        title=lambda ctx: _(
            "Handlingen »%(action)s« skulle have været gennemført %(date)s",
            action=ctx["action"],
            date=_date(ctx),
        ),
        body=lambda ctx: (
            _where(ctx)
            + " "
            + _("Skriv en statusopdatering: er handlingen gennemført, forsinket eller opgivet?")
        ),
        endpoint="recommendations.show",
        still_true=_overdue_unanswered,
        **REMINDER,
    )
)
register(
    NoticeKind(
        ACTION_ESCALATED,
        _l("Påmindelse til sekretariatet: en handling er længe over sin frist"),
        title=lambda ctx: _(
            "Handlingen »%(action)s« er stadig ikke gennemført (frist %(date)s)",
            action=ctx["action"],
            date=_date(ctx),
        ),
        body=lambda ctx: (
            _where(ctx)
            + " "
            + _(
                "Ansvarlig: %(owner)s. Kontaktperson: %(contact)s. Følg op med den ansvarlige, "
                "eller ret fristen.",
                owner=ctx["owner"],
                contact=ctx["contact"] or _("ingen"),
            )
        ),
        endpoint="recommendations.show",
        still_true=_still_open,
        **REMINDER,
    )
)

reminders.register(
    reminders.ReminderSpec(
        kind=HANDOVER_DUE,
        subjects=deadlines.before_handover,
        anchor=deadlines.handover_date,
        recipients=deadlines.handover_recipients,
        default_offsets=(-10, -3),
        context=deadlines.handover_context,
        holders=deadlines.committees_before_handover,
    )
)
for _kind, _offsets, _recipients in (
    (ACTION_DUE_SOON, (-5,), deadlines.contact_or_staff),
    (ACTION_OVERDUE, (1,), deadlines.contact_or_staff),
    (ACTION_ESCALATED, (10,), deadlines.escalation_recipients),
):
    reminders.register(
        reminders.ReminderSpec(
            kind=_kind,
            subjects=deadlines.actions_for(_kind),
            anchor=deadlines.action_due_on,
            recipients=_recipients,
            default_offsets=_offsets,
            context=deadlines.action_context,
            holders=deadlines.committees_with_open_actions,
        )
    )
