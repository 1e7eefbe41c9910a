"""Command-line tools: `flask demo …`, `flask notices …`, `flask config check`."""

import click
from flask import Flask
from flask.cli import AppGroup

from committees.extensions import db
from committees.models import User

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("load")
@click.option("--force", is_flag=True, help="Load even if the database has users.")
def load(force: bool) -> None:
    """Load the demo municipality if the database is empty."""
    from committees import demo

    if not force and db.session.scalar(db.select(User.id).limit(1)) is not None:
        click.echo("Database already has data; demo not loaded.")
        return
    demo.load()
    click.echo("Demo data loaded.")


@demo_cli.command("logins")
def logins() -> None:
    """Print the demo logins."""
    from committees import demo

    click.echo(demo.logins_text())


notices_cli = AppGroup("notices", help="The notices outbox.")


@notices_cli.command("sweep")
@click.option("--batch-size", default=500, show_default=True, help="Notices claimed at a time.")
@click.option("--threads", type=int, default=None, help="Sweep threads [NOTICE_SWEEP_WORKERS].")
def sweep_now(batch_size: int, threads: int | None) -> None:
    """Deliver every due or stuck notice now (what the periodic sweep does)."""
    from workflows import delivery

    result = delivery.sweep(batch_size=batch_size, workers=threads)
    digests = delivery.send_digests()
    click.echo(
        f"claimed {result.claimed}, sent {result.sent}, cancelled {result.cancelled}, "
        f"retry later {result.retried}, failed {result.failed}; digest notices sent {digests.sent}"
    )


@notices_cli.command("list")
@click.option("--pending", is_flag=True, help="Only pending and sending notices.")
@click.option("--failed", is_flag=True, help="Only notices that failed after every retry.")
@click.option("--limit", default=50, show_default=True)
def list_notices(pending: bool, failed: bool, limit: int) -> None:
    """List notices, newest due first."""
    from sqlalchemy.orm import selectinload

    from committees.models import Notice, NoticeStatus

    stmt = db.select(Notice).options(selectinload(Notice.recipient)).order_by(Notice.due_at.desc())
    if pending:
        stmt = stmt.where(Notice.status.in_([NoticeStatus.pending, NoticeStatus.sending]))
    if failed:
        stmt = stmt.where(Notice.status == NoticeStatus.failed)
    for n in db.session.scalars(stmt.limit(limit)):
        click.echo(
            f"{n.id:>6}  {n.status.name:<9} {n.mode.name:<9} {n.due_at:%Y-%m-%d %H:%M}Z  "
            f"{n.kind:<26} {n.addressee.email}  attempts={n.attempts}"
            + (f"  error={n.last_error}" if n.last_error else "")
        )


config_cli = AppGroup("config", help="The configuration.")


@config_cli.command("check")
def check_config() -> None:
    """Print the effective configuration (secrets masked) and every problem; exit 1 on a stop."""
    from flask import current_app

    from committees import settings

    cfg = current_app.config
    width = max(len(name) for name, _ in settings.effective(cfg))
    for name, value in settings.effective(cfg):
        click.echo(f"{name:<{width}}  {value}")
    findings = settings.review(cfg)
    stops = settings.stopping(cfg, findings)
    click.echo()
    for f in findings:
        level = "STOP" if f in stops else "warn" if f.level == "warn" else "stop (development)"
        click.echo(f"{level}: {f}")
    if not findings:
        click.echo("No problems found.")
    if stops:
        raise SystemExit(1)


def init_app(app: Flask) -> None:
    """Register the command groups."""
    from committees.setup.cli import setup_command, users_cli

    app.cli.add_command(setup_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(notices_cli)
    app.cli.add_command(config_cli)
