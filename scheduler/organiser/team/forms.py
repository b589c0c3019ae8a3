"""Forms of the import, team, log and announcement pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField


class ImportForm(FlaskForm):
    """The participant list to upload."""

    file = FileField("Participant list (CSV or XLSX)", validators=[FileRequired("Choose a file.")])
    submit = SubmitField("Upload and check")
