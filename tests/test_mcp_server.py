"""`jobstory mcp` driven by the official MCP client over stdio, as an assistant would."""

from __future__ import annotations

import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import anyio
import pytest

from jobstory.store.db import open_store
from tests.ask_support import ROOT, examples_dir
from tests.test_insights_api import finished_run


async def _session(args: list[str], calls: list[tuple[str, dict[str, Any]]]
                   ) -> tuple[list[str], list[Any]]:
    """Start the server, list its tools, make `calls`; (tool names, results)."""
    from mcp import ClientSession, StdioServerParameters, stdio_client

    params = StdioServerParameters(
        command=sys.executable, args=["-m", "jobstory", "mcp", *args], cwd=str(ROOT),
        env={"HF_HUB_OFFLINE": "1", "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
             **{k: v for k, v in os.environ.items() if k.startswith("JOBSTORY_CACHE")}})
    with open(os.devnull, "w") as quiet:
        async with stdio_client(params, errlog=quiet) as (read, write), \
                ClientSession(read, write) as session:
            await session.initialize()
            tools = [t.name for t in (await session.list_tools()).tools]
            results = [await session.call_tool(name, arguments) for name, arguments in calls]
    return tools, results


def _data(result: Any) -> dict[str, Any]:
    assert not result.is_error, result.content
    if result.structured_content:
        return result.structured_content
    return json.loads(result.content[0].text)


def _run(function: Any, *args: Any) -> Any:
    """`anyio.run` in a thread of its own: a browser test's sync Playwright session, earlier in
    the same pytest process, leaves an event loop running in the main thread."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(anyio.run, function, *args).result()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return examples_dir(tmp_path_factory)


def test_an_assistant_reads_a_study_through_every_read_only_tool(folder: Path,
                                                                 tmp_path: Path) -> None:
    name = folder.name
    db = f"sqlite:///{tmp_path / 'mcp.sqlite'}"
    tools, results = _run(_session, ["--dir", str(folder), "--db", db], [
        ("list_studies", {}),
        ("ask", {"study": name, "question": "Who worried about moving their data?"}),
        ("get_job_stories", {"study": name}),
        ("get_themes", {"study": name, "family": "anxiety"}),
        ("get_timeline", {"study": name, "participant": "Gary"}),
        ("search_quotes", {"study": name, "query": "paper notebook", "limit": 3}),
        ("lint_job_story", {"text": "As a user, I want to click a button."}),
        ("ask", {"study": "no-such-study", "question": "who?"}),
    ])
    assert set(tools) == {"list_studies", "get_job_stories", "get_themes", "get_timeline",
                          "ask", "search_quotes", "lint_job_story"}  # read-only by default
    studies, answer, stories, themes, timeline, quotes, lint, unknown = results
    assert name in {s["study"] for s in _data(studies)["studies"]}
    asked = _data(answer)
    assert asked["intent"]["kind"] == "who" and asked["quotes"]
    analysis = json.loads((folder / "analysis.json").read_text(encoding="utf-8"))
    segments = {(s["source"], s["start"], s["end"]): s["text"] for s in analysis["segments"]}
    for quote in asked["quotes"] + _data(quotes)["quotes"]:
        assert segments[(quote["source"], quote["start"], quote["end"])] == quote["text"]
    assert len(_data(quotes)["quotes"]) == 3
    assert [s["id"] for s in _data(stories)["job_stories"]] == [
        s["id"] for s in analysis["job_stories"]]
    assert {t["family"] for t in _data(themes)["themes"]} == {"anxiety"}
    assert _data(timeline)["timeline"]["participant"] == "Gary Holt"
    codes = {f["code"] for f in _data(lint)["findings"]}
    assert {"JS01", "JS02"} <= codes
    assert unknown.is_error and "list_studies" in unknown.content[0].text


def test_with_allow_writes_a_decision_is_recorded_as_an_audited_event(
        folder: Path, tmp_path: Path) -> None:
    from jobstory.learning.events import list_decisions
    from jobstory.web import studies
    from jobstory.web.accounts import create_user

    db = f"sqlite:///{tmp_path / 'mcp.sqlite'}"
    store = open_store(db)
    analysis = json.loads((folder / "analysis.json").read_text(encoding="utf-8"))
    try:
        account = create_user(store, "ada@example.com", "a long enough passphrase 1")
        study_id = studies.create_study(store, account, "Invoicing",
                                        studies.guide_from_json("jtbd-switch"))
        finished_run(store, study_id, analysis)
    finally:
        store.close()
    story = analysis["job_stories"][0]["id"]
    calls = [("record_decision", {"study": str(study_id), "action": "accept_story",
                                  "target": story})]
    tools, (recorded,) = _run(_session, ["--db", db, "--allow-writes", "--author",
                                         "ada@example.com"], calls)
    assert "record_decision" in tools
    decision = _data(recorded)["decision"]
    assert decision["action"] == "accept_story" and decision["author"] == "ada@example.com"
    store = open_store(db)
    try:
        [kept] = list_decisions(store, study_id)
        assert kept.target == story and kept.author == "ada@example.com"
    finally:
        store.close()
