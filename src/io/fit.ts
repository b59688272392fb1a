/**
 * Fitting text to the terminal: tables share out the width so no line is longer
 * than the screen (cells wrap on spaces, and long ids break inside the cell), and
 * prose wraps on words with its indent kept. Widths count code points of the
 * visible text (colour codes removed).
 */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

export function visibleWidth(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Lines of at most `width` visible characters: words kept whole where they fit, longer ones broken. */
export function wrapText(text: string, width: number): string[] {
  if (width < 1) width = 1;
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    if (visibleWidth(paragraph) <= width) {
      out.push(paragraph);
      continue;
    }
    // Colour cannot survive a re-flow cleanly; the words can.
    const words = stripAnsi(paragraph).split(/ +/);
    let line = '';
    for (let word of words) {
      while ([...word].length > width) {
        const room = line ? width - [...line].length - 1 : width;
        if (room >= 4 || !line) {
          const chars = [...word];
          const take = Math.max(1, room);
          out.push(line ? `${line} ${chars.slice(0, take).join('')}` : chars.slice(0, take).join(''));
          line = '';
          word = chars.slice(take).join('');
        } else {
          out.push(line);
          line = '';
        }
      }
      if (!line) line = word;
      else if ([...line].length + 1 + [...word].length <= width) line += ` ${word}`;
      else {
        out.push(line);
        line = word;
      }
    }
    out.push(line);
  }
  return out;
}

/** Prose for the terminal: each line wrapped to `width`, continuation lines indented like their first. */
export function wrapProse(text: string, width: number | undefined): string {
  if (!width) return text;
  return text
    .split('\n')
    .map((line) => {
      if (visibleWidth(line) <= width) return line;
      const indent = /^ */.exec(stripAnsi(line))![0];
      const hang = /^( *(?:[✖!✔•→-]|→ Next:) )/.exec(stripAnsi(line))?.[1] ?? indent;
      const body = wrapText(line.slice(0), width - hang.length);
      return body.map((l, i) => (i === 0 ? l : `${' '.repeat(hang.length)}${l.trimStart()}`)).join('\n');
    })
    .join('\n');
}

/**
 * Column widths (content only, without padding) that fit `total` columns of
 * screen. Each column starts at its minimum (`mins`: its longest word, within
 * reason, so words are not cut), columns marked `keep` (ids, which people copy)
 * stay whole while the rest can still get their minimum, and what is left goes
 * to the others, narrowest need first.
 */
export function fitWidths(natural: number[], total: number, overhead: number, mins: number[], keep: readonly boolean[] = []): number[] {
  let room = total - overhead;
  if (natural.reduce((a, b) => a + b, 0) <= room) return natural;
  const n = natural.length;
  const widths = new Array<number>(n).fill(0);
  const floor = natural.map((w, i) => Math.min(w, mins[i] ?? 6));
  const kept = new Set<number>();
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    const others = floor.reduce((a, w, j) => (j === i || kept.has(j) ? a : a + Math.min(w, 8)), 0);
    if (room - natural[i]! >= others) {
      kept.add(i);
      widths[i] = natural[i]!;
      room -= natural[i]!;
    }
  }
  const rest = natural.map((_, i) => i).filter((i) => !kept.has(i));
  const needed = rest.reduce((a, i) => a + floor[i]!, 0);
  // A screen too narrow even for the minimums: everything shrinks alike (words will be cut).
  const scale = needed > room ? room / needed : 1;
  for (const i of rest) widths[i] = Math.max(1, Math.floor(floor[i]! * scale));
  let left = room - rest.reduce((a, i) => a + widths[i]!, 0);
  const order = [...rest].sort((a, b) => natural[a]! - widths[a]! - (natural[b]! - widths[b]!));
  order.forEach((i, k) => {
    const share = Math.floor(left / (order.length - k));
    const add = Math.max(0, Math.min(natural[i]! - widths[i]!, share));
    widths[i]! += add;
    left -= add;
  });
  return widths;
}

/** The longest word of a cell, the width below which wrapping has to cut words. */
export function longestWord(text: string): number {
  return Math.max(0, ...stripAnsi(text).split(/[\s]+/).map((w) => [...w].length));
}
