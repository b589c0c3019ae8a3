"""The directory's filter form: its drop-downs are rendered once and reused."""

from __future__ import annotations

from flask import Flask
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict
from wtforms.widgets import Select

from scheduler.attendees.forms import RememberedSelect
from scheduler.matchmaking.forms import DirectoryFilterForm


def _form(app: Flask, **values: str) -> DirectoryFilterForm:
    return DirectoryFilterForm(formdata=MultiDict(values))


def test_remembered_select_renders_what_the_plain_select_renders(app: Flask):
    with app.test_request_context():
        form = _form(app, country="FR")
        remembered = form.country(class_="form-select")
        assert remembered == Select()(form.country, class_="form-select")
        assert '<option selected value="FR">' in remembered


def test_remembered_select_reuses_the_markup_only_for_the_same_value(app: Flask):
    widget = RememberedSelect()
    with app.test_request_context():
        french = _form(app, country="FR").country
        italian = _form(app, country="IT").country
        first = widget(french)
        assert widget(_form(app, country="FR").country) is first
        assert widget(italian) == Select()(italian)
        assert widget(italian) != first
        assert len(widget._rendered) == 2


def test_remembered_select_renders_again_in_another_language(app: Flask):
    widget = RememberedSelect()
    with app.test_request_context():
        with force_locale("en"):
            english = widget(_form(app).country)
        with force_locale("fr"):
            field = _form(app).country
            french = widget(field)
            assert french == Select()(field)
    assert "Any country" in english
    assert "Any country" not in french
