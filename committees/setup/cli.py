"""`flask setup` (the first administrator) and `flask users …` for operators.

No password is ever given here: each account gets a single-use link to choose one, printed
(for the operator to hand over) or mailed through the outbox.
"""

import click
from email_validator import EmailNotValidError, validate_email
from flask.cli import AppGroup

from committees.extensions import db
from committees.models import Role, User
from workflows import setup
from workflows.errors import WorkflowError

ROLES = [r.value for r in Role]


def _checked_email(value: str) -> str:
    try:
        validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise click.BadParameter(f"{value!r} is not an e-mail address ({exc})") from exc
    return User.normalize_email(value)


def _refused(error: WorkflowError) -> None:
    raise click.ClickException(str(error.message))


@click.command("setup")
@click.option(
    "--municipality", "municipality", help="The municipality's name, e.g. 'Gentofte Kommune'."
)
@click.option("--admin-email", required=True, help="The first administrator's e-mail address.")
@click.option(
    "--admin-name", default="", help="The administrator's name (default: from the address)."
)
@click.option(
    "--add-admin", is_flag=True, help="Add an administrator to an installation that has one."
)
def setup_command(
    municipality: str | None, admin_email: str, admin_name: str, add_admin: bool
) -> None:
    """Set up an empty installation: the municipality and its first administrator."""
    email = _checked_email(admin_email)
    try:
        if add_admin:
            user, link = setup.add_admin(email, admin_name.strip())
        else:
            if not (municipality or "").strip():
                raise click.UsageError("--municipality NAME is required for the first set-up")
            if any(ch < " " for ch in municipality) or len(municipality.strip()) > 120:
                raise click.BadParameter(
                    "one line, at most 120 characters", param_hint="--municipality"
                )
            user, link = setup.first_setup(municipality, email, admin_name.strip())
    except WorkflowError as error:
        _refused(error)
    click.echo(f"Administrator {user.name} <{user.email}> created.")
    click.echo("Open this link within 24 hours to choose a password (it works once):")
    click.echo(link)


users_cli = AppGroup("users", help="Accounts, for operators.")


@users_cli.command("create")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option(
    "--print-link", is_flag=True, help="Print the invitation link instead of e-mailing it."
)
def create_user(role: str, email: str, name: str, print_link: bool) -> None:
    """Create an account and invite it (by e-mail through the outbox, or a printed link)."""
    if not name.strip():
        raise click.BadParameter("the name is empty", param_hint="--name")
    try:
        user, link = setup.create_from_cli(
            _checked_email(email), name.strip(), Role(role), mail_it=not print_link
        )
    except WorkflowError as error:
        _refused(error)
    click.echo(f"Created {user.role.value} {user.name} <{user.email}>.")
    click.echo(link if link else "The invitation is in the outbox; the worker sends it.")


@users_cli.command("list")
def list_users() -> None:
    """Every account: e-mail, role, active, whether a password is set, last login."""
    for u in db.session.scalars(db.select(User).order_by(User.role, User.email)):
        login = f"{u.last_login_at:%Y-%m-%d %H:%M}Z" if u.last_login_at else "never"
        click.echo(
            f"{u.email:<40} {u.role.value:<14} {'active' if u.active else 'INACTIVE':<8} "
            f"{'password' if u.has_password else 'invited':<8}  last login {login}  {u.name}"
        )


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_user(email: str) -> None:
    """Deactivate an account: it cannot log in, and its sessions end at once."""
    try:
        user = setup.deactivate_from_cli(email)
    except WorkflowError as error:
        _refused(error)
    click.echo(f"Deactivated {user.name} <{user.email}>.")
