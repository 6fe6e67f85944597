#!/usr/bin/env python3
"""Sanity checks for the hand-made truth files of the corpus (independent of the extractor).

Reads each <slug>.txt (UTF-8 or GB18030; traditional characters converted with the system's
OpenCC t2s when present), folds full-width ASCII forms as the ingester does, and checks that
every context of the truth files is in the text: target contexts inside one sentence that also
holds the value, task contexts inside one line, item names and the title somewhere.
Usage: python3 check_truth.py [slug ...]
"""
import ctypes, glob, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))

def fold(s):
    out = []
    for c in s:
        o = ord(c)
        if 0xFF01 <= o <= 0xFF5E:
            out.append(chr(o - 0xFEE0))
        elif c == '\u3000':
            out.append(' ')
        else:
            out.append(c)
    return ''.join(out)

_cc = None
def t2s(text):
    global _cc
    try:
        lib = ctypes.CDLL('libopencc.so.1.1')
    except OSError:
        return text
    lib.opencc_open.restype = ctypes.c_void_p
    lib.opencc_open.argtypes = [ctypes.c_char_p]
    lib.opencc_convert_utf8.restype = ctypes.c_void_p
    lib.opencc_convert_utf8.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
    lib.opencc_convert_utf8_free.argtypes = [ctypes.c_void_p]
    if _cc is None:
        _cc = lib.opencc_open(b'/usr/share/opencc/t2s.json')
    b = text.encode('utf-8')
    p = lib.opencc_convert_utf8(_cc, b, len(b))
    r = ctypes.string_at(p).decode('utf-8')
    lib.opencc_convert_utf8_free(p)
    return r

def load(slug):
    raw = open(os.path.join(HERE, slug + '.txt'), 'rb').read()
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError:
        text = raw.decode('gb18030')
    return fold(t2s(text))

def sentences(line):
    out, start, depth = [], 0, 0
    for i, c in enumerate(line):
        if c in '(（《“': depth += 1
        if c in ')）》”': depth = max(0, depth - 1)
        if depth == 0 and c in '。！？；;!?':
            out.append(line[start:i + 1]); start = i + 1
    if start < len(line): out.append(line[start:])
    return out

def rows(path):
    if not os.path.exists(path): return []
    return [l.rstrip('\n').split('\t') for l in open(path, encoding='utf-8') if l.strip() and not l.startswith('#')]

def numstr(v):
    f = float(v)
    return [str(int(f))] if f == int(f) else [v, str(f)]

def check(slug):
    text = load(slug)
    lines = [l for l in text.split('\n') if l.strip()]
    sents = [s for l in lines for s in sentences(l)]
    # A document extracted from a PDF wraps its paragraphs: its sentences are read from the text without line breaks.
    joined = [s for s in sentences(''.join(l for l in lines if not re.fullmatch(r'— \d+ —', l.strip())))]
    problems = []
    n = {}
    t = rows(os.path.join(HERE, slug + '.targets.tsv'))
    n['targets'] = sum(1 for r in t if len(r) == 6 and r[5] == 'target')
    n['achievements'] = sum(1 for r in t if len(r) == 6 and r[5] == 'achievement')
    for r in t:
        if len(r) != 6: problems.append(f'targets: bad row {r}'); continue
        ctx = fold(r[0])
        hits = [s for s in sents if ctx in s] or [s for s in joined if ctx in s]
        if not hits: problems.append(f'targets: context not in one sentence: {r[0]}'); continue
        if r[5] not in ('target', 'achievement'): problems.append(f'targets: bad kind {r}')
        if r[4] not in ('>=', '<=', '~', '='): problems.append(f'targets: bad comparator {r}')
        if len(hits) > 1 and len(set(hits)) > 1: problems.append(f'targets: context in {len(hits)} sentences (ok for table rows if values differ): {r[0]}')
    k = rows(os.path.join(HERE, slug + '.tasks.tsv'))
    n['tasks'] = len(k)
    for r in k:
        if len(r) != 2: problems.append(f'tasks: bad row {r}'); continue
        hits = [l for l in lines if fold(r[0]) in l] or [s for s in joined if fold(r[0]) in s]
        if len(hits) != 1: problems.append(f'tasks: context in {len(hits)} lines: {r[0]}')
        if fold(r[1]) not in text: problems.append(f'tasks: lead not in text: {r[1]}')
    it = rows(os.path.join(HERE, slug + '.items.tsv'))
    n['items'] = len(it)
    for r in it:
        if len(r) != 2: problems.append(f'items: bad row {r}'); continue
        if fold(r[1]) not in text.replace('\n', ''): problems.append(f'items: name not in text: {r[1]}')
        if fold(r[0]) not in text: problems.append(f'items: domain not in text: {r[0]}')
    facts = dict((r[0], r[1]) for r in rows(os.path.join(HERE, slug + '.facts.tsv')) if len(r) == 2)
    for key in ('title', 'issuer', 'level', 'regionName', 'periodStart', 'periodEnd', 'domains'):
        if key not in facts: problems.append(f'facts: missing {key}')
    for key in ('title', 'issuer', 'documentNumber'):
        if key in facts and fold(facts[key]) not in text: problems.append(f'facts: {key} not in text: {facts[key]}')
    return n, problems, len(re.findall(r'[\u4e00-\u9fff]', text))

if __name__ == '__main__':
    slugs = sys.argv[1:] or sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(HERE, '*.txt')))
    total = {}
    for slug in slugs:
        n, problems, han = check(slug)
        for k2, v in n.items(): total[k2] = total.get(k2, 0) + v
        print(f'{slug}: {han} Han characters, ' + ', '.join(f'{v} {k2}' for k2, v in n.items()))
        for p in problems: print('   ', p)
    print('total:', ', '.join(f'{v} {k2}' for k2, v in total.items()))
