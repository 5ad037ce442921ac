#!/usr/bin/env python3
"""Self-check for the Petalbook switch-interview hold-out set.

Parses every transcript in its own format (stdlib only) and checks it against
key.json. Prints one line per problem and ends with ALL OK when none is found.
Usage: python3 verify.py [path/to/set]   (defaults to this file's folder)
"""
import csv
import io
import json
import os
import re
import sys
from collections import Counter

WORD_MIN, WORD_MAX = 1100, 1450
SITUATION_SIZES = {"S1": 5, "S2": 3, "S3": 2, "S4": 2}
EXT = {"fireflies": ".txt", "vtt_voice": ".vtt", "srt_caps": ".srt",
       "csv_rows": ".csv", "docx_like_txt": ".txt"}
FORCES = ("push", "pull", "anxiety", "habit")
N_FILES = 14

problems = []


def bad(msg):
    problems.append(msg)


# ---------------------------------------------------------------- parsers
# Each parser returns (units, meta). A unit is a dict:
#   role: "interviewer" | "participant"; name: speaker label as written
#   (None if the format has no name); text: the spoken text of the unit.
# meta holds what the format says about the people (names, labels).

def parse_fireflies(raw):
    lines = raw.splitlines()
    meta = {}
    m = re.match(r"^Interviewer: (.+)$", lines[0]) if lines else None
    if not m:
        raise ValueError("first line is not 'Interviewer: Full Name'")
    iv = m.group(1).strip()
    meta["interviewer"] = iv
    units = []
    for i, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        m = re.match(r"^\[(\d\d):([0-5]\d):([0-5]\d)\] ([^:\[\]]+): (.+)$", line)
        if not m:
            raise ValueError("line %d is not '[hh:mm:ss] Name: text'" % i)
        name = m.group(4).strip()
        units.append({"role": "interviewer" if name == iv else "participant",
                      "name": name, "text": m.group(5).strip(), "line": i})
    return units, meta


def _cue_blocks(raw):
    return [b for b in re.split(r"\n\s*\n", raw.replace("\r\n", "\n").strip()) if b.strip()]


def parse_vtt(raw):
    blocks = _cue_blocks(raw)
    if not blocks or not blocks[0].startswith("WEBVTT"):
        raise ValueError("missing WEBVTT header")
    units, names = [], []
    for b in blocks[1:]:
        ls = b.split("\n")
        ti = next((k for k, l in enumerate(ls) if "-->" in l), None)
        if ti is None:
            if ls[0].startswith(("NOTE", "STYLE", "REGION")):
                continue
            raise ValueError("cue without timing: %r" % ls[0][:40])
        if not re.match(r"^\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}", ls[ti]):
            raise ValueError("bad timing line %r" % ls[ti])
        text_lines = ls[ti + 1:]
        if len(text_lines) != 1:
            raise ValueError("cue text is not exactly one line: %r" % ls[ti])
        m = re.match(r"^<v(?:\.[\w.-]+)? ([^>]+)>(.*?)(?:</v>)?$", text_lines[0])
        if not m:
            raise ValueError("cue without <v Name> tag: %r" % text_lines[0][:50])
        names.append(m.group(1).strip())
        units.append({"role": None, "name": m.group(1).strip(),
                      "text": re.sub(r"<[^>]+>", "", m.group(2)).strip()})
    # Interviewer: the speaker of the first cue (the interviewer opens every file).
    iv = units[0]["name"] if units else None
    for u in units:
        u["role"] = "interviewer" if u["name"] == iv else "participant"
    return units, {"interviewer": iv}


def parse_srt(raw):
    units = []
    for b in _cue_blocks(raw):
        ls = b.split("\n")
        if len(ls) != 3:
            raise ValueError("SRT block is not index/timing/one text line: %r" % ls[0])
        if not ls[0].strip().isdigit():
            raise ValueError("bad SRT index %r" % ls[0])
        if not re.match(r"^\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}$", ls[1].strip()):
            raise ValueError("bad SRT timing %r" % ls[1])
        m = re.match(r"^([A-Z][A-Z'\-]*): (.+)$", ls[2])
        if not m:
            raise ValueError("SRT text without CAPS: prefix %r" % ls[2][:40])
        lab = m.group(1)
        units.append({"role": "interviewer" if lab == "INTERVIEWER" else "participant",
                      "name": lab, "text": m.group(2).strip()})
    return units, {}


def parse_csv(raw):
    rdr = csv.reader(io.StringIO(raw, newline=""))
    rows = list(rdr)
    if not rows or rows[0] != ["speaker", "start", "end", "text"]:
        raise ValueError("CSV header is not speaker,start,end,text")
    units = []
    for i, r in enumerate(rows[1:], 2):
        if len(r) != 4:
            raise ValueError("CSV row %d has %d fields" % (i, len(r)))
        if "\n" in r[3]:
            raise ValueError("CSV row %d text spans lines" % i)
        units.append({"role": "interviewer" if r[0] == "Interviewer" else "participant",
                      "name": r[0], "text": r[3].strip()})
    return units, {}


def parse_docx_like(raw):
    lines = raw.replace("\r\n", "\n").split("\n")
    m = re.match(r"^Interview with (.+)$", lines[0]) if lines else None
    if not m:
        raise ValueError("first line is not 'Interview with Full Name'")
    if len(lines) < 3 or not re.search(r"\d{4}", lines[1]) or lines[2].strip():
        raise ValueError("second line must be a date line and third line blank")
    units = []
    for i, line in enumerate(lines[3:], 4):
        if not line.strip():
            continue
        if line.startswith("Q: "):
            units.append({"role": "interviewer", "name": None, "text": line[3:].strip()})
        elif line.startswith("A: "):
            units.append({"role": "participant", "name": None, "text": line[3:].strip()})
        else:
            raise ValueError("line %d is neither a Q: nor an A: paragraph" % i)
    return units, {"title_name": m.group(1).strip()}


PARSERS = {"fireflies": parse_fireflies, "vtt_voice": parse_vtt, "srt_caps": parse_srt,
           "csv_rows": parse_csv, "docx_like_txt": parse_docx_like}


def turns(units):
    """Merge consecutive units of the same role into turns."""
    out = []
    for u in units:
        if out and out[-1][0] == u["role"]:
            out[-1][1].append(u["text"])
        else:
            out.append((u["role"], [u["text"]]))
    return [(r, " ".join(t)) for r, t in out]


def norm(s):
    return re.sub(r"\s+", " ", s).strip().lower()


# ---------------------------------------------------------------- checks

def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    tdir = os.path.join(root, "transcripts")
    key = json.load(open(os.path.join(root, "key.json"), encoding="utf-8"))
    for part in ("situations", "forces", "files"):
        if part not in key:
            bad("key.json lacks %r" % part)
    if problems:
        return report()
    kfiles, kforces, ksits = key["files"], key["forces"], key["situations"]

    on_disk = sorted(os.listdir(tdir))
    expected_stems = ["interview_%02d" % i for i in range(1, N_FILES + 1)]
    stems = [os.path.splitext(f)[0] for f in on_disk]
    if sorted(stems) != expected_stems:
        bad("transcripts/ should hold exactly interview_01..interview_%02d, one file each; found %s" % (N_FILES, on_disk))
    if sorted(kfiles) != on_disk:
        bad("key files %s differ from transcripts/ %s" % (sorted(kfiles), on_disk))
    if sorted(kforces) != on_disk:
        bad("key forces cover %s, transcripts/ has %s" % (sorted(kforces), on_disk))

    fmt_count = Counter()
    participants = []
    iv_turns = {}
    words_report = []
    for fn in on_disk:
        info = kfiles.get(fn)
        if not info:
            continue
        fmt, who = info.get("format"), info.get("participant", "")
        fmt_count[fmt] += 1
        participants.append(who)
        if fmt not in PARSERS:
            bad("%s: unknown format %r" % (fn, fmt)); continue
        if not fn.endswith(EXT[fmt]):
            bad("%s: extension does not fit format %s (%s)" % (fn, fmt, EXT[fmt]))
        if len(who.split()) < 2:
            bad("%s: participant %r is not a full name" % (fn, who))
        raw = open(os.path.join(tdir, fn), encoding="utf-8", newline="").read()
        try:
            units, meta = PARSERS[fmt](raw)
        except ValueError as e:
            bad("%s: cannot parse as %s: %s" % (fn, fmt, e)); continue
        if not units:
            bad("%s: no units" % fn); continue
        if units[0]["role"] != "interviewer":
            bad("%s: first unit is not the interviewer" % fn)

        # exactly one participant, named as the key says
        pnames = {u["name"] for u in units if u["role"] == "participant"}
        inames = {u["name"] for u in units if u["role"] == "interviewer"}
        if fmt in ("fireflies", "vtt_voice"):
            iv = meta.get("interviewer")
            if not iv or len(iv.split()) < 2:
                bad("%s: interviewer %r is not a full name" % (fn, iv))
            if pnames != {who}:
                bad("%s: participant speakers %s, key says %r" % (fn, sorted(pnames), who))
            if iv == who:
                bad("%s: interviewer and participant share a name" % fn)
        elif fmt == "srt_caps":
            if inames != {"INTERVIEWER"}:
                bad("%s: interviewer labels %s" % (fn, sorted(inames)))
            if pnames != {who.split()[0].upper()}:
                bad("%s: participant labels %s, expected %s" % (fn, sorted(pnames), who.split()[0].upper()))
        elif fmt == "csv_rows":
            if inames != {"Interviewer"}:
                bad("%s: interviewer speaker values %s" % (fn, sorted(inames)))
            if pnames != {who}:
                bad("%s: participant speaker values %s, key says %r" % (fn, sorted(pnames), who))
        elif fmt == "docx_like_txt":
            if meta.get("title_name") != who:
                bad("%s: title names %r, key says %r" % (fn, meta.get("title_name"), who))
        if not any(u["role"] == "participant" for u in units):
            bad("%s: no participant speech" % fn)

        # word count over everything said (interviewer + participant)
        n_words = sum(len(u["text"].split()) for u in units)
        words_report.append((fn, n_words))
        if not WORD_MIN <= n_words <= WORD_MAX:
            bad("%s: %d spoken words, outside %d-%d" % (fn, n_words, WORD_MIN, WORD_MAX))

        # interviewer turns, for the across-set repeat check
        tlist = turns(units)
        for r, t in tlist:
            if r == "interviewer":
                iv_turns.setdefault(norm(t), []).append(fn)

        # forces
        fz = kforces.get(fn, {})
        if sorted(fz) != sorted(FORCES):
            bad("%s: forces keys %s" % (fn, sorted(fz)))
        seen = set()
        p_units = [u["text"] for u in units if u["role"] == "participant"]
        i_units = [u["text"] for u in units if u["role"] == "interviewer"]
        for force in FORCES:
            sents = fz.get(force, [])
            if len(sents) != 2:
                bad("%s: %s has %d sentences, expected 2" % (fn, force, len(sents)))
            for s in sents:
                tag = "%s %s %r" % (fn, force, s[:50])
                if s in seen:
                    bad("%s: listed twice" % tag)
                seen.add(s)
                if not re.match(r"^[A-Z]", s) or s[-1] not in ".?!":
                    bad("%s: must start with a capital and end with . ? or !" % tag)
                if '"' in s or "\\" in s or "\n" in s:
                    bad("%s: contains a double quote, backslash or line break" % tag)
                hits = [t for t in p_units if s in t]
                if len(hits) != 1:
                    bad("%s: found in %d participant units (need exactly 1)" % (tag, len(hits)))
                elif hits[0].count(s) != 1:
                    bad("%s: occurs more than once in its unit" % tag)
                if any(s in t for t in i_units):
                    bad("%s: appears in an interviewer unit" % tag)
        # at least one push told in the participant's opening answers
        # (the first two participant turns)
        pturns = [t for r, t in tlist if r == "participant"][:2]
        if not any(s in t for s in fz.get("push", []) for t in pturns):
            bad("%s: no push sentence in the participant's first two turns" % fn)

    # no interviewer turn repeats across the set
    for t, fns in iv_turns.items():
        if len(fns) > 1:
            bad("interviewer turn repeats in %s: %r" % (fns, t[:60]))

    # formats: five, each at least twice
    for f in EXT:
        if fmt_count[f] < 2:
            bad("format %s used %d times (need at least 2)" % (f, fmt_count[f]))

    # participants distinct
    for name, c in Counter(participants).items():
        if c > 1:
            bad("participant %r appears in %d files" % (name, c))

    # situations agree with files
    if sorted(ksits) != sorted(SITUATION_SIZES):
        bad("situations are %s, expected %s" % (sorted(ksits), sorted(SITUATION_SIZES)))
    listed = []
    for sid, s in ksits.items():
        for fld in ("label", "motivation", "outcome", "participants", "files", "keywords"):
            if fld not in s:
                bad("%s lacks %s" % (sid, fld))
        if problems and any(p.startswith(sid + " lacks") for p in problems):
            continue
        if not re.match(r"^When .+, I want .+, so that .+$", s["motivation"]):
            bad("%s: motivation is not 'When ..., I want ..., so that ...'" % sid)
        if not s["label"].strip() or not s["outcome"].strip():
            bad("%s: empty label or outcome" % sid)
        kw = s["keywords"]
        if len(kw) != 8 or len(set(kw)) != 8 or not all(isinstance(k, str) and k.strip() for k in kw):
            bad("%s: needs 8 distinct keyword phrases" % sid)
        if len(s["files"]) != SITUATION_SIZES.get(sid, -1):
            bad("%s: %d files, expected %s" % (sid, len(s["files"]), SITUATION_SIZES.get(sid)))
        if len(s["files"]) != len(s["participants"]):
            bad("%s: files and participants differ in length" % sid)
        for fn, who in zip(s["files"], s["participants"]):
            listed.append(fn)
            info = kfiles.get(fn)
            if not info:
                bad("%s lists unknown file %s" % (sid, fn)); continue
            if info["participant"] != who:
                bad("%s: %s is %r in files, %r in situation" % (sid, fn, info["participant"], who))
            if info["situation"] != sid:
                bad("%s: %s has situation %r in files" % (sid, fn, info["situation"]))
    for fn, info in kfiles.items():
        sid = info.get("situation")
        if sid is None:
            if fn in listed:
                bad("%s has no situation but is listed in one" % fn)
        elif sid not in ksits:
            bad("%s: unknown situation %r" % (fn, sid))
        elif fn not in ksits[sid]["files"]:
            bad("%s: situation %s does not list it" % (fn, sid))
    if Counter(listed) and max(Counter(listed).values()) > 1:
        bad("a file is listed in more than one situation")
    n_none = sum(1 for v in kfiles.values() if v.get("situation") is None)
    if n_none != N_FILES - sum(SITUATION_SIZES.values()):
        bad("%d files without situation, expected %d" % (n_none, N_FILES - sum(SITUATION_SIZES.values())))

    for fn, n in words_report:
        print("%-20s %-14s %5d words" % (fn, kfiles[fn]["format"], n))
    return report()


def report():
    for p in problems:
        print("PROBLEM:", p)
    if problems:
        print("%d problem(s)" % len(problems))
        return 1
    print("ALL OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
