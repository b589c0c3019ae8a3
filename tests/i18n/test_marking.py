"""Every user-facing string is marked for translation, and the finder sees unmarked ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from tests.i18n.marking import unmarked_in_python, unmarked_in_template

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    p for p in (ROOT / "templates").rglob("*") if p.suffix in (".html", ".txt")
)
# Code whose texts people read: every part of the package but the engine and the pure
# calendar builder (no person reads their messages), the demo data, the command line and
# the load benchmark (its output is for operators, in English).
PYTHON = sorted(
    p
    for p in (ROOT / "scheduler").rglob("*.py")
    if not {"solver", "calendar", "loadbench"} & set(p.relative_to(ROOT / "scheduler").parts)
    and p.name not in ("demo.py", "demo_content.py", "cli.py", "config.py")
)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "templates")))
def test_marking_template_has_no_unmarked_text(app: Flask, path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert unmarked_in_template(app.jinja_env, source, path.suffix == ".html") == []


def test_marking_python_has_no_unmarked_label_or_message() -> None:
    found = [line for path in PYTHON for line in unmarked_in_python(path)]
    assert found == []


def test_marking_finder_sees_unmarked_template_text(app: Flask) -> None:
    source = (
        '<p title="Tip">{{ _("Marked") }} Loose <a href="{{ url }}">{{ name }}</a></p>'
        "{% trans n=3 %}{{ n }} marked{% endtrans %}<input type=\"submit\" value=\"Go\">"
        "{{ 'Full' if x else _('Marked') }}&ndash;{{ count }}"
    )
    assert unmarked_in_template(app.jinja_env, source, True) == [
        "title='Tip'",
        "… Loose",
        "value='Go'",
        "…Full…\u2013…",
    ]


def test_marking_finder_sees_unmarked_email_text(app: Flask) -> None:
    source = "{% trans name=n %}Dear {{ name }},{% endtrans %}\n\nSee you soon\n{{ url }}\n"
    assert unmarked_in_template(app.jinja_env, source, False) == ["See you soon"]


def test_marking_finder_sees_unmarked_python(tmp_path: Path) -> None:
    source = tmp_path / "forms.py"
    source.write_text(
        "A_CHOICES = [('a', 'Alpha'), ('b', _l('Beta'))]\n"
        "name = StringField('Name', validators=[Length(max=3, message=f'At most {3}')])\n"
        "ok = StringField(_l('Name'), render_kw={'class': 'x'})\n"
        "flash('Saved.', 'success')\n"
        "flash(_('On.') if on else 'Off.')\n"
        "form.email.errors.append('Wrong.')\n"
        "raise SignupRefused(f'{title} is full.')\n",
        encoding="utf-8",
    )
    assert unmarked_in_python(source) == [
        "forms.py:1: 'Alpha'",
        "forms.py:2: 'Name'",
        "forms.py:2: f'At most {3}'",
        "forms.py:4: 'Saved.'",
        "forms.py:5: 'Off.'",
        "forms.py:6: 'Wrong.'",
        "forms.py:7: f'{title} is full.'",
    ]
