// Selection ranges ("expand selection"): from the word under the cursor to the part of the line
// it is in (a name, a value), the logical line, the ACL statement, the instance, the section.

import type { Analysis } from '../analysis/analyse';
import type { ConfigLine, Section } from '../syntax/document';
import type { Position, Range } from '../syntax/lines';
import type { Span } from '../syntax/tree';
import { locate } from './locate';

export interface SelectionRange {
  range: Range;
  parent?: SelectionRange;
}

const WORD = /[A-Za-z0-9_.+\-@$/]/;

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function containsRange(outer: Range, inner: Range): boolean {
  return !before(inner.start, outer.start) && !before(outer.end, inner.end);
}

function same(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** The parts of a line's node, as spans of its text (any order). */
function parts(line: ConfigLine): Span[] {
  const n = line.node;
  const out: (Span | undefined)[] = [];
  switch (n.kind) {
    case 'option':
      out.push(n.hide, n.name, n.value);
      break;
    case 'namedList':
      out.push(n.hide, n.keyword, n.name, n.value);
      break;
    case 'macro':
      out.push(n.name, n.value);
      break;
    case 'instanceHeader':
    case 'aclHeader':
      out.push(n.name);
      break;
    case 'aclStatement':
      out.push(n.verb, n.condition, n.condition?.name, n.condition?.variable, n.condition?.value);
      break;
    case 'retry':
      out.push(n.pattern, n.error, n.senders, ...n.tail.filter((t) => t.kind === 'item'));
      break;
    case 'rewrite':
      out.push(n.key, n.replacement, n.flags);
      break;
    case 'begin':
      out.push(n.keyword, n.name);
      break;
    default:
      break;
  }
  return out.filter((s): s is Span => s !== undefined && s.end > s.start);
}

function lineRange(line: ConfigLine): Range {
  return line.map.range(0, line.text.length);
}

function sectionOfLine(analysis: Analysis, line: ConfigLine): Section | undefined {
  return analysis.document.sections.find((s) => s.lines.includes(line));
}

/** The chain of ranges around one position, innermost first. */
export function selectionRange(analysis: Analysis, pos: Position): SelectionRange {
  const chain: Range[] = [];
  const at = locate(analysis, pos);
  if (at) {
    const { line, offset } = at;
    const text = line.text;
    // The word under the cursor.
    let s = offset;
    let e = offset;
    while (s > 0 && WORD.test(text[s - 1])) s--;
    while (e < text.length && WORD.test(text[e])) e++;
    if (e > s) chain.push(line.map.range(s, e));
    // The parts of the line that hold the position, smallest first.
    const around = parts(line)
      .filter((p) => offset >= p.start && offset <= p.end)
      .sort((a, b) => a.end - a.start - (b.end - b.start));
    for (const p of around) chain.push(line.map.range(p.start, p.end));
    chain.push(lineRange(line));
    const inst = line.instance;
    if (inst) {
      const st = inst.statements.find((x) => x.lines.includes(line));
      if (st && st.lines.length > 1) chain.push({ start: lineRange(st.lines[0]).start, end: lineRange(st.lines[st.lines.length - 1]).end });
      const last = inst.lines.length ? inst.lines[inst.lines.length - 1] : inst.header;
      if (inst.header.map.fileOf(0) === 0 && last.map.fileOf(0) === 0) chain.push({ start: lineRange(inst.header).start, end: lineRange(last).end });
    }
    const section = sectionOfLine(analysis, line);
    if (section) {
      const own = section.lines.filter((l) => l.map.fileOf(0) === 0);
      if (own.length) chain.push({ start: lineRange(own[0]).start, end: lineRange(own[own.length - 1]).end });
    }
  }
  if (chain.length === 0) chain.push({ start: pos, end: pos });
  // Innermost first, each containing the one before; drop repeats.
  const kept: Range[] = [];
  for (const r of chain) {
    const prev = kept[kept.length - 1];
    if (prev && (same(prev, r) || !containsRange(r, prev))) continue;
    kept.push(r);
  }
  let result: SelectionRange | undefined;
  for (let i = kept.length - 1; i >= 0; i--) result = { range: kept[i], parent: result };
  return result!;
}
