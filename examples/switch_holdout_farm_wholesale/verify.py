#!/usr/bin/env python3
"""Self-check for the Harvestline switch-interview holdout set (stdlib only).

Parses every transcript in its own format and checks it against key.json.
Prints ALL OK when every check passes, otherwise lists the problems and exits 1.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TDIR = os.path.join(HERE, 'transcripts')
FORMATS = {'teams_vtt': '.vtt', 'fireflies': '.txt', 'json_utterances': '.json', 'descript': '.txt'}
MIN_WORDS, MAX_WORDS = 1100, 1450
FORCE_KINDS = ('push', 'pull', 'anxiety', 'habit')
GUID_ID = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/\d+-\d+$')
HMS = re.compile(r'^\[(\d\d):(\d\d):(\d\d)\]$')

errors = []


def err(msg):
    errors.append(msg)


def secs(h, m, s):
    return int(h) * 3600 + int(m) * 60 + int(s)


# ---------------------------------------------------------------- parsers
# Each parser returns (units, interviewer_name); a unit is dict(speaker, text, start)

def parse_vtt(path):
    raw = open(path, encoding='utf-8').read().replace('\r\n', '\n')
    blocks = [b for b in re.split(r'\n\s*\n', raw.strip()) if b.strip()]
    if not blocks or blocks[0].strip() != 'WEBVTT':
        err('%s: missing WEBVTT header' % os.path.basename(path))
        return [], None
    units = []
    for b in blocks[1:]:
        lines = b.split('\n')
        if len(lines) < 3:
            err('%s: short cue block %r' % (os.path.basename(path), b[:60]))
            continue
        cid, timing, body = lines[0].strip(), lines[1].strip(), '\n'.join(lines[2:])
        if not GUID_ID.match(cid):
            err('%s: cue id not GUID-like: %s' % (os.path.basename(path), cid))
        m = re.match(r'^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})$', timing)
        if not m:
            err('%s: bad timing line %s' % (os.path.basename(path), timing))
            continue
        start = secs(*m.group(1, 2, 3)) + int(m.group(4)) / 1000.0
        end = secs(*m.group(5, 6, 7)) + int(m.group(8)) / 1000.0
        if end <= start:
            err('%s: cue %s ends before it starts' % (os.path.basename(path), cid))
        v = re.match(r'^<v ([^>]+)>(.*)</v>$', body, re.S)
        if not v:
            err('%s: cue %s has no <v Name> voice tag' % (os.path.basename(path), cid))
            continue
        units.append({'speaker': v.group(1).strip(), 'text': v.group(2), 'start': start})
    interviewer = units[0]['speaker'] if units else None
    return units, interviewer


def parse_fireflies(path):
    lines = open(path, encoding='utf-8').read().replace('\r\n', '\n').split('\n')
    m = re.match(r'^Interviewer: (.+)$', lines[0].strip()) if lines else None
    if not m:
        err('%s: missing "Interviewer: Full Name" header line' % os.path.basename(path))
        return [], None
    interviewer = m.group(1).strip()
    units = []
    for ln in lines[1:]:
        if not ln.strip():
            continue
        t = re.match(r'^\[(\d\d):(\d\d):(\d\d)\] ([^:\[\]]+): (.+)$', ln)
        if not t:
            err('%s: unparsable line %r' % (os.path.basename(path), ln[:60]))
            continue
        units.append({'speaker': t.group(4).strip(), 'text': t.group(5), 'start': secs(*t.group(1, 2, 3))})
    return units, interviewer


def parse_json(path):
    name = os.path.basename(path)
    try:
        doc = json.load(open(path, encoding='utf-8'))
    except ValueError as e:
        err('%s: invalid JSON (%s)' % (name, e))
        return [], None
    if set(doc) != {'speakers', 'utterances'}:
        err('%s: top-level keys must be speakers and utterances' % name)
    spk = doc.get('speakers', [])
    ids = {s.get('id'): s.get('name') for s in spk}
    if sorted(ids) != [0, 1] or len(spk) != 2:
        err('%s: speakers must be exactly ids 0 and 1' % name)
    units = []
    for u in doc.get('utterances', []):
        if set(u) != {'speaker', 'start', 'end', 'text'}:
            err('%s: utterance keys wrong: %s' % (name, sorted(u)))
        if u.get('speaker') not in ids:
            err('%s: utterance with unknown speaker id %r' % (name, u.get('speaker')))
            continue
        if not (isinstance(u.get('start'), int) and isinstance(u.get('end'), int) and u['end'] > u['start']):
            err('%s: bad start/end ms in utterance %r' % (name, u.get('text', '')[:40]))
        units.append({'speaker': ids[u['speaker']], 'text': u.get('text', ''), 'start': u.get('start', 0) / 1000.0})
    interviewer = units[0]['speaker'] if units else None
    return units, interviewer


def parse_descript(path):
    name = os.path.basename(path)
    raw = open(path, encoding='utf-8').read().replace('\r\n', '\n')
    blocks = [b for b in re.split(r'\n\s*\n', raw.strip()) if b.strip()]
    units = []
    for b in blocks:
        lines = b.split('\n')
        if len(lines) < 3 or not HMS.match(lines[1].strip()):
            err('%s: block is not Name / [hh:mm:ss] / text: %r' % (name, b[:60]))
            continue
        units.append({'speaker': lines[0].strip(), 'text': '\n'.join(lines[2:]),
                      'start': secs(*HMS.match(lines[1].strip()).groups())})
    return units, 'Interviewer'


PARSERS = {'teams_vtt': parse_vtt, 'fireflies': parse_fireflies,
           'json_utterances': parse_json, 'descript': parse_descript}


def norm(s):
    return re.sub(r'[^a-z0-9]+', ' ', s.lower()).strip()


# ---------------------------------------------------------------- key checks
def check_key(key):
    files = key.get('files', {})
    sits = key.get('situations', {})
    forces = key.get('forces', {})
    if set(key) != {'situations', 'forces', 'files'}:
        err('key.json: top-level keys must be situations, forces, files')
    expected = ['interview_%02d' % i for i in range(1, 13)]
    stems = sorted(os.path.splitext(f)[0] for f in files)
    if stems != expected:
        err('key.json files must be interview_01..interview_12, got %s' % stems)
    on_disk = sorted(os.listdir(TDIR))
    if on_disk != sorted(files):
        err('transcripts/ contents %s differ from key files %s' % (on_disk, sorted(files)))
    if set(forces) != set(files):
        err('key.json forces and files name different transcripts')
    # formats
    counts = {}
    for fn, meta in files.items():
        fmt = meta.get('format')
        if fmt not in FORMATS:
            err('%s: unknown format %r' % (fn, fmt))
            continue
        if not fn.endswith(FORMATS[fmt]):
            err('%s: extension does not match format %s' % (fn, fmt))
        counts[fmt] = counts.get(fmt, 0) + 1
    if counts != {f: 3 for f in FORMATS}:
        err('each of the four formats must be used exactly three times, got %s' % counts)
    # participants
    names = [m.get('participant', '') for m in files.values()]
    if len(set(names)) != 12:
        err('participants must be 12 different people: %s' % names)
    for n in names:
        if len(n.split()) < 2:
            err('participant %r lacks a first and last name' % n)
    # situations
    if sorted(sits) != ['S1', 'S2', 'S3']:
        err('situations must be S1, S2, S3')
    sizes = {'S1': 4, 'S2': 3, 'S3': 3}
    seen = {}
    for s, d in sits.items():
        want = ('label', 'motivation', 'outcome', 'participants', 'files', 'keywords')
        if tuple(d) != want:
            err('%s: fields must be %s in that order' % (s, want))
        if not re.match(r'^When .+, I want .+, so that .+$', d.get('motivation', '')):
            err('%s: motivation is not "When ..., I want ..., so that ..."' % s)
        if len(d.get('keywords', [])) != 8:
            err('%s: needs 8 keywords' % s)
        ps, fs = d.get('participants', []), d.get('files', [])
        if len(ps) != sizes.get(s) or len(fs) != sizes.get(s):
            err('%s: needs %s participants and files, has %d/%d' % (s, sizes.get(s), len(ps), len(fs)))
        for p, f in zip(ps, fs):
            if f not in files:
                err('%s: file %s not in key files' % (s, f))
                continue
            if files[f].get('participant') != p:
                err('%s: %s is listed with %s but key files says %s' % (s, f, p, files[f].get('participant')))
            if files[f].get('situation') != s:
                err('%s: %s is listed but key files gives situation %r' % (s, f, files[f].get('situation')))
            if f in seen:
                err('%s appears in both %s and %s' % (f, seen[f], s))
            seen[f] = s
    for f, meta in files.items():
        sit = meta.get('situation')
        if sit is None:
            if f in seen:
                err('%s has situation null but is listed under %s' % (f, seen[f]))
        elif seen.get(f) != sit:
            err('%s says %s but is not listed there' % (f, sit))
    nulls = [f for f, m in files.items() if m.get('situation') is None]
    if len(nulls) != 2:
        err('exactly two files must have situation null, got %d' % len(nulls))


# ---------------------------------------------------------------- transcript checks
def turns_of(units):
    """Merge consecutive units of one speaker into turns."""
    out = []
    for u in units:
        if out and out[-1]['speaker'] == u['speaker']:
            out[-1]['texts'].append(u['text'])
        else:
            out.append({'speaker': u['speaker'], 'texts': [u['text']]})
    return out


def check_file(fn, meta, fcs, all_iv_turns, interviewer_names):
    fmt = meta['format']
    units, interviewer = PARSERS[fmt](os.path.join(TDIR, fn))
    if not units:
        err('%s: no units parsed' % fn)
        return
    speakers = []
    for u in units:
        if u['speaker'] not in speakers:
            speakers.append(u['speaker'])
    others = [s for s in speakers if s != interviewer]
    if interviewer not in speakers:
        err('%s: interviewer %r never speaks' % (fn, interviewer))
    if len(others) != 1:
        err('%s: must have exactly one participant, found %s' % (fn, others))
        return
    participant = others[0]
    if participant != meta['participant']:
        err('%s: participant in file is %r, key says %r' % (fn, participant, meta['participant']))
    if fmt == 'descript' and interviewer != 'Interviewer':
        err('%s: descript interviewer must be labelled Interviewer' % fn)
    if fmt != 'descript':
        if len(interviewer.split()) < 2:
            err('%s: interviewer %r needs a full name' % (fn, interviewer))
        interviewer_names.add(interviewer)
    if units[0]['speaker'] != interviewer:
        err('%s: interviewer should open the interview' % fn)
    starts = [u['start'] for u in units]
    if starts != sorted(starts):
        err('%s: timestamps are not in order' % fn)
    words = sum(len(u['text'].split()) for u in units)
    if not MIN_WORDS <= words <= MAX_WORDS:
        err('%s: %d words, outside %d-%d' % (fn, words, MIN_WORDS, MAX_WORDS))
    p_units = [u['text'] for u in units if u['speaker'] == participant]
    i_units = [u['text'] for u in units if u['speaker'] == interviewer]
    for t in i_units:
        all_iv_turns.setdefault(norm(t), []).append(fn)
    # forces
    if sorted(fcs) != sorted(FORCE_KINDS):
        err('%s: forces must have push, pull, anxiety, habit' % fn)
    allsent = []
    for kind in FORCE_KINDS:
        lst = fcs.get(kind, [])
        if len(lst) != 2:
            err('%s: %s needs exactly two sentences' % (fn, kind))
        for s in lst:
            allsent.append(s)
            if not re.match(r'^[A-Z]', s) or not re.search(r'[.?!]$', s):
                err('%s: %s sentence must start with a capital and end with . ? or !: %r' % (fn, kind, s))
            if '"' in s or '\\' in s or '\n' in s:
                err('%s: %s sentence has a double quote, backslash or newline: %r' % (fn, kind, s))
            hits = [t for t in p_units if s in t]
            if len(hits) != 1:
                err('%s: %s sentence found in %d participant units (need 1): %r' % (fn, kind, len(hits), s))
            elif hits[0].count(s) != 1:
                err('%s: %s sentence occurs more than once in its unit: %r' % (fn, kind, s))
            elif not any(s in line for line in hits[0].split('\n')):
                err('%s: %s sentence spans lines: %r' % (fn, kind, s))
            if any(s in t for t in i_units):
                err('%s: %s sentence appears in an interviewer unit: %r' % (fn, kind, s))
    if len(set(allsent)) != len(allsent):
        err('%s: a forces sentence is used twice' % fn)
    # at least one push in the participant's first two turns (opening answers)
    turns = turns_of(units)
    p_turns = [' '.join(t['texts']) for t in turns if t['speaker'] == participant]
    if not any(s in t for s in fcs.get('push', []) for t in p_turns[:2]):
        err('%s: no push sentence in the participant\'s opening answers' % fn)
    # at least one habit told in answer to a question that does not ask about habits
    unprompted = False
    for i, t in enumerate(turns):
        if t['speaker'] != participant or i == 0:
            continue
        txt = ' '.join(t['texts'])
        q = ' '.join(turns[i - 1]['texts']).lower()
        asks_habit = re.search(r'\bhabit|\bstill\b|\bmiss\b|old way', q)
        if not asks_habit and any(s in txt for s in fcs.get('habit', [])):
            unprompted = True
    if not unprompted:
        err('%s: every habit sentence follows a question about habits' % fn)
    return participant, words


def main():
    try:
        key = json.load(open(os.path.join(HERE, 'key.json'), encoding='utf-8'))
    except (OSError, ValueError) as e:
        print('cannot read key.json: %s' % e)
        sys.exit(1)
    check_key(key)
    all_iv_turns = {}
    interviewer_names = set()
    report = []
    for fn in sorted(key.get('files', {})):
        if not os.path.exists(os.path.join(TDIR, fn)):
            err('%s: missing' % fn)
            continue
        r = check_file(fn, key['files'][fn], key.get('forces', {}).get(fn, {}), all_iv_turns, interviewer_names)
        if r:
            report.append('%s  %-22s %-16s %s  %4d words' % (fn, r[0], key['files'][fn]['format'],
                                                             key['files'][fn]['situation'], r[1]))
    for t, fns in all_iv_turns.items():
        if len(fns) > 1:
            err('interviewer turn repeated across the set: %r in %s' % (t, fns))
    participants = {m.get('participant') for m in key.get('files', {}).values()}
    if interviewer_names & participants:
        err('an interviewer shares a name with a participant: %s' % (interviewer_names & participants))
    for line in report:
        print(line)
    if errors:
        print('\n%d problem(s):' % len(errors))
        for e in errors:
            print(' - ' + e)
        sys.exit(1)
    print('ALL OK')


if __name__ == '__main__':
    main()
