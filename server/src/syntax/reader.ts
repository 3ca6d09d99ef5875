// Exim's line reader: physical lines in, logical lines out.
//
// For each physical line, in Exim's order (get_config_line in readconf.c): macro substitution,
// comment lines, the conditional directives (.ifdef ...), skipping of lines in a false branch,
// .include, and finally joining of continuation lines.  Every character of a logical line keeps
// the file position it came from.

import { LineMap, LinePiece, splitLines, type Position, type Range } from './lines';
import { MAX_LINE_LENGTH, type MacroTable, type MacroUse } from './macros';
import { parseDirective } from './parse';
import type { ConditionalDirectiveNode, IncludeDirectiveNode } from './tree';

export interface SourceFile {
  /** A path or URI that identifies the file (absolute paths make `.include` resolution work). */
  name: string;
  text: string;
}

export interface ReaderHost {
  /** The text of an included file, or undefined when it cannot be read. */
  readFile(path: string): string | undefined;
  /** Resolves an `.include` path against the including file's name. */
  resolve(path: string, includingFile: string): string;
  /** What a path is when it is not a regular file that can be read (optional). */
  special?(path: string): SpecialFile | undefined;
}

/**
 * Paths Exim can open that are not ordinary files: it reads a directory or an empty device
 * (/dev/null) as an empty file; from any other device, a pipe or a socket it reads without end or
 * waits for ever; `tooLarge` is a file too large to be a configuration.
 */
export type SpecialFile = 'directory' | 'empty' | 'endless' | 'tooLarge';

export interface RawLogicalLine {
  text: string;
  map: LineMap;
}

export interface DirectiveRecord {
  file: number;
  line: number;
  /** Column where the directive's `.` is. */
  column: number;
  node: ConditionalDirectiveNode | IncludeDirectiveNode;
  /** For conditionals: whether a macro was substituted on the line (Exim's truth value). */
  macroFound: boolean;
  /** Whether the line was in a skipped branch (an include there is not followed). */
  inactive: boolean;
  /** For includes: the resolved path, and the file index when it was read. */
  resolved?: string;
  includedFile?: number;
  /** Nesting depth of conditionals after this directive. */
  depth: number;
  /** For conditionals: whether the lines after this one are skipped. */
  skipsAfter?: boolean;
}

export interface ReaderProblem {
  file: number;
  range: Range;
  code: string;
  message: string;
  severity: 'error' | 'warning' | 'info';
}

export interface MacroUseRecord extends MacroUse {
  file: number;
  line: number;
  /** The logical line (document index) of the definition that was in effect, if from the file. */
  definedAt?: number;
}

export interface ReadResult {
  /** Every file read, by index; index 0 is the analysed file (see ReadOptions.focus). */
  files: SourceFile[];
  /** Per file: its physical lines. */
  lines: string[][];
  directives: DirectiveRecord[];
  /** Per file: physical lines skipped because they are in a false conditional branch. */
  inactiveLines: number[][];
  macroUses: MacroUseRecord[];
  problems: ReaderProblem[];
  /** Index in `files` of each root file, in reading order. */
  roots: number[];
  /** False when a focus file was asked for and never reached (file 0 is then an empty stand-in). */
  focusRead: boolean;
}

/** A file read at the top level; `section` is where a Debian conf.d fragment belongs (its folder). */
export interface RootFile extends SourceFile {
  section?: string;
  /** The file is a run of ACL statements, read inside an ACL that the file including it opens. */
  inAcl?: boolean;
}

export interface ReadOptions {
  /**
   * The file that gets index 0 in the result when it is read (as a root or through `.include`),
   * so that "file 0" is always the file being edited even when reading starts elsewhere.
   */
  focus?: string;
  /** Called before the first line of each root file. */
  onRoot?: (root: RootFile, index: number) => void;
}

/** Exim allows at most this many nested conditionals. */
export const MAX_CONDITIONAL_NESTING = 10;
/** Includes nested deeper than this are taken to be a loop. */
export const MAX_INCLUDE_DEPTH = 32;

// next state, indexed by [current state][action]: 0 reading, 1 skipping to .else/.elif/.endif,
// 2 skipping to .endif.
const NEXT_STATE = [
  [0, 1, 2, 2],
  [2, 2, 0, 1],
  [2, 2, 2, 2],
];
const ACTIONS: Record<string, [found: number, notFound: number, stack: number]> = {
  ifdef: [0, 1, 1],
  ifndef: [1, 0, 1],
  elifdef: [2, 3, 0],
  elifndef: [3, 2, 0],
  else: [2, 2, 0],
  endif: [0, 0, -1],
};

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

type SubstitutedLineMap = { from: Int32Array; to: Int32Array };

interface Pending {
  parts: string[];
  pieces: LinePiece[];
  length: number;
  /** The joined line grew past MAX_LINE_LENGTH: its text is dropped, the line is reported. */
  tooLong?: { file: number; line: number; start: number; end: number };
}

/**
 * Reads a configuration file (and the files it includes) and calls `onLine` for each logical line
 * in order.  `onLine` may define macros in `macros`; they apply from the next physical line on.
 *
 * Several root files are read one after the other as one configuration, the way Debian's
 * update-exim4.conf joins the conf.d fragments: macros, the section and open conditionals carry
 * on from one file to the next; a continuation does not (each file ends with a blank line).
 */
export function readConfig(
  main: SourceFile | readonly RootFile[],
  macros: MacroTable,
  onLine: (line: RawLogicalLine) => void,
  host?: ReaderHost,
  onInactiveLine?: (line: RawLogicalLine) => void,
  options: ReadOptions = {},
): ReadResult {
  const roots: readonly RootFile[] = Array.isArray(main) ? main : [main as SourceFile];
  const result: ReadResult = { files: [], lines: [], directives: [], inactiveLines: [], macroUses: [], problems: [], roots: [], focusRead: true };
  // The focus file's slot is kept free until the reader reaches it.
  let focusSlot = options.focus !== undefined && roots[0]?.name !== options.focus;
  if (focusSlot) {
    result.files.push({ name: options.focus!, text: '' });
    result.lines.push([]);
    result.inactiveLines.push([]);
  }
  const stack: number[] = [];
  /** The directive that opened each level of `stack` (for the "not closed" report). */
  const openers: DirectiveRecord[] = [];
  let state = 0;
  let pending: Pending | undefined;
  // Lines in a false .ifdef branch are joined the same way, for the editor's sake (Exim skips them).
  let pendingInactive: Pending | undefined;
  const including: string[] = [];

  const problemSpan = (file: number, start: Position, end: Position, code: string, message: string, severity: ReaderProblem['severity'] = 'error') =>
    result.problems.push({ file, range: { start, end }, code, message, severity });
  const problem = (file: number, line: number, start: number, end: number, code: string, message: string, severity: ReaderProblem['severity'] = 'error') =>
    problemSpan(file, { line, character: start }, { line, character: end }, code, message, severity);

  const flush = () => {
    if (!pending) return;
    emit(pending, onLine);
    pending = undefined;
  };

  const flushInactive = () => {
    if (!pendingInactive) return;
    if (onInactiveLine) emit(pendingInactive, onInactiveLine);
    pendingInactive = undefined;
  };

  /** Adds a physical line to a logical line; returns whether the logical line goes on. */
  const continueLine = (p: Pending, text: string, first: number, file: number, lineNo: number, sub: SubstitutedLineMap | undefined, joined?: JoinedLine): 'blank' | 'continues' | 'ends' => {
    let end = text.length;
    while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
    if (end === 0 || end <= first) return 'blank';
    const continues = text.charCodeAt(end - 1) === 92; /* \ */
    const startOf = (c: number) => {
      const at = joined ? joined.at(c) : { line: lineNo, character: c };
      return { line: at.line, start: at.character };
    };
    const contentEnd = continues ? end - 1 : end;
    if (!p.tooLong && p.length + (contentEnd - first) > MAX_LINE_LENGTH) {
      // Too long to analyse: the text goes, where the line starts is kept for the report.
      const start = p.pieces[0];
      p.tooLong = start
        ? { file: start.file, line: start.line, start: start.character, end: result.lines[start.file][start.line].length }
        : { file, ...startOf(first), end: result.lines[file][startOf(first).line].length };
      p.parts = [];
      p.pieces = [];
    }
    // Leading white space goes: Exim strips it from continuation lines and from logical lines.
    if (!p.tooLong) {
      const before = p.pieces.length;
      appendPart(p, text, first, contentEnd, file, lineNo, sub?.from, sub?.to);
      if (joined) {
        const placed = joined.placePieces(p.pieces.slice(before));
        p.pieces.length = before;
        for (const piece of placed) p.pieces.push(piece);
      }
    }
    return continues ? 'continues' : 'ends';
  };

  const emit = (p: Pending, to: (line: RawLogicalLine) => void) => {
    if (p.tooLong) {
      const at = p.tooLong;
      problem(at.file, at.line, at.start, at.end, 'line-too-long',
        `this logical line (with its continuation lines) is longer than ${MAX_LINE_LENGTH.toLocaleString('en')} characters: it is left out of the analysis`, 'warning');
      return;
    }
    let text = p.parts.length === 1 ? p.parts[0] : p.parts.join('');
    // Exim removes leading and trailing white space from logical lines.
    let lead = 0;
    while (lead < text.length && isSpace(text.charCodeAt(lead))) lead++;
    let end = text.length;
    while (end > lead && isSpace(text.charCodeAt(end - 1))) end--;
    if (end === lead) return;
    let pieces = p.pieces;
    if (lead > 0 || end < text.length) {
      text = text.slice(lead, end);
      pieces = shiftPieces(pieces, lead, end);
    }
    to({ text, map: new LineMap(pieces) });
  };

  const readFile = (source: SourceFile, depth: number): number => {
    let fileIndex = result.files.length;
    const split = splitLines(source.text);
    reuseStrings(source.name, split.lines);
    const lines = split.lines;
    const inactive: number[] = [];
    if (focusSlot && source.name === options.focus) {
      focusSlot = false;
      fileIndex = 0;
      result.files[0] = source;
      result.lines[0] = lines;
      result.inactiveLines[0] = inactive;
    } else {
      result.files.push(source);
      result.lines.push(lines);
      result.inactiveLines.push(inactive);
    }
    // The BOM is not in the lines (nor in an editor's text): the range covers the first character
    // after it, or none when the first line is empty.
    const bomEnd = Math.min(1, lines[0]?.length ?? 0);
    if (split.bom && depth === 0) {
      problem(fileIndex, 0, 0, bomEnd, 'bom', 'the file starts with a byte order mark (BOM): Exim refuses it ("found unexpected BOM (Byte Order Mark)"); save the file as UTF-8 without BOM');
    } else if (split.bom) {
      problem(fileIndex, 0, 0, bomEnd, 'bom', 'this included file starts with a byte order mark (BOM): Exim refuses it; save it as UTF-8 without BOM');
    }
    if (split.crOnlyLines > 0) {
      problem(fileIndex, 0, 0, 0, 'cr-line-ends', `the file uses ${split.crOnlyLines} lone CR line end(s): Exim splits lines only at LF, so it would read those lines as one`, 'warning');
    }
    for (const l of split.nulLines) {
      const col = lines[l].indexOf('\u0000');
      problem(fileIndex, l, col, lines[l].length, 'nul-byte', 'NUL character: Exim silently ignores the rest of this line (what is before it is read as the whole line)', 'warning');
    }
    including.push(source.name);

    const hasNul = split.nulLines.length > 0;
    const loneCr = split.loneCrEnds.length > 0 ? new Set(split.loneCrEnds) : undefined;
    // The empty "line" after a final newline is not a line: it must not end a continuation that
    // runs on into the rest of an including file.
    const count = lines.length > 0 && lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
    let nextLine = 0;
    for (let lineNo = 0; lineNo < count; lineNo = nextLine) {
      nextLine = lineNo + 1;
      let raw = lines[lineNo];
      // Exim splits lines only at LF: physical lines that an editor splits at a lone CR are one
      // line to Exim, with the CR in it.  Positions in that line map back to the editor's lines.
      let joined: JoinedLine | undefined;
      if (loneCr?.has(lineNo)) {
        joined = new JoinedLine(lines, lineNo, loneCr);
        raw = joined.text;
        nextLine = joined.lines[joined.lines.length - 1] + 1;
      }
      const place = (c: number): Position => (joined ? joined.at(c) : { line: lineNo, character: c });
      if (hasNul) {
        const nul = raw.indexOf('\u0000');
        if (nul >= 0) raw = raw.slice(0, nul);
      }

      // A line whose first non-blank character is `#` is a comment whatever macros it holds
      // (substitution starts at the first upper-case letter, after the `#`).
      let lead = 0;
      while (lead < raw.length && isSpace(raw.charCodeAt(lead))) lead++;
      if (raw.charCodeAt(lead) === 35 /* # */) continue;

      // 1. macro substitution
      const sub = macros.substitute(raw, (state === 0 ? pending : pendingInactive) === undefined);
      if (sub?.tooLong) {
        problemSpan(fileIndex, place(0), place(raw.length), 'line-too-long',
          `macro substitution makes this line longer than ${MAX_LINE_LENGTH.toLocaleString('en')} characters: it is left out of the analysis (Exim reads it, slowly)`, 'warning');
        continue;
      }
      const text = sub ? sub.text : raw;
      if (sub) {
        for (const u of sub.uses) {
          const at = place(u.start);
          const end = place(u.end);
          result.macroUses.push({ name: u.name, start: at.character, end: end.line === at.line ? end.character : lines[at.line].length, file: fileIndex, line: at.line, definedAt: macros.get(u.name)?.definedAt });
        }
      }

      let first = 0;
      while (first < text.length && isSpace(text.charCodeAt(first))) first++;

      // 2. comment lines (also inside a continuation: skipped, the continuation goes on)
      if (text.charCodeAt(first) === 35 /* # */) continue;

      // 3. conditional directives (processed even in skipped branches, for nesting)
      let include: IncludeDirectiveNode | undefined;
      if (text.charCodeAt(first) === 46 /* . */) {
        const d = parseDirective(text.slice(first));
        if (d.kind === 'conditional') {
          const column = sub ? sub.from[first] : first;
          const dot = place(column);
          const record: DirectiveRecord = { file: fileIndex, line: dot.line, column: dot.character, node: d, macroFound: sub !== undefined, inactive: state !== 0, depth: stack.length };
          result.directives.push(record);
          if (!d.accepted) {
            problemSpan(fileIndex, dot, place(column + 1 + d.name.text.length + 1), 'directive-ignored',
              `Exim ignores this whole line: ".${d.directive}" must be followed by a space or the end of the line`, 'warning');
            continue;
          }
          flushInactive();
          const [found, notFound, push] = ACTIONS[d.directive];
          const action = sub ? found : notFound;
          if (push > 0) {
            if (stack.length >= MAX_CONDITIONAL_NESTING) {
              problemSpan(fileIndex, dot, place(raw.length), 'conditional-nesting', `.${d.directive} nested too deeply: Exim allows at most ${MAX_CONDITIONAL_NESTING} levels of .ifdef/.ifndef`);
            } else {
              stack.push(state);
              openers.push(record);
              state = NEXT_STATE[state][action];
            }
          } else if (stack.length === 0) {
            problemSpan(fileIndex, dot, place(raw.length), 'conditional-unmatched', `.${d.directive} without a matching .ifdef or .ifndef`);
          } else if (push < 0) {
            state = stack.pop()!;
            openers.pop();
          } else {
            state = NEXT_STATE[state][action];
          }
          record.depth = stack.length;
          record.skipsAfter = state !== 0;
          continue;
        }
        if (d.kind === 'include') include = d;
        // Exim wants white space after the name, and a line end counts; the last line of a file
        // that does not end in a newline has none, so there a bare `.include` is an ordinary line.
        if (include && first + include.name.end === text.length && nextLine === lines.length) include = undefined;
      }

      // 4. lines in a false branch
      if (state !== 0) {
        if (joined) for (const l of joined.lines) inactive.push(l);
        else inactive.push(lineNo);
        if (include) {
          const dot = place(first);
          result.directives.push({ file: fileIndex, line: dot.line, column: dot.character, node: include, macroFound: false, inactive: true, depth: stack.length });
        } else if (onInactiveLine) {
          pendingInactive ??= { parts: [], pieces: [], length: 0 };
          if (continueLine(pendingInactive, text, first, fileIndex, lineNo, sub, joined) !== 'continues') flushInactive();
        }
        continue;
      }

      // 5. .include and .include_if_exists
      if (include) {
        const column = sub ? sub.from[first] : first;
        const dot = place(column);
        const record: DirectiveRecord = { file: fileIndex, line: dot.line, column: dot.character, node: include, macroFound: false, inactive: false, depth: stack.length };
        result.directives.push(record);
        includeFile(record, include, fileIndex, place, column, raw, depth, sub && ((i: number) => { const k = Math.min(first + i, sub.text.length - 1); return [sub.from[k], sub.to[k]]; }));
        continue;
      }

      // 6. continuation (a blank line ends a continuation, or is skipped)
      pending ??= { parts: [], pieces: [], length: 0 };
      if (continueLine(pending, text, first, fileIndex, lineNo, sub, joined) !== 'continues') flush();
    }
    including.pop();
    return fileIndex;
  };

  /**
   * `source(i)`, when macros made the line: the columns in the physical line that character i of
   * the directive came from (a path a macro holds is reported on the macro's name).
   */
  const includeFile = (record: DirectiveRecord, d: IncludeDirectiveNode, fileIndex: number, place: (column: number) => Position, column: number, raw: string, depth: number, source?: (i: number) => number[]) => {
    const pathStart = source ? source(d.path.start)[0] : column + d.path.start;
    const pathEnd = Math.max(pathStart, Math.min(raw.length, source && d.path.end > d.path.start ? source(d.path.end - 1)[1] : column + d.path.end));
    const path = d.path.text;
    if (path === '' && !d.ifExists) {
      // Exim opens "" (the current directory), reads nothing from it, and goes on.
      problemSpan(fileIndex, place(column), place(raw.length), 'include-missing-path', '.include without a file name includes nothing', 'warning');
      return;
    }
    if (d.ifExists && !path.startsWith('/')) {
      problemSpan(fileIndex, place(pathStart), place(pathEnd), 'include-not-absolute', `.include_if_exists needs an absolute path, and "${path}" is not one (Exim: .include specifies a non-absolute path)`);
      return;
    }
    if (!host) return;
    const resolved = host.resolve(path, result.files[fileIndex].name);
    record.resolved = resolved;
    if (including.includes(resolved) || depth + 1 > MAX_INCLUDE_DEPTH) {
      problemSpan(fileIndex, place(pathStart), place(pathEnd), 'include-loop', `"${path}" is already being included (an .include loop): Exim would read it again and again`);
      return;
    }
    const special = host.special?.(resolved);
    if (special === 'empty') return;
    if (special === 'directory') {
      problemSpan(fileIndex, place(pathStart), place(pathEnd), 'include-directory', `"${resolved}" is a directory: Exim reads it as an empty file, so nothing is included`, 'warning');
      return;
    }
    if (special === 'endless') {
      problemSpan(fileIndex, place(pathStart), place(pathEnd), 'include-not-file', `"${resolved}" is a device, pipe or socket, not a file: Exim would wait on it or read it without end`);
      return;
    }
    if (special === 'tooLarge') {
      problemSpan(fileIndex, place(pathStart), place(pathEnd), 'include-missing', `"${resolved}" is too large to be a configuration file: it is not read`);
      return;
    }
    const text = host.readFile(resolved);
    if (text === undefined) {
      if (!d.ifExists) problemSpan(fileIndex, place(pathStart), place(pathEnd), 'include-missing', `cannot read the included file "${resolved}" (Exim: failed to open included configuration file)`);
      return;
    }
    record.includedFile = readFile({ name: resolved, text }, depth + 1);
  };

  roots.forEach((root, i) => {
    options.onRoot?.(root, i);
    result.roots.push(readFile(root, 0));
    // Each root file ends a continuation (update-exim4.conf puts a blank line after each one).
    flush();
    flushInactive();
  });
  if (focusSlot) result.focusRead = false;
  if (stack.length > 0) {
    // Reported at the innermost block left open.
    const open = openers[openers.length - 1];
    const lineText = result.lines[open.file][open.line] ?? '';
    problem(open.file, open.line, open.column, lineText.length, 'conditional-unclosed', `${stack.length} .ifdef/.ifndef block(s) not closed: Exim stops with "Unexpected end of configuration file: .endif missing"`);
  }
  return result;
}

function appendPart(
  p: Pending,
  text: string,
  start: number,
  end: number,
  file: number,
  line: number,
  from?: Int32Array,
  to?: Int32Array,
): void {
  if (end <= start) return;
  p.parts.push(start === 0 && end === text.length ? text : stableSlice(text, start, end));
  if (!from || !to) {
    p.pieces.push({ at: p.length, length: end - start, file, line, character: start, exact: true, endCharacter: end });
  } else {
    // Text with macro replacements: group characters that map the same way.
    let i = start;
    while (i < end) {
      let j = i + 1;
      const exact = to[i] === from[i] + 1;
      if (exact) {
        while (j < end && to[j] === from[j] + 1 && from[j] === from[j - 1] + 1) j++;
      } else {
        while (j < end && from[j] === from[i] && to[j] === to[i]) j++;
      }
      p.pieces.push({ at: p.length + (i - start), length: j - i, file, line, character: from[i], exact, endCharacter: exact ? from[i] + (j - i) : to[i] });
      i = j;
    }
  }
  p.length += end - start;
}

/**
 * A line as Exim reads it when an editor's lines end in a lone CR: Exim splits only at LF, so
 * those lines are one, with each CR in the text.  Offsets in it map back to the editor's lines;
 * a CR maps to the end of the line it ends.
 */
export class JoinedLine {
  readonly text: string;
  /** The editor's lines it is made of. */
  readonly lines: number[] = [];
  /** Where each of those lines starts in `text`, and its length. */
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];

  constructor(all: readonly string[], first: number, loneCrEnds: ReadonlySet<number>) {
    const parts: string[] = [];
    let at = 0;
    for (let l = first; ; l++) {
      this.lines.push(l);
      this.starts.push(at);
      this.lengths.push(all[l].length);
      parts.push(all[l]);
      at += all[l].length;
      if (!loneCrEnds.has(l) || l + 1 >= all.length) break;
      parts.push('\r');
      at++;
    }
    this.text = parts.join('');
  }

  /** The index of the last of the lines that starts at or before `offset` (binary search). */
  private segment(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The editor position of an offset in `text` (offsets past the end stay on the last line). */
  at(offset: number): Position {
    const i = this.segment(offset);
    return { line: this.lines[i], character: Math.min(offset - this.starts[i], this.lengths[i]) };
  }

  /** Pieces made with offsets in `text` as columns, mapped to the editor's lines. */
  placePieces(pieces: readonly LinePiece[]): LinePiece[] {
    const out: LinePiece[] = [];
    for (const p of pieces) {
      if (!p.exact) {
        // Macro replacement text maps to the macro's name, which holds no CR.
        const s = this.at(p.character);
        const e = this.at(p.endCharacter);
        out.push({ ...p, line: s.line, character: s.character, endCharacter: e.line === s.line ? e.character : this.lengths[this.segment(p.character)] });
        continue;
      }
      let at = p.at;
      let c = p.character;
      let left = p.length;
      while (left > 0) {
        const i = this.segment(c);
        const inLine = c - this.starts[i];
        if (inLine >= this.lengths[i]) {
          // The CR that ends the line: no character of its own in the editor.
          out.push({ ...p, at, length: 1, line: this.lines[i], character: this.lengths[i], exact: false, endCharacter: this.lengths[i] });
          at++;
          c++;
          left--;
          continue;
        }
        const n = Math.min(left, this.lengths[i] - inLine);
        out.push({ ...p, at, length: n, line: this.lines[i], character: inLine, endCharacter: inLine + n });
        at += n;
        c += n;
        left -= n;
      }
    }
    return out;
  }
}

/** Re-bases pieces on the logical line after removing `lead` characters and cutting at `end`. */
function shiftPieces(pieces: LinePiece[], lead: number, end: number): LinePiece[] {
  const out: LinePiece[] = [];
  for (const p of pieces) {
    const s = Math.max(p.at, lead);
    const e = Math.min(p.at + p.length, end);
    if (e <= s) continue;
    const cut = s - p.at;
    out.push({
      ...p,
      at: s - lead,
      length: e - s,
      character: p.exact ? p.character + cut : p.character,
      endCharacter: p.exact ? p.character + cut + (e - s) : p.endCharacter,
    });
  }
  return out;
}

// ------------------------------------------------------------------ string identity across edits
//
// Re-reading an edited file splits it into new strings; the caches downstream (substitution,
// parsing, line memos) look lines up by their text, and V8 hashes a string object once.  Handing
// on the previous reading's string objects for the lines that did not change (and the same slice
// of each) keeps those look-ups from hashing every line again on every keystroke.

const previousLines = new Map<string, string[]>();

function reuseStrings(name: string, lines: string[]): void {
  if (!name) return;
  const old = previousLines.get(name);
  previousLines.delete(name);
  if (previousLines.size >= 32) previousLines.delete(previousLines.keys().next().value as string);
  previousLines.set(name, lines);
  if (!old) return;
  let a = 0;
  const n = Math.min(old.length, lines.length);
  while (a < n && old[a] === lines[a]) {
    lines[a] = old[a];
    a++;
  }
  let i = old.length - 1;
  let j = lines.length - 1;
  while (i >= a && j >= a && old[i] === lines[j]) lines[j--] = old[i--];
}

const slices = new Map<string, { start: number; end: number; slice: string }>();

function stableSlice(text: string, start: number, end: number): string {
  const hit = slices.get(text);
  if (hit && hit.start === start && hit.end === end) return hit.slice;
  const slice = text.slice(start, end);
  if (slices.size >= 100_000) slices.clear();
  slices.set(text, { start, end, slice });
  return slice;
}
