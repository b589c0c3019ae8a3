"""The organiser area's bulk import, team, audit log and announcements."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from scheduler.attendees.forms import ConfirmForm
from scheduler.extensions import db
from scheduler.http import no_store
from scheduler.models import Event, ImportBatch
from scheduler.organiser.access import organised_event
from scheduler.organiser.spreadsheets import CSV_TYPE, XLSX_TYPE, csv_bytes, xlsx_bytes
from scheduler.organiser.team import imports
from scheduler.organiser.team.forms import ImportForm
from scheduler.registration.emails import queue_access_link
from scheduler.unit_of_work import discard

blueprint = Blueprint("team", __name__, url_prefix="/organiser")
blueprint.after_request(no_store)

EVENT = "/events/<string(maxlength=80):slug>"
UPLOAD = "<string(minlength=20, maxlength=64):batch_token>"


@blueprint.route(f"{EVENT}/import", methods=["GET", "POST"])
@login_required
def upload(slug: str) -> str | Response:
    """Upload a participant list; it is checked, and kept unimported, for the preview."""
    event = organised_event(slug)
    form = ImportForm()
    if form.validate_on_submit():
        uploaded = form.file.data
        try:
            parsed = imports.read_upload(
                uploaded.filename or "", uploaded.read(imports.MAX_BYTES + 1)
            )
        except imports.ImportRefused as refusal:
            form.file.errors = [str(refusal)]
        else:
            batch = imports.save_upload(
                db.session, event, current_user.id, uploaded.filename or "", parsed
            )
            return redirect(url_for("team.preview", slug=slug, batch_token=batch.token))
    return render_template(
        "organiser/team/import.html",
        event=event,
        form=form,
        columns=imports.COLUMNS,
        max_mb=imports.MAX_BYTES / 1_000_000,
    )


def _batch(event: Event, token: str) -> ImportBatch:
    batch = imports.batch_in(db.session, event, token)
    if batch is None:
        abort(404)
    return batch


@blueprint.route(f"{EVENT}/import/{UPLOAD}")
@login_required
def preview(slug: str, batch_token: str) -> str:
    """Every row of the upload with its problems, or what the import did once confirmed."""
    event = organised_event(slug)
    batch = _batch(event, batch_token)
    return render_template(
        "organiser/team/import_preview.html",
        event=event,
        batch=batch,
        preview=None if batch.imported_at else imports.preview_of(db.session, event, batch),
        labels={c.key: c.label for c in imports.COLUMNS},
        form=ConfirmForm(),
    )


@blueprint.route(f"{EVENT}/import/{UPLOAD}", methods=["POST"])
@login_required
def confirm_import(slug: str, batch_token: str) -> Response:
    """Import the valid rows in one transaction and email each new participant their link."""
    event = organised_event(slug)
    batch = _batch(event, batch_token)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        imported = imports.confirm(db.session, event, batch)
    except imports.ImportRefused as refusal:
        discard()
        flash(str(refusal), "warning")
        return redirect(url_for("team.preview", slug=slug, batch_token=batch_token))
    for person in imported.participants:
        queue_access_link(person, "imported")
    flash(
        f"{len(imported.participants)} participant(s) imported and emailed their link.", "success"
    )
    return redirect(url_for("team.preview", slug=slug, batch_token=batch_token))


@blueprint.route(f"{EVENT}/import/template.<any(csv, xlsx):fmt>")
@login_required
def import_template(slug: str, fmt: str) -> Response:
    """The columns the import reads, with one example row, as CSV or XLSX."""
    organised_event(slug)
    header, rows = imports.template_table()
    if fmt == "xlsx":
        data, mimetype = xlsx_bytes("Participants", header, rows), XLSX_TYPE
    else:
        data, mimetype = csv_bytes(header, rows), CSV_TYPE
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="participants-template.{fmt}"'},
    )
