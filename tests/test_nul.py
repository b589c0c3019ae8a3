"""NUL is refused at the edge: in any route parameter, query or form field, a 400 page,
never a 500 (PostgreSQL refuses NUL in text; SQLite would store it)."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import make_event
from tests.web import csrf_token

NUL_ANSWER = "The request contains a NUL character, which is never valid."


def _rules(app: Flask) -> list[tuple[str, str]]:
    """(endpoint, a URL whose text parameters hold NUL) for every route with a text part."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in {"static", "bootstrap.static"}:
            continue
        path = rule.rule
        for name in rule.arguments:
            converter = rule._converters[name].__class__.__name__
            value = "1" if converter in {"IntegerConverter"} else "pic%00x"
            if converter == "AnyConverter":
                value = sorted(rule._converters[name].items)[0]
            path = re.sub(rf"<[^>]*:?{name}>", value, path)
        found.append((rule.endpoint, path if "%00" in path else f"{path}?q=a%00b"))
    return sorted(found)


def test_nul_in_any_route_parameter_or_query_gets_a_400_page(
    app: Flask, client: FlaskClient
) -> None:
    make_event(slug="pic")
    answers = {}
    for endpoint, url in _rules(app):
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        if "GET" in rule.methods:
            response = client.get(url)
            answers[endpoint] = (response.status_code, NUL_ANSWER in response.get_data(True))
        else:  # refused for the NUL before its missing CSRF token is noticed
            response = client.post(url)
            answers[endpoint] = (response.status_code, NUL_ANSWER in response.get_data(True))
    assert set(answers.values()) == {(400, True)}, answers


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("/organiser/login", {"email": "org\x00@example.org", "password": "x"}),
        ("/events/pic/link", {"email": "ana@example.org\x00"}),
        ("/events/pic/register", {"first_name": "Ana\x00", "email": "ana@example.org"}),
        # A NUL in the second value of a repeated field (a list of ticked boxes).
        ("/events/pic/register", {"sessions": ["1", "2\x00"], "email": "ana@example.org"}),
    ],
)
def test_nul_in_a_form_field_gets_a_400_page(
    app: Flask, client: FlaskClient, url: str, fields: dict[str, str | list[str]]
) -> None:
    make_event(slug="pic")

    response = client.post(url, data={"csrf_token": csrf_token(client, url), **fields})

    assert response.status_code == 400
    assert NUL_ANSWER in response.get_data(as_text=True)
