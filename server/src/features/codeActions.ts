// Code actions: the fixes the checks attached to their diagnostics, offered where the cursor or
// selection touches the diagnostic.

import type { Analysis } from '../analysis/analyse';
import type { Diagnostic, TextEdit } from '../analysis/diagnostic';
import type { Range } from '../syntax/lines';

export interface CodeAction {
  title: string;
  kind: 'quickfix';
  diagnostic: Diagnostic;
  /** Edits, all in the analysed file (fixes in other files are not offered from here). */
  edits: TextEdit[];
  preferred?: boolean;
}

const before = (a: { line: number; character: number }, b: { line: number; character: number }) =>
  a.line < b.line || (a.line === b.line && a.character < b.character);

export function overlaps(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

export function codeActions(analysis: Analysis, range: Range, only?: { code: string; range: Range }[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of analysis.diagnostics) {
    if (d.file !== 0 || !d.fixes || !overlaps(d.range, range)) continue;
    if (only && !only.some((o) => o.code === d.code && overlaps(o.range, d.range))) continue;
    for (const f of d.fixes) {
      if (f.edits.some((e) => e.file !== 0)) continue;
      out.push({ title: f.title, kind: 'quickfix', diagnostic: d, edits: f.edits, preferred: f.preferred });
    }
  }
  return out;
}
