// Reading a retry rule the way Exim's readconf_retries() does, from the tokens the grammar gives:
// the same verdict (accept or reject), the same first error, plus a column and, where there is
// one safe correction, a fix.  Exim stops at the first error of a line; so does this.

import type { LineDiagnostic, LineFix } from '../analysis/diagnostic';
import type { RetryArgumentNode, RetryItemNode, RetryRuleNode, RetryTailNode } from '../syntax/tree';
import { isRetryErrorProblem, parseRetryError, suggestRetryErrors, type RetryErrorName } from './errors';
import type { ScheduleItem } from './schedule';
import { correctTime, formatDuration, readFixed, readTime } from './time';

export interface RetryItem extends ScheduleItem {
  node: RetryItemNode;
}

export interface RetryRuleReading {
  /** Exim's verdict on the line. */
  accepted: boolean;
  error?: RetryErrorName;
  /** The items read (all of them when the line is accepted). */
  items: RetryItem[];
  /** At most one error (the first one Exim meets), and warnings. */
  diagnostics: LineDiagnostic[];
  /** `senders= F,2h,15m`: the items were read as the senders list. */
  sendersSwallowedItems?: boolean;
}

const isSpaceChar = (c: string | undefined) => c !== undefined && (c === ' ' || (c >= '\t' && c <= '\r'));

class RuleError extends Error {
  constructor(readonly diagnostic: LineDiagnostic) {
    super(diagnostic.message);
  }
}

function fail(start: number, end: number, code: string, message: string, fixes?: LineFix[]): never {
  throw new RuleError({ start, end: Math.max(end, start + 1), code, message, severity: 'error', fixes });
}

export function readRetryRule(node: RetryRuleNode, text: string): RetryRuleReading {
  const reading: RetryRuleReading = { accepted: false, items: [], diagnostics: [] };
  const warn = (d: LineDiagnostic) => reading.diagnostics.push({ severity: 'warning', ...d });
  try {
    if (!node.error) {
      const p = node.pattern;
      fail(p.start, p.end, 'retry-missing-error', `this retry rule has a pattern ("${p.value}") but no error name after it; write one, e.g. "${p.text} * F,2h,15m; G,16h,1h,1.5; F,4d,6h" (Exim: missing error type in retry rule)`);
    }
    const errorToken = node.error;
    // In the retry section a macro definition is read as a rule with the error name "=".
    if (errorToken.text === '=' || errorToken.text === '==') {
      fail(errorToken.start, errorToken.end, 'retry-unknown-error', 'macro definitions are not allowed in the retry section (Exim reads this line as a retry rule with the error name "="); define the macro in the main section');
    }
    const parsed = parseRetryError(errorToken.text);
    if (isRetryErrorProblem(parsed)) {
      const fixes: LineFix[] = errorNameFixes(parsed.code, errorToken.text).map((s, i) => ({
        title: `Change to "${s}"`,
        edits: [{ start: errorToken.start, end: errorToken.end, newText: s }],
        preferred: i === 0 ? true : undefined,
      }));
      fail(errorToken.start + parsed.at, errorToken.end, parsed.code, parsed.message, fixes.length ? fixes : undefined);
    }
    reading.error = parsed;
    errorWarnings(parsed, errorToken.start, errorToken.end, errorToken.text, warn);

    if (node.senders) {
      const s = node.senders;
      if (s.equals === undefined) {
        fail(s.keyword.start, s.keyword.end, 'retry-senders-equals', `"senders" must be followed by "=" and a list of senders, e.g. senders=*@example.com (Exim: "=" expected after "senders" in retry rule)`);
      }
      const v = s.value;
      if (v && !v.quoted && /^[FGHfgh],/.test(v.value)) {
        // Exim skips white space after "=" whatever it is, so the space is not the mistake (and
        // taking it out changes nothing): the sender list is missing.  The one correction that
        // keeps the items is to drop "senders=", which makes the rule apply to every sender.
        const next = node.tail.find((t): t is RetryItemNode => t.kind === 'item');
        if (!next) reading.sendersSwallowedItems = true;
        const lost = next
          ? `the rule loses that item and starts with "${text.slice(next.start, next.end)}"`
          : 'the rule has no retry items left: a matching address bounces at its first temporary failure';
        warn({
          start: v.start,
          end: v.end,
          code: 'retry-senders-swallowed-items',
          message: `"senders=" is followed by "${v.value}", which Exim reads as the list of senders${v.start > s.equals + 1 ? ' (it skips the blank after "=")' : ''}, so ${lost}. Write the sender list after "senders=", or remove "senders=" if the rule is for every sender`,
          fixes: [{ title: 'Remove "senders=" (the rule then applies to every sender)', edits: [{ start: s.keyword.start, end: v.start, newText: '' }] }],
        });
      }
    }

    readItems(node, text, reading, warn);
    reading.accepted = true;
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    reading.diagnostics.unshift(e.diagnostic);
  }
  return reading;
}

function errorWarnings(parsed: RetryErrorName, start: number, end: number, written: string, warn: (d: LineDiagnostic) => void): void {
  if (parsed.smtpCaseQuirk) {
    const lower = written.slice(0, 4).toLowerCase();
    warn({
      start,
      end,
      code: 'retry-smtp-error-case',
      message: `Exim looks only at the first letter to tell MAIL from RCPT from DATA, and only a lower-case "${lower[0]}" counts: "${written}" is read as "${parsed.canonical}", a rule for 4xx replies to DATA, not to ${parsed.smtpCaseQuirk.written.toUpperCase()}`,
      fixes: [{ title: `Write "${lower}${written.slice(4)}"`, edits: [{ start, end: start + 4, newText: lower }], preferred: true }],
    });
  } else if (parsed.abbreviated) {
    warn({
      start,
      end,
      code: 'retry-abbreviated-error',
      message: `Exim reads "${written}" as "${parsed.canonical}"; spell it out so that the rule says what it does`,
      fixes: [{ title: `Write "${parsed.canonical}"`, edits: [{ start, end, newText: parsed.canonical }], preferred: true }],
    });
  } else if (parsed.deprecatedDns) {
    warn({
      start,
      end,
      code: 'retry-timeout-dns',
      message: `"${written}" has never worked: Exim logs a complaint and treats it as plain "timeout"`,
      fixes: [{ title: 'Write "timeout"', edits: [{ start, end, newText: 'timeout' }], preferred: true }],
    });
  }
}

const LETTERS = new Set(['F', 'G', 'H']);

function readItems(node: RetryRuleNode, text: string, reading: RetryRuleReading, warn: (d: LineDiagnostic) => void): void {
  const tail = node.tail;
  let i = 0;
  const skipGap = () => {
    if (tail[i]?.kind === 'gap') i++;
  };
  skipGap();
  while (i < tail.length) {
    const token = tail[i];
    if (token.kind === 'separator' && text[token.end] === ',') {
      // `;,2h...`: Exim takes the `;` as a rule letter, reads the cutoff after the comma, and
      // then finds that `;` is no letter.
      let p = token.end + 1;
      while (isSpaceChar(text[p])) p++;
      while (p < text.length && /[A-Za-z0-9]/.test(text[p])) p++;
      if (p < text.length && !isSpaceChar(text[p]) && text[p] !== ',' && text[p] !== ';') {
        fail(p, p + 1, 'retry-comma-or-semicolon', `"${text[p]}" cannot follow the cutoff (Exim: comma or semicolon expected)`);
      }
      fail(token.start, token.end, 'retry-unknown-letter', '";" is not a retry rule letter: an item starts with F, G or H (Exim: unknown retry rule letter)');
    }
    if (token.kind === 'separator') {
      // Exim takes the `;` as the rule letter and then wants a comma.
      const previous = tail[i - 1]?.kind === 'gap' ? tail[i - 2] : tail[i - 1];
      const extra = previous?.kind === 'separator' || (previous === undefined && i === 0) ? 'an extra ";"' : 'a ";" with no item before it';
      fail(token.start, token.end, 'retry-comma-expected', `${extra}: Exim reads it as the letter of a new item and then wants a comma (Exim: comma expected)`, [
        { title: 'Remove the extra ";"', edits: [{ start: token.start, end: token.end, newText: '' }], preferred: true },
      ]);
    }
    if (token.kind !== 'item') break;
    readItem(token, text, reading, warn);
    i++;
    // After an item: white space, then `;` or the end of the line.
    const gap = tail[i]?.kind === 'gap' ? tail[i] : undefined;
    skipGap();
    const next = tail[i];
    if (!next) break;
    if (next.kind === 'separator') {
      i++;
      skipGap();
      continue;
    }
    semicolonExpected(token, next, gap, text, tail, i);
  }
}

function semicolonExpected(item: RetryItemNode, next: RetryTailNode, gap: RetryTailNode | undefined, text: string, tail: RetryTailNode[], at: number): never {
  const start = next.start;
  if (next.kind === 'item' && next.letter.text === '#') {
    fail(start, text.length, 'retry-trailing-comment', '"#" starts a comment only at the beginning of a line, so Exim reads this as part of the rule: put the comment on a line of its own (Exim: semicolon expected)');
  }
  if (next.kind === 'item' && next.letter.text === ',') {
    // A comma after the last argument: one too many, or a trailing comma.
    const after = tail[at + 1];
    const trailing = next.args.length === 0 && (!after || after.kind === 'separator' || after.kind === 'gap') && next.end === next.start + 1;
    if (trailing) {
      fail(start, next.end, 'retry-trailing-comma', `a trailing comma after the last argument of "${item.letter.text},..." (Exim: semicolon expected)`, [
        { title: 'Remove the trailing comma', edits: [{ start, end: next.end, newText: '' }], preferred: true },
      ]);
    }
    fail(start, next.end, 'retry-extra-argument', `too many arguments: ${letterArity(item.letter.text)} (Exim: semicolon expected)`);
  }
  if (gap && next.kind === 'item') {
    fail(start, next.end, 'retry-semicolon-expected', 'items of a retry rule must be separated by ";" (Exim: semicolon expected)', [
      { title: 'Insert ";"', edits: [{ start: gap.start, end: gap.start, newText: ';' }], preferred: true },
    ]);
  }
  fail(start, next.end, 'retry-semicolon-expected', `unexpected "${text.slice(start, next.end)}" after the item (Exim: semicolon expected)`);
}

function letterArity(letter: string): string {
  const l = letter.toUpperCase();
  if (l === 'F') return 'an F item takes a cutoff and an interval (F,cutoff,interval)';
  return `a${l === 'H' ? 'n' : ''} ${l} item takes a cutoff, an initial interval and a multiplier (${l},cutoff,interval,multiplier)`;
}

function readItem(item: RetryItemNode, text: string, reading: RetryRuleReading, warn: (d: LineDiagnostic) => void): void {
  const written = item.letter.text;
  // Exim reads bytes: a non-ASCII letter is more than one byte, and its second byte is no comma.
  if (written.charCodeAt(0) > 127) {
    fail(item.letter.start, item.letter.end, 'retry-unknown-letter', `"${written}" is not a retry rule letter: use F (fixed), G (growing) or H (growing, randomised) (Exim: comma expected)`);
  }
  const letter = written.toUpperCase();
  const args = item.args;

  const cutoff = readArgument(item, 0, 'time', text);
  if (!LETTERS.has(letter)) {
    fail(item.letter.start, item.letter.end, 'retry-unknown-letter', `"${written}" is not a retry rule letter: use F (fixed interval), G (geometrically growing) or H (growing, randomised) (Exim: unknown retry rule letter)`);
  }
  const interval = readArgument(item, 1, 'time', text);
  let multiplier: number | undefined;
  if (letter !== 'F') multiplier = readArgument(item, 2, 'multiplier', text).value;

  if (cutoff.value <= 0) badParameter(args[0], 'cutoff', cutoff.value);
  if (interval.value <= 0) badParameter(args[1], letter === 'F' ? 'interval' : 'initial interval', interval.value);
  if (letter !== 'F' && multiplier !== undefined && multiplier < 1000) {
    const a = args[2];
    fail(a.text.start, a.text.end || a.end, 'retry-bad-parameters',
      multiplier < 0 ? `"${a.text.text}" is not a multiplier: write a number such as 1.5 or 2 (Exim: bad parameters for retry rule)` : `the multiplier must be at least 1 (it is ${a.text.text}): the gap between attempts may not shrink (Exim: bad parameters for retry rule)`);
  }

  const needed = letter === 'F' ? 2 : 3;
  if (args.length > needed) {
    // Exim wants `;` or the end after the last argument, and finds a comma.
    const extra = args[needed];
    if (extra.text.text === '' && args.length === needed + 1) {
      fail(extra.comma, extra.comma + 1, 'retry-trailing-comma', `a trailing comma after the last argument of "${written},..." (Exim: semicolon expected)`, [
        { title: 'Remove the trailing comma', edits: [{ start: extra.spaceBeforeComma?.start ?? extra.comma, end: extra.end, newText: '' }], preferred: true },
      ]);
    }
    fail(extra.comma, args[args.length - 1].end, 'retry-extra-argument', `too many arguments: ${letterArity(letter)} (Exim: semicolon expected)`);
  }

  if (written !== letter) {
    warn({
      start: item.letter.start,
      end: item.letter.end,
      code: 'retry-lowercase-letter',
      message: `Exim accepts the lower-case "${written}" as "${letter}", but the upper-case letter is the usual spelling`,
      fixes: [{ title: `Write "${letter}"`, edits: [{ start: item.letter.start, end: item.letter.end, newText: letter }], preferred: true }],
      severity: 'information',
    });
  }
  reading.items.push({ letter: letter as 'F' | 'G' | 'H', cutoff: cutoff.value, interval: interval.value, multiplier, node: item });
}

function badParameter(arg: RetryArgumentNode, what: string, value: number): never {
  const t = arg.text;
  const start = t.start;
  const end = t.end > t.start ? t.end : arg.end;
  if (value === 0) fail(start, end, 'retry-bad-parameters', `the ${what} must be more than zero (Exim: bad parameters for retry rule)`);
  if (t.text === '') fail(arg.start, arg.end, 'retry-bad-parameters', `the ${what} is missing (Exim: bad parameters for retry rule)`);
  const explained = explainBadTime(t.text);
  fail(start, end, 'retry-bad-parameters', `"${t.text}" is not a valid ${what}: ${explained.message} (Exim: bad parameters for retry rule)`, explained.fix ? [{ title: `Write "${explained.fix}"`, edits: [{ start, end, newText: explained.fix }], preferred: true }] : undefined);
}

/** Names to offer for an error name Exim refuses: close names, or the code with a lower-case x. */
function errorNameFixes(code: string, written: string): string[] {
  if (code === 'retry-unknown-error' || code === 'retry-bad-error-suffix') return suggestRetryErrors(written);
  if (code === 'retry-bad-smtp-code') {
    const lowered = written.slice(0, 6) + written.slice(6).toLowerCase();
    if (lowered !== written && !isRetryErrorProblem(parseRetryError(lowered))) return [lowered];
  }
  return [];
}

/** Why a time token does not read, and the one correction when there is one. */
export function explainBadTime(token: string): { message: string; fix?: string } {
  if (/^\d+$/.test(token)) return { message: `the number needs a unit: s, m, h, d or w (e.g. ${token}m or ${token}h)` };
  if (/^(\d+[wdhms])*\d+[WDHMS]/.test(token) && readTime(token.toLowerCase()) > 0) {
    return { message: 'time units must be lower case', fix: token.toLowerCase() };
  }
  if (/^(\d+[wdhms])+\d+$/.test(token)) return { message: 'it ends with a number that has no unit' };
  const meant = token.includes('.') ? undefined : correctTime(token);
  if (meant) return { message: `Exim's time units are single letters (s, m, h, d, w): write ${meant}`, fix: meant };
  const m = /[^0-9wdhms]/.exec(token);
  if (m) return { message: `"${m[0]}" is not a time unit: write a number followed by s, m, h, d or w, as in 2h or 1h30m` };
  return { message: 'write a number followed by s, m, h, d or w, as in 2h or 1h30m' };
}

interface ArgumentValue {
  value: number;
}

function readArgument(item: RetryItemNode, index: number, kind: 'time' | 'multiplier', text: string): ArgumentValue {
  const arg = item.args[index];
  const letter = item.letter.text.toUpperCase();
  if (!arg) {
    // Exim wants a comma where the item ended.
    const at = item.end;
    const roles = ['cutoff', letter === 'F' ? 'interval' : 'initial interval', 'multiplier'];
    const message = LETTERS.has(letter)
      ? `the ${roles[index]} is missing: ${letterArity(letter)} (Exim: comma expected)`
      : 'a retry item is a letter (F, G or H), then a comma and the cutoff, as in F,2h,15m (Exim: comma expected)';
    const fixes: LineFix[] = [];
    if (index === 2 && (letter === 'G' || letter === 'H')) {
      fixes.push({ title: 'Insert the multiplier 1.5', edits: [{ start: at, end: at, newText: ',1.5' }], preferred: true });
    }
    if (at < text.length && !isSpaceChar(text[at]) && text[at] !== ';') {
      fail(at, at + 1, 'retry-comma-expected', `"${text[at]}" where a comma should be: ${message}`);
    }
    fail(item.start, item.end, 'retry-missing-argument', message, fixes.length ? fixes : undefined);
  }
  if (arg.spaceBeforeComma) {
    const s = arg.spaceBeforeComma;
    fail(s.start, s.end, 'retry-space-before-comma', 'Exim does not allow white space before a comma in a retry item (after a comma is fine) (Exim: comma expected)', [
      { title: 'Remove the space before the comma', edits: [{ start: s.start, end: s.end, newText: '' }], preferred: true },
    ]);
  }
  // The token: letters and digits (and, for the multiplier, dots); then Exim wants the end of
  // the line, white space, a comma or a semicolon.
  let end = arg.text.end;
  if (kind === 'time') {
    const dot = arg.text.text.indexOf('.');
    if (dot >= 0) end = arg.text.start + dot;
  }
  const after = text[end];
  if (after !== undefined && !isSpaceChar(after) && after !== ',' && after !== ';') {
    const tokenText = text.slice(arg.text.start, end);
    if (after === '.' && kind === 'time') {
      const whole = wholeFraction(arg.text.text);
      fail(end, end + 1, 'retry-fraction', `retry times cannot have fractions ("${arg.text.text}")${whole ? `; write ${whole}` : ''} (Exim: comma or semicolon expected)`,
        whole ? [{ title: `Write "${whole}"`, edits: [{ start: arg.text.start, end: arg.text.end, newText: whole }], preferred: true }] : undefined);
    }
    if ((after === '-' || after === '+') && tokenText === '') {
      fail(end, end + 1, 'retry-bad-parameters', `retry times cannot have a sign: write a positive time such as 2h (Exim: comma or semicolon expected)`);
    }
    fail(end, end + 1, 'retry-comma-or-semicolon', `"${after}" cannot follow "${tokenText}": after an argument Exim wants a comma, a semicolon or the end of the rule (Exim: comma or semicolon expected)`);
  }
  const value = kind === 'time' ? readTime(text, arg.text.start, end) : readFixed(text, arg.text.start, end);
  return { value };
}

/** `1.5h` -> `1h30m` when the fraction comes to whole seconds. */
function wholeFraction(token: string): string | undefined {
  const m = /^(\d+)\.(\d+)([wdhms])$/.exec(token);
  if (!m) return undefined;
  const unit = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 }[m[3] as 'w' | 'd' | 'h' | 'm' | 's'];
  const seconds = Number(`${m[1]}.${m[2]}`) * unit;
  if (!Number.isInteger(seconds) || seconds <= 0) return undefined;
  return formatDuration(seconds);
}
