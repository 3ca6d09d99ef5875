// Edit distances for did-you-mean suggestions (option names, drivers, ACL conditions, variables,
// names defined in the configuration).

/**
 * Edit distance of a and b (insertions, deletions, substitutions, and swaps of two neighbours),
 * when it is at most `limit`; limit + 1 otherwise.  Only the cells near the diagonal are computed.
 */
export function boundedDistance(a: string, b: string, limit: number): number {
  const big = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return big;
  const width = b.length + 1;
  if (rows[0].length < width) for (let r = 0; r < 3; r++) rows[r] = new Int32Array(width * 2);
  let [before, prev, cur] = rows;
  before.fill(big, 0, width);
  for (let j = 0; j < width; j++) prev[j] = j <= limit ? j : big;
  for (let i = 1; i <= a.length; i++) {
    cur.fill(big, 0, width);
    cur[0] = i <= limit ? i : big;
    let best = cur[0];
    for (let j = Math.max(1, i - limit); j <= Math.min(b.length, i + limit); j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j - 1] + cost, prev[j] + 1, cur[j - 1] + 1);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, before[j - 2] + 1);
      cur[j] = Math.min(v, big);
      if (cur[j] < best) best = cur[j];
    }
    if (best > limit) return big;
    [before, prev, cur] = [prev, cur, before];
  }
  return Math.min(prev[b.length], big);
}
/** Three rows of the distance table, reused from call to call. */
const rows: Int32Array[] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Close names for a misspelt one, best first: at most one edit in four characters, three in all. */
export function closest(word: string, candidates: readonly string[], max = 3): string[] {
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 4)));
  const lower = word.toLowerCase();
  const close: { c: string; d: number }[] = [];
  for (const c of candidates) {
    // A length difference alone costs that many edits: most candidates go without a distance.
    if (Math.abs(c.length - word.length) > limit || c === word) continue;
    const d = boundedDistance(lower, c.toLowerCase(), limit);
    if (d <= limit) close.push({ c, d });
  }
  return close
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((x) => x.c);
}
