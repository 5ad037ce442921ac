#!/usr/bin/env python3
"""Self-check for the Plotkeeper switch-interview holdout set (stdlib only).

Run from anywhere:  python3 verify.py
Prints ALL OK when every check passes, otherwise lists the problems and exits 1.
"""
import json
import os
import re
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.abspath(__file__))
TDIR = os.path.join(ROOT, "transcripts")
FORMATS = {"rev": ".txt", "zoom_vtt": ".vtt", "json_utterances": ".json", "descript": ".txt"}
FORCE_KINDS = ("push", "pull", "anxiety", "habit")
MIN_WORDS, MAX_WORDS = 1100, 1450

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- parsers
# Each parser returns a list of units: (speaker, text). A unit is one
# speaker block (rev, descript, json utterance) or one cue (vtt).

REV_HEAD = re.compile(r"^(?P<name>[^()\n]+?) \((?P<ts>\d{2}:\d{2}:\d{2})\):$")
DESCRIPT_TS = re.compile(r"^\[\d{2}:\d{2}:\d{2}\]$")
VTT_TIME = re.compile(r"^\d{2}:\d{2}:\d{2}\.\d{3} --> \d{2}:\d{2}:\d{2}\.\d{3}$")
VTT_TEXT = re.compile(r"^(?P<name>[^:\n]+): (?P<text>.+)$")


def parse_rev(text, fname):
    units = []
    cur = None
    for ln in text.split("\n"):
        m = REV_HEAD.match(ln)
        if m:
            if cur:
                units.append(cur)
            cur = [m.group("name"), []]
        elif ln.strip():
            if cur is None:
                err(f"{fname}: text before first rev header: {ln[:60]!r}")
                continue
            cur[1].append(ln)
    if cur:
        units.append(cur)
    return [(n, "\n".join(ls)) for n, ls in units]


def parse_descript(text, fname):
    blocks = [b for b in re.split(r"\n\s*\n", text.strip("\n")) if b.strip()]
    units = []
    for b in blocks:
        ls = b.split("\n")
        if len(ls) < 3 or not DESCRIPT_TS.match(ls[1]) or not ls[0].strip():
            err(f"{fname}: malformed descript block: {b[:60]!r}")
            continue
        units.append((ls[0].strip(), "\n".join(ls[2:])))
    return units


def parse_vtt(text, fname):
    ls = text.split("\n")
    if not ls or ls[0].strip() != "WEBVTT":
        err(f"{fname}: missing WEBVTT header")
        return []
    blocks = [b for b in re.split(r"\n\s*\n", "\n".join(ls[1:]).strip("\n")) if b.strip()]
    units = []
    expect = 1
    for b in blocks:
        bl = b.split("\n")
        if len(bl) < 3 or not bl[0].strip().isdigit() or not VTT_TIME.match(bl[1]):
            err(f"{fname}: malformed vtt cue: {b[:60]!r}")
            continue
        if int(bl[0]) != expect:
            err(f"{fname}: cue number {bl[0]} where {expect} expected")
        expect = int(bl[0]) + 1
        m = VTT_TEXT.match(bl[2])
        if not m:
            err(f"{fname}: vtt cue without 'Name: text': {bl[2][:60]!r}")
            continue
        units.append((m.group("name").strip(), "\n".join([m.group("text")] + bl[3:])))
    return units


def parse_json(text, fname):
    try:
        d = json.loads(text)
    except ValueError as e:
        err(f"{fname}: invalid JSON: {e}")
        return [], None
    sp = d.get("speakers")
    ut = d.get("utterances")
    if not isinstance(sp, dict) or not isinstance(ut, list):
        err(f"{fname}: JSON needs 'speakers' object and 'utterances' list")
        return [], None
    units = []
    last_end = -1
    for i, u in enumerate(ut):
        if set(u) != {"speaker", "start", "end", "text"}:
            err(f"{fname}: utterance {i} has keys {sorted(u)}")
            continue
        if u["speaker"] not in sp:
            err(f"{fname}: utterance {i} speaker {u['speaker']!r} not in speakers")
            continue
        if not (isinstance(u["start"], int) and isinstance(u["end"], int) and u["start"] < u["end"]):
            err(f"{fname}: utterance {i} bad start/end")
        elif u["start"] < last_end:
            err(f"{fname}: utterance {i} overlaps previous")
        else:
            last_end = u["end"]
        units.append((sp[u["speaker"]], u["text"]))
    return units, sp


def merge_turns(units):
    """Consecutive units by the same speaker form one turn."""
    turns = []
    for spk, text in units:
        if turns and turns[-1][0] == spk:
            turns[-1] = (spk, turns[-1][1] + " " + text)
        else:
            turns.append((spk, text))
    return turns


def norm(s):
    return re.sub(r"\s+", " ", s).strip().lower()


# ---------------------------------------------------------------- key
try:
    with open(os.path.join(ROOT, "key.json"), encoding="utf-8") as fh:
        key = json.load(fh)
except (OSError, ValueError) as e:
    print(f"FAIL: cannot read key.json: {e}")
    sys.exit(1)

for top in ("situations", "forces", "files"):
    if top not in key:
        err(f"key.json: missing top-level {top!r}")
if errors:
    print("\n".join("FAIL: " + e for e in errors))
    sys.exit(1)

kfiles = key["files"]
expected_names = set()
for i in range(1, 13):
    hits = [f for f in kfiles if re.fullmatch(r"interview_%02d\.(txt|vtt|json)" % i, f)]
    if len(hits) != 1:
        err(f"key.json: expected exactly one entry for interview_{i:02d}, got {hits}")
    expected_names.update(hits)
if set(kfiles) != expected_names or len(kfiles) != 12:
    err(f"key.json: files must be interview_01..12, got {sorted(kfiles)}")

on_disk = sorted(os.listdir(TDIR)) if os.path.isdir(TDIR) else []
if sorted(kfiles) != on_disk:
    err(f"transcripts/ holds {on_disk}, key lists {sorted(kfiles)}")
if set(key["forces"]) != set(kfiles):
    err("key.json: forces and files cover different file names")

fmt_count = Counter(m.get("format") for m in kfiles.values())
for f, ext in FORMATS.items():
    if fmt_count.get(f) != 3:
        err(f"key.json: format {f} used {fmt_count.get(f)} times, expected 3")
for fname, m in kfiles.items():
    if m.get("format") not in FORMATS:
        err(f"{fname}: unknown format {m.get('format')!r}")
    elif not fname.endswith(FORMATS[m["format"]]):
        err(f"{fname}: extension does not match format {m['format']}")

parts = [m.get("participant") for m in kfiles.values()]
if len(set(parts)) != 12:
    err(f"key.json: participants are not 12 distinct people: {parts}")
for p in parts:
    if not p or len(p.split()) < 2:
        err(f"key.json: participant {p!r} needs first and last name")

# situations
sits = key["situations"]
if sorted(sits) != ["S1", "S2", "S3"]:
    err(f"key.json: situations must be S1,S2,S3, got {sorted(sits)}")
sizes = {"S1": 4, "S2": 4, "S3": 2}
listed = {}
for sid, s in sits.items():
    for fld in ("label", "motivation", "outcome", "participants", "files", "keywords"):
        if fld not in s:
            err(f"{sid}: missing {fld}")
    mot = s.get("motivation", "")
    if not (mot.startswith("When ") and ", I want " in mot and ", so that " in mot):
        err(f"{sid}: motivation not in 'When ..., I want ..., so that ...' form")
    if len(s.get("keywords", [])) != 8:
        err(f"{sid}: needs 8 keywords")
    fs, ps = s.get("files", []), s.get("participants", [])
    if len(fs) != sizes.get(sid) or len(ps) != len(fs):
        err(f"{sid}: expected {sizes.get(sid)} files/participants, got {len(fs)}/{len(ps)}")
    for f, p in zip(fs, ps):
        if f not in kfiles:
            err(f"{sid}: unknown file {f}")
            continue
        if kfiles[f]["participant"] != p:
            err(f"{sid}: {f} participant {p!r} != files entry {kfiles[f]['participant']!r}")
        if kfiles[f]["situation"] != sid:
            err(f"{sid}: {f} has situation {kfiles[f]['situation']!r} in files")
        if f in listed:
            err(f"{f}: listed in both {listed[f]} and {sid}")
        listed[f] = sid
for f, m in kfiles.items():
    if m.get("situation") is None:
        if f in listed:
            err(f"{f}: situation null but listed under {listed[f]}")
    elif listed.get(f) != m["situation"]:
        err(f"{f}: situation {m['situation']} but not listed there")
nulls = sum(1 for m in kfiles.values() if m.get("situation") is None)
if nulls != 2:
    err(f"key.json: expected 2 files with no situation, got {nulls}")

# ---------------------------------------------------------------- transcripts
SENT_OK = re.compile(r"^[A-Z].*[.?!]$")
all_interviewer_turns = {}
for fname in sorted(kfiles):
    meta = kfiles[fname]
    path = os.path.join(TDIR, fname)
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as e:
        err(f"{fname}: cannot read: {e}")
        continue
    fmt = meta.get("format")
    participant = meta.get("participant")
    if fmt == "rev":
        units = parse_rev(text, fname)
        interviewer = None
    elif fmt == "descript":
        units = parse_descript(text, fname)
        interviewer = "Interviewer"
    elif fmt == "zoom_vtt":
        units = parse_vtt(text, fname)
        interviewer = None
    elif fmt == "json_utterances":
        units, sp = parse_json(text, fname)
        interviewer = None
        if sp is not None:
            if len(sp) != 2 or participant not in sp.values():
                err(f"{fname}: JSON speakers {sp} must name the participant and one interviewer")
    else:
        continue
    if not units:
        err(f"{fname}: no units parsed")
        continue

    speakers = Counter(s for s, _ in units)
    if participant not in speakers:
        err(f"{fname}: participant {participant!r} never speaks (speakers {sorted(speakers)})")
        continue
    others = [s for s in speakers if s != participant]
    if len(others) != 1:
        err(f"{fname}: expected one interviewer besides the participant, got {others}")
        continue
    iv = others[0]
    if interviewer and iv != interviewer:
        err(f"{fname}: interviewer must be labelled {interviewer!r}, got {iv!r}")
    if fmt != "descript" and (iv == "Interviewer" or len(iv.split()) < 2):
        err(f"{fname}: interviewer should carry an invented full name, got {iv!r}")
    if iv in parts:
        err(f"{fname}: interviewer name {iv!r} is also a participant")

    # word count over spoken text
    words = sum(len(t.split()) for _, t in units)
    if not (MIN_WORDS <= words <= MAX_WORDS):
        err(f"{fname}: {words} words, outside {MIN_WORDS}-{MAX_WORDS}")

    p_units = [t for s, t in units if s == participant]
    i_units = [t for s, t in units if s == iv]

    # interviewer turns must not repeat across the whole set
    for spk, t in merge_turns(units):
        if spk != iv:
            continue
        k = norm(t)
        if k in all_interviewer_turns:
            err(f"{fname}: interviewer turn repeats {all_interviewer_turns[k]}: {t!r}")
        else:
            all_interviewer_turns[k] = fname

    # forces
    fr = key["forces"].get(fname, {})
    if sorted(fr) != sorted(FORCE_KINDS):
        err(f"{fname}: forces must have exactly {FORCE_KINDS}, got {sorted(fr)}")
    seen_sent = set()
    for kind in FORCE_KINDS:
        sents = fr.get(kind, [])
        if len(sents) != 2:
            err(f"{fname}: {kind} has {len(sents)} sentences, expected 2")
        for s in sents:
            if s in seen_sent:
                err(f"{fname}: sentence used twice in forces: {s!r}")
            seen_sent.add(s)
            if not SENT_OK.match(s) or "\n" in s or '"' in s or "\\" in s:
                err(f"{fname}: {kind} sentence malformed: {s!r}")
            hits = [u for u in p_units if s in u]
            if len(hits) != 1:
                err(f"{fname}: {kind} sentence found in {len(hits)} participant units: {s!r}")
            elif hits[0].count(s) != 1:
                err(f"{fname}: {kind} sentence occurs more than once in its unit: {s!r}")
            elif not any(s in ln for ln in hits[0].split("\n")):
                err(f"{fname}: {kind} sentence spans lines: {s!r}")
            if any(s in u for u in i_units):
                err(f"{fname}: {kind} sentence appears in an interviewer unit: {s!r}")

if errors:
    for e in errors:
        print("FAIL:", e)
    print(f"{len(errors)} problem(s)")
    sys.exit(1)
print("ALL OK")
