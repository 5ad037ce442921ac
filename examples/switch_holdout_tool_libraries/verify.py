#!/usr/bin/env python3
"""Self-check for the Toolroom holdout set (stdlib only).

Parses every transcript in its own format, then checks the key against it.
Prints ALL OK when every check passes, otherwise lists the problems.
"""
import json, os, re, sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
TDIR = os.path.join(HERE, 'transcripts')
WORD_MIN, WORD_MAX = 1100, 1450
FORMAT_EXT = {'ai_json': '.json', 'otter': '.txt', 'srt_names': '.srt', 'plain_labels': '.txt'}
FORCES = ('push', 'pull', 'anxiety', 'habit')
errors = []

def err(msg):
    errors.append(msg)

# ---------------------------------------------------------------- parsers
# Each parser returns (units, meta): units is a list of (speaker, text) in
# file order, where speaker is a name (or 'Interviewer' / role) and text is
# the unit's spoken text (one cue / one turn).

def parse_ai_json(path):
    doc = json.load(open(path, encoding='utf-8'))
    for k in ('study', 'participant', 'transcript'):
        if k not in doc:
            err('%s: missing key %r' % (path, k))
    name = doc.get('participant', {}).get('display_name')
    units = []
    for i, t in enumerate(doc.get('transcript', [])):
        role, text = t.get('role'), t.get('text')
        if role not in ('assistant', 'user') or not isinstance(text, str):
            err('%s: bad transcript entry %d' % (path, i))
            continue
        units.append(('INTERVIEWER' if role == 'assistant' else name, text))
    return units, {'names_in_file': {name} if name else set(), 'interviewer': 'assistant'}

OTTER_HEAD = re.compile(r'^(\S.*?\S)  (\d+):([0-5]\d)$')

def parse_otter(path):
    raw = open(path, encoding='utf-8').read()
    units, last = [], -1
    for block in re.split(r'\n\s*\n', raw.strip()):
        lines = block.split('\n')
        m = OTTER_HEAD.match(lines[0])
        if not m or len(lines) < 2:
            err('%s: bad otter block starting %r' % (path, lines[0][:60]))
            continue
        t = int(m.group(2)) * 60 + int(m.group(3))
        if t < last:
            err('%s: timestamps go backwards at %s' % (path, lines[0]))
        last = t
        units.append((m.group(1), '\n'.join(lines[1:])))
    return units, {'names_in_file': {u[0] for u in units}}

SRT_TIME = re.compile(r'^(\d\d):(\d\d):(\d\d),(\d{3}) --> (\d\d):(\d\d):(\d\d),(\d{3})$')
SPEAKER = re.compile(r'^([A-Z][^:\n]{1,60}?): (.+)$', re.S)

def parse_srt(path):
    raw = open(path, encoding='utf-8').read()
    units, expect, last_end = [], 1, -1.0
    for block in re.split(r'\n\s*\n', raw.strip()):
        lines = block.split('\n')
        if len(lines) < 3 or not lines[0].isdigit() or int(lines[0]) != expect:
            err('%s: bad cue index near %r' % (path, lines[0][:40]))
            expect += 1
            continue
        expect += 1
        m = SRT_TIME.match(lines[1])
        if not m:
            err('%s: bad time line in cue %s' % (path, lines[0]))
            continue
        g = [int(x) for x in m.groups()]
        start = g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000
        end = g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000
        if end <= start or start < last_end:
            err('%s: cue %s timing out of order' % (path, lines[0]))
        last_end = end
        sm = SPEAKER.match('\n'.join(lines[2:]))
        if not sm:
            err('%s: cue %s has no Name: prefix' % (path, lines[0]))
            continue
        units.append((sm.group(1), sm.group(2)))
    return units, {'names_in_file': {u[0] for u in units}}

PLAIN = re.compile(r'^([A-Z][^:\n]{1,60}?): (.+)$')

def parse_plain(path):
    units = []
    for n, line in enumerate(open(path, encoding='utf-8').read().split('\n'), 1):
        if not line.strip():
            continue
        m = PLAIN.match(line)
        if not m:
            err('%s: line %d has no speaker label' % (path, n))
            continue
        units.append((m.group(1), m.group(2)))
    return units, {'names_in_file': {u[0] for u in units}}

PARSERS = {'ai_json': parse_ai_json, 'otter': parse_otter, 'srt_names': parse_srt, 'plain_labels': parse_plain}

# ---------------------------------------------------------------- key
key = json.load(open(os.path.join(HERE, 'key.json'), encoding='utf-8'))
files = key.get('files', {})
forces = key.get('forces', {})
sits = key.get('situations', {})

on_disk = sorted(os.listdir(TDIR))
expected_stems = ['interview_%02d' % i for i in range(1, 13)]
if sorted(os.path.splitext(f)[0] for f in on_disk) != expected_stems:
    err('transcripts/ should hold exactly interview_01..interview_12, found %s' % on_disk)
if sorted(files) != on_disk:
    err('key files %s != files on disk %s' % (sorted(files), on_disk))
if sorted(forces) != sorted(files):
    err('forces keys do not match files keys')

fmt_count = Counter(v.get('format') for v in files.values())
if sorted(fmt_count.items()) != sorted({f: 3 for f in FORMAT_EXT}.items()):
    err('expected 3 files per format, got %s' % dict(fmt_count))
names = [v.get('participant') for v in files.values()]
if len(set(names)) != len(names):
    err('participant names are not unique')
for fn, v in files.items():
    if not fn.endswith(FORMAT_EXT.get(v.get('format'), '?')):
        err('%s: extension does not fit format %s' % (fn, v.get('format')))
    if len(str(v.get('participant', '')).split()) < 2:
        err('%s: participant needs a first and last name' % fn)

# situations
if sorted(sits) != ['S1', 'S2', 'S3']:
    err('situations should be S1, S2, S3')
sizes = {'S1': 4, 'S2': 4, 'S3': 2}
seen_in_sit = set()
for sid, s in sits.items():
    for k in ('label', 'motivation', 'outcome', 'participants', 'files', 'keywords'):
        if k not in s:
            err('%s: missing %s' % (sid, k))
    if not re.match(r'^When .+, I want .+, so that .+', s.get('motivation', '')):
        err('%s: motivation is not When..., I want..., so that...' % sid)
    if len(s.get('keywords', [])) != 8:
        err('%s: needs 8 keywords' % sid)
    fl, pl = s.get('files', []), s.get('participants', [])
    if len(fl) != sizes.get(sid) or len(pl) != len(fl):
        err('%s: expected %s files and as many participants' % (sid, sizes.get(sid)))
    for f, p in zip(fl, pl):
        if f not in files:
            err('%s: unknown file %s' % (sid, f)); continue
        if files[f].get('participant') != p:
            err('%s: %s is %s in files, %s in situation' % (sid, f, files[f].get('participant'), p))
        if files[f].get('situation') != sid:
            err('%s: %s says situation %s' % (sid, f, files[f].get('situation')))
        if f in seen_in_sit:
            err('%s listed in more than one situation' % f)
        seen_in_sit.add(f)
for fn, v in files.items():
    if v.get('situation') is None and fn in seen_in_sit:
        err('%s has situation null but is listed in a situation' % fn)
    if v.get('situation') is not None and fn not in seen_in_sit:
        err('%s has situation %s but is not in its list' % (fn, v.get('situation')))
if sum(1 for v in files.values() if v.get('situation') is None) != 2:
    err('expected exactly 2 files with no situation')

# ---------------------------------------------------------------- transcripts
PROBLEM_Q = re.compile(r"\b(problem\w*|wrong|struggl\w*|frustrat\w*|difficult\w*|annoy\w*|pain\w*|bit you|hard\w*|fail\w*|issue\w*|worr\w*|broke\w*|stop\w*|complain\w*|(?:has|had|have|needed|need) to change)\b", re.I)
HABIT_Q = re.compile(r"\b(habit\w*|old way|old setup|still do|still use|kept|keep doing|hung around|hang around|hold on|let go|miss|old ways?)\b", re.I)
all_iv_turns = []
report = []
for fn in on_disk:
    v = files.get(fn)
    if not v:
        continue
    path = os.path.join(TDIR, fn)
    fmt = v.get('format')
    try:
        units, meta = PARSERS[fmt](path)
    except Exception as e:  # noqa
        err('%s: cannot parse as %s (%s)' % (fn, fmt, e)); continue
    pname = v['participant']
    speakers = Counter(sp for sp, _ in units)
    if fmt == 'ai_json':
        if meta['names_in_file'] != {pname}:
            err('%s: display_name %s != key %s' % (fn, meta['names_in_file'], pname))
        others = set(speakers) - {pname, 'INTERVIEWER'}
        iv_name = 'INTERVIEWER'
    else:
        iv_names = set(speakers) - {pname}
        if pname not in speakers:
            err('%s: participant %s not found in file' % (fn, pname))
        if len(iv_names) != 1:
            err('%s: expected one interviewer and one participant, speakers %s' % (fn, sorted(speakers)))
            continue
        iv_name = iv_names.pop()
        others = set()
        if fmt == 'plain_labels' and iv_name != 'Interviewer':
            err('%s: interviewer label should be Interviewer, got %s' % (fn, iv_name))
        if fmt in ('otter', 'srt_names') and len(iv_name.split()) < 2:
            err('%s: interviewer should have a full name, got %s' % (fn, iv_name))
    if others:
        err('%s: unexpected speakers %s' % (fn, others))
    p_units = [t for sp, t in units if sp == pname]
    i_units = [t for sp, t in units if sp == iv_name]
    # turns = consecutive units of one speaker
    turns = []
    for sp, t in units:
        if turns and turns[-1][0] == sp:
            turns[-1][1].append(t)
        else:
            turns.append((sp, [t]))
    for sp, ts in turns:
        if sp == iv_name:
            all_iv_turns.append((fn, ' '.join(' '.join(ts).split())))
    words = sum(len(t.split()) for _, t in units)
    raw_words = len(open(path, encoding='utf-8').read().split())
    if not WORD_MIN <= words <= WORD_MAX:
        err('%s: %d spoken words, outside %d-%d' % (fn, words, WORD_MIN, WORD_MAX))
    # forces
    fr = forces.get(fn, {})
    if sorted(fr) != sorted(FORCES):
        err('%s: forces must have exactly %s' % (fn, FORCES))
    allsent = []
    unit_index = {}
    for force in FORCES:
        sents = fr.get(force, [])
        if len(sents) != 2 or len(set(sents)) != 2:
            err('%s: %s needs exactly two different sentences' % (fn, force))
        for s in sents:
            allsent.append(s)
            if '\n' in s or '"' in s or '\\' in s:
                err('%s: %s sentence has newline, double quote or backslash: %r' % (fn, force, s[:50]))
            if not re.match(r'^[A-Z]', s) or s[-1] not in '.?!':
                err('%s: %s sentence must start with a capital and end with . ? or !: %r' % (fn, force, s[:50]))
            hits = [i for i, t in enumerate(p_units) if any(s in line for line in t.split('\n'))]
            if len(hits) != 1:
                err('%s: %s sentence found in %d participant units (need 1): %r' % (fn, force, len(hits), s[:60]))
            else:
                unit_index[(force, s)] = hits[0]
            if any(s in t for t in i_units):
                err('%s: %s sentence also appears in an interviewer unit: %r' % (fn, force, s[:60]))
    if len(set(allsent)) != len(allsent):
        err('%s: a sentence is used for two forces' % fn)
    # genuineness: an early push and an unprompted habit
    seq = []  # (speaker_is_participant, text) per unit with running index
    p_pos, first_problem_q = {}, None
    pi = 0
    prev_iv = ''
    habit_prompts = []
    for sp, t in units:
        if sp == iv_name:
            if first_problem_q is None and PROBLEM_Q.search(t):
                first_problem_q = pi
            prev_iv = t
        else:
            for (force, s), idx in unit_index.items():
                if idx == pi and force == 'habit':
                    habit_prompts.append(prev_iv)
            pi += 1
    push_idx = [idx for (force, s), idx in unit_index.items() if force == 'push']
    if push_idx and first_problem_q is not None and min(push_idx) >= first_problem_q:
        err('%s: no push told before the interviewer first asks about problems' % fn)
    if habit_prompts and all(HABIT_Q.search(q) for q in habit_prompts):
        err('%s: every habit sentence follows a question about habits' % fn)
    report.append('%-18s %-13s %-20s %4d spoken words (%4d raw tokens), %2d participant units' %
                  (fn, fmt, pname, words, raw_words, len(p_units)))

dup = defaultdict(list)
for fn, t in all_iv_turns:
    dup[t.lower()].append(fn)
for t, fns in dup.items():
    if len(fns) > 1:
        err('interviewer turn repeated in %s: %r' % (fns, t[:60]))

print('\n'.join(report))
if errors:
    print('\n%d problem(s):' % len(errors))
    for e in errors:
        print(' -', e)
    sys.exit(1)
print('ALL OK')
