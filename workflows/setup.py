"""Day one: the municipality's settings row, its first administrators, accounts from the command
line, the municipality's facts and closing days, a test e-mail, and the set-up checklist."""

import smtplib
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from committees import mail, signing, site
from committees.extensions import db
from committees.models import (
    BodyKind,
    CouncilMeeting,
    Municipality,
    PoliticalBody,
    Role,
    User,
)
from committees.models.base import local_today, utcnow
from committees.models.municipality import parse_closing_day
from committees.urls import absolute_url
from workflows import accounts, audit
from workflows.errors import NotAllowed, atomic

CLI = {"via": "command line"}
FACT_FIELDS = (
    "name",
    "web_url",
    "contact_email",
    "contact_phone",
    "accessibility_url",
    "dpo_contact",
    "privacy_notice",
    "sender_name",
)


def _administrators() -> int:
    return db.session.scalar(
        db.select(db.func.count(User.id)).where(User.role == Role.administrator)
    )


def _first_link(user: User) -> str:
    return absolute_url("auth.first_password", token=accounts.make_token(user, accounts.FIRST))


def _new_admin(email: str, name: str) -> User:
    if User.by_email(email) is not None:
        raise NotAllowed(
            _("Der findes allerede en konto med e-mailadressen %(email)s.", email=email)
        )
    user = accounts.create_user(email, name or email.split("@")[0], Role.administrator, None)
    audit.record("user.created_from_cli", user, None, committee_id=None, details=dict(CLI))
    return user


@atomic
def first_setup(municipality_name: str, email: str, name: str = "") -> tuple[User, str]:
    """On an installation without administrators: the settings row and the first one.

    Returns the account and a single-use link (24 hours) to choose a password; the password
    itself never passes through the command line, the environment or a log."""
    if _administrators():
        raise NotAllowed(
            _("Installationen har allerede en administrator. Brug --add-admin for at tilføje en.")
        )
    m = db.session.get(Municipality, 1)
    if m is None:
        m = Municipality(id=1, name=municipality_name.strip(), closing_days=["12-24", "12-31"])
        db.session.add(m)
    else:
        m.name = municipality_name.strip()
    audit.record("municipality.set_up", m, None, committee_id=None, details=dict(CLI))
    user = _new_admin(email, name)
    link = _first_link(user)
    db.session.commit()
    site.forget()
    return user, link


@atomic
def add_admin(email: str, name: str = "") -> tuple[User, str]:
    """Another administrator on an installation that has been set up."""
    if not _administrators():
        raise NotAllowed(_("Installationen er ikke sat op endnu: kør først flask setup."))
    user = _new_admin(email, name)
    link = _first_link(user)
    db.session.commit()
    return user, link


@atomic
def create_from_cli(email: str, name: str, role: Role, *, mail_it: bool) -> tuple[User, str]:
    """An account made by an operator: invited through the outbox, or a link to hand over."""
    if User.by_email(email) is not None:
        raise NotAllowed(
            _("Der findes allerede en konto med e-mailadressen %(email)s.", email=email)
        )
    user = accounts.create_user(email, name, role, None)
    audit.record("user.created_from_cli", user, None, committee_id=None, details=dict(CLI))
    link = ""
    if mail_it:
        accounts.invite(user, None)
    else:
        user.invited_at = utcnow()
        link = absolute_url("auth.accept_invitation", token=accounts.make_token(user, "invite"))
    db.session.commit()
    return user, link


@atomic
def deactivate_from_cli(email: str) -> User:
    """Close an account: it cannot log in, and its sessions end at once."""
    user = User.by_email(email)
    if user is None:
        raise NotAllowed(_("Der findes ingen konto med e-mailadressen %(email)s.", email=email))
    if user.role is Role.administrator and user.active and _active_admins() == 1:
        raise NotAllowed(_("Det er den eneste aktive administrator; tilføj en anden først."))
    user.active = False
    user.session_token = accounts.new_session_token()
    user.link_secret = signing.new_link_secret()
    audit.record("user.deactivated_from_cli", user, None, committee_id=None, details=dict(CLI))
    db.session.commit()
    return user


def _active_admins() -> int:
    return db.session.scalar(
        db.select(db.func.count(User.id)).where(
            User.role == Role.administrator, User.active.is_(True)
        )
    )


def settings_row() -> Municipality:
    """The settings row, made on first use by the app (an installation from before setup)."""
    m = db.session.get(Municipality, 1)
    if m is None:
        m = Municipality(id=1, name="", closing_days=["12-24", "12-31"])
        db.session.add(m)
        db.session.flush()
    return m


def update_facts(values: dict, actor: User) -> list[str]:
    """Store the municipality's facts; the audit entry names the fields that changed."""
    m = settings_row()
    changed = [f for f in FACT_FIELDS if f in values and getattr(m, f) != values[f]]
    for field in changed:
        setattr(m, field, values[field])
    if changed:
        audit.record(
            "municipality.changed", m, actor, committee_id=None, details={"fields": changed}
        )
    db.session.commit()
    site.forget()
    return changed


def set_logo(data: bytes | None, content_type: str, actor: User) -> None:
    """A new logo (already checked by committees.setup.logo), or none."""
    m = settings_row()
    m.logo, m.logo_type = (data, content_type) if data else (None, "")
    m.updated_at = utcnow()
    audit.record(
        "municipality.logo_changed", m, actor, committee_id=None, details={"type": m.logo_type}
    )
    db.session.commit()
    site.forget()


MAX_YEARLY_CLOSING_DAYS = 60  # and so always more than 150 working days a year


def parse_closing_days(text: str) -> tuple[list[str], list[str]]:
    """(normalized days, the entries that are not a day) from one entry per line or comma."""
    good, bad = set(), []
    for item in text.replace(",", "\n").splitlines():
        item = item.strip()
        if not item:
            continue
        day = parse_closing_day(item)
        if day is None:
            bad.append(item)
        else:
            good.add(day.isoformat() if isinstance(day, date) else f"{day[0]:02d}-{day[1]:02d}")
    return sorted(good, key=lambda d: (len(d) == 10, d)), bad


def set_closing_days(days: list[str], actor: User) -> None:
    """Store the closing days (already normalized) and mark the step done."""
    m = settings_row()
    old = list(m.closing_days or [])
    m.closing_days = days
    m.closing_days_saved_at = utcnow()
    audit.record(
        "municipality.closing_days_changed",
        m,
        actor,
        committee_id=None,
        details={"before": old, "after": days},
    )
    db.session.commit()
    site.forget()


def _text(said: bytes | str) -> str:
    return said.decode(errors="replace") if isinstance(said, bytes) else str(said)


def send_test_message(user: User) -> tuple[bool, str]:
    """Send a test e-mail to `user` straight through the relay: (sent, the relay's own words)."""
    if not current_app.config["MAIL_SERVER"]:
        return False, _(
            "Der er ingen mailserver sat op (MAIL_SERVER): e-mails bliver skrevet som filer på "
            "serveren. Bed driften om at sætte MAIL_SERVER."
        )
    msg = mail.render_email(
        user.email, _l("Test fra opgaveudvalgssystemet"), "test_message", user.locale, user=user
    )
    try:
        mail.deliver(msg)
    except smtplib.SMTPRecipientsRefused as exc:
        said = [f"{code} {_text(text)}" for code, text in exc.recipients.values()]
        return False, "; ".join(said)
    except smtplib.SMTPResponseException as exc:
        return False, f"{exc.smtp_code} {_text(exc.smtp_error)}".strip()
    except (smtplib.SMTPException, OSError) as exc:
        return False, str(exc) or type(exc).__name__
    m = settings_row()
    m.mail_tested_at = utcnow()
    audit.record("municipality.mail_tested", m, user, committee_id=None, details={})
    db.session.commit()
    return True, user.email


# --- the checklist ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One step of the set-up checklist, with where to do it."""

    key: str
    label: str
    done: bool
    endpoint: str


def _active(kind: BodyKind):
    return db.exists().where(PoliticalBody.kind == kind, PoliticalBody.active.is_(True))


def _progress():
    """What the database says of the steps, in one query (the dashboard asks on every visit)."""
    council = (PoliticalBody.kind == BodyKind.council) & PoliticalBody.active.is_(True)
    staff = db.select(User.id).where(User.role.in_((Role.administrator, Role.secretariat)))
    return db.session.execute(
        db.select(
            (
                _active(BodyKind.council)
                & _active(BodyKind.finance_committee)
                & _active(BodyKind.standing_committee)
            ).label("bodies"),
            db.exists(db.select(PoliticalBody.id).join(PoliticalBody.members).where(council)).label(
                "councillors"
            ),
            db.exists(
                db.select(CouncilMeeting.id)
                .join(CouncilMeeting.body)
                .where(PoliticalBody.kind == BodyKind.council)
                .where(CouncilMeeting.meets_on >= local_today())
            ).label("calendar"),
            (
                db.select(db.func.count()).select_from(staff.limit(2).subquery()).scalar_subquery()
                > 1
            ).label("colleagues"),
        )
    ).one()


def checklist() -> list[Step]:
    """Every set-up step and whether it is done, in the order a new municipality takes them."""
    m = site.municipality()
    facts = bool(m.name and (m.contact_email or m.contact_phone) and m.accessibility_url)
    done = _progress()
    return [
        Step("facts", _l("Kommunens oplysninger"), facts, "setup.municipality"),
        Step("bodies", _l("Politiske udvalg"), done.bodies, "setup.bodies_index"),
        Step(
            "councillors",
            _l("Medlemmer af kommunalbestyrelsen"),
            done.councillors,
            "setup.bodies_index",
        ),
        Step(
            "calendar",
            _l("Politisk kalender"),
            done.calendar,
            "recommendations.council_calendar",
        ),
        Step(
            "closing",
            _l("Lukkedage og påmindelser"),
            m.closing_days_saved_at is not None,
            "setup.closing_days",
        ),
        Step("mail", _l("E-mail virker"), m.mail_tested_at is not None, "setup.mail_test"),
        Step("people", _l("Kolleger inviteret"), done.colleagues, "setup.people_import"),
    ]


def is_complete() -> bool:
    """Every step done: the dashboard stops showing the checklist."""
    return all(step.done for step in checklist())
