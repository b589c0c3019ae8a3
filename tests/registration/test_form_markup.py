"""The registration form's checkbox lists: rendered once per state, then reused."""

from __future__ import annotations

from flask import Flask, render_template_string
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict

from scheduler.registration.forms import RegistrationForm

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
