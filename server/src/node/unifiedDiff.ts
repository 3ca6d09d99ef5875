// A unified diff (`diff -u` style) of two texts, for `exim-lint --fix --diff`: the lines are
// compared with Myers' O(ND) algorithm, which is quick when few lines differ (a fix changes a
// handful); past MAX_CHANGES differing lines the changed middle is shown as one hunk.

const CONTEXT = 3;
const MAX_CHANGES = 4000;

type Op = { kind: ' ' | '-' | '+'; text: string };

/** The diff of `before` and `after` as `--- a/NAME` / `+++ b/NAME` and hunks; '' when they are equal. */
export function unifiedDiff(name: string, before: string, after: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a.lines, b.lines);
  const out = [`--- a/${name}`, `+++ b/${name}`];
  const noEnd = '\\ No newline at end of file';
  for (const h of toHunks(ops)) {
    out.push(`@@ -${range(h.aStart, h.aCount)} +${range(h.bStart, h.bCount)} @@`);
    let ai = h.aStart - 1;
    let bi = h.bStart - 1;
    for (const op of h.ops) {
      out.push(op.kind + op.text);
      const lastOfA = op.kind !== '+' && ++ai === a.lines.length && !a.finalNewline;
      const lastOfB = op.kind !== '-' && ++bi === b.lines.length && !b.finalNewline;
      // Like diff: the side whose last line has no line end says so after it (once for a kept line).
      if (lastOfA || lastOfB) out.push(noEnd);
    }
  }
  return out.join('\n') + '\n';
}

function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === '') return { lines: [], finalNewline: true };
  const finalNewline = text.endsWith('\n');
  const lines = text.split('\n');
  if (finalNewline) lines.pop();
  return { lines, finalNewline };
}

const range = (start: number, count: number) => (count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`);

/** The edit script from `a` to `b`: common lines kept, the rest removed and added. */
export function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let post = 0;
  while (post < a.length - pre && post < b.length - pre && a[a.length - 1 - post] === b[b.length - 1 - post]) post++;
  const midA = a.slice(pre, a.length - post);
  const midB = b.slice(pre, b.length - post);
  const mid = myers(midA, midB) ?? [...midA.map((text): Op => ({ kind: '-', text })), ...midB.map((text): Op => ({ kind: '+', text }))];
  return [...a.slice(0, pre).map((text): Op => ({ kind: ' ', text })), ...mid, ...a.slice(a.length - post).map((text): Op => ({ kind: ' ', text }))];
}

/** Myers' shortest edit script, or undefined when more than MAX_CHANGES lines differ. */
function myers(a: readonly string[], b: readonly string[]): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_CHANGES);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, d, offset);
    }
    v = v.slice();
  }
  return undefined;
}

function backtrack(trace: Int32Array[], a: readonly string[], b: readonly string[], dEnd: number, offset: number): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  const keepTo = (toX: number, toY: number) => {
    while (x > toX && y > toY) {
      x--;
      y--;
      ops.push({ kind: ' ', text: a[x] });
    }
  };
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = v[offset + prevK];
    keepTo(prevX, prevX - prevK);
    if (x === prevX) ops.push({ kind: '+', text: b[--y] });
    else ops.push({ kind: '-', text: a[--x] });
  }
  keepTo(0, 0);
  return ops.reverse();
}

interface Hunk {
  aStart: number;
  aCount: number;
  bStart: number;
  bCount: number;
  ops: Op[];
}

/** The changes with CONTEXT lines around them, runs closer than twice that joined. */
function toHunks(ops: Op[]): Hunk[] {
  const hunks: Hunk[] = [];
  const changed = ops.map((o, i) => (o.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  let i = 0;
  while (i < changed.length) {
    let j = i;
    while (j + 1 < changed.length && changed[j + 1] - changed[j] <= 2 * CONTEXT + 1) j++;
    const from = Math.max(0, changed[i] - CONTEXT);
    const to = Math.min(ops.length, changed[j] + CONTEXT + 1);
    let aLine = 1;
    let bLine = 1;
    for (let k = 0; k < from; k++) {
      if (ops[k].kind !== '+') aLine++;
      if (ops[k].kind !== '-') bLine++;
    }
    const slice = ops.slice(from, to);
    hunks.push({ aStart: aLine, aCount: slice.filter((o) => o.kind !== '+').length, bStart: bLine, bCount: slice.filter((o) => o.kind !== '-').length, ops: slice });
    i = j + 1;
  }
  return hunks;
}
