#!/usr/bin/env python3
"""Self-check for the Stablebook switch-interview holdout set (stdlib only).

Parses every transcript in its own format, then checks the transcripts
against key.json. Prints ALL OK when every check passes.
"""
import csv, io, json, os, re, sys, collections

HERE = os.path.dirname(os.path.abspath(__file__))
TDIR = os.path.join(HERE, 'transcripts')
EXT = {'markdown': '.md', 'qa_header': '.txt', 'srt_plain': '.srt', 'csv_turns': '.csv'}
MIN_WORDS, MAX_WORDS = 1100, 1450
errors = []


def err(msg):
    errors.append(msg)


def parse_markdown(raw):
    """Return (declared_name, units). units: list of (speaker, text)."""
    lines = raw.split('\n')
    m = re.match(r'^# Interview with (.+?)\s*$', lines[0])
    declared = m.group(1) if m else None
    if not m:
        err('markdown heading missing')
    units = []
    for ln in lines[1:]:
        if not ln.strip():
            continue
        m = re.match(r'^\*\*(.+?):\*\* (.*)$', ln)
        if m:
            units.append([m.group(1), m.group(2)])
        elif units:
            units[-1][1] += '\n' + ln
        else:
            err('markdown: text before first turn: %r' % ln[:40])
    return declared, [tuple(u) for u in units]


def parse_qa(raw):
    lines = raw.split('\n')
    hdr = {}
    i = 0
    while i < len(lines) and lines[i].strip():
        m = re.match(r'^(Participant|Interviewer): (.+?)\s*$', lines[i])
        if not m:
            err('qa header line malformed: %r' % lines[i][:40])
        else:
            hdr[m.group(1)] = m.group(2)
        i += 1
    units = []
    for ln in lines[i:]:
        if not ln.strip():
            continue
        m = re.match(r'^(Q|A): (.*)$', ln)
        if m:
            units.append(['Interviewer' if m.group(1) == 'Q' else 'PARTICIPANT', m.group(2)])
        elif units:
            units[-1][1] += '\n' + ln
        else:
            err('qa: text before first turn')
    return hdr, [tuple(u) for u in units]


def parse_srt(raw):
    blocks = re.split(r'\n\s*\n', raw.strip('\n'))
    units = []
    expect = 1
    for b in blocks:
        ls = b.split('\n')
        if len(ls) < 3:
            err('srt: short cue %r' % b[:40]); continue
        if ls[0].strip() != str(expect):
            err('srt: cue number %r, expected %d' % (ls[0], expect))
        expect += 1
        if not re.match(r'^\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}$', ls[1].strip()):
            err('srt: bad timing line %r' % ls[1])
        text = '\n'.join(ls[2:])
        m = re.match(r'^([A-Z][A-Z \'\-]*?): (.*)$', text, re.S)
        if not m:
            err('srt: cue without speaker label: %r' % text[:40]); continue
        units.append((m.group(1), m.group(2)))
    return units


def parse_csv(raw):
    rdr = csv.reader(io.StringIO(raw))
    rows = list(rdr)
    if not rows or rows[0] != ['timestamp', 'speaker', 'text']:
        err('csv: bad header %r' % (rows[0] if rows else None))
        return []
    units = []
    for r in rows[1:]:
        if len(r) != 3:
            err('csv: row with %d fields' % len(r)); continue
        if not re.match(r'^\d\d:\d\d:\d\d$', r[0]):
            err('csv: bad timestamp %r' % r[0])
        units.append((r[1], r[2]))
    return units


def words(t):
    return len(t.split())


def norm(t):
    return ' '.join(re.sub(r'[^\w\s]', ' ', t.lower()).split())


key = json.load(open(os.path.join(HERE, 'key.json'), encoding='utf-8'))
files_key = key['files']
forces_key = key['forces']
sits = key['situations']

present = sorted(f for f in os.listdir(TDIR) if not f.startswith('.'))
expected_stems = ['interview_%02d' % i for i in range(1, 14)]
if [os.path.splitext(f)[0] for f in present] != expected_stems:
    err('transcripts/ should hold interview_01..interview_13 exactly, found %r' % present)
if sorted(files_key) != present:
    err('key files != transcripts present')
if sorted(forces_key) != present:
    err('key forces != transcripts present')

all_interviewer = collections.defaultdict(list)
participants_seen = []
fmt_count = collections.Counter()

for fn in present:
    info = files_key.get(fn, {})
    fmt = info.get('format')
    name = info.get('participant', '')
    raw = open(os.path.join(TDIR, fn), encoding='utf-8').read()
    if fmt not in EXT:
        err('%s: unknown format %r' % (fn, fmt)); continue
    if not fn.endswith(EXT[fmt]):
        err('%s: extension does not match format %s' % (fn, fmt))
    fmt_count[fmt] += 1
    if len(name.split()) < 2:
        err('%s: participant needs first and last name: %r' % (fn, name))
    participants_seen.append(name)

    # --- parse into units, identify speakers ---
    if fmt == 'markdown':
        declared, units = parse_markdown(raw)
        if declared != name:
            err('%s: heading names %r, key says %r' % (fn, declared, name))
        spk = set(s for s, _ in units)
        if spk != {'Interviewer', name}:
            err('%s: speakers %r, expected Interviewer + %r' % (fn, spk, name))
        is_p = lambda s: s == name
    elif fmt == 'qa_header':
        hdr, units = parse_qa(raw)
        if hdr.get('Participant') != name:
            err('%s: Participant header %r, key says %r' % (fn, hdr.get('Participant'), name))
        iv = hdr.get('Interviewer', '')
        if len(iv.split()) < 2 or iv == name:
            err('%s: Interviewer header should be another full name: %r' % (fn, iv))
        is_p = lambda s: s == 'PARTICIPANT'
    elif fmt == 'srt_plain':
        units = parse_srt(raw)
        spk = set(s for s, _ in units)
        if spk != {'INTERVIEWER', name.upper()}:
            err('%s: speakers %r, expected INTERVIEWER + %r' % (fn, spk, name.upper()))
        is_p = lambda s: s == name.upper()
    else:
        units = parse_csv(raw)
        spk = set(s for s, _ in units)
        if spk != {'Interviewer', name}:
            err('%s: speakers %r, expected Interviewer + %r' % (fn, spk, name))
        is_p = lambda s: s == name

    p_units = [t for s, t in units if is_p(s)]
    i_units = [t for s, t in units if not is_p(s)]
    if not p_units or not i_units:
        err('%s: needs both interviewer and participant turns' % fn)
    for t in i_units:
        all_interviewer[norm(t)].append(fn)

    wc = sum(words(t) for _, t in units)
    if not (MIN_WORDS <= wc <= MAX_WORDS):
        err('%s: %d words, outside %d-%d' % (fn, wc, MIN_WORDS, MAX_WORDS))
    print('%-20s %-10s %-18s %5d words  %2d turns' % (fn, fmt, name, wc, len(units)))

    # --- forces ---
    fk = forces_key.get(fn, {})
    if sorted(fk) != ['anxiety', 'habit', 'pull', 'push']:
        err('%s: forces keys %r' % (fn, sorted(fk)))
    seen_sent = set()
    for force, sents in fk.items():
        if not isinstance(sents, list) or len(sents) != 2:
            err('%s/%s: need exactly two sentences' % (fn, force)); continue
        for s in sents:
            if s in seen_sent:
                err('%s: sentence listed twice: %r' % (fn, s[:50]))
            seen_sent.add(s)
            if not re.match(r'^[A-Z]', s) or not re.search(r'[.?!]$', s):
                err('%s/%s: must start with capital and end with .?!: %r' % (fn, force, s[:50]))
            if '"' in s or '\\' in s or '\n' in s:
                err('%s/%s: forbidden character: %r' % (fn, force, s[:50]))
            hits_p = sum(1 for t in p_units if s in t)
            hits_i = sum(1 for t in i_units if s in t)
            if hits_p != 1:
                err('%s/%s: found in %d participant units (need 1): %r' % (fn, force, hits_p, s[:60]))
            if hits_i:
                err('%s/%s: found in an interviewer unit: %r' % (fn, force, s[:60]))
            if not any(s in ln for ln in raw.split('\n')):
                err('%s/%s: not within a single line of the file: %r' % (fn, force, s[:60]))
    # at least one push in the participant's opening answer
    if p_units and not any(s in p_units[0] for s in fk.get('push', [])):
        err('%s: no push sentence in the first participant answer' % fn)

# interviewer turns unique across the set
for t, fl in all_interviewer.items():
    if len(fl) > 1:
        err('interviewer turn repeated in %r: %r' % (fl, t[:60]))

# participants distinct
dup = [n for n, c in collections.Counter(participants_seen).items() if c > 1]
if dup:
    err('participants appear in more than one file: %r' % dup)

# formats
if len(fmt_count) != 4 or min(fmt_count.values()) < 3:
    err('need four formats with at least three files each: %r' % dict(fmt_count))

# situations
want = {'S1': 5, 'S2': 4, 'S3': 2}
if sorted(sits) != sorted(want):
    err('situations should be S1, S2, S3: %r' % sorted(sits))
listed = set()
for sid, sd in sits.items():
    for k in ('label', 'motivation', 'outcome', 'participants', 'files', 'keywords'):
        if k not in sd:
            err('%s: missing %s' % (sid, k))
    if not re.match(r'^When .+, I want .+, so that .+$', sd.get('motivation', ''), re.S):
        err('%s: motivation not in When/I want/so that form' % sid)
    if len(sd.get('keywords', [])) != 8:
        err('%s: needs 8 keywords' % sid)
    fl, pl = sd.get('files', []), sd.get('participants', [])
    if len(fl) != want.get(sid) or len(pl) != len(fl):
        err('%s: expected %s files/participants, got %d/%d' % (sid, want.get(sid), len(fl), len(pl)))
    for f, p in zip(fl, pl):
        if f in listed:
            err('%s listed in more than one situation' % f)
        listed.add(f)
        if f not in files_key:
            err('%s: unknown file %s' % (sid, f)); continue
        if files_key[f].get('participant') != p:
            err('%s: %s participant %r vs files entry %r' % (sid, f, p, files_key[f].get('participant')))
        if files_key[f].get('situation') != sid:
            err('%s: %s has situation %r in files' % (sid, f, files_key[f].get('situation')))
for f, info in files_key.items():
    s = info.get('situation')
    if s is None:
        if f in listed:
            err('%s has null situation but is listed in one' % f)
    elif f not in sits.get(s, {}).get('files', []):
        err('%s says %s but is not in its list' % (f, s))
nulls = sum(1 for i in files_key.values() if i.get('situation') is None)
if nulls != 2:
    err('expected 2 files with no situation, got %d' % nulls)

print()
if errors:
    for e in errors:
        print('FAIL:', e)
    print('%d problem(s)' % len(errors))
    sys.exit(1)
print('ALL OK')
