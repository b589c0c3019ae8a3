"""Command-line interface: ``cluster-scheduler`` wraps Flask's CLI with clear one-line errors."""

from __future__ import annotations

import sys
import time
from collections import Counter
from datetime import UTC, datetime

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
@click.option(
    "--schedule/--no-schedule",
    default=True,
    show_default=True,
    help="Generate and publish the first B2B session (about 10 s).",
)
@with_appcontext
def demo_load(if_empty: bool, seed: int, schedule: bool) -> None:
    """Create the Plant InterCluster demo event and its organiser, co-organiser and viewer
    accounts."""
    from scheduler.demo import (
        DemoAlreadyLoaded,
        load_demo,
        read_accounts,
        schedule_first_session,
    )

    check_connection(current_app)
    try:
        load_demo(seed=seed)
    except DemoAlreadyLoaded as loaded:
        if not if_empty:
            raise click.ClickException(str(loaded)) from None
        click.echo(f"Demo data already loaded ({loaded.slug}).")
    else:
        if schedule:
            click.echo(schedule_first_session())
    for credentials in read_accounts():
        click.echo(f"{credentials.label}: {credentials.email} / password: {credentials.password}")


@click.command("check-db")
@with_appcontext
def check_db() -> None:
    """Check that the configured database can be reached."""
    check_connection(current_app)
    click.echo("Database reachable.")


@click.command("check-config")
@with_appcontext
def check_config() -> None:
    """Report, one line each, what is missing or unsafe for production; exit with status 1
    when something blocks it."""
    from scheduler.deployment import production_findings

    findings = production_findings(current_app.config)
    for finding in findings:
        click.echo(f"{'blocking' if finding.blocking else 'warning'}: {finding.message}")
    blocking = sum(finding.blocking for finding in findings)
    warnings = len(findings) - blocking
    if blocking:
        click.echo(
            f"Not ready for production: {blocking} blocking problem(s), {warnings} warning(s)."
        )
        click.get_current_context().exit(1)
    elif warnings:
        click.echo(f"No blocking problem; {warnings} warning(s).")
    else:
        click.echo("Ready for production: nothing missing or unsafe in the configuration.")


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


@click.group("privacy", help="Personal data.")
def privacy_group() -> None:
    """Commands for personal data."""


@privacy_group.command("purge")
@with_appcontext
def privacy_purge() -> None:
    """Erase the participants of events whose retention period is over (safe to repeat)."""
    from scheduler.extensions import db
    from scheduler.mail.delivery import forget_mailbox_copies
    from scheduler.registration.privacy import purge_expired

    check_connection(current_app)
    erasures = purge_expired()
    db.session.commit()
    forget_mailbox_copies(current_app, [i for erasure in erasures for i in erasure.erased_emails])
    click.echo(f"Erased {len(erasures)} participant(s) whose event's retention period is over.")


@click.group("reminders", help="Evening reminders of the next day's agenda.")
def reminders_group() -> None:
    """Commands for reminders."""


@reminders_group.command("send")
@click.option(
    "--at",
    "moment",
    type=click.DateTime(formats=["%Y-%m-%dT%H:%M"]),
    help="Act as if it were this UTC time (YYYY-MM-DDTHH:MM); default now.",
)
@with_appcontext
def reminders_send(moment: datetime | None) -> None:
    """Email the next day's agenda to each participant of the events that send reminders,
    from 18:00 at the venue the evening before each event day; safe to run every hour."""
    from sqlalchemy import select

    from scheduler.agenda.emails import queue_reminders
    from scheduler.agenda.reminders import reminder_day
    from scheduler.extensions import db
    from scheduler.mail.dispatch import send_after_commit
    from scheduler.models import Event, utcnow

    check_connection(current_app)
    now = moment.replace(tzinfo=UTC) if moment else utcnow()
    events = db.session.scalars(select(Event).where(Event.send_reminders.is_(True))).all()
    total = 0
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        for event in events:
            day = reminder_day(event, now)
            if day is not None:
                total += queue_reminders(db.session, event, day)
    db.session.commit()
    send_after_commit()
    click.echo(f"Queued {total} reminder(s).")


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


@click.group("schedule", help="Generating the B2B schedule.")
def schedule_group() -> None:
    """Commands for the B2B schedule."""


@schedule_group.command("solve")
@click.argument("slug")
@click.option("--session", "session_name", help="B2B session name or id (needed if several).")
@click.option("--time-limit", default=60.0, show_default=True, help="Seconds for the engine.")
@with_appcontext
def schedule_solve(slug: str, session_name: str | None, time_limit: float) -> None:
    """Compute the draft schedule of a B2B session in the foreground, printing the figures."""
    from scheduler.agenda.runs import RunInProgress, start_run
    from scheduler.extensions import db
    from scheduler.jobs import solve_run

    session = _b2b_session(slug, session_name)
    try:
        run = start_run(db.session, session, time_limit=time_limit)
    except RunInProgress as busy:
        raise click.ClickException(str(busy)) from None
    db.session.commit()
    click.echo(f"Run {run.id}: {session.event.name}, {session.name} ({time_limit:g} s at most)")
    run = solve_run(run.id, echo=_echo_progress)
    _report(run)


@schedule_group.command("publish")
@click.argument("slug")
@with_appcontext
def schedule_publish(slug: str) -> None:
    """Publish the draft schedule and email each participant whose meetings changed."""
    from scheduler.agenda.publish import PublishRefused, publish
    from scheduler.extensions import db
    from scheduler.jobs import send_publication_emails

    event = _event(slug)
    try:
        publication = publish(db.session, event)
    except PublishRefused as refusal:
        raise click.ClickException(str(refusal)) from None
    db.session.commit()
    emailed = 0
    if publication.log_id is not None:
        emailed, _ = send_publication_emails(current_app, publication.log_id)
    counts = Counter(change.kind.value for change in publication.changes)
    click.echo(
        f"Published {event.name}: {counts['added']} added, {counts['moved']} moved, "
        f"{counts['removed']} removed; {emailed} participant(s) emailed."
    )


@schedule_group.command("notify")
@click.argument("log_id", type=click.IntRange(min=1))
@with_appcontext
def schedule_notify(log_id: int) -> None:
    """Queue and send the emails and invitations of a publication (once; the app runs this
    in the background after each publication)."""
    from scheduler.jobs import send_publication_emails

    queued, sent = send_publication_emails(current_app, log_id)
    click.echo(f"Publication {log_id}: {queued} email(s) queued, {sent} sent.")


@schedule_group.command("bench")
@click.option("--event", "slug", help="Time an existing event (its first B2B session).")
@click.option("--participants", default=2000, show_default=True, help="Size of a generated event.")
@click.option("--requests", default=12000, show_default=True, help="Its accepted meetings.")
@click.option("--seed", default=1, show_default=True, help="Seed of the generated event.")
@click.option("--time-limit", default=60.0, show_default=True, help="Seconds for the engine.")
@click.option("--keep", is_flag=True, help="Keep the generated event afterwards.")
@with_appcontext
def schedule_bench(
    slug: str | None, participants: int, requests: int, seed: int, time_limit: float, keep: bool
) -> None:
    """Time the schedule's path on this database: read, solve, write, review, publish."""
    from scheduler.agenda import bench
    from scheduler.extensions import db

    check_connection(current_app)
    started = time.perf_counter()
    if slug:
        event = _event(slug)
        loaded = None
    else:
        slug = f"bench-{participants}-{seed}-{int(time.time())}"
        event = bench.load_generated(db.session, slug, participants, requests, seed)
        db.session.commit()
        loaded = time.perf_counter() - started
        click.echo(f"Loaded {event.name} into the database in {loaded:.1f} s.")
    session = bench.first_session(db.session, event)
    if session is None:
        raise click.ClickException(f"{event.name} has no B2B session.")
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        timings = bench.run(db.session, event, session, time_limit, db.session.commit)
    for name, seconds in timings.steps:
        click.echo(f"{name:<28} {seconds:8.2f} s")
    for name, value in timings.figures.items():
        click.echo(f"{name:<28} {value}")
    if loaded is not None and not keep:
        db.session.delete(event)
        db.session.commit()


@schedule_group.command("run", hidden=True)
@click.argument("run_id", type=click.IntRange(1, 2**31 - 1))
@with_appcontext
def schedule_run(run_id: int) -> None:
    """Solve a queued run (the child process the app starts without Redis)."""
    from scheduler.jobs import solve_run

    try:
        solve_run(run_id)
    except ValueError as error:
        raise click.ClickException(str(error)) from None


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
@with_appcontext
def worker(burst: bool) -> None:
    """Run background jobs (solver runs, email batches) from Redis (REDIS_URL) until stopped."""
    from redis import Redis
    from rq import Queue, Worker

    from scheduler.jobs import QUEUE_NAME

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException(
            "REDIS_URL is not set: without Redis the app solves in a child process."
        )
    connection = Redis.from_url(url)
    Worker([Queue(QUEUE_NAME, connection=connection)], connection=connection).work(burst=burst)


def _event(slug: str):
    from sqlalchemy import select

    from scheduler.extensions import db
    from scheduler.models import Event

    check_connection(current_app)
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        raise click.ClickException(f"No event with the slug {slug!r}.")
    return event


def _b2b_session(slug: str, name: str | None):
    event = _event(slug)
    sessions = event.b2b_sessions
    if name is not None:
        sessions = [s for s in sessions if s.name.lower() == name.lower() or str(s.id) == name]
    if len(sessions) != 1:
        names = ", ".join(repr(s.name) for s in event.b2b_sessions) or "none"
        what = "Choose one with --session" if name is None else f"No session {name!r}"
        raise click.ClickException(f"{what}; the B2B sessions of {slug} are: {names}.")
    return sessions[0]


def _echo_progress(event) -> None:
    value = "-" if event.value != event.value else f"{event.value:g}"
    click.echo(
        f"  {event.seconds:6.1f} s  {event.stage:<16} value {value:>6}  bound {event.bound:g}"
    )


def _report(run) -> None:
    from scheduler.agenda.apply import SCHEDULE_STATUSES

    figures = run.figures or {}
    for objective in figures.get("objectives", []):
        proof = "optimal" if objective["optimal"] else f"gap {objective['gap']:.1%}"
        click.echo(
            f"{objective['name']:<16} value {objective['value']:>6}  bound {objective['bound']:>6}"
            f"  ({proof})"
        )
    for conflict in figures.get("conflicts", []):
        click.echo(f"contradiction: {conflict}")
    unplaced = figures.get("unplaced", [])
    click.echo(
        f"engine: {figures.get('status', '-')} in {figures.get('seconds', 0):g} s; "
        f"{figures.get('placed', 0)} meetings placed, {len(unplaced)} left out"
    )
    for item in unplaced:
        click.echo(f"  meeting {item['meeting']}: {item['reason']}; to fix: {item['fix']}")
    if run.error:
        raise click.ClickException(f"run {run.id} {run.status.value}: {run.error}")
    if figures.get("status") not in SCHEDULE_STATUSES:
        raise click.ClickException(f"run {run.id}: no schedule was found; nothing was written.")
    click.echo(f"run {run.id} {run.status.value}: the draft schedule is saved.")


def register_commands(app: Flask) -> None:
    app.cli.add_command(demo_group)
    app.cli.add_command(check_db)
    app.cli.add_command(check_config)
    app.cli.add_command(outbox_group)
    app.cli.add_command(privacy_group)
    app.cli.add_command(reminders_group)
    app.cli.add_command(requests_group)
    app.cli.add_command(schedule_group)
    app.cli.add_command(worker)


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
