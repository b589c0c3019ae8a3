"""Fixtures of the mail tests: a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from flask import Flask


class Inbox:
    """aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp(app_config: Callable[..., Flask]) -> Iterator[Inbox]:
    inbox = Inbox()
    with socket.socket() as probe:  # a free port: aiosmtpd cannot start on port 0
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app_config(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        yield inbox
    finally:
        controller.stop()
