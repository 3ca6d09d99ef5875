// Expansion strings inside values: which values Exim expands, their parse trees (with offsets in
// the logical line), and the checks on them: broken `${...}`, a `$` that starts nothing, unknown
// items, operators, conditions and variables, and wrong argument counts.

import { expansionCondition, expansionConditions, expansionItem, expansionItems, expansionOperator, expansionOperators, expansionVariable, expansionVariables, findOption, isBooleanType, itemArity, operatorArgsError, resolveOperator, resolveOptionWord, type OptionScope } from '../facts';
import { isCommandOption } from '../facts/values';
import { STARTUP_EXPANDED_OPTIONS } from '../facts/eximCheck';
import type { ConfigLine } from '../syntax/document';
import { explainExpansionFailure, MAX_EXPANSION_DEPTH, MAX_EXPANSION_LENGTH, parseExpansion } from '../syntax/parse';
import { readQuoted } from '../syntax/strings';
import type { ArgumentNode, ConditionNode, ExpansionNode, ItemNode, Token } from '../syntax/tree';
import type { CheckContext } from './context';
import { LineMemo, lineContext } from './lineMemo';
import type { LineDiagnostic, LineFix } from './diagnostic';
import { closest } from './distance';
import { lackedNames } from './lackedNames';
import { matchPatternProblems } from './regexLists';
import { buildId } from './build';
import { isAtMost496 } from '../facts/acl';
import { releaseOf } from '../syntax/macros';

/** An expanded value of a line: its text as Exim expands it, and a map back to line offsets. */
export interface ExpandedValue {
  line: ConfigLine;
  text: string;
  /** Line offset of character i of `text` (length text.length + 1: the last entry is the end). */
  offsets?: number[];
  /** Line offset of `text[0]` when there is no per-character map. */
  base: number;
  nodes?: ExpansionNode[];
  tooDeep?: number;
  /** Not parsed because it is longer than MAX_EXPANSION_LENGTH (`tooDeep` is set too). */
  tooLong?: boolean;
}

export function lineOffset(v: ExpandedValue, i: number): number {
  if (!v.offsets) return v.base + i;
  return v.offsets[Math.max(0, Math.min(i, v.offsets.length - 1))];
}

const SCOPE: Record<string, OptionScope | undefined> = { main: 'main', routers: 'routers', transports: 'transports', authenticators: 'authenticators' };
const NON_EXPANDED_TYPES = new Set(['int', 'mkint', 'octint', 'Kint', 'fixed', 'time', 'timelist', 'uid', 'gid']);

/** Expanded values without their line, by what they depend on: section, driver and text. */
const valueCache = new LineMemo<Omit<ExpandedValue, 'line'> | null>();

/** The value of a line that Exim expands, if it has one (and it contains anything to expand). */
export function expandedValue(line: ConfigLine): ExpandedValue | undefined {
  const node = line.node;
  if (node.kind !== 'option' && node.kind !== 'aclStatement' && node.kind !== 'namedList') return undefined;
  const v = valueCache.get(line, lineContext(line), () => {
    const computed = computeExpandedValue(line);
    return computed ? { text: computed.text, offsets: computed.offsets, base: computed.base, nodes: computed.nodes, tooDeep: computed.tooDeep, tooLong: computed.tooLong } : null;
  });
  return v ? { line, ...v } : undefined;
}

function computeExpandedValue(line: ConfigLine): ExpandedValue | undefined {
  const node = line.node;
  let value: Token | undefined;
  let dequote = false;
  let command = false;
  if (node.kind === 'option' && node.value) {
    const scope = SCOPE[line.section];
    if (scope) {
      const driver = line.instance?.driver?.name;
      const r = resolveOptionWord(scope, node.name.text, driver) ?? (driver ? undefined : { option: findOption(scope, node.name.text), negated: false });
      const option = r?.option;
      if (!option || option.expanded === false || NON_EXPANDED_TYPES.has(option.type)) return undefined;
      if ((isBooleanType(option.type) && option.type !== 'expand_bool') || option.type === 'func') return undefined;
      command = isCommandOption(option.scope, option.name, option.driver);
    }
    value = node.value;
    dequote = true;
  } else if (node.kind === 'aclStatement' && node.condition?.value) {
    value = node.condition.value;
  } else if (node.kind === 'namedList' && node.value) {
    value = node.value;
    dequote = true;
  } else {
    return undefined;
  }
  return expandToken(line, value, dequote, command);
}

/**
 * The two expanded parts of a rewrite rule: the pattern (an address-list item, which Exim expands
 * before it matches, `\N...\N` aside) and the replacement.
 */
export function rewriteExpansions(line: ConfigLine): ExpandedValue[] {
  const node = line.node;
  if (node.kind !== 'rewrite') return [];
  const out: ExpandedValue[] = [];
  for (const token of [node.key, node.replacement]) {
    const v = token && expandToken(line, token, true, false);
    if (v) out.push(v);
  }
  return out;
}

/** Options whose value Exim splits as a list before it expands each item on its own. */
const ITEMWISE: ReadonlySet<string> = new Set(['routers/headers_remove', 'transports/headers_remove']);

/** Whether a line's expansions come in parts (a rewrite rule, an ITEMWISE list), not as one value. */
function inParts(line: ConfigLine): boolean {
  const node = line.node;
  return node.kind === 'rewrite' || node.kind === 'retry' || (node.kind === 'option' && ITEMWISE.has(`${line.section}/${node.name.text}`));
}

function partExpansions(line: ConfigLine): ExpandedValue[] {
  const node = line.node;
  if (node.kind === 'rewrite') return rewriteExpansions(line);
  // A retry pattern is matched as an address-list item, expanded first (exim -brt: a regex ending
  // in "$" fails every retry lookup after it: failed to expand "^.*@x$" while checking a list).
  if (node.kind === 'retry') {
    const v = expandToken(line, node.pattern, true, false);
    return v ? [v] : [];
  }
  return itemwiseExpansions(line) ?? [];
}

/** Every expanded value of a line: its value, or its parts (rewrite key and replacement, retry pattern, list items), or a macro's body. */
export function lineExpansions(line: ConfigLine): ExpandedValue[] {
  if (inParts(line)) return partExpansions(line);
  // A macro's body is expanded where the macro is used; read as an expansion it still tells what
  // its items and variables are (its findings are reported at the uses).
  if (line.node.kind === 'macro') {
    const v = expandToken(line, line.node.value, false, false);
    return v ? [v] : [];
  }
  const v = expandedValue(line);
  return v ? [v] : [];
}

/**
 * The items of an ITEMWISE option, each as its own expanded value: split at the separator (`:`,
 * or `<X`) wherever it is, `${...}` or not, a doubled separator standing for one.
 */
export function itemwiseExpansions(line: ConfigLine): ExpandedValue[] | undefined {
  const node = line.node;
  if (node.kind !== 'option' || !node.value || !ITEMWISE.has(`${line.section}/${node.name.text}`)) return undefined;
  const whole = expandToken(line, node.value, true, false);
  if (!whole) return [];
  const text = whole.text;
  const at = (i: number) => lineOffset(whole, i);
  let p = 0;
  while (/\s/.test(text[p] ?? '')) p++;
  let sep = ':';
  if (text[p] === '<' && /[!-/:-@[-`{-~]/.test(text[p + 1] ?? '')) {
    sep = text[p + 1];
    p += 2;
  }
  const out: ExpandedValue[] = [];
  while (p < text.length) {
    let item = '';
    const offsets: number[] = [];
    for (; p < text.length; p++) {
      if (text[p] === sep) {
        if (text[p + 1] !== sep) break;
        p++;
      }
      item += text[p];
      offsets.push(at(p));
    }
    offsets.push(at(p));
    p++;
    if (!item.includes('$') && !item.includes('\\')) continue;
    const parsed = parseExpansion(item);
    const v: ExpandedValue = { line, text: item, offsets, base: offsets[0] };
    if (Array.isArray(parsed)) v.nodes = parsed;
    else {
      v.tooDeep = parsed.depth;
      if (parsed.tooLong) v.tooLong = true;
    }
    out.push(v);
  }
  return out;
}

function expandToken(line: ConfigLine, value: Token, dequote: boolean, command: boolean): ExpandedValue | undefined {
  const raw = value.text;
  if (!raw.includes('$') && !raw.includes('\\')) return undefined;
  let result: ExpandedValue;
  if (command && !raw.startsWith('"')) {
    result = { line, ...splitCommand(raw, value.start), base: value.start };
  } else if (dequote && raw.startsWith('"')) {
    const d = readQuoted(raw, 0);
    const offsets = d.map.source.map((o) => value!.start + o);
    offsets.push(value.start + d.map.end);
    result = { line, text: d.value, offsets, base: value.start };
  } else {
    result = { line, text: raw, base: value.start };
  }
  if (!result.text.includes('$') && !result.text.includes('\\')) return undefined;
  const parsed = parseExpansion(result.text);
  if (Array.isArray(parsed)) result.nodes = parsed;
  else {
    result.tooDeep = parsed.depth;
    if (parsed.tooLong) result.tooLong = true;
  }
  return result;
}

/** A command split into arguments the way Exim splits it, joined by single spaces. */
function splitCommand(raw: string, base: number): { text: string; offsets: number[] } {
  let text = '';
  const offsets: number[] = [];
  let p = 0;
  const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
  while (p < raw.length) {
    while (isBlank(raw[p])) p++;
    if (p >= raw.length) break;
    if (text) {
      text += ' ';
      offsets.push(base + p - 1);
    }
    if (raw[p] === '"') {
      const d = readQuoted(raw, p);
      text += d.value;
      for (const o of d.map.source) offsets.push(base + o);
      p = d.end;
    } else if (raw[p] === "'") {
      const close = raw.indexOf("'", p + 1);
      const end = close < 0 ? raw.length : close;
      for (let i = p + 1; i < end; i++) {
        text += raw[i];
        offsets.push(base + i);
      }
      p = close < 0 ? raw.length : close + 1;
    } else {
      while (p < raw.length && !isBlank(raw[p])) {
        text += raw[p];
        offsets.push(base + p);
        p++;
      }
    }
  }
  offsets.push(base + raw.length);
  return { text, offsets };
}

/** The problems found in a value, by the same key as the value. */
const problemCache = new LineMemo<LineDiagnostic[]>();

export function checkExpansions(ctx: CheckContext): void {
  // Names the Exim checked against lacks: newer than its release, or left out of its build.
  const release = releaseOf(ctx.doc.macros.builtinEntries);
  const older = isAtMost496(release) ? release : undefined;
  const lacking = ctx.gaps.expansion;
  const build = older !== undefined || lacking.size > 0 ? `|${buildId(ctx.doc.macros.builtinEntries)}` : '';
  const problemsOf = (v: ExpandedValue) => (build ? [...expansionProblems(v), ...lackedNames(v, older, lacking)] : expansionProblems(v));
  const keyOf = (line: ConfigLine) => lineContext(line) + build;
  for (const line of ctx.doc.lines) {
    if (inParts(line)) {
      const found = problemCache.get(line, keyOf(line), () => partExpansions(line).flatMap((v) => problemsOf(v).map((p) => (line.node.kind === 'option' && p.code === 'expansion-syntax' ? { ...p, message: `${p.message}. Exim splits this list before it expands each item, so a separator inside \${...} must be doubled (\${if def::h_x:: ...})` } : p))));
      for (const p of found) ctx.report(line, p, 'warning');
      continue;
    }
    const v = expandedValue(line);
    if (!v) continue;
    const problems = problemCache.get(line, keyOf(line), () => problemsOf(v));
    // Exim checks expansions only when it uses them, so these are not errors of the file as Exim
    // reads it; they are what will fail (or misbehave) when the value is used. The few options
    // Exim expands while it reads the file are the exception: there Exim stops.
    const startup = startupOption(line);
    for (const p of problems) {
      if (startup && FAILS_AT_STARTUP.has(p.code)) {
        const exim = /\s*\(Exim: (.*)\)$/.exec(p.message);
        const what = exim ? p.message.slice(0, exim.index) : p.message;
        ctx.report(line, { ...p, code: 'expansion-startup', message: `${what}: Exim expands ${startup} as it reads the configuration, so it will not start (Exim: failed to expand ${startup}${exim ? `: ${exim[1]}` : ''})` });
      } else {
        ctx.report(line, p, 'warning');
      }
    }
  }
}

/** The expansion findings that make Exim's expansion fail (the others are about what it does). */
const FAILS_AT_STARTUP = new Set(['expansion-regex', 'expansion-syntax', 'expansion-dollar', 'expansion-unknown-item', 'expansion-unknown-operator', 'expansion-operator-argument', 'expansion-unknown-condition', 'expansion-unknown-variable', 'expansion-arguments']);

/** The name of the main option a line sets, when Exim expands it at start-up. */
function startupOption(line: ConfigLine): string | undefined {
  const node = line.node;
  if (line.section !== 'main' || node.kind !== 'option') return undefined;
  const name = resolveOptionWord('main', node.name.text, undefined)?.option.name;
  return name && STARTUP_EXPANDED_OPTIONS.has(name) ? name : undefined;
}

function expansionProblems(v: ExpandedValue): LineDiagnostic[] {
  {
    if (v.tooLong) {
      return [
        {
          start: lineOffset(v, 0),
          end: lineOffset(v, v.text.length),
          code: 'expansion-too-long',
          message: `this value is ${v.text.length.toLocaleString('en')} characters long: expansions over ${MAX_EXPANSION_LENGTH.toLocaleString('en')} characters are not checked`,
        },
      ];
    }
    if (v.tooDeep !== undefined) {
      return [
        {
          start: lineOffset(v, 0),
          end: lineOffset(v, v.text.length),
          code: 'expansion-too-deep',
          severity: 'warning',
          message: `this expansion nests \${...} and braces ${v.tooDeep} levels deep (more than ${MAX_EXPANSION_DEPTH}): too deep to analyse, so it is not checked`,
        },
      ];
    }
    const problems: LineDiagnostic[] = [];
    walk(v, v.nodes!, problems, true);
    if (v.text.includes('match')) problems.push(...matchPatternProblems(v));
    return problems;
  }
}

export function span(v: ExpandedValue, start: number, end: number) {
  return { start: lineOffset(v, start), end: end > start ? lineOffset(v, end - 1) + 1 : lineOffset(v, start) + 1 };
}

/** Whether offset `at` is in a list item that is a regular expression (`^...`, `!^...`). */
function inRegex(text: string, at: number): boolean {
  return /^\s*!?\s*\^/.test(text.slice(text.lastIndexOf(':', at) + 1, at));
}

function walk(v: ExpandedValue, nodes: ExpansionNode[], out: LineDiagnostic[], top = false): void {
  let previous: ExpansionNode | undefined;
  for (const n of nodes) {
    const before = previous;
    previous = n;
    switch (n.kind) {
      case 'text':
        if (!top) braceInArgument(v, n.start, n.end, out);
        break;
      case 'loneDollar':
        // `$$`: Exim stops at the first one.
        if (before?.kind === 'loneDollar' && before.end === n.start) break;
        out.push({ ...span(v, n.start, n.end), code: 'expansion-dollar', message: `"$" must be followed by a variable name, a digit or "{"; ${inRegex(v.text, n.start) ? 'this regular expression is expanded before it is used: write "\\$" for its end-of-line "$", or put the whole expression in \\N...\\N' : 'write "\\$" for a literal dollar sign'} (Exim: $ not followed by letter, digit, or {)` });
        break;
      case 'malformed':
        malformed(v, n.start, n.name, out);
        break;
      case 'variable':
        checkVariable(v, n.name, out, n.braced === true);
        break;
      case 'operator':
        checkOperator(v, n.name, out);
        walk(v, n.argument.parts, out);
        break;
      case 'item':
        checkItem(v, n, out);
        break;
      default:
        break;
    }
  }
}

/**
 * A `{` in the text of an argument is plain text for Exim (braces nest only through `${`), so the
 * first `}` after it ends the argument: `match{$local_part}{^.{65,}}` tests `^.{65,` and leaves
 * `}` behind.  Regular expressions belong between \N and \N.
 */
function braceInArgument(v: ExpandedValue, start: number, end: number, out: LineDiagnostic[]): void {
  const at = v.text.indexOf('{', start);
  if (at < 0 || at >= end) return;
  out.push({
    ...span(v, at, at + 1),
    code: 'expansion-brace-in-argument',
    message: 'this "{" is plain text to Exim, which does not count it: the next "}" ends the argument instead of closing it. For a regular expression such as ^.{65,}, write it as \\N^.{65,}\\N; for a literal brace, write \\{',
  });
}

/** A condition name is missing where `found` begins: what we say, and Exim's words. */
function conditionExpected(what: string, found: string): string {
  return `${what} (eq, match, def:, exists, and, or ...); found "${found}" (Exim: condition name expected, but found "${found}")`;
}

/** Ohm's expected-text when a condition name should come next (it names them all). */
const CONDITION_EXPECTED = /"eq", "eqi".*"match"/;

function malformed(v: ExpandedValue, start: number, name: Token | undefined, out: LineDiagnostic[]): void {
  // `${lookpu{$local_part}lsearch{...}}`: an unknown name before "{" is the finding, whatever follows.
  if (name && /^\s*\{/.test(v.text.slice(name.end)) && !expansionItem(name.text) && !SPECIAL_ITEMS.has(name.text) && !expansionOperator(name.text)) {
    unknownItem(v, name, out);
    return;
  }
  const why = explainExpansionFailure(v.text, start);
  // Where the reading stopped just after an inner "${" with no name, that "${" is the fault, and it
  // is reported on its own ("a name must follow"): the one around it is not malformed too.
  if (name && why && why.offset - 2 > start && v.text.startsWith('${', why.offset - 2) && !/[A-Za-z0-9]/.test(v.text[why.offset] ?? '')) return;
  const what = name ? `"\${${name.text}"` : '"${"';
  let message: string;
  if (!name) message = 'a name must follow "${" directly (Exim: letter or digit expected after ${)';
  else if (why && why.offset >= v.text.length) message = `${what} is never closed: a "}" is missing (expected ${CONDITION_EXPECTED.test(why.expected) ? 'a condition name' : why.expected} at the end)`;
  else if (why && CONDITION_EXPECTED.test(why.expected)) {
    // Ohm lists every condition name; Exim says it in three words.
    const found = v.text.slice(why.offset);
    message = conditionExpected(`${what} needs a condition name here`, found);
  } else if (why && why.expected === '"}"' && name) {
    // The arguments are read, and what follows them is not the "}" that closes the item.
    const exim = itemArity(name.text)?.base ? "curly-bracket problem in conditional yes/no parsing: did not close with '}'" : `missing '}' after '${name.text}'`;
    message = `${what} is not closed after its arguments: a "}" must come next, not "${v.text.slice(why.offset, why.offset + 12)}" (Exim: ${exim})`;
  } else if (why) message = `${what} is malformed: expected ${why.expected} at "${v.text.slice(why.offset, why.offset + 12)}"`;
  else message = `${what} is malformed`;
  const end = why ? Math.min(Math.max(why.offset + 1, start + 2), v.text.length) : start + 2;
  out.push({ ...span(v, start, Math.max(end, start + 2 + (name?.text.length ?? 0))), code: 'expansion-syntax', message });
}

/**
 * `${sg}`, `${if}`, `${lc}`: the name of an item or operator in braces with nothing after it.  Exim
 * reads an item name as the item (and finds its arguments missing) and calls an operator name an
 * unknown variable.
 */
function bareItemOrOperator(v: ExpandedValue, name: Token, out: LineDiagnostic[]): boolean {
  const item = name.text === 'if' ? { form: '${if condition {yes}{no}}' } : expansionItem(name.text) ?? (SPECIAL_ITEMS.has(name.text) ? { form: undefined } : undefined);
  const operator = item ? undefined : expansionOperator(name.text);
  if (!item && !operator) return false;
  const braced = `\${${name.text}}`;
  const form = item ? item.form?.split(' | ')[0].replace(/\s*\([^)]*\)\s*$/, '') : (operator!.argForm ?? `\${${name.text}:string}`);
  const written = form ? `: it is written ${form}` : '';
  out.push({
    ...span(v, name.start, name.end),
    code: 'expansion-arguments',
    message: item
      ? `"${braced}" is the expansion item ${name.text} without its arguments${written}`
      : `"${braced}" is the operator ${name.text} without its string${written} (Exim: unknown variable in "${braced}")`,
  });
  return true;
}

function checkVariable(v: ExpandedValue, name: Token, out: LineDiagnostic[], braced: boolean): void {
  if (/^[0-9]+$/.test(name.text)) return;
  // The pipe transport replaces $pipe_addresses in its command itself, before expanding it.
  if (name.text === 'pipe_addresses' && v.line.instance?.driver?.name === 'pipe') return;
  if (expansionVariable(name.text)) return;
  if (braced && bareItemOrOperator(v, name, out)) return;
  const close = closest(name.text, expansionVariables().map((x) => x.name));
  out.push({
    ...span(v, name.start, name.end),
    code: 'expansion-unknown-variable',
    message: `"$${name.text}" is not an expansion variable${close.length ? `; did you mean "$${close[0]}"?` : ''} (Exim: unknown variable name "${name.text}")`,
    fixes: renames(v, name, close),
  });
}

function checkOperator(v: ExpandedValue, name: Token, out: LineDiagnostic[]): void {
  const r = resolveOperator(name.text);
  if ('operator' in r) {
    const error = operatorArgsError(name.text, r.operator, r.args);
    if (error) {
      const form = r.operator.argForm ? `: it is written ${r.operator.argForm}` : '';
      out.push({ ...span(v, name.start, name.end), code: 'expansion-operator-argument', message: `"${name.text}" has an _argument Exim does not take${form} (Exim: ${error})` });
    }
    return;
  }
  const base = name.text.split('_')[0];
  const known = expansionOperators().some((o) => o.name === base);
  if (known) {
    // ${sha1_8:x}: Exim 4.96 ignores the suffix (-be gives the whole sha1); newer releases refuse it.
    const suffix = name.text.slice(base.length);
    out.push({
      ...span(v, name.start + base.length, name.end),
      code: 'expansion-operator-argument',
      message: `"${base}" takes no _argument: Exim 4.96 ignores "${suffix}" and newer releases refuse the operator (Exim: ${r.error}); write \${${base}:...}`,
      fixes: [{ title: `Remove "${suffix}"`, edits: [{ start: lineOffset(v, name.start + base.length), end: lineOffset(v, name.end), newText: '' }] }],
    });
    return;
  }
  const close = known ? [] : closest(name.text, [...new Set(expansionOperators().map((o) => o.name))]);
  out.push({
    ...span(v, name.start, name.end),
    code: 'expansion-unknown-operator',
    message: close.length ? `${r.error}; did you mean "${close[0]}"?` : r.error,
    fixes: renames(v, name, close),
  });
}

const SPECIAL_ITEMS = new Set(['if', 'lookup', 'filter', 'extract', 'run']);

function checkItem(v: ExpandedValue, n: ItemNode, out: LineDiagnostic[]): void {
  const name = n.name.text;
  const info = expansionItem(name);
  if (!info && !SPECIAL_ITEMS.has(name)) {
    unknownItem(v, n.name, out);
  } else {
    // An ${if} read without a condition is missing the condition, not an argument.
    if (name === 'if' && !n.condition) missingCondition(v, n, out);
    else checkArity(v, n, out);
  }
  if (n.condition) checkCondition(v, n.condition, out);
  if (n.filterCondition) checkCondition(v, n.filterCondition, out);
  if (n.lookupKey) walk(v, n.lookupKey.parts, out);
  for (const a of n.args) if (a.kind === 'argument') walk(v, a.parts, out);
}

/** `${name{...` where `name` is no item: Exim's words cover a variable whose "}" is missing too. */
function unknownItem(v: ExpandedValue, name: Token, out: LineDiagnostic[]): void {
  const exim = `(Exim: "\${${name.text}" is not a known operator (or a } is missing in a variable reference))`;
  if (expansionVariable(name.text)) {
    out.push({ ...span(v, name.start, name.end), code: 'expansion-unknown-item', message: `"\${${name.text}" is the variable $${name.text} without its "}": write \${${name.text}} ${exim}` });
    return;
  }
  const close = closest(name.text, [...new Set([...expansionItems().map((i) => i.name), ...SPECIAL_ITEMS])]);
  out.push({
    ...span(v, name.start, name.end),
    code: 'expansion-unknown-item',
    message: `"${name.text}" is not an expansion item${close.length ? `; did you mean "${close[0]}"?` : ''} ${exim}`,
    fixes: renames(v, name, close),
  });
}

/** `${if {...}}`, `${if }`: no condition name after `if` (the item was read as a plain one). */
function missingCondition(v: ExpandedValue, n: ItemNode, out: LineDiagnostic[]): void {
  let at = n.name.end;
  while (at < n.end && /\s/.test(v.text[at])) at++;
  const found = v.text.slice(at, n.end);
  out.push({
    ...span(v, n.start, n.end),
    code: 'expansion-syntax',
    message: conditionExpected('${if} needs a condition right after "if"', found),
  });
}

/** The number of arguments in braces, against what Exim reads for the item. */
function checkArity(v: ExpandedValue, n: ItemNode, out: LineDiagnostic[]): void {
  const name = n.name.text;
  const arity = itemArity(name);
  if (!arity) return;
  // ${filter{list}{condition}}: the condition is read apart from the arguments, and counts as one.
  const count = n.args.filter((a) => a.kind === 'argument').length + (n.filterCondition ? 1 : 0);
  let { min, max } = arity;
  // ${extract{3}{:}{...}}: a number first selects the three-argument form
  if (name === 'extract' && !n.variant) {
    const first = n.args[0];
    const text = first?.kind === 'argument' ? v.text.slice(first.start + 1, first.end - 1).trim() : '';
    if (/^\d+$/.test(text)) min = 3;
    else if (text !== '' && !/[$\\]/.test(text)) max = 4;
  }
  const plural = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
  if (arity.base) {
    const base = arity.base;
    const where = name === 'if' ? ' after its condition' : name === 'lookup' ? ' after the lookup type' : '';
    const own = base.max === 0 ? 'only an optional {yes}{no}' : `${base.min === base.max ? plural(base.min) : `${base.min} or ${plural(base.max)}`} in braces, then an optional {yes}{no}`;
    if (count < min) {
      out.push({ ...span(v, n.start, n.end), code: 'expansion-arguments', message: `\${${name}} takes ${own}${where}; this one has ${plural(count)}` });
    } else if (max !== undefined && count > max) {
      out.push({ ...span(v, n.start, n.end), code: 'expansion-arguments', message: `\${${name}} takes ${own}${where} (at most ${max} in all); this one has ${count}` });
    }
    return;
  }
  if (count < min) {
    out.push({ ...span(v, n.start, n.end), code: 'expansion-arguments', message: `\${${name}} takes at least ${plural(min)} in braces, and has ${count}` });
  } else if (max !== undefined && count > max) {
    out.push({ ...span(v, n.start, n.end), code: 'expansion-arguments', message: `\${${name}} takes at most ${plural(max)} in braces, and has ${count}` });
  }
}

/** Quick fixes that replace a name with each suggestion (the first preferred). */
function renames(v: ExpandedValue, name: Token, suggestions: string[]): LineFix[] | undefined {
  if (suggestions.length === 0) return undefined;
  const { start, end } = span(v, name.start, name.end);
  return suggestions.map((s, i) => ({ title: `Change to "${s}"`, edits: [{ start, end, newText: s }], preferred: i === 0 || undefined }));
}

function checkCondition(v: ExpandedValue, c: ConditionNode, out: LineDiagnostic[]): void {
  const name = c.name.text;
  if (c.shape === 'other') {
    const known = expansionCondition(name);
    const close = known ? [] : closest(name, expansionConditions().map((x) => x.name).filter((x) => /^[a-z]/.test(x)));
    // and{...} / or{...} whose list did not read: one of its {condition}s is empty or not one.
    const badList = known?.shape === 'combinators' && /^\s*\{/.test(v.text.slice(c.name.end));
    out.push({
      ...span(v, c.name.start, c.name.end),
      code: known ? 'expansion-arguments' : 'expansion-unknown-condition',
      message: badList
        ? `the list of "${name}" does not read: each of its conditions is written in braces, {eq{$a}{b}}, and one here is empty or not a condition (Exim: condition name expected ... inside "${name}{...}" condition)`
        : known
        ? `the condition "${name}" is missing its arguments in braces${known.form ? `: ${known.form.startsWith(name) ? known.form.trim() : `${name} ${known.form.trim()}`}` : ''}`
        : `"${name}" is not an expansion condition${close.length ? `; did you mean "${close[0]}"?` : ''} (Exim: unknown condition "${name}")`,
      fixes: renames(v, c.name, close),
    });
  }
  for (const a of c.args as ArgumentNode[]) walk(v, a.parts, out);
  for (const sub of c.conditions ?? []) checkCondition(v, sub, out);
}
