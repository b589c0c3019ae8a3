"""The HTML part made from an email's text: paragraphs, lists and links on their own."""

from __future__ import annotations

from flask import Flask

from scheduler.mail.html import Block, blocks, html_body

TEXT = """Dear Ana,

Your B2B meetings:
- Tue 9 Mar 14:00-14:20, Table 3: Bruno Costa
- Tue 9 Mar 14:30-14:50, Table 5: Chloé <Dupont>

Your personal space:
https://example.org/events/x/access/abc

Plant InterCluster
"""


def test_html_blocks_follow_the_text_conventions() -> None:
    assert blocks(TEXT) == [
        Block(lines=("Dear Ana,",)),
        Block(lines=("Your B2B meetings:",)),
        Block(
            items=(
                "Tue 9 Mar 14:00-14:20, Table 3: Bruno Costa",
                "Tue 9 Mar 14:30-14:50, Table 5: Chloé <Dupont>",
            )
        ),
        Block(lines=("Your personal space:",)),
        Block(link="https://example.org/events/x/access/abc"),
        Block(lines=("Plant InterCluster",)),
    ]


def test_html_body_escapes_the_text(app: Flask) -> None:
    with app.test_request_context():
        html = html_body(TEXT, "Your <meetings>")
    assert "<title>Your &lt;meetings&gt;</title>" in html
    assert "<li>Tue 9 Mar 14:30-14:50, Table 5: Chloé &lt;Dupont&gt;</li>" in html
    assert (
        '<a href="https://example.org/events/x/access/abc" '
        'style="color:#146c43;font-weight:bold;word-break:break-all;">'
        "https://example.org/events/x/access/abc</a>"
    ) in html
    assert "<script" not in html
