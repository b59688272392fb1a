// How alike two names are, for "did you mean" answers and for matching names
// written slightly differently.

/** Levenshtein distance: the fewest one-character insertions, deletions or substitutions that turn a into b. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** Up to `most` candidates within `maxDistance` edits of name, the closest first. */
export function nearestNames(name: string, candidates: Iterable<string>, maxDistance: number, most = 3): string[] {
  return [...candidates]
    .map((k) => ({ k, d: editDistance(name, k) }))
    .filter((x) => x.d <= maxDistance)
    .sort((a, b) => a.d - b.d)
    .slice(0, most)
    .map((x) => x.k);
}
