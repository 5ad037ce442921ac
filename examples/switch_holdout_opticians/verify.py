#!/usr/bin/env python3
"""Self-check for the Lensly switch-interview holdout set (stdlib only).

Parses every transcript in its own format, then checks the key against it:
forces sentences are verbatim in exactly one participant unit (and in no
interviewer unit), one participant per file, word counts, interviewer-turn
uniqueness across the set, and consistency of situations/files/participants.
Prints ALL OK on success; otherwise lists the problems and exits 1.
"""
import csv
import io
import json
import os
import re
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.abspath(__file__))
TDIR = os.path.join(ROOT, 'transcripts')
WORD_MIN, WORD_MAX = 1100, 1450
EXT = {'ai_json': 'json', 'ai_csv': 'csv', 'labelled_text': 'txt',
       'vtt_nameless': 'vtt', 'md_headings': 'md'}
AI_FORMATS = {'ai_json', 'ai_csv'}
FORCES = ('push', 'pull', 'anxiety', 'habit')
TERMINAL = re.compile(r'[.?!]["\')\]]?$')
TIMING = re.compile(r'^(\d{2}:)?\d{2}:\d{2}\.\d{3} --> (\d{2}:)?\d{2}:\d{2}\.\d{3}')
HABIT_Q = re.compile(r'habit|old (way|routine|process|ways)|kept doing|keep doing|keep any|'
                     r'survive|hung on|hanging around|stuck around|continued|still do', re.I)
PROBLEM_Q = re.compile(r'problem|wrong|struggl|frustrat|difficult|pain|issue', re.I)

errors = []


def err(msg):
    errors.append(msg)


class Unit:
    def __init__(self, role, text, pieces=None):
        self.role = role            # 'I' interviewer or 'P' participant
        self.text = text            # whole turn text (pieces joined by a space)
        self.pieces = pieces or [text]  # physical lines / cues making up the turn


# ---------------------------------------------------------------- parsers
def parse_json(raw, fn):
    obj = json.loads(raw)
    if set(obj) != {'respondent', 'transcript'}:
        err(f'{fn}: top-level keys {sorted(obj)}')
    resp = obj.get('respondent', {})
    if set(resp) != {'name', 'id'} or not str(resp.get('id', '')).startswith('R-'):
        err(f'{fn}: respondent must have name and an R-... id')
    units = []
    for i, t in enumerate(obj.get('transcript', [])):
        if set(t) != {'role', 'text'} or t['role'] not in ('ai', 'respondent'):
            err(f'{fn}: bad transcript item {i}')
            continue
        units.append(Unit('I' if t['role'] == 'ai' else 'P', t['text']))
    return units, resp.get('name')


def parse_csv(raw, fn):
    rows = list(csv.reader(io.StringIO(raw)))
    if rows[0] != ['turn', 'speaker', 'utterance']:
        err(f'{fn}: csv header {rows[0]}')
    units = []
    for n, r in enumerate(rows[1:], 1):
        if len(r) != 3:
            err(f'{fn}: row {n} has {len(r)} fields')
            continue
        if r[0] != str(n):
            err(f'{fn}: turn number {r[0]} != {n}')
        if r[1] not in ('AI Interviewer', 'Respondent'):
            err(f'{fn}: unknown speaker {r[1]!r}')
            continue
        units.append(Unit('I' if r[1] == 'AI Interviewer' else 'P', r[2]))
    return units, None


def parse_txt(raw, fn):
    lines = raw.split('\n')
    m = re.match(r'^Participant: (.+)$', lines[0])
    if not m:
        err(f'{fn}: first line must be Participant: Name')
    if lines[1] != '':
        err(f'{fn}: second line must be blank')
    units = []
    for ln in lines[2:]:
        if not ln.strip():
            continue
        if ln.startswith('Moderator: '):
            units.append(Unit('I', ln[len('Moderator: '):]))
        elif ln.startswith('Respondent: '):
            units.append(Unit('P', ln[len('Respondent: '):]))
        else:
            err(f'{fn}: unlabelled line {ln[:50]!r}')
    return units, m.group(1) if m else None


def parse_vtt(raw, fn):
    blocks = [b for b in raw.strip('\n').split('\n\n')]
    if blocks[0].strip() != 'WEBVTT':
        err(f'{fn}: must start with WEBVTT')
    cues, last_end = [], -1.0

    def secs(s):
        parts = [float(x) for x in s.split(':')]
        return sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    for b in blocks[1:]:
        ls = [l for l in b.split('\n') if l.strip()]
        if ls and not TIMING.match(ls[0]) and len(ls) > 1 and TIMING.match(ls[1]):
            ls = ls[1:]  # optional cue identifier
        if not ls or not TIMING.match(ls[0]):
            err(f'{fn}: bad cue block {b[:40]!r}')
            continue
        a, z = [secs(x.strip().split(' ')[0]) for x in ls[0].split('-->')]
        if a < last_end or z <= a:
            err(f'{fn}: non-monotonic timing at {ls[0]}')
        last_end = z
        text_lines = ls[1:]
        if len(text_lines) != 1:
            err(f'{fn}: cue should hold one text line: {ls[0]}')
        text = ' '.join(text_lines)
        if '<v' in text or re.match(r'^[A-Z][\w .\'-]{0,30}:\s', text):
            err(f'{fn}: speaker label in cue {text[:40]!r}')
        cues.append(text)
    # a turn continues into the next cue only when the cue ends mid-sentence
    turns, cur = [], []
    for c in cues:
        cur.append(c)
        if TERMINAL.search(c):
            turns.append(cur)
            cur = []
    if cur:
        err(f'{fn}: last cue ends mid-sentence')
        turns.append(cur)
    units = [Unit('I' if i % 2 == 0 else 'P', ' '.join(t), t) for i, t in enumerate(turns)]
    return units, cues[0] if cues else ''


def parse_md(raw, fn):
    lines = raw.split('\n')
    if lines[0] != '---':
        err(f'{fn}: missing front matter')
        return [], None
    end = lines.index('---', 1)
    fm = dict(l.split(': ', 1) for l in lines[1:end] if l.strip())
    if set(fm) != {'participant', 'date'} or not re.match(r'^\d{4}-\d{2}-\d{2}$', fm.get('date', '')):
        err(f'{fn}: front matter must be participant + date')
    units = []
    for ln in lines[end + 1:]:
        if not ln.strip():
            continue
        if ln.startswith('### '):
            units.append(Unit('I', ln[4:]))
        elif ln.startswith('#'):
            err(f'{fn}: unexpected heading {ln[:40]!r}')
        else:
            if not units:
                err(f'{fn}: text before first question')
                continue
            if units[-1].role == 'I':
                units.append(Unit('P', ln))
            else:
                u = units[-1]
                u.pieces.append(ln)
                u.text = u.text + ' ' + ln
    return units, fm.get('participant')


PARSERS = {'ai_json': parse_json, 'ai_csv': parse_csv, 'labelled_text': parse_txt,
           'vtt_nameless': parse_vtt, 'md_headings': parse_md}


def sentences(text):
    t = re.sub(r'\b(Dr|Mr|Mrs|Ms|St)\.', r'\1<DOT>', text)
    parts = re.split(r'(?<=[.?!])\s+(?=[A-Z0-9])', t)
    return [p for p in parts if p.strip()]


def norm(s):
    return re.sub(r'\s+', ' ', s.strip().lower())


# ---------------------------------------------------------------- main
def main():
    key = json.load(open(os.path.join(ROOT, 'key.json'), encoding='utf-8'))
    files, forces, sits = key['files'], key['forces'], key['situations']

    # --- key-level consistency
    expected = {f'interview_{i:02d}' for i in range(1, 13)}
    stems = {os.path.splitext(f)[0] for f in files}
    if stems != expected or len(files) != 12:
        err(f'key files must be interview_01..12, got {sorted(files)}')
    on_disk = sorted(os.listdir(TDIR))
    if sorted(files) != on_disk:
        err(f'transcripts/ holds {on_disk}, key lists {sorted(files)}')
    if set(forces) != set(files):
        err('forces keys differ from files keys')
    fmt_count = Counter(v['format'] for v in files.values())
    if set(fmt_count) != set(EXT) or min(fmt_count.values()) < 2:
        err(f'each of the five formats must be used at least twice: {dict(fmt_count)}')
    names = [v['participant'] for v in files.values()]
    if len(set(names)) != len(names):
        err('participant names are not unique')
    for n in names:
        if not re.match(r"^[A-Z][a-zA-Z'-]+( [A-Z][a-zA-Z'-]+)+$", n):
            err(f'not a full name: {n!r}')
    for fn, v in files.items():
        if v['format'] not in EXT or not fn.endswith('.' + EXT[v['format']]):
            err(f'{fn}: extension does not match format {v["format"]}')
        if v['situation'] is not None and v['situation'] not in sits:
            err(f'{fn}: unknown situation {v["situation"]}')
    if sorted(sits) != ['S1', 'S2', 'S3', 'S4']:
        err(f'situations must be S1-S4: {sorted(sits)}')
    for sid, s in sits.items():
        for k in ('label', 'motivation', 'outcome', 'participants', 'files', 'keywords'):
            if k not in s:
                err(f'{sid}: missing {k}')
        if not re.match(r'^When .+, I want .+, so that .+$', s.get('motivation', '')):
            err(f'{sid}: motivation not in When/I want/so that form')
        if len(s.get('keywords', [])) != 8:
            err(f'{sid}: needs 8 keywords')
        fl, pl = s.get('files', []), s.get('participants', [])
        if len(fl) != 3 or len(pl) != 3:
            err(f'{sid}: needs exactly 3 files and 3 participants')
        want = sorted(f for f, v in files.items() if v['situation'] == sid)
        if sorted(fl) != want:
            err(f'{sid}: files {fl} but key.files says {want}')
        for f, p in zip(fl, pl):
            if files.get(f, {}).get('participant') != p:
                err(f'{sid}: {f} participant {p} disagrees with key.files')

    # --- per-file checks
    all_iv = []
    for fn in sorted(files):
        meta = files[fn]
        fmt, name = meta['format'], meta['participant']
        path = os.path.join(TDIR, fn)
        if not os.path.exists(path):
            continue
        raw = open(path, encoding='utf-8').read()
        units, fmt_name = PARSERS[fmt](raw, fn)
        if not units:
            err(f'{fn}: no turns parsed')
            continue
        # alternation, interviewer first, participant last
        for i, u in enumerate(units):
            if u.role != ('I' if i % 2 == 0 else 'P'):
                err(f'{fn}: turn {i + 1} breaks interviewer/participant alternation')
                break
        P = [u for u in units if u.role == 'P']
        I = [u for u in units if u.role == 'I']
        # exactly one participant, named as the key says
        if fmt in ('ai_json', 'labelled_text', 'md_headings') and fmt_name != name:
            err(f'{fn}: format names {fmt_name!r}, key says {name!r}')
        if fmt == 'ai_json' and raw.count(name) != 1:
            err(f'{fn}: name must appear only in respondent.name ({raw.count(name)}x)')
        if fmt == 'ai_csv':
            if name not in I[0].text or raw.count(name) != 1:
                err(f'{fn}: name must appear only in the first AI greeting')
        if fmt == 'vtt_nameless':
            if name not in fmt_name or name not in I[0].pieces[0]:
                err(f'{fn}: interviewer must greet {name} by full name in the first cue')
        for other in names:
            if other != name and other in raw:
                err(f'{fn}: mentions another participant {other}')
        # word count (turn text only, no labels, timings or markup)
        wc = sum(len(u.text.split()) for u in units)
        if not WORD_MIN <= wc <= WORD_MAX:
            err(f'{fn}: {wc} words, outside {WORD_MIN}-{WORD_MAX}')
        # AI-moderated answers are short
        if fmt in AI_FORMATS:
            for j, u in enumerate(P):
                n = len(sentences(u.text))
                if not 2 <= n <= 5:
                    err(f'{fn}: AI-moderated answer {j + 1} has {n} sentences')
        all_iv += [(norm(u.text), fn) for u in I]
        # forces
        fz = forces.get(fn, {})
        if sorted(fz) != sorted(FORCES):
            err(f'{fn}: forces must have {FORCES}')
        seen = set()
        raw_lines = raw.split('\n')
        for force in FORCES:
            sl = fz.get(force, [])
            if len(sl) != 2:
                err(f'{fn}: {force} needs exactly 2 sentences')
            for s in sl:
                tag = f'{fn} {force} {s[:45]!r}'
                if s in seen:
                    err(f'{tag}: used twice')
                seen.add(s)
                if not re.match(r'^[A-Z]', s) or not re.search(r'[.?!]$', s):
                    err(f'{tag}: must start with a capital and end with . ? or !')
                if '"' in s or '\\' in s or '\n' in s:
                    err(f'{tag}: contains a double quote, backslash or newline')
                hits = [u for u in P if s in u.text]
                if len(hits) != 1 or hits[0].text.count(s) != 1:
                    err(f'{tag}: found in {len(hits)} participant units (need exactly 1)')
                if any(s in u.text for u in I):
                    err(f'{tag}: appears in an interviewer unit')
                if hits and not any(s in piece for piece in hits[0].pieces):
                    err(f'{tag}: spans more than one cue/line')
                if not any(s in ln for ln in raw_lines):
                    err(f'{tag}: not on a single line of the raw file')
        # at least one push in the opening answer (before problems are asked about)
        if P and not any(s in P[0].text for s in fz.get('push', [])):
            err(f'{fn}: no push sentence in the opening answer')
        if I and PROBLEM_Q.search(re.sub(r'no right or wrong answers', '', I[0].text, flags=re.I)):
            err(f'{fn}: opening question already asks about problems')
        # at least one habit told without a habit question
        ok = False
        for s in fz.get('habit', []):
            for i, u in enumerate(units):
                if u.role == 'P' and s in u.text and i > 0 and not HABIT_Q.search(units[i - 1].text):
                    ok = True
        if not ok:
            err(f'{fn}: every habit sentence follows a question about habits')

    # --- interviewer turns unique across the whole set
    c = Counter(t for t, _ in all_iv)
    for t, n in c.items():
        if n > 1:
            where = sorted({f for tt, f in all_iv if tt == t})
            err(f'interviewer turn repeated {n}x in {where}: {t[:60]!r}')

    if errors:
        for e in errors:
            print('FAIL', e)
        print(f'{len(errors)} problem(s)')
        sys.exit(1)
    print('ALL OK')


if __name__ == '__main__':
    main()
