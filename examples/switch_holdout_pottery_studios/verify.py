#!/usr/bin/env python3
"""Checks the Kilnbook holdout set (transcripts/ + key.json) for internal consistency.

Standard library only. Each transcript is parsed from its own format; the checks are:
  * key.json structure: three situations (S1: 5, S2: 3, S3: 3 participants), motivation
    in 'When ..., I want ..., so that ...' form, 8 keywords, participants/files lists that
    agree with the per-file entries; non-situation files appear in no situation;
  * every file: parses in its declared format, has exactly one interviewer and exactly one
    participant, the participant named as in key.json;
  * word counts: spoken words (turn texts only) and whole-file words in 1,100-1,450;
  * forces: exactly two sentences each for push, pull, anxiety and habit; each sentence
    starts with a capital, ends with . ? or !, has no double quote or backslash, lies on one
    line of the file, occurs in exactly one participant unit and in no interviewer unit;
    at least one push sentence in the participant's first two turns;
  * no interviewer turn is repeated anywhere in the set.
Prints ALL OK when everything passes, otherwise the problems (exit status 1).
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
INTERVIEWERS = {'Interviewer', 'Jo Ferreira', 'Sam Whitcombe'}
FORMATS = {'zoom_vtt': '.vtt', 'rev': '.txt', 'csv_turns': '.csv', 'markdown': '.md'}
SIZES = {'S1': 5, 'S2': 3, 'S3': 3}
FORCES = ('push', 'pull', 'anxiety', 'habit')
WMIN, WMAX = 1100, 1450

errors = []


def err(msg):
    errors.append(msg)


class ParseError(Exception):
    pass


def parse_vtt(text):
    lines = text.split('\n')
    if lines[0].strip() != 'WEBVTT':
        raise ParseError('missing WEBVTT header')
    blocks = [b for b in re.split(r'\n[ \t]*\n', text.strip()) if b.strip()][1:]
    units = []
    ts = re.compile(r'^\d{2}:\d{2}:\d{2}\.\d{3} --> \d{2}:\d{2}:\d{2}\.\d{3}$')
    for i, block in enumerate(blocks, 1):
        bl = block.split('\n')
        if len(bl) != 3:
            raise ParseError('cue %d has %d lines, expected 3' % (i, len(bl)))
        if bl[0].strip() != str(i):
            raise ParseError('cue %d numbered %r' % (i, bl[0]))
        if not ts.match(bl[1].strip()):
            raise ParseError('cue %d bad timing line %r' % (i, bl[1]))
        m = re.match(r'^(.+?): (.+)$', bl[2])
        if not m:
            raise ParseError('cue %d has no "Name: text" line' % i)
        units.append((m.group(1).strip(), m.group(2)))
    return units


def parse_rev(text):
    head = re.compile(r'^(.+) \((\d{2}:\d{2}:\d{2})\):$')
    units = []
    for block in [b for b in re.split(r'\n[ \t]*\n', text.strip()) if b.strip()]:
        bl = block.split('\n')
        m = head.match(bl[0].strip())
        if not m or len(bl) < 2:
            raise ParseError('bad rev block starting %r' % bl[0][:60])
        units.append((m.group(1).strip(), ' '.join(x.strip() for x in bl[1:])))
    return units


def parse_csv(text):
    rd = csv.DictReader(io.StringIO(text, newline=''))
    if rd.fieldnames != ['speaker', 'start', 'text']:
        raise ParseError('csv columns are %r' % (rd.fieldnames,))
    units = []
    for n, row in enumerate(rd, 2):
        if None in row or any(v is None for v in row.values()):
            raise ParseError('csv row %d has wrong number of fields' % n)
        if not re.match(r'^\d{2}:\d{2}:\d{2}$', row['start']):
            raise ParseError('csv row %d bad start %r' % (n, row['start']))
        units.append((row['speaker'].strip(), row['text']))
    return units


def parse_md(text):
    lines = [l for l in text.split('\n') if l.strip()]
    if not lines or not lines[0].startswith('# '):
        raise ParseError('markdown does not start with a # Title heading')
    units = []
    for l in lines[1:]:
        m = re.match(r'^\*\*(.+?):\*\* (.+)$', l)
        if not m:
            raise ParseError('markdown line is not a turn: %r' % l[:60])
        units.append((m.group(1).strip(), m.group(2)))
    return units


PARSERS = {'zoom_vtt': parse_vtt, 'rev': parse_rev, 'csv_turns': parse_csv, 'markdown': parse_md}


def main():
    try:
        key = json.load(open(os.path.join(ROOT, 'key.json'), encoding='utf-8'))
    except Exception as e:
        print('cannot read key.json: %s' % e)
        return 1
    for k in ('situations', 'forces', 'files'):
        if k not in key:
            err('key.json lacks %r' % k)
    if errors:
        print('\n'.join(errors))
        return 1
    files, sits, forces = key['files'], key['situations'], key['forces']

    # ---- files section
    expected = set()
    for n in range(1, 14):
        stem = 'interview_%02d' % n
        hits = [f for f in files if os.path.splitext(f)[0] == stem]
        if len(hits) != 1:
            err('key.files must have exactly one entry for %s, has %r' % (stem, hits))
        expected.update(hits)
    if set(files) != expected:
        err('unexpected key.files entries: %r' % sorted(set(files) - expected))
    on_disk = set(os.listdir(TDIR)) if os.path.isdir(TDIR) else set()
    if on_disk != set(files):
        err('transcripts/ holds %r, key lists %r' % (sorted(on_disk), sorted(files)))
    fmt_count = Counter()
    names = Counter()
    for f, info in files.items():
        fmt = info.get('format')
        if fmt not in FORMATS:
            err('%s: unknown format %r' % (f, fmt))
            continue
        if not f.endswith(FORMATS[fmt]):
            err('%s: extension does not match format %s' % (f, fmt))
        fmt_count[fmt] += 1
        p = info.get('participant', '')
        if len(p.split()) < 2:
            err('%s: participant %r is not a full name' % (f, p))
        names[p] += 1
        if info.get('situation') not in (None, 'S1', 'S2', 'S3'):
            err('%s: bad situation %r' % (f, info.get('situation')))
    for p, c in names.items():
        if c > 1:
            err('participant %s appears in %d files' % (p, c))
    if set(fmt_count) != set(FORMATS) or min(fmt_count.values() or [0]) < 3:
        err('formats must be all four, each at least 3 times: %r' % dict(fmt_count))

    # ---- situations section
    if set(sits) != set(SIZES):
        err('situations must be exactly %r, got %r' % (sorted(SIZES), sorted(sits)))
    listed = {}
    for s, d in sits.items():
        for fld in ('label', 'motivation', 'outcome', 'participants', 'files', 'keywords'):
            if fld not in d:
                err('%s lacks %s' % (s, fld))
        mot = d.get('motivation', '')
        if not (mot.startswith('When ') and ', I want ' in mot and ', so that ' in mot):
            err('%s motivation is not in When/I want/so that form' % s)
        kw = d.get('keywords', [])
        if len(kw) != 8 or len(set(kw)) != 8 or not all(isinstance(k, str) and k.strip() for k in kw):
            err('%s needs 8 distinct keywords' % s)
        ps, fs = d.get('participants', []), d.get('files', [])
        if len(ps) != SIZES.get(s) or len(fs) != SIZES.get(s):
            err('%s must have %s participants/files, has %d/%d' % (s, SIZES.get(s), len(ps), len(fs)))
        for p, f in zip(ps, fs):
            if f in listed:
                err('%s listed in both %s and %s' % (f, listed[f], s))
            listed[f] = s
            if f not in files:
                err('%s lists unknown file %s' % (s, f))
                continue
            if files[f].get('participant') != p:
                err('%s: %s is paired with %s but key.files says %s' % (s, f, p, files[f].get('participant')))
            if files[f].get('situation') != s:
                err('%s lists %s whose situation is %r' % (s, f, files[f].get('situation')))
    for f, info in files.items():
        if info.get('situation') is not None and listed.get(f) != info.get('situation'):
            err('%s has situation %s but is not in its lists' % (f, info.get('situation')))
        if info.get('situation') is None and f in listed:
            err('%s has no situation but is listed in %s' % (f, listed[f]))
    nulls = sum(1 for i in files.values() if i.get('situation') is None)
    if nulls != 2:
        err('expected 2 files in no situation, found %d' % nulls)

    # ---- per-file checks
    if set(forces) != set(files):
        err('key.forces files differ from key.files')
    all_iv = []
    for f in sorted(files):
        info = files[f]
        path = os.path.join(TDIR, f)
        if not os.path.exists(path) or info.get('format') not in PARSERS:
            continue
        text = open(path, encoding='utf-8').read()
        try:
            units = PARSERS[info['format']](text)
        except ParseError as e:
            err('%s: parse error: %s' % (f, e))
            continue
        speakers = Counter(s for s, _ in units)
        ivs = [s for s in speakers if s in INTERVIEWERS]
        parts = [s for s in speakers if s not in INTERVIEWERS]
        if len(ivs) != 1:
            err('%s: expected one interviewer, found %r' % (f, ivs))
        if parts != [info['participant']]:
            err('%s: participant speakers %r, key says %r' % (f, parts, info['participant']))
        p_units = [t for s, t in units if s not in INTERVIEWERS]
        i_units = [t for s, t in units if s in INTERVIEWERS]
        all_iv.extend((f, t) for t in i_units)
        spoken = sum(len(t.split()) for _, t in units)
        whole = len(text.split())
        for label, n in (('spoken', spoken), ('whole-file', whole)):
            if not WMIN <= n <= WMAX:
                err('%s: %s word count %d outside %d-%d' % (f, label, n, WMIN, WMAX))
        fr = forces.get(f, {})
        if set(fr) != set(FORCES):
            err('%s: forces keys %r' % (f, sorted(fr)))
        seen = []
        raw_lines = text.split('\n')
        for force in FORCES:
            sents = fr.get(force, [])
            if len(sents) != 2 or len(set(sents)) != 2:
                err('%s: %s needs exactly two distinct sentences' % (f, force))
            for s in sents:
                seen.append(s)
                if not isinstance(s, str) or not s:
                    err('%s: %s has an empty entry' % (f, force))
                    continue
                if not (s[0].isupper() and s[-1] in '.?!'):
                    err('%s: %s sentence must start with a capital and end with . ? or !: %r' % (f, force, s))
                if '"' in s or '\\' in s or '\n' in s:
                    err('%s: %s sentence has a double quote, backslash or newline: %r' % (f, force, s))
                n_p = sum(1 for t in p_units if s in t)
                n_i = sum(1 for t in i_units if s in t)
                if n_p != 1:
                    err('%s: %s sentence found in %d participant units: %r' % (f, force, n_p, s))
                if n_i:
                    err('%s: %s sentence found in an interviewer unit: %r' % (f, force, s))
                if not any(s in line for line in raw_lines):
                    err('%s: %s sentence does not lie on one line of the file: %r' % (f, force, s))
        if len(seen) != len(set(seen)):
            err('%s: a sentence is used for more than one force' % f)
        if not any(s in t for s in fr.get('push', []) for t in p_units[:2]):
            err('%s: no push sentence in the participant\'s first two turns' % f)
        print('%-18s %-10s %-20s units=%2d spoken=%4d whole=%4d' % (
            f, info['format'], info['participant'], len(units), spoken, whole))

    def key_of(t):
        return ' '.join(re.sub(r'[^\w\s]', ' ', t.lower()).split())
    norm = Counter(key_of(t) for _, t in all_iv)
    for t, c in norm.items():
        if c > 1:
            where = sorted({f for f, x in all_iv if key_of(x) == t})
            err('interviewer turn repeated %d times (%s): %r' % (c, ', '.join(where), t))

    if errors:
        print('\n'.join('ERROR: ' + e for e in errors))
        print('%d problem(s)' % len(errors))
        return 1
    print('ALL OK')
    return 0


if __name__ == '__main__':
    sys.exit(main())
