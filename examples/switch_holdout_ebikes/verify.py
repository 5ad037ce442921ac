#!/usr/bin/env python3
"""Verify the Voltspoke switch-interview holdout set (stdlib only).

Parses every transcript in its own format, then checks the forces sentences,
participants, word counts, interviewer-turn uniqueness and the key's internal
consistency. Prints ALL OK when every check passes.
"""
import csv
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TDIR = os.path.join(HERE, 'transcripts')
FORMATS = {'transcript_txt': 'txt', 'srt_speakers': 'srt', 'csv_turns': 'csv', 'vtt_voices': 'vtt'}
FORCES = ('push', 'pull', 'anxiety', 'habit')
WMIN, WMAX = 1100, 1450
errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- parsers
# Each parser returns a list of units: dict(role='I'|'P', name=str|None, lines=[str], turn=int)
# A unit is a turn (txt, csv) or a cue (srt, vtt). 'turn' groups units into speaker turns.

TXT_LABEL = re.compile(r"^(Interviewer|[A-Z][\w'\-]+(?: [A-Za-z][\w'\-]+){1,3}):\s+(.*)$")


def parse_txt(path):
    units = []
    for raw in open(path, encoding='utf-8').read().split('\n'):
        line = raw.rstrip()
        if not line.strip():
            continue
        m = TXT_LABEL.match(line)
        if m:
            label, text = m.group(1), m.group(2)
            role = 'I' if label == 'Interviewer' else 'P'
            units.append(dict(role=role, name=label, lines=[text], turn=len(units)))
        elif units:
            units[-1]['lines'].append(line.strip())
        else:
            err(f'{path}: text before first speaker label')
    return units


def parse_csv(path):
    units = []
    with open(path, encoding='utf-8', newline='') as fh:
        rd = csv.reader(fh)
        header = next(rd)
        if header != ['speaker', 'start', 'text']:
            err(f'{os.path.basename(path)}: bad csv header {header}')
        for row in rd:
            if not row:
                continue
            if len(row) != 3:
                err(f'{os.path.basename(path)}: row with {len(row)} fields')
                continue
            spk, start, text = row
            if not re.match(r'^\d\d:\d\d:\d\d(\.\d+)?$', start):
                err(f'{os.path.basename(path)}: bad start {start!r}')
            role = 'I' if spk == 'Interviewer' else 'P'
            units.append(dict(role=role, name=spk, lines=text.split('\n'), turn=len(units)))
    return units


def blocks_of(text):
    return [b for b in re.split(r'\n\s*\n', text.replace('\r\n', '\n').strip()) if b.strip()]


SRT_TIME = re.compile(r'^\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}$')


def parse_srt(path):
    units, role, turn = [], None, -1
    fname = os.path.basename(path)
    for b in blocks_of(open(path, encoding='utf-8').read()):
        ls = b.split('\n')
        if len(ls) < 3 or not ls[0].strip().isdigit() or not SRT_TIME.match(ls[1].strip()):
            err(f'{fname}: malformed SRT block {ls[:2]}')
            continue
        text = ls[2:]
        m = re.match(r'^Speaker (\d+):\s+(.*)$', text[0])
        if m:
            if m.group(1) not in ('1', '2'):
                err(f'{fname}: unexpected speaker number {m.group(1)}')
            role = 'I' if m.group(1) == '1' else 'P'
            text = [m.group(2)] + text[1:]
            turn += 1
        elif role is None:
            err(f'{fname}: first cue has no speaker label')
            continue
        units.append(dict(role=role, name=None, lines=text, turn=turn))
    return units


VTT_TIME = re.compile(r'^\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}( .*)?$')
VOICE = re.compile(r'^<v(?:\.[\w.\-]+)?\s+([^>]+)>(.*)$')


def parse_vtt(path):
    fname = os.path.basename(path)
    bl = blocks_of(open(path, encoding='utf-8').read())
    if not bl or not bl[0].startswith('WEBVTT'):
        err(f'{fname}: missing WEBVTT header')
        return []
    units, prev, turn = [], None, -1
    for b in bl[1:]:
        ls = b.split('\n')
        if ls[0].startswith('NOTE'):
            continue
        if not VTT_TIME.match(ls[0].strip()):
            ls = ls[1:]  # cue identifier
        if not ls or not VTT_TIME.match(ls[0].strip()):
            err(f'{fname}: malformed VTT cue {b[:40]!r}')
            continue
        text = ls[1:]
        m = VOICE.match(text[0]) if text else None
        if not m:
            err(f'{fname}: cue without voice tag {text[:1]}')
            continue
        name = m.group(1).strip()
        text = [m.group(2)] + text[1:]
        text = [re.sub(r'</v>', '', t) for t in text]
        role = 'I' if name == 'Interviewer' else 'P'
        if name != prev:
            turn += 1
        prev = name
        units.append(dict(role=role, name=name, lines=text, turn=turn))
    return units


PARSERS = {'transcript_txt': parse_txt, 'csv_turns': parse_csv, 'srt_speakers': parse_srt, 'vtt_voices': parse_vtt}


def norm(s):
    return re.sub(r'\s+', ' ', s).strip()


def turns_of(units):
    out = []
    for u in units:
        t = norm(' '.join(u['lines']))
        if out and out[-1][0] == u['turn']:
            out[-1][2] = out[-1][2] + ' ' + t
        else:
            out.append([u['turn'], u['role'], t])
    return [(r, t) for _, r, t in out]


# ---------------------------------------------------------------- key checks
key = json.load(open(os.path.join(HERE, 'key.json'), encoding='utf-8'))
files = key.get('files', {})
sits = key.get('situations', {})
forces = key.get('forces', {})

expected = {f'interview_{i:02d}' for i in range(1, 13)}
stems = {os.path.splitext(f)[0] for f in files}
if stems != expected or len(files) != 12:
    err(f'key files are not interview_01..12: {sorted(files)}')
ondisk = sorted(os.listdir(TDIR))
if sorted(files) != ondisk:
    err(f'transcripts/ contents {ondisk} differ from key files {sorted(files)}')
if set(forces) != set(files):
    err('forces keys differ from files keys')

fmt_count = {}
for f, meta in files.items():
    fmt = meta.get('format')
    if fmt not in FORMATS:
        err(f'{f}: unknown format {fmt}')
        continue
    fmt_count[fmt] = fmt_count.get(fmt, 0) + 1
    if not f.endswith('.' + FORMATS[fmt]):
        err(f'{f}: extension does not match format {fmt}')
    if meta.get('situation') not in (None, *sits.keys()):
        err(f'{f}: unknown situation {meta.get("situation")}')
    if len(meta.get('participant', '').split()) < 2:
        err(f'{f}: participant needs first and last name')
if sorted(fmt_count.values()) != [3, 3, 3, 3]:
    err(f'format distribution {fmt_count} is not 3/3/3/3')
names = [m['participant'] for m in files.values()]
if len(set(names)) != len(names):
    err('participant names are not all different')

seen_files = []
for sid, s in sits.items():
    for fld in ('label', 'motivation', 'outcome', 'participants', 'files', 'keywords'):
        if fld not in s:
            err(f'{sid}: missing {fld}')
    mot = s.get('motivation', '')
    if not (mot.startswith('When ') and ', I want ' in mot and ', so that ' in mot):
        err(f'{sid}: motivation not in When/I want/so that form')
    if len(s.get('keywords', [])) != 8:
        err(f'{sid}: needs 8 keywords')
    ps, fs = s.get('participants', []), s.get('files', [])
    if len(ps) != len(fs):
        err(f'{sid}: participants and files differ in length')
    if len(fs) != 4:
        err(f'{sid}: has {len(fs)} files, expected 4')
    for p, f in zip(ps, fs):
        if f not in files:
            err(f'{sid}: unknown file {f}')
            continue
        if files[f]['participant'] != p:
            err(f'{sid}: {f} participant {files[f]["participant"]} != {p}')
        if files[f]['situation'] != sid:
            err(f'{sid}: {f} has situation {files[f]["situation"]} in files map')
    seen_files += fs
if len(seen_files) != len(set(seen_files)):
    err('a file appears in more than one situation')
for f, meta in files.items():
    if meta.get('situation') is not None and f not in seen_files:
        err(f'{f}: situation {meta["situation"]} but not listed there')
    if meta.get('situation') is None and f in seen_files:
        err(f'{f}: situation null but listed in a situation')

# ---------------------------------------------------------------- transcript checks
all_interviewer_turns = {}
for f in sorted(files):
    meta = files[f]
    path = os.path.join(TDIR, f)
    if not os.path.exists(path):
        err(f'{f}: missing')
        continue
    units = PARSERS[meta['format']](path)
    if not units:
        err(f'{f}: no units parsed')
        continue
    pname = meta['participant']
    # participants
    if meta['format'] == 'srt_speakers':
        first = units[0]
        if first['role'] != 'I' or pname not in ' '.join(first['lines']):
            err(f'{f}: first cue must be the interviewer saying {pname}')
        if not any(u['role'] == 'P' for u in units):
            err(f'{f}: no Speaker 2 cues')
    else:
        others = {u['name'] for u in units if u['role'] == 'P'}
        if others != {pname}:
            err(f'{f}: participant labels {others} != {{{pname}}}')
    # interviewer mentions name early (all formats)
    if pname not in ' '.join(units[0]['lines']):
        err(f'{f}: first unit does not name the participant')
    # word counts
    words = sum(len(' '.join(u['lines']).split()) for u in units)
    if not WMIN <= words <= WMAX:
        err(f'{f}: {words} words, outside {WMIN}-{WMAX}')
    # interviewer turns unique across set
    turns = turns_of(units)
    for role, t in turns:
        if role == 'I':
            k = t.lower()
            if k in all_interviewer_turns:
                err(f'{f}: interviewer turn repeats {all_interviewer_turns[k]}: {t!r}')
            all_interviewer_turns[k] = f
            if re.search(r'\bhabit', t, re.I):
                err(f'{f}: interviewer asks about habits: {t!r}')
    # forces
    fo = forces.get(f, {})
    if sorted(fo) != sorted(FORCES):
        err(f'{f}: forces keys {sorted(fo)}')
    p_turns = [i for i, (r, _) in enumerate(turns) if r == 'P']
    first_two_p = ' '.join(turns[i][1] for i in p_turns[:2])
    for force in FORCES:
        sents = fo.get(force, [])
        if len(sents) != 2:
            err(f'{f}: {force} has {len(sents)} sentences')
        for s in sents:
            if not re.match(r'^[A-Z]', s) or s[-1] not in '.?!':
                err(f'{f}: {force} sentence shape: {s!r}')
            if '"' in s or '\\' in s or '\n' in s:
                err(f'{f}: {force} sentence has forbidden characters: {s!r}')
            in_p = [u for u in units if u['role'] == 'P' and s in ' '.join(u['lines'])]
            in_i = [u for u in units if u['role'] == 'I' and s in ' '.join(u['lines'])]
            if len(in_p) != 1:
                err(f'{f}: {force} sentence found in {len(in_p)} participant units: {s!r}')
            elif not any(s in line for line in in_p[0]['lines']):
                err(f'{f}: {force} sentence spans lines: {s!r}')
            if in_i:
                err(f'{f}: {force} sentence found in interviewer unit: {s!r}')
    if not any(s in first_two_p for s in fo.get('push', [])):
        err(f'{f}: no push sentence in the participant\'s opening answers')
    all_f = [s for force in FORCES for s in fo.get(force, [])]
    if len(set(all_f)) != len(all_f):
        err(f'{f}: a sentence is used for more than one force')
    print(f'{f:18} {meta["format"]:15} {str(meta["situation"]):5} {pname:20} units={len(units):3} words={words}')

if errors:
    print('\nFAILED:')
    for e in errors:
        print(' -', e)
    sys.exit(1)
print('ALL OK')
