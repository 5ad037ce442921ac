"""YAML from strangers, read within bounds, with the line of every key and item.

A guide is uploaded by whoever holds an account, so the YAML must not be able to cost more than
its size: aliases are refused (a 400-byte "billion laughs" expands to gigabytes), nesting and
the number of nodes are capped before anything recursive runs, and every node is visited once.
Duplicate keys are reported instead of silently keeping the last one. PyYAML (with libyaml when
present) does the parsing; this module only checks its event stream and its node tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import ConstructorError

KeyPath = tuple[Any, ...]
_MERGE = "tag:yaml.org,2002:merge"


class YamlProblem(Exception):
    """Why the text cannot be read, and the 1-based line to look at."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"{line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Duplicate:
    """A mapping key given twice: `path` ends with the key; both lines are 1-based."""

    path: KeyPath
    first: int
    again: int


@dataclass(frozen=True)
class Document:
    """The loaded data, the line of every mapping key and sequence item, and duplicate keys."""

    data: Any
    lines: dict[KeyPath, int]
    duplicates: list[Duplicate]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, but a value PyYAML's constructors reject is a marked error.

    `!!timestamp 2020-13-45` or a 5,000-digit integer raise a bare ValueError inside PyYAML;
    wrapping it here keeps the node's line.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except ValueError as error:
            raise ConstructorError(None, None, f"cannot read this value: {error}",
                                   node.start_mark) from None


def load(text: str, *, max_depth: int, max_nodes: int) -> Document | None:
    """Parse one YAML document within the limits; None when the text holds no document."""
    try:
        _check_events(text, max_depth=max_depth, max_nodes=max_nodes)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            lines, duplicates = _walk(loader, node)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        raise YamlProblem(_line(error, text), f"not valid YAML: {_problem(error)}") from None
    return Document(data, lines, duplicates)


def _check_events(text: str, *, max_depth: int, max_nodes: int) -> None:
    """Refuse aliases, deep nesting and too many nodes from the flat event stream.

    Composing nodes recurses once per level of nesting, so the depth is checked first, on
    events, which arrive one at a time however deep the document is.
    """
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(event.start_mark.line + 1,
                              f"aliases (*{event.anchor}) are not allowed; write the value out")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > max_depth:
                raise YamlProblem(event.start_mark.line + 1,
                                  f"nested deeper than {max_depth} levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if isinstance(event, (yaml.CollectionStartEvent, yaml.ScalarEvent)):
            nodes += 1
            if nodes > max_nodes:
                raise YamlProblem(event.start_mark.line + 1,
                                  f"more than {max_nodes} values; this is too large to be a guide")


def _walk(loader: _Loader, root: yaml.Node) -> tuple[dict[KeyPath, int], list[Duplicate]]:
    """Record lines and duplicate keys, visiting each node once (aliases are already refused)."""
    lines: dict[KeyPath, int] = {}
    duplicates: list[Duplicate] = []
    stack: list[tuple[yaml.Node, KeyPath]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            first: dict[Any, int] = {}
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    continue  # the constructor refuses a collection as a key
                name = _key(loader, key)
                child = path + (name,)
                line = key.start_mark.line + 1
                if name in first:
                    duplicates.append(Duplicate(child, first[name], line))
                else:
                    first[name] = line
                    lines[child] = line
                stack.append((value, child))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, path + (index,)) for index, item in enumerate(node.value))
    return lines, sorted(duplicates, key=lambda duplicate: duplicate.again)


def _key(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """A key as the data will hold it, so `1` and `01` are the same label key."""
    if node.tag == _MERGE:
        return node.value
    return loader.construct_object(node)


def _line(error: yaml.YAMLError, text: str) -> int:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        return int(mark.line) + 1
    if isinstance(error, yaml.reader.ReaderError):  # libyaml counts its position in bytes
        found = yaml.reader.Reader.NON_PRINTABLE.search(text)
        return text.count("\n", 0, found.start()) + 1 if found else 1
    return 1


def _problem(error: yaml.YAMLError) -> str:
    """PyYAML's own wording, on one line and without its "in <unicode string>" trailer."""
    if isinstance(error, yaml.reader.ReaderError):
        return f"unacceptable character U+{error.character:04X}: {error.reason}"
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return " ".join(str(problem).split())
