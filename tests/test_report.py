"""Rendering an analysis into report.md and report.html.

The fixture below is ILLUSTRATIVE: made-up interviews about keeping receipts for a
freelancer's tax return, shaped exactly like the analysis dict `analyze` produces. Quote
offsets are computed from the made-up source texts, so `text == source[start:end]` holds
as it will in real output. Two participants typed HTML into their answers, to check that
untrusted text renders inert.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from jobstory.synthesis.quality import Answer, score_interview
from jobstory.synthesis.report import (
    analysis_json,
    charts,
    render_html,
    render_markdown,
    write_reports,
)
from jobstory.synthesis.report_sections import add_report_sections
from jobstory.synthesis.structured import summarise

SOURCES = {
    "s1": (
        "interviews/ana.vtt",
        "vtt",
        "ana",
        (
            "Last March I missed a VAT deadline because the receipts were in three different "
            "places. I want to see every receipt for a quarter in one list, so I can file on time "
            "without losing a weekend to digging. Honestly the spreadsheet still works for most "
            "months, and I know where everything is. I worry the new app will lose my history "
            "when I import it."
        ),
    ),
    "s2": (
        "interviews/ben.srt",
        "srt",
        "ben",
        (
            "When my accountant emails asking for receipts I panic, it takes me two evenings to "
            "find them. My friend showed me how she snaps a photo and it's filed, that looked "
            "effortless. I want to hand the accountant one link instead of forty attachments. "
            "I once typed <script>alert('x')</script> into the old tool's notes and it broke."
        ),
    ),
    "s3": (
        "notes/cara & co.txt",
        "text",
        "cara",
        (
            "Every quarter end I sit down with a shoebox of paper receipts. I'd like to just "
            "photograph them as they come in. Switching costs me time I don't have "
            "<img src=x onerror=alert(1)> and I'm used to my folders. What if the bank sync stops "
            "working the week before the deadline?"
        ),
    ),
    "s4": (
        "survey/answers.csv",
        "csv",
        "dan",
        (
            "The deadline crept up on me again in January and the receipts were everywhere. "
            'Honestly "it works" is good enough for me, I\'d rather not change.'
        ),
    ),
}


def q(source: str, text: str) -> dict[str, Any]:
    """A QUOTE pointing at `text` inside the illustrative source."""
    body = SOURCES[source][3]
    start = body.index(text)
    return {
        "text": text,
        "source": source,
        "start": start,
        "end": start + len(text),
        "participant": SOURCES[source][2],
    }


def illustrative_analysis() -> dict[str, Any]:
    sit_ana = q(
        "s1",
        "Last March I missed a VAT deadline because the receipts were in three different places.",
    )
    sit_ben = q(
        "s2",
        "When my accountant emails asking for receipts I panic, it takes me two "
        "evenings to find them.",
    )
    sit_cara = q("s3", "Every quarter end I sit down with a shoebox of paper receipts.")
    sit_dan = q(
        "s4", "The deadline crept up on me again in January and the receipts were everywhere."
    )
    mot_ana = q("s1", "I want to see every receipt for a quarter in one list")
    mot_ben = q("s2", "I want to hand the accountant one link instead of forty attachments.")
    mot_cara = q("s3", "I'd like to just photograph them as they come in.")
    out_ana = q("s1", "so I can file on time without losing a weekend to digging.")
    pull_ben = q(
        "s2", "My friend showed me how she snaps a photo and it's filed, that looked effortless."
    )
    hab_ana = q(
        "s1",
        "Honestly the spreadsheet still works for most months, and I know where everything is.",
    )
    hab_cara = q(
        "s3",
        "Switching costs me time I don't have <img src=x onerror=alert(1)> and "
        "I'm used to my folders.",
    )
    hab_dan = q("s4", 'Honestly "it works" is good enough for me, I\'d rather not change.')
    anx_ana = q("s1", "I worry the new app will lose my history when I import it.")
    anx_cara = q("s3", "What if the bank sync stops working the week before the deadline?")
    odd_ben = q(
        "s2", "I once typed <script>alert('x')</script> into the old tool's notes and it broke."
    )

    themes = [
        {
            "id": "th-situation-quarter-end",
            "family": "situation",
            "label": "Quarter-end scramble for receipts",
            "key_phrases": ["deadline", "receipts everywhere", "quarter end"],
            "participants": ["ana", "ben", "cara", "dan"],
            "participant_count": 4,
            "mentions": 4,
            "representative": sit_ana,
            "quotes": [sit_ana, sit_ben, sit_cara, sit_dan],
            "worth_a_look": False,
            "disagreement": None,
        },
        {
            "id": "th-motivation-one-place",
            "family": "motivation",
            "label": "See all receipts in one place",
            "key_phrases": ["one list", "one link"],
            "participants": ["ana", "ben"],
            "participant_count": 2,
            "mentions": 2,
            "representative": mot_ana,
            "quotes": [mot_ana, mot_ben],
            "worth_a_look": False,
            "disagreement": None,
        },
        {
            "id": "th-motivation-capture",
            "family": "motivation",
            "label": "Capture receipts as they happen",
            "key_phrases": ["photograph"],
            "participants": ["cara"],
            "participant_count": 1,
            "mentions": 1,
            "representative": mot_cara,
            "quotes": [mot_cara],
            "worth_a_look": False,
            "disagreement": None,
        },
        {
            "id": "th-outcome-on-time",
            "family": "outcome",
            "label": "File on time without losing a weekend",
            "key_phrases": ["file on time"],
            "participants": ["ana"],
            "participant_count": 1,
            "mentions": 1,
            "representative": out_ana,
            "quotes": [out_ana],
            "worth_a_look": False,
            "disagreement": None,
        },
        {
            "id": "th-emotional-panic",
            "family": "emotional",
            "label": "Panic when the accountant asks",
            "key_phrases": ["panic"],
            "participants": ["ben"],
            "participant_count": 1,
            "mentions": 1,
            "representative": sit_ben,
            "quotes": [sit_ben],
            "worth_a_look": True,
            "disagreement": None,
        },
        {
            "id": "th-pull-snap",
            "family": "pull",
            "label": "Snap-and-file looks effortless",
            "key_phrases": ["snaps a photo", "effortless"],
            "participants": ["ben"],
            "participant_count": 1,
            "mentions": 1,
            "representative": pull_ben,
            "quotes": [pull_ben],
            "worth_a_look": False,
            "disagreement": None,
        },
        {
            "id": "th-habit-good-enough",
            "family": "habit",
            "label": "Today's way is <good enough>",
            "key_phrases": ["spreadsheet", "used to", '"it works"'],
            "participants": ["ana", "cara", "dan"],
            "participant_count": 3,
            "mentions": 3,
            "representative": hab_ana,
            "quotes": [hab_ana, hab_cara, hab_dan],
            "worth_a_look": False,
            "disagreement": {
                "note": "Ana and Dan are content with today's way; Cara stays only "
                "because switching costs time.",
                "quotes": [hab_dan, hab_cara],
            },
        },
        {
            "id": "th-anxiety-losing-data",
            "family": "anxiety",
            "label": "Losing history or sync at the worst moment",
            "key_phrases": ["lose my history", "bank sync"],
            "participants": ["ana", "cara"],
            "participant_count": 2,
            "mentions": 2,
            "representative": anx_ana,
            "quotes": [anx_ana, anx_cara],
            "worth_a_look": False,
            "disagreement": None,
        },
    ]
    job_stories = [
        {
            "id": "js-1",
            "rank": 1,
            "text": "When the quarter-end deadline is close and my receipts are scattered, I want "
            "to see every receipt in one list, so I can file on time without losing a "
            "weekend.",
            "situation": {
                "text": "the quarter-end deadline is close and my receipts are scattered",
                "participants": ["ana", "ben", "dan"],
                "quotes": [sit_ana, sit_ben, sit_dan],
            },
            "motivation": {
                "text": "see every receipt in one list",
                "quotes": [mot_ana, mot_ben],
                "participants": ["ana", "ben"],
            },
            "outcome": {
                "text": "file on time without losing a weekend",
                "quotes": [out_ana],
                "participants": ["ana"],
            },
            "participants": ["ana", "ben", "dan"],
            "participant_count": 3,
            "complete": True,
            "concreteness": 0.82,
            "cohesion": 0.61,
            "confidence_reason": "their struggling moments are alike; 2 of 3 stated the "
            "motivation and 1 of 3 the outcome.",
        },
        {
            "id": "js-2",
            "rank": 2,
            "text": "When I get a paper receipt, I want to photograph it as it comes in, so I can "
            "(no outcome stated yet).",
            "situation": {
                "text": "I get a paper receipt",
                "participants": ["cara"],
                "quotes": [sit_cara],
            },
            "motivation": {
                "text": "photograph it as it comes in",
                "quotes": [mot_cara],
                "participants": ["cara"],
            },
            "outcome": {"text": None, "quotes": [], "participants": []},
            "participants": ["cara"],
            "participant_count": 1,
            "complete": False,
            "concreteness": 0.4,
            "cohesion": 1.0,
            "confidence_reason": "one person told this struggling moment; 1 of 1 stated the "
            "motivation and 0 of 1 the outcome.",
        },
    ]
    timelines = [
        {
            "participant": "ana",
            "struggling_moment": {**sit_ana, "concreteness": 0.82, "evidence": []},
            "alternatives": [{"kind": "spreadsheet", **hab_ana}],
            "push": [sit_ana],
            "pull": [],
            "anxiety": [anx_ana],
            "habit": [hab_ana],
            "decision": [],
            "first_use": [],
            "what_changed": [out_ana],
            "results": [],
        },
        {
            "participant": "cara",
            "struggling_moment": {**sit_cara, "concreteness": 0.4, "evidence": [anx_cara]},
            "alternatives": [],
            "push": [],
            "pull": [],
            "anxiety": [anx_cara],
            "habit": [hab_cara],
            "decision": [mot_cara],
            "first_use": [],
            "what_changed": [],
            "results": [],
        },
        {
            "participant": "eve",
            "struggling_moment": None,
            "alternatives": [],
            **{key: [] for key in ("push", "pull", "anxiety", "habit", "decision",
                                   "first_use", "what_changed", "results")},
        },
    ]
    speakers = [
        {"source": sid, "interviewers": ["Mo"] if fmt != "csv" else [],
         "participants": [{"label": who, "id": who}]}
        for sid, (_, fmt, who, _) in SOURCES.items()
    ]
    forces = {
        "push": {
            "participants": ["ana", "ben", "dan"],
            "participant_count": 3,
            "themes": ["th-situation-quarter-end"],
            "quotes": [sit_ben, sit_ana],
        },
        "pull": {
            "participants": ["ben"],
            "participant_count": 1,
            "themes": ["th-pull-snap"],
            "quotes": [pull_ben],
        },
        "anxiety": {
            "participants": ["ana", "cara"],
            "participant_count": 2,
            "themes": ["th-anxiety-losing-data"],
            "quotes": [anx_cara, anx_ana],
        },
        "habit": {
            "participants": ["ana", "cara", "dan"],
            "participant_count": 3,
            "themes": ["th-habit-good-enough"],
            "quotes": [hab_cara, hab_ana, hab_dan],
        },
    }
    structured = [
        summarise(
            {
                "id": "ease",
                "text": "How easy is it to find a receipt today?",
                "kind": "scale",
                "min": 1,
                "max": 5,
            },
            [("ana", 2), ("ben", 1), ("cara", 2), ("dan", 4), ("eve", 3)],
        ),
        summarise(
            {
                "id": "tool",
                "text": "What do you keep receipts in now?",
                "kind": "single_choice",
                "options": ["Spreadsheet", "Shoebox", "An app"],
            },
            [
                ("ana", "Spreadsheet"),
                ("ben", "An app"),
                ("cara", "Shoebox"),
                ("dan", "Spreadsheet"),
                ("eve", "Spreadsheet"),
            ],
        ),
        summarise(
            {
                "id": "pains",
                "text": "Which of these happened in the last year?",
                "kind": "multiple_choice",
                "options": ["Missed a deadline", "Lost a receipt", "Paid a penalty"],
            },
            [
                ("ana", ["Missed a deadline", "Paid a penalty"]),
                ("ben", ["Lost a receipt"]),
                ("cara", ["Lost a receipt", "Missed a deadline"]),
                ("dan", []),
            ],
        ),
        summarise(
            {
                "id": "priority",
                "text": "Rank what matters most",
                "kind": "ranking",
                "options": ["Speed", "Accuracy", "Price"],
            },
            [
                ("ana", ["Accuracy", "Speed", "Price"]),
                ("ben", ["Speed", "Accuracy"]),
                ("cara", ["Price", "Speed", "Accuracy"]),
            ],
        ),
        summarise(
            {"id": "switch", "text": "Would you switch this year?", "kind": "yes_no"},
            [("ana", "yes"), ("ben", "yes"), ("cara", "no"), ("dan", "no"), ("eve", "yes")],
        ),
    ]
    def answers(n: int, words: int, concrete: float, phases: tuple[str, ...],
                vague: int) -> list[Answer]:
        return [Answer(words=words, specificities=(concrete,), phase=phases[i % len(phases)],
                       vague=i < vague) for i in range(n)]

    stages = ("struggling_moment", "active_looking", "deciding", "first_use", "what_changed")
    quality = [
        {"interview": "s1", "participant": "ana", "included": True,
         **score_interview(answers(11, 85, 0.8, stages, 1))},
        {"interview": "s2", "participant": "ben", "included": True,
         **score_interview(answers(9, 45, 0.65, stages[:3], 4))},
        {"interview": "s3", "participant": "cara", "included": True,
         **score_interview(answers(6, 12, 0.3, stages[:1], 5))},
    ]
    return add_report_sections({
        "jobstory": {"version": "0.1.0", "schema": 1},
        "inputs": {
            "paths": ["interviews/", "notes/cara & co.txt", "survey/answers.csv"],
            "interviewer": "Mo",
        },
        "summary": {
            "sources": 4,
            "participants": 5,
            "segments": 15,
            "coded_segments": 14,
            "themes": 8,
            "job_stories": 2,
            "errors": 2,
        },
        "sources": [
            {
                "id": sid,
                "path": path,
                "format": fmt,
                "sha256": f"{i:x}" * 64,
                "participants": [who] + (["eve"] if sid == "s4" else []),
            }
            for i, (sid, (path, fmt, who, _)) in enumerate(SOURCES.items(), start=10)
        ],
        "participants": [
            {"id": "ana", "sources": ["s1"], "segments": 5, "words": 940},
            {"id": "ben", "sources": ["s2"], "segments": 4, "words": 410},
            {"id": "cara", "sources": ["s3"], "segments": 4, "words": 180},
            {"id": "dan", "sources": ["s4"], "segments": 2, "words": 35},
            {"id": "eve", "sources": ["s4"], "segments": 0, "words": 0},
        ],
        "segments": [
            {
                "id": f"seg-{i}",
                "source": quote["source"],
                "start": quote["start"],
                "end": quote["end"],
                "participant": quote["participant"],
                "text": quote["text"],
                "question_id": None,
                "question_text": None,
                "codes": codes,
                "scores": {code: 0.8 for code in codes},
            }
            for i, (quote, codes) in enumerate(
                [
                    (sit_ana, ["situation", "push"]),
                    (mot_ana, ["motivation"]),
                    (out_ana, ["outcome"]),
                    (hab_ana, ["habit"]),
                    (anx_ana, ["anxiety"]),
                    (sit_ben, ["situation", "push", "emotional"]),
                    (pull_ben, ["pull"]),
                    (mot_ben, ["motivation"]),
                    (odd_ben, []),
                    (sit_cara, ["situation"]),
                    (mot_cara, ["motivation"]),
                    (hab_cara, ["habit"]),
                    (anx_cara, ["anxiety"]),
                    (sit_dan, ["situation", "push"]),
                    (hab_dan, ["habit"]),
                ],
                start=1,
            )
        ],
        "themes": themes,
        "job_stories": job_stories,
        "timelines": timelines,
        "speakers": speakers,
        "forces": forces,
        "structured": structured,
        "quality": quality,
        "outliers": [odd_ben],
        "errors": [
            {
                "source": "interviews/broken.vtt",
                "line": 14,
                "message": "cue timing '00:01:02.000 -->' has no end; cue skipped",
            },
            {
                "source": "survey/answers.csv",
                "line": 7,
                "message": "column <b>score</b> is not a number: 'n/a'",
            },
        ],
        "methods": {
            "embedder": "all-MiniLM-L6-v2 (local)",
            "clustering": "agglomerative, cosine distance, per code family",
            "coding": "JTBD lexicon + question context",
        },
    })


@pytest.fixture()
def analysis() -> dict[str, Any]:
    return illustrative_analysis()


def all_quotes(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if set(node) == {"text", "source", "start", "end", "participant"}:
            found.append(node)
        for value in node.values():
            found.extend(all_quotes(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(all_quotes(value))
    return found


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def test_fixture_quotes_are_verbatim(analysis):
    for quote in all_quotes(analysis):
        body = SOURCES[quote["source"]][3]
        assert body[quote["start"] : quote["end"]] == quote["text"]


def test_every_quote_appears_escaped_in_html(analysis):
    html = render_html(analysis)
    quotes = all_quotes(analysis)
    assert len(quotes) > 20
    for quote in quotes:
        assert str(escape(quote["text"])) in html, quote["text"]
        assert f"{quote['source']}:{quote['start']}–{quote['end']}" in html


def test_untrusted_text_is_inert(analysis):
    html = render_html(analysis)
    parser = Tags()
    parser.feed(html)
    names = {tag for tag, _ in parser.tags}
    assert not names & {"script", "img", "iframe", "object", "embed", "link"}
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert name not in ("src", "srcset", "xlink:href")
            if name == "href":
                assert value.startswith("#"), value
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Today&#39;s way is &lt;good enough&gt;" in html
    assert "column &lt;b&gt;score&lt;/b&gt; is not a number" in html


def test_html_is_self_contained(analysis):
    html = render_html(analysis)
    assert "http" not in html.lower()
    assert "<link" not in html.lower()
    assert "@import" not in html and "url(" not in html
    assert "<script" not in html.lower()
    assert html.startswith("<!DOCTYPE html>")


def test_renders_are_byte_identical(analysis, tmp_path):
    assert render_html(analysis) == render_html(copy.deepcopy(analysis))
    assert render_markdown(analysis) == render_markdown(copy.deepcopy(analysis))
    write_reports(analysis, tmp_path / "a")
    write_reports(illustrative_analysis(), tmp_path / "b")
    for name in ("analysis.json", "report.md", "report.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    raw = (tmp_path / "a" / "analysis.json").read_bytes()
    assert json.loads(raw) == json.loads(json.dumps(analysis)), "the JSON holds the analysis"
    assert raw.decode("utf-8") == analysis_json(analysis)
    lines = raw.decode("utf-8").splitlines()
    assert len(lines) > len(analysis) + len(analysis["job_stories"]), "one item per line"
    assert all(len(line) < 20_000 for line in lines[:3])
    assert b"\r\n" not in (tmp_path / "a" / "report.html").read_bytes()


def test_markdown_contains_job_stories_and_is_safe(analysis):
    md = render_markdown(analysis)
    assert "**Struggling moment:** *not told*" in md  # eve told none
    assert "(spreadsheet)" in md, "an alternative is shown with its kind"
    for story in analysis["job_stories"]:
        assert story["text"] in md
    assert "(no outcome stated yet)" in md
    assert "*no outcome stated by participants yet*" in md
    assert not re.search(r"(?<!\\)<(?:script|img|good)", md), "a tag is escaped"
    assert "\\<script\\>alert('x')\\</script\\>" in md
    assert "`interviews/broken.vtt:14` cue timing '00:01:02.000 --\\>' has no end" in md
    assert "`notes/cara & co.txt`" in md  # code spans stay literal
    assert "| Spreadsheet | 3 | 60% |" in md


def test_markdown_escaping_of_untrusted_text(analysis):
    quote = analysis["outliers"][0]
    quote["text"] = (
        "see [here](javascript:alert(1)) | or ![x](y) <!-- c --> &lt; "
        "<a@b.c>\n# not a heading\n> not a quote `code`"
    )
    md = render_markdown(analysis)
    line = next(line for line in md.splitlines() if "javascript" in line)
    assert line.startswith(
        "> “see \\[here\\](javascript:alert(1)) \\| or !\\[x\\](y) \\<!-- c --\\> "
        "\\&lt; \\<a@b.c\\> # not a heading \\> not a quote \\`code\\`”"
    )


def test_html_sections_and_numbers_come_from_the_analysis(analysis):
    html = render_html(analysis)
    for anchor in (
        "summary",
        "job-stories",
        "themes",
        "worth-a-look",
        "disagreements",
        "forces",
        "structured",
        "quality",
        "outliers",
        "errors",
        "methods",
    ):
        assert f'id="{anchor}"' in html
    assert "no outcome stated by participants yet" in html
    assert "interviews/broken.vtt:14" in html
    assert "3 participants — their struggling moments are alike; 2 of 3 stated" in html
    assert "1 participant · incomplete — " in html
    # change a count in the dict: the report follows it
    analysis["job_stories"][0]["participant_count"] = 42
    analysis["summary"]["segments"] = 9876
    changed = render_html(analysis)
    assert "42 participants — their struggling moments are alike" in changed
    assert "<b>9876</b>" in changed


def test_empty_analysis_renders():
    empty = {
        "jobstory": {"version": "0.1.0", "schema": 1},
        "inputs": {"paths": [], "interviewer": None},
        "summary": {
            "sources": 0,
            "participants": 0,
            "segments": 0,
            "coded_segments": 0,
            "themes": 0,
            "job_stories": 0,
            "errors": 0,
        },
        "sources": [],
        "participants": [],
        "segments": [],
        "themes": [],
        "job_stories": [],
        "timelines": [],
        "speakers": [],
        "forces": {
            k: {"participants": [], "participant_count": 0, "themes": [], "quotes": []}
            for k in ("push", "pull", "anxiety", "habit")
        },
        "structured": [],
        "quality": [],
        "outliers": [],
        "errors": [],
        "methods": {"embedder": "none", "clustering": "none", "coding": "none"},
    }
    html = render_html(empty)
    md = render_markdown(empty)
    assert "No job stories" in html and "No job stories" in md
    assert "No timelines" in html
    for svg in re.findall(r"<svg.*?</svg>", html, flags=re.DOTALL):
        ET.fromstring(svg)
    assert "<h1>Job stories report</h1>" in html and md.startswith("# Job stories report")
    titled = render_html({**empty, "title": "Why <b>teams</b> switch"})
    assert "<h1>Why &lt;b&gt;teams&lt;/b&gt; switch</h1>" in titled  # the study's title, inert
    assert "Job stories report · made with jobstory" in titled
    assert render_markdown({**empty, "title": "Why teams switch"}).startswith(
        "# Why teams switch\n")


def test_charts_are_valid_svg(analysis):
    html = render_html(analysis)
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.DOTALL)
    assert len(svgs) == 2 + len(analysis["structured"])
    for svg in svgs:
        root = ET.fromstring(svg)
        assert root.tag == "svg"
        assert root.find("title") is not None
    nasty = [{"id": "x", "family": "push", "label": "<script>&\"'", "participant_count": 2}]
    for svg in (
        charts.themes_chart(nasty),
        charts.themes_chart([]),
        charts.forces_chart(
            {
                "push": {
                    "participant_count": 1,
                    "quotes": [{"text": 'a < b & "c"', "participant": "<p>", "source": "s"}],
                }
            }
        ),
        *(charts.distribution_chart(s) for s in analysis["structured"]),
    ):
        root = ET.fromstring(svg)
        text = "".join(root.itertext())
        assert "<script>" not in svg
        assert root.tag == "svg" and text


def test_screenshot(tmp_path):
    """Render the fixture in headless Chromium, when one is installed (for a human to look at)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        pytest.skip("no Chromium")
    write_reports(illustrative_analysis(), tmp_path)
    shot = tmp_path / "report.png"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            f"--screenshot={shot}",
            "--window-size=1200,2400",
            (tmp_path / "report.html").as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert shot.stat().st_size > 10_000


if __name__ == "__main__":  # python tests/test_report.py OUT_DIR: write the fixture's reports
    import sys

    write_reports(illustrative_analysis(), Path(sys.argv[1] if len(sys.argv) > 1 else "report"))
