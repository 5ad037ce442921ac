#!/usr/bin/env python3
"""Verify the Hivekeep fictional switch-interview test set (stdlib only).

Run from anywhere:  python3 verify.py
Prints every problem found, then ALL OK if there were none.
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
TDIR = os.path.join(ROOT, "transcripts")
FORMATS = {"ai_json": ".json", "otter": ".txt", "vtt_voice": ".vtt", "plain_labels": ".txt"}
FORCES = ("push", "pull", "anxiety", "habit")
WORD_MIN, WORD_MAX = 1100, 1450
SIT_SIZES = {"S1": 5, "S2": 4, "S3": 2}
INTERVIEWER = "Interviewer"
HABIT_PROMPT_WORDS = ("habit", "old way", "old approach", "old routine", "held onto", "hold onto",
                      "carried over", "stayed", "kept any", "let go", "retired", "still do",
                      "before this", "before all this")

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- parsers
# Each parser returns (participant_name_or_None, units); a unit is (speaker, text),
# speaker being "I" (interviewer) or the participant's name (or "P" where the format has no names).

def parse_ai_json(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    if set(d) != {"study", "participant", "transcript"}:
        err("%s: unexpected top-level keys %s" % (path, sorted(d)))
    name = d.get("participant", {}).get("display_name")
    units = []
    for i, t in enumerate(d.get("transcript", [])):
        role, text = t.get("role"), t.get("text")
        if role not in ("assistant", "user") or not isinstance(text, str):
            err("%s: bad transcript entry %d" % (path, i))
            continue
        units.append(("I" if role == "assistant" else name, text))
    return name, units


OTTER_HEAD = re.compile(r"^(.+?)  (\d+):([0-5]\d)$")


def parse_otter(path):
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    units, last_t = [], -1
    for block in re.split(r"\n\s*\n", raw.strip()):
        lines = block.split("\n")
        m = OTTER_HEAD.match(lines[0])
        if not m or len(lines) < 2:
            err("%s: bad otter block starting %r" % (path, lines[0][:60]))
            continue
        t = int(m.group(2)) * 60 + int(m.group(3))
        if t < last_t:
            err("%s: timestamps go backwards at %s" % (path, lines[0]))
        last_t = t
        who = m.group(1)
        units.append(("I" if who == INTERVIEWER else who, " ".join(l.strip() for l in lines[1:])))
    names = {s for s, _ in units if s != "I"}
    return (next(iter(names)) if len(names) == 1 else None), units


VTT_TIME = re.compile(r"^\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}")
VTT_VOICE = re.compile(r"^<v ([^>]+)>(.*?)(?:</v>)?$")


def parse_vtt(path):
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    blocks = re.split(r"\n\s*\n", raw.strip())
    if not blocks or not blocks[0].startswith("WEBVTT"):
        err("%s: missing WEBVTT header" % path)
    units = []
    for block in blocks[1:]:
        lines = block.split("\n")
        if lines and not VTT_TIME.match(lines[0]):
            lines = lines[1:]  # cue identifier
        if not lines or not VTT_TIME.match(lines[0]):
            err("%s: cue without timing: %r" % (path, block[:60]))
            continue
        text_lines = lines[1:]
        if len(text_lines) != 1:
            err("%s: cue text should be one line: %r" % (path, block[:60]))
        if not text_lines:
            continue
        m = VTT_VOICE.match(text_lines[0])
        if not m:
            err("%s: cue without <v Speaker>: %r" % (path, text_lines[0][:60]))
            continue
        who = m.group(1).strip()
        units.append(("I" if who == INTERVIEWER else who, m.group(2).strip()))
    names = {s for s, _ in units if s != "I"}
    return (next(iter(names)) if len(names) == 1 else None), units


PLAIN_HEAD = re.compile(r"^Interview with (.+?), (.+)$")


def parse_plain(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    m = PLAIN_HEAD.match(lines[0]) if lines else None
    if not m:
        err("%s: bad header line" % path)
        return None, []
    if len(lines) < 2 or lines[1].strip():
        err("%s: header must be followed by a blank line" % path)
    name, units = m.group(1), []
    for ln in lines[2:]:
        if not ln.strip():
            continue
        if ln.startswith("Q: "):
            units.append(("I", ln[3:].strip()))
        elif ln.startswith("A: "):
            units.append((name, ln[3:].strip()))
        else:
            err("%s: line is neither Q: nor A: %r" % (path, ln[:60]))
    return name, units


PARSERS = {"ai_json": parse_ai_json, "otter": parse_otter, "vtt_voice": parse_vtt, "plain_labels": parse_plain}


def turns_of(units):
    """Merge consecutive units by the same speaker into turns."""
    out = []
    for who, text in units:
        if out and out[-1][0] == who:
            out[-1] = (who, out[-1][1] + " " + text)
        else:
            out.append((who, text))
    return out


def norm(s):
    return re.sub(r"\s+", " ", s.strip()).lower()


def occurrences(sentence, text):
    """Occurrences of sentence in text as a whole sentence (bounded by start/end or whitespace)."""
    return len(re.findall(r"(?:(?<=\s)|^)" + re.escape(sentence) + r"(?=\s|$)", text))


# ---------------------------------------------------------------- checks
def main():
    kpath = os.path.join(ROOT, "key.json")
    with open(kpath, encoding="utf-8") as f:
        key = json.load(f)
    if set(key) != {"situations", "forces", "files"}:
        err("key.json: top-level keys should be situations, forces, files")
    kfiles, kforces, ksits = key.get("files", {}), key.get("forces", {}), key.get("situations", {})

    on_disk = sorted(os.listdir(TDIR))
    expected_stems = ["interview_%02d" % i for i in range(1, 14)]
    if sorted(os.path.splitext(f)[0] for f in on_disk) != expected_stems:
        err("transcripts/: expected exactly interview_01..interview_13, found %s" % on_disk)
    if sorted(kfiles) != on_disk:
        err("key.files does not match transcripts/ (%s vs %s)" % (sorted(kfiles), on_disk))
    if sorted(kforces) != on_disk:
        err("key.forces does not match transcripts/")

    # formats
    fmt_count = {f: 0 for f in FORMATS}
    for fn, meta in kfiles.items():
        fmt = meta.get("format")
        if fmt not in FORMATS:
            err("%s: unknown format %r" % (fn, fmt))
            continue
        fmt_count[fmt] += 1
        if not fn.endswith(FORMATS[fmt]):
            err("%s: extension does not fit format %s" % (fn, fmt))
    for fmt, n in fmt_count.items():
        if n < 3:
            err("format %s used %d times (<3)" % (fmt, n))

    # participants
    names = [m.get("participant", "") for m in kfiles.values()]
    if len(set(names)) != len(names):
        err("participants are not all different")
    for n in names:
        if len(n.split()) < 2 or not all(p[0].isupper() for p in n.replace("-", " ").split()):
            err("participant %r is not a full name" % n)

    # situations
    if sorted(ksits) != sorted(SIT_SIZES):
        err("situations should be %s" % sorted(SIT_SIZES))
    listed = {}
    for sid, s in ksits.items():
        for fld in ("label", "motivation", "outcome", "participants", "files", "keywords"):
            if fld not in s:
                err("%s: missing %s" % (sid, fld))
        mot = s.get("motivation", "")
        if not (mot.startswith("When ") and ", I want " in mot and ", so that " in mot):
            err("%s: motivation not in When/I want/so that form" % sid)
        if len(s.get("keywords", [])) != 8:
            err("%s: needs 8 keywords" % sid)
        ps, fs = s.get("participants", []), s.get("files", [])
        if len(fs) != SIT_SIZES.get(sid) or len(ps) != len(fs):
            err("%s: expected %s participants/files, got %d/%d" % (sid, SIT_SIZES.get(sid), len(ps), len(fs)))
        for p, fn in zip(ps, fs):
            meta = kfiles.get(fn)
            if not meta:
                err("%s: file %s not in key.files" % (sid, fn))
                continue
            if meta.get("participant") != p:
                err("%s: %s is %r in key.files, %r in situation" % (sid, fn, meta.get("participant"), p))
            if meta.get("situation") != sid:
                err("%s: %s has situation %r in key.files" % (sid, fn, meta.get("situation")))
            if fn in listed:
                err("%s listed in both %s and %s" % (fn, listed[fn], sid))
            listed[fn] = sid
    for fn, meta in kfiles.items():
        sit = meta.get("situation")
        if sit is None:
            if fn in listed:
                err("%s: situation null but listed under %s" % (fn, listed[fn]))
        elif listed.get(fn) != sit:
            err("%s: situation %s but not in that situation's lists" % (fn, sit))
    if sum(1 for m in kfiles.values() if m.get("situation") is None) != 13 - sum(SIT_SIZES.values()):
        err("expected %d files with no situation" % (13 - sum(SIT_SIZES.values())))

    # per-file
    seen_iv = {}
    for fn in on_disk:
        meta = kfiles.get(fn, {})
        fmt = meta.get("format")
        if fmt not in PARSERS:
            continue
        path = os.path.join(TDIR, fn)
        name, units = PARSERS[fmt](path)
        if not units:
            err("%s: no turns parsed" % fn)
            continue
        speakers = {s for s, _ in units if s != "I"}
        if len(speakers) != 1:
            err("%s: expected exactly one participant, found %s" % (fn, sorted(map(str, speakers))))
        if name != meta.get("participant"):
            err("%s: participant in file %r != key %r" % (fn, name, meta.get("participant")))
        if any(s not in ("I", name) for s, _ in units):
            err("%s: speaker other than interviewer and participant" % fn)
        for s, text in units:
            if "\n" in text:
                err("%s: unit text spans lines" % fn)
        words = sum(len(t.split()) for _, t in units)
        if not WORD_MIN <= words <= WORD_MAX:
            err("%s: %d words, outside %d-%d" % (fn, words, WORD_MIN, WORD_MAX))
        turns = turns_of(units)
        for who, text in turns:
            if who == "I":
                k = norm(text)
                if k in seen_iv:
                    err("%s: interviewer turn repeats one in %s: %r" % (fn, seen_iv[k], text[:60]))
                else:
                    seen_iv[k] = fn
        p_units = [t for s, t in units if s != "I"]
        i_units = [t for s, t in units if s == "I"]

        forces = kforces.get(fn, {})
        if sorted(forces) != sorted(FORCES):
            err("%s: forces should be exactly %s" % (fn, FORCES))
        all_sents = []
        for force in FORCES:
            sents = forces.get(force, [])
            if len(sents) != 2:
                err("%s: %s needs exactly 2 sentences, has %d" % (fn, force, len(sents)))
            for s in sents:
                all_sents.append(s)
                if not s or not s[0].isupper() or s[-1] not in ".?!":
                    err("%s/%s: not a capitalised sentence ending in . ? !: %r" % (fn, force, s))
                if '"' in s or "\\" in s or "\n" in s:
                    err("%s/%s: contains quote, backslash or newline: %r" % (fn, force, s))
                hits = [occurrences(s, u) for u in p_units]
                if sum(hits) != 1 or sum(1 for h in hits if h) != 1:
                    err("%s/%s: found %d times in participant units: %r" % (fn, force, sum(hits), s))
                if any(s in u for u in i_units):
                    err("%s/%s: appears in an interviewer unit: %r" % (fn, force, s))
        if len(set(all_sents)) != len(all_sents):
            err("%s: a sentence is used for more than one force" % fn)

        # genuineness checks on turns
        p_turns = [(i, t) for i, (s, t) in enumerate(turns) if s != "I"]
        opening = " ".join(t for _, t in p_turns[:2])
        if not any(occurrences(s, opening) for s in forces.get("push", [])):
            err("%s: no push sentence in the participant's opening answers" % fn)
        unprompted = False
        for s in forces.get("habit", []):
            for i, t in p_turns:
                if occurrences(s, t):
                    prev = turns[i - 1][1].lower() if i > 0 and turns[i - 1][0] == "I" else ""
                    if not any(w in prev for w in HABIT_PROMPT_WORDS):
                        unprompted = True
        if not unprompted:
            err("%s: every habit sentence follows a question about habits / the old way" % fn)

    if errors:
        for e in errors:
            print("FAIL:", e)
        print("%d problem(s)" % len(errors))
        return 1
    print("ALL OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
