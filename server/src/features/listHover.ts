// Hover on the items of domain, host, address and local part lists (option values, ACL
// conditions, named lists): lookups such as `partial-lsearch;/etc/domains` or `net24-dbm;/x`
// explain their type, and `+name` shows the named list it stands for.

import { listValue, lookupInItem, splitList } from '../analysis/lists';
import { docFor, namedListKind, parseLookupType, type ListKind } from '../facts';
import type { ConfigLine } from '../syntax/document';
import type { Range } from '../syntax/lines';
import { lookupMarkdown } from './describe';
import type { HoverContext, HoverResult } from './hover';
import { docMarkdown, joinSections, codeSpan } from './markdown';
import { namedListMarkdown } from './optionHover';

export function listHover(ctx: HoverContext): HoverResult | undefined {
  const list = listValue(ctx.line);
  if (!list) return undefined;
  const { offsets } = list;
  if (ctx.offset < offsets[0] || ctx.offset > offsets[offsets.length - 1]) return undefined;
  let index = 0;
  for (let i = 0; i < offsets.length; i++) if (offsets[i] <= ctx.offset) index = i;
  const at = (i: number) => offsets[Math.min(i, offsets.length - 1)];
  return listItemHover(ctx, list.kind, list.text, index, (s, e) => ctx.line.map.range(at(s), e > s ? at(e - 1) + 1 : at(s)));
}

/** Hover on the item of a list text at `index` (offsets of the list text; `range` maps them). */
export function listItemHover(ctx: HoverContext, kind: ListKind, text: string, index: number, range: (start: number, end: number) => Range): HoverResult | undefined {
  const item = splitList(text).find((it) => index >= it.start && index <= it.end);
  if (!item) return undefined;
  const lookup = lookupInItem(item, kind);
  if (lookup) {
    const from = lookup.start - (lookup.netPrefix?.length ?? 0);
    if (index < from || index > lookup.end) return undefined;
    const md = lookupSpecMarkdown(lookup.spec, lookup.netPrefix);
    return md ? { contents: md, range: range(from, lookup.end) } : undefined;
  }
  const ref = /^(!\s*)?\+([A-Za-z0-9_]+)$/.exec(item.text);
  if (ref) {
    const start = item.start + (ref[1]?.length ?? 0);
    const def = namedListDefinition(ctx.analysis.document.lines, kind, ref[2]);
    if (def) return { contents: namedListMarkdown(ctx.analysis.document, def, ctx.line), range: range(start, item.end) };
    return {
      contents: joinSections([`**named list reference** ${codeSpan('+' + ref[2])}`, `No ${kind === 'localpart' ? 'local part' : kind} list of this name is defined in this configuration.`, ...docMarkdown(docFor('sections', 'syntax/list-reference'))]),
      range: range(start, item.end),
    };
  }
  return undefined;
}

function namedListDefinition(lines: ConfigLine[], kind: ListKind, name: string): ConfigLine | undefined {
  return lines.find((l) => l.node.kind === 'namedList' && l.node.name?.text === name && namedListKind(l.node.keyword.text) === kind);
}

/** A decorated lookup type (`partial2-lsearch*@,ret=full`) explained. */
export function lookupSpecMarkdown(spec: string, netPrefix?: string): string | undefined {
  const r = parseLookupType(spec);
  if (!r.type) return undefined;
  return lookupMarkdown(r.type, { partial: r.partial, star: r.star, options: r.options, netPrefix }, (key) => docFor('lookups', key));
}
