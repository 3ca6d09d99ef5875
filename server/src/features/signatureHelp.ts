// Signature help inside `${item{...}{...}}` and `${if cond{...}{...} {yes}{no}}`: how the item
// (or condition) is written, with the argument the cursor is in marked.  Worked out from the text
// before the cursor, so it works while the line is half typed and does not parse.

import type { Analysis } from '../analysis/analyse';
import { docFor, expansionCondition, expansionItem, type ExpansionConditionInfo } from '../facts';
import type { Position } from '../syntax/lines';
import { openExpansions, textBefore } from './cursorText';
import { conditionForm } from './describe';
import { docMarkdown, joinSections } from './markdown';

export interface SignatureHelp {
  /** How the item is written, e.g. `${sg{subject}{regex}{replacement}}`. */
  label: string;
  /** Markdown. */
  documentation?: string;
  /** Each argument as [start, end) offsets in the label. */
  parameters: [number, number][];
  activeParameter: number;
}

export function signatureHelp(analysis: Analysis, pos: Position): SignatureHelp | undefined {
  const t = textBefore(analysis, pos);
  if (!t) return undefined;
  const text = t.before;
  // From the innermost open `${` outwards: the first item whose arguments the cursor is in.
  for (const open of openExpansions(text).open.reverse()) {
    const help = itemHelp(text.slice(open + 2));
    if (help) return help;
  }
  return undefined;
}

/**
 * The brace groups after an item's name: how many began, and whether the text ends inside one.
 * `{` inside a group is counted for nesting only.
 */
function groups(text: string): { count: number; inside: boolean } {
  let depth = 0;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') {
      if (depth === 0) count++;
      depth++;
    } else if (c === '}') {
      depth = Math.max(0, depth - 1);
    }
  }
  return { count, inside: depth > 0 };
}

/** The index of the argument the end of `text` is in (or before), counting from 0. */
function activeIndex(text: string): number {
  const g = groups(text);
  return g.inside ? g.count - 1 : g.count;
}

function itemHelp(inner: string): SignatureHelp | undefined {
  const m = /^([a-z_0-9]+)/.exec(inner);
  if (!m) return undefined;
  const name = m[1];
  // (`${run,preexpand{...}}`: options after a comma come before the arguments.)
  const rest = inner.slice(name.length).replace(/^(,[a-z_]+)+/, '');
  if (name === 'if') return ifHelp(rest);
  const info = expansionItem(name);
  if (!info) return undefined;
  const doc = joinSections(docMarkdown(docFor('expansion', `item/${name}`)));
  const alternatives = info.form.split(' | ').map((f) => f.replace(/\s*\([^)]*\)\s*$/, ''));
  let form = alternatives[0];
  // Only once the arguments have begun (`${sg{`), not while the name is typed.
  const braced = /^\s*\{/.test(rest);
  if (name === 'lookup' && !braced) {
    if (!/^\s*[a-z0-9_*@,-]+\s*\{/.test(rest)) return undefined;
    form = alternatives[1] ?? form; // ${lookup TYPE {query}{yes}{no}}
  } else if (!braced) {
    return undefined;
  } else if (name === 'extract' && /^\s*\{\s*\d+\s*\}/.test(rest)) {
    form = alternatives[1] ?? form; // ${extract{number}{separators}{string}{yes}{no}}
  }
  let index = activeIndex(rest);
  const parameters = braceGroups(form);
  if (parameters.length === 0) return undefined;
  // `{arg}...`: every argument after the last named one is that one again.
  if (index >= parameters.length) {
    if (!/\.\.\./.test(form)) return undefined;
    index = parameters.length - 1;
  }
  return { label: form, documentation: doc || undefined, parameters, activeParameter: index };
}

/** `${if cond {a}{b} {yes}{no}}`: the condition's own form while in its arguments, else the if's. */
function ifHelp(rest: string): SignatureHelp | undefined {
  const m = /^\s+(!\s*)?([a-z_0-9<>=]+)/.exec(rest);
  const label = '${if condition {yes}{no}}';
  const ifParams: [number, number][] = [[5, 14], [15, 20], [20, 24]];
  const ifDoc = joinSections(docMarkdown(docFor('expansion', 'item/if'))) || undefined;
  if (!m) return /^\s*$/.test(rest) && rest.length > 0 ? { label, documentation: ifDoc, parameters: ifParams, activeParameter: 0 } : undefined;
  const cond = expansionCondition(m[2]);
  const after = rest.slice(m[0].length);
  if (!cond) return { label, documentation: ifDoc, parameters: ifParams, activeParameter: 0 };
  const own = conditionArgs(cond);
  const g = groups(after);
  const index = activeIndex(after);
  if (index < own) {
    const form = conditionForm(cond);
    return { label: form, documentation: joinSections(docMarkdown(cond.doc)) || undefined, parameters: braceGroups(form), activeParameter: index };
  }
  if (g.count === 0 && !/\s$/.test(after) && !after.includes('{')) return undefined; // still typing the name
  const active = 1 + index - own;
  return active <= 2 ? { label, documentation: ifDoc, parameters: ifParams, activeParameter: active } : undefined;
}

/** How many brace groups a condition takes before {yes}{no} (combinators: one, holding the list). */
function conditionArgs(c: ExpansionConditionInfo): number {
  if (c.shape === 'def') return 0;
  if (c.shape === 'combinators' || c.shape === 'acl') return 1;
  const form = conditionForm(c).replace(/\.\.\./g, '');
  return braceGroups(form).length;
}

/** The top-level `{...}` groups of a form, as offsets (nested ones are part of their group). */
function braceGroups(form: string): [number, number][] {
  const out: [number, number][] = [];
  let depth = 0;
  let start = 0;
  // Skip the item's own `${` and closing `}`.
  const body = form.startsWith('${') ? 2 : 0;
  const end = form.startsWith('${') ? form.lastIndexOf('}') : form.length;
  for (let i = body; i < end; i++) {
    if (form[i] === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (form[i] === '}') {
      depth--;
      if (depth === 0) out.push([start, i + 1]);
    }
  }
  return out;
}
