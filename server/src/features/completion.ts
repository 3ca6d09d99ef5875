// Completion: what may be written at the cursor, worked out from the text before it (the line may
// be half typed and not parse yet) and from the part of the configuration it is in (section,
// instance, driver, the ACL's type when the acl_smtp_* options say where it runs).
//
//   main section      main options (no_... only for booleans), named-list keywords, hide, begin
//   routers ...       generic options + the driver's own; driver names after `driver =`
//   ACLs              verbs at the start of a statement, conditions and modifiers after a verb
//                     (only those allowed where the ACL runs), control= and verify= values
//   retry             pattern, error names, senders=, F/G/H items (retryCompletion.ts)
//   rewrite           a rule snippet, * as replacement, flag letters (rewriteCompletion.ts)
//   values            $variables; ${items, operators; lookup types after ${lookup; conditions
//                     after ${if; ACL, transport and named-list names; macros; true/false
//   anywhere          `begin ` gives section names, `.` at the start of a line the directives
//   (names the Exim build lacks, when checked against a binary's built-in macros, are left out)

import { aclTypesOf } from '../analysis/aclUse';
import { buildGaps, lacksExpansionName, unusable, type BuildGaps } from '../analysis/build';
import type { Analysis } from '../analysis/analyse';
import {
  aclConditionListKind,
  aclConditions,
  aclControls,
  aclVerbs,
  aclVerifyType,
  aclVerifyTypes,
  calloutOptions,
  directives,
  docFor,
  driverNames,
  expansionConditions,
  expansionItems,
  expansionOperators,
  expansionVariables,
  isBooleanType,
  lookupTypes,
  namedListKind,
  optionsFor,
  privateOptions,
  ratelimitOptions,
  resolveOptionWord,
  sectionDoc,
  sectionNames,
  variablePatterns,
  type AclType,
  type DriverScope,
  type ExpansionConditionInfo,
  type ExpansionItemInfo,
  type ListKind,
  type OptionInfo,
  type OptionScope,
} from '../facts';
import { enumeratedValues } from '../facts/values';
import type { ConfigDocument, ConfigLine, Instance, SectionName } from '../syntax/document';
import type { Position, Range } from '../syntax/lines';
import {
  aclConditionMarkdown,
  aclControlMarkdown,
  aclVerbMarkdown,
  aclVerifyMarkdown,
  calloutOptionMarkdown,
  conditionForm,
  driverMarkdown,
  expansionConditionMarkdown,
  itemMarkdown,
  lookupMarkdown,
  operatorMarkdown,
  optionKind,
  optionMarkdown,
  optionTypeName,
  ratelimitOptionMarkdown,
  sectionMarkdown,
  sectionWord,
  variableMarkdown,
} from './describe';
import { openExpansions, textBefore } from './cursorText';
import { codeSpan, docMarkdown, joinSections } from './markdown';
import { logSelectorCompletion } from './logSelectors';
import { retryCompletion } from './retryCompletion';
import { rewriteCompletion } from './rewriteCompletion';

export type CompletionKind =
  | 'option'
  | 'keyword'
  | 'driver'
  | 'section'
  | 'verb'
  | 'condition'
  | 'modifier'
  | 'value'
  | 'variable'
  | 'item'
  | 'operator'
  | 'lookup'
  | 'macro'
  | 'reference'
  | 'directive';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  /** One line shown next to the label. */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** The text to insert (the label when absent); a snippet when `snippet` is set. */
  insertText?: string;
  snippet?: boolean;
  /** The text the insertion replaces (the word typed so far). */
  range: Range;
  filterText?: string;
  sortText?: string;
}

interface Context {
  analysis: Analysis;
  doc: ConfigDocument;
  pos: Position;
  /** The logical line up to the cursor, leading white space removed. */
  before: string;
  /** The text after the cursor on its physical line. */
  after: string;
  /** Whether the cursor's physical line continues an earlier one. */
  continued: boolean;
  section: SectionName;
  instance?: Instance;
  /** The line before the cursor's logical line, in reading order. */
  previous?: ConfigLine;
}

/** Completion items at a position of the analysed file (undefined: nothing to offer there). */
export function completion(analysis: Analysis, pos: Position): CompletionItem[] | undefined {
  // A position past the end of its line (a request made before an edit arrived) has nothing to
  // complete: the items' ranges would lie outside the document.
  const physical = analysis.document.read.lines[0]?.[pos.line];
  if (physical === undefined || pos.character < 0 || pos.character > physical.length) return undefined;
  const ctx = context(analysis, pos);
  if (!ctx) return undefined;
  return (
    directiveCompletion(ctx) ??
    beginCompletion(ctx) ??
    expansionCompletion(ctx) ??
    macroCompletion(ctx) ??
    (ctx.section === 'acls' ? aclCompletion(ctx) : undefined) ??
    (ctx.section === 'retrys' ? retryCompletion({ analysis, before: ctx.before, typed: (n) => typed(ctx, n) }) : undefined) ??
    (ctx.section === 'rewrites' ? rewriteCompletion({ before: ctx.before, typed: (n) => typed(ctx, n) }) : undefined) ??
    optionCompletion(ctx)
  );
}

// ------------------------------------------------------------------ context

function context(analysis: Analysis, pos: Position): Context | undefined {
  const doc = analysis.document;
  const t = textBefore(analysis, pos);
  if (!t) return undefined;
  const start = t.startLine;
  let previous: ConfigLine | undefined;
  for (const line of doc.lines) {
    const p = line.map.pieces[0];
    if (p && p.file === 0 && p.line >= start) break;
    previous = line;
  }
  const section = previous?.section ?? 'main';
  let instance = previous?.instance;
  if (previous?.node.kind === 'begin' || previous?.node.kind === 'macro') instance = undefined;
  const current = doc.read.lines[0][pos.line];
  return { analysis, doc, pos, before: t.before, after: current.slice(pos.character), continued: start < pos.line, section, instance, previous };
}

/** What the Exim build the file is checked against lacks: its names are not offered. */
function gapsOf(ctx: Context): BuildGaps {
  return buildGaps(ctx.doc.macros.builtinEntries);
}

/** Whether that Exim lacks an expansion name (not built, or newer than its release). */
function lacks(ctx: Context, kind: 'items' | 'operators' | 'conditions' | 'variables', name: string): boolean {
  return lacksExpansionName(ctx.doc.macros.builtinEntries, kind, name);
}

/** The range of the last `length` characters before the cursor (on its physical line). */
function typed(ctx: Context, length: number, extraAfter = 0): Range {
  return { start: { line: ctx.pos.line, character: Math.max(0, ctx.pos.character - length) }, end: { line: ctx.pos.line, character: ctx.pos.character + extraAfter } };
}

// ------------------------------------------------------------------ directives and sections

function directiveCompletion(ctx: Context): CompletionItem[] | undefined {
  const m = /^\.([a-z_]*)$/.exec(ctx.before);
  if (!m || ctx.continued) return undefined;
  return directives.map((d) => ({
    label: d.name,
    kind: 'directive',
    detail: d.syntax ?? (d.stack === 'push' ? `${d.name} MACRO` : d.name),
    insertText: d.name.slice(1),
    range: typed(ctx, m[1].length),
    filterText: d.name.slice(1),
  }));
}

function beginCompletion(ctx: Context): CompletionItem[] | undefined {
  const m = /^begin\s+([A-Za-z_]*)$/i.exec(ctx.before);
  if (!m || ctx.continued) return undefined;
  return sectionNames.map((s) => {
    return { label: sectionWord(s), kind: 'section', detail: sectionDoc(s)?.summary, documentation: sectionMarkdown(s, sectionDoc(s)), range: typed(ctx, m[1].length) };
  });
}

// ------------------------------------------------------------------ expansions

/** The innermost `${` not closed before the end of `text`, or -1 (also inside \N...\N, where nothing is expanded). */
function openExpansion(text: string): number {
  const { open, inText } = openExpansions(text);
  return inText || open.length === 0 ? -1 : open[open.length - 1];
}

/** Whether the character at `i` is escaped by a backslash. */
function escaped(text: string, i: number): boolean {
  let n = 0;
  for (let p = i - 1; p >= 0 && text[p] === '\\'; p--) n++;
  return n % 2 === 1;
}

function expansionCompletion(ctx: Context): CompletionItem[] | undefined {
  const b = ctx.before;
  // $name or ${name being typed
  const dollar = /\$(\{?)([A-Za-z0-9_]*)$/.exec(b);
  if (dollar && !escaped(b, dollar.index)) {
    return dollar[1] ? bracedCompletion(ctx, dollar[2]) : variableCompletion(ctx, dollar[2], false);
  }
  const open = openExpansion(b);
  if (open < 0) return undefined;
  const inner = b.slice(open + 2);
  // ${lookup{key} TYPE   or   ${lookup TYPE
  const lookup = /^lookup\s*(?:\{.*\}\s*)?([A-Za-z0-9_*@,()-]*)$/s.exec(inner);
  if (lookup && balanced(inner.slice(6, inner.length - lookup[1].length))) return lookupCompletion(ctx, lookup[1]);
  // a condition: after ${if, after ! in one, inside and{ {...} } / or{ }, after filter{list}{ or forall{list}{
  const cond = /(?:^if\s+|\{\s*)(!\s*)?([a-z_0-9]*)$/.exec(inner);
  if (cond && isConditionPlace(inner.slice(0, cond.index + cond[0].length - cond[2].length - (cond[1]?.length ?? 0)))) {
    return conditionCompletion(ctx, cond[2]);
  }
  return undefined;
}

/** Whether braces are balanced in a piece of text (for the {key} of a lookup). */
function balanced(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/** `inner` (the text after `${`) ends where a condition is expected. */
function isConditionPlace(inner: string): boolean {
  if (/^if\s+$/.test(inner)) return true;
  const t = inner.replace(/\s+$/, '');
  if (!t.endsWith('{')) return false;
  // and { {c1} {   /   or {   : the braces of a combinator's list
  if (/(?:^if\s+|[{\s])!?\s*(?:and|or)\s*\{(?:\s*\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\})*\s*\{$/.test(t)) return true;
  // filter{list}{  forall{list}{  forany_json{list}{
  return /(?:^filter|(?:forall|forany)(?:_jsons?)?)\s*\{(?:[^{}]|\{[^{}]*\})*\}\s*\{$/.test(t);
}

const SPECIAL_SNIPPETS: Record<string, string> = {
  if: '\\${if ${1:condition} {${2:yes}}{${3:no}}}',
  lookup: '\\${lookup{${1:key}}${2:lsearch}{${3:/path/to/file}}}',
  extract: '\\${extract{${1:key}}{${2:string}}}',
  run: '\\${run{${1:command}}}',
  acl: '\\${acl{${1:name}}}',
  perl: '\\${perl{${1:subroutine}}}',
  dlfunc: '\\${dlfunc{${1:file}}{${2:function}}}',
  readsocket: '\\${readsocket{${1:socket}}{${2:request}}}',
  filter: '\\${filter{${1:list}}{${2:condition}}}',
};

/** A snippet for an item, from its form: `${sg{subject}{regex}{replacement}}` -> placeholders. */
export function itemSnippet(i: ExpansionItemInfo): string {
  const special = SPECIAL_SNIPPETS[i.name];
  if (special) return special;
  let form = i.form.split(' | ')[0].replace(/\s*\([^)]*\)\s*$/, '');
  form = form.replace(/\[[^\]]*\]/g, '').replace(/\{\.\.\.\}|\.\.\./g, '');
  if (i.yesNo) form = form.replace(/\{yes\}\{no\}/, '');
  let n = 0;
  const inner = form.slice(2 + i.name.length, form.lastIndexOf('}'));
  const args = inner.replace(/\{([^{}]*)\}/g, (_m, word: string) => `{\${${++n}:${word.replace(/[$}\\]/g, '')}}}`);
  return `\\\${${i.name}${args}}`;
}

function conditionSnippet(c: ExpansionConditionInfo): string {
  let n = 0;
  const form = conditionForm(c).replace(/\s*\(.*\)\s*$/, '');
  switch (c.shape) {
    case 'def':
      return 'def:${1:variable}';
    case 'combinators':
      return `${c.name} {{\${1:condition}}{\${2:condition}}}`;
    case 'iterators':
      return `${c.name} {\${1:list}}{\${2:condition}}`;
    case 'no_arg':
      return c.name;
    default:
      return form.replace(/\[[^\]]*\]|\.\.\./g, '').replace(/\{([^{}]*)\}/g, (_m, word: string) => `{\${${++n}:${word}}}`);
  }
}

/** The `}` right after the cursor, when it closes the `${` being completed (an auto-closed brace). */
function closingBraceAfter(ctx: Context): number {
  if (!ctx.after.startsWith('}')) return 0;
  const line = ctx.before + ctx.after;
  let opens = 0;
  let closes = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '{') opens++;
    else if (line[i] === '}') closes++;
  }
  return opens <= closes ? 1 : 0;
}

function bracedCompletion(ctx: Context, word: string): CompletionItem[] {
  const range = typed(ctx, word.length + 2, closingBraceAfter(ctx));
  const out: CompletionItem[] = [];
  for (const i of expansionItems()) {
    if (lacks(ctx, 'items', i.name)) continue;
    out.push({
      label: i.name,
      kind: 'item',
      detail: i.form,
      documentation: itemMarkdown(i),
      insertText: itemSnippet(i),
      snippet: true,
      range,
      filterText: `\${${i.name}`,
      sortText: `1${i.name}`,
    });
  }
  const seen = new Set<string>();
  for (const o of expansionOperators()) {
    if (seen.has(o.name) || lacks(ctx, 'operators', o.name)) continue;
    seen.add(o.name);
    out.push({
      label: `${o.name}:`,
      kind: 'operator',
      detail: o.doc?.summary ?? o.argForm ?? `\${${o.name}:…}`,
      documentation: operatorMarkdown(o),
      insertText: o.takesArgs && o.argForm && /_</.test(o.argForm) ? `\\\${${o.name}_\${1:n}:\${2}}` : `\\\${${o.name}:\${1}}`,
      snippet: true,
      range,
      filterText: `\${${o.name}`,
      sortText: `2${o.name}`,
    });
  }
  for (const v of variableItems(ctx, range, true)) out.push(v);
  return out;
}

function variableItems(ctx: Context, range: Range, braced: boolean): CompletionItem[] {
  const out: CompletionItem[] = [];
  const wrap = (name: string) => (braced ? `\\\${${name}}` : name);
  const filter = (name: string) => (braced ? `\${${name}` : name);
  for (const v of expansionVariables()) {
    if (lacks(ctx, 'variables', v.name)) continue;
    out.push({
      label: `$${v.name}`,
      kind: 'variable',
      detail: v.doc?.summary,
      documentation: variableMarkdown(v, v.name),
      insertText: braced ? wrap(v.name) : v.name,
      snippet: braced,
      range,
      filterText: filter(v.name),
      sortText: `3${v.name}`,
    });
  }
  // the families: $acl_c_..., $acl_m_..., $h_...:, $r_..., $auth1 ...
  const families: { label: string; snippet: string; pattern: string }[] = [
    { label: 'acl_c_…', snippet: 'acl_c_${1:name}', pattern: 'acl_c<x>...' },
    { label: 'acl_m_…', snippet: 'acl_m_${1:name}', pattern: 'acl_m<x>...' },
    { label: 'h_…:', snippet: 'h_${1:subject}:', pattern: 'header_<name>: | h_<name>:' },
    { label: 'rh_…:', snippet: 'rh_${1:subject}:', pattern: 'rheader_<name>: | rh_<name>:' },
    { label: 'bh_…:', snippet: 'bh_${1:subject}:', pattern: 'bheader_<name>: | bh_<name>:' },
    { label: 'lh_…:', snippet: 'lh_${1:received}:', pattern: 'lheader_<name>: | lh_<name>:' },
    { label: 'r_…', snippet: 'r_${1:name}', pattern: 'r_<name>' },
    { label: 'auth1', snippet: 'auth${1:1}', pattern: 'auth<n>' },
    { label: 'regex1', snippet: 'regex${1:1}', pattern: 'regex<n>' },
  ];
  const patterns = new Map(variablePatterns().map((p) => [p.pattern, p]));
  for (const f of families) {
    const p = patterns.get(f.pattern);
    if (!p) continue;
    // header variables are never braced
    const header = f.label.includes(':');
    if (braced && header) continue;
    out.push({
      label: `$${f.label}`,
      kind: 'variable',
      detail: p.doc?.summary,
      documentation: variableMarkdown(p, f.label.replace('…', 'name')),
      insertText: braced ? `\\\${${f.snippet}}` : f.snippet,
      snippet: true,
      range,
      filterText: filter(f.label.replace('…', '')),
      sortText: `4${f.label}`,
    });
  }
  // ACL variables set in this configuration
  const set = new Set<string>();
  for (const line of ctx.doc.lines) {
    if (line.node.kind === 'aclStatement' && line.node.condition?.variable) set.add(line.node.condition.variable.text);
  }
  for (const name of [...set].sort()) {
    out.push({ label: `$${name}`, kind: 'variable', detail: 'set in this configuration with `set`', insertText: braced ? wrap(name) : name, snippet: braced, range, filterText: filter(name), sortText: `0${name}` });
  }
  return out;
}

function variableCompletion(ctx: Context, word: string, braced: boolean): CompletionItem[] {
  return variableItems(ctx, typed(ctx, word.length), braced);
}

function lookupCompletion(ctx: Context, word: string): CompletionItem[] {
  const range = typed(ctx, word.length);
  const prefix = /^(partial\d*(?:\([^)]*\)|-))/.exec(word)?.[1] ?? '';
  const missing = gapsOf(ctx).lookups;
  return lookupTypes()
    .filter((l) => (!prefix || l.style === 'single-key') && !missing.has(l.name))
    .map((l) => ({
      label: prefix + l.name,
      kind: 'lookup' as const,
      detail: `${l.style === 'query' ? 'query-style' : 'single-key'}${l.doc ? ` · ${l.doc.summary}` : ''}`,
      documentation: lookupMarkdown(l),
      range,
      sortText: l.name,
    }));
}

function conditionCompletion(ctx: Context, word: string): CompletionItem[] {
  const range = typed(ctx, word.length);
  return expansionConditions()
    .filter((c) => (/^[a-z]/.test(c.name) || word === '') && !lacks(ctx, 'conditions', c.name))
    .map((c) => ({
      label: c.name,
      kind: 'condition' as const,
      detail: conditionForm(c),
      documentation: expansionConditionMarkdown(c),
      insertText: conditionSnippet(c),
      snippet: true,
      range,
    }));
}

// ------------------------------------------------------------------ macros

function macroCompletion(ctx: Context): CompletionItem[] | undefined {
  const m = /(?:^|[^A-Za-z0-9_])([A-Z][A-Z0-9_]*)$/.exec(ctx.before);
  if (!m) return undefined;
  // At the start of a line in the main section an upper-case word starts a definition.
  if (m.index === 0 && m[0] === ctx.before && !ctx.continued) return undefined;
  const range = typed(ctx, m[1].length);
  const out: CompletionItem[] = [];
  for (const d of ctx.doc.macroDefinitions) {
    if (out.some((o) => o.label === d.name)) continue;
    out.push({ label: d.name, kind: 'macro', detail: d.node.value.text.slice(0, 80), documentation: `**macro** ${codeSpan(d.name)} = ${codeSpan(d.node.value.text)}`, range });
  }
  return out.length ? out : undefined;
}

// ------------------------------------------------------------------ ACLs

function aclCompletion(ctx: Context): CompletionItem[] | undefined {
  const acl = ctx.instance?.kind === 'acl' ? ctx.instance : undefined;
  if (!acl) return undefined;
  const runsAs = aclTypesOf(ctx.doc, acl);
  const b = ctx.before;
  // start of a line: a verb, or (continuing a statement) a condition or modifier
  let m = /^(!\s*)?([a-z_]*)$/.exec(b);
  if (m && !ctx.continued) {
    const items = m[1] ? [] : aclVerbs().map((v): CompletionItem => ({ label: v.name, kind: 'verb', detail: v.doc?.summary, documentation: aclVerbMarkdown(v), insertText: `${v.name} `, range: typed(ctx, m![2].length), sortText: `0${v.name}` }));
    if (acl.statements.length > 0) items.push(...conditionItems(ctx, runsAs, statementVerb(ctx, acl), !!m[1], m[2], '1'));
    return items;
  }
  // after a verb
  m = /^(accept|defer|deny|discard|drop|require|warn)\s+(!\s*)?([a-z_]*)$/.exec(b);
  if (m) return conditionItems(ctx, runsAs, m[1], !!m[2], m[3], '0');
  // values
  const value = /^(?:(?:accept|defer|deny|discard|drop|require|warn)\s+)?(?:!\s*)?([a-z_]+)\s*=\s*(.*)$/s.exec(b);
  if (value) return aclValueCompletion(ctx, runsAs, value[1], value[2]);
  const set = /^(?:(?:accept|defer|deny|discard|drop|require|warn)\s+)?set\s+([A-Za-z0-9_]*)$/.exec(b);
  if (set) return setVariableCompletion(ctx, set[1]);
  return undefined;
}

/** The verb of the statement the cursor's line continues. */
function statementVerb(ctx: Context, acl: Instance): string | undefined {
  const prev = ctx.previous;
  for (let i = acl.statements.length - 1; i >= 0; i--) {
    const s = acl.statements[i];
    if (!prev || s.lines.includes(prev) || s.lines[0].index <= prev.index) return s.verb?.text;
  }
  return undefined;
}

function conditionItems(ctx: Context, runsAs: AclType[], verb: string | undefined, negated: boolean, word: string, sort: string): CompletionItem[] {
  const range = typed(ctx, word.length);
  const gaps = gapsOf(ctx);
  return aclConditions()
    .filter((c) => runsAs.every((t) => c.allowedIn.includes(t)) && !unusable(gaps, `acl/${c.name}`))
    .filter((c) => !negated || c.negatable)
    .filter((c) => !c.onlyWithVerbs || verb === undefined || c.onlyWithVerbs.includes(verb))
    .map((c) => ({
      label: c.name,
      kind: c.kind === 'modifier' ? ('modifier' as const) : ('condition' as const),
      detail: `${c.kind}${c.doc ? ` · ${c.doc.summary}` : ''}`,
      documentation: aclConditionMarkdown(c, runsAs),
      insertText: !c.takesValue ? c.name : c.name === 'set' ? 'set ' : `${c.name} = `,
      range,
      sortText: `${sort}${c.kind === 'condition' ? 0 : 1}${c.name}`,
    }));
}

function aclValueCompletion(ctx: Context, runsAs: AclType[], name: string, value: string): CompletionItem[] | undefined {
  switch (name) {
    case 'control': {
      const m = /^([a-z_0-9]*)$/.exec(value);
      if (!m) return undefined;
      const range = typed(ctx, m[1].length);
      return aclControls()
        .filter((c) => runsAs.every((t) => c.allowedIn.includes(t)))
        .map((c) => ({ label: c.name, kind: 'value' as const, detail: c.doc?.summary, documentation: aclControlMarkdown(c, runsAs), range }));
    }
    case 'verify': {
      let m = /^([a-z_]*)$/i.exec(value);
      if (m) {
        const range = typed(ctx, m[1].length);
        return aclVerifyTypes()
          .filter((v) => runsAs.every((t) => v.allowedIn.includes(t)))
          .map((v) => ({ label: v.name, kind: 'value' as const, detail: v.doc?.summary, documentation: aclVerifyMarkdown(v, runsAs), range }));
      }
      m = /^([^/]+)\/(?:.*\/)?\s*callout\s*=\s*(?:[^/]*,)?\s*([a-z_]*)$/i.exec(value);
      if (m) {
        const range = typed(ctx, m[2].length);
        return calloutOptions().map((c) => ({ label: c.name, kind: 'value' as const, detail: c.doc?.summary, documentation: calloutOptionMarkdown(c), insertText: c.takesValue ? `${c.name}=` : c.name, range }));
      }
      m = /^([^/]+)\/(?:.*\/)?\s*([a-z_]*)$/i.exec(value);
      if (m) {
        const info = aclVerifyType(m[1]);
        if (!info) return undefined;
        const range = typed(ctx, m[2].length);
        return (info.options ?? []).map((o) => ({ label: o.name, kind: 'value' as const, detail: `option of verify = ${info.name}`, documentation: aclVerifyMarkdown(info, runsAs), insertText: o.name === 'callout' ? 'callout=' : o.name, range }));
      }
      return undefined;
    }
    case 'ratelimit': {
      const m = /\/\s*([a-z_]*)$/.exec(value);
      if (!m) return undefined;
      const range = typed(ctx, m[1].length);
      return ratelimitOptions().map((r) => ({ label: r.name, kind: 'value' as const, detail: r.doc?.summary, documentation: ratelimitOptionMarkdown(r), insertText: r.value ? `${r.name}=` : r.name, range }));
    }
    case 'acl': {
      const m = /^([A-Za-z0-9_]*)$/.exec(value);
      return m ? instanceNames(ctx, 'acls', m[1]) : undefined;
    }
    default: {
      const kind = aclConditionListKind(name);
      return kind ? namedListReferences(ctx, kind, value) : undefined;
    }
  }
}

function setVariableCompletion(ctx: Context, word: string): CompletionItem[] {
  const range = typed(ctx, word.length);
  const out: CompletionItem[] = [
    { label: 'acl_c_…', kind: 'variable', detail: 'a variable kept for the whole connection', insertText: 'acl_c_${1:name} = ', snippet: true, range, filterText: 'acl_c_', sortText: '1c' },
    { label: 'acl_m_…', kind: 'variable', detail: 'a variable kept for the message', insertText: 'acl_m_${1:name} = ', snippet: true, range, filterText: 'acl_m_', sortText: '1m' },
  ];
  const names = new Set<string>();
  for (const line of ctx.doc.lines) if (line.node.kind === 'aclStatement' && line.node.condition?.variable) names.add(line.node.condition.variable.text);
  for (const n of [...names].sort()) out.push({ label: n, kind: 'variable', detail: 'set elsewhere in this configuration', insertText: `${n} = `, range, sortText: `0${n}` });
  return out;
}

// ------------------------------------------------------------------ options

const SCOPES: Partial<Record<SectionName, OptionScope>> = { main: 'main', routers: 'routers', transports: 'transports', authenticators: 'authenticators' };
const NAMED_LIST_KEYWORDS = ['domainlist', 'hostlist', 'addresslist', 'localpartlist'];

function optionCompletion(ctx: Context): CompletionItem[] | undefined {
  const scope = SCOPES[ctx.section];
  if (!scope) return undefined;
  if (scope !== 'main' && !ctx.instance) return undefined;
  const driver = ctx.instance?.driver?.name;
  const b = ctx.before;
  const name = /^(hide\s+)?([a-z_0-9]*)$/.exec(b);
  if (name && !ctx.continued) return optionNameItems(ctx, scope, driver, name[2], !!name[1]);
  const setting = /^(?:hide\s+)?([a-z_0-9]+)\s*=\s*(.*)$/s.exec(b);
  if (setting) return optionValueItems(ctx, scope, driver, setting[1], setting[2]);
  const list = /^(?:hide\s+)?(domainlist|hostlist|addresslist|localpartlist)(?:_cache)?\s+[A-Za-z0-9_]+\s*=\s*(.*)$/s.exec(b);
  if (list) return namedListReferences(ctx, namedListKind(list[1])!, list[2]);
  return undefined;
}

function optionNameItems(ctx: Context, scope: OptionScope, driver: string | undefined, word: string, hidden: boolean): CompletionItem[] {
  const range = typed(ctx, word.length);
  const negation = /^(no|not)_/.exec(word)?.[0];
  const set = new Set<string>();
  if (ctx.instance) for (const l of ctx.instance.lines) if (l.node.kind === 'option') set.add(l.node.name.text.replace(/^(no|not)_/, ''));
  if (scope === 'main' && !ctx.instance) {
    // Exim refuses a main option set twice; the line being typed does not count.
    for (const section of ctx.doc.sections) {
      if (section.name !== 'main') continue;
      for (const l of section.lines) {
        if (l.node.kind !== 'option' || l.inactive) continue;
        const at = l.map.location(0, 0);
        if (at.file === 0 && at.range.start.line === ctx.pos.line) continue;
        set.add(l.node.name.text.replace(/^(no|not)_/, ''));
      }
    }
  }
  const gaps = gapsOf(ctx);
  const options = optionsFor(scope, driver).filter((o) => (o.repeat || !set.has(o.name)) && !unusable(gaps, o));
  const own = new Set(driver && scope !== 'main' ? privateOptions(scope as DriverScope, driver).map((o) => o.name) : []);
  const out: CompletionItem[] = [];
  for (const o of options) {
    const boolean = isBooleanType(o.type);
    if (negation && !boolean) continue;
    const label = negation ? negation + o.name : o.name;
    out.push({
      label,
      kind: 'option',
      detail: `${optionKind(o)} · ${optionTypeName(o)}`,
      documentation: optionMarkdown(o, label),
      insertText: boolean ? label : `${label} = `,
      range,
      sortText: `${own.has(o.name) ? 0 : 1}${o.name}`,
    });
  }
  if (scope !== 'main' && !ctx.instance?.driver && !negation) {
    // `driver` first in a new instance
    const d = out.find((i) => i.label === 'driver');
    if (d) d.sortText = '00driver';
  }
  if (scope === 'main' && !negation) {
    for (const k of NAMED_LIST_KEYWORDS) {
      out.push({ label: k, kind: 'keyword', detail: docFor('sections', `syntax/${k}`)?.summary, documentation: joinSections([`**named list** ${codeSpan(k)}`, ...docMarkdown(docFor('sections', `syntax/${k}`))]), insertText: `${k} `, range, sortText: `2${k}` });
    }
    if (!hidden) {
      out.push({ label: 'hide', kind: 'keyword', detail: docFor('sections', 'syntax/hide')?.summary, insertText: 'hide ', range, sortText: '3hide' });
      out.push({ label: 'begin', kind: 'keyword', detail: 'start a section: acl, routers, transports, retry, rewrite, authenticators', insertText: 'begin ', range, sortText: '3begin' });
    }
  }
  if (scope !== 'main' && !negation && !hidden) {
    out.push({ label: 'begin', kind: 'keyword', detail: 'start the next section', insertText: 'begin ', range, sortText: '3begin' });
  }
  return out;
}

function optionValueItems(ctx: Context, scope: OptionScope, driver: string | undefined, name: string, value: string): CompletionItem[] | undefined {
  const word = /([A-Za-z0-9_+-]*)$/.exec(value)![1];
  const range = typed(ctx, word.length);
  if (name === 'driver' && scope !== 'main') {
    if (!/^[a-z_0-9]*$/.test(value)) return undefined;
    const s = scope as DriverScope;
    const gaps = gapsOf(ctx);
    return driverNames(s).filter((d) => !unusable(gaps, `${s}/${d}`)).map((d) => ({ label: d, kind: 'driver' as const, detail: docFor('drivers', `${s}/${d}`)?.summary, documentation: driverMarkdown(s, d, privateOptions(s, d).length), range }));
  }
  const option: OptionInfo | undefined = resolveOptionWord(scope, name, driver)?.option;
  if (!option) return undefined;
  if (option.scope === 'main' && option.name === 'log_selector') return logSelectorCompletion(value, (n) => typed(ctx, n));
  if (isBooleanType(option.type) && /^[a-z]*$/.test(value)) {
    return ['true', 'false'].map((v) => ({ label: v, kind: 'value' as const, range }));
  }
  const allowed = enumeratedValues(option.scope, option.name, option.driver);
  if (allowed && /^[a-z_:]*$/.test(value)) {
    return [...allowed.values, ...(allowed.prefixes ?? [])].map((v) => ({ label: v, kind: 'value' as const, range }));
  }
  if (scope === 'main' && /^acl_/.test(option.name) && /^[A-Za-z0-9_]*$/.test(value)) return instanceNames(ctx, 'acls', value);
  if (scope === 'routers' && option.name === 'transport' && /^[A-Za-z0-9_]*$/.test(value)) return instanceNames(ctx, 'transports', value);
  if (option.list) return namedListReferences(ctx, option.list, value);
  return undefined;
}

function instanceNames(ctx: Context, section: SectionName, word: string): CompletionItem[] {
  const range = typed(ctx, word.length);
  const out: CompletionItem[] = [];
  for (const s of ctx.doc.sections) {
    if (s.name !== section) continue;
    for (const i of s.instances) {
      if (i.anonymous || out.some((o) => o.label === i.name)) continue;
      out.push({ label: i.name, kind: 'reference', detail: i.kind === 'acl' ? `ACL, line ${i.header.map.firstLine + 1}` : `${i.kind}${i.driver ? ` (${i.driver.name})` : ''}, line ${i.header.map.firstLine + 1}`, range });
    }
  }
  return out;
}

/** `+name` items for a list of this kind, when a `+` is being typed. */
function namedListReferences(ctx: Context, kind: ListKind, value: string): CompletionItem[] | undefined {
  const m = /(?:^|[:;\s!])\+([A-Za-z0-9_]*)$/.exec(value);
  if (!m) return undefined;
  const range = typed(ctx, m[1].length + 1);
  const out: CompletionItem[] = [];
  for (const line of ctx.doc.lines) {
    const n = line.node;
    if (n.kind !== 'namedList' || !n.name || namedListKind(n.keyword.text) !== kind) continue;
    out.push({ label: `+${n.name.text}`, kind: 'reference', detail: `${n.keyword.text} = ${n.value?.text.slice(0, 60) ?? ''}`, range });
  }
  return out;
}
