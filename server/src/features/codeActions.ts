// Code actions: the fixes the checks attached to their diagnostics, offered where the cursor or
// selection touches the diagnostic.

import type { Analysis } from '../analysis/analyse';
import type { Diagnostic, TextEdit } from '../analysis/diagnostic';
import type { Range } from '../syntax/lines';
import { checkedFixAll } from './fixAll';

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

export interface FixAllAction {
  title: string;
  edits: TextEdit[];
  /** How many findings it fixes. */
  count: number;
}

/**
 * "Fix all": the preferred fixes of the file's findings that go together and bring no new error
 * (checked by analysing the fixed text with `analyse`); undefined when there are none.
 */
export function fixAllAction(analysis: Analysis, text: string, analyse: (text: string) => Analysis): FixAllAction | undefined {
  const { edits, fixes } = checkedFixAll(text, analysis, analyse);
  if (fixes.length === 0) return undefined;
  return { title: `Fix all auto-fixable Exim problems (${fixes.length})`, edits, count: fixes.length };
}
