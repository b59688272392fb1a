import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layering ARCHITECTURE.md describes, checked on the source itself: no import
 * cycles (static or dynamic imports alike), and no domain module (api/, payments/,
 * sandbox/, io/, …) importing a command module.
 */
const SRC = resolve(import.meta.dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** file → the src files it imports (relative specifiers only; `import type` included: a cycle of types is still a knot). */
function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const file of files(SRC)) {
    const text = readFileSync(file, 'utf8');
    const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
    g.set(
      relative(SRC, file),
      specs.map((s) => relative(SRC, resolve(dirname(file), s.replace(/\.js$/, '.ts')))),
    );
  }
  return g;
}

function cycles(g: Map<string, string[]>): string[][] {
  // Tarjan's strongly connected components; any component of more than one file (or a self-import) is a cycle.
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (g.get(v) ?? []).includes(v)) found.push(scc.sort());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) visit(v);
  return found;
}

describe('architecture', () => {
  const g = graph();

  it('has no import cycles in src/', () => {
    expect(cycles(g)).toEqual([]);
  });

  it('keeps domain modules free of command modules', () => {
    const entry = new Set(['cli.ts', 'program.ts']);
    const offenders = [...g].flatMap(([file, deps]) =>
      file.startsWith('commands/') || entry.has(file) ? [] : deps.filter((d) => d.startsWith('commands/')).map((d) => `${file} → ${d}`),
    );
    expect(offenders).toEqual([]);
  });
});
