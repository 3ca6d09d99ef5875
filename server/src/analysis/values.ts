// Readers for option values, as Exim's readconf_handle_option() reads each type: they say
// whether Exim accepts the value and, if not, why (in Exim's terms and in plain words).

import { correctTime, readTime } from '../retry/time';
import { closest } from './distance';
import { readQuoted } from '../syntax/strings';

export interface ValueProblem {
  /** Offset within the value where the problem starts, and where it ends. */
  start: number;
  end: number;
  message: string;
  /** A replacement for the whole value when there is one safe correction. */
  fix?: string;
  /** The fix is what was meant beyond doubt (a unit written as a word): fix-all may apply it. */
  preferred?: boolean;
  /** Corrections of one part of the value (offsets within it), best first. */
  replacements?: { start: number; end: number; newText: string; /** false: not beyond doubt, fix-all leaves it. */ preferred?: false }[];
  /** The check's code when it is not option-value (a warning about what Exim accepts). */
  code?: string;
}

const isSpace = (c: string | undefined) => c !== undefined && (c === ' ' || (c >= '\t' && c <= '\r'));

/** Booleans: true/false/yes/no in any case (Exim reads a name: letters first). */
export function readBoolean(value: string): boolean | undefined {
  const v = value.toLowerCase();
  if (v === 'true' || v === 'yes') return true;
  if (v === 'false' || v === 'no') return false;
  return undefined;
}

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;

/** strtol(s, &end, base) on the start of `s`: the value and where it stopped (0 = nothing read). */
function strtol(s: string, base: 0 | 8 | 10): { value: number; end: number; overflow: boolean } {
  let p = 0;
  while (isSpace(s[p])) p++;
  let sign = 1;
  if (s[p] === '+' || s[p] === '-') {
    if (s[p] === '-') sign = -1;
    p++;
  }
  let radix: number = base === 0 ? 10 : base;
  if (base === 0 && s[p] === '0' && (s[p + 1] === 'x' || s[p + 1] === 'X') && /[0-9a-fA-F]/.test(s[p + 2] ?? '')) {
    radix = 16;
    p += 2;
  } else if (base === 0 && s[p] === '0') {
    radix = 8;
  }
  const digits = radix === 16 ? /[0-9a-fA-F]/ : radix === 8 ? /[0-7]/ : /[0-9]/;
  const start = p;
  let v = 0n;
  while (p < s.length && digits.test(s[p])) {
    v = v * BigInt(radix) + BigInt(parseInt(s[p], 16));
    p++;
  }
  if (p === start) return { value: 0, end: 0, overflow: false };
  const signed = BigInt(sign) * v;
  const overflow = signed > 9223372036854775807n || signed < -9223372036854775808n;
  return { value: Number(signed), end: p, overflow };
}

/** opt_int, opt_mkint, opt_octint: an integer with an optional K, M, G or T suffix. */
export function checkInteger(value: string, octal: boolean): ValueProblem | undefined {
  const r = strtol(value, octal ? 8 : 0);
  const kind = octal ? 'octal integer' : 'integer';
  if (r.end === 0) return { start: 0, end: value.length, message: `${kind} expected (Exim: ${octal ? 'octal ' : ''}integer expected)` };
  let v = r.value;
  let p = r.end;
  let overflow = r.overflow;
  const suffix = 'TtGgMmKk'.indexOf(value[p] ?? '\u0000');
  if (!overflow && p < value.length && suffix >= 0) {
    p++;
    const times = 4 - Math.floor(suffix / 2);
    for (let i = 0; i < times; i++) {
      if (v > INT_MAX / 1024 || v < INT_MIN / 1024) {
        overflow = true;
        break;
      }
      v *= 1024;
    }
  }
  if (overflow || v > INT_MAX || v < INT_MIN) return { start: 0, end: value.length, message: `the integer "${value}" is too large (Exim: absolute value of integer is too large (overflow))` };
  while (isSpace(value[p])) p++;
  if (p < value.length) {
    return { start: p, end: value.length, message: `"${value.slice(p)}" after the ${kind} (suffixes K, M, G or T multiply by 1024 each) (Exim: extra characters follow integer value)`, fix: octal ? undefined : sizeMeant(value, r.end, 'KkMmGgTt', (v) => !checkInteger(v, false)), preferred: true };
  }
  return undefined;
}

/** `10MB`, `10 MB`, `512KiB`: the size with Exim's one-letter suffix (`10M`), when that is what is meant. */
function sizeMeant(value: string, numberEnd: number, letters: string, fits: (v: string) => boolean): string | undefined {
  const m = /^\s*([A-Za-z])(?:i?[Bb]|bytes?)\s*$/.exec(value.slice(numberEnd));
  const meant = m && letters.includes(m[1]) ? value.slice(0, numberEnd) + m[1] : undefined;
  return meant !== undefined && fits(meant) ? meant : undefined;
}

/** opt_Kint: a size held in kilobytes; K, M, G, T, P, E, Z suffixes. */
export function checkKilobytes(value: string): ValueProblem | undefined {
  const r = strtol(value, 0);
  if (r.end === 0) return { start: 0, end: value.length, message: 'integer expected (a size, optionally with K, M or G) (Exim: integer expected)' };
  let p = r.end;
  if (p < value.length && 'KkMmGgTtPpEeZz'.includes(value[p])) p++;
  while (isSpace(value[p])) p++;
  if (p < value.length) return { start: p, end: value.length, message: `"${value.slice(p)}" after the size (Exim: extra characters follow integer value)`, fix: sizeMeant(value, r.end, 'KkMmGgTtPpEeZz', (v) => !checkKilobytes(v)), preferred: true };
  return undefined;
}

/** opt_fixed: digits with an optional fraction (three decimals count). */
export function checkFixed(value: string): ValueProblem | undefined {
  if (!/^[0-9]/.test(value)) return { start: 0, end: value.length, message: 'a number such as 1.5 expected (Exim: fixed-point number expected)' };
  let p = 0;
  while (/[0-9]/.test(value[p] ?? '')) p++;
  if (value[p] === '.') {
    p++;
    while (/[0-9]/.test(value[p] ?? '')) p++;
  }
  while (isSpace(value[p])) p++;
  if (p < value.length) return { start: p, end: value.length, message: `"${value.slice(p)}" after the number (Exim: extra characters follow fixed-point value)` };
  return undefined;
}

/** opt_time: 1h30m, 2d, 45s ... */
export function checkTime(value: string): ValueProblem | undefined {
  if (readTime(value) >= 0) return undefined;
  const meant = correctTime(value);
  return {
    start: 0,
    end: value.length,
    message: `"${value}" is not a time: write numbers with units w, d, h, m or s, such as 30m or 1h30m${meant ? ` (here ${meant})` : ''} (Exim: invalid time value)`,
    fix: meant,
    preferred: true,
  };
}

/** opt_timelist: times separated by colons, each later than the one before. */
export function checkTimeList(value: string): ValueProblem | undefined {
  let offset = 0;
  let previous = -1;
  for (const part of value.split(':')) {
    const t = part.trim();
    const start = offset + part.indexOf(t);
    if (t !== '') {
      const v = readTime(t);
      if (v < 0) return { start, end: start + t.length, message: `"${t}" is not a time (Exim: invalid time value)` };
      if (v <= previous) return { start, end: start + t.length, message: `"${t}" is not later than the time before it: the list must increase (Exim: time value out of order)` };
      previous = v;
    }
    offset += part.length + 1;
  }
  return undefined;
}

/**
 * A string value as read_string() reads it: when it starts with a quote, the quoted string with
 * escapes, and nothing may follow the closing quote.
 */
export function checkQuotedString(value: string): ValueProblem | undefined {
  if (!value.startsWith('"')) return undefined;
  const d = readQuoted(value, 0);
  if (!d.closed) return { start: 0, end: value.length, message: 'the quoted string has no closing quote (Exim: missing quote at end of string value)' };
  let p = d.end;
  while (isSpace(value[p])) p++;
  if (p < value.length) {
    return { start: p, end: value.length, message: `"${value.slice(p)}" after the closing quote: a quoted value must end at its quote (Exim: extra characters follow string value)` };
  }
  return undefined;
}

/**
 * log_file_path: a colon-separated list of "syslog" and file paths, each path with one "%s" (where
 * Exim puts main, reject or panic).  Exim checks this as it reads the file.
 */
export function checkLogFilePath(value: string): ValueProblem | undefined {
  if (value.includes('$')) return undefined;
  let at = 0;
  for (const raw of value.split(':')) {
    const start = at + (raw.length - raw.trimStart().length);
    const item = raw.trim();
    at += raw.length + 1;
    if (item === '' || item === 'syslog') continue;
    const count = item.split('%s').length - 1;
    const end = start + item.length;
    if (count === 0) return { start, end, message: `"${item}" has no "%s": Exim puts the log's name (main, reject, panic) there, as in /var/log/exim4/%slog; or write syslog, in lower case (Exim: log_file_path "${item}" does not contain "%s")` };
    if (count > 1) return { start, end, message: `"${item}" has "%s" more than once: Exim wants it exactly once (Exim: log_file_path "${item}" contains unexpected "%" character)` };
  }
  return undefined;
}

/** One `+name` or `-name` of a log_selector value, with its offsets (start at the sign). */
export interface LogSelectorItem {
  name: string;
  start: number;
  end: number;
}

/**
 * The items of a log_selector value as Exim reads them: `+name` or `-name`, separated by white
 * space; `malformedAt` is where something else begins (Exim stops there).
 */
export function logSelectorItems(value: string): { items: LogSelectorItem[]; malformedAt?: number } {
  const items: LogSelectorItem[] = [];
  let p = 0;
  for (;;) {
    while (isSpace(value[p])) p++;
    if (p >= value.length) return { items };
    if (value[p] !== '+' && value[p] !== '-') return { items, malformedAt: p };
    const start = p++;
    while (p < value.length && /[A-Za-z0-9_]/.test(value[p])) p++;
    items.push({ name: value.slice(start + 1, p), start, end: p });
  }
}

/**
 * log_selector: the first unknown name, else the first malformed item, of its +name and -name
 * items (white space between them is optional), as Exim's decode_bits() reads them; names are
 * case-sensitive.
 */
export function checkLogSelector(value: string, known: (name: string) => boolean, names: () => readonly string[] = () => []): ValueProblem | undefined {
  const { items, malformedAt } = logSelectorItems(value);
  const unknown = items.filter((i) => !known(i.name)).length;
  for (const { name, start, end } of items) {
    if (known(name)) continue;
    const lower = name.toLowerCase();
    const cased = name !== lower && known(lower);
    const hint = cased ? `; selector names are lower case: ${value[start]}${lower}` : '';
    // (A name run into other text, `+tls_peer\x01dn` or `-received_recipie-1nts`, is not
    // fixed by renaming it: the item after it would then be read, and may be wrong too.)
    const ends = end >= value.length || isSpace(value[end]);
    const close = !ends || name === '' ? [] : cased ? [lower] : closest(name, names());
    const didYouMean = !cased && close.length ? `; did you mean ${close.map((c) => `"${c}"`).join(' or ')}?` : '';
    // Nor while another item is wrong too: Exim (and this check) would then stop at that one.
    const alone = unknown === 1 && malformedAt === undefined;
    const replacements = alone ? close.map((c) => ({ start: start + 1, end, newText: c })) : [];
    return { start, end, message: `"${name}" is not a log selector${hint}${didYouMean} (Exim: unknown log_selector setting: ${value.slice(start, end)})`, replacements };
  }
  if (malformedAt === undefined) return undefined;
  return { start: malformedAt, end: value.length, message: `each log selector starts with + (log it) or - (do not); found "${value.slice(malformedAt)}" (Exim: malformed log_selector setting: + or - expected)` };
}
