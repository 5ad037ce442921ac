#!/usr/bin/env python3
"""Self-check for the Larder JTBD switch-interview holdout set (stdlib only).

Parses every transcript in its own format (independently of any build script)
and checks it against key.json. Prints one line per problem, then ALL OK or
FAILED. Exit status 0 only when everything passes.

Definitions used here:
  unit   - the smallest timed piece of a file: a turn (otter, rev, csv, json)
           or a caption cue (sbv).
  turn   - one speaker's uninterrupted stretch; in sbv, a named cue plus the
           unnamed continuation cues after it.
  words  - whitespace-separated tokens of the spoken text only (no speaker
           labels, no timestamps). A second count that also includes the
           speaker labels is checked against the same range.
"""
import csv
import io
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
TDIR = os.path.join(ROOT, 'transcripts')
WORD_MIN, WORD_MAX = 1100, 1450
FORMATS = {'otter': '.txt', 'rev': '.txt', 'sbv': '.sbv', 'csv': '.csv', 'json': '.json'}
FORCES = ('push', 'pull', 'anxiety', 'habit')
INTERVIEWER = 'Interviewer'
NAME = r"(?:[A-Z][A-Za-z'\-]+ )+[A-Z][A-Za-z'\-]+|Interviewer"
# words that would mean the interviewer had already asked about problems / habits
PROBLEM_Q = re.compile(r"\b(problem|wrong|struggl|difficult|frustrat|issue|trouble|bad|pain|went badly|worst)", re.I)
HABIT_Q = re.compile(r"\b(habit|old way|still|kept|keep|go back|hang on|hold on|let go|leftover|hung over|"
                     r"hasn't changed|didn't change|old days|before|used to|routine|miss)", re.I)

errors = []


def err(msg):
    errors.append(msg)


class Unit:
    def __init__(self, speaker, start, lines):
        self.speaker = speaker
        self.start = start
        self.lines = lines          # list of text lines (labels stripped)

    @property
    def text(self):
        return ' '.join(self.lines)


def blocks(raw):
    return [b for b in re.split(r'\n[ \t]*\n', raw.strip('\n')) if b.strip()]


def parse_otter(raw, fn):
    units = []
    for b in blocks(raw):
        ls = b.split('\n')
        m = re.fullmatch(r'(%s)  (\d+):([0-5]\d)' % NAME, ls[0])
        if not m:
            err(f'{fn}: bad otter header line {ls[0]!r}')
            continue
        if len(ls) < 2:
            err(f'{fn}: otter turn with no text after {ls[0]!r}')
        units.append(Unit(m.group(1), int(m.group(2)) * 60 + int(m.group(3)), [l.strip() for l in ls[1:]]))
    return units, [[u] for u in units]


def parse_rev(raw, fn):
    units = []
    for b in blocks(raw):
        ls = b.split('\n')
        m = re.fullmatch(r'(%s) \((\d{2}):([0-5]\d):([0-5]\d)\):' % NAME, ls[0])
        if not m:
            err(f'{fn}: bad rev header line {ls[0]!r}')
            continue
        if len(ls) < 2:
            err(f'{fn}: rev turn with no text after {ls[0]!r}')
        h, mi, s = int(m.group(2)), int(m.group(3)), int(m.group(4))
        units.append(Unit(m.group(1), h * 3600 + mi * 60 + s, [l.strip() for l in ls[1:]]))
    return units, [[u] for u in units]


def sbv_time(h, m, s, ms):
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def parse_sbv(raw, fn):
    units, turns, speaker = [], [], None
    for b in blocks(raw):
        ls = b.split('\n')
        m = re.fullmatch(r'(\d+):([0-5]\d):([0-5]\d)\.(\d{3}),(\d+):([0-5]\d):([0-5]\d)\.(\d{3})', ls[0])
        if not m:
            err(f'{fn}: bad sbv timing line {ls[0]!r}')
            continue
        start, end = sbv_time(*m.groups()[:4]), sbv_time(*m.groups()[4:])
        if end <= start:
            err(f'{fn}: sbv cue ends before it starts at {ls[0]}')
        caps = ls[1:]
        if not 1 <= len(caps) <= 2:
            err(f'{fn}: sbv cue at {ls[0]} has {len(caps)} caption lines (want 1 or 2)')
        if not caps:
            continue
        n = re.match(r'(%s): ' % NAME, caps[0])
        if n:
            speaker = n.group(1)
            caps = [caps[0][n.end():]] + caps[1:]
            turns.append([])
        elif speaker is None:
            err(f'{fn}: first sbv cue has no speaker name')
            continue
        u = Unit(speaker, start, [c.strip() for c in caps])
        units.append(u)
        turns[-1].append(u)
    return units, turns


def parse_csv(raw, fn):
    # RFC 4180: let the csv module handle quoting, embedded commas and CRLF
    rows = list(csv.reader(io.StringIO(raw, newline='')))
    if not rows or rows[0] != ['timestamp', 'speaker', 'text']:
        err(f'{fn}: csv header is {rows[0] if rows else None!r}')
        return [], []
    if '\r\n' not in raw:
        err(f'{fn}: csv does not use CRLF record separators (RFC 4180)')
    units = []
    for i, r in enumerate(rows[1:], 2):
        if not r:
            continue
        if len(r) != 3:
            err(f'{fn}: csv row {i} has {len(r)} fields')
            continue
        m = re.fullmatch(r'(\d{2}):([0-5]\d):([0-5]\d)', r[0])
        if not m:
            err(f'{fn}: csv row {i} bad timestamp {r[0]!r}')
            continue
        if not re.fullmatch(NAME, r[1]):
            err(f'{fn}: csv row {i} bad speaker {r[1]!r}')
        units.append(Unit(r[1], int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3)),
                          r[2].split('\n')))
    return units, [[u] for u in units]


def parse_json(raw, fn):
    try:
        data = json.loads(raw)
    except ValueError as e:
        err(f'{fn}: invalid json: {e}')
        return [], []
    if not isinstance(data, list):
        err(f'{fn}: json top level is not a list')
        return [], []
    units = []
    for i, o in enumerate(data):
        if not isinstance(o, dict) or set(o) != {'speaker', 'start', 'text'}:
            err(f'{fn}: json item {i} keys are not exactly speaker/start/text')
            continue
        if not isinstance(o['start'], (int, float)) or isinstance(o['start'], bool):
            err(f'{fn}: json item {i} start is not a number')
            continue
        if not isinstance(o['speaker'], str) or not isinstance(o['text'], str):
            err(f'{fn}: json item {i} speaker/text not strings')
            continue
        units.append(Unit(o['speaker'], float(o['start']), o['text'].split('\n')))
    return units, [[u] for u in units]


PARSERS = {'otter': parse_otter, 'rev': parse_rev, 'sbv': parse_sbv, 'csv': parse_csv, 'json': parse_json}


def norm(s):
    return ' '.join(re.sub(r"[^a-z0-9' ]+", ' ', s.lower()).split())


def whole_sentence_at(line, sent):
    """True if sent occurs in line as a whole sentence (sentence boundaries either side)."""
    i = line.find(sent)
    while i != -1:
        before, after = line[:i].rstrip(), line[i + len(sent):]
        if (before == '' or before[-1] in '.?!:') and (after == '' or after[0].isspace()):
            return True
        i = line.find(sent, i + 1)
    return False


def check_key(key):
    if set(key) != {'situations', 'forces', 'files'}:
        err(f'key.json top-level keys are {sorted(key)}')
        return False
    files, sits, forces = key['files'], key['situations'], key['forces']
    want = [f'interview_{n:02d}' for n in range(1, 13)]
    stems = sorted(os.path.splitext(f)[0] for f in files)
    if stems != want:
        err(f'key files are {sorted(files)}')
    on_disk = sorted(os.listdir(TDIR)) if os.path.isdir(TDIR) else []
    if on_disk != sorted(files):
        err(f'transcripts/ holds {on_disk}, key lists {sorted(files)}')
    if set(forces) != set(files):
        err('forces and files sections list different files')
    # formats
    counts = {}
    for f, v in files.items():
        if set(v) != {'participant', 'situation', 'format'}:
            err(f'{f}: key entry keys {sorted(v)}')
            continue
        fmt = v['format']
        if fmt not in FORMATS:
            err(f'{f}: unknown format {fmt!r}')
            continue
        counts[fmt] = counts.get(fmt, 0) + 1
        if not f.endswith(FORMATS[fmt]):
            err(f'{f}: extension does not match format {fmt}')
    if set(counts) != set(FORMATS) or min(counts.values()) < 2:
        err(f'format counts {counts} (want all five, each at least twice)')
    # participants
    names = [v['participant'] for v in files.values()]
    if len(set(names)) != len(names):
        err('participant names are not all different')
    for n in names:
        if not re.fullmatch(r"[A-Z][A-Za-z'\-]+(?: [A-Z][A-Za-z'\-]+)+", n) or n == INTERVIEWER:
            err(f'participant name {n!r} is not a full first+last name')
    # situations
    if sorted(sits) != ['S1', 'S2', 'S3']:
        err(f'situations are {sorted(sits)}')
    listed = {}
    for s, v in sits.items():
        need = ['label', 'motivation', 'outcome', 'participants', 'files', 'keywords']
        if list(v) != need:
            err(f'{s}: keys {list(v)} (want {need})')
        for k in ('label', 'outcome'):
            if not isinstance(v.get(k), str) or not v.get(k, '').strip():
                err(f'{s}: empty {k}')
        if not re.fullmatch(r'When .+, I want .+, so that .+', v.get('motivation', ''), re.S):
            err(f'{s}: motivation is not When ..., I want ..., so that ...')
        kw = v.get('keywords', [])
        if len(kw) != 8 or len(set(kw)) != 8 or not all(isinstance(k, str) and 0 < len(k.split()) <= 4 for k in kw):
            err(f'{s}: keywords must be 8 distinct short phrases')
        ps, fs = v.get('participants', []), v.get('files', [])
        if len(ps) != 4 or len(fs) != 4:
            err(f'{s}: has {len(ps)} participants / {len(fs)} files (want 4/4)')
        for p, f in zip(ps, fs):
            if f not in files:
                err(f'{s}: lists unknown file {f}')
                continue
            if files[f]['participant'] != p:
                err(f'{s}: {f} is {files[f]["participant"]!r} in files, {p!r} in situation')
            if files[f]['situation'] != s:
                err(f'{s}: {f} has situation {files[f]["situation"]!r} in files')
            if f in listed:
                err(f'{f} listed under {listed[f]} and {s}')
            listed[f] = s
        nums = sorted(int(re.search(r'\d+', f).group()) for f in fs)
        if nums and nums == list(range(nums[0], nums[0] + len(nums))):
            err(f'{s}: files are a contiguous block {nums}, not shuffled')
    for f, v in files.items():
        if v.get('situation') is not None and listed.get(f) != v['situation']:
            err(f'{f}: situation {v["situation"]} but not listed there')
        if v.get('situation') is None and f in listed:
            err(f'{f}: situation null but listed under {listed[f]}')
    return True


def main():
    try:
        key = json.load(open(os.path.join(ROOT, 'key.json'), encoding='utf-8'))
    except (OSError, ValueError) as e:
        print(f'cannot read key.json: {e}')
        return 1
    if not check_key(key):
        return report()
    seen_iv = {}
    for fn in sorted(key['files']):
        meta = key['files'][fn]
        path = os.path.join(TDIR, fn)
        if not os.path.exists(path) or meta.get('format') not in PARSERS:
            continue
        with open(path, encoding='utf-8', newline='') as fh:
            raw = fh.read()
        units, turns = PARSERS[meta['format']](raw, fn)
        if not units:
            err(f'{fn}: no units parsed')
            continue
        # timestamps
        starts = [u.start for u in units]
        if starts != sorted(starts):
            err(f'{fn}: timestamps go backwards')
        # speakers
        speakers = {u.speaker for u in units}
        others = speakers - {INTERVIEWER}
        if INTERVIEWER not in speakers:
            err(f'{fn}: no Interviewer turns')
        if len(others) != 1:
            err(f'{fn}: participants found {sorted(others)} (want exactly one)')
        elif others != {meta['participant']}:
            err(f'{fn}: participant is {sorted(others)[0]!r}, key says {meta["participant"]!r}')
        for a, b in zip(turns, turns[1:]):
            if a and b and a[0].speaker == b[0].speaker:
                err(f'{fn}: two consecutive turns by {a[0].speaker}')
        # word counts
        words = sum(len(u.text.split()) for u in units)
        labelled = words + sum(len(t[0].speaker.split()) for t in turns if t)
        for label, n in (('spoken words', words), ('words incl. speaker labels', labelled)):
            if not WORD_MIN <= n <= WORD_MAX:
                err(f'{fn}: {n} {label} (want {WORD_MIN}-{WORD_MAX})')
        # interviewer turns unique across the whole set
        for i, t in enumerate(turns):
            if t and t[0].speaker == INTERVIEWER:
                k = norm(' '.join(u.text for u in t))
                if k in seen_iv:
                    err(f'{fn}: interviewer turn repeats {seen_iv[k]}: {k!r}')
                else:
                    seen_iv[k] = f'{fn} turn {i}'
        # forces
        fo = key['forces'].get(fn, {})
        if sorted(fo) != sorted(FORCES):
            err(f'{fn}: forces keys {sorted(fo)}')
        allsent = []
        p_turn_index = {}   # sentence -> index of participant turn (0-based among participant turns)
        ptr = [i for i, t in enumerate(turns) if t and t[0].speaker != INTERVIEWER]
        for force in FORCES:
            sents = fo.get(force, [])
            if len(sents) != 2 or len(set(sents)) != 2:
                err(f'{fn}: {force} needs exactly two different sentences')
            for s in sents:
                allsent.append(s)
                if not isinstance(s, str) or not s:
                    err(f'{fn}: {force} has an empty sentence')
                    continue
                if not (s[0].isupper() and s[-1] in '.?!'):
                    err(f'{fn}: {force} sentence does not start with a capital / end with .?!: {s!r}')
                if '"' in s or '\\' in s or '\n' in s:
                    err(f'{fn}: {force} sentence has a quote, backslash or newline: {s!r}')
                p_hits = [u for u in units if u.speaker != INTERVIEWER and any(s in l for l in u.lines)]
                whole = [u for u in p_hits if any(whole_sentence_at(l, s) for l in u.lines)]
                i_hits = [u for u in units if u.speaker == INTERVIEWER and s in u.text]
                if len(p_hits) != 1:
                    err(f'{fn}: {force} sentence found on one line in {len(p_hits)} participant units: {s!r}')
                elif len(whole) != 1:
                    err(f'{fn}: {force} sentence is not a whole sentence where it occurs: {s!r}')
                if i_hits:
                    err(f'{fn}: {force} sentence occurs in an interviewer unit: {s!r}')
                if len(p_hits) == 1:
                    for j, ti in enumerate(ptr):
                        if p_hits[0] in turns[ti]:
                            p_turn_index[s] = (j, ti)
        if len(set(allsent)) != len(allsent):
            err(f'{fn}: a sentence is used under two forces')
        # push in the opening answers, before any question about problems
        ok = False
        for s in fo.get('push', []):
            if s in p_turn_index and p_turn_index[s][0] <= 1:
                ti = p_turn_index[s][1]
                asked = [t for t in turns[:ti] if t and t[0].speaker == INTERVIEWER
                         and PROBLEM_Q.search(' '.join(u.text for u in t))]
                if not asked:
                    ok = True
        if not ok:
            err(f'{fn}: no push sentence in the first two participant answers before any problem question')
        # habit told without being asked about habits
        ok = False
        for s in fo.get('habit', []):
            if s in p_turn_index:
                ti = p_turn_index[s][1]
                prev = [t for t in turns[:ti] if t and t[0].speaker == INTERVIEWER]
                if prev and not HABIT_Q.search(' '.join(u.text for u in prev[-1])):
                    ok = True
        if not ok:
            err(f'{fn}: every habit sentence follows an interviewer question about habits')
        print(f'{fn:20s} {meta["format"]:6s} {str(meta["situation"]):5s} {meta["participant"]:18s} '
              f'{len(turns):3d} turns {words:5d} words')
    print(f'{len(seen_iv)} distinct interviewer turns across the set')
    return report()


def report():
    for e in errors:
        print('ERROR', e)
    print('ALL OK' if not errors else f'FAILED ({len(errors)} problems)')
    return 0 if not errors else 1


if __name__ == '__main__':
    sys.exit(main())
