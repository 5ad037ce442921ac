"""Interview guides as YAML: the built-in ones ship here, researchers write their own.

Validation errors name the file, the line and the field, because a researcher fixing a guide
needs to know where to look, not a pydantic traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from jobstory.domain import Guide

BUILTIN = Path(__file__).parent


class GuideError(Exception):
    """A guide that cannot be used; `problems` are one-line 'file:line: field: message' strings."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class _Located:
    """Line numbers of every mapping key and sequence item, by path, from the YAML node tree."""

    lines: dict[tuple[Any, ...], int]

    def line(self, path: tuple[Any, ...]) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def _locate(node: yaml.Node, path: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = path + (key.value,)
            lines[child] = key.start_mark.line + 1
            _locate(value, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _locate(item, path + (index,), lines)


def _field(path: tuple[Any, ...], data: Any) -> str:
    """`questions[2].options`, or `questions[severity].min` when the question has an id."""
    parts: list[str] = []
    node = data
    for part in path:
        if isinstance(part, int):
            label = str(part)
            if isinstance(node, list) and part < len(node) and isinstance(node[part], dict):
                label = str(node[part].get("id", part))
            parts.append(f"[{label}]")
            node = node[part] if isinstance(node, list) and part < len(node) else None
        else:
            parts.append(("." if parts else "") + str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return "".join(parts) or "(guide)"


def parse_guide(text: str, origin: str) -> Guide:
    """Validate YAML text; `origin` names it in errors (a path, or `upload`)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(error, "problem", None) or str(error)
        raise GuideError([f"{origin}:{line}: not valid YAML: {problem}"]) from None
    if not isinstance(data, dict) or node is None:
        raise GuideError([f"{origin}:1: a guide is a mapping with name, title and questions"])
    lines: dict[tuple[Any, ...], int] = {}
    _locate(node, (), lines)
    located = _Located(lines)
    try:
        return Guide.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            path = tuple(p for p in item["loc"] if not (isinstance(p, str) and "[" in p))
            message = item["msg"].removeprefix("Value error, ")
            if item["type"] == "extra_forbidden":
                message = "unknown field"
            if item["type"] == "enum":
                allowed = item.get("ctx", {}).get("expected", "")
                message = f"must be one of {allowed}"
            problems.append(f"{origin}:{located.line(path)}: {_field(path, data)}: {message}")
        raise GuideError(problems) from None


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
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise GuideError([f"{path}:1: cannot read: {error}"]) from None
    return parse_guide(text, str(path))


def builtin_guides() -> list[Guide]:
    return [load_guide(name) for name in builtin_names()]
