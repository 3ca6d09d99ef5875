// Hover inside the values Exim expands: items (`${if`, `${lookup` ...), operators (`${lc:`,
// `${hash_3:`), conditions (`eq`, `match_ip`, `def:` ...), variables (`$local_part`, `$h_subject:`,
// `$acl_m_x`, `$1`), lookup types (`partial-lsearch*@`), `fail` and `\N`. Also lookups and `+name`
// references in the lists of `match_domain` and friends.

import { buildGaps } from '../analysis/build';
import { lineExpansions, lineOffset, type ExpandedValue } from '../analysis/expansions';
import { walkExpansion, type WalkNode } from '../analysis/expansionWalk';
import {
  docFor,
  expansionCondition,
  expansionConditionListKind,
  expansionItem,
  expansionVariable,
  resolveOperator,
} from '../facts';
import type { Range } from '../syntax/lines';
import type { Token } from '../syntax/tree';
import { expansionConditionMarkdown, itemMarkdown, operatorMarkdown, variableMarkdown } from './describe';
import type { HoverContext, HoverResult } from './hover';
import { listItemHover, lookupSpecMarkdown } from './listHover';
import { codeSpan, docMarkdown, joinSections } from './markdown';

/** The index in the expanded value of a line offset (the end counts), or undefined outside it. */
export function valueIndex(v: ExpandedValue, offset: number): number | undefined {
  const last = lineOffset(v, v.text.length);
  if (offset < lineOffset(v, 0) || offset > last) return undefined;
  if (!v.offsets) return offset - v.base;
  let best = 0;
  for (let i = 0; i <= v.text.length; i++) if (lineOffset(v, i) <= offset) best = i;
  return best;
}

export function expansionHover(ctx: HoverContext): HoverResult | undefined {
  for (const v of lineExpansions(ctx.line)) {
    const r = valueHover(ctx, v);
    if (r) return r;
  }
  return undefined;
}

function valueHover(ctx: HoverContext, v: ExpandedValue): HoverResult | undefined {
  if (!v.nodes) return undefined;
  const i = valueIndex(v, ctx.offset);
  if (i === undefined) return undefined;
  const range = (start: number, end: number) => ctx.line.map.range(lineOffset(v, start), end > start ? lineOffset(v, end - 1) + 1 : lineOffset(v, start));
  const inside = (t: { start: number; end: number }) => i >= t.start && i <= t.end;
  let found: HoverResult | undefined;
  let foundNode: WalkNode | undefined;
  walkExpansion(v.nodes, (n: WalkNode) => {
    const r = nodeHover(v, n, i, inside, range, ctx);
    if (r) {
      found = r; // the innermost node wins (children are visited after their parents)
      foundNode = n;
    }
  });
  const lack = found && foundNode ? buildLack(ctx, foundNode) : undefined;
  return found && lack ? { ...found, contents: joinSections([found.contents, lack]) } : found;
}

/** A note when the Exim of the file's build lacks the name hovered (not built with its feature). */
function buildLack(ctx: HoverContext, n: WalkNode): string | undefined {
  const macro = lackKey(n) && buildGaps(ctx.analysis.document.macros.builtinEntries).expansion.get(lackKey(n)!);
  return macro ? `**Not in this build of Exim**: its built-in macros have no ${codeSpan(macro)}, so it does not know this name and an expansion that uses it fails.` : undefined;
}

/** The node's name as BuildGaps.expansion keys it (`variables/dmarc_status`). */
function lackKey(n: WalkNode): string | undefined {
  switch (n.kind) {
    case 'variable':
      return `variables/${n.name.text}`;
    case 'item':
      return `items/${n.name.text}`;
    case 'condition':
      return `conditions/${n.name.text}`;
    case 'operator': {
      const r = resolveOperator(n.name.text);
      return 'operator' in r ? `operators/${r.operator.name}` : undefined;
    }
    default:
      return undefined;
  }
}

function nodeHover(
  v: ExpandedValue,
  n: WalkNode,
  i: number,
  inside: (t: { start: number; end: number }) => boolean,
  range: (start: number, end: number) => Range,
  ctx: HoverContext,
): HoverResult | undefined {
  switch (n.kind) {
    case 'variable': {
      if (!inside(n)) return undefined;
      const info = expansionVariable(n.name.text);
      if (/^\d+$/.test(n.name.text) && !info) return undefined;
      if (!info) return undefined;
      return { contents: variableMarkdown(info, n.name.text), range: range(n.start, n.end) };
    }
    case 'item': {
      const nameSpan = { start: n.start, end: n.name.end };
      if (inside(nameSpan)) {
        const info = expansionItem(n.name.text);
        return info ? { contents: itemMarkdown(info), range: range(n.start, n.name.end) } : undefined;
      }
      if (n.lookupType && inside(n.lookupType)) return lookupHover(n.lookupType, range);
      for (const a of n.args) {
        if (a.kind === 'fail' && inside(a)) {
          return { contents: joinSections(['**fail**', ...docMarkdown(docFor('expansion', 'syntax/fail'))]), range: range(a.start, a.end) };
        }
      }
      return undefined;
    }
    case 'operator': {
      if (!inside({ start: n.start, end: n.name.end })) return undefined;
      const r = resolveOperator(n.name.text);
      return 'operator' in r ? { contents: operatorMarkdown(r.operator, n.name.text), range: range(n.start, n.name.end + 1) } : undefined;
    }
    case 'condition': {
      if (n.defName && inside(n.defName) && n.defName.text) {
        const info = expansionVariable(n.defName.text.replace(/^\$/, ''));
        return info ? { contents: variableMarkdown(info, n.defName.text.replace(/^\$/, '')), range: range(n.defName.start, n.defName.end) } : undefined;
      }
      if (inside({ start: n.start, end: n.name.end })) {
        const info = expansionCondition(n.name.text);
        return info ? { contents: expansionConditionMarkdown(info, n.negated), range: range(n.name.start, n.name.end) } : undefined;
      }
      const kind = expansionConditionListKind(n.name.text);
      const arg = n.args[1];
      if (kind && arg && i > arg.start && i < arg.end) {
        return listItemHover(ctx, kind, v.text.slice(arg.start + 1, arg.end - 1), i - (arg.start + 1), (s, e) => range(arg.start + 1 + s, arg.start + 1 + e));
      }
      return undefined;
    }
    case 'protected': {
      if (i < n.start || i > n.start + 2) return undefined;
      return { contents: joinSections([`**${codeSpan('\\N')}**`, ...docMarkdown(docFor('expansion', 'syntax/N'))]), range: range(n.start, n.start + 2) };
    }
    default:
      return undefined;
  }
}

function lookupHover(type: Token, range: (start: number, end: number) => Range): HoverResult | undefined {
  const r = lookupSpecMarkdown(type.text);
  return r ? { contents: r, range: range(type.start, type.end) } : undefined;
}
