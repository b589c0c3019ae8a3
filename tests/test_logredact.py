"""Access tokens are kept out of the access logs of the development server and gunicorn."""

from __future__ import annotations

import logging
import threading
import urllib.request

import pytest
from flask import Flask
from werkzeug.serving import make_server

from scheduler.attendees.links import make_access_token
from scheduler.extensions import db
from tests.factories import make_event, make_participant


def test_logredact_a_request_served_by_the_development_server_logs_no_token(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    event = make_event(slug="pic")
    token = make_access_token(make_participant(event))
    db.session.commit()
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.handle_request)
    thread.start()
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        url = f"http://127.0.0.1:{server.server_port}/events/pic/access/{token}"
        urllib.request.urlopen(url).read()
        thread.join(timeout=10)
    server.server_close()

    (line,) = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert token not in line
    assert '"GET /events/pic/access/[token] HTTP/1.1" 200' in line


def test_logredact_a_gunicorn_access_line_logs_no_token(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    logger = logging.getLogger("gunicorn.access")
    with caplog.at_level(logging.INFO, logger="gunicorn.access"):
        logger.info(
            '%(h)s "%(r)s" %(s)s',
            {"h": "127.0.0.1", "r": "GET /events/pic/access/ab.cd-ef HTTP/1.1", "s": "200"},
        )

    assert [r.getMessage() for r in caplog.records] == [
        '127.0.0.1 "GET /events/pic/access/[token] HTTP/1.1" 200'
    ]


@pytest.mark.parametrize("name", ["gunicorn.error", "scheduler"])
def test_logredact_an_error_with_the_path_of_a_link_logs_no_token(
    app: Flask, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    assert app.logger.name == "scheduler"
    with caplog.at_level(logging.ERROR, logger=name):
        # As Flask logs an unhandled exception, and gunicorn a request it could not serve.
        logging.getLogger(name).error("Exception on %s [%s]", "/events/pic/access/ab.cd-ef", "POST")

    assert [r.getMessage() for r in caplog.records] == [
        "Exception on /events/pic/access/[token] [POST]"
    ]
