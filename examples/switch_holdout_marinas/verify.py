#!/usr/bin/env python3
"""Self-check for the Berthly switch-interview holdout set (stdlib only).

Parses every transcript in its own format and checks it against key.json.
Prints one line per problem and finally ALL OK (exit 0) or FAILED (exit 1).
"""
import csv
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TDIR = os.path.join(HERE, 'transcripts')
FORCES = ('push', 'pull', 'anxiety', 'habit')
EXT = {'teams_vtt': '.vtt', 'srt_names': '.srt', 'md_bold': '.md', 'csv_turns': '.csv'}
MIN_WORDS, MAX_WORDS = 1100, 1450
SIZES = {'S1': 4, 'S2': 3, 'S3': 3}

errors = []


def err(msg):
    errors.append(msg)
    print('FAIL:', msg)


# ---------------------------------------------------------------- parsers
# Each parser returns a list of units (speaker, text), one unit per cue/row/paragraph,
# in file order.

TS_VTT = re.compile(r'^\d{2}:\d{2}:\d{2}\.\d{3} --> \d{2}:\d{2}:\d{2}\.\d{3}$')
TS_SRT = re.compile(r'^\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}$')
GUID_ID = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/\d+-\d+$')
VOICE = re.compile(r'^<v ([^>]+)>(.*)</v>$')


def blocks(text):
    return [b.split('\n') for b in re.split(r'\n\s*\n', text.strip('\n')) if b.strip()]


def parse_vtt(path):
    text = open(path, encoding='utf-8').read()
    bl = blocks(text)
    if not bl or bl[0][0].strip() != 'WEBVTT':
        err('%s: missing WEBVTT header' % path)
        return []
    units = []
    for b in bl[1:]:
        if len(b) != 3:
            err('%s: cue with %d lines (expected id, timing, one text line): %r' % (path, len(b), b[:1]))
            continue
        cid, ts, body = b
        if not GUID_ID.match(cid):
            err('%s: cue id not GUID-like: %s' % (path, cid))
        if not TS_VTT.match(ts):
            err('%s: bad timing line: %s' % (path, ts))
        m = VOICE.match(body)
        if not m:
            err('%s: cue text without <v Name> tag: %s' % (path, body[:60]))
            continue
        units.append((m.group(1).strip(), m.group(2).strip()))
    return units


def parse_srt(path):
    text = open(path, encoding='utf-8').read()
    units = []
    expect = 1
    for b in blocks(text):
        if len(b) != 3:
            err('%s: cue with %d lines (expected index, timing, one text line): %r' % (path, len(b), b[:1]))
            continue
        idx, ts, body = b
        if idx.strip() != str(expect):
            err('%s: cue index %s, expected %d' % (path, idx, expect))
        expect += 1
        if not TS_SRT.match(ts):
            err('%s: bad timing line: %s' % (path, ts))
        m = re.match(r'^([^:]+): (.*)$', body)
        if not m:
            err('%s: cue without Name: prefix: %s' % (path, body[:60]))
            continue
        units.append((m.group(1).strip(), m.group(2).strip()))
    return units


def parse_md(path):
    text = open(path, encoding='utf-8').read()
    lines = text.split('\n')
    if lines[0].strip() != '# Interview notes':
        err('%s: first line is not # Interview notes' % path)
    italic = [l for l in lines if re.match(r'^_[^_].*_$', l.strip())]
    if len(italic) != 1:
        err('%s: expected one italic preamble line, found %d' % (path, len(italic)))
    units = []
    for para in re.split(r'\n\s*\n', text):
        p = para.strip()
        if not p or p.startswith('# ') or re.match(r'^_[^_].*_$', p):
            continue
        m = re.match(r'^\*\*([^*]+):\*\* (.*)$', p, re.S)
        if not m:
            err('%s: paragraph without **Speaker:** label: %s' % (path, p[:60]))
            continue
        if '\n' in m.group(2):
            err('%s: multi-line paragraph for %s' % (path, m.group(1)))
        units.append((m.group(1).strip(), m.group(2).strip()))
    return units


def parse_csv(path):
    with open(path, encoding='utf-8', newline='') as f:
        rows = list(csv.reader(f))
    if not rows or rows[0] != ['timestamp', 'speaker', 'text']:
        err('%s: header is not timestamp,speaker,text' % path)
        return []
    units = []
    for r in rows[1:]:
        if len(r) != 3:
            err('%s: row with %d fields' % (path, len(r)))
            continue
        if not re.match(r'^\d{2}:\d{2}:\d{2}$', r[0]):
            err('%s: bad timestamp %r' % (path, r[0]))
        if '\n' in r[2]:
            err('%s: multi-line text cell' % path)
        units.append((r[1].strip(), r[2].strip()))
    return units


PARSERS = {'teams_vtt': parse_vtt, 'srt_names': parse_srt, 'md_bold': parse_md, 'csv_turns': parse_csv}


def turns_of(units):
    """Merge consecutive units of one speaker into turns."""
    out = []
    for sp, tx in units:
        if out and out[-1][0] == sp:
            out[-1] = (sp, out[-1][1] + ' ' + tx)
        else:
            out.append((sp, tx))
    return out


def norm(s):
    return re.sub(r'\s+', ' ', s.strip().lower())


# ---------------------------------------------------------------- checks
def main():
    key = json.load(open(os.path.join(HERE, 'key.json'), encoding='utf-8'))
    files, forces, sits = key.get('files', {}), key.get('forces', {}), key.get('situations', {})

    # --- key structure
    expected_names = ['interview_%02d' % i for i in range(1, 13)]
    stems = sorted(os.path.splitext(f)[0] for f in files)
    if stems != expected_names:
        err('key.files must hold interview_01..interview_12, got %s' % stems)
    on_disk = sorted(os.listdir(TDIR))
    if on_disk != sorted(files):
        err('transcripts/ content %s differs from key.files %s' % (on_disk, sorted(files)))
    if set(forces) != set(files):
        err('key.forces files differ from key.files')
    fmt_counts = {}
    for fn, meta in files.items():
        fmt = meta.get('format')
        if fmt not in EXT:
            err('%s: unknown format %r' % (fn, fmt))
            continue
        fmt_counts[fmt] = fmt_counts.get(fmt, 0) + 1
        if not fn.endswith(EXT[fmt]):
            err('%s: extension does not match format %s' % (fn, fmt))
    if fmt_counts != {f: 3 for f in EXT}:
        err('each format must be used exactly 3 times, got %s' % fmt_counts)
    names = [m['participant'] for m in files.values()]
    if len(set(names)) != 12:
        err('participants are not 12 distinct people')
    for n in names:
        if len(n.split()) < 2:
            err('participant %r has no full name' % n)

    # --- situations agree with files
    if set(sits) != set(SIZES):
        err('situations must be exactly %s' % sorted(SIZES))
    seen_in_sits = []
    for sid, s in sits.items():
        for fld in ('label', 'motivation', 'outcome', 'participants', 'files', 'keywords'):
            if fld not in s:
                err('%s: missing %s' % (sid, fld))
        if not re.match(r'^When .+, I want .+, so that .+$', s.get('motivation', ''), re.S):
            err('%s: motivation is not in When/I want/so that form' % sid)
        if len(s.get('keywords', [])) != 8:
            err('%s: needs 8 keywords' % sid)
        ps, fs = s.get('participants', []), s.get('files', [])
        if len(ps) != SIZES.get(sid) or len(fs) != SIZES.get(sid):
            err('%s: expected %s participants/files, got %d/%d' % (sid, SIZES.get(sid), len(ps), len(fs)))
        for p, f in zip(ps, fs):
            if f not in files:
                err('%s: unknown file %s' % (sid, f))
                continue
            if files[f]['participant'] != p:
                err('%s: %s is %s in key.files, not %s' % (sid, f, files[f]['participant'], p))
            if files[f]['situation'] != sid:
                err('%s: %s has situation %s in key.files' % (sid, f, files[f]['situation']))
            seen_in_sits.append(f)
    if len(seen_in_sits) != len(set(seen_in_sits)):
        err('a file appears in more than one situation')
    for fn, meta in files.items():
        if meta['situation'] is None and fn in seen_in_sits:
            err('%s: null situation but listed in a situation' % fn)
        if meta['situation'] is not None and fn not in seen_in_sits:
            err('%s: situation %s but not listed there' % (fn, meta['situation']))
    nulls = [f for f, m in files.items() if m['situation'] is None]
    if len(nulls) != 2:
        err('expected 2 files with no situation, got %d' % len(nulls))

    # --- per transcript
    all_iv_turns = {}
    for fn in sorted(files):
        meta = files[fn]
        path = os.path.join(TDIR, fn)
        if not os.path.exists(path):
            err('%s: missing' % fn)
            continue
        units = PARSERS[meta['format']](path)
        speakers = []
        for sp, _ in units:
            if sp not in speakers:
                speakers.append(sp)
        part = meta['participant']
        if part not in speakers:
            err('%s: participant %s not found among speakers %s' % (fn, part, speakers))
            continue
        others = [s for s in speakers if s != part]
        if len(others) != 1:
            err('%s: expected exactly one interviewer and one participant, speakers %s' % (fn, speakers))
            continue
        iv = others[0]
        if meta['format'] in ('md_bold', 'csv_turns') and iv != 'Interviewer':
            err('%s: interviewer label should be Interviewer, got %s' % (fn, iv))
        if meta['format'] in ('teams_vtt', 'srt_names') and len(iv.split()) < 2:
            err('%s: interviewer %s has no full name' % (fn, iv))
        if units[0][0] != iv:
            err('%s: does not open with the interviewer' % fn)

        words = sum(len(t.split()) for _, t in units)
        if not MIN_WORDS <= words <= MAX_WORDS:
            err('%s: %d words, outside %d-%d' % (fn, words, MIN_WORDS, MAX_WORDS))

        p_units = [t for s, t in units if s == part]
        i_units = [t for s, t in units if s == iv]
        turns = turns_of(units)
        p_turns = [t for s, t in turns if s == part]
        for s, t in turns:
            if s == iv:
                all_iv_turns.setdefault(norm(t), []).append(fn)

        fz = forces.get(fn, {})
        if set(fz) != set(FORCES):
            err('%s: forces keys %s' % (fn, sorted(fz)))
        for force in FORCES:
            sents = fz.get(force, [])
            if len(sents) != 2:
                err('%s: %s has %d sentences, expected 2' % (fn, force, len(sents)))
            for sent in sents:
                if not re.match(r'^[A-Z]', sent) or sent[-1:] not in '.?!':
                    err('%s: %s sentence not capitalised/terminated: %s' % (fn, force, sent[:50]))
                if '"' in sent or '\\' in sent or '\n' in sent:
                    err('%s: %s sentence has quote, backslash or newline' % (fn, force))
                n_p = sum(u.count(sent) for u in p_units)
                if n_p != 1:
                    err('%s: %s sentence found %d times in participant units: %s' % (fn, force, n_p, sent[:60]))
                if any(sent in u for u in i_units):
                    err('%s: %s sentence appears in an interviewer unit' % (fn, force))
        all_sents = [s for f in FORCES for s in fz.get(f, [])]
        if len(all_sents) != len(set(all_sents)):
            err('%s: a sentence is used for two forces' % fn)
        # a push is told in the participant's opening answers
        if not any(s in t for s in fz.get('push', []) for t in p_turns[:2]):
            err('%s: no push sentence in the first two participant answers' % fn)
        print('ok   %-18s %-20s %-10s %5d words, %3d units, interviewer %s' % (fn, part, meta['format'], words, len(units), iv))

    for t, fns in all_iv_turns.items():
        if len(fns) > 1:
            err('interviewer turn repeated in %s: %s' % (fns, t[:70]))

    if errors:
        print('FAILED (%d problems)' % len(errors))
        return 1
    print('ALL OK')
    return 0


if __name__ == '__main__':
    sys.exit(main())
