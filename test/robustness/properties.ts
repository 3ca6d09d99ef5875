// What must hold for any analysis of any text, and for the editor features asked about any
// position: the properties the fuzzing and pathological tests check.  Each check returns the list
// of violations (empty when all is well), so that a failing case can say everything wrong at once.

import type { Analysis } from '../../server/src/analysis/analyse';
import { isKnownCode } from '../../server/src/analysis/codes';
import type { Diagnostic, TextEdit } from '../../server/src/analysis/diagnostic';
import { codeActions } from '../../server/src/features/codeActions';
import { hover } from '../../server/src/features/hover';
import { inlayHints } from '../../server/src/features/inlayHints';
import type { Position, Range } from '../../server/src/syntax/lines';

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);

/** The lines of a text as an LSP client counts them (written here independently of the engine). */
export function editorLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

const isPos = (p: unknown): p is Position =>
  typeof p === 'object' && p !== null && Number.isInteger((p as Position).line) && Number.isInteger((p as Position).character) && (p as Position).line >= 0 && (p as Position).character >= 0;

export const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);

/** Why a range is not a valid range of a document with these lines (undefined when it is). */
export function badRange(r: Range | undefined, lines: readonly string[]): string | undefined {
  if (!r || !isPos(r.start) || !isPos(r.end)) return `malformed range ${JSON.stringify(r)}`;
  if (before(r.end, r.start)) return `range ends before it starts ${JSON.stringify(r)}`;
  for (const p of [r.start, r.end]) {
    if (p.line >= lines.length) return `line ${p.line} is past the last line (${lines.length - 1})`;
    if (p.character > lines[p.line].length) return `character ${p.character} is past the end of line ${p.line} (length ${lines[p.line].length})`;
  }
  return undefined;
}

/** The lines of each file the analysis read (file 0 as the editor counts them). */
function fileLines(a: Analysis, text: string): string[][] {
  return a.document.read.files.map((f, i) => (i === 0 ? editorLines(text) : editorLines(f.text)));
}

function checkEdits(edits: TextEdit[], files: string[][], where: string, out: string[]): void {
  const byFile = new Map<number, TextEdit[]>();
  for (const e of edits) {
    if (!Number.isInteger(e.file) || !files[e.file]) {
      out.push(`${where}: edit in unknown file ${e.file}`);
      continue;
    }
    if (typeof e.newText !== 'string') out.push(`${where}: edit without text`);
    const bad = badRange(e.range, files[e.file]);
    if (bad) out.push(`${where}: edit ${bad}`);
    byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  }
  for (const list of byFile.values()) {
    const sorted = [...list].sort((x, y) => (before(x.range.start, y.range.start) ? -1 : before(y.range.start, x.range.start) ? 1 : 0));
    for (let i = 1; i < sorted.length; i++) {
      if (before(sorted[i].range.start, sorted[i - 1].range.end)) out.push(`${where}: edits overlap`);
    }
  }
}

/** Everything that must hold for the diagnostics of an analysis of `text`. */
export function checkDiagnostics(a: Analysis, text: string): string[] {
  const out: string[] = [];
  if (!Array.isArray(a.diagnostics)) return ['diagnostics is not an array'];
  const files = fileLines(a, text);
  a.diagnostics.forEach((d: Diagnostic, i) => {
    const where = `diagnostic ${i} [${d.code}] "${String(d.message).slice(0, 80)}"`;
    if (!Number.isInteger(d.file) || !files[d.file]) {
      out.push(`${where}: unknown file ${d.file}`);
      return;
    }
    const bad = badRange(d.range, files[d.file]);
    if (bad) out.push(`${where}: ${bad}`);
    if (!isKnownCode(d.code)) out.push(`${where}: unknown code`);
    if (!SEVERITIES.has(d.severity)) out.push(`${where}: bad severity ${d.severity}`);
    if (typeof d.message !== 'string' || d.message.trim() === '') out.push(`${where}: empty message`);
    for (const r of d.related ?? []) {
      if (!files[r.file]) out.push(`${where}: related information in unknown file ${r.file}`);
      else {
        const badR = badRange(r.range, files[r.file]);
        if (badR) out.push(`${where}: related information ${badR}`);
      }
    }
    for (const f of d.fixes ?? []) {
      if (typeof f.title !== 'string' || f.title.trim() === '') out.push(`${where}: fix without a title`);
      if (!Array.isArray(f.edits) || f.edits.length === 0) out.push(`${where}: fix "${f.title}" without edits`);
      else checkEdits(f.edits, files, `${where} fix "${f.title}"`, out);
    }
  });
  return out;
}

/** The editor features at `positions` (any positions, also past the end): well-formed answers. */
export function checkFeatures(a: Analysis, text: string, positions: readonly Position[]): string[] {
  const out: string[] = [];
  const files = fileLines(a, text);
  const lines = files[0];
  const diagnostics = new Set(a.diagnostics);
  for (const pos of positions) {
    const at = `at ${pos.line}:${pos.character}`;
    const h = hover(a, pos);
    if (h !== undefined) {
      if (typeof h.contents !== 'string' || h.contents.trim() === '') out.push(`hover ${at}: empty contents`);
      if (h.range) {
        const bad = badRange(h.range, lines);
        if (bad) out.push(`hover ${at}: ${bad}`);
        else if (before(pos, h.range.start) || before(h.range.end, pos)) out.push(`hover ${at}: its range ${JSON.stringify(h.range)} does not contain the position`);
      }
    }
    const end = { line: pos.line + Math.floor(pos.character % 3), character: pos.character + 5 };
    const actions = codeActions(a, { start: pos, end });
    if (!Array.isArray(actions)) out.push(`code actions ${at}: not an array`);
    else
      for (const c of actions) {
        if (typeof c.title !== 'string' || c.title.trim() === '') out.push(`code action ${at}: no title`);
        if (!diagnostics.has(c.diagnostic)) out.push(`code action ${at} "${c.title}": its diagnostic is not one of the analysis`);
        checkEdits(c.edits, files, `code action ${at} "${c.title}"`, out);
        if (c.edits.some((e) => e.file !== 0)) out.push(`code action ${at} "${c.title}": edits another file`);
      }
  }
  const lineCount = lines.length;
  for (const [from, to] of [[0, lineCount], [Math.floor(lineCount / 2), lineCount + 10], [lineCount + 5, lineCount + 100]]) {
    const hints = inlayHints(a, from, to);
    if (!Array.isArray(hints)) {
      out.push('inlay hints: not an array');
      continue;
    }
    for (const h of hints) {
      const bad = badRange({ start: h.position, end: h.position }, lines);
      if (bad) out.push(`inlay hint "${h.label}": ${bad}`);
      if (typeof h.label !== 'string' || h.label.trim() === '') out.push('inlay hint with an empty label');
    }
  }
  return out;
}

/** A spread of positions in a text: line starts and ends, inside lines, and past the end. */
export function samplePositions(text: string, count: number, seed: number): Position[] {
  const lines = editorLines(text);
  let x = seed >>> 0 || 1;
  const next = () => {
    // xorshift32: a small deterministic generator (the positions only need to be spread out)
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  const out: Position[] = [
    { line: 0, character: 0 },
    { line: lines.length - 1, character: lines[lines.length - 1].length },
    { line: lines.length, character: 0 },
    { line: lines.length + 1000, character: 3 },
    { line: 0, character: 100000 },
  ];
  for (let i = 0; i < count; i++) {
    const line = next() % lines.length;
    const len = lines[line].length;
    const kind = next() % 5;
    const character = kind === 0 ? 0 : kind === 1 ? len : kind === 2 ? len + 1 + (next() % 10) : next() % (len + 1);
    out.push({ line, character });
  }
  return out;
}
