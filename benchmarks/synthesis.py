"""Job stories on realistic interviews: are the planted situations found, by the right people?

1. The labelled tuning set (`../shared/data/jtbd_interviews_tuning`): `jobstory analyze` on its
   transcripts, scored by `../shared/tools/score_jobstories.py` against `key.json`
   (situations recovered with participant-set F1, story completeness and form, force recall).
   Then the same for each set in `HOLDOUTS` (`examples/switch_holdout*`): illustrative
   interviews in other trades (parents, not businesses; instructors interviewed by an AI
   moderator only; landlords, clinics, households, food pantries, labs, breweries, vet
   practices, plumbers, sports clubs, dental practices, cleaning firms, veg-box schemes,
   wedding venues, bicycle workshops, driving instructors, translation agencies, households
   planning meals, removal firms, street-food traders, craft makers, salons, childminders,
   pet-care businesses, tattoo studios, theatres, music teachers, B&Bs, bookshops,
   bookkeepers, design studios, choirs, garden centres, farm shops, community transport
   schemes, opticians, window cleaners, yarn shops, commuters on e-bikes, agencies, tutors,
   florists, escape rooms, charity shops, mechanics, beekeepers, marinas, bakeries, dog
   walkers, livery yards, sign shops, swim schools, allotment societies, tool libraries,
   pottery studios, farms selling wholesale and housing co-operatives, in many export
   formats), written apart from the tuning set (all but the first
   without the code or the other sets), so that a change fitted to one set shows.
2. Real AI-moderated interviews (`../shared/data/anthropic_interviewer_creatives`, one
   transcript per CSV row): structure checks - no interviewer label among participants, no
   interviewer words in any story part, stories with all three parts - and seconds cold.

Each run is a fresh process with an empty embedding cache ("cold"; the int8 MiniLM graph is
derived once beforehand in a separate process, like a model download would be). Figures are
printed; nothing here is a timed test.

    python benchmarks/synthesis.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INTERVIEWER = re.compile(r"^(?:ai|assistant|bot|interviewer|moderator|researcher|host|q|i)$",
                         re.IGNORECASE)


def _analyze(inputs: Path, out: Path, cache: Path) -> float:
    env = {**os.environ, "JOBSTORY_CACHE_DIR": str(cache), "HF_HUB_OFFLINE": "1"}
    jobstory = Path(sys.executable).parent / "jobstory"
    started = time.perf_counter()
    done = subprocess.run([str(jobstory), "analyze", str(inputs), "--out", str(out)], env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 3):
        sys.exit(f"analyze failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds


def _warm_graph(cache: Path) -> None:
    """Derive the int8 graph into `cache` outside the measured runs."""
    env = {**os.environ, "JOBSTORY_CACHE_DIR": str(cache), "HF_HUB_OFFLINE": "1"}
    subprocess.run([sys.executable, "-c", "from jobstory.synthesis.embed import make_embedder;"
                    "make_embedder().encode(['warm up'])"], env=env, check=True)


def _cold_cache(graph_cache: Path, into: Path) -> Path:
    """A cache folder holding the derived graph but no embeddings."""
    shutil.copytree(graph_cache, into, ignore=shutil.ignore_patterns("embeddings.sqlite*"))
    return into


def labelled(title: str, data: Path, shared: Path, graph: Path, work: Path) -> None:
    """Analyse a labelled set's `transcripts/` and score it against its `key.json`."""
    out = work / data.name
    seconds = _analyze(data / "transcripts", out, _cold_cache(graph, work / f"cache-{data.name}"))
    readable = _as_read(data / "transcripts", out / "analysis.json", work / f"{data.name}-read")
    scored = subprocess.run([sys.executable, str(shared / "tools" / "score_jobstories.py"),
                             str(out / "analysis.json"), str(data / "key.json"),
                             str(readable), "--json"],
                            capture_output=True, text=True, check=True)
    result = json.loads(scored.stdout)
    print(f"== {title} ==")
    print(f"situations recovered (F1 >= 0.75 in the top {2 * result['situations']}): "
          f"{result['recovered']}/{result['situations']}")
    print(f"best participant-set F1: {result['f1']}  at rank {result['rank']}")
    print(f"top stories complete {result['complete']:.0%}, well formed "
          f"{result['well_formed']:.0%} ({result['stories']} stories)")
    print("force recall: " + ", ".join(f"{k} {v}" for k, v in result["forces"].items()))
    print(f"interviewer labels as participants: {result['interviewer_as_participant'] or 'none'}")
    unnamed = _not_in_key(out / "analysis.json", data / "key.json")
    print(f"people the key does not name: {', '.join(unnamed) or 'none'}")
    print(f"seconds cold: {seconds:.1f}")
    _top(out / "analysis.json")


def _not_in_key(analysis: Path, key: Path) -> list[str]:
    """Participants the analysis counts whom the key names nowhere (by first name, as some
    keys name them): an interviewer read as a participant shows here, by name, where the
    scorer's check of labels ("Interviewer", "Q") cannot see it."""
    told = json.loads(key.read_text(encoding="utf-8"))
    names = {n for s in told["situations"].values() for n in s.get("participants", [])}
    names |= {f["participant"] for f in told.get("files", {}).values()
              if isinstance(f, dict) and f.get("participant")}
    first = {n.split()[0].casefold() for n in names if n.split()}
    people = json.loads(analysis.read_text(encoding="utf-8"))["participants"]
    return sorted(p["id"] for p in people if p["id"].split()[0].casefold() not in first)


def _as_read(transcripts: Path, analysis: Path, into: Path) -> Path:
    """The transcripts as the scorer can search them for the key's sentences: a file whose
    text jobstory rendered (a Word document, which the scorer would read as zip bytes; a
    speech-to-text JSON or a turn-per-row CSV) is replaced by that text, which analysis.json
    carries and its offsets count in; any other file as it is."""
    rendered = [source for source in json.loads(analysis.read_text(encoding="utf-8"))["sources"]
                if source.get("text") is not None and "#" not in source["id"]]
    if not rendered:
        return transcripts
    shutil.copytree(transcripts, into)
    for source in rendered:
        (into / source["id"]).write_text(source["text"], encoding="utf-8")
    return into


def _top(path: Path, n: int = 5) -> None:
    analysis = json.loads(path.read_text(encoding="utf-8"))
    for story in analysis["job_stories"][:n]:
        print(f"  #{story['rank']} ({story['participant_count']} people: "
              f"{', '.join(story['participants'])}) {story['text']}")


def creatives(shared: Path, graph: Path, work: Path) -> None:
    data = shared / "data" / "anthropic_interviewer_creatives" / "creatives_transcripts.csv"
    out = work / "creatives"
    seconds = _analyze(data, out, _cold_cache(graph, work / "cache-creatives"))
    analysis = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    people = [p["id"] for p in analysis["participants"]]
    labels = {s["source"]: s["interviewers"] for s in analysis.get("speakers", [])}
    as_participant = sorted(p for p in people if INTERVIEWER.match(p.strip()))
    texts = {s["id"]: s.get("text") for s in analysis["sources"]}
    asked = _asked_spans(analysis, texts)
    echoed = 0
    stories = analysis["job_stories"]
    for story in stories:
        for part in ("situation", "motivation", "outcome"):
            wording = (story[part] or {}).get("text") or ""
            if wording and any(wording.lower() in spoken for spoken in asked):
                echoed += 1
    complete = sum(1 for s in stories if s.get("complete"))
    print("== 125 real AI-moderated interviews (creatives) ==")
    print(f"participants {len(people)}; files read with an interviewer: "
          f"{sum(1 for v in labels.values() if v)}/{len(labels)}")
    print(f"interviewer labels as participants: {as_participant or 'none'}")
    print(f"story parts that repeat interviewer words: {echoed}")
    print(f"stories {len(stories)}, complete {complete}")
    print(f"seconds cold: {seconds:.1f}")
    _top(out / "analysis.json")


def _asked_spans(analysis: dict, texts: dict[str, str | None]) -> list[str]:
    """The interviewer's lines of every rendered source, lower-cased."""
    spoken = []
    for item in analysis.get("speakers", []):
        text = texts.get(item["source"]) or ""
        for label in item["interviewers"]:
            for line in text.splitlines():
                if line.startswith(f"{label}:"):
                    spoken.append(line[len(label) + 1:].strip().lower())
    return spoken


#: The labelled sets written apart from the tuning set, in the order they were written:
#: (folder under examples/, name, what it holds).
_APART = "written without the code or the other sets, 3 planted situations"
HOLDOUTS = (
    ("switch_holdout", "holdout",
     "12 switch interviews written apart from the tuning set, 3 planted situations"),
    ("switch_holdout_stock", "third holdout", f"12 switch interviews {_APART}"),
    ("switch_holdout_practice", "fourth holdout", f"12 switch interviews {_APART}"),
    ("switch_holdout_family", "fifth holdout", f"12 switch interviews of parents, {_APART}"),
    ("switch_holdout_classes", "sixth holdout",
     f"12 AI-moderated switch interviews of instructors, {_APART}"),
    ("switch_holdout_landlords", "seventh holdout",
     f"12 switch interviews of landlords (AI chat, WebVTT, text), {_APART}"),
    ("switch_holdout_clinics", "eighth holdout",
     "12 switch interviews of clinics (SubRip, Q/A, a service's export, two interviewers), "
     "written without the code or the other sets, 3 planted situations of 5, 4 and 3 people"),
    ("switch_holdout_household_money", "ninth holdout",
     "12 US household-money switch interviews (Zoom WebVTT, Otter, Meet, Markdown notes), "
     "written without the code or the other sets, 3 planted situations of 5, 4 and 3 people"),
    ("switch_holdout_food_pantry", "tenth holdout",
     "10 food-pantry switch interviews (SubRip with names in capitals, Teams WebVTT, Rev, "
     "initials with a legend, a Word document), written without the code or the other sets, "
     "3 planted situations of 4, 3 and 3 people, forces told off the question"),
    ("switch_holdout_labs", "eleventh holdout",
     "11 research-lab switch interviews (speech-to-text JSON, a turn per CSV row, bracketed "
     "times, Markdown, Zoom WebVTT, an AI-moderated export), written without the code or the "
     "other sets, 3 planted situations of 4, 4 and 3 people, forces told off the question"),
    ("switch_holdout_breweries", "twelfth holdout",
     "10 craft-brewery switch interviews (Otter, Zoom and Teams WebVTT, WhisperX JSON, a "
     "Dovetail CSV, a Teams .docx, Meet, Rev, typed notes, Descript), written without the code "
     "or the other sets, 3 planted situations of 4, 3 and 3 people, forces told off the question"),
    ("switch_holdout_vets", "thirteenth holdout",
     "9 vet-practice switch interviews (an AI-moderated export of 'messages', WebVTT with voice "
     "tags and Zoom's, SubRip, Q/A Markdown, Otter, a turn per CSV row, 'Speaker 1/2' with a "
     "header), written without the code or the other sets, 3 planted situations of 3 people"),
    ("switch_holdout_plumbers", "fourteenth holdout",
     "9 plumbing-and-heating switch interviews (Teams text, WebVTT with cue settings, names in "
     "capitals, an AI-moderated export one object down, SubRip with [Name], Markdown, a CSV, "
     "Otter's 'Speaker 1/2', Q/A notes), written without the code or the other sets, 3 planted "
     "situations of 3 people"),
    ("switch_holdout_clubs", "fifteenth holdout",
     "10 sports-club volunteer switch interviews (YouTube SBV, Meet, two AI-moderated exports, "
     "WebVTT with 'Name:', Fireflies, a CSV, Markdown Q/A, Rev, I:/R:), written without the "
     "code or the other sets, 3 planted situations of 4, 3 and 3 people"),
    ("switch_holdout_dental", "sixteenth holdout",
     "9 dental-practice switch interviews (Zoom, Teams WebVTT, Descript, a Dovetail export, "
     "Markdown with front matter, Otter, 'Speaker 1/2' CSV, Q/A notes, an AI chat), written "
     "without the code or the other sets, 3 planted situations of 3 people sharing their words"),
    ("switch_holdout_cleaning", "seventeenth holdout",
     "9 commercial-cleaning switch interviews (Zoom and Teams WebVTT, Otter, Descript, SubRip "
     "in capitals, a turn per CSV row, an AI chat naming its respondent one object down, a JSON "
     "array, Markdown with front matter), written without the code or the other sets, 3 "
     "planted situations of 3 people sharing their words"),
    ("switch_holdout_veg_boxes", "eighteenth holdout",
     "9 veg-box-scheme switch interviews (Zoom and Teams WebVTT, Rev's 'Speaker 1/2' named only "
     "in speech, SubRip in capitals, a turn per CSV row, an AI chat naming its respondent two "
     "objects down, SPEAKER_00 ASR segments, Markdown with quoted front matter, Q:/A: text), "
     "written without the code or the other sets, 3 planted situations of 3 people"),
    ("switch_holdout_venues", "nineteenth holdout",
     "9 wedding-venue switch interviews (Otter, Descript with a header, Fireflies, Meet with a "
     "business partner present, Zoom WebVTT, SubRip whose turns are only dialogue dashes, CSV "
     "start/end/speaker, an AI 'conversation', Markdown Q/A notes), written without the code "
     "or the other sets, 3 planted situations of 3 people"),
    ("switch_holdout_bikes", "twentieth holdout",
     "9 bicycle-repair-shop switch interviews (Otter with only 'Mm.' and 'Go on.' prompts, "
     "Teams WebVTT with a head mechanic chipping in, a turn per CSV row, Rev, an AI chat, "
     "SubRip, Zoom WebVTT, Markdown Q/A with front matter, text with a header of attendees), "
     "written without the code or the other sets, 3 planted situations of 3 people"),
    ("switch_holdout_driving", "twenty-first holdout",
     "10 driving-instructor switch interviews (Otter, Zoom and Teams WebVTT, SubRip, Rev with "
     "only 'Mm.' and 'Go on.' prompts, a turn per CSV row, an AI chat, Markdown Q/A with front "
     "matter, text with a header of attendees, Meet), written without the code or the other "
     "sets, 3 planted situations of 4, 3 and 3 people"),
    ("switch_holdout_translation", "twenty-second holdout",
     "10 translation-agency switch interviews (Otter, Zoom and Teams WebVTT, a turn per CSV "
     "row, an AI chat, Rev, Markdown Q/A with front matter, SubRip, text with a header of "
     "attendees told only 'Mm.' and 'Go on.', Meet), written without the code or the other "
     "sets, 3 planted situations of 3, 4 and 3 people"),
    ("switch_holdout_meals", "twenty-third holdout",
     "10 household meal-planning switch interviews (Otter speech recognition in lower case "
     "with 'Speaker 1/2', Zoom and Teams WebVTT, SubRip with a summarising interviewer, Rev, a "
     "turn per CSV row, an AI chat, Markdown Q/A, Descript, Meet with a partner joining), "
     "written without the code or the other sets, 3 planted situations of 3, 4 and 3 people"),
    ("switch_holdout_photographers", "twenty-fourth holdout",
     "10 wedding-photographer switch interviews (Zoom WebVTT, Otter, an AI chat, SubRip in "
     "capitals, a header of attendees, CSV turns, Teams WebVTT with a business partner "
     "joining, Markdown Q/A, Descript, first names after a header), written without the code "
     "or the other sets, 3 planted situations of 4, 3 and 3 people"),
    ("switch_holdout_eldercare", "twenty-fifth holdout",
     "10 interviews of families caring for an elderly parent (Otter, Zoom WebVTT, an AI chat, "
     "YouTube SBV, a Word document, Teams WebVTT with a brother joining, CSV turns, Markdown "
     "Q/A, a header of attendees, SubRip), written without the code or the other sets, 3 "
     "planted situations of 3, 3 and 4 people"),
    ("switch_holdout_pharmacies", "twenty-sixth holdout",
     "10 community-pharmacy switch interviews (Teams WebVTT, Rev, an AI chat, SubRip with no "
     "speaker names at all, Otter, Markdown with front matter, CSV turns, Q:/A: text, Zoom "
     "WebVTT, Descript), written without the code or the other sets, 3 planted situations of "
     "4, 3 and 3 people"),
    ("switch_holdout_removals", "twenty-seventh holdout",
     "11 house-removals switch interviews (Zoom and Teams WebVTT, Otter, Rev, Q:/A: text, "
     "Markdown with front matter, CSV turns, an AI chat, SubRip in capitals with sentences cut "
     "across cues, Zoom WebVTT with a business partner joining), written without the code or "
     "the other sets, 3 planted situations of 4, 4 and 3 people"),
    ("switch_holdout_street_food", "twenty-eighth holdout",
     "12 street-food switch interviews (Zoom WebVTT cut mid-sentence, Teams WebVTT, Otter, Rev, "
     "an AI chat, Markdown with front matter, CSV turns, SubRip in capitals, YouTube SBV, "
     "Interviewer/Participant text, a business partner joining), pushes told in the opening "
     "answer, written without the code or the other sets, 4 planted situations of 3 people"),
    ("switch_holdout_makers", "twenty-ninth holdout",
     "16 switch interviews of craft and maker businesses in the tuning set's formats (name-"
     "labelled text, WebVTT, SubRip, AI:/User: text), pushes told in the opening answer, "
     "written without the code or the other sets, 4 planted situations of 4 people"),
    ("switch_holdout_salons", "thirtieth holdout",
     "16 switch interviews of hair and beauty salons (name-labelled text, Q:/A: text named in a "
     "header or the first question, WebVTT, SubRip, AI:/User: text greeting by full name), "
     "written without the code or the other sets, 4 planted situations of 4 people"),
    ("switch_holdout_childcare", "thirty-first holdout",
     "12 switch interviews of childminders and nurseries in the UK and New Zealand (name-"
     "labelled text, Interviewer/Participant text, WebVTT, SubRip, AI:/User: text, a co-worker "
     "speaking), written without the code or the other sets, 3 planted situations of 4 people"),
    ("switch_holdout_pet_care", "thirty-second holdout",
     "16 switch interviews of pet-care businesses (name-labelled text, WebVTT, SubRip, AI:/User: "
     "text, a transcription service's \"Name  00:00:01\" turns under a header of fields), "
     "pushes told in the opening answer, written without the code or the other sets, "
     "4 planted situations of 5, 4, 4 and 3 people"),
    ("switch_holdout_tattoo", "thirty-third holdout",
     "12 switch interviews of tattoo and piercing studios (name-labelled text, WebVTT with names "
     "in the cue, SubRip with [Name], Assistant:/Participant: text, Markdown Q/A under a header, "
     "speech-to-text with Speaker 1/Speaker 2 named only in a greeting), written without the "
     "code or the other sets, 3 planted situations of 5, 4 and 3 people"),
    ("switch_holdout_theatres", "thirty-fourth holdout",
     "12 switch interviews of small theatres and arts centres (Zoom and Teams WebVTT, Otter, "
     "Rev, SubRip with no speaker names, Interviewer/Participant text named in its first line, "
     "Markdown with front matter), written without the code or the other sets, 3 planted "
     "situations of 4 people"),
    ("switch_holdout_music", "thirty-fifth holdout",
     "12 switch interviews of music teachers and schools (name-labelled text, WebVTT, SubRip, "
     "AI:/User: text, Otter), written without the code or the other sets after session 35's "
     "other changes, 3 planted situations of 4 people"),
    ("switch_holdout_bnb", "thirty-sixth holdout",
     "12 switch interviews of B&Bs and holiday cottages (Q:/A: text under a header, Teams "
     "WebVTT, SubRip in capitals, Interviewer/first-name text, Otter), written without the code "
     "or the other sets after session 35's changes, 3 planted situations of 4 people"),
    ("switch_holdout_bookshops", "thirty-seventh holdout",
     "13 switch interviews of independent bookshops (Google Meet and Descript text, WebVTT "
     "with first-name labels, Speaker 1/2 SubRip named only in the greeting, text under a "
     "header), written without the code or the other sets, 3 planted situations of 5, 4 and "
     "4 people"),
    ("switch_holdout_bookkeeping", "thirty-eighth holdout",
     "14 switch interviews of bookkeeping practices (Rev text, Markdown, WebVTT with voice "
     "tags, an AI moderator's Moderator:/Respondent: export, SubRip in capitals), written "
     "without the code or the other sets, 3 planted situations of 5, 4 and 3 people and 2 "
     "people in none"),
    ("switch_holdout_studios", "thirty-ninth holdout",
     "12 switch interviews of architecture and interior-design studios (JSON, Zoom text, CSV, "
     "WebVTT with names in the cues, I:/P: text), written without the code or the other "
     "sets, 3 planted situations of 4 people"),
    ("switch_holdout_choirs", "fortieth holdout",
     "12 switch interviews of choirs, orchestras and brass bands (Otter, Teams WebVTT, SubRip "
     "with no speaker labels, Markdown Q/A under front matter, Interviewer/Respondent text), "
     "terse and idiomatic questions, written without the code or the other sets, 3 planted "
     "situations of 4 people"),
    ("switch_holdout_garden_centres", "forty-first holdout",
     "12 switch interviews of garden centres and nurseries (an AI moderator's chat JSON, Q./A. "
     "text under a header, SubRip with dialogue dashes, WebVTT with voice tags, Markdown with "
     "blockquoted questions), written without the code or the other sets, 3 planted "
     "situations of 4 people"),
    ("switch_holdout_farm_shops", "forty-second holdout",
     "12 switch interviews of farm shops and butchers (Otter text, Rev text, YouTube SBV "
     "captions, a turn-per-row CSV, a JSON list of turns), pushes told in the opening answers, "
     "written without the code or the other sets, 3 planted situations of 4 people"),
    ("switch_holdout_community_transport", "forty-third holdout",
     "14 switch interviews of community transport schemes (Zoom WebVTT, Teams WebVTT, "
     "time-stamped text, Markdown Q/A, SubRip in capitals), long answers over several stages "
     "and double-barrelled questions, written without the code or the other sets, 3 planted "
     "situations of 5, 4 and 3 people and 2 people in none"),
    ("switch_holdout_opticians", "forty-fourth holdout",
     "12 switch interviews of independent opticians (an AI moderator's JSON and CSV, "
     "Participant:-headed text, WebVTT with no speaker labels, Markdown with questions as "
     "headings), written without the code or the other sets, 4 planted situations of 3 "
     "people"),
    ("switch_holdout_window_cleaning", "forty-fifth holdout",
     "12 switch interviews of window-cleaning firms as machine transcripts with fillers "
     "(Otter text with numbered speakers, Descript text, WebVTT with numbered speakers, a "
     "speech-to-text JSON with lettered speakers), written without the code or the other "
     "sets, 3 planted situations of 4 people"),
    ("switch_holdout_yarn_shops", "forty-sixth holdout",
     "13 switch interviews of yarn shops and hand-dyers (text labelled by first name under a "
     "Participant: header, Zoom WebVTT, Markdown, SubRip with names), numbered guide "
     "questions, written without the code or the other sets, 4 planted situations of 3 "
     "people and 1 person in none"),
    ("switch_holdout_ebikes", "forty-seventh holdout",
     "12 switch interviews of consumers who moved to an e-bike subscription (text, SubRip "
     "with numbered speakers, a turn-per-row CSV, WebVTT with voice tags), a consumer study, "
     "written without the code or the other sets, 3 planted situations of 4 people"),
    ("switch_holdout_agencies", "forty-eighth holdout",
     "12 switch interviews of small marketing and design agencies (a Google Meet transcript, "
     "Fathom-style Markdown, a time-stamped chat log, a Dovetail CSV), business jargon and "
     "an abandoned earlier tool, written without the code or the other sets, 3 planted "
     "situations of 4 people"),
    ("switch_holdout_tutors", "forty-ninth holdout",
     "14 switch interviews of private tutors and tutoring agencies (text, SubRip with no "
     "speaker names, WebVTT with voice tags, a JSON export one object down, Markdown), terse "
     "probes and understatement, written without the code or the other sets, 3 planted "
     "situations of 5, 5 and 2 people and 2 people in none"),
    ("switch_holdout_florists", "fiftieth holdout",
     "14 switch interviews of florists (Fireflies-style text, WebVTT with voice tags, SubRip "
     "with capitalised names, a turn-per-row CSV, Q/A text under a title), pushes opened in "
     "idiom, fillers and long interviewer summaries, written without the code or the other "
     "sets, 4 planted situations of 5, 3, 2 and 2 people and 2 people in none"),
    ("switch_holdout_escape_rooms", "fifty-first holdout",
     "12 switch interviews of escape-room venues (Otter text, Zoom WebVTT, an AI-moderated "
     "chat export, Markdown Q/A), terse probes and one bad night told as the struggle, "
     "written without the code or the other sets, 3 planted situations of 4, 4 and 2 people "
     "and 2 people in none"),
    ("switch_holdout_charity_shops", "fifty-second holdout",
     "13 switch interviews of charity shops (Teams WebVTT, Rev-style text, text with initials "
     "under a header, SubRip with no speaker names), understatement, reluctant switchers told "
     "to by head office, written without the code or the other sets, 3 planted situations of "
     "5, 4 and 2 people and 2 people in none"),
    ("switch_holdout_mechanics", "fifty-third holdout",
     "14 switch interviews of mobile mechanics and small garages (labelled text, Descript "
     "text, SBV captions, a speech-to-text JSON export with a map of its speakers, WebVTT "
     "with names in the cues), blunt trade talk and costs, written without the code or the "
     "other sets, 3 planted situations of 6, 4 and 2 people and 2 people in none"),
    ("switch_holdout_beekeepers", "fifty-fourth holdout",
     "13 switch interviews of beekeepers (an AI-moderated JSON export with long reflective "
     "turns, Otter text, WebVTT with voice tags, Q/A text under a title), situations that "
     "share their vocabulary, written without the code or the other sets, 3 planted "
     "situations of 5, 4 and 2 people and 2 people in none"),
    ("switch_holdout_marinas", "fifty-fifth holdout",
     "12 switch interviews of marinas and boatyards (Teams WebVTT, SubRip with names, "
     "Markdown in bold, a turn-per-row CSV), jargon and people who did not decide, written "
     "without the code or the other sets, 3 planted situations of 4, 3 and 3 people and 2 "
     "people in none"),
    ("switch_holdout_bakeries", "fifty-sixth holdout",
     "14 switch interviews of wholesale bakeries (Rev-style text, Zoom WebVTT, a JSON export "
     "one object down, SubRip with dashes and no names, text with initials under a header), "
     "costs and echoed probes, written without the code or the other sets, 4 planted "
     "situations of 4, 4, 2 and 2 people and 2 people in none"),
    ("switch_holdout_dog_walkers", "fifty-seventh holdout",
     "12 switch interviews of dog walkers and pet sitters (Descript text, SBV captions, a "
     "speech-to-text JSON export with a list of its speakers, WebVTT with names in the cues), "
     "humour and corrected summaries, written without the code or the other sets, 3 planted "
     "situations of 4, 4 and 2 people and 2 people in none"),
    ("switch_holdout_livery_yards", "fifty-eighth holdout",
     "13 switch interviews of livery yards and riding schools (Markdown with bold names, Q/A "
     "text under a header naming both, SubRip with names in capitals, a turn-per-row CSV), "
     "clipped speech and a switch given up and taken back, written without the code or the "
     "other sets, 3 planted situations of 5, 4 and 2 people and 2 people in none"),
    ("switch_holdout_sign_shops", "fifty-ninth holdout",
     "12 switch interviews of sign makers and print shops (Otter text, numbered speakers "
     "under a legend, WebVTT with voice tags, names in capitals over paragraphs), one "
     "situation told from several angles and corrected paraphrases, written without the code "
     "or the other sets, 3 planted situations of 4, 3 and 3 people and 2 people in none"),
    ("switch_holdout_swim_schools", "sixtieth holdout",
     "14 switch interviews of swim schools (Fireflies text, Teams WebVTT, a JSON export of "
     "turns by speaker, labelled text, SBV captions), parents' complaints and understatement, "
     "written without the code or the other sets, 4 planted situations of 4, 3, 3 and 2 "
     "people and 2 people in none"),
    ("switch_holdout_allotments", "sixty-first holdout",
     "12 switch interviews of allotment society volunteers (Rev-style text, Zoom WebVTT, a "
     "speech-to-text JSON export with a map of its speakers, Descript text), digressions and "
     "leading questions answered no, written without the code or the other sets, 3 planted "
     "situations of 4, 4 and 2 people and 2 people in none"),
    ("switch_holdout_tool_libraries", "sixty-second holdout",
     "12 switch interviews of community tool libraries (an AI-moderated JSON export, Otter "
     "text, SubRip with names, labelled text), answers in fragments and a product named late, "
     "written without the code or the other sets, 3 planted situations of 4, 4 and 2 people "
     "and 2 people in none"),
    ("switch_holdout_pottery_studios", "sixty-third holdout",
     "13 switch interviews of pottery studios (Zoom WebVTT, Rev-style text, a turn-per-row "
     "CSV, Markdown in bold), numbers corrected mid-answer and struggles told in the present, "
     "written without the code or the other sets, 3 planted situations of 5, 3 and 3 people "
     "and 2 people in none"),
    ("switch_holdout_farm_wholesale", "sixty-fourth holdout",
     "12 switch interviews of small farms selling wholesale (Teams WebVTT, Fireflies text, a "
     "speech-to-text JSON export with a list of its speakers, Descript text), jargon, partners "
     "quoted and chains of why, written without the code or the other sets, 3 planted "
     "situations of 4, 3 and 3 people and 2 people in none"),
    ("switch_holdout_housing_coops", "sixty-fifth holdout",
     "13 switch interviews of housing co-operatives (numbered speakers under a legend, SBV "
     "captions, Q/A text under a header, WebVTT with names in the cues), formal understatement "
     "and switches a committee decided, written without the code or the other sets, 3 "
     "planted situations of 4, 4 and 3 people and 2 people in none"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jobstory-synthesis-") as tmp:
        work = Path(tmp)
        graph = work / "graph"
        _warm_graph(graph)
        labelled("tuning set: 16 switch interviews, 4 planted situations",
                 args.shared / "data" / "jtbd_interviews_tuning", args.shared, graph, work)
        for folder, name, held in HOLDOUTS:
            labelled(f"{name} (examples/{folder}): {held}", ROOT / "examples" / folder,
                     args.shared, graph, work)
        creatives(args.shared, graph, work)


if __name__ == "__main__":
    main()
