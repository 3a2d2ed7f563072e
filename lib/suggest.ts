/**
 * "Did you mean ...?": the name closest to a mistyped key, option or entry, so an error can say
 * what the user probably meant.
 * @module
 */

/** Levenshtein distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** Up to three keys close to `key` (by edit distance, or containing it). */
export function suggestKeys(key: string, keys: readonly string[]): string[] {
  const k = key.toLowerCase();
  return keys
    .map((c) => ({ c, d: editDistance(k, c.toLowerCase()) }))
    .filter(({ c, d }) =>
      d <= Math.max(2, Math.floor(c.length / 3)) || c.toLowerCase().includes(k) ||
      k.includes(c.toLowerCase())
    )
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ c }) => c);
}

function camelCase(key: string): string {
  return key.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function squashed(key: string): string {
  return key.replace(/_/g, "").toLowerCase();
}

/** napple's name for an unknown key: its camelCase, the same letters, or a near spelling. */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  const camel = camelCase(key);
  if (known.includes(camel)) return camel;
  const same = known.find((k) => squashed(k) === squashed(key));
  if (same) return same;
  // pynapple's longer or shorter spelling of the same word (`epochs` → `ep`)
  const lower = key.toLowerCase();
  const affix = known.find((k) => {
    const l = k.toLowerCase();
    return Math.min(l.length, lower.length) >= 2 && (lower.startsWith(l) || l.startsWith(lower));
  });
  if (affix) return affix;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 4)) + 1;
  for (const k of known) {
    const d = editDistance(camel.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}
