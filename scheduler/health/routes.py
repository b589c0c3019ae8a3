"""``/healthz``: a JSON report of the database and Redis, for monitors and load balancers."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from werkzeug.wrappers import Response

from scheduler.health.checks import health

blueprint = Blueprint("health", __name__)


@blueprint.route("/healthz")
def healthz() -> tuple[Response, int]:
    report, status = health(current_app._get_current_object())  # type: ignore[attr-defined]
    response = jsonify(report)
    response.headers["Cache-Control"] = "no-store"
    return response, status
