#!/usr/bin/env python3
"""Self-check for the Wrenchly switch-interview holdout set (stdlib only).

Parses every transcript in its own format, then checks it against key.json.
Prints ALL OK when every check passes; otherwise lists the problems and exits 1.
"""
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
TDIR = os.path.join(HERE, "transcripts")
INTERVIEWER = "Interviewer"
MIN_WORDS, MAX_WORDS = 1100, 1450
FORCE_TYPES = ("push", "pull", "anxiety", "habit")
FORMAT_EXT = {
    "plain_labels": ".txt",
    "descript": ".txt",
    "sbv": ".sbv",
    "json_utterances": ".json",
    "vtt_plain": ".vtt",
}
PROBLEM_WORDS = ("problem", "wrong", "struggl", "frustrat", "headache", "issue",
                 "difficult", "hard", "pain", "bad", "annoy", "worst")
HABIT_WORDS = ("habit", "old way", "still", "used to", "the way you", "hang on",
               "held onto", "kept", "old-fashioned", "survived", "old ways")

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- parsers
# Each parser returns a list of units: dict(speaker, lines, start) where lines
# is the list of text lines of that unit (turn / caption / cue / utterance).

LABEL_RE = re.compile(r"^([A-Z][A-Za-z'\-. ]{0,60}?): (.+)$")


def split_blocks(text):
    text = text.replace("\r\n", "\n").strip("\n")
    return [b for b in re.split(r"\n\s*\n", text) if b.strip()]


def parse_plain_labels(text):
    units = []
    for block in split_blocks(text):
        lines = block.split("\n")
        m = LABEL_RE.match(lines[0])
        if not m:
            raise ValueError("plain_labels block without 'Name: ' label: %r" % lines[0][:60])
        units.append({"speaker": m.group(1), "lines": [m.group(2)] + lines[1:], "start": None})
    return units


HMS_RE = re.compile(r"^\[(\d{2}):(\d{2}):(\d{2})\]$")


def parse_descript(text):
    units = []
    for block in split_blocks(text):
        lines = block.split("\n")
        if len(lines) < 3:
            raise ValueError("descript block needs name, [hh:mm:ss], text: %r" % block[:60])
        m = HMS_RE.match(lines[1].strip())
        if not m:
            raise ValueError("descript block without [hh:mm:ss] line: %r" % lines[1][:40])
        h, mi, s = map(int, m.groups())
        units.append({"speaker": lines[0].strip(), "lines": lines[2:],
                      "start": h * 3600 + mi * 60 + s})
    return units


SBV_TS = re.compile(r"^(\d+):(\d{2}):(\d{2})\.(\d{3}),(\d+):(\d{2}):(\d{2})\.(\d{3})$")


def _secs(h, m, s, ms):
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000.0


def parse_sbv(text):
    units = []
    for block in split_blocks(text):
        lines = block.split("\n")
        m = SBV_TS.match(lines[0].strip())
        if not m or len(lines) < 2:
            raise ValueError("sbv caption without timing line: %r" % lines[0][:40])
        g = m.groups()
        a, b = _secs(*g[:4]), _secs(*g[4:])
        if b < a:
            raise ValueError("sbv caption ends before it starts: %r" % lines[0])
        lm = LABEL_RE.match(lines[1])
        if not lm:
            raise ValueError("sbv caption without 'Name: ' prefix: %r" % lines[1][:60])
        units.append({"speaker": lm.group(1), "lines": [lm.group(2)] + lines[2:], "start": a})
    return units


VTT_TS = re.compile(r"^(\d{2,}):(\d{2}):(\d{2})\.(\d{3}) --> (\d{2,}):(\d{2}):(\d{2})\.(\d{3})(\s.*)?$")


def parse_vtt(text):
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    blocks = split_blocks(text)
    if not blocks or not blocks[0].startswith("WEBVTT"):
        raise ValueError("vtt file must start with WEBVTT")
    units = []
    for block in blocks[1:]:
        lines = block.split("\n")
        if lines[0].startswith("NOTE"):
            continue
        if not VTT_TS.match(lines[0].strip()):
            lines = lines[1:]  # optional cue identifier
        if not lines or not VTT_TS.match(lines[0].strip()) or len(lines) < 2:
            raise ValueError("vtt cue without timing line: %r" % block[:60])
        g = VTT_TS.match(lines[0].strip()).groups()
        a, b = _secs(*g[:4]), _secs(*g[4:8])
        if b < a:
            raise ValueError("vtt cue ends before it starts: %r" % lines[0])
        lm = LABEL_RE.match(lines[1])
        if not lm:
            raise ValueError("vtt cue without 'Name: ' prefix: %r" % lines[1][:60])
        units.append({"speaker": lm.group(1), "lines": [lm.group(2)] + lines[2:], "start": a})
    return units


def parse_json_utterances(text):
    d = json.loads(text)
    speakers = d["speakers"]
    if not isinstance(speakers, dict):
        raise ValueError("speakers must be an object")
    units = []
    for u in d["utterances"]:
        if u["speaker"] not in speakers:
            raise ValueError("utterance with unknown speaker id %r" % u["speaker"])
        if not (isinstance(u["start"], int) and isinstance(u["end"], int) and u["end"] >= u["start"]):
            raise ValueError("bad start/end in utterance")
        units.append({"speaker": speakers[u["speaker"]], "lines": u["text"].split("\n"),
                      "start": u["start"] / 1000.0})
    return units


PARSERS = {
    "plain_labels": parse_plain_labels,
    "descript": parse_descript,
    "sbv": parse_sbv,
    "json_utterances": parse_json_utterances,
    "vtt_plain": parse_vtt,
}


def words(s):
    return len(s.split())


# ---------------------------------------------------------------- key checks
def check_key(key, tfiles):
    for top in ("situations", "forces", "files"):
        if top not in key:
            err("key.json lacks %r" % top)
            return False
    files = key["files"]
    expected = ["interview_%02d" % i for i in range(1, 15)]
    stems = sorted(os.path.splitext(f)[0] for f in files)
    if stems != expected:
        err("key files are not interview_01..interview_14: %s" % stems)
    if sorted(files) != sorted(tfiles):
        err("key files %s != transcripts/ files %s" % (sorted(files), sorted(tfiles)))
    if sorted(key["forces"]) != sorted(files):
        err("forces keys differ from files keys")

    fmts = Counter()
    names = Counter()
    for fn, info in files.items():
        fmt = info.get("format")
        if fmt not in FORMAT_EXT:
            err("%s: unknown format %r" % (fn, fmt))
            continue
        fmts[fmt] += 1
        if not fn.endswith(FORMAT_EXT[fmt]):
            err("%s: extension does not match format %s" % (fn, fmt))
        name = info.get("participant", "")
        names[name] += 1
        if len(name.split()) < 2:
            err("%s: participant %r lacks a first and last name" % (fn, name))
        if name == INTERVIEWER:
            err("%s: participant named Interviewer" % fn)
        if info.get("situation") not in (None, "S1", "S2", "S3"):
            err("%s: bad situation %r" % (fn, info.get("situation")))
    if set(fmts) != set(FORMAT_EXT) or min(fmts.values() or [0]) < 2:
        err("formats must be the five formats, each used at least twice: %s" % dict(fmts))
    for n, c in names.items():
        if c > 1:
            err("participant %r appears in %d files" % (n, c))

    sits = key["situations"]
    want = {"S1": 6, "S2": 4, "S3": 2}
    if sorted(sits) != sorted(want):
        err("situations must be S1, S2, S3: %s" % sorted(sits))
    listed = {}
    for sid, s in sits.items():
        for fld in ("label", "motivation", "outcome", "participants", "files", "keywords"):
            if fld not in s:
                err("%s lacks %s" % (sid, fld))
        if not re.match(r"^When .+, I want .+, so that .+$", s.get("motivation", "")):
            err("%s motivation is not 'When ..., I want ..., so that ...'" % sid)
        kw = s.get("keywords", [])
        if len(kw) != 8 or len(set(kw)) != 8 or not all(isinstance(k, str) and k.strip() for k in kw):
            err("%s must have 8 distinct keywords" % sid)
        ps, fs = s.get("participants", []), s.get("files", [])
        if len(ps) != len(fs):
            err("%s participants/files lengths differ" % sid)
        if sid in want and len(fs) != want[sid]:
            err("%s has %d files, want %d" % (sid, len(fs), want[sid]))
        for p, f in zip(ps, fs):
            if f in listed:
                err("%s listed in %s and %s" % (f, listed[f], sid))
            listed[f] = sid
            if f not in files:
                err("%s lists unknown file %s" % (sid, f))
                continue
            if files[f]["participant"] != p:
                err("%s: %s is %r in files but %r in situation" % (sid, f, files[f]["participant"], p))
            if files[f]["situation"] != sid:
                err("%s: %s has situation %r in files" % (sid, f, files[f]["situation"]))
    for fn, info in files.items():
        if info.get("situation") and listed.get(fn) != info["situation"]:
            err("%s: situation %s but not listed there" % (fn, info["situation"]))
        if info.get("situation") is None and fn in listed:
            err("%s: situation null but listed in %s" % (fn, listed[fn]))
    nulls = [f for f, i in files.items() if i.get("situation") is None]
    if len(nulls) != 2:
        err("want exactly 2 files with no situation, got %d" % len(nulls))
    return True


# ---------------------------------------------------------------- file checks
def check_file(fn, info, forces, seen_iv):
    path = os.path.join(TDIR, fn)
    try:
        text = open(path, encoding="utf-8").read()
        units = PARSERS[info["format"]](text)
    except Exception as e:  # noqa: BLE001
        err("%s: cannot parse as %s: %s" % (fn, info["format"], e))
        return
    speakers = Counter(u["speaker"] for u in units)
    others = [s for s in speakers if s != INTERVIEWER]
    if INTERVIEWER not in speakers:
        err("%s: no Interviewer turns" % fn)
    if len(others) != 1:
        err("%s: want exactly one participant, got %s" % (fn, others))
    elif others[0] != info["participant"]:
        err("%s: participant is %r, key says %r" % (fn, others[0], info["participant"]))
    pname = info["participant"]

    starts = [u["start"] for u in units if u["start"] is not None]
    if starts != sorted(starts):
        err("%s: timestamps go backwards" % fn)

    n_text = sum(words(" ".join(u["lines"])) for u in units)
    n_lab = n_text + sum(words(u["speaker"]) for u in units)
    for label, n in (("text", n_text), ("text+speaker labels", n_lab)):
        if not MIN_WORDS <= n <= MAX_WORDS:
            err("%s: %s word count %d outside %d-%d" % (fn, label, n, MIN_WORDS, MAX_WORDS))

    for u in units:
        if u["speaker"] == INTERVIEWER:
            norm = re.sub(r"\s+", " ", " ".join(u["lines"])).strip().lower()
            if norm in seen_iv:
                err("%s: interviewer turn repeats (%s): %r" % (fn, seen_iv[norm], norm[:70]))
            else:
                seen_iv[norm] = fn

    ptext = [" ".join(u["lines"]) for u in units]
    if sorted(forces) != sorted(FORCE_TYPES):
        err("%s: forces must have exactly %s" % (fn, FORCE_TYPES))
    all_sents = []
    where = {}
    for ft in FORCE_TYPES:
        sents = forces.get(ft, [])
        if len(sents) != 2:
            err("%s: %s has %d sentences, want 2" % (fn, ft, len(sents)))
        for s in sents:
            all_sents.append(s)
            if not isinstance(s, str) or not s:
                err("%s: empty %s sentence" % (fn, ft))
                continue
            if not s[0].isupper() or s[-1] not in ".?!":
                err("%s: %s sentence not Capital...[.?!]: %r" % (fn, ft, s[:60]))
            if '"' in s or "\\" in s or "\n" in s:
                err("%s: %s sentence has quote, backslash or newline: %r" % (fn, ft, s[:60]))
            hits_p = [i for i, u in enumerate(units)
                      if u["speaker"] == pname and any(s in line for line in u["lines"])]
            hits_any_p = [i for i, u in enumerate(units) if u["speaker"] == pname and s in ptext[i]]
            hits_i = [i for i, u in enumerate(units) if u["speaker"] == INTERVIEWER and s in ptext[i]]
            if len(hits_any_p) != 1:
                err("%s: %s sentence found in %d participant units: %r" % (fn, ft, len(hits_any_p), s[:60]))
            elif len(hits_p) != 1:
                err("%s: %s sentence spans lines: %r" % (fn, ft, s[:60]))
            elif ptext[hits_p[0]].count(s) != 1:
                err("%s: %s sentence occurs twice in its unit: %r" % (fn, ft, s[:60]))
            else:
                where[(ft, s)] = hits_p[0]
            if hits_i:
                err("%s: %s sentence appears in an interviewer unit: %r" % (fn, ft, s[:60]))
    if len(set(all_sents)) != len(all_sents):
        err("%s: a sentence is used for more than one force" % fn)

    # genuineness heuristics
    first_prob = next((i for i, u in enumerate(units) if u["speaker"] == INTERVIEWER
                       and any(w in ptext[i].lower() for w in PROBLEM_WORDS)), len(units))
    if not any(i < first_prob for (ft, s), i in where.items() if ft == "push"):
        err("%s: no push told before the interviewer first asks about problems" % fn)
    unprompted = False
    for (ft, s), i in where.items():
        if ft != "habit":
            continue
        prev = next((j for j in range(i - 1, -1, -1) if units[j]["speaker"] == INTERVIEWER), None)
        if prev is None or not any(w in ptext[prev].lower() for w in HABIT_WORDS):
            unprompted = True
    if not unprompted:
        err("%s: every habit sentence answers a question about habits" % fn)
    return n_text, n_lab


def main():
    try:
        key = json.load(open(os.path.join(HERE, "key.json"), encoding="utf-8"))
    except Exception as e:  # noqa: BLE001
        print("cannot read key.json:", e)
        return 1
    tfiles = sorted(os.listdir(TDIR)) if os.path.isdir(TDIR) else []
    if not check_key(key, tfiles):
        for e in errors:
            print("FAIL:", e)
        return 1
    seen_iv = {}
    for fn in sorted(key["files"]):
        if fn not in tfiles:
            err("%s: missing from transcripts/" % fn)
            continue
        res = check_file(fn, key["files"][fn], key["forces"].get(fn, {}), seen_iv)
        if res:
            print("%-22s %-16s %-18s words %4d (with labels %4d)" % (
                fn, key["files"][fn]["format"], key["files"][fn]["participant"], res[0], res[1]))
    if errors:
        for e in errors:
            print("FAIL:", e)
        return 1
    print("ALL OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
