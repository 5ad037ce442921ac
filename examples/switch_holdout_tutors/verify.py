#!/usr/bin/env python3
"""Verify the Tutorly switch-interview holdout set (stdlib only).

Parses every transcript in its own format and checks it against key.json.
Prints ALL OK when every check passes, otherwise lists the problems and exits 1.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TDIR = os.path.join(HERE, "transcripts")
EXT_FORMAT = {"txt": "plain_labels", "srt": "srt_dash", "vtt": "vtt_voice",
              "json": "json_turns", "md": "md_headings"}
WORD_MIN, WORD_MAX = 1100, 1450
FORCES = ("push", "pull", "anxiety", "habit")
SIZES = {"S1": 5, "S2": 5, "S3": 2}
PROBLEM_Q = re.compile(r"problem|wrong|struggl|frustrat|bother|issue|annoy|difficult|hard|badly|chang|pain|worst|stress", re.I)
HABIT_Q = re.compile(r"habit|old way|still|hold|held|stuck|linger|same|used to|keep|kept", re.I)

errors = []


def err(msg):
    errors.append(msg)


def unit(role, speaker, text):
    return {"role": role, "speaker": speaker, "text": text}


def parse_plain(text, fn):
    units = []
    for ln in text.splitlines():
        if not ln.strip():
            continue
        m = re.match(r"^([^:]{1,80}):\s+(.*)$", ln)
        if not m:
            err(f"{fn}: unlabelled line: {ln[:60]!r}")
            continue
        sp = m.group(1).strip()
        units.append(unit("interviewer" if sp == "Interviewer" else "participant", sp, m.group(2)))
    return units


def parse_md(text, fn):
    lines = [l for l in text.splitlines() if l.strip()]
    if not lines or not re.match(r"^# Interview: .+$", lines[0]):
        err(f"{fn}: missing '# Interview: Name' heading")
        head = None
    else:
        head = lines[0][len("# Interview: "):].strip()
    units = []
    for ln in lines[1:]:
        m = re.match(r"^\*\*([^*]+):\*\*\s+(.*)$", ln)
        if not m:
            err(f"{fn}: unlabelled paragraph: {ln[:60]!r}")
            continue
        sp = m.group(1).strip()
        units.append(unit("interviewer" if sp == "Interviewer" else "participant", sp, m.group(2)))
    return units, head


def blocks(text):
    return [b.strip("\n") for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]


def parse_srt(text, fn):
    units = []
    for i, b in enumerate(blocks(text)):
        ls = b.split("\n")
        if len(ls) < 3 or not ls[0].strip().isdigit() or not re.match(
                r"^\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}$", ls[1].strip()):
            err(f"{fn}: malformed SRT cue #{i + 1}")
            continue
        if int(ls[0]) != i + 1:
            err(f"{fn}: SRT cue numbering breaks at {ls[0]}")
        role = "interviewer" if i % 2 == 0 else "participant"
        units.append(unit(role, None, "\n".join(ls[2:])))
    return units


def parse_vtt(text, fn):
    bl = blocks(text)
    if not bl or not bl[0].startswith("WEBVTT"):
        err(f"{fn}: missing WEBVTT header")
        return []
    units = []
    for b in bl[1:]:
        ls = b.split("\n")
        k = next((j for j, l in enumerate(ls) if "-->" in l), None)
        if k is None or not re.match(r"^\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}", ls[k].strip()):
            err(f"{fn}: malformed VTT cue {ls[0][:40]!r}")
            continue
        body = "\n".join(ls[k + 1:])
        m = re.match(r"^<v ([^>]+)>(.*)$", body, re.S)
        if not m:
            err(f"{fn}: VTT cue without voice tag")
            continue
        sp = m.group(1).strip()
        t = re.sub(r"</v>\s*$", "", m.group(2))
        units.append(unit("interviewer" if sp == "Interviewer" else "participant", sp, t))
    return units


def parse_json(text, fn):
    try:
        d = json.loads(text)
        iv = d["interview"]
        name = iv["participant"]["name"]
        units = []
        for t in iv["turns"]:
            if t["speaker"] not in ("interviewer", "participant"):
                err(f"{fn}: bad speaker {t['speaker']!r}")
            units.append(unit(t["speaker"], None if t["speaker"] == "interviewer" else name, t["text"]))
        return units, name
    except (ValueError, KeyError, TypeError) as e:
        err(f"{fn}: bad JSON structure ({e})")
        return [], None


def norm(s):
    return " ".join(s.lower().split())


def main():
    try:
        key = json.load(open(os.path.join(HERE, "key.json"), encoding="utf-8"))
    except Exception as e:  # noqa
        print(f"cannot read key.json: {e}")
        return 1
    for k in ("situations", "forces", "files"):
        if k not in key:
            err(f"key.json lacks '{k}'")
    if errors:
        return report()
    kf, kforces, ksit = key["files"], key["forces"], key["situations"]

    present = sorted(os.listdir(TDIR))
    expected = [f"interview_{i:02d}" for i in range(1, 15)]
    if [os.path.splitext(p)[0] for p in present] != expected:
        err(f"transcripts/ should hold exactly interview_01..interview_14, found {present}")
    if sorted(kf) != present:
        err("key files differ from transcripts/ contents")
    if sorted(kforces) != present:
        err("key forces differ from transcripts/ contents")

    # formats
    fmt_count = {}
    for fn, info in kf.items():
        ext = fn.rsplit(".", 1)[-1]
        if EXT_FORMAT.get(ext) != info.get("format"):
            err(f"{fn}: format {info.get('format')} does not match extension .{ext}")
        fmt_count[info.get("format")] = fmt_count.get(info.get("format"), 0) + 1
    if set(fmt_count) != set(EXT_FORMAT.values()) or min(fmt_count.values()) < 2:
        err(f"formats must be the five formats, each at least twice: {fmt_count}")

    # participants
    names = [info["participant"] for info in kf.values()]
    if len(set(names)) != len(names):
        err("participant names are not unique")
    for n in names:
        if len(n.split()) < 2:
            err(f"participant {n!r} is not a full name")

    # situations
    if sorted(ksit) != sorted(SIZES):
        err(f"situations should be {sorted(SIZES)}")
    seen = {}
    for sid, s in ksit.items():
        for fld in ("label", "motivation", "outcome", "participants", "files", "keywords"):
            if fld not in s:
                err(f"{sid}: missing {fld}")
        if len(s.get("files", [])) != SIZES.get(sid) or len(s.get("participants", [])) != SIZES.get(sid):
            err(f"{sid}: should have {SIZES.get(sid)} files and participants")
        if len(s.get("keywords", [])) != 8:
            err(f"{sid}: needs 8 keywords")
        mot = s.get("motivation", "")
        if not (mot.startswith("When ") and ", I want " in mot and ", so that " in mot):
            err(f"{sid}: motivation is not 'When ..., I want ..., so that ...'")
        for fn, p in zip(s.get("files", []), s.get("participants", [])):
            if fn in seen:
                err(f"{fn} listed in {seen[fn]} and {sid}")
            seen[fn] = sid
            if fn not in kf:
                err(f"{sid}: unknown file {fn}")
            elif kf[fn]["situation"] != sid or kf[fn]["participant"] != p:
                err(f"{sid}: {fn}/{p} disagrees with files entry")
    for fn, info in kf.items():
        if info["situation"] is None and fn in seen:
            err(f"{fn}: situation null but listed in {seen[fn]}")
        if info["situation"] is not None and seen.get(fn) != info["situation"]:
            err(f"{fn}: situation {info['situation']} but not listed there")
    nulls = [fn for fn, i in kf.items() if i["situation"] is None]
    if len(nulls) != 2:
        err(f"expected 2 files in no situation, found {len(nulls)}")

    # transcripts
    all_iv = {}
    for fn in present:
        if fn not in kf:
            continue
        text = open(os.path.join(TDIR, fn), encoding="utf-8").read()
        fmt = kf[fn]["format"]
        name = kf[fn]["participant"]
        head = None
        if fmt == "plain_labels":
            units = parse_plain(text, fn)
        elif fmt == "md_headings":
            units, head = parse_md(text, fn)
        elif fmt == "srt_dash":
            units = parse_srt(text, fn)
        elif fmt == "vtt_voice":
            units = parse_vtt(text, fn)
        else:
            units, head = parse_json(text, fn)
        if not units:
            err(f"{fn}: no turns parsed")
            continue
        if head is not None and head != name:
            err(f"{fn}: header/participant name {head!r} != key {name!r}")
        speakers = {u["speaker"] for u in units if u["role"] == "participant"}
        if fmt == "srt_dash":
            if name not in units[0]["text"]:
                err(f"{fn}: first cue does not greet {name}")
        elif speakers != {name}:
            err(f"{fn}: participant speakers {speakers} != {{{name!r}}}")
        labels = {u["speaker"] for u in units if u["role"] == "interviewer"} - {None}
        if labels - {"Interviewer"}:
            err(f"{fn}: unexpected interviewer labels {labels}")
        for i, u in enumerate(units):
            if u["role"] != ("interviewer" if i % 2 == 0 else "participant"):
                err(f"{fn}: turns do not alternate at turn {i + 1}")
                break
        words = sum(len(u["text"].split()) for u in units)
        if not WORD_MIN <= words <= WORD_MAX:
            err(f"{fn}: {words} words, outside {WORD_MIN}-{WORD_MAX}")
        for u in units:
            if u["role"] == "interviewer":
                k = norm(u["text"])
                if k in all_iv:
                    err(f"interviewer turn repeated in {all_iv[k]} and {fn}: {u['text']!r}")
                all_iv.setdefault(k, fn)

        # forces
        fc = kforces.get(fn, {})
        if sorted(fc) != sorted(FORCES):
            err(f"{fn}: forces must be exactly {FORCES}")
        allsent = []
        first_push_idx = []
        habit_unprompted = False
        for force in FORCES:
            sents = fc.get(force, [])
            if len(sents) != 2:
                err(f"{fn}: {force} has {len(sents)} sentences, needs 2")
            for s in sents:
                allsent.append(s)
                if not s or not s[0].isupper() or s[-1] not in ".?!" or '"' in s or "\\" in s or "\n" in s:
                    err(f"{fn}: malformed {force} sentence {s!r}")
                pu = [i for i, u in enumerate(units) if u["role"] == "participant" and s in u["text"]]
                iu = [i for i, u in enumerate(units) if u["role"] == "interviewer" and s in u["text"]]
                if len(pu) != 1:
                    err(f"{fn}: {force} sentence in {len(pu)} participant units: {s[:50]!r}")
                if iu:
                    err(f"{fn}: {force} sentence found in interviewer unit: {s[:50]!r}")
                if len(pu) == 1:
                    t = units[pu[0]]["text"]
                    if t.count(s) != 1:
                        err(f"{fn}: {force} sentence occurs {t.count(s)} times in its unit")
                    if not any(s in ln for ln in t.split("\n")):
                        err(f"{fn}: {force} sentence spans lines: {s[:50]!r}")
                    if force == "push":
                        first_push_idx.append(pu[0])
                    if force == "habit" and not HABIT_Q.search(units[pu[0] - 1]["text"]):
                        habit_unprompted = True
        if len(set(allsent)) != len(allsent):
            err(f"{fn}: a sentence is used twice in forces")
        if first_push_idx:
            j = min(first_push_idx)
            if any(PROBLEM_Q.search(u["text"]) for u in units[:j] if u["role"] == "interviewer"):
                err(f"{fn}: no push told before the interviewer asks about problems")
        if not habit_unprompted:
            err(f"{fn}: every habit follows a habit-style question")
    return report()


def report():
    if errors:
        for e in errors:
            print("FAIL:", e)
        print(f"{len(errors)} problem(s)")
        return 1
    print("ALL OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
