// The items of the main option log_selector (`+name` turns a log field or line on, `-name` off):
// hover on an item says what it logs and whether Exim logs it by default; completion offers the
// names not written yet.

import { logSelectorItems } from '../analysis/values';
import { docFor, isLogSelector, logSelectorNames, type Doc } from '../facts';
import type { Range } from '../syntax/lines';
import type { CompletionItem } from './completion';
import type { HoverContext, HoverResult } from './hover';
import { codeSpan, docMarkdown, joinSections } from './markdown';

/** A log selector's doc: the usual fields, and whether Exim logs it when log_selector is not set. */
type SelectorDoc = Doc & { default?: boolean };

const selectorDoc = (name: string) => docFor('log-selectors', name) as SelectorDoc | undefined;

export function logSelectorHover(ctx: HoverContext): HoverResult | undefined {
  const node = ctx.line.node;
  if (node.kind !== 'option' || ctx.line.section !== 'main' || node.name.text !== 'log_selector' || !node.value) return undefined;
  const value = node.value;
  const at = ctx.offset - value.start;
  const item = logSelectorItems(value.text).items.find((i) => at >= i.start && at <= i.end);
  if (!item) return undefined;
  const sign = value.text[item.start];
  const doc = selectorDoc(item.name);
  const parts = [`**Log selector** ${codeSpan(value.text.slice(item.start, item.end))}`];
  if (!doc) {
    parts.push(isLogSelector(item.name) ? `Turns ${codeSpan(item.name)} ${sign === '+' ? 'on' : 'off'}.` : 'Exim knows no log selector of this name; see the diagnostic.');
  } else {
    parts.push(...docMarkdown(doc, [effect(item.name, sign, doc)]));
  }
  return { contents: joinSections(parts), range: ctx.line.map.range(value.start + item.start, value.start + item.end) };
}

/** What this item changes, given the default. */
function effect(name: string, sign: string, doc: SelectorDoc): string {
  if (name === 'all') return sign === '+' ? 'Here: every selector is turned on.' : 'Here: every selector is turned off, the default ones too.';
  if (doc.default === undefined) return '';
  if (sign === '+') return doc.default ? '**On by default**, so `+' + name + '` changes nothing.' : '**Off by default**; this turns it on.';
  return doc.default ? '**On by default**; this turns it off.' : '**Off by default**, so `-' + name + '` changes nothing.';
}

/** Completion in a log_selector value: after `+`/`-` the names, elsewhere `+name` items. */
export function logSelectorCompletion(value: string, typed: (length: number) => Range): CompletionItem[] | undefined {
  const m = /(?:^|\s)([+-]?)([A-Za-z0-9_]*)$/.exec(value);
  if (!m) return undefined;
  const [, sign, word] = m;
  const written = new Set(logSelectorItems(value.slice(0, value.length - word.length - sign.length)).items.map((i) => i.name));
  return logSelectorNames()
    .filter((n) => !written.has(n))
    .map((name): CompletionItem => {
      const doc = selectorDoc(name);
      const label = sign ? name : `+${name}`;
      const state = doc?.default === undefined ? '' : doc.default ? ' · on by default' : ' · off by default';
      return {
        label,
        kind: 'value',
        detail: `log selector${state}`,
        documentation: doc ? joinSections(docMarkdown(doc)) : undefined,
        range: typed(word.length),
        // Default-off names first after "+", default-on ones first after "-".
        sortText: `${(sign === '-') === !!doc?.default ? 0 : 1}${name}`,
      };
    });
}
