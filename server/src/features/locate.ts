// Finding what is at a position: the logical line, the offset in it, and the token there.
// Every feature starts here.

import type { Analysis } from '../analysis/analyse';
import type { ConfigLine } from '../syntax/document';
import type { Position } from '../syntax/lines';

const indexes = new WeakMap<Analysis, Map<number, ConfigLine>>();

/** Physical line (of the analysed file) -> the logical line that covers it. */
function lineIndex(analysis: Analysis): Map<number, ConfigLine> {
  let index = indexes.get(analysis);
  if (!index) {
    index = new Map();
    for (const line of analysis.document.lines) {
      for (const p of line.map.pieces) if (p.file === 0 && !index.has(p.line)) index.set(p.line, line);
    }
    indexes.set(analysis, index);
  }
  return index;
}

export interface Located {
  line: ConfigLine;
  /** Offset in the logical line's text. */
  offset: number;
}

/** The logical line at a position of the analysed file, and the offset there. */
export function locate(analysis: Analysis, pos: Position): Located | undefined {
  const line = lineIndex(analysis).get(pos.line);
  if (!line) return undefined;
  const offset = line.map.offsetAt(0, pos);
  if (offset === undefined) return undefined;
  return { line, offset };
}

/** Logical lines that start on physical lines [from, to] of the analysed file. */
export function linesInRange(analysis: Analysis, from: number, to: number): ConfigLine[] {
  const out: ConfigLine[] = [];
  for (const line of analysis.document.lines) {
    const p = line.map.pieces[0];
    if (!p || p.file !== 0) continue;
    if (line.map.lastLine >= from && p.line <= to) out.push(line);
  }
  return out;
}

/** Whether `offset` falls in [start, end] (the end counts: the cursor may sit just after a word). */
export function within(offset: number, span: { start: number; end: number }): boolean {
  return offset >= span.start && offset <= span.end;
}
