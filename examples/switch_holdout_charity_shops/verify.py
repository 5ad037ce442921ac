#!/usr/bin/env python3
"""Self-check for the Tillroom JTBD holdout set (stdlib only).

Parses every transcript in its own format, then checks the forces, the
participants, word counts, interviewer-turn uniqueness and the key.
Prints ALL OK when every check passes; otherwise lists the problems and
exits with status 1.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TDIR = os.path.join(HERE, 'transcripts')
FORMATS = {'teams_vtt': '.vtt', 'rev': '.txt', 'plain_initials': '.txt', 'srt_nolabels': '.srt'}
FORCES = ('push', 'pull', 'anxiety', 'habit')
WORD_MIN, WORD_MAX = 1100, 1450
EXPECTED_SIZES = {'S1': 5, 'S2': 4, 'S3': 2}

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- parsers
# Each parser returns (units, info). A unit is a dict:
#   role: 'I' or 'P', name: speaker name or None, lines: list of text lines.

def parse_vtt(text, fname):
    lines = text.split('\n')
    if not lines or lines[0].strip() != 'WEBVTT':
        err(f'{fname}: does not start with WEBVTT')
    blocks = re.split(r'\n\s*\n', text.strip())[1:]
    cue_id_re = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/\d+-\d+$')
    time_re = re.compile(r'^\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}$')
    voice_re = re.compile(r'^<v ([^>]+)>(.*)</v>$')
    units = []
    for b in blocks:
        bl = b.split('\n')
        if len(bl) < 3:
            err(f'{fname}: short cue block {bl!r}')
            continue
        if not cue_id_re.match(bl[0]):
            err(f'{fname}: bad cue id {bl[0]!r}')
        if not time_re.match(bl[1]):
            err(f'{fname}: bad timing {bl[1]!r}')
        name = None
        texts = []
        for ln in bl[2:]:
            m = voice_re.match(ln)
            if not m:
                err(f'{fname}: cue text without voice tag {ln[:60]!r}')
                continue
            if name is not None and m.group(1) != name:
                err(f'{fname}: two voices in one cue')
            name = m.group(1)
            texts.append(m.group(2))
        units.append({'role': None, 'name': name, 'lines': texts})
    return units


def parse_rev(text, fname):
    head_re = re.compile(r'^(.+?) \((\d\d:\d\d:\d\d)\):$')
    units = []
    for b in re.split(r'\n\s*\n', text.strip()):
        bl = b.split('\n')
        m = head_re.match(bl[0])
        if not m or len(bl) < 2:
            err(f'{fname}: bad rev block {bl[0][:60]!r}')
            continue
        units.append({'role': None, 'name': m.group(1), 'lines': bl[1:]})
    return units


def parse_plain(text, fname):
    lines = text.split('\n')
    m = re.match(r'^Participants: (.+?) \(P\), (.+?) \(I\)$', lines[0])
    if not m:
        err(f'{fname}: bad Participants header')
        return [], {}
    info = {'P': m.group(1), 'I': m.group(2)}
    units = []
    for ln in lines[1:]:
        if not ln.strip():
            continue
        mm = re.match(r'^(P|I): (.+)$', ln)
        if mm:
            units.append({'role': mm.group(1), 'name': info[mm.group(1)], 'lines': [mm.group(2)]})
        elif units:
            units[-1]['lines'].append(ln)
        else:
            err(f'{fname}: text before first turn')
    return units, info


def parse_srt(text, fname):
    units = []
    time_re = re.compile(r'^\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}$')
    for k, b in enumerate(re.split(r'\n\s*\n', text.strip()), 1):
        bl = b.split('\n')
        if len(bl) < 3 or bl[0].strip() != str(k) or not time_re.match(bl[1]):
            err(f'{fname}: bad srt cue {k}')
            continue
        if re.match(r'^[A-Z][\w .\'-]{0,40}:\s', bl[2]):
            err(f'{fname}: cue {k} looks like it carries a speaker label')
        role = 'I' if k % 2 == 1 else 'P'   # turns alternate, interviewer first
        units.append({'role': role, 'name': None, 'lines': bl[2:]})
    return units


# ---------------------------------------------------------------- key
try:
    key = json.load(open(os.path.join(HERE, 'key.json'), encoding='utf-8'))
except Exception as e:  # noqa
    print('cannot read key.json:', e)
    sys.exit(1)

kfiles = key.get('files', {})
kforces = key.get('forces', {})
ksits = key.get('situations', {})

expected_names = set()
for n in range(1, 14):
    stem = f'interview_{n:02d}'
    hits = [f for f in kfiles if os.path.splitext(f)[0] == stem]
    if len(hits) != 1:
        err(f'key.files: expected exactly one entry for {stem}, got {hits}')
    expected_names.update(hits)
if set(kfiles) != expected_names or len(kfiles) != 13:
    err('key.files: must list exactly interview_01..interview_13')
on_disk = set(os.listdir(TDIR))
if on_disk != set(kfiles):
    err(f'transcripts/ and key.files differ: {sorted(on_disk ^ set(kfiles))}')
if set(kforces) != set(kfiles):
    err('key.forces and key.files list different files')

fmt_count = {}
participants = []
for f, meta in kfiles.items():
    fmt = meta.get('format')
    if fmt not in FORMATS:
        err(f'{f}: unknown format {fmt}')
        continue
    if not f.endswith(FORMATS[fmt]):
        err(f'{f}: extension does not match format {fmt}')
    fmt_count[fmt] = fmt_count.get(fmt, 0) + 1
    p = meta.get('participant', '')
    if len(p.split()) < 2:
        err(f'{f}: participant {p!r} is not a full name')
    participants.append(p)
    if meta.get('situation') not in (None, 'S1', 'S2', 'S3'):
        err(f'{f}: bad situation {meta.get("situation")}')
if len(set(participants)) != len(participants):
    err('participants are not all different')
if len(fmt_count) != 4 or min(fmt_count.values()) < 3:
    err(f'format spread wrong: {fmt_count}')

if set(ksits) != set(EXPECTED_SIZES):
    err(f'situations must be S1, S2, S3; got {sorted(ksits)}')
listed = {}
for sid, s in ksits.items():
    for fld in ('label', 'motivation', 'outcome', 'participants', 'files', 'keywords'):
        if fld not in s:
            err(f'{sid}: missing {fld}')
    mot = s.get('motivation', '')
    if not (mot.startswith('When ') and ', I want ' in mot and ', so that ' in mot):
        err(f'{sid}: motivation is not When ..., I want ..., so that ...')
    if len(s.get('keywords', [])) != 8:
        err(f'{sid}: needs 8 keywords')
    ps, fs = s.get('participants', []), s.get('files', [])
    if len(ps) != len(fs):
        err(f'{sid}: participants and files differ in length')
    if len(fs) != EXPECTED_SIZES.get(sid, -1):
        err(f'{sid}: has {len(fs)} files, expected {EXPECTED_SIZES.get(sid)}')
    for p, f in zip(ps, fs):
        if f in listed:
            err(f'{f}: listed in two situations')
        listed[f] = sid
        if f not in kfiles:
            err(f'{sid}: unknown file {f}')
        elif kfiles[f]['participant'] != p:
            err(f'{sid}: {f} participant {p!r} != files entry {kfiles[f]["participant"]!r}')
for f, meta in kfiles.items():
    if meta.get('situation') != listed.get(f):
        err(f'{f}: files says situation {meta.get("situation")}, situation lists say {listed.get(f)}')
nulls = [f for f, m in kfiles.items() if m.get('situation') is None]
if len(nulls) != 2:
    err(f'expected 2 files in no situation, got {len(nulls)}')

# ---------------------------------------------------------------- files
interviewer_turns = {}
interviewer_names = set()
first_push_ok = 0
for f in sorted(kfiles):
    meta = kfiles[f]
    fmt = meta.get('format')
    path = os.path.join(TDIR, f)
    if not os.path.exists(path):
        err(f'{f}: missing')
        continue
    text = open(path, encoding='utf-8').read()
    pname = meta['participant']
    if fmt == 'teams_vtt':
        units = parse_vtt(text, f)
    elif fmt == 'rev':
        units = parse_rev(text, f)
    elif fmt == 'plain_initials':
        units, info = parse_plain(text, f)
        if info.get('P') != pname:
            err(f'{f}: header participant {info.get("P")!r} != key {pname!r}')
        if info.get('I') == pname or len(info.get('I', '').split()) < 2:
            err(f'{f}: interviewer in header is not a distinct full name')
        interviewer_names.add(info.get('I'))
    else:
        units = parse_srt(text, f)
        if units and pname not in ' '.join(units[0]['lines']):
            err(f'{f}: first cue does not greet {pname} by full name')
    if fmt in ('teams_vtt', 'rev'):
        names = {u['name'] for u in units}
        if pname not in names:
            err(f'{f}: participant {pname} not found among speakers')
        others = names - {pname}
        if len(names) != 2 or len(others) != 1:
            err(f'{f}: expected exactly one interviewer and one participant, got {sorted(map(str, names))}')
        for o in others:
            if len(str(o).split()) < 2:
                err(f'{f}: interviewer {o!r} is not a full name')
            interviewer_names.add(o)
        for u in units:
            u['role'] = 'P' if u['name'] == pname else 'I'
    if not units:
        err(f'{f}: no units parsed')
        continue
    if units[0]['role'] != 'I':
        err(f'{f}: does not open with the interviewer')

    # words
    wc = sum(len(' '.join(u['lines']).split()) for u in units)
    if not WORD_MIN <= wc <= WORD_MAX:
        err(f'{f}: {wc} words, outside {WORD_MIN}-{WORD_MAX}')

    # turns = consecutive units of one role
    turns = []
    for u in units:
        if turns and turns[-1]['role'] == u['role']:
            turns[-1]['text'] += ' ' + ' '.join(u['lines'])
        else:
            turns.append({'role': u['role'], 'text': ' '.join(u['lines'])})
    for t in turns:
        if t['role'] == 'I':
            norm = re.sub(r'\s+', ' ', t['text'].strip().lower())
            if norm in interviewer_turns:
                err(f'{f}: interviewer turn repeats one in {interviewer_turns[norm]}: {t["text"][:60]!r}')
            else:
                interviewer_turns[norm] = f
    p_turns = [t['text'] for t in turns if t['role'] == 'P']

    # forces
    fr = kforces.get(f, {})
    if set(fr) != set(FORCES):
        err(f'{f}: forces keys {sorted(fr)}')
    seen = set()
    for force in FORCES:
        sents = fr.get(force, [])
        if len(sents) != 2:
            err(f'{f}: {force} has {len(sents)} sentences, expected 2')
        for s in sents:
            if not isinstance(s, str) or not s:
                err(f'{f}: {force} bad entry')
                continue
            if s in seen:
                err(f'{f}: sentence used twice: {s[:50]!r}')
            seen.add(s)
            if not s[0].isupper() or s[-1] not in '.?!':
                err(f'{f}: {force} sentence not capitalised/terminated: {s[:50]!r}')
            if '"' in s or '\\' in s or '\n' in s:
                err(f'{f}: {force} sentence has a quote, backslash or newline: {s[:50]!r}')
            p_hits, i_hits, line_ok = 0, 0, False
            for u in units:
                joined = '\n'.join(u['lines'])
                if s in joined:
                    if u['role'] == 'P':
                        p_hits += joined.count(s)
                        for ln in u['lines']:
                            for m in re.finditer(re.escape(s), ln):
                                before = ln[:m.start()]
                                after = ln[m.end():]
                                if (before == '' or re.search(r'[.?!]\s$', before)) and (after == '' or after[0] == ' '):
                                    line_ok = True
                    else:
                        i_hits += 1
            if p_hits != 1:
                err(f'{f}: {force} sentence found in {p_hits} participant units: {s[:60]!r}')
            if i_hits:
                err(f'{f}: {force} sentence found in interviewer text: {s[:60]!r}')
            if p_hits == 1 and not line_ok:
                err(f'{f}: {force} sentence is not a whole sentence within one line: {s[:60]!r}')
    # at least one push told in the participant's opening answers (first three turns)
    opening = ' '.join(p_turns[:3])
    if any(s in opening for s in fr.get('push', [])):
        first_push_ok += 1
    else:
        err(f'{f}: no push sentence in the first three participant turns')

for p in participants:
    if p in interviewer_names:
        err(f'{p} is both a participant and an interviewer')

if errors:
    for e in errors:
        print('FAIL:', e)
    print(f'{len(errors)} problem(s)')
    sys.exit(1)
print(f'{len(kfiles)} files, {len(interviewer_turns)} distinct interviewer turns, formats {fmt_count}')
print('ALL OK')
