"""Event and B2B-meeting scheduler for networks of business clusters."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

PACKAGE_DIR = Path(__file__).resolve().parent


def _resource_dir(name: str) -> Path:
    """Find a top-level folder of the project, in a source checkout or inside the installed
    package (the wheel maps ``templates/`` to ``scheduler/templates/``)."""
    for candidate in (PACKAGE_DIR / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise RuntimeError(f"the {name} folder is missing from the installation")


def trust_proxies(app: Flask) -> None:
    """Behind ``TRUSTED_PROXY_HOPS`` reverse proxies, take the client's address and scheme
    from the entries they add to X-Forwarded-For and X-Forwarded-Proto (and nothing else:
    a client can send these headers too, so only the proxies' own entries count)."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    hops = app.config.get("TRUSTED_PROXY_HOPS", 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application: defaults, environment and instance, overrides, extensions."""
    from scheduler import database, http, i18n, models  # noqa: F401  (registers the tables)
    from scheduler.attendees.forms import remembered_field
    from scheduler.cli import register_commands
    from scheduler.config import Config
    from scheduler.extensions import bootstrap, csrf, db, limiter, login_manager, migrate
    from scheduler.health.routes import blueprint as health_blueprint
    from scheduler.jobs import hand_to_worker
    from scheduler.mail.dispatch import HANDOFF
    from scheduler.mail.routes import blueprint as mailbox_blueprint
    from scheduler.matchmaking.routes import blueprint as matchmaking_blueprint
    from scheduler.organiser.auth import load_account
    from scheduler.organiser.routes import blueprint as organiser_blueprint
    from scheduler.organiser.setup.routes import blueprint as setup_blueprint
    from scheduler.organiser.team.routes import blueprint as team_blueprint
    from scheduler.public.routes import blueprint as public_blueprint
    from scheduler.registration.routes import blueprint as attendee_blueprint
    from scheduler.scheduling.routes import blueprint as scheduling_blueprint
    from scheduler.templating import register_filters
    from scheduler.unit_of_work import UnitOfWorkApp

    instance_path = os.environ.get("SCHEDULER_INSTANCE_PATH")
    app = UnitOfWorkApp(
        __name__,
        instance_path=str(Path(instance_path).resolve()) if instance_path else None,
        template_folder=str(_resource_dir("templates")),
    )
    app.config.update(Config(Path(app.instance_path)).as_dict())
    if config:
        app.config.update(config)
    trust_proxies(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(_resource_dir("migrations")), render_as_batch=True)
    csrf.init_app(app)
    bootstrap.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    login_manager.user_loader(load_account)
    login_manager.login_view = "organiser.login"
    login_manager.session_protection = "strong"
    http.init_app(app)
    i18n.init_app(app)
    register_filters(app)
    app.add_template_global(remembered_field)
    app.extensions[HANDOFF] = hand_to_worker

    app.register_blueprint(public_blueprint)
    app.register_blueprint(organiser_blueprint)
    app.register_blueprint(setup_blueprint)
    app.register_blueprint(team_blueprint)
    app.register_blueprint(scheduling_blueprint)
    app.register_blueprint(attendee_blueprint)
    app.register_blueprint(matchmaking_blueprint)
    app.register_blueprint(mailbox_blueprint)
    app.register_blueprint(health_blueprint)
    register_commands(app)
    return app
