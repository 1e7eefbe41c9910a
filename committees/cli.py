"""Command-line tools: `flask demo load`, `flask demo logins`."""

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


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(demo_cli)
