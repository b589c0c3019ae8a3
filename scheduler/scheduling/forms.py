"""Forms of the schedule console."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from scheduler.i18n import gettext
from scheduler.i18n import lazy_gettext as _l
from scheduler.models import Event
from scheduler.templating import short_local


class GenerateForm(FlaskForm):
    time_limit = IntegerField(
        _l("Seconds the engine may take"),
        default=60,
        validators=[
            InputRequired(message=_l("Give a number of seconds.")),
            NumberRange(min=5, max=600, message=_l("Between 5 and 600 seconds.")),
        ],
    )
    submit = SubmitField(_l("Generate"))


class MoveForm(FlaskForm):
    """Move a meeting of the draft by hand, pin it or let the engine move it again."""

    slot = SelectField(_l("Slot"), coerce=int)
    table = SelectField(_l("Table"), coerce=int)
    pin = BooleanField(_l("Pin it there (the next run keeps it in place)"), default=True)
    move = SubmitField(_l("Move"))
    unpin = SubmitField(_l("Unpin"))
    take_out = SubmitField(_l("Take out of the draft"))


NO_TABLE = 0


def fill_move_choices(form: MoveForm, event: Event) -> None:
    """Every slot and table of the event's B2B sessions, labelled in the venue's time."""
    form.slot.choices = [
        (
            slot.id,
            gettext(
                "%(session)s: %(detail)s",
                session=session.name,
                detail=short_local(slot.starts_at, event.timezone),
            ),
        )
        for session in event.b2b_sessions
        for slot in session.slots
    ]
    form.table.choices = [(NO_TABLE, gettext("No table yet"))] + [
        (
            table.id,
            gettext("%(session)s: %(detail)s", session=session.name, detail=table.display_name),
        )
        for session in event.b2b_sessions
        for table in session.tables
    ]
