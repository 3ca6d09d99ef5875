// Physical lines of a file, and the map from a logical line's offsets back to file positions.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface PhysicalLines {
  lines: string[];
  /** The text started with a byte order mark (removed: editors do not count it in positions). */
  bom: boolean;
  /** Lines that end in a lone CR (Exim, which splits only at LF, would join them). */
  crOnlyLines: number;
  /** Indices of those lines, in order (empty when there are none). */
  loneCrEnds: number[];
  /** Lines that contain a NUL character (Exim ignores the rest of such a line). */
  nulLines: number[];
}

/**
 * Splits a text into lines the way an LSP client counts them (at CRLF, LF or CR), so that
 * positions agree with the editor.
 */
export function splitLines(text: string): PhysicalLines {
  let bom = false;
  if (text.charCodeAt(0) === 0xfeff) {
    bom = true;
    text = text.slice(1);
  }
  let lines: string[];
  const loneCrEnds: number[] = [];
  if (!text.includes('\r')) {
    lines = text.split('\n');
  } else {
    lines = [];
    const ends = /\r\n|\r|\n/g;
    let start = 0;
    for (let m = ends.exec(text); m; m = ends.exec(text)) {
      lines.push(text.slice(start, m.index));
      if (m[0] === '\r') loneCrEnds.push(lines.length - 1);
      start = m.index + m[0].length;
    }
    lines.push(text.slice(start));
  }
  const nulLines: number[] = [];
  if (text.includes('\u0000')) {
    for (let i = 0; i < lines.length; i++) if (lines[i].includes('\u0000')) nulLines.push(i);
  }
  return { lines, bom, crOnlyLines: loneCrEnds.length, loneCrEnds, nulLines };
}

/**
 * One stretch of a logical line that comes from one place in a file.  `exact` stretches map
 * character by character; the others are macro replacement text, which maps as a whole to the
 * macro name it replaced (`character` .. `endCharacter`).
 */
export interface LinePiece {
  /** Offset in the logical line where the stretch starts. */
  at: number;
  length: number;
  file: number;
  line: number;
  character: number;
  exact: boolean;
  /** For inexact stretches: the end column of the replaced text. */
  endCharacter: number;
}

export interface Location {
  file: number;
  range: Range;
}

/** Maps offsets of a logical line (or a string derived from it) to file positions. */
export class LineMap {
  constructor(readonly pieces: LinePiece[]) {}

  /** Index of the last piece that starts at or before `offset` (0 when none does). */
  indexAt(offset: number): number {
    const p = this.pieces;
    // Most lines have a few pieces; one continued over thousands of lines has as many.
    let lo = 0;
    let hi = p.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (p[mid].at <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private pieceAt(offset: number): LinePiece {
    return this.pieces[this.indexAt(offset)];
  }

  /** File index of the place an offset comes from. */
  fileOf(offset: number): number {
    return this.pieces.length ? this.pieceAt(offset).file : 0;
  }

  /** Position of the character at `offset` (for the start of a range). */
  startPosition(offset: number): Position {
    if (this.pieces.length === 0) return { line: 0, character: 0 };
    const p = this.pieceAt(offset);
    if (!p.exact) return { line: p.line, character: p.character };
    return { line: p.line, character: p.character + Math.min(Math.max(offset - p.at, 0), p.length) };
  }

  /** Position just after the character before `offset` (for the end of a range). */
  endPosition(offset: number): Position {
    if (this.pieces.length === 0) return { line: 0, character: 0 };
    if (offset <= 0) return this.startPosition(0);
    const p = this.pieceAt(offset - 1);
    if (!p.exact) return { line: p.line, character: p.endCharacter };
    return { line: p.line, character: p.character + Math.min(offset - p.at, p.length) };
  }

  /**
   * The file range of [start, end) in the logical line.  A range is in one file: when the line
   * goes on in another (a continuation into an included file), it ends where its first file's
   * part of the line ends.
   */
  range(start: number, end: number): Range {
    const s = this.startPosition(start);
    if (end > start && this.pieces.length > 1) {
      const first = this.indexAt(start);
      const last = this.indexAt(end - 1);
      const file = this.pieces[first].file;
      for (let i = first + 1; i <= last; i++) {
        if (this.pieces[i].file === file) continue;
        end = Math.min(end, this.pieces[i].at);
        break;
      }
    }
    let e = end > start ? this.endPosition(end) : s;
    if (e.line < s.line || (e.line === s.line && e.character < s.character)) e = s;
    return { start: s, end: e };
  }

  location(start: number, end: number): Location {
    return { file: this.fileOf(start), range: this.range(start, end) };
  }

  /** The logical-line offset of a file position, if the position is inside this line. */
  offsetAt(file: number, pos: Position): number | undefined {
    let best: number | undefined;
    for (const p of this.pieces) {
      if (p.file !== file || p.line !== pos.line) continue;
      if (p.exact) {
        if (pos.character >= p.character && pos.character <= p.character + p.length) return p.at + (pos.character - p.character);
      } else if (pos.character >= p.character && pos.character <= p.endCharacter) {
        best = p.at;
      }
    }
    return best;
  }

  /** Physical lines this logical line spans, per file. */
  get firstLine(): number {
    return this.pieces.length ? this.pieces[0].line : 0;
  }

  get lastLine(): number {
    return this.pieces.length ? this.pieces[this.pieces.length - 1].line : 0;
  }
}
