#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The shared layer's layers, read from the includes themselves.

    layers.py ROOT            check: exit 1 and one line per breach
    layers.py ROOT --dot [FILE]   the picture's source (graphviz), on stdout or into FILE

The layers are written down once, bottom first, in cmd/core/layers.txt.  A
file belongs to the layer whose folder holds it: cmd/core/<layer>/ or
include/ebpfhello/<layer>/.  The commands (cmd/*.c, include/ebpfhello/*.h)
sit above every layer.  A module is a .c file and the header of the same
name; module A depends on B when a file of A includes a header of B.

The rules: no file includes a header of a layer above its own, and no
modules depend on each other, directly or round a longer cycle.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
TOP = 'commands'


def read_layers(root):
    layers = []
    with open(os.path.join(root, 'cmd/core/layers.txt')) as f:
        for line in f:
            line = line.rstrip('\n')
            if not line.strip() or line.startswith('#'):
                continue
            name, _, what = line.partition(' ')
            layers.append((name, what.strip()))
    return layers


def source_files(root, names):
    """(path, layer) of every C file of cmd/ and include/ebpfhello/"""
    files, stray = [], []
    for base in ('cmd', 'include/ebpfhello'):
        for dirpath, _, filenames in os.walk(os.path.join(root, base)):
            rel = os.path.relpath(dirpath, root)
            parts = rel.split(os.sep)
            for fn in sorted(filenames):
                if not fn.endswith(('.c', '.h')):
                    continue
                path = os.path.join(rel, fn)
                if parts == ['cmd'] or parts == ['include', 'ebpfhello']:
                    files.append((path, TOP))
                elif parts[:2] == ['cmd', 'core'] and len(parts) == 3 and parts[2] in names:
                    files.append((path, parts[2]))
                elif parts[:2] == ['include', 'ebpfhello'] and len(parts) == 3 and parts[2] in names:
                    files.append((path, parts[2]))
                else:
                    stray.append(path)
    return files, stray


def module_of(path, layer):
    name = os.path.splitext(os.path.basename(path))[0]
    # a command's header in include/ebpfhello/ is what its BPF program and
    # its C file share (records, keys), not the C file's interface
    if layer == TOP and path.startswith('include/'):
        return 'records/' + name
    return layer + '/' + name


FUNC = re.compile(r'^(?!static\b)[A-Za-z_][^;(]*?\b([A-Za-z_]\w*)\(', re.M)


def undeclared(root, files):
    """functions a .c file of cmd/core defines that its own header does not declare"""
    headers = {}
    for path, layer in files:
        if path.endswith('.h'):
            headers.setdefault((layer, os.path.splitext(os.path.basename(path))[0]), []).append(path)
    out = []
    for path, layer in files:
        if not path.endswith('.c') or not path.startswith('cmd/core/'):
            continue
        with open(os.path.join(root, path), errors='replace') as f:
            text = f.read()
        name = os.path.splitext(os.path.basename(path))[0]
        decl = ''
        for h in headers.get((layer, name), []):
            with open(os.path.join(root, h), errors='replace') as f:
                decl += f.read()
        for m in FUNC.finditer(text):
            line_end = text.find('\n', m.start())
            nxt = text[line_end + 1:line_end + 3]
            if not nxt.startswith('{') and not text[m.start():].split('\n', 1)[0].rstrip().endswith(','):
                # a definition is "name(...)" then "{" (kernel style); a
                # declaration or a prototype split over lines is not
                rest = text[m.start():]
                close = rest.find('\n{')
                if close < 0 or ';' in rest[:close]:
                    continue
            fn = m.group(1)
            if not re.search(r'\b%s\b' % re.escape(fn), decl):
                hs = headers.get((layer, name))
                out.append('%s defines %s(), which %s' %
                           (path, fn, ('%s does not declare' % ' or '.join(hs)) if hs else
                            'no header of the same name declares'))
    return out


def resolve(root, path, bracket, name):
    """the project file an include names, or None (system, generated)"""
    if bracket == '"':
        cand = os.path.normpath(os.path.join(os.path.dirname(path), name))
        if os.path.exists(os.path.join(root, cand)):
            return cand
    if name.startswith('ebpfhello/'):
        cand = os.path.join('include', name)
        if os.path.exists(os.path.join(root, cand)):
            return cand
    return None


def graph(root):
    layers = read_layers(root)
    names = [n for n, _ in layers]
    rank = {n: i for i, n in enumerate(names)}
    rank[TOP] = len(names)
    files, stray = source_files(root, names)
    layer_of = dict(files)
    problems = ['%s: in no layer folder (cmd/core/<layer>/, include/ebpfhello/<layer>/; '
                'layers: %s)' % (p, ' '.join(names)) for p in stray]
    deps = {}
    for path, layer in files:
        mod = module_of(path, layer)
        deps.setdefault(mod, set())
        with open(os.path.join(root, path), errors='replace') as f:
            text = f.read()
        for bracket, name in INCLUDE.findall(text):
            target = resolve(root, path, bracket, name)
            if not target or target not in layer_of:
                continue
            tlayer = layer_of[target]
            if rank[tlayer] > rank[layer]:
                problems.append('%s includes %s: layer %s is above %s' %
                                (path, name, tlayer, layer))
            tmod = module_of(target, tlayer)
            if tmod != mod:
                deps[mod].add(tmod)
    problems += undeclared(root, files)
    return layers, deps, problems


def cycles(deps):
    """strongly connected components of more than one module (Tarjan)"""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(deps.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(deps):
        if v not in index:
            visit(v)
    return out


def dot(layers, deps):
    names = [n for n, _ in layers] + [TOP]
    what = dict(layers)
    what[TOP] = 'cmd/*.c: one module per subcommand, main.c, the command table ' \
        '(dashed: include/ebpfhello/*.h, what each shares with its BPF program)'
    lines = ['digraph layers {', '\trankdir=TB; newrank=true; ranksep=0.9; nodesep=0.12;',
             '\tnode [shape=box, fontname="Helvetica", fontsize=10, height=0.25];',
             '\tedge [color="#00000055", arrowsize=0.5];']
    names = list(reversed(names))	# the commands on top, base at the bottom
    for i, n in enumerate(names):
        mods = sorted(m for m in deps if m.split('/')[0] == n or
                      (n == TOP and m.split('/')[0] == 'records'))
        lines.append('\tsubgraph "cluster_%s" {' % n)
        lines.append('\t\tlabel="%s: %s"; labeljust=l; fontname="Helvetica-Bold"; '
                     'fontsize=11; style=filled; fillcolor="%s";' %
                     (n, what[n].replace('"', "'"), '#f4f4f4' if i % 2 else '#e8eef8'))
        for m in mods:
            kind, name = m.split('/', 1)
            lines.append('\t\t"%s" [label="%s"%s];' % (m, name + '.h' if kind == 'records' else name,
                                                      ', style=dashed' if kind == 'records' else ''))
        # one band per layer: its modules side by side
        lines.append('\t\t{ rank=same; %s }' % ' '.join('"%s";' % m for m in mods))
        lines.append('\t}')
    for m in sorted(deps):
        for t in sorted(deps[m]):
            lines.append('\t"%s" -> "%s";' % (m, t))
    lines.append('}')
    return '\n'.join(lines) + '\n'


def main():
    if len(sys.argv) < 2:
        sys.exit('usage: layers.py ROOT [--dot [FILE]]')
    root = sys.argv[1]
    layers, deps, problems = graph(root)
    if len(sys.argv) > 2 and sys.argv[2] == '--dot':
        if len(sys.argv) > 3:
            with open(sys.argv[3], 'w') as f:
                f.write(dot(layers, deps))
        else:
            sys.stdout.write(dot(layers, deps))
        return
    for comp in cycles(deps):
        problems.append('modules that depend on each other: %s' % ' <-> '.join(comp))
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print('%d modules in %d layers and the commands; every include downward, no cycle' %
          (len(deps), len(layers)))


if __name__ == '__main__':
    main()
