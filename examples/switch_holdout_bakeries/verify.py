#!/usr/bin/env python3
"""Verify the Crumbline JTBD switch-interview holdout set (stdlib only).

Parses every transcript in its own format, then checks the key against the files.
Prints ALL OK on success, otherwise lists every problem and exits 1.
"""
import json
import os
import re
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.abspath(__file__))
TDIR = os.path.join(ROOT, 'transcripts')
EXT = {'rev': '.txt', 'zoom_vtt': '.vtt', 'json_turns': '.json', 'srt_dash': '.srt', 'plain_initials': '.txt'}
FORCES = ('push', 'pull', 'anxiety', 'habit')
SIZES = {'S1': 4, 'S2': 4, 'S3': 2, 'S4': 2}
WMIN, WMAX = 1100, 1450
errors = []


def err(msg):
    errors.append(msg)


class Unit:
    """One speaker unit (a turn, or a cue for formats that split turns into cues)."""
    def __init__(self, role, lines, name=None):
        self.role, self.lines, self.name = role, lines, name

    @property
    def text(self):
        return ' '.join(self.lines)


def blocks(text):
    return [b for b in re.split(r'\n\s*\n', text.strip()) if b.strip()]


def parse_rev(text, pname):
    units, names = [], []
    for b in blocks(text):
        lines = b.split('\n')
        m = re.fullmatch(r'(.+?) \((\d\d):([0-5]\d):([0-5]\d)\):', lines[0])
        if not m or len(lines) < 2:
            raise ValueError('bad rev block: %r' % lines[0][:60])
        names.append(m.group(1))
        units.append(Unit(None, [l for l in lines[1:]], m.group(1)))
    speakers = list(dict.fromkeys(names))
    if len(speakers) != 2 or pname not in speakers:
        raise ValueError('rev speakers %r, expected participant %r plus one interviewer' % (speakers, pname))
    for u in units:
        u.role = 'participant' if u.name == pname else 'interviewer'
    return units, speakers


def parse_vtt(text, pname):
    bs = blocks(text)
    if bs[0].strip() != 'WEBVTT':
        raise ValueError('missing WEBVTT header')
    units, names, expect = [], [], 1
    for b in bs[1:]:
        lines = b.split('\n')
        if lines[0].strip() != str(expect):
            raise ValueError('cue number %r, expected %d' % (lines[0], expect))
        expect += 1
        if not re.fullmatch(r'\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}', lines[1].strip()):
            raise ValueError('bad vtt timing %r' % lines[1])
        m = re.match(r'([^:]+): (.*)', lines[2])
        if not m:
            raise ValueError('vtt cue without speaker name: %r' % lines[2][:60])
        names.append(m.group(1))
        units.append(Unit(None, [m.group(2)] + lines[3:], m.group(1)))
    speakers = list(dict.fromkeys(names))
    if len(speakers) != 2 or pname not in speakers:
        raise ValueError('vtt speakers %r, expected participant %r plus one interviewer' % (speakers, pname))
    for u in units:
        u.role = 'participant' if u.name == pname else 'interviewer'
    return units, speakers


def parse_json(text, pname):
    d = json.loads(text)
    iv = d['interview']
    name = iv['participant']['name']
    if name != pname:
        raise ValueError('json participant %r != key %r' % (name, pname))
    units = []
    for t in iv['turns']:
        if t['speaker'] not in ('interviewer', 'participant') or set(t) != {'speaker', 'text'}:
            raise ValueError('bad json turn %r' % (t,))
        if '\n' in t['text']:
            raise ValueError('json turn text spans lines')
        units.append(Unit(t['speaker'], [t['text']]))
    return units, [name]


def parse_srt(text, pname):
    units, expect = [], 1
    for b in blocks(text):
        lines = b.split('\n')
        if lines[0].strip() != str(expect):
            raise ValueError('srt cue number %r, expected %d' % (lines[0], expect))
        if not re.fullmatch(r'\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}', lines[1].strip()):
            raise ValueError('bad srt timing %r' % lines[1])
        body = lines[2:]
        if not body or not body[0].startswith('- '):
            raise ValueError('srt cue %d does not start with a dash' % expect)
        body[0] = body[0][2:]
        role = 'interviewer' if expect % 2 == 1 else 'participant'
        units.append(Unit(role, body))
        expect += 1
    if pname not in units[0].text:
        raise ValueError('first srt cue does not greet %r by full name' % pname)
    return units, []


def parse_plain(text, pname):
    lines = text.strip().split('\n')
    m = re.fullmatch(r'Participants: (.+) \(P\), (.+) \(I\)', lines[0])
    if not m:
        raise ValueError('bad plain_initials header')
    if m.group(1) != pname:
        raise ValueError('plain header participant %r != key %r' % (m.group(1), pname))
    units = []
    for l in lines[1:]:
        if not l.strip():
            continue
        mm = re.match(r'([PI]): (.*)', l)
        if not mm:
            raise ValueError('bad plain line %r' % l[:60])
        units.append(Unit('participant' if mm.group(1) == 'P' else 'interviewer', [mm.group(2)]))
    return units, [m.group(1), m.group(2)]


PARSERS = {'rev': parse_rev, 'zoom_vtt': parse_vtt, 'json_turns': parse_json,
           'srt_dash': parse_srt, 'plain_initials': parse_plain}


def merge_turns(units):
    """Consecutive units of one role form one turn."""
    turns = []
    for u in units:
        if turns and turns[-1][0] == u.role:
            turns[-1][1].append(u.text)
        else:
            turns.append((u.role, [u.text]))
    return [(r, ' '.join(t)) for r, t in turns]


def norm(s):
    return re.sub(r'\s+', ' ', s.strip().lower())


def main():
    try:
        key = json.load(open(os.path.join(ROOT, 'key.json'), encoding='utf-8'))
    except Exception as e:
        print('cannot read key.json: %s' % e)
        return 1
    files, forces, sits = key.get('files', {}), key.get('forces', {}), key.get('situations', {})
    if set(key) != {'situations', 'forces', 'files'}:
        err('key.json top-level keys: %r' % sorted(key))

    # ---- file list and formats
    expected_stems = ['interview_%02d' % i for i in range(1, 15)]
    stems = sorted(os.path.splitext(f)[0] for f in files)
    if stems != expected_stems:
        err('key files are not interview_01..interview_14: %r' % stems)
    on_disk = sorted(os.listdir(TDIR)) if os.path.isdir(TDIR) else []
    if on_disk != sorted(files):
        err('transcripts/ holds %r, key lists %r' % (on_disk, sorted(files)))
    fmt_count = Counter(m.get('format') for m in files.values())
    if set(fmt_count) != set(EXT):
        err('formats used %r, expected the five %r' % (dict(fmt_count), sorted(EXT)))
    for f, c in fmt_count.items():
        if c < 2:
            err('format %s used %d time(s), need at least 2' % (f, c))
    names = [m.get('participant') for m in files.values()]
    if len(set(names)) != len(names):
        err('participant names repeat: %r' % names)
    for fn, m in files.items():
        if set(m) != {'participant', 'situation', 'format'}:
            err('%s: key.files entry keys %r' % (fn, sorted(m)))
        if m.get('format') in EXT and not fn.endswith(EXT[m['format']]):
            err('%s: extension does not match format %s' % (fn, m.get('format')))
        if not re.fullmatch(r"[A-Z][\w'\-]+( [A-Za-z][\w'\-]+)+", m.get('participant') or ''):
            err('%s: participant %r is not a full name' % (fn, m.get('participant')))
        if m.get('situation') not in (None, 'S1', 'S2', 'S3', 'S4'):
            err('%s: bad situation %r' % (fn, m.get('situation')))

    # ---- situations
    if sorted(sits) != sorted(SIZES):
        err('situations %r, expected %r' % (sorted(sits), sorted(SIZES)))
    seen_files = Counter()
    for sid, s in sits.items():
        for k in ('label', 'motivation', 'outcome', 'participants', 'files', 'keywords'):
            if k not in s:
                err('%s: missing %s' % (sid, k))
        if not re.fullmatch(r'When .+, I want .+, so that .+', s.get('motivation', '')):
            err('%s: motivation not in When/I want/so that form' % sid)
        kws = s.get('keywords', [])
        if len(kws) != 8 or len(set(kws)) != 8 or any(not k or len(k.split()) > 6 for k in kws):
            err('%s: need 8 distinct short keywords, got %r' % (sid, kws))
        fl, pl = s.get('files', []), s.get('participants', [])
        if len(fl) != SIZES.get(sid) or len(pl) != len(fl):
            err('%s: %d files / %d participants, expected %s' % (sid, len(fl), len(pl), SIZES.get(sid)))
        for f, p in zip(fl, pl):
            seen_files[f] += 1
            if f not in files:
                err('%s: unknown file %s' % (sid, f))
                continue
            if files[f]['participant'] != p:
                err('%s: %s is %r in files, %r in situation' % (sid, f, files[f]['participant'], p))
            if files[f]['situation'] != sid:
                err('%s: %s has situation %r in files' % (sid, f, files[f]['situation']))
    for f, m in files.items():
        want = 0 if m.get('situation') is None else 1
        if seen_files[f] != want:
            err('%s: listed in %d situations, expected %d' % (f, seen_files[f], want))
    if sum(1 for m in files.values() if m.get('situation') is None) != 2:
        err('expected exactly 2 files with no situation')

    # ---- transcripts
    if sorted(forces) != sorted(files):
        err('forces keys differ from files keys')
    all_iv = Counter()
    for fn in sorted(files):
        meta = files[fn]
        path = os.path.join(TDIR, fn)
        try:
            text = open(path, encoding='utf-8').read()
            units, shown = PARSERS[meta['format']](text, meta['participant'])
        except Exception as e:
            err('%s: cannot parse: %s' % (fn, e))
            continue
        if not units or units[0].role != 'interviewer':
            err('%s: does not open with the interviewer' % fn)
        pnames = {u.name for u in units if u.role == 'participant' and u.name}
        if len(pnames) > 1:
            err('%s: more than one participant name %r' % (fn, pnames))
        turns = merge_turns(units)
        for a, b in zip(turns, turns[1:]):
            if a[0] == b[0]:
                err('%s: turns do not alternate' % fn)
                break
        if not any(r == 'participant' for r, _ in turns):
            err('%s: no participant turns' % fn)
        words = sum(len(u.text.split()) for u in units)
        if not WMIN <= words <= WMAX:
            err('%s: %d words, outside %d-%d' % (fn, words, WMIN, WMAX))
        for r, t in turns:
            if r == 'interviewer':
                all_iv[norm(t)] += 1
        fz = forces.get(fn, {})
        if sorted(fz) != sorted(FORCES):
            err('%s: force keys %r' % (fn, sorted(fz)))
            continue
        allsent = [s for k in FORCES for s in fz[k]]
        if len(set(allsent)) != len(allsent):
            err('%s: a forces sentence is used twice' % fn)
        for k in FORCES:
            if len(fz[k]) != 2:
                err('%s: %s has %d sentences, need 2' % (fn, k, len(fz[k])))
            for s in fz[k]:
                if not (s and s[0].isupper() and s[-1] in '.?!' and '"' not in s and '\\' not in s and '\n' not in s):
                    err('%s: %s sentence breaks the form rules: %r' % (fn, k, s[:60]))
                pu = [u for u in units if u.role == 'participant' and any(s in l for l in u.lines)]
                iu = [u for u in units if u.role == 'interviewer' and s in u.text]
                if len(pu) != 1:
                    err('%s: %s sentence found in %d participant units: %r' % (fn, k, len(pu), s[:60]))
                elif pu[0].text.count(s) != 1:
                    err('%s: %s sentence repeats inside its unit: %r' % (fn, k, s[:60]))
                else:
                    t = pu[0].text
                    i = t.index(s)
                    before = t[:i].rstrip()
                    if before and before[-1] not in '.?!':
                        err('%s: %s sentence does not start a sentence: %r' % (fn, k, s[:60]))
                    after = t[i + len(s):]
                    if after and not after[0].isspace():
                        err('%s: %s sentence is cut short: %r' % (fn, k, s[:60]))
                if iu:
                    err('%s: %s sentence occurs in an interviewer unit: %r' % (fn, k, s[:60]))
        # at least one push inside the participant's first two turns
        ptexts = [t for r, t in turns if r == 'participant']
        if not any(s in ' '.join(ptexts[:2]) for s in fz.get('push', [])):
            err('%s: no push sentence in the opening answers' % fn)
    for t, c in all_iv.items():
        if c > 1:
            err('interviewer turn repeated %d times across the set: %r' % (c, t[:60]))

    if errors:
        for e in errors:
            print('FAIL:', e)
        print('%d problem(s)' % len(errors))
        return 1
    print('ALL OK')
    return 0


if __name__ == '__main__':
    sys.exit(main())
