"""The report's computed sections on illustrative transcripts (examples/ plus the deliberately
thin interviews in tests/data/thin_interviews), analysed in-process with the hashing
embedder: the quality gate, the executive summary, takeaways, alternatives, results and
next tests, and that every count in them is recomputable from the analysis itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from jobstory.synthesis.pipeline import analyse, read_inputs
from jobstory.synthesis.report import analysis_json, render_html, render_markdown
from jobstory.synthesis.results import has_quantity
from tests.test_cluster import HashingEmbedder

ROOT = Path(__file__).resolve().parents[1]
PATHS = [ROOT / "examples" / "transcripts", ROOT / "tests" / "data" / "thin_interviews"]
THIN = {"Pat", "Robin"}


def run(**options):
    return analyse(read_inputs(PATHS), paths=[p.name for p in PATHS],
                   embedder=HashingEmbedder(), **options)


@pytest.fixture(scope="module")
def analysis():
    return run()


def test_thin_interviews_score_under_the_gate_and_rich_ones_above(analysis):
    scores = {q["participant"]: q["score"] for q in analysis["quality"]}
    assert {p for p, s in scores.items() if s < 3} == THIN
    assert min(s for p, s in scores.items() if p not in THIN) >= 4
    thin = next(q for q in analysis["quality"] if q["participant"] == "Pat")
    assert thin["reasons"][0] == "no concrete episode told"
    assert not thin["included"]


def test_low_quality_interviews_are_listed_but_left_out_of_every_count(analysis):
    counted = {p["id"] for p in analysis["participants"]}
    assert not counted & THIN
    assert not {s["participant"] for s in analysis["segments"]} & THIN
    assert analysis["quality_gate"]["left_out"] == sorted(THIN)
    assert {q["participant"] for q in analysis["interview_summary"]["left_out"]} == THIN
    html = render_html(analysis)
    assert "Left out of the counts" in html and "--include-low-quality" in html
    kept = run(include_low_quality=True)
    assert THIN <= {p["id"] for p in kept["participants"]}
    assert kept["quality_gate"] == {"minimum": 3, "include_low_quality": True, "left_out": []}


def test_executive_summary_names_the_situations_with_their_counts(analysis):
    sentences = [s["text"] for s in analysis["executive_summary"]]
    assert 3 <= len(sentences) <= 5
    first = sentences[0]
    ranked = [t["story"] for t in analysis["takeaways"]["items"] if t.get("story")]
    by_id = {s["id"]: s for s in analysis["job_stories"]}
    named = [by_id[sid] for sid in ranked][:4]
    assert len(named) == min(4, len(analysis["job_stories"]))
    places = [first.index(f"“{s['situation']['text']}” ({s['participant_count']} people)")
              for s in named]
    assert places == sorted(places)  # in the takeaways' order
    assert f"{len(analysis['job_stories'])} situations recur" in first
    top = analysis["alternatives"][0]
    assert any(f"{top['kind']} ({top['participant_count']} of" in s for s in sentences)


def test_alternatives_count_distinct_people_from_timelines_and_considering_sentences(
        analysis):
    from jobstory.synthesis.alternatives import considered

    found = considered(analysis["timelines"], analysis["segments"])
    timeline_kinds = {a["kind"] for t in analysis["timelines"] for a in t["alternatives"]}
    assert timeline_kinds <= {kind for kind, _ in found}
    for alt in analysis["alternatives"]:
        people = {q["participant"] for kind, q in found if kind == alt["kind"]}
        assert alt["participant_count"] == len(people) and alt["participants"] == sorted(people)
        assert all(q["participant"] in people for q in alt["quotes"])
    assert {a["kind"] for a in analysis["alternatives"]} == {kind for kind, _ in found}


def test_a_sentence_saying_someone_weighed_something_up_is_an_alternative_wherever_said():
    from jobstory.synthesis.alternatives import alternatives_considered

    segments = [{"text": "I looked at a paper diary with columns for a while.", "source": "a",
                 "start": 0, "end": 51, "participant": "ana"},
                {"text": "The paper diary lives on my desk all week.", "source": "b",
                 "start": 0, "end": 42, "participant": "ben"}]
    (paper,) = alternatives_considered([], segments)
    assert (paper["kind"], paper["participants"]) == ("paper", ["ana"])


def test_the_product_the_study_is_about_is_what_they_chose_not_an_alternative():
    from jobstory.synthesis.alternatives import alternatives_considered, chosen_names

    def said(text, source, who, question):
        return {"text": text, "source": source, "start": 0, "end": len(text),
                "participant": who, "question_text": question}

    segments = [said("We looked at Tallyho and we looked at a couple of other apps.", "a", "ana",
                     "What else did you look at before Quillbeam?"),
                said("Then we looked at Quillbeam, which a friend uses.", "b", "ben",
                     "And how did you come to Quillbeam?"),
                said("I tried Tallyho for a week.", "c", "cy", "What made Quillbeam stand out?")]
    assert chosen_names(segments) == {"quillbeam"}
    (product,) = alternatives_considered([], segments)
    assert (product["kind"], product["participants"]) == ("another product", ["ana", "cy"])
    assert [n["words"] for n in product["named"]] == ["Tallyho"]


def test_every_reported_result_has_a_number(analysis):
    quotes = [q for g in analysis["results"] for q in g["quotes"]]
    assert quotes
    assert all(has_quantity(q["text"]) for q in quotes)
    assert not has_quantity("It is one of those things.")
    assert has_quantity("Days to get paid went from forty-one to nineteen.")


def test_takeaways_lead_with_situations_then_findings_each_ranked_by_the_stated_rule(
        analysis):
    items = analysis["takeaways"]["items"]
    assert analysis["takeaways"]["rule"].startswith("situations first (the job stories")
    bands = [t["band"] for t in items]
    assert bands == sorted(bands, key=("job story", "finding").index)
    assert bands[0] == "job story" and "finding" in bands
    weights = [t["weight"] for t in items if t["band"] == "finding"]
    assert weights == sorted(weights, reverse=True)
    ranked = [s["id"] for s in analysis["job_stories"]]
    shown = [t["story"] for t in items if t["band"] == "job story"]
    assert shown == ranked[:len(shown)], "the stories' own ranking, never a second order"
    assert [t["rank"] for t in items] == list(range(1, len(items) + 1))
    total = len(analysis["participants"])
    for t in items:
        assert t["tier"] == ("critical" if t["weight"] >= 0.5 else
                             "high" if t["weight"] >= 0.25 else "medium")
        assert abs(t["share"] - t["participant_count"] / total) < 1e-3
        assert len(t["quotes"]) == 2
        assert t["quotes"][0]["participant"] != t["quotes"][1]["participant"]
        assert t["kind"] != "force"


def test_forces_sit_below_the_takeaways_in_plain_words_with_computed_counts(analysis):
    across = analysis["takeaways"]["across"]
    total = len(analysis["participants"])
    assert across and {f["force"] for f in across} <= {"push", "pull", "anxiety", "habit"}
    for f in across:
        told = {t["participant"] for t in analysis["timelines"] if t.get(f["force"])}
        assert f["participant_count"] == len(told)
        assert f["text"].startswith(f"{len(told)} of {total} people told what")
        theme = next(t for t in analysis["themes"] if t["id"] == f["theme"])
        assert theme["family"] == f["force"]
        # the examples are the forces section's clearest quotes: coded with that force
        assert f["quotes"] == analysis["forces"][f["force"]]["quotes"][:2]
        coded = {(s["source"], s["start"]): s["codes"] for s in analysis["segments"]}
        assert all(f["force"] in coded[(q["source"], q["start"])] for q in f["quotes"])
        assert len({q["participant"] for q in f["quotes"]}) == len(f["quotes"]) <= 2
    html = render_html(analysis)
    assert html.index("Situations people share") < html.index("Findings") < \
        html.index("Across the interviews")
    assert across[0]["text"] in render_markdown(analysis)


def test_next_tests_give_a_guide_that_guides_check_accepts(analysis, tmp_path):
    tests = analysis["next_tests"]
    assert len(tests) == min(3, len(analysis["job_stories"]))
    by_id = {s["id"]: s for s in analysis["job_stories"]}
    for test in tests:
        assert test["question"].endswith("?")
        assert test["assumption"]["backed_by"] <= test["assumption"]["of"]
        motivation = by_id[test["story"]]["motivation"]["text"]
        if motivation:  # a participant's words ("before I can ...") are quoted, not asked
            assert f"want to “{motivation}”" in test["question"]
    guide = tmp_path / "next.yaml"
    guide.write_text(tests[0]["guide"], encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "jobstory", "guides", "check", str(guide)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout and "6 questions" in " ".join(result.stdout.split())


def test_the_report_opens_with_summary_takeaways_and_stories_and_is_deterministic(analysis):
    html = render_html(analysis)
    order = [html.index(f'id="{anchor}"') for anchor in
             ("executive-summary", "takeaways", "summary", "job-stories", "alternatives",
              "results", "next-tests")]
    assert order == sorted(order)
    md = render_markdown(analysis)
    assert md.index("## Executive summary") < md.index("## Key takeaways") < \
        md.index("## Job stories")
    again = run()
    assert analysis_json(again) == analysis_json(analysis)
    assert render_html(again) == html


def test_analyze_include_low_quality_keeps_thin_interviews_in_the_counts(tmp_path):
    import json

    result = subprocess.run(
        [sys.executable, "-m", "tests.fake_embedder", "analyze", str(PATHS[1]),
         str(PATHS[0] / "08-gary-print-shop.txt"), "--out", str(tmp_path),
         "--include-low-quality"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "analysis.json").read_text(encoding="utf-8"))
    assert {p["id"] for p in data["participants"]} == {"Gary Holt"} | THIN
    assert data["quality_gate"]["include_low_quality"] is True


def _opinions() -> dict:
    said = [("ana", "I really love the shared calendar, it makes my week so much easier."),
            ("ben", "I really hate the shared calendar, it makes my week miserable and awful."),
            ("ana", "The weather was terrible and awful and the van broke down."),
            ("cara", "Honestly the invoices are wonderful and great to read now."),
            ("ben", "I love the shared calendar too, it is great and easy.")]
    return {"themes": [{"id": "t1", "family": "pull", "label": "calendar",
                        "participant_count": 2}],
            "segments": [{"id": f"s#{i}", "source": "s", "start": i, "end": i + 1,
                          "participant": who, "text": text,
                          "themes": ["t1"] if "calendar" in text else []}
                         for i, (who, text) in enumerate(said)]}


def test_disagreements_pair_opposite_feelings_about_the_same_matter_by_meaning():
    import numpy as np

    from jobstory.synthesis.theme_sentiment import disagreements, sentiment_by_theme

    data = _opinions()
    # Rows 0, 1 and 4 mean the same thing; 2 and 3 are about other matters.
    vectors = np.array([[1, 0, 0], [0.95, 0.3, 0], [0, 1, 0], [0, 0, 1], [0.9, 0, 0.1]],
                       dtype=np.float32)
    found = disagreements(data, vectors)
    assert [(d["positive"]["participant"], d["negative"]["participant"]) for d in found] == \
        [("ana", "ben")]  # ben's own opposite views are not a disagreement with himself
    assert found[0]["themes"] == ["t1"] and found[0]["similarity"] >= 0.7
    assert disagreements(data, None) == []
    apart = np.eye(5, 3, dtype=np.float32) + np.eye(5, 3, k=-3, dtype=np.float32)
    assert disagreements(data, apart) == []  # opposite feelings about different matters
    (theme,) = sentiment_by_theme(data)
    assert theme["counts"] == {"negative": 1, "neutral": 0, "positive": 2}
    assert theme["examples"]["negative"]["participant"] == "ben"


def test_results_are_grouped_by_what_their_number_measures():
    from jobstory.synthesis.results import measure_of

    assert measure_of("Days to get paid went from forty-one to nineteen.") == "time"
    assert measure_of("It takes me ten minutes instead of an hour.") == "time"
    assert measure_of("We saved £400 a month.") == "money"
    assert measure_of("It cost us four hundred quid.") == "money"
    assert measure_of("Before it was every month 2, 3 people.") == "count"
    assert not has_quantity("Not one double-up, not one empty cloakroom.")
    assert measure_of("Before, maybe one every month, one every two months.") == "count"
    assert measure_of("It took two weeks each time.") == "time"
