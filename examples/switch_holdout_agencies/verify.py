#!/usr/bin/env python3
"""Verify the Tasklane switch-interview holdout set (stdlib only).

Parses each transcript in its own format, then checks the key against it.
Prints ALL OK when every check passes, otherwise lists the problems.
"""
import csv, io, json, os, re, sys

ROOT = os.path.dirname(os.path.abspath(__file__))
TDIR = os.path.join(ROOT, 'transcripts')
MIN_WORDS, MAX_WORDS = 1100, 1450
FORCES = ('push', 'pull', 'anxiety', 'habit')
FORMATS = {'meet_txt': 'txt', 'fathom_md': 'md', 'chat_log': 'txt', 'dovetail_csv': 'csv'}
errors = []


def err(msg):
    errors.append(msg)


def parse_meet(text, fn):
    lines = text.split('\n')
    m = re.match(r'^Meeting transcript: (.+?) <> (.+?)\s*$', lines[0])
    if not m:
        err('%s: bad meet_txt header line' % fn)
        return [], None
    header = (m.group(1), m.group(2))
    turns = []
    for block in re.split(r'\n\s*\n', '\n'.join(lines[1:]).strip()):
        if '\n' in block.strip():
            err('%s: a meet_txt turn spans several lines' % fn)
        mm = re.match(r'^([A-Z][^:\n]*?): (.+)$', block.strip())
        if not mm:
            err('%s: unparsable meet_txt block: %r' % (fn, block[:60]))
            continue
        turns.append((mm.group(1), mm.group(2)))
    return turns, header


def parse_fathom(text, fn):
    lines = text.split('\n')
    if lines[0].strip() != '## Transcript':
        err('%s: fathom_md must start with ## Transcript' % fn)
    turns, cur = [], None
    for ln in lines[1:]:
        if not ln.strip():
            continue
        m = re.match(r'^\*\*(.+?)\*\* \((\d\d:\d\d:\d\d)\)\s*$', ln)
        if m:
            if cur is not None and cur[1] is None:
                err('%s: speaker line without text' % fn)
            cur = [m.group(1), None]
            turns.append(cur)
        else:
            if cur is None:
                err('%s: text before first speaker line' % fn)
                continue
            if cur[1] is not None:
                err('%s: a fathom_md turn spans several lines' % fn)
                cur[1] += ' ' + ln.strip()
            else:
                cur[1] = ln.strip()
    out = []
    for sp, t in turns:
        if t is None:
            err('%s: empty turn for %s' % (fn, sp))
        else:
            out.append((sp, t))
    return out, None


def parse_chat(text, fn):
    turns = []
    for ln in text.split('\n'):
        if not ln.strip():
            continue
        m = re.match(r'^\[(\d\d):(\d\d)\] ([^:]+?): (.+)$', ln)
        if not m:
            err('%s: unparsable chat_log line: %r' % (fn, ln[:60]))
            continue
        turns.append((m.group(3), m.group(4)))
    return turns, None


def parse_csv(text, fn):
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0] != ['Speaker', 'Timestamp', 'Text']:
        err('%s: bad CSV header' % fn)
        return [], None
    turns = []
    for r in rows[1:]:
        if not r:
            continue
        if len(r) != 3:
            err('%s: CSV row with %d fields' % (fn, len(r)))
            continue
        if not re.match(r'^\d\d:\d\d:\d\d$', r[1]):
            err('%s: bad timestamp %r' % (fn, r[1]))
        if '\n' in r[2]:
            err('%s: a CSV turn spans several lines' % fn)
        turns.append((r[0], r[2]))
    return turns, None


PARSERS = {'meet_txt': parse_meet, 'fathom_md': parse_fathom,
           'chat_log': parse_chat, 'dovetail_csv': parse_csv}


def main():
    key = json.load(open(os.path.join(ROOT, 'key.json'), encoding='utf-8'))
    files, forces, sits = key['files'], key['forces'], key['situations']

    expected = sorted(os.listdir(TDIR))
    if sorted(files) != expected:
        err('key files %s != transcripts %s' % (sorted(files), expected))
    if sorted(forces) != sorted(files):
        err('forces keys differ from files keys')
    nums = sorted(re.match(r'interview_(\d\d)\.', f).group(1) for f in files)
    if nums != ['%02d' % i for i in range(1, 13)]:
        err('files are not interview_01..interview_12: %s' % nums)

    # formats: four, each three times, extension matching
    fcount = {}
    for fn, meta in files.items():
        fmt = meta['format']
        if fmt not in FORMATS:
            err('%s: unknown format %s' % (fn, fmt))
            continue
        fcount[fmt] = fcount.get(fmt, 0) + 1
        if not fn.endswith('.' + FORMATS[fmt]):
            err('%s: extension does not match %s' % (fn, fmt))
    if sorted(fcount.values()) != [3, 3, 3, 3] or len(fcount) != 4:
        err('format counts wrong: %s' % fcount)

    parts = [m['participant'] for m in files.values()]
    if len(set(parts)) != len(parts):
        err('participants are not all different')
    for p in parts:
        if len(p.split()) < 2:
            err('participant %r lacks a full name' % p)

    interviewer_turns = {}
    for fn in sorted(files):
        meta = files[fn]
        text = open(os.path.join(TDIR, fn), encoding='utf-8').read()
        if '\r' in text:
            err('%s: CR line endings' % fn)
        turns, header = PARSERS[meta['format']](text, fn)
        speakers = []
        for sp, _ in turns:
            if sp not in speakers:
                speakers.append(sp)
        if len(speakers) != 2:
            err('%s: expected 2 speakers, found %s' % (fn, speakers))
            continue
        part = meta['participant']
        if part not in speakers:
            err('%s: participant %s not a speaker (%s)' % (fn, part, speakers))
            continue
        iv = [s for s in speakers if s != part][0]
        if len(iv.split()) < 2:
            err('%s: interviewer %r lacks a full name' % (fn, iv))
        if header and header != (part, iv):
            err('%s: meet header %s does not match speakers' % (fn, header))
        if turns[0][0] != iv:
            err('%s: interview does not open with the interviewer' % fn)
        punits = [t for s, t in turns if s == part]
        iunits = [t for s, t in turns if s == iv]

        words = sum(len(t.split()) for _, t in turns)
        if not (MIN_WORDS <= words <= MAX_WORDS):
            err('%s: %d words in turns (range %d-%d)' % (fn, words, MIN_WORDS, MAX_WORDS))
        raw_words = len(text.split())
        if not (MIN_WORDS <= raw_words <= MAX_WORDS):
            err('%s: %d words in whole file (range %d-%d)' % (fn, raw_words, MIN_WORDS, MAX_WORDS))

        for t in iunits:
            k = re.sub(r'\s+', ' ', t.strip().lower())
            if k in interviewer_turns:
                err('interviewer turn repeated in %s and %s: %r' % (interviewer_turns[k], fn, t))
            else:
                interviewer_turns[k] = fn

        fz = forces.get(fn, {})
        if sorted(fz) != sorted(FORCES):
            err('%s: forces keys %s' % (fn, sorted(fz)))
        seen = set()
        for force in FORCES:
            sents = fz.get(force, [])
            if len(sents) != 2:
                err('%s: %s has %d sentences' % (fn, force, len(sents)))
            for s in sents:
                if s in seen:
                    err('%s: sentence used twice: %r' % (fn, s))
                seen.add(s)
                if not re.match(r'^[A-Z]', s) or s[-1] not in '.?!':
                    err('%s: %s sentence not well formed: %r' % (fn, force, s))
                if '"' in s or '\\' in s or '\n' in s:
                    err('%s: %s sentence has a quote, backslash or newline: %r' % (fn, force, s))
                np = sum(1 for u in punits if s in u)
                ni = sum(1 for u in iunits if s in u)
                if np != 1:
                    err('%s: %s sentence in %d participant units: %r' % (fn, force, np, s))
                if ni:
                    err('%s: %s sentence found in interviewer unit: %r' % (fn, force, s))
        # at least one push in the participant's opening answers
        if not any(s in u for s in fz.get('push', []) for u in punits[:2]):
            err('%s: no push sentence in the first two participant turns' % fn)

    # situations
    if sorted(sits) != ['S1', 'S2', 'S3']:
        err('situations are %s' % sorted(sits))
    for sid, s in sits.items():
        for k in ('label', 'motivation', 'outcome', 'participants', 'files', 'keywords'):
            if k not in s:
                err('%s: missing %s' % (sid, k))
        mot = s.get('motivation', '')
        if not (mot.startswith('When ') and ', I want ' in mot and ', so that ' in mot):
            err('%s: motivation not in When/I want/so that form' % sid)
        if len(s.get('keywords', [])) != 8:
            err('%s: %d keywords' % (sid, len(s.get('keywords', []))))
        if len(s.get('files', [])) != 4 or len(s.get('participants', [])) != 4:
            err('%s: needs 4 files and 4 participants' % sid)
        for f, p in zip(s.get('files', []), s.get('participants', [])):
            if f not in files:
                err('%s: unknown file %s' % (sid, f))
            elif files[f]['participant'] != p:
                err('%s: %s is %s, not %s' % (sid, f, files[f]['participant'], p))
            elif files[f]['situation'] != sid:
                err('%s: %s is marked %s in files' % (sid, f, files[f]['situation']))
    for fn, meta in files.items():
        sid = meta['situation']
        listed = [k for k, s in sits.items() if fn in s.get('files', [])]
        if sid is None and listed:
            err('%s: situation null but listed in %s' % (fn, listed))
        if sid is not None and listed != [sid]:
            err('%s: situation %s but listed in %s' % (fn, sid, listed))

    if errors:
        for e in errors:
            print('FAIL:', e)
        print('%d problem(s)' % len(errors))
        sys.exit(1)
    print('ALL OK')


if __name__ == '__main__':
    main()
