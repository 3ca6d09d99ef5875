// Characters that look like Exim syntax but are not: typographic quotes and non-ASCII spaces,
// the usual souvenirs of a config pasted from a blog or a word processor.  They are reported where
// they change the meaning: in retry and rewrite rules (every character there is syntax), at the
// start or end of a value (where a straight quote would quote it), inside the queries and commands
// of expansions, and, for the spaces, anywhere outside free text.

import type { ConfigLine } from '../syntax/document';
import type { CheckContext } from './context';
import { LineMemo, lineContext } from './lineMemo';
import type { LineDiagnostic, LineFix } from './diagnostic';
import { expandedValue, lineOffset } from './expansions';
import { readQuoted } from '../syntax/strings';
import { listValue, splitList } from './lists';

const DOUBLE_QUOTES = '\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\uff02';
const SINGLE_QUOTES = '\u2018\u2019\u201a\u201b\u2032\u2039\u203a';
// Non-breaking and other Unicode spaces, zero-width characters, the word joiner.
const SPACES = /[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\u2060\ufeff]/g;
const QUOTES = new RegExp(`[${DOUBLE_QUOTES}${SINGLE_QUOTES}]`, 'g');

/** Modifiers and options whose value is text for people: typographic quotes there are fine. */
const FREE_TEXT = new Set(['message', 'log_message', 'logwrite', 'add_header', 'remove_header', 'headers_add', 'headers_remove', 'subject', 'text', 'bounce_message_text', 'warn_message_file', 'smtp_banner']);

/** Findings per line, by what they depend on (section, driver, text). */
const cache = new LineMemo<LineDiagnostic[]>();

export function checkLookalikes(ctx: CheckContext): void {
  for (const line of ctx.doc.lines) {
    if (!hasSuspect(line.text)) continue;
    const found = cache.get(line, lineContext(line), () => {
      const out: LineDiagnostic[] = [];
      lineLookalikes(line, out);
      return out;
    });
    for (const d of found) ctx.report(line, d);
  }
}

function lineLookalikes(line: ConfigLine, out: LineDiagnostic[]): void {
  {
    const node = line.node;
    if (node.kind === 'retry' || node.kind === 'rewrite') {
      // A lone quote made straight would open a quoted string that runs to the end of the line.
      reportAll(out, line, 0, line.text.length, true, balancedQuotes(straightened(line, 0, line.text.length, false)));
      return;
    }
    const value = node.kind === 'option' || node.kind === 'namedList' ? node.value : node.kind === 'aclStatement' ? node.condition?.value : undefined;
    const name = node.kind === 'option' ? node.name.text : node.kind === 'aclStatement' ? node.condition?.name.text : undefined;
    const freeText = name !== undefined && FREE_TEXT.has(name.replace(/^(no|not)_/, ''));
    // Spaces: everywhere but in free text.
    const head = value ? value.start : line.text.length;
    reportSpaces(out, line, 0, head);
    if (!value) return;
    if (!freeText) reportSpaces(out, line, value.start, value.end);
    // Quotes: an option value that starts or ends with one was meant to be quoted (ACL values are
    // never unquoted by Exim, so there the quotes are text like any other).
    const first = line.text[value.start];
    const last = line.text[value.end - 1];
    if (node.kind !== 'aclStatement' && (isQuote(first) || (isQuote(last) && value.end - 1 > value.start))) {
      // Straight quotes are offered only when they make the whole value one quoted string: with
      // a quote at one end only, or text after the closing one, they would make the value wrong.
      const straight = straightened(line, value.start, value.end, true);
      const quoted = straight.startsWith('"') ? readQuoted(straight, 0) : undefined;
      const fixable = !quoted || (quoted.closed && quoted.end === straight.length);
      reportQuotes(out, line, value.start, value.end, 'this value is wrapped in typographic quotes, which Exim takes as part of the text; use straight quotes (") or none', true, fixable);
      return;
    }
    // Quotes around the items of a domain, host, address or local part list: no quotes are
    // removed there, so the item cannot match what was meant.
    const list = listValue(line);
    if (list) {
      for (const item of splitList(list.text)) {
        const a = list.offsets[item.start];
        const b = list.offsets[item.end - 1];
        if (!isQuote(line.text[a]) && !isQuote(line.text[b])) continue;
        const edits = [a, b].filter((at, i, all) => isQuote(line.text[at]) && all.indexOf(at) === i).map((at) => ({ start: at, end: at + 1, newText: '' }));
        out.push({
          start: a,
          end: b + 1,
          code: 'typographic-quote',
          severity: 'warning',
          message: `the typographic quotes are part of this list item (Exim removes no quotes from list items), so it can never match ${item.text.replace(QUOTES, '')}`,
          fixes: [{ title: 'Remove the typographic quotes', edits, preferred: true }],
        });
      }
    }
    // Quotes inside lookup queries and commands: SQL and shells need straight quotes.
    const v = expandedValue(line);
    if (!v?.nodes) return;
    for (const [start, end] of queryArguments(v.nodes)) {
      reportQuotes(out, line, lineOffset(v, start), lineOffset(v, end - 1) + 1, 'typographic quotes in a lookup query or command are not quotes to the database or the shell; use straight quotes');
    }
  }
}

const ANY_SUSPECT = new RegExp(`${SPACES.source}|${QUOTES.source}`);
const hasSuspect = (text: string) => ANY_SUSPECT.test(text);

const isQuote = (c: string | undefined) => c !== undefined && (DOUBLE_QUOTES.includes(c) || SINGLE_QUOTES.includes(c));

function reportAll(out: LineDiagnostic[], line: ConfigLine, start: number, end: number, inRule: boolean, quotesFixable: boolean): void {
  reportSpaces(out, line, start, end);
  reportQuotes(out, line, start, end, inRule ? 'typographic quotes are not quotes to Exim: it reads them as ordinary characters of the pattern or value' : 'typographic quotes are not quotes to Exim', false, quotesFixable);
}

/** Whether the double quotes of a text pair up (a backslash escapes the next character). */
function balancedQuotes(text: string): boolean {
  let open = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') open = !open;
  }
  return !open;
}

function reportSpaces(out: LineDiagnostic[], line: ConfigLine, start: number, end: number): void {
  const text = line.text.slice(start, end);
  for (const m of text.matchAll(SPACES)) {
    const at = start + m.index!;
    const code = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    out.push({
      start: at,
      end: at + 1,
      code: 'lookalike-space',
      severity: 'warning',
      message: `this is not a space but U+${code} (${m[0] === '\u00a0' ? 'a non-breaking space' : 'an invisible or non-ASCII space'}): Exim reads it as part of the word around it`,
      fixes: [{ title: m[0] === '\u200b' || m[0] === '\ufeff' || m[0] === '\u2060' ? 'Remove the invisible character' : 'Replace with a plain space', edits: [{ start: at, end: at + 1, newText: m[0] === '\u200b' || m[0] === '\ufeff' || m[0] === '\u2060' ? '' : ' ' }], preferred: true }],
    });
  }
}

/** The straight quote that replaces the typographic one at `at` (see reportQuotes). */
function straightQuote(line: ConfigLine, at: number, start: number, end: number, wrapped: boolean): string {
  return DOUBLE_QUOTES.includes(line.text[at]) || (wrapped && (at === start || at === end - 1)) ? '"' : "'";
}

/** The text of [start, end) of a line after its typographic quotes are made straight. */
function straightened(line: ConfigLine, start: number, end: number, wrapped: boolean): string {
  let out = '';
  for (let at = start; at < end; at++) out += isQuote(line.text[at]) ? straightQuote(line, at, start, end, wrapped) : line.text[at];
  return out;
}

/**
 * `wrapped`: the quotes around a whole option value, which were meant to quote it: both become
 * `"` (Exim removes double quotes from a value, never single ones).  `fixable`: whether the
 * straight quotes are offered as a fix.
 */
function reportQuotes(out: LineDiagnostic[], line: ConfigLine, start: number, end: number, why: string, wrapped = false, fixable = true): void {
  const text = line.text.slice(start, end);
  const found: number[] = [];
  for (const m of text.matchAll(QUOTES)) found.push(start + m.index!);
  if (found.length === 0) return;
  const straight = (at: number) => straightQuote(line, at, start, end, wrapped);
  const fix: LineFix = {
    title: found.length > 1 ? 'Replace the typographic quotes with straight ones' : 'Replace with a straight quote',
    edits: found.map((at) => ({ start: at, end: at + 1, newText: straight(at) })),
    preferred: true,
  };
  out.push({ start: found[0], end: found[found.length - 1] + 1, code: 'typographic-quote', severity: 'warning', message: why, fixes: fixable ? [fix] : undefined });
}

/** Argument ranges (in the expanded value) of `${lookup ...{query}}` and `${run{command}}`. */
function* queryArguments(nodes: import('../syntax/tree').ExpansionNode[]): Generator<[number, number]> {
  for (const n of nodes) {
    if (n.kind === 'item') {
      const name = n.name.text;
      for (const a of n.args) {
        if (a.kind !== 'argument') continue;
        if ((name === 'lookup' || name === 'run') && a === n.args[0]) yield [a.start, a.end];
        yield* queryArguments(a.parts);
      }
      if (n.lookupKey) yield* queryArguments(n.lookupKey.parts);
    } else if (n.kind === 'operator') {
      yield* queryArguments(n.argument.parts);
    }
  }
}
