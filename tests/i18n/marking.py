"""Finding user-facing text that is not marked for translation, in templates and in Python.

Templates: the text a template writes by itself (Jinja's TemplateData, outside every
{% trans %} block and ``_()`` call) is read as HTML; any of it that holds a letter, in an
element or in an attribute people see or hear (aria-label, title, alt, placeholder), is
unmarked. So are string literals written straight into an output (``{{ 'Full' if x }}``).
Text templates (emails) are checked the same way, without HTML.

Python: a string literal written as a form field's label or description, a validator's
message, a ``ValidationError``, a refusal (an exception whose name ends in Refused or
Invalid), a ``flash()``, an error appended to a field or the label of a choice, that is not
the argument of a gettext function."""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment, nodes

LETTER = re.compile(r"[^\W\d_]")
SEEN_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder"}
# Names that are the same in every language: the languages of the switch, file formats.
UNTRANSLATED = {"English", "Français", "CSV", "XLSX"}
GETTEXT = {"_", "gettext", "ngettext", "lazy_gettext", "lazy_ngettext", "_l", "_n"}
PLACEHOLDER = "\x00"


def _shown(text: str) -> str:
    """``text`` on one line, each expression shown as an ellipsis."""
    return re.sub(f"{PLACEHOLDER}+", "…", " ".join(text.split()))


def _has_text(value: str) -> bool:
    text = value.replace(PLACEHOLDER, " ").strip()
    return bool(LETTER.search(text)) and text not in UNTRANSLATED


class _TextFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in SEEN_ATTRIBUTES and value and _has_text(value):
                self.found.append(f"{name}={value!r}")
        kinds = dict(attrs)
        if tag == "input" and kinds.get("type") in ("submit", "button"):
            value = kinds.get("value") or ""
            if _has_text(value):
                self.found.append(f"value={value!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and _has_text(data):
            self.found.append(_shown(data))


def _literal_outputs(node: nodes.Node) -> list[str]:
    """String constants that an output expression writes as they are."""
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return [node.value] if _has_text(node.value) else []
    if isinstance(node, nodes.CondExpr):
        return _literal_outputs(node.expr1) + (
            _literal_outputs(node.expr2) if node.expr2 is not None else []
        )
    if isinstance(node, nodes.Concat):
        return [found for part in node.nodes for found in _literal_outputs(part)]
    if isinstance(node, nodes.Filter | nodes.MarkSafe | nodes.MarkSafeIfAutoescape):
        return _literal_outputs(node.node) if node.node is not None else []
    return []


def _template_text(node: nodes.Node, pieces: list[str]) -> None:
    """The template's own text in source order; every expression becomes a placeholder."""
    if isinstance(node, nodes.Output):
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                pieces.append(child.data)
            else:
                # A literal written as it is counts as the template's own text (an attribute
                # like class="alert-{{ 'info' }}" is not read by anyone).
                pieces.append(PLACEHOLDER + " ".join(_literal_outputs(child)) + PLACEHOLDER)
        return
    for child in node.iter_child_nodes():
        _template_text(child, pieces)


def unmarked_in_template(env: Environment, source: str, is_html: bool) -> list[str]:
    pieces: list[str] = []
    _template_text(env.parse(source), pieces)
    text = "".join(pieces)
    if is_html:
        finder = _TextFinder()
        finder.feed(text)
        finder.close()
        found = finder.found
    else:
        found = [_shown(line) for line in text.splitlines() if _has_text(line)]
    return found


# Calls whose string arguments people read: fields, validators, errors, flash messages.
_SHOWN_CALL = re.compile(
    r"(Field|Refused|Invalid|^ValidationError|^flash|^InputRequired|^DataRequired|^Length|"
    r"^NumberRange|^Regexp|^Email|^URL|^AnyOf|^FileRequired|^EqualTo|^_line|^_text)$"
)
_SHOWN_KEYWORDS = {"label", "description", "message", "render_kw"}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _strings(node: ast.AST) -> list[ast.AST]:
    """Literals (plain or f-strings) in ``node``, except inside gettext calls."""
    if isinstance(node, ast.Call) and _name(node.func) in GETTEXT:
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node] if _has_text(node.value) else []
    if isinstance(node, ast.JoinedStr):
        return [node]
    if isinstance(node, ast.Tuple | ast.List):
        return [found for element in node.elts for found in _strings(element)]
    if isinstance(node, ast.BinOp):
        return _strings(node.left) + _strings(node.right)
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    return []


def _appends_an_error(node: ast.Call) -> bool:
    """``form.field.errors.append(...)``: a message shown beside a field."""
    func = node.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "append"
        and isinstance(func.value, ast.Attribute)
        and func.value.attr == "errors"
    )


def _choice_labels(node: ast.AST) -> list[ast.AST]:
    """The labels of ``(value, label)`` pairs in a literal list of choices."""
    if not isinstance(node, ast.List | ast.Tuple):
        return []
    found: list[ast.AST] = []
    for element in node.elts:
        if isinstance(element, ast.Tuple) and len(element.elts) == 2:
            label = element.elts[1]
            if isinstance(label, ast.Constant) and isinstance(label.value, str):
                found += [label] if _has_text(label.value) else []
            elif isinstance(label, ast.JoinedStr):
                found.append(label)
    return found


def unmarked_in_python(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _appends_an_error(node):
            found += [n for argument in node.args for n in _strings(argument)]
        elif isinstance(node, ast.Call) and _SHOWN_CALL.search(_name(node.func)):
            name = _name(node.func)
            # flash(message, category); Regexp(pattern, message=...): only the message shows.
            shown_args = (
                node.args[:1]
                if name == "flash"
                else node.args[1:]
                if name in ("Regexp", "EqualTo")
                else node.args
            )
            for argument in shown_args:
                found += _strings(argument)
            for keyword in node.keywords:
                if keyword.arg in _SHOWN_KEYWORDS:
                    found += _strings(keyword.value)
                if keyword.arg == "choices":
                    found += _choice_labels(keyword.value)
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id.endswith("_CHOICES") for t in node.targets
        ):
            found += _choice_labels(node.value)
    found.sort(key=lambda n: (n.lineno, n.col_offset))  # type: ignore[attr-defined]
    return [f"{path.name}:{n.lineno}: {ast.unparse(n)}" for n in found]  # type: ignore[attr-defined]
