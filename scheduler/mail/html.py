"""The HTML part of every email, made from its text part with one shared layout.

The text templates stay the single source of an email's wording; this turns their
conventions into HTML: blank lines separate paragraphs, ``- `` starts a list item, and a
line that is only a web address becomes a link of its own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from flask import render_template

_ADDRESS = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Block:
    """A paragraph (``lines``), a list (``items``) or a link on its own (``link``)."""

    lines: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    link: str = ""


def _kind(line: str) -> str:
    if _ADDRESS.fullmatch(line):
        return "link"
    return "item" if line.startswith("- ") else "line"


def blocks(text: str) -> list[Block]:
    """The paragraphs, lists and links of an email's text, in order."""
    found: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        for kind, group in groupby(lines, key=_kind):
            run = list(group)
            if kind == "link":
                found += [Block(link=line) for line in run]
            elif kind == "item":
                found.append(Block(items=tuple(line[2:] for line in run)))
            else:
                found.append(Block(lines=tuple(run)))
    return found


def html_body(text: str, title: str) -> str:
    """The HTML alternative of ``text``: the same words in the shared email layout."""
    return render_template("emails/_layout.html", title=title, blocks=blocks(text))
