"""Command-line interface: ``cluster-scheduler`` wraps Flask's CLI with clear one-line errors."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy.exc import OperationalError, ProgrammingError

from scheduler.database import check_connection, describe_failure
from scheduler.errors import ConfigError


@click.group("demo", help="The demonstration event.")
def demo_group() -> None:
    """Commands for the demonstration event."""


@demo_group.command("load")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Do nothing (but print the credentials) when the demo event is already loaded.",
)
@click.option("--seed", default=2027, show_default=True, help="Seed of the generated names.")
@with_appcontext
def demo_load(if_empty: bool, seed: int) -> None:
    """Create the Plant InterCluster demo event and its organiser account."""
    from scheduler.demo import DemoAlreadyLoaded, load_demo

    check_connection(current_app)
    try:
        credentials = load_demo(seed=seed)
    except DemoAlreadyLoaded as loaded:
        if not if_empty:
            raise click.ClickException(str(loaded)) from None
        click.echo(f"Demo data already loaded ({loaded.slug}).")
        credentials = loaded.credentials
    if credentials:
        click.echo(f"Demo organiser: {credentials.email} / password: {credentials.password}")


@click.command("check-db")
@with_appcontext
def check_db() -> None:
    """Check that the configured database can be reached."""
    check_connection(current_app)
    click.echo("Database reachable.")


@click.group("outbox", help="Queued emails.")
def outbox_group() -> None:
    """Commands for the email outbox."""


@outbox_group.command("send")
@click.option("--limit", default=500, show_default=True, help="Most emails to send.")
@with_appcontext
def outbox_send(limit: int) -> None:
    """Send the queued emails that are due."""
    from scheduler.mail.delivery import deliver_pending

    click.echo(f"Sent {deliver_pending(limit=limit)} email(s).")


@click.group("requests", help="Meeting requests.")
def requests_group() -> None:
    """Commands for meeting requests."""


@requests_group.command("expire")
@with_appcontext
def requests_expire() -> None:
    """Mark pending requests past their deadline as expired."""
    from scheduler.extensions import db
    from scheduler.matchmaking.requests import expire_pending

    count = expire_pending()
    db.session.commit()
    click.echo(f"Expired {count} request(s).")


def register_commands(app: Flask) -> None:
    app.cli.add_command(demo_group)
    app.cli.add_command(check_db)
    app.cli.add_command(outbox_group)
    app.cli.add_command(requests_group)


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``cluster-scheduler``: Flask's CLI on our app, errors on one line."""
    from scheduler import create_app

    try:
        app = create_app()
    except ConfigError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    group = FlaskGroup(create_app=lambda: app, add_version_option=False, set_debug_flag=False)
    try:
        group.main(args=argv, prog_name="cluster-scheduler")
    except ConfigError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    except (OperationalError, ProgrammingError) as error:
        message = describe_failure(app.config["SQLALCHEMY_DATABASE_URI"], error)
        click.echo(f"Error: {message}", err=True)
        sys.exit(2)
