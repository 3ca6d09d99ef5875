// Diagnostics as the engine produces them: LSP-shaped (ranges, severities, codes), but with no
// dependency on the LSP libraries.  Checks first produce "line diagnostics" with offsets in a
// logical line; `toDiagnostic` maps them to file positions.

import type { ConfigLine } from '../syntax/document';
import type { Range } from '../syntax/lines';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  /** Index of the file in the configuration's file list (0 is the file being analysed). */
  file: number;
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix to apply when there is an obvious one. */
  preferred?: boolean;
}

export interface RelatedInformation {
  file: number;
  range: Range;
  message: string;
}

export interface Diagnostic {
  file: number;
  range: Range;
  severity: Severity;
  /** A stable identifier of the check, listed in codes.ts. */
  code: string;
  message: string;
  fixes?: Fix[];
  related?: RelatedInformation[];
  tags?: ('unnecessary' | 'deprecated')[];
}

/** An edit inside one logical line, in that line's offsets. */
export interface LineEdit {
  start: number;
  end: number;
  newText: string;
}

export interface LineFix {
  title: string;
  edits: LineEdit[];
  preferred?: boolean;
}

/** A diagnostic as a check produces it: offsets in a logical line. */
export interface LineDiagnostic {
  start: number;
  end: number;
  code: string;
  message: string;
  severity?: Severity;
  fixes?: LineFix[];
  tags?: Diagnostic['tags'];
}

/**
 * Maps a line diagnostic to file positions.  A fix is kept only when each of its edits falls on
 * text that maps character for character to one physical line: an edit that touched macro
 * replacement text or crossed a continuation would change something other than what it says.
 */
export function toDiagnostic(line: ConfigLine, d: LineDiagnostic, severity: Severity): Diagnostic {
  const loc = line.map.location(d.start, d.end);
  const out: Diagnostic = { file: loc.file, range: loc.range, severity: d.severity ?? severity, code: d.code, message: d.message };
  if (d.tags) out.tags = d.tags;
  if (d.fixes) {
    const fixes: Fix[] = [];
    for (const f of d.fixes) {
      const edits: TextEdit[] = [];
      let safe = true;
      for (const e of f.edits) {
        const mapped = exactRange(line, e.start, e.end);
        if (!mapped) {
          safe = false;
          break;
        }
        edits.push({ file: mapped.file, range: mapped.range, newText: e.newText });
      }
      if (safe && edits.length > 0) fixes.push(f.preferred ? { title: f.title, edits, preferred: true } : { title: f.title, edits });
    }
    if (fixes.length > 0) out.fixes = fixes;
  }
  return out;
}

/** The file range of [start, end) when that text is one exact run on one physical line. */
export function exactRange(line: ConfigLine, start: number, end: number): { file: number; range: Range } | undefined {
  const pieces = line.map.pieces;
  // Pieces are in offset order: begin with the one just before `start` (an insertion point at
  // the end of a piece belongs to that piece).
  for (let i = line.map.indexAt(Math.max(0, start - 1)); i < pieces.length; i++) {
    const p = pieces[i];
    if (p.at > start) break;
    const pieceEnd = p.at + p.length;
    // An insertion point at the very end of a piece belongs to that piece.
    const inside = start >= p.at && (end < pieceEnd || (end === pieceEnd && (start < end || start === pieceEnd)));
    if (!inside) continue;
    if (!p.exact) return undefined;
    const a = p.character + (start - p.at);
    const b = p.character + (end - p.at);
    return { file: p.file, range: { start: { line: p.line, character: a }, end: { line: p.line, character: b } } };
  }
  return undefined;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.file - b.file ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.code.localeCompare(b.code)
  );
}
