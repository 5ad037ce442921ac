#!/usr/bin/env python3
"""Verify the Pawpath JTBD switch-interview holdout set (stdlib only).

Usage: python3 verify.py [set_dir]   (default: directory of this script)
Prints every problem found, then ALL OK if there were none.
"""
import json
import os
import re
import sys
from collections import Counter

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
TDIR = os.path.join(ROOT, 'transcripts')
INTERVIEWER = 'Interviewer'
FORMAT_EXT = {'descript': '.txt', 'sbv': '.sbv', 'json_utterances': '.json', 'vtt_plain': '.vtt'}
FORCE_KEYS = ('push', 'pull', 'anxiety', 'habit')
MIN_WORDS, MAX_WORDS = 1100, 1450
SIT_SIZES = {'S1': 4, 'S2': 4, 'S3': 2}
N_FILES = 12
HABIT_PROMPT = re.compile(r'habit|\bstill\b|old (way|setup|system)|hung on|held on|hang on|kept|stuck around|hasn.t changed', re.I)

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- parsers
# Each parser returns a list of units: dict(speaker, text, start_ms, end_ms)

def _blocks(text):
    text = text.replace('\r\n', '\n').replace('\r', '\n')
    return [b.strip('\n') for b in re.split(r'\n[ \t]*\n', text) if b.strip()]


def _split_prefix(line, where):
    m = re.match(r'^([^:\n]{1,60}): (.*)$', line, re.S)
    if not m:
        raise ValueError('%s: no speaker prefix in %r' % (where, line[:60]))
    return m.group(1).strip(), m.group(2).strip()


def parse_descript(text, fn):
    units = []
    for i, b in enumerate(_blocks(text)):
        lines = b.split('\n')
        if len(lines) < 3:
            raise ValueError('%s block %d: expected name, [hh:mm:ss], text' % (fn, i + 1))
        m = re.match(r'^\[(\d{2}):(\d{2}):(\d{2})\]$', lines[1].strip())
        if not m:
            raise ValueError('%s block %d: bad timestamp line %r' % (fn, i + 1, lines[1]))
        start = (int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))) * 1000
        units.append({'speaker': lines[0].strip(), 'text': ' '.join(l.strip() for l in lines[2:]),
                      'start': start, 'end': None})
    return units


def _ms(h, m, s, ms):
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms)


def parse_sbv(text, fn):
    units = []
    tre = re.compile(r'^(\d+):(\d{2}):(\d{2})\.(\d{3}),(\d+):(\d{2}):(\d{2})\.(\d{3})$')
    for i, b in enumerate(_blocks(text)):
        lines = b.split('\n')
        m = tre.match(lines[0].strip())
        if not m or len(lines) < 2:
            raise ValueError('%s caption %d: bad SBV caption' % (fn, i + 1))
        g = m.groups()
        spk, body = _split_prefix(' '.join(l.strip() for l in lines[1:]), '%s caption %d' % (fn, i + 1))
        units.append({'speaker': spk, 'text': body, 'start': _ms(*g[:4]), 'end': _ms(*g[4:])})
    return units


def parse_vtt(text, fn):
    blocks = _blocks(text)
    if not blocks or not blocks[0].split('\n')[0].startswith('WEBVTT'):
        raise ValueError('%s: missing WEBVTT header' % fn)
    units = []
    tre = re.compile(r'^(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})\s+-->\s+(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})')
    for i, b in enumerate(blocks[1:]):
        lines = b.split('\n')
        if lines[0].startswith(('NOTE', 'STYLE', 'REGION')):
            continue
        if '-->' not in lines[0]:
            lines = lines[1:]  # cue identifier
        if not lines or not tre.match(lines[0].strip()) or len(lines) < 2:
            raise ValueError('%s cue %d: bad WebVTT cue' % (fn, i + 1))
        g = tre.match(lines[0].strip()).groups()
        spk, body = _split_prefix(' '.join(l.strip() for l in lines[1:]), '%s cue %d' % (fn, i + 1))
        units.append({'speaker': spk, 'text': body,
                      'start': _ms(g[0] or 0, g[1], g[2], g[3]), 'end': _ms(g[4] or 0, g[5], g[6], g[7])})
    return units


def parse_json_utterances(text, fn):
    d = json.loads(text)
    names = {}
    for s in d['speakers']:
        names[s['id']] = s['name']
    units = []
    for i, u in enumerate(d['utterances']):
        if u['speaker'] not in names:
            raise ValueError('%s utterance %d: unknown speaker id %r' % (fn, i + 1, u['speaker']))
        units.append({'speaker': names[u['speaker']], 'text': u['text'], 'start': u['start'], 'end': u['end']})
    return units, d['speakers']


PARSERS = {'descript': parse_descript, 'sbv': parse_sbv, 'vtt_plain': parse_vtt}


# ---------------------------------------------------------------- key checks

def load_key():
    with open(os.path.join(ROOT, 'key.json'), encoding='utf-8') as fh:
        return json.load(fh)


def check_key(key):
    for top in ('situations', 'forces', 'files'):
        if top not in key:
            err('key.json: missing %r' % top)
            return
    files, sits, forces = key['files'], key['situations'], key['forces']
    expected_stems = ['interview_%02d' % i for i in range(1, N_FILES + 1)]
    stems = sorted(os.path.splitext(f)[0] for f in files)
    if stems != expected_stems:
        err('key.json files: expected %s, got %s' % (expected_stems, stems))
    if set(forces) != set(files):
        err('key.json: forces keys differ from files keys: %s' % sorted(set(forces) ^ set(files)))
    on_disk = sorted(os.listdir(TDIR)) if os.path.isdir(TDIR) else []
    if on_disk != sorted(files):
        err('transcripts/ holds %s but key lists %s' % (on_disk, sorted(files)))
    fmt_count = Counter()
    names = []
    for fn, info in files.items():
        fmt = info.get('format')
        if fmt not in FORMAT_EXT:
            err('%s: unknown format %r' % (fn, fmt))
            continue
        fmt_count[fmt] += 1
        if not fn.endswith(FORMAT_EXT[fmt]):
            err('%s: extension does not match format %s' % (fn, fmt))
        name = info.get('participant', '')
        names.append(name)
        if len(name.split()) < 2 or name == INTERVIEWER:
            err('%s: participant %r is not a full name' % (fn, name))
        if info.get('situation') is not None and info['situation'] not in sits:
            err('%s: situation %r not defined' % (fn, info['situation']))
    if sorted(fmt_count.values()) != [3, 3, 3, 3] or len(fmt_count) != 4:
        err('formats must be 4 x 3 files, got %s' % dict(fmt_count))
    dup = [n for n, c in Counter(names).items() if c > 1]
    if dup:
        err('participants appear in more than one file: %s' % dup)
    if set(sits) != set(SIT_SIZES):
        err('situations must be %s, got %s' % (sorted(SIT_SIZES), sorted(sits)))
    seen = {}
    for sid, s in sits.items():
        for fld in ('label', 'motivation', 'outcome', 'participants', 'files', 'keywords'):
            if fld not in s:
                err('%s: missing %s' % (sid, fld))
        if not s.get('label') or not s.get('outcome'):
            err('%s: empty label/outcome' % sid)
        mot = s.get('motivation', '')
        if not re.match(r'^When .+, I want .+, so that .+$', mot):
            err('%s: motivation not in When..., I want..., so that... form' % sid)
        kw = s.get('keywords', [])
        if len(kw) != 8 or len(set(kw)) != 8 or not all(isinstance(k, str) and k.strip() for k in kw):
            err('%s: needs 8 distinct keywords' % sid)
        ps, fs = s.get('participants', []), s.get('files', [])
        if len(ps) != len(fs):
            err('%s: participants and files differ in length' % sid)
        if sid in SIT_SIZES and len(fs) != SIT_SIZES[sid]:
            err('%s: expected %d files, got %d' % (sid, SIT_SIZES[sid], len(fs)))
        for p, f in zip(ps, fs):
            if f in seen:
                err('%s listed in both %s and %s' % (f, seen[f], sid))
            seen[f] = sid
            if f not in files:
                err('%s: file %s not in key files' % (sid, f))
                continue
            if files[f].get('participant') != p:
                err('%s: %s participant %r != files entry %r' % (sid, f, p, files[f].get('participant')))
            if files[f].get('situation') != sid:
                err('%s: %s has situation %r in files' % (sid, f, files[f].get('situation')))
    for fn, info in files.items():
        if info.get('situation') is not None and seen.get(fn) != info['situation']:
            err('%s: situation %r but not listed there' % (fn, info['situation']))
        if info.get('situation') is None and fn in seen:
            err('%s: situation null but listed in %s' % (fn, seen[fn]))
    n_null = sum(1 for i in files.values() if i.get('situation') is None)
    if n_null != N_FILES - sum(SIT_SIZES.values()):
        err('expected %d files without situation, got %d' % (N_FILES - sum(SIT_SIZES.values()), n_null))


# ---------------------------------------------------------------- transcript checks

def norm(s):
    return re.sub(r'\s+', ' ', s).strip().lower()


def check_file(fn, info, fo, all_interviewer):
    path = os.path.join(TDIR, fn)
    if not os.path.exists(path):
        err('%s: missing' % fn)
        return
    with open(path, encoding='utf-8') as fh:
        raw = fh.read()
    fmt = info['format']
    name = info['participant']
    try:
        if fmt == 'json_utterances':
            units, speakers = parse_json_utterances(raw, fn)
            snames = sorted(s['name'] for s in speakers)
            if snames != sorted([INTERVIEWER, name]):
                err('%s: speakers list %s, expected Interviewer + %s' % (fn, snames, name))
        else:
            units = PARSERS[fmt](raw, fn)
    except (ValueError, KeyError, TypeError, json.JSONDecodeError) as e:
        err('%s: parse error: %s' % (fn, e))
        return
    if not units:
        err('%s: no units' % fn)
        return
    spk = Counter(u['speaker'] for u in units)
    others = [s for s in spk if s != INTERVIEWER]
    if INTERVIEWER not in spk:
        err('%s: no Interviewer turns' % fn)
    if len(others) != 1:
        err('%s: expected exactly one participant, got %s' % (fn, others))
    elif others[0] != name:
        err('%s: participant named %r, key says %r' % (fn, others[0], name))
    words = sum(len(u['text'].split()) for u in units)
    if not MIN_WORDS <= words <= MAX_WORDS:
        err('%s: %d words, outside %d-%d' % (fn, words, MIN_WORDS, MAX_WORDS))
    last = -1
    for i, u in enumerate(units):
        if not isinstance(u['start'], int) or u['start'] < last:
            err('%s unit %d: timestamps not increasing' % (fn, i + 1))
        if u['end'] is not None and u['end'] < u['start']:
            err('%s unit %d: end before start' % (fn, i + 1))
        last = u['start']
        if u['speaker'] == INTERVIEWER:
            all_interviewer.append((norm(u['text']), fn, i + 1))
    p_idx = [i for i, u in enumerate(units) if u['speaker'] != INTERVIEWER]
    i_units = [u for u in units if u['speaker'] == INTERVIEWER]
    all_sent = []
    where = {}
    for force in FORCE_KEYS:
        sents = fo.get(force)
        if not isinstance(sents, list) or len(sents) != 2:
            err('%s: %s must be a list of exactly 2 sentences' % (fn, force))
            continue
        for s in sents:
            all_sent.append(s)
            if not isinstance(s, str) or not s:
                err('%s: %s: empty or non-string sentence' % (fn, force))
                continue
            if not s[0].isupper():
                err('%s: %s: does not start with a capital: %r' % (fn, force, s[:50]))
            if s[-1] not in '.?!':
                err('%s: %s: does not end with . ? or !: %r' % (fn, force, s[-50:]))
            if '"' in s or '\\' in s or '\n' in s:
                err('%s: %s: contains a double quote, backslash or newline' % (fn, force))
            hits = [i for i in p_idx if s in units[i]['text']]
            if len(hits) != 1:
                err('%s: %s sentence found in %d participant units (need 1): %r' % (fn, force, len(hits), s[:60]))
            else:
                where[(force, s)] = hits[0]
            if any(s in u['text'] for u in i_units):
                err('%s: %s sentence appears in an interviewer unit: %r' % (fn, force, s[:60]))
    if len(set(all_sent)) != len(all_sent):
        err('%s: a sentence is used twice in the forces' % fn)
    # at least one push told in the participant's first two answers
    early = set(p_idx[:2])
    if not any(where.get(('push', s)) in early for s in fo.get('push', [])):
        err('%s: no push sentence in the participant\'s first two turns' % fn)
    # at least one habit told without being asked about habits
    unprompted = False
    for s in fo.get('habit', []):
        i = where.get(('habit', s))
        if i is None:
            continue
        prev = [u for u in units[:i] if u['speaker'] == INTERVIEWER]
        if not prev or not HABIT_PROMPT.search(prev[-1]['text']):
            unprompted = True
    if not unprompted:
        err('%s: every habit sentence follows a question about habits' % fn)


def main():
    try:
        key = load_key()
    except (OSError, json.JSONDecodeError) as e:
        print('cannot read key.json: %s' % e)
        sys.exit(1)
    check_key(key)
    all_interviewer = []
    for fn in sorted(key.get('files', {})):
        check_file(fn, key['files'][fn], key.get('forces', {}).get(fn, {}), all_interviewer)
    seen = {}
    for t, fn, i in all_interviewer:
        if t in seen:
            err('interviewer turn repeated: %s #%d and %s #%d: %r' % (seen[t][0], seen[t][1], fn, i, t[:60]))
        else:
            seen[t] = (fn, i)
    for file_ in ('README.md',):
        if not os.path.exists(os.path.join(ROOT, file_)):
            err('missing %s' % file_)
    if errors:
        for e in errors:
            print('FAIL: ' + e)
        print('%d problem(s)' % len(errors))
        sys.exit(1)
    print('checked %d files, %d interviewer turns' % (len(key['files']), len(all_interviewer)))
    print('ALL OK')


if __name__ == '__main__':
    main()
