// Applying LSP edits to a text the way an editor does (positions count lines split at CRLF, CR or
// LF; a BOM is not part of the document), and following a position through an edit.

import type { Position, Range } from '../../server/src/syntax/lines';
import { before } from './properties';

export interface LspEdit {
  range: Range;
  newText: string;
}

/** Offsets in `text` of the start of each line, as the editor counts lines. */
export function lineStarts(text: string): number[] {
  const starts = [text.startsWith('\ufeff') ? 1 : 0];
  for (let i = starts[0]; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
  }
  return starts;
}

export function offsetOf(text: string, starts: number[], p: Position): number {
  const line = Math.min(p.line, starts.length - 1);
  const lineEnd = line + 1 < starts.length ? starts[line + 1] : text.length;
  // the line's own text, without its line break
  let end = lineEnd;
  if (line + 1 < starts.length) end -= text[lineEnd - 2] === '\r' && text[lineEnd - 1] === '\n' ? 2 : 1;
  return Math.min(starts[line] + p.character, end);
}

/** Applies non-overlapping edits (all given in the coordinates of the original text). */
export function applyLspEdits(text: string, edits: readonly LspEdit[]): string {
  const starts = lineStarts(text);
  const spans = edits
    .map((e) => ({ start: offsetOf(text, starts, e.range.start), end: offsetOf(text, starts, e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.newText + out.slice(s.end);
  return out;
}

/** Where a position of the text before an edit is after it (inside the replaced range: its start). */
export function mapPosition(p: Position, e: LspEdit): Position {
  if (before(p, e.range.start) || (p.line === e.range.start.line && p.character === e.range.start.character)) return p;
  if (before(p, e.range.end)) return e.range.start;
  const inserted = e.newText.split(/\r\n|\r|\n/);
  const endLine = e.range.start.line + inserted.length - 1;
  const endChar = (inserted.length === 1 ? e.range.start.character : 0) + inserted[inserted.length - 1].length;
  if (p.line === e.range.end.line) return { line: endLine, character: endChar + (p.character - e.range.end.character) };
  return { line: p.line + (endLine - e.range.end.line), character: p.character };
}
