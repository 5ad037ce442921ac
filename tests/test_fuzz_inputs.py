"""Untrusted files never crash their reader: a guide or a customer list that cannot be used is
a one-line error that names the line (and for guides the field), whatever the bytes are.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobstory.guides import BUILTIN, GuideError, builtin_names, load_guide, parse_guide
from jobstory.web.customers import CsvError, parse_csv

FUZZ = settings(max_examples=200, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
GUIDES = [(BUILTIN / f"{name}.yaml").read_text(encoding="utf-8") for name in builtin_names()]
# Characters YAML gives meaning to, so mutations reach the parser's corners, not only scalars.
YAML_BITS = st.sampled_from([
    ":", "- ", "&a ", "*a", "? ", "!!int ", "!!timestamp ", "!!binary ", "!foo ", "<<: ", "{",
    "}", "[", "]", ",", "|", ">", "'", '"', "#", "\n", "\n  ", "\t", "%YAML 1.1\n", "---\n",
    "...\n", "\x00", "\ufeff", "\u2028", "1e999", "0x1F", "2020-13-45", "~", "9" * 5000,
])


def _one_line_naming_a_place(problem: str, origin: str) -> None:
    assert len(problem.splitlines()) == 1, problem
    assert re.match(rf"{re.escape(origin)}:\d+: \S", problem), problem


def _check_guide(text: str) -> None:
    try:
        parse_guide(text, "fuzz.yaml")
    except GuideError as error:
        assert error.problems
        for problem in error.problems:
            _one_line_naming_a_place(problem, "fuzz.yaml")


@st.composite
def mutated_guides(draw: st.DrawFn) -> str:
    """A built-in guide with a few slices cut, copied, or replaced by YAML punctuation."""
    text = draw(st.sampled_from(GUIDES))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 40)))
        insert = draw(st.one_of(YAML_BITS, st.text(max_size=8), st.just(text[start:end] * 2)))
        text = text[:start] + insert + text[end:]
    return text


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12),
                    st.sampled_from(["open", "scale", "yes_no", "push", "q1"]))
TREES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.text(max_size=8), st.integers(), st.sampled_from(
        ["id", "kind", "text", "options", "min", "max", "labels", "probe", "force"])),
        inner, max_size=4),
), max_leaves=20)


@FUZZ
@given(st.text(max_size=400))
def test_any_text_as_a_guide(text: str) -> None:
    _check_guide(text)


@FUZZ
@given(mutated_guides())
def test_mutated_guides(text: str) -> None:
    _check_guide(text)


@FUZZ
@given(st.lists(TREES, min_size=1, max_size=3), st.dictionaries(st.text(max_size=8), TREES,
                                                                  max_size=3))
def test_odd_values_in_a_guide(questions: list[Any], extra: dict[str, Any]) -> None:
    """Valid YAML, wrong shapes: every problem is still `file:line: field: message`."""
    _check_guide(yaml.safe_dump({"name": "g", "title": "t", **extra, "questions": questions},
                                allow_unicode=True))


@FUZZ
@given(st.binary(max_size=400) | mutated_guides().map(lambda text: text.encode("utf-8")))
def test_any_file_for_guides_check(tmp_path: Path, data: bytes) -> None:
    """`jobstory guides check FILE` reads through load_guide: bytes, not text."""
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    try:
        load_guide(str(path))
    except GuideError as error:
        for problem in error.problems:
            _one_line_naming_a_place(problem, str(path))


CSV_BITS = st.sampled_from([",", ";", "\t", '"', "\n", "\r", "\r\n", "\x00", "\ufeff", "=cmd",
                            "name", "email", "external_id", "a@b.co", "Ana", " ", "\u2028"])


@st.composite
def customer_lists(draw: st.DrawFn) -> str:
    """A header with name and email, then rows built from CSV's special characters."""
    header = draw(st.sampled_from(["name,email", "name;email;company", "email\tname",
                                   "name,email,name", "email", ""]))
    rows = draw(st.lists(st.lists(st.one_of(CSV_BITS, st.text(max_size=6)), max_size=8)
                         .map("".join), max_size=6))
    return "\n".join([header, *rows])


def _check_csv(data: bytes | str) -> None:
    try:
        parsed = parse_csv(data)
    except CsvError as error:
        message = str(error)
        assert message and len(message.splitlines()) == 1, message
        return
    for problem in parsed.errors + parsed.merged:
        assert problem.line >= 2, problem
        assert problem.message and len(problem.message.splitlines()) == 1, problem


@FUZZ
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300), customer_lists()))
def test_any_customer_list(data: bytes | str) -> None:
    _check_csv(data)


@pytest.mark.parametrize("data", [b"name,email\n\xff\xfe,a@b.co\n", "name,email\n\"unclosed,a@b\n"])
def test_customer_list_problems_name_their_line(data: bytes | str) -> None:
    try:
        parsed = parse_csv(data)
    except CsvError as error:
        assert str(error).startswith("line 2:")
    else:
        assert [p.line for p in parsed.errors] == [2]
