#!/usr/bin/env python3
"""Verify the Signwise JTBD switch-interview test set (stdlib only).

Usage: python3 verify.py [set_dir]    (default: the directory this file is in)

Checks
  * key.json structure: 3 situations (S1: 4, S2: 3, S3: 3 participants), lists that
    agree with the per-file map, 12 files, 4 formats x 3 files, 8 keywords each,
    motivation of the form 'When ..., I want ..., so that ...'.
  * every transcript is parsed with its own format parser; the format detected from
    the file content must equal the format in the key.
  * each file has exactly one interviewer and exactly one participant, and the
    participant is the person the key names (where the format carries names).
  * total spoken words (interviewer + participant, labels/timestamps excluded) are
    within 1,100-1,450.
  * every forces sentence (2 per force per file) is a single sentence (capital
    start, ends with . ? or !, no double quotes, no backslashes, one line) that
    appears word for word, at sentence boundaries, in exactly one participant unit
    of its file (a turn, or a cue for WebVTT) and in no interviewer unit.
  * at least one push sentence is in the participant's first two answers.
  * no interviewer turn is repeated anywhere in the set (case/punctuation-insensitive).
Prints ALL OK when everything passes; otherwise lists the problems and exits 1.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = sys.argv[1] if len(sys.argv) > 1 else HERE
FORMATS = {'otter': 'txt', 'speaker_numbers': 'txt', 'vtt_voice': 'vtt', 'docx_like': 'txt'}
FORCES = ('push', 'pull', 'anxiety', 'habit')
WMIN, WMAX = 1100, 1450

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- parsers
# Each parser returns a list of units: dict(speaker=<name or label>, text=<str>)
# plus the interviewer identity it could determine (name, or None).

OTTER_HEAD = re.compile(r'^(\S.*?)  (\d{1,3}:\d{2})$')
LEGEND = re.compile(r'^Speaker 1 = (.+?) \(interviewer\), Speaker 2 = (.+)$')
SPK = re.compile(r'^Speaker ([12]): (.+)$')
VTT_TIME = re.compile(r'^\d{2}:\d{2}:\d{2}\.\d{3} --> \d{2}:\d{2}:\d{2}\.\d{3}$')
VTT_VOICE = re.compile(r'^<v ([^>]+)>(.*?)(?:</v>)?$')


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


def detect(text):
    first = text.split('\n', 1)[0].strip()
    if first == 'WEBVTT':
        return 'vtt_voice'
    if LEGEND.match(first):
        return 'speaker_numbers'
    if re.search(r'(?m)^INTERVIEWER$', text):
        return 'docx_like'
    if OTTER_HEAD.match(first):
        return 'otter'
    return None


def parse_otter(text, fn):
    units = []
    for n, b in enumerate(blocks(text)):
        m = OTTER_HEAD.match(b[0])
        if not m or len(b) < 2:
            err(f'{fn}: bad otter block starting {b[0][:60]!r}')
            continue
        for line in b[1:]:  # a turn may wrap onto several lines: each line is a unit
            units.append({'speaker': m.group(1), 'text': line, 'turn_id': n})
    return units


def parse_speaker_numbers(text, fn):
    lines = text.split('\n')
    m = LEGEND.match(lines[0].strip())
    if not m:
        err(f'{fn}: missing speaker legend line')
        return [], {}
    legend = {'1': m.group(1).strip(), '2': m.group(2).strip()}
    units = []
    for i, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        s = SPK.match(line.rstrip('\r'))
        if not s:
            err(f'{fn}:{i}: line is not a Speaker N: turn: {line[:60]!r}')
            continue
        units.append({'speaker': legend[s.group(1)], 'text': s.group(2),
                      'role': 'I' if s.group(1) == '1' else 'P'})
    return units, legend


def parse_vtt(text, fn):
    bl = blocks(text)
    if not bl or bl[0][0].strip() != 'WEBVTT':
        err(f'{fn}: missing WEBVTT header')
        return []
    units = []
    for b in bl[1:]:
        idx = 0
        if not VTT_TIME.match(b[0]):
            idx = 1  # cue identifier
        if idx >= len(b) or not VTT_TIME.match(b[idx]):
            err(f'{fn}: cue without timing line: {b[0][:60]!r}')
            continue
        payload = b[idx + 1:]
        if len(payload) != 1:
            err(f'{fn}: cue payload must be one line: {b[0]!r}')
            if not payload:
                continue
        for line in payload:
            v = VTT_VOICE.match(line)
            if not v:
                err(f'{fn}: cue line without <v Name> voice tag: {line[:60]!r}')
                continue
            units.append({'speaker': v.group(1).strip(), 'text': v.group(2)})
    return units


def parse_docx_like(text, fn, participant):
    label_p = participant.upper()
    units = []
    bl = blocks(text)
    for n, b in enumerate(bl):
        label = b[0].strip()
        if label not in ('INTERVIEWER', label_p):
            if n == 0 and label not in ('INTERVIEWER',) and not (label.isupper() and len(b) > 1):
                continue  # title block
            err(f'{fn}: unexpected speaker label {label!r}')
            continue
        if len(b) < 2:
            err(f'{fn}: label {label!r} without text')
            continue
        for line in b[1:]:
            units.append({'speaker': label, 'text': line,
                          'role': 'I' if label == 'INTERVIEWER' else 'P'})
    return units


# ---------------------------------------------------------------- helpers

def norm(t):
    t = t.lower()
    t = re.sub(r"[^a-z0-9' ]+", ' ', t)
    return re.sub(r'\s+', ' ', t).strip()


def occurrences_at_boundary(sentence, text):
    n, start = 0, 0
    while True:
        i = text.find(sentence, start)
        if i < 0:
            return n
        before_ok = i == 0 or (text[i - 1].isspace() and text[:i].rstrip()[-1:] in '.?!')
        j = i + len(sentence)
        after_ok = j == len(text) or text[j].isspace()
        if before_ok and after_ok:
            n += 1
        start = i + 1


def merge_turns(units):
    turns = []
    for u in units:
        if turns and turns[-1]['role'] == u['role'] and not u.get('new_turn'):
            turns[-1]['text'] += ' ' + u['text']
        else:
            turns.append({'role': u['role'], 'speaker': u['speaker'], 'text': u['text']})
    return turns


# ---------------------------------------------------------------- key checks

def check_key(key, tdir):
    for k in ('situations', 'forces', 'files'):
        if k not in key:
            err(f'key.json: missing {k!r}')
            return
    files = key['files']
    expected_names = set()
    for n in range(1, 13):
        cands = [f for f in files if f.startswith(f'interview_{n:02d}.')]
        if len(cands) != 1:
            err(f'key.json: expected exactly one entry for interview_{n:02d}, got {cands}')
        expected_names.update(cands)
    if set(files) != expected_names or len(files) != 12:
        err(f'key.json: files map must hold exactly interview_01..12, has {sorted(files)}')
    on_disk = set(os.listdir(tdir)) if os.path.isdir(tdir) else set()
    if on_disk != set(files):
        err(f'transcripts/ content {sorted(on_disk)} differs from key files {sorted(files)}')
    if set(key['forces']) != set(files):
        err('key.json: forces keys differ from files keys')
    fmt_count = {}
    names = []
    for fn, meta in files.items():
        fmt = meta.get('format')
        if fmt not in FORMATS:
            err(f'{fn}: unknown format {fmt!r}')
            continue
        fmt_count[fmt] = fmt_count.get(fmt, 0) + 1
        if not fn.endswith('.' + FORMATS[fmt]):
            err(f'{fn}: extension does not match format {fmt}')
        p = meta.get('participant', '')
        if len(p.split()) < 2 or any(not w[0].isupper() for w in p.split() if w.lower() not in ('van', 'de', 'der', 'du', 'le')):
            err(f'{fn}: participant {p!r} is not a full name')
        names.append(p)
        if meta.get('situation') not in (None, 'S1', 'S2', 'S3'):
            err(f'{fn}: bad situation {meta.get("situation")!r}')
    if fmt_count != {f: 3 for f in FORMATS}:
        err(f'key.json: formats must be 3 each, got {fmt_count}')
    if len(set(names)) != len(names):
        err('key.json: participants are not all different')
    sizes = {'S1': 4, 'S2': 3, 'S3': 3}
    if set(key['situations']) != set(sizes):
        err(f'key.json: situations must be S1, S2, S3, got {sorted(key["situations"])}')
    listed = {}
    for s, d in key['situations'].items():
        for fld in ('label', 'motivation', 'outcome', 'participants', 'files', 'keywords'):
            if fld not in d:
                err(f'{s}: missing {fld}')
        if not re.match(r'^When .+, I want .+, so that .+', d.get('motivation', '')):
            err(f'{s}: motivation not in When/I want/so that form')
        if len(d.get('keywords', [])) != 8:
            err(f'{s}: needs 8 keywords')
        ps, fs = d.get('participants', []), d.get('files', [])
        if len(ps) != sizes.get(s) or len(fs) != sizes.get(s):
            err(f'{s}: expected {sizes.get(s)} participants/files, got {len(ps)}/{len(fs)}')
        for p, f in zip(ps, fs):
            if f not in files:
                err(f'{s}: file {f} not in files map')
                continue
            if files[f]['participant'] != p:
                err(f'{s}: {f} participant {files[f]["participant"]!r} != {p!r}')
            if files[f]['situation'] != s:
                err(f'{s}: {f} has situation {files[f]["situation"]!r} in files map')
            if f in listed:
                err(f'{f} listed in both {listed[f]} and {s}')
            listed[f] = s
    for fn, meta in files.items():
        if meta.get('situation') is None and fn in listed:
            err(f'{fn}: situation null but listed under {listed[fn]}')
        if meta.get('situation') is not None and listed.get(fn) != meta['situation']:
            err(f'{fn}: situation {meta["situation"]} but not listed there')
    nulls = [f for f, m in files.items() if m.get('situation') is None]
    if len(nulls) != 2:
        err(f'key.json: expected 2 files with no situation, got {nulls}')


# ---------------------------------------------------------------- main

def main():
    kp = os.path.join(ROOT, 'key.json')
    tdir = os.path.join(ROOT, 'transcripts')
    key = json.load(open(kp, encoding='utf-8'))
    check_key(key, tdir)
    all_interviewer_turns = {}
    interviewer_names = set()
    participants = {}
    report = []
    for fn in sorted(key['files']):
        meta = key['files'][fn]
        P = meta['participant']
        path = os.path.join(tdir, fn)
        if not os.path.exists(path):
            err(f'{fn}: missing file')
            continue
        text = open(path, encoding='utf-8').read()
        fmt = detect(text)
        if fmt != meta['format']:
            err(f'{fn}: content looks like {fmt!r}, key says {meta["format"]!r}')
            continue
        if fmt == 'otter':
            units = parse_otter(text, fn)
        elif fmt == 'speaker_numbers':
            units, legend = parse_speaker_numbers(text, fn)
        elif fmt == 'vtt_voice':
            units = parse_vtt(text, fn)
        else:
            units = parse_docx_like(text, fn, P)
        if not units:
            err(f'{fn}: no turns parsed')
            continue
        # roles
        speakers = []
        for u in units:
            if u['speaker'] not in speakers:
                speakers.append(u['speaker'])
        if fmt in ('otter', 'vtt_voice'):
            if len(speakers) != 2:
                err(f'{fn}: expected exactly 2 speakers (interviewer + one participant), got {speakers}')
            if P not in speakers:
                err(f'{fn}: participant {P!r} from key not found among speakers {speakers}')
            others = [s for s in speakers if s != P]
            interviewer = others[0] if others else None
            for u in units:
                u['role'] = 'P' if u['speaker'] == P else 'I'
        elif fmt == 'speaker_numbers':
            interviewer = legend.get('1')
            if legend.get('2') != P:
                err(f'{fn}: legend participant {legend.get("2")!r} != key {P!r}')
            if set(speakers) - {legend.get('1'), legend.get('2')}:
                err(f'{fn}: unknown speakers {speakers}')
        else:
            interviewer = None
            if set(speakers) != {'INTERVIEWER', P.upper()}:
                err(f'{fn}: labels {speakers} != INTERVIEWER + {P.upper()!r}')
        if interviewer:
            interviewer_names.add(interviewer)
            if interviewer == P:
                err(f'{fn}: interviewer and participant are the same person')
        if len({u['speaker'] for u in units if u['role'] == 'P'}) != 1:
            err(f'{fn}: not exactly one participant')
        if len({u['speaker'] for u in units if u['role'] == 'I'}) != 1:
            err(f'{fn}: not exactly one interviewer')
        participants[fn] = P
        # otter turns: mark turn starts so multi-line turns merge; vtt cues merge by speaker
        if fmt == 'otter':
            prev = None
            for u in units:
                u['new_turn'] = u.get('turn_id') != prev
                prev = u.get('turn_id')
        elif fmt in ('speaker_numbers', 'docx_like'):
            for u in units:
                u['new_turn'] = True
        turns = merge_turns(units)
        # word count
        wc = sum(len(u['text'].split()) for u in units)
        if not WMIN <= wc <= WMAX:
            err(f'{fn}: {wc} words, outside {WMIN}-{WMAX}')
        # interviewer turns across the set
        for t in turns:
            if t['role'] == 'I':
                k = norm(t['text'])
                if k in all_interviewer_turns:
                    err(f'{fn}: interviewer turn repeats {all_interviewer_turns[k]}: {t["text"]!r}')
                else:
                    all_interviewer_turns[k] = fn
        # forces
        forces = key['forces'].get(fn, {})
        if set(forces) != set(FORCES):
            err(f'{fn}: forces must have exactly {FORCES}')
        seen = set()
        p_units = [u['text'] for u in units if u['role'] == 'P']
        i_units = [u['text'] for u in units if u['role'] == 'I']
        p_turns = [t['text'] for t in turns if t['role'] == 'P']
        for force in FORCES:
            sents = forces.get(force, [])
            if len(sents) != 2:
                err(f'{fn}: {force} needs exactly 2 sentences, has {len(sents)}')
            for s in sents:
                if s in seen:
                    err(f'{fn}: sentence used twice: {s!r}')
                seen.add(s)
                if not s or not s[0].isupper() or s[-1] not in '.?!':
                    err(f'{fn}: {force} sentence must start with a capital and end with . ? or !: {s!r}')
                if '"' in s or '\\' in s or '\n' in s:
                    err(f'{fn}: {force} sentence has a double quote, backslash or newline: {s!r}')
                hits = [u for u in p_units if s in u]
                if len(hits) != 1 or hits[0].count(s) != 1:
                    err(f'{fn}: {force} sentence found in {len(hits)} participant units (need exactly 1): {s!r}')
                elif occurrences_at_boundary(s, hits[0]) != 1:
                    err(f'{fn}: {force} sentence is not a whole sentence in its unit: {s!r}')
                if any(s in u for u in i_units):
                    err(f'{fn}: {force} sentence appears in an interviewer unit: {s!r}')
        if not any(s in t for s in forces.get('push', []) for t in p_turns[:2]):
            err(f'{fn}: no push sentence in the participant\'s first two answers')
        report.append(f'{fn:18s} {meta["format"]:16s} {str(meta["situation"]):5s} {wc:5d} words  '
                      f'{len(turns):3d} turns  {P}')
    clash = interviewer_names & set(participants.values())
    if clash:
        err(f'names used both as interviewer and participant: {clash}')
    for line in report:
        print(line)
    if errors:
        print(f'\n{len(errors)} PROBLEM(S):')
        for e in errors:
            print(' -', e)
        sys.exit(1)
    print('ALL OK')


if __name__ == '__main__':
    main()
