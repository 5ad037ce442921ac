"""Guides: the built-ins are valid and complete; bad files get file:line:field errors."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from pydantic import ValidationError

from jobstory.domain import (
    MAX_QUESTIONS,
    SCALE_LIMIT,
    Guide,
    Participant,
    QuestionKind,
    render_text,
)
from jobstory.guides import (
    MAX_DEPTH,
    MAX_GUIDE_BYTES,
    MAX_NODES,
    GuideError,
    builtin_names,
    load_guide,
    parse_guide,
)

ALL_KINDS = {k.value for k in QuestionKind}


def test_builtin_guides_use_all_six_kinds() -> None:
    assert builtin_names() == ["churn", "jtbd-switch", "onboarding"]
    for name in builtin_names():
        guide = load_guide(name)
        assert {q.kind.value for q in guide.questions} == ALL_KINDS, name


def test_switch_guide_walks_the_timeline_and_forces() -> None:
    guide = load_guide("jtbd-switch")
    phases = [q.phase for q in guide.questions if q.phase]
    assert ["first_thought", "passive_looking", "active_looking", "deciding", "first_use",
            "what_changed"] == list(dict.fromkeys(phases))
    assert {q.force for q in guide.questions if q.force} == {"push", "pull", "anxiety", "habit"}


def test_missing_fields_render_safely() -> None:
    values = Participant(name="Ana", fields={"product": "Ledgerly"}).values()
    assert render_text("Hi {name}, how is {product}?", values) == "Hi Ana, how is Ledgerly?"
    assert render_text("Hi {name}, how is {company}?", {}) == "Hi, how is?"
    assert render_text("About {product|the product}.", {}) == "About the product."
    # attribute access is not a field: nothing is evaluated
    assert render_text("{name.__class__}", values) == "{name.__class__}"


def test_switch_guide_closing_reads_well_with_and_without_a_name():
    closing = load_guide("jtbd-switch").closing
    assert "thank you, Ana!" in render_text(closing, {"name": "Ana"})
    nameless = render_text(closing, {})
    assert "thank you!" in nameless and ",!" not in nameless and ", !" not in nameless


BAD = """\
name: Bad Name
title: t
max_probes: 7
questions:
  - id: a
    kind: open
    text: hi
  - id: rate
    kind: scale
    text: How?
    min: 5
    max: 1
  - id: pick
    kind: single_choice
    text: Which?
    options: [One]
  - id: c
    kind: dropdown
    text: c
  - id: a
    kind: open
    text: again
"""


def test_bad_guide_errors_name_line_and_field() -> None:
    with pytest.raises(GuideError) as caught:
        parse_guide(BAD, "bad.yaml")
    problems = caught.value.problems
    assert any(p.startswith("bad.yaml:1: name:") for p in problems), problems
    assert any(p.startswith("bad.yaml:3: max_probes:") for p in problems), problems
    assert any(p.startswith("bad.yaml:8: questions[rate]:") and "max" in p for p in problems)
    assert any(p.startswith("bad.yaml:13: questions[pick]:") and "2 options" in p
               for p in problems), problems
    assert any("questions[c].kind: must be one of" in p and "yes_no" in p for p in problems)


def test_duplicate_ids_and_unknown_fields() -> None:
    with pytest.raises(GuideError) as caught:
        parse_guide("name: g\ntitle: t\nquestions:\n  - {id: a, kind: open, text: x}\n"
                    "  - {id: a, kind: open, text: y, colour: red}\n", "g.yaml")
    text = str(caught.value)
    assert "g.yaml:5: questions[a].colour: unknown field" in text


@pytest.mark.parametrize("text, expected", [
    ("name: [unclosed\n", "not valid YAML"),
    ("- just\n- a list\n", "a guide is a mapping"),
    ("", "a guide is a mapping"),
])
def test_unusable_yaml(text: str, expected: str) -> None:
    with pytest.raises(GuideError, match=expected):
        parse_guide(text, "x.yaml")


def test_unknown_guide_name_lists_builtins() -> None:
    with pytest.raises(GuideError, match="jtbd-switch"):
        load_guide("no-such-guide")


QUESTION = "questions:\n  - {id: q, kind: open, text: hi}\n"


def _laughs(levels: int) -> str:
    """The "billion laughs": each level names the one before nine times."""
    lines = ["name: bomb", "title: t", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n" + QUESTION


def test_an_alias_bomb_is_refused_at_its_first_alias() -> None:
    started = time.perf_counter()
    with pytest.raises(GuideError) as caught:
        parse_guide(_laughs(9), "bomb.yaml")
    assert time.perf_counter() - started < 2
    assert caught.value.problems == [
        "bomb.yaml:4: aliases (*a0) are not allowed; write the value out"]


@pytest.mark.parametrize("depth, expected", [
    (MAX_DEPTH + 2, f"x.yaml:3: nested deeper than {MAX_DEPTH} levels"),
    (20_000, "x.yaml:3: not valid YAML: exceeded maximum nesting depth"),  # libyaml's own cap
])
def test_deep_nesting_is_one_line_not_a_recursion_error(depth: int, expected: str) -> None:
    text = "name: g\ntitle: t\nquestions: " + "[" * depth + "]" * depth + "\n"
    with pytest.raises(GuideError) as caught:
        parse_guide(text, "x.yaml")
    assert caught.value.problems == [expected]


def test_too_many_values_are_refused_before_they_are_built() -> None:
    text = "name: g\ntitle: t\nquestions: [" + ", ".join(["1"] * (MAX_NODES + 1)) + "]\n"
    with pytest.raises(GuideError, match=f"x.yaml:3: more than {MAX_NODES} values"):
        parse_guide(text, "x.yaml")


def test_a_guide_over_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("name: big\ntitle: t\n" + QUESTION + "#" * (10 * 1024 * 1024) + "\n")
    started = time.perf_counter()
    with pytest.raises(GuideError) as caught:
        load_guide(str(path))
    assert time.perf_counter() - started < 1
    assert caught.value.problems == [f"{path}:1: the guide is larger than 256 KiB"]
    with pytest.raises(GuideError, match="upload:1: the guide is larger than 256 KiB"):
        parse_guide("é" * (MAX_GUIDE_BYTES // 2 + 1), "upload")  # bytes, not characters


def test_duplicate_keys_name_both_lines() -> None:
    text = ("name: g\ntitle: t\nquestions:\n  - id: rate\n    kind: scale\n    text: How?\n"
            "    labels: {1: low, 01: also low}\n    text: Again?\n")
    with pytest.raises(GuideError) as caught:
        parse_guide(text, "g.yaml")
    assert caught.value.problems == [
        "g.yaml:7: questions[rate].labels[1]: given twice, both on line 7",
        "g.yaml:8: questions[rate].text: given twice, on lines 6 and 8",
    ]


def test_too_many_questions() -> None:
    many = "".join(f"  - {{id: q{n}, kind: open, text: hi}}\n" for n in range(MAX_QUESTIONS + 1))
    with pytest.raises(GuideError) as caught:
        parse_guide("name: g\ntitle: t\nquestions:\n" + many, "g.yaml")
    assert caught.value.problems == [
        f"g.yaml:3: questions: at most {MAX_QUESTIONS} allowed, not {MAX_QUESTIONS + 1}"]


@pytest.mark.parametrize("low, high, expected", [
    (9007199254740993, 9007199254740994, "questions[s].min: Input should be less than or equal"),
    (-9007199254740994, -9007199254740993, "questions[s].max: Input should be greater than"),
    (0, 101, "questions[s]: scale range must span at most 100 points"),
])
def test_scale_ends_are_bounded(low: int, high: int, expected: str) -> None:
    text = (f"name: g\ntitle: t\nquestions:\n  - id: s\n    kind: scale\n    text: How?\n"
            f"    min: {low}\n    max: {high}\n")
    with pytest.raises(GuideError, match=re.escape(expected)):
        parse_guide(text, "g.yaml")


def test_widest_scale_is_accepted() -> None:
    text = ("name: g\ntitle: t\nquestions:\n  - {id: s, kind: scale, text: How, "
            f"min: {SCALE_LIMIT - 100}, max: {SCALE_LIMIT}}}\n")
    question = parse_guide(text, "g.yaml").questions[0]
    assert (question.scale_min, question.scale_max) == (900, 1000)


def test_a_stored_guide_past_the_caps_still_loads_but_never_comes_in() -> None:
    """The caps bound what comes in; a guide read back from the store was accepted then."""
    questions = [{"id": f"q{n}", "kind": "open", "text": "Why?"} for n in range(MAX_QUESTIONS + 50)]
    questions[0] = {"id": "q0", "kind": "scale", "text": "How?", "min": -5000, "max": 2**60}
    data = {"name": "old", "title": "Old", "questions": questions}
    stored = Guide.from_store(data)
    assert len(stored.questions) == MAX_QUESTIONS + 50 and stored.questions[0].scale_max == 2**60
    with pytest.raises(ValidationError, match=f"at most {MAX_QUESTIONS} items"):
        Guide.model_validate(data)
    with pytest.raises(ValidationError) as caught:
        Guide.model_validate({**data, "questions": questions[:2]})
    assert [e["loc"] for e in caught.value.errors()] == [("questions", 0, "min"),
                                                        ("questions", 0, "max")]
    with pytest.raises(ValidationError, match="other"):  # everything else is still checked
        Guide.from_store({**data, "questions": [{**questions[1], "kind": "other"}]})


@pytest.mark.parametrize("text, expected", [
    ("name: 2020-13-45\n", "x.yaml:1: not valid YAML: cannot read this value: month must be"),
    ("name: g\ntitle: " + "9" * 5000 + "\n", "x.yaml:2: not valid YAML: cannot read this value"),
    ("name: g\n\ntitle: a\x00b\n", "x.yaml:3: not valid YAML: unacceptable character U+0000"),
    ("name: g\ntitle: t\nquestions:\n  - {id: \"a\\nb\", kind: open, text: x, \"c\\nd\": 1}\n",
     "x.yaml:4: questions['a\\nb'].'c\\nd': unknown field"),
])
def test_odd_values_are_one_line_errors(text: str, expected: str) -> None:
    with pytest.raises(GuideError) as caught:
        parse_guide(text, "x.yaml")
    assert any(p.startswith(expected) for p in caught.value.problems), caught.value.problems
    assert all("\n" not in p for p in caught.value.problems)


def test_a_blank_field_name_is_quoted_in_the_error() -> None:
    """Regression (found by the fuzz test): a key YAML reads as a space vanished from the
    one-line error, leaving 'guide.yaml:2:  : unknown field'."""
    with pytest.raises(GuideError) as caught:
        parse_guide("name: g\n' ': 1\ntitle: T\nquestions: [{id: a, kind: open, text: Hi?}]\n",
                    "guide.yaml")
    assert "guide.yaml:2: ' ': unknown field" in str(caught.value)
