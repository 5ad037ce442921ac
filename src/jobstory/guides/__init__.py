"""Interview guides as YAML: the built-in ones ship here, researchers write their own.

Validation errors name the file, the line and the field, because a researcher fixing a guide
needs to know where to look, not a pydantic traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from jobstory.domain import Guide
from jobstory.guides import bounded_yaml

BUILTIN = Path(__file__).parent
# Generous for a hand-written guide (the built-ins are under 10 KiB), small enough that a
# stranger's upload is parsed in well under a second.
MAX_GUIDE_BYTES = 256 * 1024
MAX_DEPTH = 16  # a guide nests 5 deep: guide > questions > question > labels > label
MAX_NODES = 20_000  # about 100 values for each of the 200 questions a guide may have


class GuideError(Exception):
    """A guide that cannot be used; `problems` are one-line 'file:line: field: message' strings."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _field(path: tuple[Any, ...], data: Any) -> str:
    """`questions[2].options`, or `questions[severity].min` when the question has an id."""
    parts: list[str] = []
    node = data
    for part in path:
        if isinstance(part, int):
            label = str(part)
            if isinstance(node, list) and part < len(node) and isinstance(node[part], dict):
                label = _name(node[part].get("id", part))
            parts.append(f"[{label}]")
            node = node[part] if isinstance(node, list) and part < len(node) else None
        else:
            parts.append(("." if parts else "") + _name(part))
            node = node.get(part) if isinstance(node, dict) else None
    return "".join(parts) or "(guide)"


def _name(value: Any) -> str:
    """A key or id as written, unless a newline or a 10 KB key would break the one-line error."""
    text = str(value)
    if text.isprintable() and len(text) <= 64 and text and text.strip() == text:
        return text  # else quoted: a blank or space-edged key would vanish from the message
    return repr(text[:60]) + ("..." if len(text) > 60 else "")


def parse_guide(text: str, origin: str) -> Guide:
    """Validate YAML text; `origin` names it in errors (a path, or `upload`)."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_GUIDE_BYTES:
        raise GuideError([_too_large(origin)])
    try:
        document = bounded_yaml.load(text, max_depth=MAX_DEPTH, max_nodes=MAX_NODES)
    except bounded_yaml.YamlProblem as problem:
        raise GuideError([f"{origin}:{problem.line}: {problem.message}"]) from None
    if document is None or not isinstance(document.data, dict):
        raise GuideError([f"{origin}:1: a guide is a mapping with name, title and questions"])
    data = document.data
    if document.duplicates:
        raise GuideError([f"{origin}:{d.again}: {_field(d.path, data)}: given twice, "
                          + (f"on lines {d.first} and {d.again}" if d.first != d.again
                             else f"both on line {d.again}")
                          for d in document.duplicates])
    try:
        return Guide.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            path = tuple(p for p in item["loc"] if not (isinstance(p, str) and "[" in p))
            message = item["msg"].removeprefix("Value error, ")
            if item["type"] == "extra_forbidden":
                message = "unknown field"
            if item["type"] == "too_long":
                ctx = item.get("ctx", {})
                message = f"at most {ctx.get('max_length')} allowed, not {ctx.get('actual_length')}"
            if item["type"] == "enum":
                allowed = item.get("ctx", {}).get("expected", "")
                message = f"must be one of {allowed}"
            line = _line(document.lines, path)
            problems.append(f"{origin}:{line}: {_field(path, data)}: {message}")
        raise GuideError(problems) from None


def _line(lines: dict[tuple[Any, ...], int], path: tuple[Any, ...]) -> int:
    """The line of `path`, or of the nearest enclosing key or item that has one."""
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


def _too_large(origin: str) -> str:
    return f"{origin}:1: the guide is larger than {MAX_GUIDE_BYTES // 1024} KiB"


def builtin_names() -> list[str]:
    return sorted(p.stem for p in BUILTIN.glob("*.yaml"))


def load_guide(name_or_path: str) -> Guide:
    """A built-in guide by name, or a YAML file by path."""
    path = Path(name_or_path)
    if name_or_path in builtin_names():
        path = BUILTIN / f"{name_or_path}.yaml"
    elif not path.is_file():
        known = ", ".join(builtin_names())
        raise GuideError([f"{name_or_path}: no such guide file or built-in guide ({known})"])
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_GUIDE_BYTES + 1)
        if len(data) > MAX_GUIDE_BYTES:
            raise GuideError([_too_large(str(path))])
        text = data.decode("utf-8-sig")
    except OSError as error:
        raise GuideError([f"{path}:1: cannot read: {error}"]) from None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise GuideError([f"{path}:{line}: the file is not UTF-8 text"]) from None
    return parse_guide(text, str(path))


def builtin_guides() -> list[Guide]:
    return [load_guide(name) for name in builtin_names()]
