#!/usr/bin/env python3
"""Check the Ledgerlight switch-interview test set against key.json.

Standard library only. Run from anywhere:  python3 verify.py
Prints ALL OK when every check passes, otherwise one line per problem.
"""
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
TDIR = os.path.join(HERE, 'transcripts')
MIN_WORDS, MAX_WORDS = 1100, 1450
FORMATS = {'speaker_numbers': '.txt', 'qa_header': '.txt', 'sbv': '.sbv', 'vtt_plain': '.vtt'}
FORCES = ('push', 'pull', 'anxiety', 'habit')
SIT_SIZES = {'S1': 4, 'S2': 4, 'S3': 3}

errors = []


def err(msg):
    errors.append(msg)


class Unit:
    """One speaker unit: a turn (txt formats) or a cue (sbv / vtt)."""

    def __init__(self, role, speaker, lines):
        self.role = role          # 'interviewer' or 'participant'
        self.speaker = speaker    # name as the file gives it (may be None)
        self.lines = lines        # list of text lines, labels removed

    @property
    def text(self):
        return ' '.join(self.lines)


def blocks(text):
    out, cur = [], []
    for line in text.split('\n'):
        if line.strip() == '':
            if cur:
                out.append(cur)
                cur = []
        else:
            cur.append(line.rstrip('\r'))
    if cur:
        out.append(cur)
    return out


# ---------------------------------------------------------------- parsers
# Each parser returns (units, participant_names_found, interviewer_names_found)

def parse_speaker_numbers(text, fname):
    lines = text.split('\n')
    m = re.match(r'^Speaker 1 = (.+?) \(interviewer\), Speaker 2 = (.+)$', lines[0].strip())
    if not m:
        err(f'{fname}: first line is not the Speaker legend')
        return [], set(), set()
    names = {'1': m.group(1).strip(), '2': m.group(2).strip()}
    units, speakers = [], set()
    for raw in lines[1:]:
        line = raw.rstrip('\r')
        if not line.strip():
            continue
        mm = re.match(r'^Speaker (\d+): (.*)$', line)
        if mm:
            sp = mm.group(1)
            if sp not in names:
                err(f'{fname}: unknown speaker number {sp}')
                continue
            speakers.add(sp)
            role = 'interviewer' if sp == '1' else 'participant'
            units.append(Unit(role, names[sp], [mm.group(2)]))
        elif units:
            units[-1].lines.append(line)
        else:
            err(f'{fname}: text before first speaker turn: {line[:40]!r}')
    part = {names[s] for s in speakers if s != '1'}
    return units, part, {names['1']}


def parse_qa_header(text, fname):
    lines = text.split('\n')
    m1 = re.match(r'^Participant: (.+)$', lines[0].strip()) if lines else None
    m2 = re.match(r'^Interviewer: (.+)$', lines[1].strip()) if len(lines) > 1 else None
    if not (m1 and m2) or (len(lines) > 2 and lines[2].strip() != ''):
        err(f'{fname}: header must be Participant:, Interviewer:, blank line')
        return [], set(), set()
    pname, iname = m1.group(1).strip(), m2.group(1).strip()
    units = []
    for raw in lines[3:]:
        line = raw.rstrip('\r')
        if not line.strip():
            continue
        mm = re.match(r'^(Q|A): (.*)$', line)
        if mm:
            role = 'interviewer' if mm.group(1) == 'Q' else 'participant'
            units.append(Unit(role, iname if role == 'interviewer' else pname, [mm.group(2)]))
        elif units:
            units[-1].lines.append(line)
        else:
            err(f'{fname}: text before first Q/A turn')
    return units, {pname}, {iname}


SBV_TS = re.compile(r'^(\d+):(\d{2}):(\d{2})\.(\d{3}),(\d+):(\d{2}):(\d{2})\.(\d{3})$')
VTT_TS = re.compile(r'^(\d{2}):(\d{2}):(\d{2})\.(\d{3}) --> (\d{2}):(\d{2}):(\d{2})\.(\d{3})(\s.*)?$')
NAME_PREFIX = re.compile(r'^([A-Z][A-Za-z\'\- ]{0,60}?): (.*)$')


def secs(g):
    h, m, s, ms = (int(x) for x in g)
    return h * 3600 + m * 60 + s + ms / 1000.0


def cue_units(cues, fname, interviewer_label=None, participant_name=None):
    """cues: list of (start, end, text_lines). Returns units with raw speaker names."""
    raw, last_end = [], -1.0
    for start, end, tl in cues:
        if end <= start:
            err(f'{fname}: cue ends before it starts at {start:.3f}')
        if start < last_end:
            err(f'{fname}: overlapping cue at {start:.3f}')
        last_end = end
        m = NAME_PREFIX.match(tl[0])
        if not m:
            err(f'{fname}: cue without a speaker prefix: {tl[0][:40]!r}')
            continue
        raw.append((m.group(1).strip(), [m.group(2)] + tl[1:]))
    speakers = Counter(s for s, _ in raw)
    if interviewer_label is not None:
        inames = {interviewer_label}
    else:
        # SBV carries both full names; the interviewer is whoever is not the participant.
        inames = {s for s in speakers if s != participant_name}
    units = []
    for sp, tl in raw:
        role = 'interviewer' if sp in inames else 'participant'
        units.append(Unit(role, sp, tl))
    part = {s for s in speakers if s not in inames}
    return units, part, inames


def parse_sbv(text, fname, participant_name):
    cues = []
    for b in blocks(text):
        m = SBV_TS.match(b[0].strip())
        if not m or len(b) < 2:
            err(f'{fname}: bad SBV block starting {b[0][:40]!r}')
            continue
        g = m.groups()
        cues.append((secs(g[:4]), secs(g[4:]), b[1:]))
    units, part, inames = cue_units(cues, fname, participant_name=participant_name)
    if len(inames) != 1:
        err(f'{fname}: expected one interviewer and one participant; speakers other than '
            f'the key participant: {sorted(inames)}')
    return units, part, inames


def parse_vtt(text, fname, participant_name):
    bl = blocks(text)
    if not bl or not bl[0][0].startswith('WEBVTT'):
        err(f'{fname}: missing WEBVTT header')
        return [], set(), set()
    cues = []
    for b in bl[1:]:
        if b[0].startswith('NOTE'):
            continue
        i = 0
        if '-->' not in b[0]:
            i = 1  # optional cue identifier
        m = VTT_TS.match(b[i].strip()) if i < len(b) else None
        if not m or len(b) < i + 2:
            err(f'{fname}: bad VTT cue starting {b[0][:40]!r}')
            continue
        g = m.groups()
        cues.append((secs(g[:4]), secs(g[4:8]), b[i + 1:]))
    return cue_units(cues, fname, interviewer_label='Interviewer')


# ---------------------------------------------------------------- checks

def sentence_shape_ok(s):
    return (bool(s) and s[0].isalpha() and s[0].isupper() and s[-1] in '.?!'
            and '"' not in s and '\\' not in s and '\n' not in s and s == s.strip())


def main():
    key_path = os.path.join(HERE, 'key.json')
    with open(key_path, encoding='utf-8') as fh:
        key = json.load(fh)
    for top in ('situations', 'forces', 'files'):
        if top not in key:
            err(f'key.json: missing top-level {top!r}')
    files = key.get('files', {})
    forces = key.get('forces', {})
    sits = key.get('situations', {})

    # --- file set and naming
    on_disk = sorted(f for f in os.listdir(TDIR) if not f.startswith('.'))
    if sorted(files) != on_disk:
        err(f'key files {sorted(files)} != transcripts on disk {on_disk}')
    if sorted(forces) != sorted(files):
        err('key forces and key files name different transcripts')
    stems = sorted(os.path.splitext(f)[0] for f in files)
    if stems != [f'interview_{i:02d}' for i in range(1, 14)]:
        err(f'file stems are not interview_01..interview_13: {stems}')
    fmt_count = Counter(v.get('format') for v in files.values())
    if set(fmt_count) != set(FORMATS) or min(fmt_count.values()) < 3:
        err(f'format spread wrong: {dict(fmt_count)}')
    pnames = [v.get('participant') for v in files.values()]
    if len(set(pnames)) != len(pnames):
        err('participant names are not unique across files')
    for n in pnames:
        if not n or len(n.split()) < 2:
            err(f'participant name is not a full name: {n!r}')

    # --- situations agree with files
    if sorted(sits) != sorted(SIT_SIZES):
        err(f'situations must be {sorted(SIT_SIZES)}, found {sorted(sits)}')
    by_sit = defaultdict(list)
    for fname in sorted(files):
        by_sit[files[fname].get('situation')].append(fname)
    for sid, size in SIT_SIZES.items():
        s = sits.get(sid, {})
        for field in ('label', 'motivation', 'outcome', 'participants', 'files', 'keywords'):
            if field not in s:
                err(f'{sid}: missing {field}')
        if len(s.get('files', [])) != size:
            err(f'{sid}: expected {size} files, got {len(s.get("files", []))}')
        if sorted(s.get('files', [])) != by_sit.get(sid, []):
            err(f'{sid}: files list disagrees with files section')
        want_parts = [files.get(f, {}).get('participant') for f in s.get('files', [])]
        if s.get('participants') != want_parts:
            err(f'{sid}: participants {s.get("participants")} do not match files order {want_parts}')
        if len(s.get('keywords', [])) != 8:
            err(f'{sid}: needs 8 keywords')
        mot = s.get('motivation', '')
        if not (mot.startswith('When ') and ', I want ' in mot and ', so that ' in mot):
            err(f'{sid}: motivation is not in When/I want/so that form')
    unassigned = by_sit.get(None, [])
    if len(unassigned) != 2:
        err(f'expected 2 files with situation null, got {len(unassigned)}')
    for sid in by_sit:
        if sid is not None and sid not in SIT_SIZES:
            err(f'unknown situation {sid!r} in files section')
    all_sit_parts = [p for s in sits.values() for p in s.get('participants', [])]
    for f in unassigned:
        if files[f]['participant'] in all_sit_parts:
            err(f'{f}: unassigned participant appears in a situation list')

    # --- per-file parsing and checks
    seen_interviewer = {}
    for fname in sorted(files):
        meta = files[fname]
        fmt = meta.get('format')
        pname = meta.get('participant')
        if fmt not in FORMATS:
            err(f'{fname}: unknown format {fmt!r}')
            continue
        if not fname.endswith(FORMATS[fmt]):
            err(f'{fname}: extension does not match format {fmt}')
        path = os.path.join(TDIR, fname)
        if not os.path.exists(path):
            continue
        with open(path, encoding='utf-8') as fh:
            text = fh.read()
        if fmt == 'speaker_numbers':
            units, part, inames = parse_speaker_numbers(text, fname)
        elif fmt == 'qa_header':
            units, part, inames = parse_qa_header(text, fname)
        elif fmt == 'sbv':
            units, part, inames = parse_sbv(text, fname, pname)
        else:
            units, part, inames = parse_vtt(text, fname, pname)
        if not units:
            err(f'{fname}: no turns parsed')
            continue

        # exactly one participant, named as the key says
        if part != {pname}:
            err(f'{fname}: participant(s) in file {sorted(part)} != key {pname!r}')
        if pname in inames:
            err(f'{fname}: participant also named as interviewer')

        # word count (spoken words only: labels, headers, timestamps excluded)
        words = sum(len(u.text.split()) for u in units)
        if not MIN_WORDS <= words <= MAX_WORDS:
            err(f'{fname}: {words} words, outside {MIN_WORDS}-{MAX_WORDS}')

        # interviewer turns: consecutive interviewer units form one turn
        turns, cur = [], []
        for u in units:
            if u.role == 'interviewer':
                cur.append(u.text)
            elif cur:
                turns.append(' '.join(cur))
                cur = []
        if cur:
            turns.append(' '.join(cur))
        for t in turns:
            norm = re.sub(r'\s+', ' ', t.strip().lower())
            if norm in seen_interviewer:
                err(f'{fname}: interviewer turn repeats {seen_interviewer[norm]}: {t[:60]!r}')
            else:
                seen_interviewer[norm] = fname

        # forces
        fk = forces.get(fname, {})
        if sorted(fk) != sorted(FORCES):
            err(f'{fname}: forces must have exactly {FORCES}')
        all_sents = []
        for force in FORCES:
            sents = fk.get(force, [])
            if len(sents) != 2:
                err(f'{fname}: {force} has {len(sents)} sentences, need 2')
            for s in sents:
                all_sents.append(s)
                if not isinstance(s, str) or not sentence_shape_ok(s):
                    err(f'{fname}: {force} sentence badly shaped: {str(s)[:60]!r}')
                    continue
                p_hits = sum(1 for u in units if u.role == 'participant'
                             and any(s in line for line in u.lines))
                p_any = sum(1 for u in units if u.role == 'participant' and s in u.text)
                i_hits = sum(1 for u in units if u.role == 'interviewer' and s in u.text)
                if p_hits != 1:
                    err(f'{fname}: {force} sentence found in {p_hits} participant unit lines: {s[:60]!r}')
                if p_any != p_hits:
                    err(f'{fname}: {force} sentence spans lines: {s[:60]!r}')
                if i_hits:
                    err(f'{fname}: {force} sentence appears in an interviewer unit: {s[:60]!r}')
        if len(set(all_sents)) != len(all_sents):
            err(f'{fname}: the same sentence is used twice in forces')

    if errors:
        for e in errors:
            print('FAIL', e)
        print(f'{len(errors)} problem(s)')
        sys.exit(1)
    print('ALL OK')


if __name__ == '__main__':
    main()
