#!/usr/bin/env python3
"""Self-check for the Splashtrack switch-interview hold-out set (stdlib only).

Run from anywhere:  python3 verify.py
Parses every transcript in its own format, then checks the transcripts against
key.json. Prints ALL OK on success, otherwise every problem found (exit code 1).
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
TDIR = os.path.join(ROOT, 'transcripts')
EXT = {'fireflies': 'txt', 'teams_vtt': 'vtt', 'json_turns': 'json',
       'plain_labels': 'txt', 'sbv': 'sbv'}
FORCES = ('push', 'pull', 'anxiety', 'habit')
SIT_SIZES = {'S1': 4, 'S2': 3, 'S3': 3, 'S4': 2}
WORDS_MIN, WORDS_MAX = 1100, 1450
N_FILES = 14

errors = []


def err(msg):
    errors.append(msg)


class FormatError(Exception):
    pass


# ---------------------------------------------------------------- parsers
# Each parser returns (units, interviewer_name_or_None, participant_names)
# where units is a list of (role, speaker, text), role in {'I', 'P'}.

def parse_fireflies(text):
    lines = text.split('\n')
    interviewer = None
    units, speakers = [], []
    started = False
    last = -1
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        m = re.match(r'^\[(\d\d):([0-5]\d):([0-5]\d)\] ([^:\[\]]+?): (.+)$', line)
        if m:
            started = True
            t = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))
            if t < last:
                raise FormatError(f'line {n}: timestamp goes backwards')
            last = t
            speakers.append(m.group(4))
            units.append([None, m.group(4), m.group(5)])
            continue
        if started:
            raise FormatError(f'line {n}: not a [hh:mm:ss] Name: text turn line')
        h = re.match(r'^([A-Za-z ]+): (.+)$', line)
        if not h:
            raise FormatError(f'header line {n} malformed')
        if h.group(1) == 'Interviewer':
            interviewer = h.group(2).strip()
    if interviewer is None:
        raise FormatError('no "Interviewer: Full Name" header line')
    if interviewer not in speakers:
        raise FormatError('header interviewer never speaks')
    for u in units:
        u[0] = 'I' if u[1] == interviewer else 'P'
    return [tuple(u) for u in units], interviewer


def parse_plain(text):
    units = []
    for n, line in enumerate(text.split('\n'), 1):
        if not line.strip():
            continue
        m = re.match(r'^([^:]+?): (.+)$', line)
        if not m:
            raise FormatError(f'line {n}: not a "Label: text" turn')
        who = m.group(1)
        units.append(('I' if who == 'Interviewer' else 'P', who, m.group(2)))
    return units, None


def parse_json(text):
    doc = json.loads(text)
    if set(doc) != {'meta', 'turns'}:
        raise FormatError('top-level keys must be meta and turns')
    meta = doc['meta']
    if set(meta) != {'participant', 'interviewer'}:
        raise FormatError('meta must have exactly participant and interviewer')
    iv, pt = meta['interviewer'], meta['participant']
    if iv == pt:
        raise FormatError('interviewer and participant are the same name')
    units = []
    for i, t in enumerate(doc['turns']):
        if set(t) != {'speaker', 'text'} or not isinstance(t['text'], str):
            raise FormatError(f'turn {i} malformed')
        if '\n' in t['text']:
            raise FormatError(f'turn {i} spans more than one line')
        if t['speaker'] == iv:
            units.append(('I', iv, t['text']))
        else:
            units.append(('P', t['speaker'], t['text']))
    return units, iv


GUID = r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
VTT_TIME = r'(\d\d):(\d\d):(\d\d)\.(\d{3})'


def secs(g):
    return int(g[0]) * 3600 + int(g[1]) * 60 + int(g[2]) + int(g[3]) / 1000


def blocks(text):
    return [b.split('\n') for b in re.split(r'\n\s*\n', text.strip('\n')) if b.strip()]


def assign_roles(raw):
    """For speaker-tagged caption formats: the first speaker is the interviewer."""
    if not raw:
        raise FormatError('no cues')
    iv = raw[0][0]
    return [('I' if s == iv else 'P', s, t) for s, t in raw], iv


def parse_vtt(text):
    bl = blocks(text)
    if bl[0] != ['WEBVTT']:
        raise FormatError('first block must be exactly WEBVTT')
    raw, last = [], -1.0
    for b in bl[1:]:
        if len(b) != 3:
            raise FormatError(f'cue {b[0]!r}: expected id, timing and one text line')
        if not re.match(rf'^{GUID}/\d+-\d+$', b[0]):
            raise FormatError(f'cue id {b[0]!r} is not GUID/n-m')
        m = re.match(rf'^{VTT_TIME} --> {VTT_TIME}$', b[1])
        if not m:
            raise FormatError(f'cue {b[0]}: bad timing line')
        a, z = secs(m.groups()[:4]), secs(m.groups()[4:])
        if z <= a or a < last:
            raise FormatError(f'cue {b[0]}: timing out of order')
        last = z
        v = re.match(r'^<v ([^>]+)>(.+)</v>$', b[2])
        if not v:
            raise FormatError(f'cue {b[0]}: payload is not <v Name>text</v>')
        raw.append((v.group(1), v.group(2)))
    return assign_roles(raw)


def parse_sbv(text):
    raw, last = [], -1.0
    for b in blocks(text):
        if len(b) != 2:
            raise FormatError(f'caption {b[0]!r}: expected timing and one text line')
        m = re.match(r'^(\d+):(\d\d):(\d\d)\.(\d{3}),(\d+):(\d\d):(\d\d)\.(\d{3})$', b[0])
        if not m:
            raise FormatError(f'bad SBV timing line {b[0]!r}')
        a, z = secs(m.groups()[:4]), secs(m.groups()[4:])
        if z <= a or a < last:
            raise FormatError(f'caption {b[0]}: timing out of order')
        last = z
        t = re.match(r'^([^:]+?): (.+)$', b[1])
        if not t:
            raise FormatError(f'caption {b[0]}: text is not "Name: text"')
        raw.append((t.group(1), t.group(2)))
    return assign_roles(raw)


PARSERS = {'fireflies': parse_fireflies, 'plain_labels': parse_plain,
           'json_turns': parse_json, 'teams_vtt': parse_vtt, 'sbv': parse_sbv}


def turns_of(units):
    """Merge consecutive units by the same speaker into turns."""
    out = []
    for role, who, text in units:
        if out and out[-1][1] == who:
            out[-1] = (role, who, out[-1][2] + ' ' + text)
        else:
            out.append((role, who, text))
    return out


def is_full_name(name):
    parts = name.split()
    return len(parts) >= 2 and all(p[0].isupper() for p in parts)


# ---------------------------------------------------------------- key
def check_key(key):
    if set(key) != {'situations', 'forces', 'files'}:
        err('key.json: top-level keys must be situations, forces, files')
        return
    files, sits, forces = key['files'], key['situations'], key['forces']
    expected = {f'interview_{i:02d}' for i in range(1, N_FILES + 1)}
    stems = {os.path.splitext(f)[0] for f in files}
    if stems != expected or len(files) != N_FILES:
        err(f'key.json files must be interview_01..interview_{N_FILES:02d}')
    on_disk = set(os.listdir(TDIR)) if os.path.isdir(TDIR) else set()
    if on_disk != set(files):
        err(f'transcripts/ holds {sorted(on_disk ^ set(files))} not matching key files')
    if set(forces) != set(files):
        err('key forces and files cover different file names')
    fmt_count = {}
    names = []
    for f, info in files.items():
        if set(info) != {'participant', 'situation', 'format'}:
            err(f'{f}: files entry needs participant, situation, format')
            continue
        fmt = info['format']
        if fmt not in EXT:
            err(f'{f}: unknown format {fmt}')
            continue
        if not f.endswith('.' + EXT[fmt]):
            err(f'{f}: extension does not fit format {fmt}')
        fmt_count[fmt] = fmt_count.get(fmt, 0) + 1
        if not is_full_name(info['participant']):
            err(f'{f}: participant {info["participant"]!r} is not a full name')
        names.append(info['participant'])
        if info['situation'] is not None and info['situation'] not in SIT_SIZES:
            err(f'{f}: situation {info["situation"]!r} unknown')
    if len(set(names)) != len(names):
        err('participants are not all different people')
    if set(fmt_count) != set(EXT) or min(fmt_count.values(), default=0) < 2:
        err(f'formats used: {fmt_count} (need all five, each at least twice)')
    if set(sits) != set(SIT_SIZES):
        err(f'situations must be exactly {sorted(SIT_SIZES)}')
    seen = {}
    for s, d in sits.items():
        need = {'label', 'motivation', 'outcome', 'participants', 'files', 'keywords'}
        if set(d) != need:
            err(f'{s}: keys must be {sorted(need)}')
            continue
        for k in ('label', 'outcome'):
            if not isinstance(d[k], str) or not d[k].strip():
                err(f'{s}: empty {k}')
        mo = d['motivation']
        if not (mo.startswith('When ') and ', I want ' in mo and ', so that ' in mo):
            err(f'{s}: motivation is not "When ..., I want ..., so that ..."')
        kw = d['keywords']
        if len(kw) != 8 or len(set(kw)) != 8 or not all(isinstance(k, str) and k.strip() for k in kw):
            err(f'{s}: needs 8 distinct keywords')
        if len(d['files']) != SIT_SIZES.get(s) or len(d['participants']) != len(d['files']):
            err(f'{s}: expected {SIT_SIZES.get(s)} files and as many participants')
        for f, p in zip(d['files'], d['participants']):
            if f in seen:
                err(f'{f} listed in both {seen[f]} and {s}')
            seen[f] = s
            info = files.get(f)
            if info is None:
                err(f'{s}: file {f} not in key files')
                continue
            if info['situation'] != s:
                err(f'{f}: files says {info["situation"]}, situation lists say {s}')
            if info['participant'] != p:
                err(f'{s}: {f} participant {p!r} != files entry {info["participant"]!r}')
    for f, info in files.items():
        if info.get('situation') is not None and f not in seen:
            err(f'{f}: has situation {info["situation"]} but is not in its lists')
        if info.get('situation') is None and f in seen:
            err(f'{f}: situation null but listed under {seen[f]}')
    nulls = [f for f, i in files.items() if i.get('situation') is None]
    if len(nulls) != 2:
        err(f'expected 2 files in no situation, found {len(nulls)}')


# ---------------------------------------------------------------- forces
def check_sentence_in(unit, s):
    """True if s occurs once in unit as a whole sentence."""
    if unit.count(s) != 1:
        return False
    i = unit.index(s)
    before_ok = i == 0 or (unit[i - 1] == ' ' and i >= 2 and unit[i - 2] in '.?!')
    j = i + len(s)
    after_ok = j == len(unit) or unit[j] == ' '
    return before_ok and after_ok


def check_forces(f, fs, units):
    if set(fs) != set(FORCES):
        err(f'{f}: forces keys must be {FORCES}')
        return
    allsent = []
    for force in FORCES:
        sl = fs[force]
        if not isinstance(sl, list) or len(sl) != 2:
            err(f'{f}: {force} must list exactly two sentences')
            continue
        for s in sl:
            allsent.append(s)
            tag = f'{f} {force} {s[:50]!r}'
            if not isinstance(s, str) or not s:
                err(f'{tag}: empty')
                continue
            if '"' in s or '\\' in s or '\n' in s:
                err(f'{tag}: contains a double quote, backslash or newline')
            if not s[0].isupper() or s[-1] not in '.?!':
                err(f'{tag}: must start with a capital and end with . ? or !')
            p_hits = [u for u in units if u[0] == 'P' and s in u[2]]
            i_hits = [u for u in units if u[0] == 'I' and s in u[2]]
            if len(p_hits) != 1:
                err(f'{tag}: found in {len(p_hits)} participant units (need exactly 1)')
            elif not check_sentence_in(p_hits[0][2], s):
                err(f'{tag}: not a whole sentence (or repeated) in its unit')
            if i_hits:
                err(f'{tag}: also found in an interviewer unit')
    if len(set(allsent)) != len(allsent):
        err(f'{f}: a force sentence is listed twice')


# ---------------------------------------------------------------- main
def main():
    try:
        key = json.load(open(os.path.join(ROOT, 'key.json'), encoding='utf-8'))
    except Exception as e:  # noqa
        print(f'cannot read key.json: {e}')
        return 1
    check_key(key)
    interviewer_turns = {}
    for f in sorted(key.get('files', {})):
        info = key['files'][f]
        fmt = info.get('format')
        path = os.path.join(TDIR, f)
        if fmt not in PARSERS or not os.path.exists(path):
            err(f'{f}: cannot parse (format {fmt!r}, exists={os.path.exists(path)})')
            continue
        text = open(path, encoding='utf-8').read()
        try:
            units, iv = PARSERS[fmt](text)
        except (FormatError, ValueError, KeyError) as e:
            err(f'{f}: {fmt} parse error: {e}')
            continue
        p_names = {u[1] for u in units if u[0] == 'P'}
        i_names = {u[1] for u in units if u[0] == 'I'}
        if len(p_names) != 1:
            err(f'{f}: {len(p_names)} participants found {sorted(p_names)} (need exactly one)')
        elif p_names != {info['participant']}:
            err(f'{f}: participant in file {sorted(p_names)} != key {info["participant"]!r}')
        if len(i_names) != 1:
            err(f'{f}: {len(i_names)} interviewers found')
        if fmt == 'json_turns':
            meta = json.loads(text)['meta']
            if meta['participant'] != info['participant']:
                err(f'{f}: meta.participant != key')
        if iv is not None and not is_full_name(iv):
            err(f'{f}: interviewer {iv!r} is not a full name')
        if not any(u[0] == 'I' for u in units[:1]):
            err(f'{f}: transcript does not open with the interviewer')
        wc = sum(len(u[2].split()) for u in units)
        if not WORDS_MIN <= wc <= WORDS_MAX:
            err(f'{f}: {wc} words, outside {WORDS_MIN}-{WORDS_MAX}')
        for role, who, t in turns_of(units):
            if role == 'I':
                k = ' '.join(t.lower().split())
                if k in interviewer_turns:
                    err(f'interviewer turn repeated in {interviewer_turns[k]} and {f}: {t[:60]!r}')
                else:
                    interviewer_turns[k] = f
        check_forces(f, key['forces'].get(f, {}), units)
    if errors:
        for e in errors:
            print('FAIL:', e)
        print(f'{len(errors)} problem(s)')
        return 1
    print('ALL OK')
    return 0


if __name__ == '__main__':
    sys.exit(main())
