"""The schedule console: generate per B2B session, follow the run, stop it, publish."""

from __future__ import annotations

from collections import Counter

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from scheduler import jobs
from scheduler.agenda import edit
from scheduler.agenda.overview import overview
from scheduler.agenda.personal import agenda_holders, personal_agenda
from scheduler.agenda.publish import ChangeKind, PublishRefused, publish
from scheduler.agenda.review import distribution, published_grid, session_grid, table_page
from scheduler.agenda.runs import (
    RunInProgress,
    active_run,
    fail_dead_runs,
    request_cancel,
    start_run,
)
from scheduler.attendees.forms import ConfirmForm
from scheduler.extensions import db
from scheduler.http import no_store
from scheduler.i18n import gettext, ngettext
from scheduler.models import B2BSession, B2BSlot, B2BTable, Event, Meeting, SolverRun
from scheduler.organiser.access import organised_event
from scheduler.organiser.team.audit import record
from scheduler.scheduling.forms import NO_TABLE, GenerateForm, MoveForm, fill_move_choices
from scheduler.unit_of_work import after_commit, discard

blueprint = Blueprint(
    "scheduling", __name__, url_prefix="/organiser/events/<string(maxlength=80):slug>/schedule"
)
blueprint.after_request(no_store)

ID = "int(min=1, max=2147483647)"


def _session(event: Event, session_id: int) -> B2BSession:
    session = db.session.get(B2BSession, session_id)
    if session is None or session.event_id != event.id:
        abort(404)
    return session


def _run(event: Event, run_id: int) -> SolverRun:
    run = db.session.get(SolverRun, run_id)
    if run is None or run.event_id != event.id:
        abort(404)
    return run


@blueprint.route("/")
@login_required
def console(slug: str) -> str:
    event = organised_event(slug)
    fail_dead_runs(db.session, event.id)
    return render_template(
        "scheduling/console.html",
        event=event,
        figures=overview(db.session, event),
        running=active_run(db.session, event.id),
        generate_form=GenerateForm(),
        kinds=ChangeKind,
    )


@blueprint.route(f"/sessions/<{ID}:session_id>")
@login_required
def review(slug: str, session_id: int) -> str:
    """The draft of one session as a grid of slots and tables, and the share of meetings."""
    event = organised_event(slug)
    session = _session(event, session_id)
    shown = table_page(session.tables, request.args.get("page", 1, type=int))
    return render_template(
        "scheduling/review.html",
        event=event,
        session=session,
        grid=session_grid(db.session, session, only_tables=shown.tables),
        shown=shown,
        shares=distribution(db.session, event),
    )


@blueprint.route(f"/sessions/<{ID}:session_id>/print/<any(tables, slots):layout>")
@login_required
def print_sheets(slug: str, session_id: int, layout: str) -> str:
    """The published schedule of a session for the venue: a sheet per table (who meets whom
    at each slot) or per slot (for the help desk), one printed page each."""
    event = organised_event(slug)
    session = _session(event, session_id)
    return render_template(
        "scheduling/print_sheets.html",
        event=event,
        session=session,
        grid=published_grid(db.session, session),
        layout=layout,
    )


@blueprint.route("/print/agendas")
@login_required
def print_agendas(slug: str) -> str:
    """Every participant's agenda, one printed page each, in name order."""
    event = organised_event(slug)
    return render_template(
        "scheduling/print_agendas.html",
        event=event,
        agendas=[(p, personal_agenda(db.session, p)) for p in agenda_holders(db.session, event)],
    )


@blueprint.route(f"/meetings/<{ID}:meeting_id>", methods=["GET", "POST"])
@login_required
def edit_meeting(slug: str, meeting_id: int) -> str | Response:
    """Move a meeting of the draft by hand; a conflict is explained and nothing is saved."""
    event = organised_event(slug)
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.event_id != event.id:
        abort(404)
    form = MoveForm()
    fill_move_choices(form, event)
    if not form.is_submitted():
        form.slot.data = meeting.slot_id
        form.table.data = meeting.table_id or NO_TABLE
        form.pin.data = True  # a meeting moved by hand is meant to stay there
    if form.validate_on_submit():
        back = redirect(
            url_for("scheduling.review", slug=slug, session_id=meeting.session_id)
            if meeting.session_id
            else url_for("scheduling.console", slug=slug)
        )
        if form.unpin.data:
            edit.unpin(db.session, meeting)
            record(current_user, event, "move_meeting", detail=f"meeting {meeting.id} unpinned")
            flash(gettext("Unpinned: the next run may move this meeting."), "success")
            return back
        if form.take_out.data:
            edit.take_out(db.session, meeting)
            record(current_user, event, "move_meeting", detail=f"meeting {meeting.id} taken out")
            flash(gettext("Taken out of the draft."), "success")
            return back
        slot = db.session.get(B2BSlot, form.slot.data)
        table = db.session.get(B2BTable, form.table.data) if form.table.data else None
        try:
            edit.move(db.session, meeting, slot, table, pin=form.pin.data)
        except edit.MoveRefused as refusal:
            discard()
            form.slot.errors.append(str(refusal))
        else:
            record(current_user, event, "move_meeting", detail=f"meeting {meeting.id} moved")
            flash(gettext("Moved."), "success")
            return redirect(url_for("scheduling.review", slug=slug, session_id=slot.session_id))
    return render_template("scheduling/meeting.html", event=event, meeting=meeting, form=form)


@blueprint.route(f"/sessions/<{ID}:session_id>/generate", methods=["POST"])
@login_required
def generate(slug: str, session_id: int) -> Response:
    event = organised_event(slug)
    session = _session(event, session_id)
    form = GenerateForm()
    if not form.validate_on_submit():
        flash(
            " ".join(map(str, form.time_limit.errors)) or gettext("The form expired; try again."),
            "warning",
        )
        return redirect(url_for("scheduling.console", slug=slug))
    try:
        run = start_run(db.session, session, by=current_user, time_limit=form.time_limit.data)
    except RunInProgress as busy:
        discard()
        flash(str(busy), "warning")
        return redirect(url_for("scheduling.console", slug=slug))
    record(current_user, event, "generate", detail=session.name)
    app, run_id = current_app._get_current_object(), run.id  # type: ignore[attr-defined]
    after_commit(lambda: jobs.launch(app, run_id))
    flash(gettext("Generating the schedule of %(session)s.", session=session.name), "info")
    return redirect(url_for("scheduling.console", slug=slug))


@blueprint.route(f"/runs/<{ID}:run_id>/cancel", methods=["POST"])
@login_required
def cancel(slug: str, run_id: int) -> Response:
    event = organised_event(slug)
    run = _run(event, run_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if request_cancel(db.session, run):
        record(current_user, event, "cancel_run", detail=f"run {run.id}")
        flash(gettext("Stopping: the best schedule found so far is kept."), "info")
    else:
        flash(gettext("This run had already finished."), "info")
    return redirect(url_for("scheduling.console", slug=slug))


@blueprint.route(f"/runs/<{ID}:run_id>.json")
@login_required
def run_status(slug: str, run_id: int) -> Response:
    """The run's state for the console's progress bar (polled by a static script)."""
    run = _run(organised_event(slug), run_id)
    latest = run.progress[-1] if run.progress else None
    return jsonify(
        status=run.status.value,
        active=run.is_active,
        time_limit=run.parameters.get("time_limit"),
        latest=latest,
        figures=run.figures or None,
        error=run.error,
    )


@blueprint.route("/publish", methods=["POST"])
@login_required
def publish_schedule(slug: str) -> Response:
    event = organised_event(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        publication = publish(db.session, event)
    except PublishRefused as refusal:
        discard()
        flash(str(refusal), "warning")
        return redirect(url_for("scheduling.console", slug=slug))
    if publication.log_id is not None:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        log_id = publication.log_id
        after_commit(lambda: jobs.notify_later(app, log_id))
    emailed = sum(1 for person in publication.people() if person.is_active)
    counts = Counter(change.kind.value for change in publication.changes)
    record(
        current_user,
        event,
        "publish",
        detail=f"{counts['added']} added, {counts['moved']} moved, {counts['removed']} removed",
    )
    flash(
        ngettext(
            "Published: %(added)s added, %(moved)s moved, %(removed)s removed; %(num)s "
            "participant is being emailed their agenda and calendar invitations.",
            "Published: %(added)s added, %(moved)s moved, %(removed)s removed; %(num)s "
            "participants are being emailed their agenda and calendar invitations.",
            emailed,
            added=counts["added"],
            moved=counts["moved"],
            removed=counts["removed"],
        ),
        "success",
    )
    return redirect(url_for("scheduling.console", slug=slug))
