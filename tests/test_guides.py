"""Guides: the built-ins are valid and complete; bad files get file:line:field errors."""

from __future__ import annotations

import pytest

from jobstory.domain import Participant, QuestionKind, render_text
from jobstory.guides import GuideError, builtin_names, load_guide, parse_guide

ALL_KINDS = {k.value for k in QuestionKind}


def test_builtin_guides_use_all_six_kinds() -> None:
    assert builtin_names() == ["churn", "jtbd-switch", "onboarding"]
    for name in builtin_names():
        guide = load_guide(name)
        assert {q.kind.value for q in guide.questions} == ALL_KINDS, name


def test_switch_guide_walks_the_timeline_and_forces() -> None:
    guide = load_guide("jtbd-switch")
    phases = [q.phase for q in guide.questions if q.phase]
    assert ["first_thought", "passive_looking", "active_looking", "deciding", "first_use"] == list(
        dict.fromkeys(phases)
    )
    assert {q.force for q in guide.questions if q.force} == {"push", "pull", "anxiety", "habit"}


def test_missing_fields_render_safely() -> None:
    values = Participant(name="Ana", fields={"product": "Ledgerly"}).values()
    assert render_text("Hi {name}, how is {product}?", values) == "Hi Ana, how is Ledgerly?"
    assert render_text("Hi {name}, how is {company}?", {}) == "Hi, how is?"
    assert render_text("About {product|the product}.", {}) == "About the product."
    # attribute access is not a field: nothing is evaluated
    assert render_text("{name.__class__}", values) == "{name.__class__}"


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
