// What must hold for any analysis of any text, and for the editor features asked about any
// position: the properties the fuzzing and pathological tests check.  Each check returns the list
// of violations (empty when all is well), so that a failing case can say everything wrong at once.

import type { Analysis } from '../../server/src/analysis/analyse';
import { isKnownCode } from '../../server/src/analysis/codes';
import type { Diagnostic, TextEdit } from '../../server/src/analysis/diagnostic';
import { codeActions } from '../../server/src/features/codeActions';
import { signatureHelp } from '../../server/src/features/signatureHelp';
import { completion } from '../../server/src/features/completion';
import { foldingRanges } from '../../server/src/features/folding';
import { hover } from '../../server/src/features/hover';
import { inlayHints } from '../../server/src/features/inlayHints';
import { locate } from '../../server/src/features/locate';
import { documentLinks } from '../../server/src/features/links';
import { definition, documentHighlights, prepareRename, references, rename, type FileLocation } from '../../server/src/features/navigation';
import { selectionRange, type SelectionRange } from '../../server/src/features/selection';
import { documentSymbols, workspaceSymbols, type DocumentSymbol } from '../../server/src/features/symbols';
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
        else {
          // The hovered thing is on the logical line under the cursor (a provider may answer for
          // the word next to the cursor, as the `!` before a condition, so not always under it).
          // (On a directive line, which is no logical line, the physical line.)
          const own = locate(a, pos)?.line.map.pieces.filter((p) => p.file === 0).map((p) => p.line) ?? [pos.line];
          const [first, last] = own.reduce(([lo, hi], l) => [Math.min(lo, l), Math.max(hi, l)], [Infinity, -Infinity]);
          if (h.range.start.line < first || h.range.end.line > last) out.push(`hover ${at}: its range ${JSON.stringify(h.range)} is not on the line under the cursor`);
        }
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
  const locations = (what: string, ls: FileLocation[]) => {
    if (!Array.isArray(ls)) return out.push(`${what}: not an array`);
    for (const l of ls) {
      const bad = files[l.file] ? badRange(l.range, files[l.file]) : `unknown file ${l.file}`;
      if (bad) out.push(`${what}: ${bad}`);
    }
  };
  for (const pos of positions) {
    const at = `at ${pos.line}:${pos.character}`;
    const items = completion(a, pos);
    if (items !== undefined) {
      if (!Array.isArray(items)) out.push(`completion ${at}: not an array`);
      else
        for (const i of items) {
          if (typeof i.label !== 'string' || i.label === '') out.push(`completion ${at}: an item without a label`);
          const bad = badRange(i.range, lines);
          if (bad) out.push(`completion ${at} "${i.label}": ${bad}`);
          else if (before(pos, i.range.start) || before(i.range.end, pos)) out.push(`completion ${at} "${i.label}": its range ${JSON.stringify(i.range)} does not contain the position`);
        }
    }
    const sig = signatureHelp(a, pos);
    if (sig !== undefined) {
      if (sig.label === '' || sig.parameters.length === 0) out.push(`signature help ${at}: empty`);
      if (sig.parameters.some(([s, e]) => s < 0 || e > sig.label.length || s >= e)) out.push(`signature help ${at}: a parameter outside its label ${JSON.stringify(sig)}`);
      if (sig.activeParameter < 0 || sig.activeParameter >= sig.parameters.length) out.push(`signature help ${at}: active parameter ${sig.activeParameter} of ${sig.parameters.length}`);
    }
    locations(`definition ${at}`, definition(a, pos));
    locations(`references ${at}`, references(a, pos, true));
    for (const h of documentHighlights(a, pos)) {
      const bad = badRange(h.range, lines);
      if (bad) out.push(`highlight ${at}: ${bad}`);
    }
    const prepared = prepareRename(a, pos);
    if ('range' in prepared) {
      const bad = badRange(prepared.range, lines);
      if (bad) out.push(`prepareRename ${at}: ${bad}`);
      const r = rename(a, pos, 'RENAMED_X');
      if ('edits' in r) locations(`rename ${at}`, r.edits);
    } else if (typeof prepared.error !== 'string' || prepared.error === '') out.push(`prepareRename ${at}: neither a range nor an error`);
    // Selection ranges: each contains the position and sits inside its parent.
    let sel: SelectionRange | undefined = selectionRange(a, pos);
    let outer: SelectionRange | undefined;
    for (let depth = 0; sel && depth < 50; depth++, outer = sel, sel = sel.parent) {
      const bad = badRange(sel.range, lines);
      if (bad) {
        if (pos.line < lines.length && pos.character <= lines[pos.line].length) out.push(`selection ${at}: ${bad}`);
        break;
      }
      if (outer && (before(outer.range.start, sel.range.start) || before(sel.range.end, outer.range.end))) out.push(`selection ${at}: a range does not contain the one inside it`);
    }
  }
  const symbols = (what: string, list: DocumentSymbol[]) => {
    for (const sym of list) {
      if (typeof sym.name !== 'string') out.push(`${what}: a symbol without a name`);
      for (const r of [sym.range, sym.selectionRange]) {
        const bad = badRange(r, lines);
        if (bad) out.push(`${what} "${sym.name}": ${bad}`);
      }
      if (before(sym.selectionRange.start, sym.range.start) || before(sym.range.end, sym.selectionRange.end)) out.push(`${what} "${sym.name}": its selection range is outside its range`);
      symbols(`${what} > ${sym.name}`, sym.children);
    }
  };
  symbols('document symbols', documentSymbols(a));
  for (const w of workspaceSymbols(a, '')) {
    const bad = files[w.file] ? badRange(w.range, files[w.file]) : `unknown file ${w.file}`;
    if (bad) out.push(`workspace symbol "${w.name}": ${bad}`);
  }
  for (const f of foldingRanges(a)) {
    if (!(f.startLine >= 0 && f.startLine <= f.endLine && f.endLine < lines.length)) out.push(`folding range ${f.startLine}-${f.endLine} (of ${lines.length} lines)`);
  }
  for (const l of documentLinks(a)) {
    const bad = badRange(l.range, lines);
    if (bad) out.push(`document link: ${bad}`);
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
