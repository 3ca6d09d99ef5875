// A list that chooses its separator with `<X` but still separates items with " : ", as in
// `hosts = <; 10.0.0.1 : ::1`: Exim splits only at the chosen separator, so it sees one item,
// "10.0.0.1 : ::1", which matches neither address (exim -be: match_ip gives "no" for both).

import type { ConfigLine } from '../syntax/document';
import type { CheckContext } from './context';
import type { LineDiagnostic } from './diagnostic';
import { LineMemo, lineContext } from './lineMemo';
import { listValue, splitList } from './lists';

const cache = new LineMemo<LineDiagnostic[]>();

export function checkMixedSeparators(ctx: CheckContext): void {
  for (const line of ctx.doc.lines) {
    if (!/<[!-/;-@[-`{-~]/.test(line.text) || !line.text.includes(' : ')) continue;
    for (const d of cache.get(line, lineContext(line), () => lineFindings(line))) ctx.report(line, d);
  }
}

function lineFindings(line: ConfigLine): LineDiagnostic[] {
  const list = listValue(line);
  if (!list) return [];
  const m = /^\s*<([!-/;-@[-`{-~])/.exec(list.text);
  if (!m) return [];
  const sep = m[1];
  const out: LineDiagnostic[] = [];
  for (const item of splitList(list.text)) {
    // Regular expressions and lookups have their own syntax, where " : " may mean something.
    if (item.text.includes('$') || /^(!\s*)?(\^|\\N|[\w*@-]+;)/.test(item.text) || !/\S\s+:\s+\S/.test(item.text)) continue;
    const start = list.offsets[item.start];
    const end = list.offsets[Math.min(item.end, list.offsets.length - 1)];
    out.push({
      start,
      end,
      code: 'list-mixed-separator',
      message: `this list separates its items with "${sep}" (it starts with "<${sep}"), so "${item.text}" is one item, and " : " inside it separates nothing: write "${item.text.split(/\s+:\s+/).join(` ${sep} `)}"`,
      fixes: [{ title: `Separate with "${sep}"`, edits: [{ start, end, newText: item.text.split(/\s+:\s+/).join(` ${sep} `) }] }],
    });
  }
  return out;
}
