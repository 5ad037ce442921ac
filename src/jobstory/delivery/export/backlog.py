"""Job stories and their user stories as backlog items: Markdown, JSON, Jira CSV, GitHub
issues (REST API JSON, or a `gh issue create` script), Linear CSV.

Every item carries its evidence: each part's quotes verbatim with participant and place
(source:start-end). A part nobody stated stays marked missing. Pure functions from an
analysis to bytes; the same analysis gives the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shlex
from typing import Any

from jobstory.delivery.lint import lint
from jobstory.delivery.userstories import user_stories
from jobstory.shown import markdown_text, visible_controls

PARTS = ("situation", "motivation", "outcome")
LABEL = "job-story"
#: Cells a spreadsheet would run as a formula get a leading apostrophe (participant text is
#: untrusted), as in the study's answers.csv.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
NO_USER_STORIES = "None yet: no participant stated the motivation, and a user story needs one."
#: Jira caps a summary at 255 characters, GitHub a title at 256.
TITLE_MAX = 255


def items(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    """One backlog item per job story, ranked as the analysis ranks them."""
    result = []
    for story in analysis.get("job_stories") or []:
        text = str(story.get("text") or "")
        quotes = []
        parts = {}
        for part in PARTS:
            value = story.get(part) or {}
            part_quotes = [_quote(q) for q in value.get("quotes") or []]
            quotes += part_quotes
            parts[part] = {"text": value.get("text"), "quotes": part_quotes,
                           "missing": not value.get("text")}
        # no motivation, nothing to serve: user stories wait until a participant states it
        conversion = user_stories(text) if parts["motivation"]["text"] else None
        result.append({
            "id": story.get("id"), "rank": story.get("rank"), "text": text,
            "participant_count": story.get("participant_count", 0),
            "participants": story.get("participants") or [],
            "complete": bool(story.get("complete")),
            "confidence": story.get("confidence_reason"),
            "parts": parts,
            "findings": [f.to_json() for f in lint(text, evidence=quotes)],
            "user_stories": [s.to_json() for s in conversion.user_stories] if conversion
            else [],
        })
    return result


def _quote(quote: dict[str, Any]) -> dict[str, Any]:
    return {k: quote.get(k) for k in ("text", "participant", "source", "start", "end")}


def _gap(part: dict[str, Any]) -> str:
    return "not worded yet: in their words below" if part["quotes"] else \
        "missing: no participant stated it"


def _place(quote: dict[str, Any]) -> str:
    return f"{quote['source']}:{quote['start']}-{quote['end']}"


# --- Markdown (also the body of GitHub and Linear issues) -------------------------------------

def _md(text: Any) -> str:
    return markdown_text(text, one_line=True)


def item_markdown(item: dict[str, Any], *, heading: str = "###") -> str:
    lines = [f"**{item['participant_count']} participant(s)** · `{item['id']}` · "
             + ("complete" if item["complete"] else "incomplete: missing parts are marked"), ""]
    for part in PARTS:
        value = item["parts"][part]
        shown = _md(value["text"]) if not value["missing"] else f"*{_gap(value)}*"
        lines.append(f"**{part.capitalize()}:** {shown}")
        for quote in value["quotes"]:
            body = "\n> ".join(_md(line) for line in str(quote["text"]).split("\n"))
            lines += [f"> “{body}”  \n> — {_md(quote['participant'])}, `{_place(quote)}`", ""]
        if not value["quotes"]:
            lines.append("")
    if item["findings"]:
        lines.append("**Linter:** " + "; ".join(f"{f['code']} {f['message']}"
                                                 for f in item["findings"]))
        lines.append("")
    lines.append(f"{heading} Candidate user stories")
    lines.append("")
    if not item["user_stories"]:
        lines.append(NO_USER_STORIES)
    for number, story in enumerate(item["user_stories"], start=1):
        lines.append(f"{number}. **{_md(story['name'])}**: {_md(story['text'])}")
        lines += [f"   - {_md(step)}" for step in story["acceptance"]]
    return "\n".join(lines).rstrip() + "\n"


def markdown(analysis: dict[str, Any], name: str) -> bytes:
    summary = analysis.get("summary") or {}
    backlog = items(analysis)
    lines = [f"# Job stories: {_md(name)}", "",
             f"{len(backlog)} job stories from {summary.get('sources', 0)} sources and "
             f"{summary.get('participants', 0)} participants. Quotes are verbatim; each names "
             "its participant and place (source:start-end).", ""]
    for item in backlog:
        lines += [f"## {item['rank']}. {_md(item['text'])}", "", item_markdown(item), ""]
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


def as_json(analysis: dict[str, Any], name: str) -> bytes:
    data = {"name": name, "jobstory": analysis.get("jobstory"), "job_stories": items(analysis)}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- CSV importers ---------------------------------------------------------------------------


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def _title(item: dict[str, Any]) -> str:
    text = " ".join(item["text"].split())
    return text if len(text) <= TITLE_MAX else text[: TITLE_MAX - 1].rstrip() + "…"


_JIRA_SPECIAL = re.compile(r"([\\{}\[\]*_|^+\-~?#])")


def _jira(text: Any) -> str:
    """Participant text inside Jira wiki markup: its markup characters escaped."""
    return _JIRA_SPECIAL.sub(r"\\\1", visible_controls(str(text or "")))


def _jira_description(item: dict[str, Any]) -> str:
    lines = [f"Job story {item['id']}, told by {item['participant_count']} participant(s)."
             + ("" if item["complete"] else " Incomplete: missing parts are marked."), ""]
    for part in PARTS:
        value = item["parts"][part]
        shown = _jira(value["text"]) if not value["missing"] else f"_{_gap(value)}_"
        lines.append(f"*{part.capitalize()}:* {shown}")
        for quote in value["quotes"]:
            lines.append("{quote}" + _jira(" ".join(str(quote["text"]).split())) + "{quote}")
            lines.append(f"— {_jira(quote['participant'])}, {_jira(_place(quote))}")
        lines.append("")
    lines.append("h3. Candidate user stories")
    if not item["user_stories"]:
        lines.append(NO_USER_STORIES)
    for story in item["user_stories"]:
        lines.append(f"# *{_jira(story['name'])}:* {_jira(story['text'])}")
        lines += [f"** {_jira(step)}" for step in story["acceptance"]]
    return "\n".join(lines)


def jira(analysis: dict[str, Any], name: str) -> bytes:
    """Jira's CSV importer: one Story per job story; two Labels columns (Jira takes one label
    per column)."""
    rows = [[_title(item), "Story", _jira_description(item), LABEL,
             "complete" if item["complete"] else "incomplete"] for item in items(analysis)]
    return _csv(["Summary", "Issue Type", "Description", "Labels", "Labels"], rows)


def linear(analysis: dict[str, Any], name: str) -> bytes:
    """Linear's CSV import: Title, Description (Markdown), Status, Priority, Labels."""
    rows = [[_title(item), item_markdown(item), "Backlog", "No priority",
             f"{LABEL}, {'complete' if item['complete'] else 'incomplete'}"]
            for item in items(analysis)]
    return _csv(["Title", "Description", "Status", "Priority", "Labels"], rows)


# --- GitHub -----------------------------------------------------------------------------------


def _issues(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"title": _title(item), "body": item_markdown(item),
             "labels": [LABEL, "complete" if item["complete"] else "incomplete"]}
            for item in items(analysis)]


def github(analysis: dict[str, Any], name: str) -> bytes:
    """One object per issue, each the body of `POST /repos/{owner}/{repo}/issues`."""
    return (json.dumps(_issues(analysis), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def github_script(analysis: dict[str, Any], name: str) -> bytes:
    """A bash script that files every issue with `gh issue create` (give it OWNER/REPO).

    Titles are shell-quoted; bodies go through quoted here-documents (no expansion), each
    ended by a marker made from the body's hash, on a line of its own that the body lacks."""
    lines = ["#!/usr/bin/env bash",
             f"# Job stories of {name}, as GitHub issues. Usage: bash THIS_FILE OWNER/REPO",
             "set -euo pipefail", 'repo="${1:?usage: $0 OWNER/REPO}"',
             'for label in job-story complete incomplete; do',
             '  gh label create "$label" --repo "$repo" --force >/dev/null', "done"]
    for issue in _issues(analysis):
        body = issue["body"]
        marker = "JOBSTORY_" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:16].upper()
        labels = " ".join(f"--label {shlex.quote(label)}" for label in issue["labels"])
        lines += [f'gh issue create --repo "$repo" --title {shlex.quote(issue["title"])} '
                  f"{labels} --body-file - <<'{marker}'", body.rstrip("\n"), marker]
    return ("\n".join(lines) + "\n").encode("utf-8")
