// Fix all: the preferred fix of every diagnostic of the analysed file, as one set of edits that do
// not overlap (a fix that touches text another one already changes waits for the next pass), and
// the same applied to a text, pass after pass, for `exim-lint --fix`.

import type { Analysis } from '../analysis/analyse';
import type { Diagnostic, TextEdit } from '../analysis/diagnostic';
import type { Position, Range } from '../syntax/lines';

export interface AppliedFix {
  code: string;
  title: string;
  range: Range;
}

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);

/** A preferred fix of a finding of the analysed file, with its edits. */
interface Candidate {
  fix: AppliedFix;
  edits: readonly TextEdit[];
}

function candidates(analysis: Analysis): Candidate[] {
  const out: Candidate[] = [];
  for (const d of analysis.diagnostics) {
    if (d.file !== 0 || !d.fixes) continue;
    const fix = d.fixes.find((f) => f.preferred);
    if (fix && fix.edits.every((e) => e.file === 0)) out.push({ fix: { code: d.code, title: fix.title, range: d.range }, edits: fix.edits });
  }
  return out;
}

/** The preferred fixes of the file's diagnostics whose edits do not touch one another. */
export function fixAllEdits(analysis: Analysis): { edits: TextEdit[]; fixes: AppliedFix[] } {
  const chosen = nonClashing(analysis);
  return { edits: chosen.flatMap((c) => c.edits), fixes: chosen.map((c) => c.fix) };
}

function nonClashing(analysis: Analysis): Candidate[] {
  const out: Candidate[] = [];
  const taken: Range[] = [];
  // A fix's edits may not touch (not even at a point) what an earlier fix changes.
  const clashes = (r: Range) => taken.some((t) => !before(r.end, t.start) && !before(t.end, r.start));
  for (const c of candidates(analysis)) {
    if (c.edits.some((e) => clashes(e.range))) continue;
    taken.push(...c.edits.map((e) => e.range));
    out.push(c);
  }
  return out;
}

/** The errors of `after` that `before` does not have (by code, line and message). */
function newErrors(before: Analysis, after: Analysis): Diagnostic[] {
  const key = (d: Diagnostic) => `${d.file}|${d.code}|${d.range.start.line}|${d.message}`;
  const had = new Set(before.diagnostics.filter((d) => d.severity === 'error').map(key));
  return after.diagnostics.filter((d) => d.severity === 'error' && !had.has(key(d)));
}

/**
 * One pass of fix-all on `text` (analysed as `analysis`), checked: the preferred fixes that do not
 * touch one another, as long as every error the fixed text has that the text had not is one a
 * fix brings on its own, on its own line (it was hidden behind the error fixed: `domains
 * +local_domains` fixed shows that the list is not defined).  Two misspellings of one option
 * fixed into one setting made twice are not: then fixes are added one by one while that holds.
 */
export function checkedFixAll(text: string, analysis: Analysis, analyse: (text: string) => Analysis): { text: string; edits: TextEdit[]; fixes: AppliedFix[] } {
  const chosen = nonClashing(analysis);
  const alone = new Map<Candidate, Diagnostic[]>();
  const revealedAlone = (c: Candidate) => {
    let errors = alone.get(c);
    if (!errors) alone.set(c, (errors = newErrors(analysis, analyse(applyEdits(text, c.edits)))));
    return errors;
  };
  const sameError = (a: Diagnostic, b: Diagnostic) => a.code === b.code && a.message === b.message && a.range.start.line === b.range.start.line;
  // Each new error must be one that a fix on its line brings by itself.
  const explained = (set: Candidate[], errors: Diagnostic[]) =>
    errors.every((e) => set.some((c) => c.fix.range.start.line <= e.range.start.line && e.range.start.line <= c.fix.range.end.line && revealedAlone(c).some((x) => sameError(x, e))));
  const attempt = (set: Candidate[]) => {
    const fixed = applyEdits(text, set.flatMap((c) => c.edits));
    return explained(set, newErrors(analysis, analyse(fixed))) ? fixed : undefined;
  };
  if (chosen.length === 0) return { text, edits: [], fixes: [] };
  const together = attempt(chosen);
  if (together !== undefined) return { text: together, edits: chosen.flatMap((c) => c.edits), fixes: chosen.map((c) => c.fix) };
  const kept: Candidate[] = [];
  let current = text;
  for (const c of chosen) {
    const fixed = attempt([...kept, c]);
    if (fixed === undefined) continue;
    kept.push(c);
    current = fixed;
  }
  return { text: current, edits: kept.flatMap((k) => k.edits), fixes: kept.map((k) => k.fix) };
}

/**
 * Applies edits made against the analysed text (its lines split at LF, CRLF or CR, positions after
 * a leading BOM) to that text, keeping its line ends and BOM.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const starts = [bom];
  const ends = /\r\n|\r|\n/g;
  for (let m = ends.exec(text); m; m = ends.exec(text)) starts.push(m.index + m[0].length);
  const offset = (p: Position) => Math.min(text.length, (starts[p.line] ?? text.length) + p.character);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** Applies checked fix-all passes until nothing is left to fix (or `maxPasses` is reached). */
export function fixText(text: string, analyse: (text: string) => Analysis, maxPasses = 10): { text: string; fixes: AppliedFix[] } {
  const all: AppliedFix[] = [];
  let current = text;
  for (let pass = 0; pass < maxPasses; pass++) {
    const r = checkedFixAll(current, analyse(current), analyse);
    if (r.fixes.length === 0 || r.text === current) break;
    current = r.text;
    all.push(...r.fixes);
  }
  return { text: current, fixes: all };
}
