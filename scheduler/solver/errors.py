"""Exceptions raised by the solver package."""

from __future__ import annotations


class InputError(ValueError):
    """Malformed input file; the message is one line naming file, line and field."""

    def __init__(self, file: str, line: int | None, field: str, problem: str) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.problem = problem
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: field '{field}': {problem}")
