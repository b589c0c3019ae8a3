"""The organiser area's bulk import, team, audit log and announcements."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from scheduler import jobs
from scheduler.attendees.forms import ConfirmForm
from scheduler.extensions import db
from scheduler.http import no_store
from scheduler.i18n import gettext, ngettext
from scheduler.models import Event, EventRoleKind, ImportBatch
from scheduler.organiser.access import organised_event
from scheduler.organiser.auth import authenticate, sign_in
from scheduler.organiser.registrations import parse_filters
from scheduler.organiser.spreadsheets import CSV_TYPE, XLSX_TYPE, csv_bytes, xlsx_bytes
from scheduler.organiser.team import announcements, audit, imports, members
from scheduler.organiser.team.audit import record
from scheduler.organiser.team.auth import read_invitation_token
from scheduler.organiser.team.emails import (
    announcement_text,
    queue_invitation,
)
from scheduler.organiser.team.forms import (
    AnnouncementForm,
    ImportForm,
    InviteForm,
    JoinForm,
    RoleForm,
    SignInToJoinForm,
)
from scheduler.ratelimits import login_limits
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
        data = uploaded.read()
        uploaded.close()  # a large upload is spooled to a temporary file
        try:
            parsed = imports.read_upload(uploaded.filename or "", data)
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
    # Thousands of links would keep the page waiting for the mail server: sent in the background.
    jobs.deliver_queued_later(current_app._get_current_object())  # type: ignore[attr-defined]
    record(
        current_user,
        event,
        "import",
        detail=f"{len(imported.participants)} from {batch.filename}, {imported.skipped} left out",
    )
    flash(
        gettext(
            "%(count)s participant(s) imported and emailed their link.",
            count=len(imported.participants),
        ),
        "success",
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


ACCOUNT = "<int(min=1, max=2147483647):account_id>"


def _owned_event(slug: str) -> Event:
    """The event, for a change only its owners make (403 for the other members)."""
    event = organised_event(slug)
    if current_user.role_in(event) is not EventRoleKind.OWNER:
        abort(403)
    return event


def _team_page(event: Event, invite_form: InviteForm) -> str:
    return render_template(
        "organiser/team/team.html",
        event=event,
        members=members.members(db.session, event),
        invitations=members.pending_invitations(db.session, event),
        labels=members.ROLE_LABELS,
        is_owner=current_user.role_in(event) is EventRoleKind.OWNER,
        me=current_user,
        invite_form=invite_form,
        role_form=RoleForm,
        form=ConfirmForm(),
    )


@blueprint.route(f"{EVENT}/team/")
@login_required
def team(slug: str) -> str:
    """The event's organisers and their roles; owners invite, change roles and remove."""
    return _team_page(organised_event(slug), InviteForm())


@blueprint.route(f"{EVENT}/team/invite", methods=["POST"])
@login_required
def invite(slug: str) -> str | Response:
    """Email someone a link to join the team with a role."""
    event = _owned_event(slug)
    form = InviteForm()
    if form.validate_on_submit():
        role = EventRoleKind(form.role.data)
        try:
            invitation = members.invite(db.session, event, current_user, form.email.data, role)
        except members.TeamRefused as refusal:
            form.email.errors.append(str(refusal))
        else:
            queue_invitation(invitation, current_user)
            record(
                current_user,
                event,
                "invite",
                detail=f"{invitation.email} as {members.ROLE_LABELS[role]}",
            )
            flash(
                gettext("An invitation was emailed to %(email)s.", email=invitation.email),
                "success",
            )
            return redirect(url_for("team.team", slug=slug))
    return _team_page(event, form)


@blueprint.route(f"{EVENT}/team/{ACCOUNT}/role", methods=["POST"])
@login_required
def change_role(slug: str, account_id: int) -> Response:
    """Give a member another role (the event keeps at least one owner)."""
    event = _owned_event(slug)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        role = members.set_role(db.session, event, account_id, EventRoleKind(form.role.data))
    except members.TeamRefused as refusal:
        discard()
        flash(str(refusal), "warning")
    else:
        detail = f"{role.account.email} is now {members.ROLE_LABELS[role.role]}"
        record(current_user, event, "change_role", detail=detail)
        flash(
            gettext(
                "%(email)s is now %(role)s.",
                email=role.account.email,
                role=members.ROLE_LABELS[role.role],
            ),
            "success",
        )
    return redirect(url_for("team.team", slug=slug))


@blueprint.route(f"{EVENT}/team/{ACCOUNT}/remove", methods=["POST"])
@login_required
def remove_member(slug: str, account_id: int) -> Response:
    """Take someone out of the team (never the last owner)."""
    event = _owned_event(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        account = members.remove(db.session, event, account_id)
    except members.TeamRefused as refusal:
        discard()
        flash(str(refusal), "warning")
    else:
        record(current_user, event, "remove_member", detail=account.email)
        flash(gettext("%(email)s is no longer in the team.", email=account.email), "success")
    return redirect(url_for("team.team", slug=slug))


@blueprint.route(
    f"{EVENT}/team/invitations/<int(min=1, max=2147483647):invitation_id>/revoke",
    methods=["POST"],
)
@login_required
def revoke_invitation(slug: str, invitation_id: int) -> Response:
    """Withdraw an invitation nobody accepted yet: its link stops working."""
    event = _owned_event(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        invitation = members.revoke(db.session, event, invitation_id)
    except members.TeamRefused as refusal:
        discard()
        flash(str(refusal), "warning")
    else:
        record(current_user, event, "revoke_invitation", detail=invitation.email)
        flash(
            gettext(
                "The invitation of %(email)s is withdrawn: its link no longer works.",
                email=invitation.email,
            ),
            "success",
        )
    return redirect(url_for("team.team", slug=slug))


@blueprint.route("/join/<string(maxlength=400):token>", methods=["GET", "POST"])
@login_limits
def join(token: str) -> str | Response | tuple[str, int]:
    """Join a team from an emailed invitation: set a password for a new account, or sign in
    with the existing one."""
    found = read_invitation_token(token)
    invitation = members.open_invitation(db.session, *found) if found else None
    if invitation is None:
        return render_template("organiser/team/join_invalid.html"), 400
    account = members.account_for(db.session, invitation.email)
    form = SignInToJoinForm() if account is not None else JoinForm()
    if form.validate_on_submit():
        if account is not None and authenticate(invitation.email, form.password.data) is None:
            form.password.errors.append(gettext("This password is not right."))
        else:
            display_name = getattr(form, "display_name", None)
            try:
                joined = members.accept(
                    db.session,
                    invitation,
                    account,
                    display_name=display_name.data if display_name else "",
                    password=form.password.data or "",
                )
            except members.TeamRefused:  # used or withdrawn meanwhile, by another request
                discard()
                return render_template("organiser/team/join_invalid.html"), 400
            role_name = str(members.ROLE_LABELS[invitation.role])
            record(joined, invitation.event, "join", detail=role_name)
            sign_in(joined)
            flash(
                gettext("Welcome to the team of %(event)s.", event=invitation.event.name),
                "success",
            )
            return redirect(url_for("organiser.event_home", slug=invitation.event.slug))
    return render_template(
        "organiser/team/join.html",
        invitation=invitation,
        role=members.ROLE_LABELS[invitation.role],
        form=form,
        existing=account is not None,
    )


@blueprint.route(f"{EVENT}/log")
@login_required
def log(slug: str) -> str:
    """What the organisers changed in the event, newest first."""
    event = organised_event(slug)
    return render_template(
        "organiser/team/log.html",
        event=event,
        entries=audit.entries(db.session, event),
        actions=audit.ACTIONS,
    )


def _query() -> str:
    query = request.query_string.decode("ascii", "replace")
    return f"?{query}" if query else ""


@blueprint.route(f"{EVENT}/announce", methods=["GET", "POST"])
@login_required
def announce(slug: str) -> str | Response:
    """Write an email to the active participants (or to those the registrations filter
    selects, from the query string): preview it as its first recipient gets it, with the
    number of recipients, then send it through the outbox, one personal copy each."""
    event = organised_event(slug)
    filters = parse_filters(request.args)
    people = announcements.recipients(db.session, event, filters)
    form = AnnouncementForm()
    sample = None
    if form.validate_on_submit():
        subject, body = form.subject.data or "", form.body.data or ""
        limit = current_app.config["ANNOUNCEMENTS_PER_DAY"]
        if form.send.data and announcements.sent_in_last_day(db.session, event) >= limit:
            form.send.errors.append(
                ngettext(
                    "This event already sent %(num)s announcement in the last 24 hours, the "
                    "most it may: send this one later, or put it together with the next.",
                    "This event already sent %(num)s announcements in the last 24 hours, the "
                    "most it may: send this one later, or put it together with the next.",
                    limit,
                )
            )
        elif form.send.data and form.count.data == str(len(people)) and people:
            try:
                sent = announcements.send(db.session, event, people, subject, body)
            except IntegrityError:  # the same announcement, sent at this instant from a second tab
                discard()
                flash(gettext("This announcement is already being sent."), "info")
                return redirect(request.full_path)
            if sent.queued:
                jobs.deliver_queued_later(current_app._get_current_object())  # type: ignore[attr-defined]
                record(current_user, event, "announce", detail=f"{subject} ({sent.queued} sent)")
                flash(
                    gettext(
                        "The announcement is being emailed to %(count)s participant(s).",
                        count=sent.queued,
                    ),
                    "success",
                )
            if sent.already:
                flash(
                    gettext(
                        "%(count)s participant(s) already had this very announcement: it was "
                        "not sent to them again.",
                        count=sent.already,
                    ),
                    "info",
                )
            return redirect(request.full_path)
        elif form.send.data and people:
            flash(
                gettext("The recipients changed since the preview: check the count again."),
                "warning",
            )
        if people:
            sample = announcement_text(people[0], body, url=f"[{people[0].first_name}'s link]")
        form.count.data = str(len(people))
    return render_template(
        "organiser/team/announce.html",
        event=event,
        form=form,
        count=len(people),
        filtered=announcements.is_filtered(filters),
        list_url=url_for("organiser.registrations", slug=slug) + _query(),
        sample=sample,
        sample_to=people[0] if people else None,
    )
