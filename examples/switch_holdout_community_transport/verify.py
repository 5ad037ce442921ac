#!/usr/bin/env python3
"""Self-check for the Ferry JTBD switch-interview holdout set (stdlib only).

Parses every transcript in its own format, then checks the key against it.
Prints ALL OK when every check passes; otherwise lists the problems and exits 1.
"""
import json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
TDIR = os.path.join(HERE, 'transcripts')
INTERVIEWER = 'Maren Tolland'          # the (invented) interviewer in every file
FORMATS = {'zoom_vtt': 'vtt', 'teams_vtt': 'vtt', 'stamped_text': 'txt', 'md_qa': 'md', 'srt_caps': 'srt'}
WORD_MIN, WORD_MAX = 1100, 1450
FORCE_NAMES = ('push', 'pull', 'anxiety', 'habit')
HABIT_Q = re.compile(r"\b(habit|habits|still|old way|old ways|kept|keep|miss|hanging around|hasn't changed|same as before|hold on|used to do)\b", re.I)

errors = []
def err(msg):
    errors.append(msg)

VTT_TIME = re.compile(r'^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})$')
SRT_TIME = re.compile(r'^(\d\d):(\d\d):(\d\d),(\d{3}) --> (\d\d):(\d\d):(\d\d),(\d{3})$')
GUID_ID = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/\d+-\d+$')

def secs(m, off):
    h, mi, s, ms = (int(m.group(off + i)) for i in range(4))
    return h * 3600 + mi * 60 + s + ms / 1000

def blocks(text):
    return [b.split('\n') for b in re.split(r'\n\s*\n', text.strip('\n')) if b.strip()]

def check_times(fn, m, last):
    a, b = secs(m, 1), secs(m, 5)
    if not (b > a >= last):
        err(f'{fn}: timestamps not increasing at {m.group(0)}')
    return b

# Each parser returns a list of units: {'speaker': name-as-written, 'lines': [text lines]}

def parse_zoom_vtt(fn, text):
    bl = blocks(text)
    if bl[0] != ['WEBVTT']:
        err(f'{fn}: zoom_vtt must start with a lone WEBVTT line')
    units, last = [], 0.0
    for n, b in enumerate(bl[1:], 1):
        if len(b) < 3 or b[0] != str(n):
            err(f'{fn}: zoom_vtt cue {n} has bad number/shape: {b[:1]}'); continue
        m = VTT_TIME.match(b[1])
        if not m:
            err(f'{fn}: zoom_vtt cue {n} bad timing'); continue
        last = check_times(fn, m, last)
        mm = re.match(r'^([^:<>]+?): (.+)$', b[2])
        if not mm:
            err(f'{fn}: zoom_vtt cue {n} lacks "Name: " label'); continue
        units.append({'speaker': mm.group(1), 'lines': [mm.group(2)] + b[3:]})
    return units

def parse_teams_vtt(fn, text):
    bl = blocks(text)
    if bl[0] != ['WEBVTT']:
        err(f'{fn}: teams_vtt must start with a lone WEBVTT line')
    units, last = [], 0.0
    for b in bl[1:]:
        if len(b) < 3 or not GUID_ID.match(b[0]):
            err(f'{fn}: teams_vtt cue id not GUID-like: {b[0]!r}'); continue
        m = VTT_TIME.match(b[1])
        if not m:
            err(f'{fn}: teams_vtt bad timing in {b[0]}'); continue
        last = check_times(fn, m, last)
        body = '\n'.join(b[2:])
        mm = re.fullmatch(r'<v ([^>]+)>(.+)</v>', body, re.S)
        if not mm:
            err(f'{fn}: teams_vtt cue {b[0]} lacks <v Name>...</v>'); continue
        units.append({'speaker': mm.group(1), 'lines': mm.group(2).split('\n')})
    return units

def parse_srt(fn, text):
    units, last, speaker = [], 0.0, None
    label = re.compile(r"^([A-Z][A-Z' .\-]*[A-Z]): (.+)$")
    for n, b in enumerate(blocks(text), 1):
        if len(b) < 3 or b[0] != str(n):
            err(f'{fn}: srt cue {n} has bad number/shape'); continue
        m = SRT_TIME.match(b[1])
        if not m:
            err(f'{fn}: srt cue {n} bad timing'); continue
        last = check_times(fn, m, last)
        lines = b[2:]
        mm = label.match(lines[0])
        if mm:
            speaker = mm.group(1)
            lines = [mm.group(2)] + lines[1:]
        elif speaker is None:
            err(f'{fn}: srt cue {n} has no speaker label and nothing to run on from')
            continue
        units.append({'speaker': speaker, 'lines': lines})
    return units

def parse_stamped(fn, text):
    units, last = [], -1
    for b in blocks(text):
        if len(b) != 1:
            err(f'{fn}: stamped_text paragraph spans several lines: {b[0][:40]!r}'); continue
        mm = re.match(r'^\[(\d\d):(\d\d):(\d\d)\] ([^:\]]+): (.+)$', b[0])
        if not mm:
            err(f'{fn}: stamped_text bad paragraph: {b[0][:40]!r}'); continue
        t = int(mm.group(1)) * 3600 + int(mm.group(2)) * 60 + int(mm.group(3))
        if t < last:
            err(f'{fn}: stamped_text time goes backwards at {mm.group(0)[:12]}')
        last = t
        units.append({'speaker': mm.group(4), 'lines': [mm.group(5)]})
    return units

def parse_md(fn, text):
    bl = blocks(text)
    mm = re.fullmatch(r'# Interview with (\S.+)', bl[0][0]) if bl else None
    if not mm or len(bl[0]) != 1:
        err(f'{fn}: md_qa must start with "# Interview with Full Name"'); return [], None
    name = mm.group(1).strip()
    if not (len(bl) > 1 and len(bl[1]) == 1 and re.search(r'\b(19|20)\d\d\b', bl[1][0])):
        err(f'{fn}: md_qa second paragraph must be a date line')
    units = []
    for b in bl[2:]:
        if len(b) != 1:
            err(f'{fn}: md_qa paragraph spans several lines: {b[0][:40]!r}'); continue
        if b[0].startswith('**Q:** '):
            units.append({'speaker': 'Q', 'lines': [b[0][7:]]})
        elif b[0].startswith('**A:** '):
            units.append({'speaker': 'A', 'lines': [b[0][7:]]})
        else:
            err(f'{fn}: md_qa paragraph is neither **Q:** nor **A:**: {b[0][:40]!r}')
    return units, name

def load_key():
    with open(os.path.join(HERE, 'key.json'), encoding='utf-8') as f:
        return json.load(f)

def is_full_name(n):
    parts = n.split()
    return len(parts) >= 2 and all(p[0].isupper() for p in parts)

def main():
    key = load_key()
    files, sits, forces = key.get('files', {}), key.get('situations', {}), key.get('forces', {})

    # ---------- key consistency ----------
    expected = {f'interview_{i:02d}' for i in range(1, 15)}
    on_disk = sorted(os.listdir(TDIR))
    stems = [os.path.splitext(f)[0] for f in on_disk]
    if sorted(stems) != sorted(expected):
        err(f'transcripts/ should hold exactly interview_01..interview_14, found {on_disk}')
    if set(files) != set(on_disk):
        err('key files do not match transcripts on disk')
    if set(forces) != set(files):
        err('key forces and key files cover different file names')
    fmt_count = Counter()
    names = []
    for fn, info in files.items():
        fmt = info.get('format')
        if fmt not in FORMATS:
            err(f'{fn}: unknown format {fmt}'); continue
        if not fn.endswith('.' + FORMATS[fmt]):
            err(f'{fn}: extension does not fit format {fmt}')
        fmt_count[fmt] += 1
        names.append(info.get('participant', ''))
        if not is_full_name(info.get('participant', '')):
            err(f'{fn}: participant is not a full name')
    if set(fmt_count) != set(FORMATS) or min(fmt_count.values()) < 2:
        err(f'each of the five formats must be used at least twice: {dict(fmt_count)}')
    if len(set(names)) != len(names):
        err('participants are not all different people')
    if INTERVIEWER in names:
        err('interviewer is listed as a participant')
    sizes = {'S1': 5, 'S2': 4, 'S3': 3}
    if set(sits) != set(sizes):
        err(f'situations should be exactly {sorted(sizes)}')
    listed = {}
    for s, want in sizes.items():
        d = sits.get(s, {})
        for fld in ('label', 'motivation', 'outcome', 'participants', 'files', 'keywords'):
            if fld not in d:
                err(f'{s}: missing {fld}')
        mot = d.get('motivation', '')
        if not (mot.startswith('When ') and ', I want ' in mot and ', so that ' in mot):
            err(f'{s}: motivation not in "When ..., I want ..., so that ..." form')
        if len(d.get('keywords', [])) != 8:
            err(f'{s}: needs 8 keywords')
        ps, fs = d.get('participants', []), d.get('files', [])
        if len(ps) != want or len(fs) != want:
            err(f'{s}: expected {want} participants/files, got {len(ps)}/{len(fs)}')
        for p, f in zip(ps, fs):
            if f in listed:
                err(f'{f} is listed in two situations')
            listed[f] = s
            if f not in files:
                err(f'{s}: file {f} not in key files'); continue
            if files[f].get('participant') != p:
                err(f'{s}: {f} participant {p!r} disagrees with files entry')
            if files[f].get('situation') != s:
                err(f'{s}: {f} files entry says situation {files[f].get("situation")!r}')
    nulls = [f for f, i in files.items() if i.get('situation') is None]
    if len(nulls) != 2:
        err(f'expected exactly two files in no situation, got {nulls}')
    for f, i in files.items():
        if i.get('situation') is not None and listed.get(f) != i.get('situation'):
            err(f'{f}: situation {i.get("situation")} but not in that situation lists')

    # ---------- transcripts ----------
    all_iv_turns = Counter()
    for fn in sorted(files):
        info = files[fn]
        path = os.path.join(TDIR, fn)
        if not os.path.exists(path):
            continue
        with open(path, encoding='utf-8') as f:
            text = f.read()
        if '\r' in text:
            err(f'{fn}: contains carriage returns')
        fmt = info['format']
        part = info['participant']
        if fmt == 'md_qa':
            units, head = parse_md(fn, text)
            if head != part:
                err(f'{fn}: heading names {head!r}, key says {part!r}')
            for u in units:
                u['role'] = 'I' if u['speaker'] == 'Q' else 'P'
        else:
            units = {'zoom_vtt': parse_zoom_vtt, 'teams_vtt': parse_teams_vtt,
                     'srt_caps': parse_srt, 'stamped_text': parse_stamped}[fmt](fn, text)
            iv_label = {'zoom_vtt': INTERVIEWER, 'teams_vtt': INTERVIEWER,
                        'srt_caps': 'INTERVIEWER', 'stamped_text': 'Interviewer'}[fmt]
            p_label = part.upper() if fmt == 'srt_caps' else part
            speakers = Counter(u['speaker'] for u in units)
            others = [s for s in speakers if s != iv_label]
            if iv_label not in speakers:
                err(f'{fn}: no interviewer turns labelled {iv_label!r}')
            if others != [p_label]:
                err(f'{fn}: participants found {others}, expected exactly [{p_label!r}]')
            for u in units:
                u['role'] = 'I' if u['speaker'] == iv_label else 'P'
        if not units:
            err(f'{fn}: nothing parsed'); continue
        # turns = runs of units by the same role
        turns = []
        for u in units:
            if turns and turns[-1]['role'] == u['role']:
                turns[-1]['units'].append(u)
            else:
                turns.append({'role': u['role'], 'units': [u]})
        for t in turns:
            t['text'] = ' '.join(' '.join(u['lines']) for u in t['units'])
        if turns[0]['role'] != 'I':
            err(f'{fn}: should open with the interviewer')
        words = sum(len(t['text'].split()) for t in turns)
        if not (WORD_MIN <= words <= WORD_MAX):
            err(f'{fn}: {words} words, outside {WORD_MIN}-{WORD_MAX}')
        for t in turns:
            if t['role'] == 'I':
                all_iv_turns[' '.join(t['text'].lower().split())] += 1

        # forces
        fz = forces.get(fn, {})
        if sorted(fz) != sorted(FORCE_NAMES):
            err(f'{fn}: forces must have exactly {FORCE_NAMES}')
        seen = set()
        where = {}
        for force in FORCE_NAMES:
            sents = fz.get(force, [])
            if len(sents) != 2:
                err(f'{fn}: {force} needs exactly 2 sentences')
            for s in sents:
                if s in seen:
                    err(f'{fn}: sentence used twice in forces: {s[:50]!r}')
                seen.add(s)
                if not s or not s[0].isupper() or s[-1] not in '.?!' or '"' in s or '\\' in s or '\n' in s:
                    err(f'{fn}: {force} sentence malformed: {s[:60]!r}')
                p_hits = [i for i, u in enumerate(units) if u['role'] == 'P' and any(s in ln for ln in u['lines'])]
                i_hits = [i for i, u in enumerate(units) if u['role'] == 'I' and s in ' '.join(u['lines'])]
                if len(p_hits) != 1:
                    err(f'{fn}: {force} sentence found in {len(p_hits)} participant units: {s[:60]!r}')
                if i_hits:
                    err(f'{fn}: {force} sentence appears in interviewer text: {s[:60]!r}')
                if len(p_hits) == 1:
                    u = units[p_hits[0]]
                    ln = next(l for l in u['lines'] if s in l)
                    k = ln.index(s)
                    before, after = ln[:k].rstrip(), ln[k + len(s):]
                    if before and before[-1] not in '.?!:':
                        err(f'{fn}: {force} sentence does not start at a sentence boundary: {s[:50]!r}')
                    if after and not after[0].isspace():
                        err(f'{fn}: {force} sentence does not end at a sentence boundary: {s[:50]!r}')
                    ti = next(j for j, t in enumerate(turns) if u in t['units'])
                    where.setdefault(force, []).append(ti)
        p_turn_idx = [j for j, t in enumerate(turns) if t['role'] == 'P']
        if p_turn_idx and p_turn_idx[0] not in where.get('push', []):
            err(f'{fn}: no push sentence in the opening answer')
        unasked = [j for j in where.get('habit', []) if j > 0 and not HABIT_Q.search(turns[j - 1]['text'])]
        if not unasked:
            err(f'{fn}: every habit sentence follows a question about habits')
        print(f'  {fn:18s} {fmt:13s} {part:18s} {str(info["situation"]):5s} {words:5d} words, {len(turns)} turns')

    dup = [t for t, c in all_iv_turns.items() if c > 1]
    if dup:
        err(f'interviewer turns repeated across the set: {dup}')

    if errors:
        print('\n'.join('FAIL: ' + e for e in errors))
        sys.exit(1)
    print('ALL OK')

if __name__ == '__main__':
    main()
