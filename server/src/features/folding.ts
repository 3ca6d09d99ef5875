// Folding ranges of the analysed file: sections, instances (routers, transports, authenticators,
// ACLs), ACL statements and logical lines that span several lines, .ifdef blocks (each branch
// folds on its own), and runs of comment lines.

import type { Analysis } from '../analysis/analyse';
import type { ConfigLine } from '../syntax/document';

export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

/** First and last physical line of a logical line in the analysed file (undefined elsewhere). */
function lines(line: ConfigLine): [number, number] | undefined {
  const own = line.map.pieces.filter((p) => p.file === 0);
  if (own.length === 0) return undefined;
  return [own[0].line, own[own.length - 1].line];
}

export function foldingRanges(analysis: Analysis): FoldingRange[] {
  const doc = analysis.document;
  const out: FoldingRange[] = [];
  const add = (startLine: number, endLine: number, kind?: FoldingRange['kind']) => {
    if (endLine > startLine) out.push(kind ? { startLine, endLine, kind } : { startLine, endLine });
  };

  // Sections: from their begin line to the last line Exim reads in them (the main section, which
  // has no begin line, does not fold).
  for (const section of doc.sections) {
    if (!section.begin || section.begin.map.fileOf(0) !== 0) continue;
    let first: number | undefined;
    let last: number | undefined;
    for (const line of section.lines) {
      const l = lines(line);
      if (!l) continue;
      first ??= l[0];
      last = l[1];
    }
    if (first !== undefined && last !== undefined) add(first, last);
  }

  // Instances, the ones in skipped lines too, and their multi-line ACL statements.
  const seen = new Set<object>();
  for (const line of doc.lines) {
    const inst = line.instance;
    if (!inst || seen.has(inst)) continue;
    seen.add(inst);
    const head = lines(inst.header);
    if (!head) continue;
    let end = head[1];
    for (const l of inst.lines) {
      const r = lines(l);
      if (r) end = Math.max(end, r[1]);
    }
    add(head[0], end);
    for (const st of inst.statements) {
      const a = lines(st.lines[0]);
      const b = lines(st.lines[st.lines.length - 1]);
      if (a && b) add(a[0], b[1]);
    }
  }

  // Logical lines continued over several lines.
  for (const line of doc.lines) {
    const l = lines(line);
    if (l) add(l[0], l[1]);
  }

  // .ifdef blocks: each branch from its directive to the line before the next one.
  const stack: number[] = [];
  for (const d of doc.read.directives) {
    if (d.file !== 0 || d.node.kind !== 'conditional' || !d.node.accepted) continue;
    switch (d.node.directive) {
      case 'ifdef':
      case 'ifndef':
        stack.push(d.line);
        break;
      case 'elifdef':
      case 'elifndef':
      case 'else':
        if (stack.length) {
          add(stack.pop()!, d.line - 1);
          stack.push(d.line);
        }
        break;
      case 'endif':
        if (stack.length) add(stack.pop()!, d.line - 1);
        break;
    }
  }

  // Runs of comment lines.
  const text = doc.read.lines[0] ?? [];
  let run: number | undefined;
  for (let i = 0; i <= text.length; i++) {
    const comment = i < text.length && /^\s*#/.test(text[i]);
    if (comment) run ??= i;
    else if (run !== undefined) {
      add(run, i - 1, 'comment');
      run = undefined;
    }
  }

  // One range per start line (the widest), in order.
  const byStart = new Map<number, FoldingRange>();
  for (const r of out) {
    const had = byStart.get(r.startLine);
    if (!had || r.endLine > had.endLine) byStart.set(r.startLine, r);
  }
  return [...byStart.values()].sort((a, b) => a.startLine - b.startLine);
}
