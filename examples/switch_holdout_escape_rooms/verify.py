#!/usr/bin/env python3
"""Check the Lockstep holdout set: transcripts/, key.json. Stdlib only.

Usage: python3 verify.py   (run from anywhere; paths are relative to this file)
Prints every problem found, then ALL OK if there were none.
"""
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
TDIR = os.path.join(HERE, 'transcripts')
FORMAT_EXT = {'otter': '.txt', 'zoom_vtt': '.vtt', 'json_messages': '.json', 'md_qa': '.md'}
FORCES = ('push', 'pull', 'anxiety', 'habit')
SIT_SIZES = {'S1': 4, 'S2': 4, 'S3': 2}
WORD_MIN, WORD_MAX = 1100, 1450
OPENING_UNITS = 4  # a push must occur within the participant's first N turns

errors = []


def err(msg):
    errors.append(msg)


class Unit:
    """One turn: role is 'interviewer' or 'participant'."""
    def __init__(self, role, speaker, text):
        self.role, self.speaker, self.text = role, speaker, text


# ---------------------------------------------------------------- parsers
def parse_otter(path):
    raw = open(path, encoding='utf-8').read()
    units = []
    head = re.compile(r'^(.+?)  (\d+):([0-5]\d)$')
    last = -1
    for block in re.split(r'\n\s*\n', raw.strip()):
        lines = block.split('\n')
        m = head.match(lines[0])
        if not m or len(lines) < 2:
            err(f'{os.path.basename(path)}: bad otter block: {lines[0][:60]!r}')
            continue
        t = int(m.group(2)) * 60 + int(m.group(3))
        if t < last:
            err(f'{os.path.basename(path)}: timestamps go backwards at {lines[0]!r}')
        last = t
        name = m.group(1)
        role = 'interviewer' if name == 'Interviewer' else 'participant'
        units.append(Unit(role, name, '\n'.join(lines[1:])))
    return units, None


def parse_vtt(path):
    raw = open(path, encoding='utf-8').read()
    fn = os.path.basename(path)
    if not raw.startswith('WEBVTT'):
        err(f'{fn}: missing WEBVTT header')
    blocks = re.split(r'\n\s*\n', raw.strip())[1:]
    timing = re.compile(r'^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})$')
    cues = []
    prev_end = -1.0
    for i, block in enumerate(blocks, 1):
        lines = block.split('\n')
        if len(lines) < 3 or lines[0].strip() != str(i):
            err(f'{fn}: cue {i} not numbered correctly: {lines[0][:40]!r}')
            continue
        m = timing.match(lines[1])
        if not m:
            err(f'{fn}: cue {i} bad timing line {lines[1]!r}')
            continue
        g = [int(x) for x in m.groups()]
        start = g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000
        end = g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000
        if not (start < end and start >= prev_end):
            err(f'{fn}: cue {i} timing out of order')
        prev_end = end
        sm = re.match(r'^([^:]+): (.*)$', lines[2])
        if not sm:
            err(f'{fn}: cue {i} has no speaker prefix')
            continue
        text = '\n'.join([sm.group(2)] + lines[3:])
        cues.append((sm.group(1), text))
    return cues


def parse_json(path):
    fn = os.path.basename(path)
    try:
        d = json.load(open(path, encoding='utf-8'))
    except ValueError as e:
        err(f'{fn}: invalid JSON: {e}')
        return [], None
    resp = d.get('session', {}).get('respondent')
    units = []
    for i, m in enumerate(d.get('messages', [])):
        role = {'assistant': 'interviewer', 'user': 'participant'}.get(m.get('role'))
        if role is None or not isinstance(m.get('content'), str):
            err(f'{fn}: message {i} has bad role/content')
            continue
        units.append(Unit(role, resp if role == 'participant' else 'assistant', m['content']))
    if set(d) != {'session', 'messages'}:
        err(f'{fn}: unexpected top-level keys {sorted(d)}')
    return units, resp


def parse_md(path):
    fn = os.path.basename(path)
    lines = open(path, encoding='utf-8').read().split('\n')
    m = re.match(r'^## ([^,]+), ([^,]+), (.+)$', lines[0])
    name = m.group(1).strip() if m else None
    if not m:
        err(f'{fn}: first line is not "## Name, Role, Venue"')
    units = []
    for ln in lines[1:]:
        if not ln.strip():
            continue
        if ln.startswith('**Q:** '):
            units.append(Unit('interviewer', 'Q', ln[7:]))
        elif ln.startswith('**A:** '):
            units.append(Unit('participant', name, ln[7:]))
        else:
            err(f'{fn}: stray line {ln[:50]!r}')
    return units, name


def load(fn, key_name):
    path = os.path.join(TDIR, fn)
    ext = os.path.splitext(fn)[1]
    if ext == '.txt':
        units, _ = parse_otter(path)
        names = {u.speaker for u in units if u.role == 'participant'}
        if names != {key_name}:
            err(f'{fn}: participant speakers {sorted(names)} != key {key_name!r}')
    elif ext == '.vtt':
        cues = parse_vtt(path)
        speakers = sorted({s for s, _ in cues})
        if len(speakers) != 2 or key_name not in speakers:
            err(f'{fn}: expected the key participant plus one interviewer, got {speakers}')
        interviewer = [s for s in speakers if s != key_name]
        if interviewer and len(interviewer[0].split()) < 2:
            err(f'{fn}: interviewer {interviewer[0]!r} lacks a full name')
        units = [Unit('participant' if s == key_name else 'interviewer', s, t) for s, t in cues]
    elif ext == '.json':
        units, resp = parse_json(path)
        if resp != key_name:
            err(f'{fn}: respondent {resp!r} != key {key_name!r}')
    elif ext == '.md':
        units, name = parse_md(path)
        if name != key_name:
            err(f'{fn}: heading name {name!r} != key {key_name!r}')
    else:
        err(f'{fn}: unknown extension')
        units = []
    return units


# ---------------------------------------------------------------- checks
def main():
    key = json.load(open(os.path.join(HERE, 'key.json'), encoding='utf-8'))
    if set(key) != {'situations', 'forces', 'files'}:
        err(f'key.json top-level keys {sorted(key)}')
    files = key['files']
    expected = {f'interview_{i:02d}' for i in range(1, 13)}
    on_disk = sorted(os.listdir(TDIR))
    if sorted(files) != on_disk:
        err(f'key files {sorted(files)} != transcripts/ {on_disk}')
    if {os.path.splitext(f)[0] for f in files} != expected or len(files) != 12:
        err('key files are not interview_01..interview_12')
    if set(key['forces']) != set(files):
        err('forces and files keys differ')

    # formats and participants
    fmt_count = Counter()
    for fn, info in files.items():
        if set(info) != {'participant', 'situation', 'format'}:
            err(f'{fn}: key entry fields {sorted(info)}')
        fmt = info['format']
        fmt_count[fmt] += 1
        if FORMAT_EXT.get(fmt) != os.path.splitext(fn)[1]:
            err(f'{fn}: format {fmt} does not match extension')
        if len(info['participant'].split()) < 2:
            err(f'{fn}: participant {info["participant"]!r} is not a full name')
    if dict(fmt_count) != {f: 3 for f in FORMAT_EXT}:
        err(f'format counts {dict(fmt_count)}')
    people = [i['participant'] for i in files.values()]
    if len(set(people)) != len(people):
        err('a participant appears in more than one file')

    # situations agree with files
    sits = key['situations']
    if set(sits) != set(SIT_SIZES):
        err(f'situations {sorted(sits)}')
    for s, v in sits.items():
        for field in ('label', 'motivation', 'outcome', 'participants', 'files', 'keywords'):
            if field not in v:
                err(f'{s}: missing {field}')
        mot = v.get('motivation', '')
        if not re.match(r'^When .+, I want .+, so that .+$', mot):
            err(f'{s}: motivation not in When/I want/so that form')
        if len(v.get('keywords', [])) != 8:
            err(f'{s}: needs 8 keywords')
        if len(v['files']) != SIT_SIZES.get(s) or len(v['participants']) != len(v['files']):
            err(f'{s}: wrong number of files/participants')
        for p, f in zip(v['participants'], v['files']):
            if f not in files:
                err(f'{s}: unknown file {f}')
            elif files[f]['participant'] != p or files[f]['situation'] != s:
                err(f'{s}: {f} / {p} disagree with files section')
    for fn, info in files.items():
        s = info['situation']
        listed = [k for k, v in sits.items() if fn in v['files'] or info['participant'] in v['participants']]
        if s is None and listed:
            err(f'{fn}: situation null but listed under {listed}')
        if s is not None and listed != [s]:
            err(f'{fn}: situation {s} but listed under {listed}')
    if sum(1 for i in files.values() if i['situation'] is None) != 2:
        err('expected exactly two files with no situation')

    # per-file checks
    all_q = Counter()
    sent_re = re.compile(r'^[A-Z].*[.?!]$')
    for fn in sorted(files):
        info = files[fn]
        units = load(fn, info['participant'])
        if not units:
            err(f'{fn}: no turns parsed')
            continue
        part = [u for u in units if u.role == 'participant']
        intv = [u for u in units if u.role == 'interviewer']
        if not part or not intv:
            err(f'{fn}: needs both interviewer and participant turns')
        words = sum(len(u.text.split()) for u in units)
        if not WORD_MIN <= words <= WORD_MAX:
            err(f'{fn}: {words} words, outside {WORD_MIN}-{WORD_MAX}')
        for u in intv:
            all_q[' '.join(re.sub(r"[^a-z0-9' ]", ' ', u.text.lower()).split())] += 1
        forces = key['forces'].get(fn, {})
        if set(forces) != set(FORCES):
            err(f'{fn}: forces keys {sorted(forces)}')
        seen = set()
        for force in FORCES:
            sents = forces.get(force, [])
            if len(sents) != 2:
                err(f'{fn}: {force} has {len(sents)} sentences, need 2')
            for s in sents:
                tag = f'{fn} {force} {s[:50]!r}'
                if s in seen:
                    err(f'{tag}: used twice')
                seen.add(s)
                if not sent_re.match(s) or '"' in s or '\\' in s or '\n' in s:
                    err(f'{tag}: bad sentence form')
                hits = [u for u in part if s in u.text]
                if len(hits) != 1:
                    err(f'{tag}: found in {len(hits)} participant turns, need exactly 1')
                elif not any(s in line for line in hits[0].text.split('\n')):
                    err(f'{tag}: spans a line break')
                if any(s in u.text for u in intv):
                    err(f'{tag}: appears in an interviewer turn')
        opening = ' '.join(u.text for u in part[:OPENING_UNITS])
        if not any(s in opening for s in forces.get('push', [])):
            err(f'{fn}: no push sentence in the first {OPENING_UNITS} participant turns')
        print(f'{fn:18s} {info["format"]:14s} {str(info["situation"]):5s} words={words:5d} '
              f'turns={len(units):3d} participant={info["participant"]}')
    for q, n in all_q.items():
        if n > 1:
            err(f'interviewer turn repeated {n}x across set: {q[:60]!r}')

    if errors:
        print('\n'.join(['', f'{len(errors)} PROBLEM(S):'] + errors))
        sys.exit(1)
    print('ALL OK')


if __name__ == '__main__':
    main()
