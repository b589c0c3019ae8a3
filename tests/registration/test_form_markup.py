"""The registration form's checkbox lists: rendered once per state, then reused."""

from __future__ import annotations

import pytest
from flask import Flask, render_template_string
from flask.testing import FlaskClient
from flask_babel import force_locale
from markupsafe import Markup
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from scheduler.attendees.forms import RememberedMarkup, remembered_field
from scheduler.extensions import db
from scheduler.models import Event
from scheduler.registration import forms
from scheduler.registration.forms import RegistrationForm
from tests.attendees import ready_event, registration_data
from tests.web import csrf_token

# The form helper's loop before its checkboxes were remembered: the reference markup.
ONE_BY_ONE = """{% for option in f %}
  <div class="col form-check ps-5">
    {{ option(class="form-check-input" + (" is-invalid" if f.errors else "")) }}
    {{ option.label(class="form-check-label") }}
  </div>
{% endfor %}"""


def _words(markup: str) -> str:
    return " ".join(markup.split())


def _languages(**posted: list[str]) -> RegistrationForm:
    form = RegistrationForm(formdata=MultiDict(posted) if posted else None)
    if posted:
        form.languages.validate(form)
    return form


def test_checkbox_options_render_what_the_one_by_one_loop_renders(app: Flask) -> None:
    with app.test_request_context():
        for form in (_languages(), _languages(languages=["pt", "xx"])):
            field = form.languages
            assert _words(field.options_markup()) == _words(
                render_template_string(ONE_BY_ONE, f=field)
            )


def test_checkbox_options_show_ticks_and_errors_of_the_posted_form(app: Flask) -> None:
    with app.test_request_context():
        fresh = _languages().languages.options_markup()
        posted = _languages(languages=["pt", "xx"]).languages.options_markup()

    assert "checked" not in fresh
    assert "is-invalid" not in fresh
    assert posted.count("checked") == 1
    assert 'checked class="form-check-input is-invalid" id="languages-' in posted
    assert posted.count("is-invalid") == fresh.count("form-check-input")


def test_checkbox_options_are_reused_for_the_same_state_only(app: Flask) -> None:
    with app.test_request_context():
        with force_locale("en"):
            english = _languages().languages.options_markup()
            again = _languages().languages.options_markup()
            ticked = _languages(languages=["en"]).languages.options_markup()
        with force_locale("fr"):
            french = _languages().languages.options_markup()

    assert again is english
    assert ticked != english
    assert ">English</label>" in english
    assert ">Anglais</label>" in french


def test_slot_and_workshop_labels_are_written_only_when_the_form_is_shown(
    client: FlaskClient, app: Flask, mail_dir: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready_event()
    written: list[str] = []
    for name in ("slot_label", "signup_label", "session_label"):
        real = getattr(forms, name)

        def spy(*args: object, _real=real, _name=name) -> str:
            written.append(_name)
            return _real(*args)

        monkeypatch.setattr(forms, name, spy)
    token = csrf_token(client, "/events/pic/register")  # 3 slots, 1 session, 1 workshop
    shown = sorted(written)  # each written once, however often the page reads it
    written.clear()

    response = client.post(
        "/events/pic/register",
        data={"csrf_token": token, **registration_data("ana@example.org")},
    )

    assert response.status_code == 302
    assert shown == ["session_label", "signup_label", "slot_label", "slot_label", "slot_label"]
    assert written == []


def _bootstrap_field(app: Flask):
    return app.jinja_env.get_template("bootstrap5/form.html").module.render_field


def _registration_form(app: Flask, **posted: str | list[str]) -> RegistrationForm:
    event = db.session.scalar(select(Event).where(Event.slug == "pic")) or ready_event()
    form = forms.with_questions(RegistrationForm, event)(
        formdata=MultiDict({**registration_data("ana@example.org"), **posted}) if posted else None
    )
    forms.populate_choices(form, event)
    if posted:
        form.validate()
    return form


def test_remembered_field_renders_what_bootstrap_renders_fresh_and_with_errors(
    app: Flask,
) -> None:
    render_field = _bootstrap_field(app)
    with app.test_request_context():
        fresh = _registration_form(app)
        wrong = _registration_form(app, email="not an address", first_name="", website="x")
        assert wrong.email.errors and wrong.first_name.errors  # the posted form is invalid
        for form in (fresh, wrong):
            for f in form:
                expected = render_field(f, form_type="basic")
                first = remembered_field(f, render_field, form_type="basic")
                again = remembered_field(f, render_field, form_type="basic")
                assert (f.name, first) == (f.name, expected)
                assert again is first


def test_remembered_field_is_written_again_for_another_value_error_or_language(
    app: Flask,
) -> None:
    render_field = _bootstrap_field(app)
    with app.test_request_context():
        with force_locale("en"):
            fresh = remembered_field(_registration_form(app).email, render_field)
            typed = remembered_field(
                _registration_form(app, email="ana@example.org").email, render_field
            )
            wrong = remembered_field(
                _registration_form(app, email="not an address").email, render_field
            )
        with force_locale("fr"):
            french = remembered_field(_registration_form(app).email, render_field)

    assert 'value="ana@example.org"' in typed
    assert 'value=""' in fresh
    assert "is-invalid" in wrong and "is-invalid" not in typed
    assert ">Email</label>" in fresh
    assert ">E-mail</label>" in french


def test_organisation_choices_are_built_only_when_the_form_is_shown(
    client: FlaskClient, app: Flask, mail_dir: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready_event()
    built: list[str] = []
    real = forms.country_names

    def spy() -> dict[str, str]:
        built.append("organisations")
        return real()

    monkeypatch.setattr(forms, "country_names", spy)
    token = csrf_token(client, "/events/pic/register")
    shown = list(built)
    built.clear()

    response = client.post(
        "/events/pic/register",
        data={"csrf_token": token, **registration_data("ana@example.org")},
    )

    assert response.status_code == 302
    assert (shown, built) == (["organisations"], [])


def test_remembered_markup_forgets_all_at_its_count_or_size_limit() -> None:
    def remember(memory: RememberedMarkup, *texts: str) -> list[int]:
        sizes = []
        for text in texts:
            memory.get((text,), lambda text=text: Markup(text))
            sizes.append(len(memory))
        return sizes

    by_count = RememberedMarkup(most=2, most_chars=100)
    by_size = RememberedMarkup(most=100, most_chars=10)
    kept = by_size.get(("aaaaaa",), lambda: Markup("aaaaaa"))

    assert remember(by_count, "a", "b", "a", "c") == [1, 2, 2, 1]
    assert remember(by_size, "bbbb", "aaaaaa", "c") == [2, 2, 1]  # 6 + 4 = 10, then 11
    assert by_size.get(("aaaaaa",), lambda: Markup("aaaaaa")) is not kept
