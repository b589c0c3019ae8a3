"""Form fields, validators and forms shared by the forms of several packages."""

from __future__ import annotations

import re
from collections.abc import Callable

from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import Field, Form, SelectField, SelectMultipleField, SubmitField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, Select

from scheduler.i18n import current_language, gettext
from scheduler.i18n import lazy_gettext as _l
from scheduler.mail.outbox import header_safe


class RememberedMarkup:
    """Markup rendered once per key, then reused; all forgotten when full: at ``most``
    pieces, or at ``most_chars`` characters in all (an event's drop-down of organisations,
    kept for each organisation picked, is 100,000 characters at 2,000 participants)."""

    def __init__(self, most: int = 512, most_chars: int = 4_000_000) -> None:
        self._most = most
        self._most_chars = most_chars
        self._chars = 0
        self._rendered: dict[tuple, Markup] = {}

    def __len__(self) -> int:
        return len(self._rendered)

    def get(self, key: tuple, render: Callable[[], Markup]) -> Markup:
        markup = self._rendered.get(key)
        if markup is None:
            markup = render()
            if len(self._rendered) >= self._most or self._chars + len(markup) > self._most_chars:
                self._rendered.clear()
                self._chars = 0
            self._rendered[key] = markup
            self._chars += len(markup)
        return markup


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes; posting a value that is not offered is a validation error."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
    _options = RememberedMarkup()

    def options_markup(self) -> Markup:
        """Each checkbox with its label, as the form helper lays them out in columns:
        rendered once per language, choices, ticks and error state, then reused. Rendering
        them one by one was a third of the registration form's time."""
        invalid = bool(self.errors)
        key = (
            current_language(),
            self.id,
            self.name,
            invalid,
            bool(self.flags.required),
            repr(self.render_kw),
            tuple((str(c.value), str(c.label), c.selected) for c in self.iter_choices()),
        )
        return self._options.get(key, lambda: self._render_options(invalid))

    def _render_options(self, invalid: bool) -> Markup:
        css = "form-check-input" + (" is-invalid" if invalid else "")
        return Markup("\n").join(
            Markup('<div class="col form-check ps-5">\n{}\n{}\n</div>').format(
                option(class_=css), option.label(class_="form-check-label")
            )
            for option in self
        )


class RememberedSelect(Select):
    """A drop-down rendered once per language, choices, value and attributes, then reused.

    The directory's filters and the registration form offer every country and language:
    rendering their options was a third of the directory page's time.
    """

    def __init__(self) -> None:
        super().__init__()
        self._rendered = RememberedMarkup()

    def __call__(self, field: Field, **kwargs: object) -> str:
        choices = getattr(field, "choices", None)
        if not isinstance(choices, list) or field.has_groups():
            return super().__call__(field, **kwargs)
        key = (
            current_language(),
            field.id,
            field.name,
            repr(field.data),
            tuple(tuple(map(str, c)) if isinstance(c, tuple | list) else str(c) for c in choices),
            bool(field.flags.required),
            tuple(sorted((k, str(v)) for k, v in kwargs.items())),
        )
        return self._rendered.get(
            key, lambda: super(RememberedSelect, self).__call__(field, **kwargs)
        )


class CheckedSelectField(SelectField):
    """A drop-down whose posted value is checked by ``offers(value)`` once set, so that a
    POST need not build every choice (an event's hundreds of organisations) to check one.
    Give it choices as a callable: they are then built only if the form is shown."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.offers: Callable[[object], bool] | None = None

    def pre_validate(self, form: Form) -> None:
        if self.offers is None or self.process_errors:
            super().pre_validate(form)
        elif not self.offers(self.data):
            raise ValidationError(self.gettext("Not a valid choice."))


_fields = RememberedMarkup(most=2048)


def remembered_field(field: Field, render: Callable[..., Markup], **options: object) -> Markup:
    """``render(field, **options)`` (Bootstrap-Flask's ``render_field``), written once per
    language, field state and options, then reused. The macro took about 0.4 ms a field:
    a third of the registration form's time and a tenth of the directory page's.

    The key holds everything the macro reads: the field's own markup (its value, choices
    and attributes), label, description, errors, flags and ``render_kw``."""
    key = (
        current_language(),
        field.type,
        field.id,
        field.name,
        str(field()),
        str(field.label.text),
        str(field.description),
        tuple(map(str, field.errors)),
        tuple(sorted(vars(field.flags).items())),
        repr(field.render_kw),
        tuple(sorted((k, repr(v)) for k, v in options.items())),
    )
    return _fields.get(key, lambda: render(field, **options))


def single_line(form: Form, field: Field) -> None:
    """Refuse line breaks and NUL: the value may end up in an email header."""
    if field.data and not header_safe(str(field.data)):
        raise ValidationError(_l("Use a single line, without line breaks."))


# A scheme, "www." or a name ending in a common top-level domain: a web address, which
# would reach strangers' inboxes inside our emails' greetings if a name could hold one.
_WEB_ADDRESS = re.compile(
    r"[a-z][a-z0-9+.-]*://|\bwww\.|[\w-]+\.(com|net|org|info|biz|io|co|me|ru|cn|xyz|top|"
    r"click|link|ly|fr|de|eu|uk|es|it|nl|be|example)\b",
    re.IGNORECASE,
)
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*://|\bwww\.", re.IGNORECASE)


def holds_web_address(text: str) -> bool:
    """A person's name or title with a web address of any form in it."""
    return bool(_WEB_ADDRESS.search(text))


def holds_link(text: str) -> bool:
    """An organisation's name with a link in it ("Booking.com" alone is a name)."""
    return bool(_SCHEME.search(text))


def no_web_address(form: Form, field: Field) -> None:
    """For a person's name or title: no web address of any form."""
    if field.data and holds_web_address(str(field.data)):
        raise ValidationError(_l("A name cannot hold a web address."))


def no_link(form: Form, field: Field) -> None:
    """For an organisation's name: no scheme and no "www."."""
    if field.data and holds_link(str(field.data)):
        raise ValidationError(_l("A name cannot hold a web address."))


def no_nul(form: Form, field: Field) -> None:
    if field.data and "\x00" in str(field.data):
        raise ValidationError(_l("This text contains a character that is not allowed."))


def valid_email(form: Form, field: Field) -> None:
    """Check the address's syntax and normalise it (no DNS look-up: venues are offline)."""
    if not field.data:
        return
    single_line(form, field)
    try:
        result = validate_email(field.data.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        # The library explains the mistake precisely, in English only.
        reason = (
            str(error)
            if current_language() == "en"
            else gettext("This is not a valid email address.")
        )
        raise ValidationError(reason) from None
    field.data = result.normalized


class ConfirmForm(FlaskForm):
    """A bare form for POST buttons: carries the CSRF token only."""

    submit = SubmitField(_l("Confirm"))
