#!/usr/bin/env python3
"""Self-check for the Loomwell holdout set (python3, stdlib only).

Parses every transcript in its own format, then checks the transcripts
against key.json. Prints ALL OK when every check passes.
"""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
TDIR = os.path.join(HERE, 'transcripts')
FORMATS = {'first_names': 'txt', 'zoom_named': 'vtt', 'md_bold': 'md', 'srt_names': 'srt'}
FORCES = ('push', 'pull', 'anxiety', 'habit')
WMIN, WMAX = 1100, 1450
INTERVIEWER = 'Interviewer'
LABEL = re.compile(r'^([^:*]{1,60}): (.*)$')
VTT_TIME = re.compile(r'^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})$')
SRT_TIME = re.compile(r'^(\d\d):(\d\d):(\d\d),(\d{3}) --> (\d\d):(\d\d):(\d\d),(\d{3})$')

errors = []
def fail(msg):
    errors.append(msg)


def blocks(text):
    out, cur = [], []
    for ln in text.split('\n'):
        if ln.strip() == '':
            if cur:
                out.append(cur); cur = []
        else:
            cur.append(ln.rstrip('\r'))
    if cur:
        out.append(cur)
    return out


def secs(m, off):
    h, mi, s, ms = (int(m.group(off + i)) for i in range(4))
    return h * 3600 + mi * 60 + s + ms / 1000.0


def split_label(line, fname):
    m = LABEL.match(line)
    if not m:
        fail('%s: line without speaker label: %r' % (fname, line[:70]))
        return None, line
    return m.group(1), m.group(2)


def parse(fname, fmt, text):
    """Return (header_name or None, units) where units = [(speaker, [lines])]."""
    units, header = [], None
    bl = blocks(text)
    if fmt == 'first_names':
        first = bl[0]
        if len(first) != 1 or not first[0].startswith('Participant: '):
            fail('%s: first block must be the single line Participant: Full Name' % fname)
        else:
            header = first[0][len('Participant: '):].strip()
        for b in bl[1:]:
            sp, t = split_label(b[0], fname)
            units.append((sp, [t] + b[1:]))
    elif fmt == 'md_bold':
        first = bl[0]
        if len(first) != 1 or not first[0].startswith('# '):
            fail('%s: first block must be a single title line' % fname)
        for b in bl[1:]:
            m = re.match(r'^\*\*([^*]{1,60}):\*\* (.*)$', b[0])
            if not m:
                fail('%s: paragraph without bold speaker label: %r' % (fname, b[0][:70]))
                continue
            units.append((m.group(1), [m.group(2)] + b[1:]))
    elif fmt in ('zoom_named', 'srt_names'):
        if fmt == 'zoom_named':
            if not bl or bl[0][0].strip() != 'WEBVTT':
                fail('%s: missing WEBVTT header' % fname)
                return None, []
            cues = bl[1:]
            if len(bl[0]) > 1:
                fail('%s: unexpected text after WEBVTT header' % fname)
            tre = VTT_TIME
        else:
            cues = bl
            tre = SRT_TIME
        last_end, expect = -1.0, 1
        for c in cues:
            i = 0
            if '-->' not in c[0]:
                if fmt == 'srt_names' or fmt == 'zoom_named':
                    if not c[0].strip().isdigit() or int(c[0]) != expect:
                        fail('%s: cue number %r, expected %d' % (fname, c[0], expect))
                i = 1
            elif fmt == 'srt_names':
                fail('%s: SRT cue without index' % fname)
            expect += 1
            if i >= len(c):
                fail('%s: empty cue' % fname); continue
            m = tre.match(c[i].strip())
            if not m:
                fail('%s: bad timing line %r' % (fname, c[i])); continue
            st, en = secs(m, 1), secs(m, 5)
            if en <= st or st < last_end:
                fail('%s: timings out of order at %r' % (fname, c[i]))
            last_end = en
            text_lines = c[i + 1:]
            if not text_lines:
                fail('%s: cue without text' % fname); continue
            sp, t = split_label(text_lines[0], fname)
            units.append((sp, [t] + text_lines[1:]))
    else:
        fail('%s: unknown format %s' % (fname, fmt))
    return header, units


def words(s):
    return len(s.split())


def norm(s):
    return re.sub(r'\s+', ' ', s.strip().lower())


def main():
    kpath = os.path.join(HERE, 'key.json')
    with open(kpath, encoding='utf-8') as f:
        key = json.load(f)
    files, forces, sits = key.get('files', {}), key.get('forces', {}), key.get('situations', {})

    # ---- file list
    on_disk = sorted(os.listdir(TDIR))
    expected_stems = ['interview_%02d' % i for i in range(1, 14)]
    if sorted(files) != on_disk:
        fail('key files %s != transcripts on disk %s' % (sorted(files), on_disk))
    if sorted(forces) != sorted(files):
        fail('forces keys differ from files keys')
    if sorted(os.path.splitext(f)[0] for f in files) != expected_stems:
        fail('file stems must be interview_01..interview_13')

    # ---- key consistency
    fmt_count = {}
    names = []
    nulls = []
    for fname, info in sorted(files.items()):
        fmt = info.get('format')
        if fmt not in FORMATS:
            fail('%s: unknown format %r' % (fname, fmt)); continue
        if not fname.endswith('.' + FORMATS[fmt]):
            fail('%s: extension does not match format %s' % (fname, fmt))
        fmt_count[fmt] = fmt_count.get(fmt, 0) + 1
        p = info.get('participant', '')
        if len(p.split()) < 2:
            fail('%s: participant needs first and last name: %r' % (fname, p))
        names.append(p)
        s = info.get('situation')
        if s is None:
            nulls.append(fname)
        elif s not in sits:
            fail('%s: unknown situation %r' % (fname, s))
        elif fname not in sits[s].get('files', []):
            fail('%s: not listed in situation %s' % (fname, s))
    if len(set(names)) != len(names):
        fail('participants are not all different')
    if len(set(n.split()[0] for n in names)) != len(names):
        fail('first names are not all different')
    if len(nulls) != 1:
        fail('expected exactly one file with no situation, got %s' % nulls)
    if sorted(fmt_count) != sorted(FORMATS):
        fail('not all four formats used: %s' % fmt_count)
    for fmt, n in fmt_count.items():
        if not 3 <= n <= 4:
            fail('format %s used %d times (want 3-4)' % (fmt, n))
    if sorted(sits) != ['S1', 'S2', 'S3', 'S4']:
        fail('situations must be S1..S4, got %s' % sorted(sits))
    seen_sit_files = []
    for sid, s in sorted(sits.items()):
        for fld in ('label', 'motivation', 'outcome', 'participants', 'files', 'keywords'):
            if fld not in s:
                fail('%s: missing %s' % (sid, fld))
        if not re.match(r'^When .+, I want .+, so that .+$', s.get('motivation', '')):
            fail('%s: motivation not in When/I want/so that form' % sid)
        kw = s.get('keywords', [])
        if len(kw) != 8 or not all(isinstance(k, str) and k.strip() for k in kw):
            fail('%s: needs 8 keywords' % sid)
        ps, fs = s.get('participants', []), s.get('files', [])
        if len(ps) != 3 or len(fs) != 3:
            fail('%s: needs exactly 3 participants and 3 files' % sid)
        for p, f in zip(ps, fs):
            if f not in files:
                fail('%s: file %s not in key files' % (sid, f)); continue
            if files[f].get('participant') != p:
                fail('%s: %s is %r in files, %r in situation' % (sid, f, files[f].get('participant'), p))
            if files[f].get('situation') != sid:
                fail('%s: %s has situation %r' % (sid, f, files[f].get('situation')))
        seen_sit_files += fs
    if len(seen_sit_files) != len(set(seen_sit_files)):
        fail('a file is listed in more than one situation')

    # ---- transcripts
    interviewer_turns = {}
    for fname in on_disk:
        if fname not in files:
            continue
        info = files[fname]
        fmt, full = info['format'], info['participant']
        with open(os.path.join(TDIR, fname), encoding='utf-8') as f:
            text = f.read()
        header, units = parse(fname, fmt, text)
        if not units:
            fail('%s: no turns parsed' % fname); continue
        labels = set(sp for sp, _ in units if sp is not None)
        others = labels - {INTERVIEWER}
        if INTERVIEWER not in labels:
            fail('%s: no interviewer turns' % fname)
        want = full.split()[0] if fmt == 'first_names' else full
        if others != {want}:
            fail('%s: participant labels %s, expected exactly {%r}' % (fname, sorted(others), want))
        if fmt == 'first_names' and header != full:
            fail('%s: header names %r, key says %r' % (fname, header, full))
        if full in text and fmt == 'first_names' and text.count(full) != 1:
            fail('%s: full name should appear once (header)' % fname)

        dialogue = sum(words(' '.join(ls)) for _, ls in units)
        with_labels = dialogue + sum(words(sp or '') for sp, _ in units)
        if not (WMIN <= dialogue <= WMAX and WMIN <= with_labels <= WMAX):
            fail('%s: word count %d (with labels %d) outside %d-%d' % (fname, dialogue, with_labels, WMIN, WMAX))

        # merge consecutive units into turns
        turns = []
        for sp, ls in units:
            if turns and turns[-1][0] == sp:
                turns[-1][1].append(' '.join(ls))
            else:
                turns.append([sp, [' '.join(ls)]])
        for sp, parts in turns:
            if sp == INTERVIEWER:
                k = norm(' '.join(parts))
                if k in interviewer_turns:
                    fail('interviewer turn repeated in %s and %s: %r' % (interviewer_turns[k], fname, ' '.join(parts)))
                else:
                    interviewer_turns[k] = fname

        fz = forces.get(fname, {})
        if sorted(fz) != sorted(FORCES):
            fail('%s: forces must have exactly %s' % (fname, FORCES))
        allsent = []
        for force in FORCES:
            sl = fz.get(force, [])
            if len(sl) != 2:
                fail('%s: %s has %d sentences (want 2)' % (fname, force, len(sl)))
            for s in sl:
                allsent.append(s)
                if not re.match(r'^[A-Z].*[.?!]$', s) or '"' in s or '\\' in s or '\n' in s:
                    fail('%s: %s sentence badly formed: %r' % (fname, force, s))
                p_hits = [i for i, (sp, ls) in enumerate(units) if sp != INTERVIEWER and any(s in ln for ln in ls)]
                p_count = sum(ln.count(s) for sp, ls in units if sp != INTERVIEWER for ln in ls)
                i_hits = [i for i, (sp, ls) in enumerate(units) if sp == INTERVIEWER and s in ' '.join(ls)]
                if len(p_hits) != 1 or p_count != 1:
                    fail('%s: %s sentence found in %d participant units (%d times): %r' % (fname, force, len(p_hits), p_count, s))
                if i_hits:
                    fail('%s: %s sentence appears in an interviewer unit: %r' % (fname, force, s))
        if len(set(allsent)) != len(allsent):
            fail('%s: a sentence is used twice in forces' % fname)
        # at least one push in the opening answers (first two participant turns)
        ptexts = [' '.join(parts) for sp, parts in turns if sp != INTERVIEWER]
        if not any(s in t for s in fz.get('push', []) for t in ptexts[:2]):
            fail('%s: no push sentence in the opening participant answers' % fname)

    if errors:
        for e in errors:
            print('FAIL', e)
        print('%d problem(s)' % len(errors))
        sys.exit(1)
    print('checked %d transcripts, %d interviewer turns' % (len(on_disk), len(interviewer_turns)))
    print('ALL OK')


if __name__ == '__main__':
    main()
