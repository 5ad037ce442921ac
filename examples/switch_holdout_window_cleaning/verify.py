#!/usr/bin/env python3
"""Self-check for the Tidewater switch-interview hold-out set (stdlib only).

Parses every transcript in its own format, then checks it against key.json:
  * one interviewer and exactly one participant per file, named as the key says
    where the format carries names;
  * 1,100-1,450 spoken words per file (interviewer + participant text only,
    no timestamps, labels or JSON keys);
  * every forces sentence is a well-formed single sentence that appears word for
    word in exactly one participant unit of its file and in no interviewer unit;
  * at least one push sentence in the participant's first two answers, and at
    least one habit sentence not prompted by a habit-style question;
  * no interviewer turn repeats anywhere in the set;
  * situations, files, participants and formats in the key agree.
Prints ALL OK when everything passes; exits 1 otherwise.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TDIR = os.path.join(HERE, 'transcripts')
EXT = {'otter_plain': '.txt', 'descript': '.txt', 'vtt_speakers': '.vtt', 'json_utterances': '.json'}
FORCES = ('push', 'pull', 'anxiety', 'habit')
HABIT_PROMPTS = ('habit', 'old way', 'still do', 'used to', 'hanging on', 'the way you did', 'keep the', 'still up')

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- parsers
# Each parser returns (units, names): units is a list of (role, text, start_ms)
# with role 'I' (interviewer) or 'P' (participant); names is the set of
# participant labels the format carries (empty set if it carries none).

def parse_otter(raw, fname):
    units = []
    blocks = [b for b in re.split(r'\n\s*\n', raw.strip('\n')) if b.strip()]
    for b in blocks:
        lines = b.split('\n')
        m = re.fullmatch(r'Speaker (\d+)  (\d+):(\d\d)', lines[0])
        if not m or len(lines) < 2:
            err('%s: bad otter block header %r' % (fname, lines[0][:60]))
            continue
        spk = m.group(1)
        if spk not in ('1', '2'):
            err('%s: unexpected speaker %s' % (fname, spk))
            continue
        ms = (int(m.group(2)) * 60 + int(m.group(3))) * 1000
        units.append(('I' if spk == '1' else 'P', '\n'.join(lines[1:]), ms))
    return units, set()


def parse_descript(raw, fname):
    units, names = [], set()
    paras = [p for p in re.split(r'\n\s*\n', raw.strip('\n')) if p.strip()]
    for p in paras:
        m = re.fullmatch(r'\[(\d\d):(\d\d):(\d\d)\] ([^:\n]+): (.+)', p, re.S)
        if not m:
            err('%s: bad descript paragraph %r' % (fname, p[:60]))
            continue
        ms = (int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))) * 1000
        who = m.group(4)
        if who == 'Interviewer':
            units.append(('I', m.group(5), ms))
        else:
            names.add(who)
            units.append(('P', m.group(5), ms))
    return units, names


def vtt_time(s):
    h, m, rest = s.split(':')
    sec, ms = rest.split('.')
    return ((int(h) * 60 + int(m)) * 60 + int(sec)) * 1000 + int(ms)


def parse_vtt(raw, fname):
    units = []
    if not raw.startswith('WEBVTT'):
        err('%s: missing WEBVTT header' % fname)
    blocks = [b for b in re.split(r'\n\s*\n', raw.strip('\n')) if b.strip()][1:]
    for b in blocks:
        lines = b.split('\n')
        ti = next((i for i, l in enumerate(lines) if '-->' in l), None)
        if ti is None:
            err('%s: cue without timing %r' % (fname, b[:60]))
            continue
        m = re.fullmatch(r'(\d\d:\d\d:\d\d\.\d\d\d) --> (\d\d:\d\d:\d\d\.\d\d\d)', lines[ti].strip())
        if not m:
            err('%s: bad timing line %r' % (fname, lines[ti]))
            continue
        start, end = vtt_time(m.group(1)), vtt_time(m.group(2))
        if end <= start:
            err('%s: cue ends before it starts at %s' % (fname, m.group(1)))
        text = '\n'.join(lines[ti + 1:])
        sm = re.match(r'Speaker (\d+): ', text)
        if not sm or sm.group(1) not in ('0', '1'):
            err('%s: cue text must start Speaker 0: or Speaker 1: -> %r' % (fname, text[:40]))
            continue
        units.append(('I' if sm.group(1) == '0' else 'P', text[sm.end():], start))
    return units, set()


def parse_json(raw, fname):
    units, names = [], set()
    d = json.loads(raw)
    md = d.get('metadata', {})
    if 'participant' in md:
        names.add(md['participant'])
    else:
        err('%s: metadata.participant missing' % fname)
    if not re.fullmatch(r'2024-\d\d-\d\d', str(md.get('recorded', ''))):
        err('%s: metadata.recorded should be a 2024 date' % fname)
    for u in d.get('utterances', []):
        spk = u.get('speaker')
        if spk not in ('A', 'B'):
            err('%s: unexpected speaker %r' % (fname, spk))
            continue
        if not isinstance(u.get('start_ms'), int) or not isinstance(u.get('text'), str):
            err('%s: utterance missing start_ms/text' % fname)
            continue
        units.append(('I' if spk == 'A' else 'P', u['text'], u['start_ms']))
    return units, names


PARSERS = {'otter_plain': parse_otter, 'descript': parse_descript,
           'vtt_speakers': parse_vtt, 'json_utterances': parse_json}


def turns_from_units(units):
    """Merge consecutive units of the same role into turns (VTT splits turns into cues)."""
    turns = []
    for role, text, _ in units:
        if turns and turns[-1][0] == role:
            turns[-1] = (role, turns[-1][1] + ' ' + text)
        else:
            turns.append((role, text))
    return turns


def norm(s):
    return ' '.join(re.sub(r"[^a-z0-9' ]", ' ', s.lower()).split())


# ---------------------------------------------------------------- checks
key = json.load(open(os.path.join(HERE, 'key.json'), encoding='utf-8'))
files = key.get('files', {})
forces = key.get('forces', {})
sits = key.get('situations', {})

expected = ['interview_%02d' % i for i in range(1, 13)]
stems = sorted(os.path.splitext(f)[0] for f in files)
if stems != expected:
    err('key.files must be interview_01..interview_12, got %s' % stems)
on_disk = sorted(os.listdir(TDIR))
if on_disk != sorted(files):
    err('transcripts/ %s does not match key.files %s' % (on_disk, sorted(files)))

fmt_count = {}
participants_seen = {}
all_interviewer_turns = {}
for fname in sorted(files):
    meta = files[fname]
    fmt, person = meta.get('format'), meta.get('participant', '')
    fmt_count[fmt] = fmt_count.get(fmt, 0) + 1
    if fmt not in PARSERS:
        err('%s: unknown format %r' % (fname, fmt))
        continue
    if not fname.endswith(EXT[fmt]):
        err('%s: extension does not fit format %s' % (fname, fmt))
    if len(person.split()) < 2:
        err('%s: participant needs first and last name' % fname)
    if person in participants_seen:
        err('%s: participant %s also in %s' % (fname, person, participants_seen[person]))
    participants_seen[person] = fname
    path = os.path.join(TDIR, fname)
    if not os.path.exists(path):
        continue
    raw = open(path, encoding='utf-8').read()
    units, names = PARSERS[fmt](raw, fname)
    if not units:
        err('%s: no units parsed' % fname)
        continue
    roles = {r for r, _, _ in units}
    if roles != {'I', 'P'}:
        err('%s: needs interviewer and participant units, got %s' % (fname, roles))
    if fmt in ('descript', 'json_utterances'):
        if names != {person}:
            err('%s: participant names in file %s != key %s' % (fname, names, person))
    if fmt in ('otter_plain', 'vtt_speakers'):
        if units[0][0] != 'I' or person not in units[0][1]:
            err('%s: interviewer must say %s in the first turn/cue' % (fname, person))
    starts = [s for _, _, s in units]
    if starts != sorted(starts):
        err('%s: timestamps not in order' % fname)
    words = sum(len(t.split()) for _, t, _ in units)
    if not 1100 <= words <= 1450:
        err('%s: %d words, outside 1100-1450' % (fname, words))
    print('%-22s %-16s %-20s %4d words %3d units' % (fname, fmt, person, words, len(units)))
    for _, t, _ in units:
        if '"' in t or '\\' in t:
            err('%s: unit contains a double quote or backslash' % fname)
            break

    turns = turns_from_units(units)
    for r, t in turns:
        if r == 'I':
            n = norm(t)
            if n in all_interviewer_turns:
                err('%s: interviewer turn repeats (also in %s): %r' % (fname, all_interviewer_turns[n], t[:60]))
            all_interviewer_turns[n] = fname

    # forces
    fz = forces.get(fname)
    if not isinstance(fz, dict) or sorted(fz) != sorted(FORCES):
        err('%s: forces must have exactly %s' % (fname, FORCES))
        continue
    seen_sent = set()
    p_units = [t for r, t, _ in units if r == 'P']
    i_units = [t for r, t, _ in units if r == 'I']
    for force in FORCES:
        lst = fz[force]
        if not isinstance(lst, list) or len(lst) != 2:
            err('%s: %s must list exactly two sentences' % (fname, force))
            continue
        for s in lst:
            if s in seen_sent:
                err('%s: sentence used twice: %r' % (fname, s))
            seen_sent.add(s)
            if not re.fullmatch(r'[A-Z].*[.?!]', s) or '\n' in s or '"' in s or '\\' in s:
                err('%s: %s sentence badly formed: %r' % (fname, force, s))
            if re.search(r'[.?!]\s+[A-Z]', s):
                err('%s: %s entry looks like more than one sentence: %r' % (fname, force, s))
            hits = [t for t in p_units if s in t]
            if len(hits) != 1:
                err('%s: %s sentence in %d participant units: %r' % (fname, force, len(hits), s))
            elif not any(s in line for line in hits[0].split('\n')):
                err('%s: %s sentence spans lines: %r' % (fname, force, s))
            if any(s in t for t in i_units):
                err('%s: %s sentence found in an interviewer unit: %r' % (fname, force, s))
    # opening push: in the participant's first two answers (turn level)
    p_turns = [t for r, t in turns if r == 'P']
    if not any(s in t for s in fz['push'] for t in p_turns[:2]):
        err('%s: no push sentence in the first two participant answers' % fname)
    # a habit told without being asked about habits
    unprompted = False
    for s in fz['habit']:
        for idx, (r, t) in enumerate(turns):
            if r == 'P' and s in t:
                prev = turns[idx - 1][1].lower() if idx and turns[idx - 1][0] == 'I' else ''
                if not any(k in prev for k in HABIT_PROMPTS):
                    unprompted = True
    if not unprompted:
        err('%s: every habit sentence follows a habit-style question' % fname)

for fmt, ext in EXT.items():
    if fmt_count.get(fmt) != 3:
        err('format %s used %s times, expected 3' % (fmt, fmt_count.get(fmt, 0)))

# situations
if sorted(sits) != ['S1', 'S2', 'S3']:
    err('situations must be S1, S2, S3')
in_sit = {}
for sid, s in sits.items():
    for fld in ('label', 'motivation', 'outcome', 'participants', 'files', 'keywords'):
        if fld not in s:
            err('%s: missing %s' % (sid, fld))
    mot = s.get('motivation', '')
    if not (mot.startswith('When ') and ', I want ' in mot and ', so that ' in mot):
        err('%s: motivation must read When ..., I want ..., so that ...' % sid)
    if len(s.get('keywords', [])) != 8:
        err('%s: needs 8 keywords' % sid)
    ps, fs = s.get('participants', []), s.get('files', [])
    if len(ps) != 4 or len(fs) != 4:
        err('%s: needs exactly 4 participants and 4 files' % sid)
    for p, f in zip(ps, fs):
        if f not in files:
            err('%s: unknown file %s' % (sid, f))
            continue
        if files[f]['participant'] != p:
            err('%s: %s is %s in key.files, not %s' % (sid, f, files[f]['participant'], p))
        if files[f]['situation'] != sid:
            err('%s: %s has situation %s in key.files' % (sid, f, files[f]['situation']))
        if f in in_sit:
            err('%s appears in %s and %s' % (f, in_sit[f], sid))
        in_sit[f] = sid
for f, meta in files.items():
    if meta.get('situation') is None:
        if f in in_sit:
            err('%s: situation null but listed under %s' % (f, in_sit[f]))
    elif in_sit.get(f) != meta.get('situation'):
        err('%s: situation %s but not listed there' % (f, meta.get('situation')))

if errors:
    print('\n'.join('FAIL: ' + e for e in errors))
    sys.exit(1)
print('ALL OK')
