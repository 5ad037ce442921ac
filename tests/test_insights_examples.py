"""The chat panel's example questions come from the study's own analysis, and each one shown
is answered on the demo study (seeded and analysed here as `make run` does)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment, FileSystemLoader

from jobstory.delivery.ask import NOTHING, ask, build_index

TEMPLATES = Path(__file__).resolve().parent.parent / "src" / "jobstory" / "web" / "templates"


def examples(analysis: dict[str, Any]) -> list[str]:
    """The example questions the chat panel shows for `analysis`."""
    html = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True).get_template(
        "_insights_chat.html").render(a=analysis, study={"id": 1}, csrf_token="t",
                                      asset_version="1")
    return re.findall(r'class="[^"]*ask-example[^"]*" data-question="([^"]+)"', html)


@pytest.fixture(scope="module")
def demo_analysis(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from jobstory.analysis_runs.execute import included_interviews, run_analysis
    from jobstory.store.db import open_store
    from jobstory.web.demo import seed_demo

    store = open_store(str(tmp_path_factory.mktemp("demo") / "demo.db"))
    try:
        info = seed_demo(store)
        assert info is not None
        interviews, _ = included_interviews(store, info.study_id)
        return run_analysis(store, info.study_id, interviews=interviews, previous=None,
                            embedder=None, progress=lambda *_: None).analysis
    finally:
        store.close()


def test_every_example_question_shown_is_answered_on_the_demo(demo_analysis) -> None:
    from jobstory.synthesis.embed import default_embedder

    shown = examples(demo_analysis)
    assert len(shown) >= 3
    index = build_index(demo_analysis, default_embedder())
    for question in shown:
        answer = ask(index, question)
        assert answer.text != NOTHING and answer.quotes, question


def test_examples_are_only_those_the_analysis_can_answer() -> None:
    assert examples({}) == []
    only_anxiety = {"themes": [{"id": "t1", "family": "anxiety", "participants": ["p"]}]}
    assert examples(only_anxiety) == ["What worried people about switching?"]
    assert "What made people switch?" in examples(
        {"timelines": [{"participant": "p", "decision": {"source": "s", "start": 0, "end": 1}}]})
