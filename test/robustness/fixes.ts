// Quick-fix safety: a fix, applied as the editor applies it, must (a) remove its diagnostic,
// (b) bring no new error, and (c) change nothing outside the text it replaces.
//
// (c) is checked on the text: every edit lies in the diagnostic's own logical line, and every
// physical line outside it reads as before.
//
// (b) is checked per place.  The fixed line has no more errors than it had (a fix may reveal what
// the first error hid on that line).  On the other lines a fix may reveal errors the fixed one
// hid (naming a driver makes its options checked: their values, an option set twice), but must
// not cause any: an error there is the fix's own when it points at the fixed line (an option now
// set twice, a clash) or when the driver it chose makes other options unknown or wrong
// (SENSITIVE; a fixed option name whose value names the driver reveals them, as the user chose it).  Look-alike character fixes make the text what it already looks like, so what it
// then says is what the user wrote: for a typographic quote only the fixed line is checked (a
// straight quote must not open a string that runs on), for a look-alike space neither.  A fix that
// changes what kind of line the fixed line is (junk becoming the `begin` line or directive the
// user meant) changes the reading of what follows by design: only (a) and (c) are checked.

import { analyse, type Analysis, type AnalyseOptions } from '../../server/src/analysis/analyse';
import type { Diagnostic } from '../../server/src/analysis/diagnostic';
import { codeActions } from '../../server/src/features/codeActions';
import { checkedFixAll, fixText } from '../../server/src/features/fixAll';
import type { ConfigLine } from '../../server/src/syntax/document';
import type { Range } from '../../server/src/syntax/lines';
import { applyLspEdits, mapPosition, type LspEdit } from './edits';
import { before, editorLines } from './properties';

export interface FixStats {
  tried: number;
  /** Fixes that changed what kind of line the fixed line is (judged by (a) and (c) only). */
  kindChanged: number;
  byCode: Record<string, number>;
  failures: string[];
}

export const newFixStats = (): FixStats => ({ tried: 0, kindChanged: 0, byCode: {}, failures: [] });

/** The logical line of file 0 that covers a physical line. */
function lineOn(a: Analysis, physical: number): ConfigLine | undefined {
  return a.document.lines.find((l) => l.map.pieces.some((p) => p.file === 0 && p.line === physical));
}

function physicalRange(l: ConfigLine | undefined, fallback: Range): [number, number] {
  const lines = l?.map.pieces.filter((p) => p.file === 0).map((p) => p.line) ?? [];
  // (a loop, not Math.min(...lines): a line continued 100,000 times has as many pieces)
  return lines.length ? lines.reduce<[number, number]>(([lo, hi], l) => [Math.min(lo, l), Math.max(hi, l)], [Infinity, -Infinity]) : [fallback.start.line, fallback.end.line];
}

/** Errors on other lines that a driver chosen by a fix brings by itself: options that do not fit it. */
const SENSITIVE = new Set(['option-unknown', 'option-wrong-driver', 'option-before-driver']);

const errorCodes = (ds: Diagnostic[], keep: (d: Diagnostic) => boolean) => {
  const m = new Map<string, number>();
  for (const x of ds) if (x.severity === 'error' && keep(x)) m.set(x.code, (m.get(x.code) ?? 0) + 1);
  return m;
};

/** Checks every fix of every diagnostic of the analysed file; returns the analysis. */
export function checkAllFixes(text: string, options: AnalyseOptions, stats: FixStats, label: string): Analysis {
  const a = analyse(text, options);
  for (const d of a.diagnostics) {
    if (d.file !== 0 || !d.fixes) continue;
    for (const action of codeActions(a, d.range).filter((c) => c.diagnostic === d)) {
      stats.tried++;
      stats.byCode[d.code] = (stats.byCode[d.code] ?? 0) + 1;
      const { problems, kindChanged } = checkFix(text, a, d, action.edits, options);
      if (kindChanged) stats.kindChanged++;
      if (problems.length) stats.failures.push(`${label}: fix "${action.title}" for [${d.code}] at ${d.range.start.line}:${d.range.start.character}: ${problems.join('; ')}`);
    }
  }
  return a;
}

export function checkFix(text: string, a: Analysis, d: Diagnostic, edits: readonly LspEdit[], options: AnalyseOptions): { problems: string[]; kindChanged: boolean } {
  const problems: string[] = [];
  const line = lineOn(a, d.range.start.line);
  const [lo, hi] = physicalRange(line, d.range);

  // (c) the edits stay in the diagnostic's logical line, and the other physical lines are as they were
  for (const e of edits) {
    if (e.range.start.line < lo || e.range.end.line > hi) problems.push(`an edit at ${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character} is outside the diagnostic's lines ${lo}-${hi}`);
  }
  const after = applyLspEdits(text, edits);
  const added = edits.reduce((n, e) => n + e.newText.split(/\r\n|\r|\n/).length - 1 - (e.range.end.line - e.range.start.line), 0);
  const oldLines = editorLines(text);
  const newLines = editorLines(after);
  const outside = (ls: string[], last: number) => [...ls.slice(0, lo), ...ls.slice(last + 1)].join('\n');
  if (outside(oldLines, hi) !== outside(newLines, hi + added)) problems.push('text outside the fixed line changed');

  const b = analyse(after, options);

  // (a) the diagnostic is gone: its line has fewer diagnostics of its code (positions would not
  // do: a neighbour of the same code may move to where the fixed one was)
  const sorted = [...edits].sort((x, y) => (before(y.range.start, x.range.start) ? -1 : before(x.range.start, y.range.start) ? 1 : 0));
  const start = sorted.reduce((p, e) => mapPosition(p, e), d.range.start);
  const onFixed = (from: number, to: number) => (x: Diagnostic) => x.file === 0 && x.range.start.line >= from && x.range.start.line <= to;
  const sameCode = (ds: Diagnostic[], from: number, to: number) => ds.filter((x) => x.code === d.code && onFixed(from, to)(x));
  const left = sameCode(b.diagnostics, lo, hi + added);
  if (left.length >= sameCode(a.diagnostics, lo, hi).length) problems.push(`the diagnostic is still there: ${left.map((x) => x.message).join('; ')}`);

  // (b) no new error: on the fixed line no more errors than before; elsewhere none it did not have
  const lineAfter = lineOn(b, start.line);
  const kindKept = line !== undefined && lineAfter !== undefined && line.node.kind === lineAfter.node.kind;
  if (kindKept && d.code !== 'lookalike-space') {
    const fixedBefore = [...errorCodes(a.diagnostics, onFixed(lo, hi)).values()].reduce((n, k) => n + k, 0);
    // A name a fix makes readable may name something that is not defined (${acx{delay}} fixed to
    // ${acl{delay}}: no ACL "delay"); that is the file's problem, revealed, not the fix's.
    const revealed = (x: Diagnostic) => x.code.startsWith('undefined-') && d.code !== x.code;
    const fixedAfterList = b.diagnostics.filter((x) => x.severity === 'error' && onFixed(lo, hi + added)(x) && !revealed(x));
    if (fixedAfterList.length > fixedBefore) problems.push(`the fixed line has ${fixedAfterList.length} errors, it had ${fixedBefore}: ${fixedAfterList.map((x) => `[${x.code}] ${x.message}`).join('; ')}`);
    if (d.code !== 'typographic-quote') {
      const attributable = (ds: Diagnostic[], from: number, to: number) =>
        ds.filter((x) => x.severity === 'error' && !onFixed(from, to)(x) && ((d.code === 'driver-unknown' && SENSITIVE.has(x.code)) || (x.related ?? []).some((r) => r.file === 0 && r.range.start.line >= from && r.range.start.line <= to)));
      const was = errorCodes(attributable(a.diagnostics, lo, hi), () => true);
      const now = attributable(b.diagnostics, lo, hi + added);
      const grew = [...errorCodes(now, () => true)].filter(([code, n]) => n > (was.get(code) ?? 0)).map(([code]) => code);
      if (grew.length) {
        const examples = now.filter((x) => grew.includes(x.code)).slice(0, 3);
        problems.push(`new errors on other lines: ${examples.map((x) => `[${x.code}] at ${x.range.start.line}:${x.range.start.character}: ${x.message}`).join('; ')}`);
      }
    }
  }
  return { problems, kindChanged: !kindKept };
}

/**
 * Fix all (one checked pass, then passes until nothing is left): it ends, its edits are those of
 * the fixes it names, each in its finding's logical line, and every other physical line reads as
 * before.
 */
export function checkFixAll(text: string, options: AnalyseOptions, label: string): string[] {
  const problems: string[] = [];
  const a = analyse(text, options);
  const pass = checkedFixAll(text, a, (t) => analyse(t, options));
  const touched = new Set<number>();
  for (const f of pass.fixes) {
    const [lo, hi] = physicalRange(lineOn(a, f.range.start.line), f.range);
    for (let l = lo; l <= hi; l++) touched.add(l);
  }
  for (const e of pass.edits) {
    if (![...Array(e.range.end.line - e.range.start.line + 1).keys()].every((k) => touched.has(e.range.start.line + k))) problems.push(`${label}: fix all: an edit at line ${e.range.start.line} is outside the lines of the fixes it applies`);
  }
  // Edits replace text within lines here (none adds or removes a line end), so lines keep their numbers.
  if (pass.edits.every((e) => !/[\r\n]/.test(e.newText) && e.range.start.line === e.range.end.line)) {
    const before = editorLines(text);
    const after = editorLines(pass.text);
    if (before.length !== after.length) problems.push(`${label}: fix all: the file had ${before.length} lines, it has ${after.length}`);
    else before.forEach((l, i) => !touched.has(i) && l !== after[i] && problems.push(`${label}: fix all changed line ${i}, which no fix it applied is on`));
  }
  const all = fixText(text, (t) => analyse(t, options));
  if (all.fixes.length < pass.fixes.length) problems.push(`${label}: fix all: the passes applied fewer fixes (${all.fixes.length}) than the first pass (${pass.fixes.length})`);
  return problems;
}
