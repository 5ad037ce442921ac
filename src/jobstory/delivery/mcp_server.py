"""`jobstory mcp`: a study's job stories, themes, timelines and quotes for an AI assistant,
over stdio with the official MCP SDK (2.x `MCPServer`).

Read-only by default. With `allow_writes` one more tool, `record_decision`, records a
researcher's decision (accept or reject a story, rename or merge a theme ...) as an audited
event in `learning.events`, with the author and the time, replayed on every later analysis.

Studies are the store's (by id) and the analysis folders given at start (by folder name).
Answers carry participants' own words with their (source, start, end); nothing here writes
text of its own except the templates of `ask`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

#: A tool's list is cut here: an assistant reads a page, not a data set.
MAX_ITEMS = 50


class StudyUnknown(LookupError):
    """A study name the server does not serve."""


@dataclass
class Catalogue:
    """The studies this server serves, and their indexes once built."""

    folders: dict[str, Path] = field(default_factory=dict)
    db: str | None = None
    _store: Any = None
    _indexes: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, folders: Sequence[str], db: str | None) -> Catalogue:
        named: dict[str, Path] = {}
        for folder in folders:
            path = Path(folder).resolve()
            name = path.name if path.is_dir() else path.parent.name
            named[name if name not in named else str(path)] = path
        return cls(named, db)

    @property
    def store(self) -> Any:
        if self._store is None:
            from jobstory.store.db import open_store

            self._store = open_store(self.db)
        return self._store

    def studies(self) -> list[dict[str, Any]]:
        from jobstory.analysis_runs.results import last_good_run
        from jobstory.store.tables import Study

        listed = [{"study": name, "title": name, "where": "folder", "path": str(path)}
                  for name, path in sorted(self.folders.items())]
        if self.db is not None or not self.folders:
            with self.store.read() as session:
                rows = [(s.id, s.title) for s in session.query(Study).order_by(Study.id)]
            for study_id, title in rows:
                run = last_good_run(self.store, study_id)
                listed.append({"study": str(study_id), "title": title, "where": "store",
                               "analysed": run is not None})
        return listed

    def analysis(self, study: str) -> dict[str, Any]:
        """The study's analysis, without the embeddings only `ask` and search need."""
        from jobstory.delivery.analysis_source import read_analysis, study_analysis

        study = str(study).strip()
        if study in self._indexes:
            return self._indexes[study].analysis
        if study in self.folders:
            return read_analysis(self.folders[study])
        if study.isdigit():
            return study_analysis(self.store, int(study), analyse_missing=True)
        raise StudyUnknown(f"no study {study!r}: call list_studies for the names")

    def index(self, study: str) -> Any:
        """The study made searchable (MiniLM vectors), built on first use."""
        from jobstory.delivery.ask.load import open_index

        study = str(study).strip()
        if study not in self._indexes:
            self.analysis(study)  # an unknown name fails here, before any model loads
            self._indexes[study] = open_index(
                str(self.folders[study]) if study in self.folders else study, db=self.db)
        return self._indexes[study]


def _quotes(spans: Any, limit: int = 3) -> list[dict[str, Any]]:
    keys = ("participant", "text", "source", "start", "end")
    return [{k: q.get(k) for k in keys} for q in (spans or [])[:limit] if isinstance(q, dict)]


def build_server(catalogue: Catalogue, *, allow_writes: bool = False,
                 author: str = "mcp") -> Any:
    """The MCP server with its tools bound to `catalogue`."""
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ToolError
    from mcp.types import ToolAnnotations

    from jobstory import __version__

    server = MCPServer(
        "jobstory", version=__version__,
        instructions="Customer-interview evidence: job stories, themes, switch timelines and "
                     "verbatim quotes with their place. Call list_studies first. Quotes are "
                     "participants' own words; counts are computed, never estimated.")
    read_only = ToolAnnotations(read_only_hint=True, open_world_hint=False)

    def one_line(error: Exception) -> ToolError:
        return ToolError(str(error).splitlines()[0] if str(error) else type(error).__name__)

    def studied(study: str) -> Any:
        try:
            return catalogue.index(study)
        except Exception as error:  # one line for the assistant, whatever went wrong
            raise one_line(error) from None

    def analysed(study: str) -> dict[str, Any]:
        try:
            return catalogue.analysis(study)
        except Exception as error:
            raise one_line(error) from None

    @server.tool(annotations=read_only)
    def list_studies() -> dict[str, Any]:
        """The studies you can ask about: their names for the other tools."""
        return {"studies": catalogue.studies()}

    @server.tool(annotations=read_only)
    def get_job_stories(study: str) -> dict[str, Any]:
        """A study's job stories, ranked, each with its parts, evidence and participants."""
        analysis = analysed(study)
        stories = []
        for story in (analysis.get("job_stories") or [])[:MAX_ITEMS]:
            parts = {name: {"text": (story.get(name) or {}).get("text"),
                            "quotes": _quotes((story.get(name) or {}).get("quotes"))}
                     for name in ("situation", "motivation", "outcome")}
            stories.append({"id": story.get("id"), "rank": story.get("rank"),
                            "text": story.get("text"), **parts,
                            "participants": story.get("participants"),
                            "participant_count": story.get("participant_count"),
                            "complete": story.get("complete")})
        return {"study": study, "job_stories": stories}

    @server.tool(annotations=read_only)
    def get_themes(study: str, family: str | None = None) -> dict[str, Any]:
        """A study's themes (optionally one family: situation, motivation, outcome, push,
        pull, anxiety, habit, functional, emotional, social), largest first."""
        themes = [t for t in analysed(study).get("themes") or []
                  if family is None or t.get("family") == family]
        themes.sort(key=lambda t: (-int(t.get("participant_count") or 0), str(t.get("id"))))
        return {"study": study, "themes": [
            {"id": t.get("id"), "family": t.get("family"), "label": t.get("label"),
             "participant_count": t.get("participant_count"), "mentions": t.get("mentions"),
             "quotes": _quotes(t.get("quotes"))} for t in themes[:MAX_ITEMS]]}

    @server.tool(annotations=read_only)
    def get_timeline(study: str, participant: str) -> dict[str, Any]:
        """One participant's switch timeline: struggling moment, alternatives, pushes, pulls,
        anxieties, habits, decision, first use, what changed; each entry their own words."""
        from jobstory.delivery.ask.index import participant_aliases

        analysis = analysed(study)
        people = [str(t.get("participant")) for t in analysis.get("timelines") or []]
        person = participant_aliases(people).get(participant.casefold(), participant)
        for timeline in analysis.get("timelines") or []:
            if timeline.get("participant") == person:
                return {"study": study, "timeline": timeline}
        raise ToolError(f"no participant {participant!r} in study {study!r}")

    @server.tool(annotations=read_only)
    def ask(study: str, question: str) -> dict[str, Any]:
        """Ask a study a question in plain English ("how many mentioned price?", "who kept
        a paper ledger?", "what did Ingrid say about her accountant?"). Counts are computed;
        quotes are verbatim with their place."""
        from jobstory.delivery.ask import ask as answer

        return answer(studied(study), question).as_json()

    @server.tool(annotations=read_only)
    def search_quotes(study: str, query: str, limit: int = 10) -> dict[str, Any]:
        """Participants' sentences closest to `query` in meaning and words, best first."""
        from jobstory.delivery.ask.answer import quote_of, default_link
        from jobstory.delivery.ask.retrieve import search

        index = studied(study)
        hits = search(index, query, limit=max(1, min(limit, MAX_ITEMS)))
        quotes = [q for q in (quote_of(index, h.index, default_link) for h in hits) if q]
        return {"study": study, "query": query,
                "quotes": [{**q.as_json(), "score": h.score} for q, h in zip(quotes, hits)]}

    @server.tool(annotations=read_only)
    def lint_job_story(text: str) -> dict[str, Any]:
        """Check a job story ("When ..., I want to ..., so I can ...") for the common
        mistakes; each finding has a rule code, a message, a span and a rewrite if any."""
        from jobstory.delivery.lint import lint

        findings = [f.to_json() for f in lint(text)]
        return {"text": text, "clean": not findings, "findings": findings}

    if allow_writes:
        from jobstory.learning.events import ACTIONS

        @server.tool(annotations=ToolAnnotations(read_only_hint=False, destructive_hint=False,
                                                 idempotent_hint=False,
                                                 open_world_hint=False))
        def record_decision(study: str, action: str, target: str,
                            value: str | None = None) -> dict[str, Any]:
            """Record a researcher's decision on a store study's analysis as an audited
            event (author and time kept; undone only by another event). `action` is one of
            accept_story, reject_story, edit_story, rename_theme, merge_themes, split_theme,
            move_quote, reject_quote; `target` a story, theme or segment id."""
            from jobstory.learning.events import DecisionError, record

            if not str(study).isdigit():
                raise ToolError("decisions are recorded on store studies (by id) only")
            if action not in ACTIONS:
                raise ToolError(f"action: one of {', '.join(ACTIONS)}")
            analysis = analysed(study)
            try:
                decision = record(catalogue.store, int(study), analysis, action, target,
                                  value, author, datetime.now(UTC))
            except DecisionError as error:
                raise ToolError(str(error)) from None
            return {"study": study, "decision": decision.record()}

    return server


def serve(folders: Sequence[str], db: str | None, *, allow_writes: bool, author: str) -> None:
    """Serve over stdio until the client closes it."""
    build_server(Catalogue.of(folders, db), allow_writes=allow_writes, author=author).run(
        "stdio")
