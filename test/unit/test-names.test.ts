import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Any test runs alone with `npx vitest run -t '<its title>'`. vitest takes -t as a regular
 * expression, so a title holding ( ) [ ] + $ and the like selects nothing: the run reports every
 * test skipped. A title starting with - is taken for an option (`Unknown option`). This reads the titles written in the test files (it/test titles and it.each
 * templates); `npm run test:alone -- --names` checks the titles as vitest expands them.
 */
const TEST = resolve(import.meta.dirname, '../..', 'test');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

/** Titles as written: `it('…'`, `test("…"`, and the template of `it.each([...])('…'`. */
function titlesIn(source: string): string[] {
  const found: string[] = [];
  const quoted = String.raw`('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|\x60(?:\\.|[^\x60\\])*\x60)`;
  const patterns = [new RegExp(String.raw`\b(?:it|test)(?:\.only|\.skip)?\(\s*${quoted}`, 'g'), new RegExp(String.raw`\]\)\(\s*${quoted}\s*,`, 'g')];
  for (const re of patterns)
    for (const m of source.matchAll(re)) {
      const literal = m[1]!;
      const text = literal
        .slice(1, -1)
        .replace(/\$\{[^}]*\}/g, 'x') // a template literal's values
        .replace(/%[sdijfo#%]/g, 'x') // it.each's printf slots
        .replace(/\\(.)/g, '$1');
      found.push(text);
    }
  return found;
}

/** Why `-t '<title>'` would not select the test with this title, or null when it would. */
function titleProblem(title: string): string | null {
  if (title.startsWith('-')) return "starts with -, which vitest's command line takes for an option after -t";
  let re: RegExp;
  try {
    re = new RegExp(title);
  } catch {
    return 'is not a valid regular expression';
  }
  return re.test(title) ? null : 'does not match itself as a regular expression';
}

describe('test titles', () => {
  it('the checker refuses a title with regex characters and takes a plain one', () => {
    expect(titleProblem('exits 3 (permission) with the fix')).toMatch(/does not match itself/);
    expect(titleProblem('turns days into [gte, lt) instants')).toMatch(/not a valid/);
    expect(titleProblem('keeps "+12" as it is')).toMatch(/does not match itself/);
    expect(titleProblem('--json prints only the object')).toMatch(/option/);
    expect(titleProblem("exits 3, a permission error, and names fc's fix: --yes")).toBeNull();
    expect(titlesIn(`it('a', () => {}); it.each([1])('b %s', (n) => {}); test(\`c \${x}\`, () => {});`).sort()).toEqual(['a', 'b x', 'c x']);
  });

  it('every title written in a test file selects its test with vitest run -t', () => {
    const bad: string[] = [];
    let count = 0;
    for (const file of files(TEST)) {
      for (const title of titlesIn(readFileSync(file, 'utf8'))) {
        count++;
        const problem = titleProblem(title);
        if (problem) bad.push(`${relative(TEST, file)}: "${title}" ${problem}`);
      }
    }
    expect(count, 'titles found; the scan itself is broken if this is small').toBeGreaterThan(400);
    expect(bad).toEqual([]);
  });
});
