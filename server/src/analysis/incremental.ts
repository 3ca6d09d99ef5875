// Re-analysis after an edit inside one line, without reading the whole file again.
//
// While a user types, the edit usually stays inside one physical line, and that line's logical
// line keeps its kind: an option stays an option, a retry rule a retry rule.  Then everything Exim's
// reader decides (sections, instances, macros, conditionals, continuations) is as before, and only
// that logical line is read and parsed again.  The checks all run again on the new document: they
// find the unchanged lines' results in their caches.
//
// Anything else - a line added or removed, a directive, a macro definition, a `begin`, an instance
// header, a `driver =` line, a change of continuation, includes, a configuration in pieces - takes
// the full path (analyse()).  The result is the same either way (test/analysis/incremental.test.ts).

import { LineMap, type LinePiece } from '../syntax/lines';
import { RULE_OF_SECTION, type ConfigDocument, type ConfigLine } from '../syntax/document';
import { MacroTable } from '../syntax/macros';
import { parseLine } from '../syntax/parse';
import { readConfig, type RawLogicalLine } from '../syntax/reader';
import { carryAclNamings } from './aclUse';
import { carryNameIndex } from './names';
import type { LineNode } from '../syntax/tree';

/** Node kinds whose change would change the document's structure (or the macro table). */
const STRUCTURAL = new Set<LineNode['kind']>(['begin', 'macro', 'macroMalformed', 'instanceHeader', 'aclHeader']);

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

/** How Exim's reader treats a physical line: skipped, a directive, or text (that may continue). */
function lineKind(line: string): 'blank' | 'comment' | 'directive' | 'continues' | 'ends' {
  let p = 0;
  while (p < line.length && isSpace(line.charCodeAt(p))) p++;
  if (p === line.length) return 'blank';
  const c = line.charCodeAt(p);
  if (c === 35 /* # */) return 'comment';
  if (c === 46 /* . */) return 'directive';
  let end = line.length;
  while (end > p && isSpace(line.charCodeAt(end - 1))) end--;
  return line.charCodeAt(end - 1) === 92 /* \ */ ? 'continues' : 'ends';
}

/** The logical line that physical line `line` of file 0 belongs to (the document has one file). */
function logicalLineAt(doc: ConfigDocument, line: number): ConfigLine | undefined {
  // doc.lines are in reading order, which for a single file is the order of their physical lines.
  const lines = doc.lines;
  let lo = 0;
  let hi = lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const map = lines[mid].map;
    if (map.pieces.length === 0 || map.lastLine < line) lo = mid + 1;
    else if (map.firstLine > line) hi = mid - 1;
    else return map.pieces.some((p) => p.line === line) ? lines[mid] : undefined;
  }
  return undefined;
}

/**
 * The previous document with the one changed line read again, or undefined when the edit is not
 * of the kind this handles.  The previous document's instances and sections are updated in place:
 * the previous analysis must not be used afterwards.
 */
export function reread(previous: ConfigDocument, text: string, builtinMacros: readonly string[], commandLineMacros?: Record<string, string>): ConfigDocument | undefined {
  const read = previous.read;
  if (read.files.length !== 1 || read.roots.length > 1 || !read.focusRead) return undefined;
  if (text.includes('\r') || text.includes('\u0000') || text.charCodeAt(0) === 0xfeff) return undefined;
  const oldLines = read.lines[0];
  const changed = changedLine(oldLines, text);
  if (!changed) return undefined;
  const newLines = oldLines.slice();
  newLines[changed.index] = changed.text;
  return rereadLine(previous, newLines, changed.index, builtinMacros, commandLineMacros);
}

/**
 * The one physical line in which `text` differs from `lines` (joined with LF), or undefined when
 * none or more than one does.  The unchanged lines are matched in place in `text` (no split, no
 * copies): an edit in a long file costs a comparison of its bytes.
 */
export function changedLine(lines: readonly string[], text: string): { index: number; text: string } | undefined {
  const last = lines.length - 1;
  let start = 0;
  let i = 0;
  for (; i < last; i++) {
    const line = lines[i];
    if (!text.startsWith(line, start) || text.charCodeAt(start + line.length) !== 10) break;
    start += line.length + 1;
  }
  let end = text.length;
  let j = last;
  for (; j > i; j--) {
    const line = lines[j];
    if (!text.endsWith(line, end) || text.charCodeAt(end - line.length - 1) !== 10) break;
    end -= line.length + 1;
  }
  if (j !== i || end < start) return undefined;
  const middle = text.slice(start, end);
  if (middle === lines[i] || middle.includes('\n')) return undefined;
  return { index: i, text: middle };
}

function rereadLine(previous: ConfigDocument, newLines: string[], changed: number, builtinMacros: readonly string[], commandLineMacros?: Record<string, string>): ConfigDocument | undefined {
  const read = previous.read;
  const oldLines = read.lines[0];

  const oldKind = lineKind(oldLines[changed]);
  const newKind = lineKind(newLines[changed]);
  // A comment stays a comment: nothing Exim reads has changed.
  if (oldKind === 'comment' && newKind === 'comment' && !read.macroUses.some((u) => u.file === 0 && u.line === changed)) {
    const document: ConfigDocument = { ...previous, read: { ...read, lines: [newLines] } };
    carryNameIndex(previous, document);
    carryAclNamings(previous, document);
    return document;
  }
  if (oldKind !== newKind || (oldKind !== 'continues' && oldKind !== 'ends')) return undefined;

  const old = logicalLineAt(previous, changed);
  if (!old || STRUCTURAL.has(old.node.kind)) return undefined;
  if (old.node.kind === 'option' && old.node.name.text === 'driver') return undefined;
  const first = old.map.firstLine;
  const last = old.map.lastLine;
  if (old.map.pieces.some((p) => p.file !== 0)) return undefined;
  for (let i = first; i <= last; i++) if (lineKind(newLines[i]) === 'directive') return undefined;

  // The macros defined before this line, as the reader had them there.
  const macros = new MacroTable(builtinMacros);
  for (const [name, value] of Object.entries(commandLineMacros ?? {})) macros.define(name, value);
  for (const d of previous.macroDefinitions) {
    if (d.line.index >= old.index) break;
    macros.define(d.name, d.node.value.text, d.line.index);
  }
  const got: RawLogicalLine[] = [];
  const slice = readConfig({ name: '', text: newLines.slice(first, last + 1).join('\n') }, macros, (l) => got.push(l));
  if (got.length !== 1 || slice.problems.length > 0 || slice.directives.length > 0) return undefined;
  const pieces: LinePiece[] = got[0].map.pieces.map((p) => ({ ...p, line: p.line + first }));
  if (pieces[0]?.line !== first || pieces[pieces.length - 1].line !== last) return undefined;
  if (pieces.length !== old.map.pieces.length || pieces.some((p, i) => p.line !== old.map.pieces[i].line)) return undefined;

  const node = parseLine(RULE_OF_SECTION[old.section], got[0].text);
  if (node.kind !== old.node.kind) return undefined;
  if (node.kind === 'option' && node.name.text === 'driver') return undefined;
  if (node.kind === 'aclStatement' && old.node.kind === 'aclStatement' && !node.verb !== !old.node.verb) return undefined;

  const line: ConfigLine = { index: old.index, text: got[0].text, map: new LineMap(pieces), section: old.section, node };
  if (old.instance) line.instance = old.instance;
  if (old.inactive) line.inactive = true;
  replaceLine(previous, old, line);

  // The line's macro uses replaced where they were, so that the list stays in reading order.
  const inLine = (u: { file: number; line: number }) => u.file === 0 && u.line >= first && u.line <= last;
  let at = read.macroUses.findIndex((u) => inLine(u) || (u.file === 0 && u.line > last));
  if (at < 0) at = read.macroUses.length;
  const macroUses = [...read.macroUses.slice(0, at).filter((u) => !inLine(u)), ...slice.macroUses.map((u) => ({ ...u, file: 0, line: u.line + first })), ...read.macroUses.slice(at).filter((u) => !inLine(u))];
  const document: ConfigDocument = {
    ...previous,
    lines: previous.lines.map((l) => (l === old ? line : l)),
    read: { ...read, lines: [newLines], macroUses },
  };
  carryNameIndex(previous, document, old, line);
  carryAclNamings(previous, document, old, line);
  return document;
}

/** Puts `line` where `old` was in the sections, instances and statements that hold it. */
function replaceLine(doc: ConfigDocument, old: ConfigLine, line: ConfigLine): void {
  const swap = (list: ConfigLine[]) => {
    const i = list.indexOf(old);
    if (i >= 0) list[i] = line;
  };
  if (!old.inactive) for (const s of doc.sections) if (s.name === old.section) swap(s.lines);
  const instance = old.instance;
  if (!instance) return;
  swap(instance.lines);
  for (const st of instance.statements) {
    const i = st.lines.indexOf(old);
    if (i < 0) continue;
    st.lines[i] = line;
    if (i === 0 && line.node.kind === 'aclStatement') st.verb = line.node.verb;
  }
}
