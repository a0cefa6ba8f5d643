#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
# The shape of kernel/: file sizes, the longest functions, and which units
# call which (and the pairs that call each other).  A rough reader of our
# own style (a definition starts in column 0, its body ends at a "}" in
# column 0); for reviews and before/after tables, not a test.
#
#   scripts/unit-graph.py [TREE]          TREE defaults to this checkout
import re, sys, os, glob, itertools
top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
def funcs(path):
    src = open(path).read()
    out = []
    lines = src.split('\n')
    i = 0
    while i < len(lines):
        l = lines[i]
        m = re.match(r'^(?:static\s+)?(?:inline\s+)?[a-z_][\w\s\*]*?\b(\w+)\(', l)
        if m and not l.startswith((' ', '\t', '#', '/', '}')) and not l.rstrip().endswith(';'):
            # find opening brace line
            j = i
            while j < len(lines) and not lines[j].startswith('{'):
                if lines[j].rstrip().endswith(';'): break
                j += 1
            if j < len(lines) and lines[j].startswith('{'):
                k = j
                while k < len(lines) and not lines[k].startswith('}'):
                    k += 1
                out.append((m.group(1), k - i + 1, 'static' not in l.split(m.group(1))[0]))
                i = k
        i += 1
    return out
units = {}
defs = {}
for c in sorted(glob.glob(os.path.join(top, 'kernel', '*.c'))):
    n = os.path.basename(c)[:-2]
    if n.endswith('_test') or n == 'netlink-gen': continue
    fs = funcs(c)
    units[n] = (c, fs)
    for f, ln, ext in fs:
        if ext: defs[f] = n
sizes = {os.path.basename(p): sum(1 for _ in open(p)) for p in glob.glob(os.path.join(top, 'kernel', '*.[ch]'))}
print('== kernel sizes (lines), top 12')
for f, n in sorted(sizes.items(), key=lambda x: -x[1])[:12]:
    print(f'{n:6d} {f}')
print('== longest functions, top 12')
allf = [(ln, u, f) for u, (c, fs) in units.items() for f, ln, e in fs]
for ln, u, f in sorted(allf, reverse=True)[:12]:
    print(f'{ln:5d} {u}.c:{f}()')
edges = {}
for u, (c, fs) in units.items():
    src = open(c).read()
    src = re.sub(r'/\*.*?\*/', '', src, flags=re.S)
    called = set(re.findall(r'\b(\w+)\s*\(', src))
    edges[u] = sorted({defs[f] for f in called if f in defs and defs[f] != u})
print('== calls between units (caller -> callees)')
for u in sorted(edges):
    print(f'{u}: {" ".join(edges[u])}')
print('== 2-cycles (A calls B and B calls A)')
cyc = sorted({tuple(sorted((a, b))) for a in edges for b in edges[a] if a in edges.get(b, [])})
for a, b in cyc: print(f'{a} <-> {b}')
print(f'total 2-cycles: {len(cyc)}')
