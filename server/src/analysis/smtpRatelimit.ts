// smtp_ratelimit_mail and smtp_ratelimit_rcpt: `threshold, base, factor, limit`, read as Exim's
// unpick_ratelimit() reads them when it starts (sscanf "%d, %15[0123456789smhdw.], %lf, %15s", then
// both times with fractions of a second allowed).  The value is not expanded, and anything Exim
// cannot read stops it at start-up (`exim -bV` too) with "malformed ratelimit data".

import { readTimeMsec } from '../retry/time';
import type { ValueProblem } from './values';

const isSpace = (c: string | undefined) => c !== undefined && (c === ' ' || (c >= '\t' && c <= '\r'));
const FLOAT = /^[+-]?(?:0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d*)?|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d*)?|inf(?:inity)?|nan(?:\([0-9A-Za-z_]*\))?)/i;
const TIME_CHARS = /[0-9smhdw.]/;

const FIELDS = ['the threshold', 'the first delay', 'the factor', 'the longest delay'] as const;
const SHAPE = 'Exim reads four values with a comma after each of the first three: threshold (commands before the delays start), first delay, factor, longest delay, such as "2, 0.5s, 1.05, 4h"; it does not start otherwise';

/** Where sscanf stops, and which field it was reading; undefined when the value reads. */
export function checkSmtpRatelimit(value: string, option = 'smtp_ratelimit_mail'): ValueProblem | undefined {
  const exim = `(Exim: malformed ratelimit data: ${value})`;
  const fail: Fail = (field, start, end, why, fix) => ({ start, end: Math.max(end, start + 1), message: `${FIELDS[field]} ${why}. ${SHAPE} ${exim}`, replacements: fix });
  const short = (field: number): ValueProblem => ({ start: value.length, end: value.length + 1, message: `${FIELDS[field]} is missing. ${SHAPE} ${exim}` });
  let p = 0;
  while (isSpace(value[p])) p++;
  if (value.slice(p) === '') return { start: 0, end: 0, message: `${option} is set to nothing: give it four values or leave it out (then there are no delays). ${SHAPE} ${exim}` };
  // %d
  const int = /^[+-]?\d+/.exec(value.slice(p));
  if (!int) return fail(0, p, wordEnd(value, p), `"${word(value, p)}" is not a whole number`);
  let fieldStart = p;
  p += int[0].length;
  const comma = (field: number): ValueProblem | undefined => {
    if (value[p] === ',') {
      p++;
      while (isSpace(value[p])) p++;
      fieldStart = p;
      return undefined;
    }
    let q = p;
    while (isSpace(value[q])) q++;
    if (value[q] === ',') return fail(field, p, q, `"${value.slice(fieldStart, p)}" has a space before its comma`, [{ start: fieldStart, end: q + 1, newText: `${value.slice(fieldStart, p)},` }]);
    if (q >= value.length) return short(field + 1);
    return fail(field, p, value.length, `"${value.slice(fieldStart, p)}" is followed by "${value.slice(p)}" where a comma should come`);
  };
  const problem = comma(0);
  if (problem) return problem;
  // %15[0123456789smhdw.]: a time, read with fractions of seconds.
  const base = timeField(value, p, 1, fail, short);
  if ('problem' in base) return base.problem;
  p = base.end;
  const afterBase = comma(1);
  if (afterBase) return afterBase;
  // %lf
  const factor = FLOAT.exec(value.slice(p));
  if (!factor) return p >= value.length ? short(2) : fail(2, p, wordEnd(value, p), `"${word(value, p)}" is not a number`);
  p += factor[0].length;
  const afterFactor = comma(2);
  if (afterFactor) return afterFactor;
  // %15s: up to 15 characters that are not white space; what follows them is not read.
  const start = p;
  let end = p;
  while (end < value.length && end - start < 15 && !isSpace(value[end])) end++;
  if (end === start) return short(3);
  if (readTimeMsec(value, start, end) < 0) return fail(3, start, wordEnd(value, start), timeWhy(value.slice(start, wordEnd(value, start))), unitFix(value, start, wordEnd(value, start)));
  return undefined;
}

type Fail = (field: number, start: number, end: number, why: string, fix?: ValueProblem['replacements']) => ValueProblem;

function timeField(value: string, p: number, field: number, fail: Fail, short: (field: number) => ValueProblem): { end: number } | { problem: ValueProblem } {
  let end = p;
  while (end < value.length && end - p < 15 && TIME_CHARS.test(value[end])) end++;
  if (end === p) return { problem: p >= value.length ? short(field) : fail(field, p, wordEnd(value, p), `"${word(value, p)}" is not a time`) };
  if (readTimeMsec(value, p, end) < 0) return { problem: fail(field, p, end, timeWhy(value.slice(p, end)), unitFix(value, p, end)) };
  return { end };
}

function timeWhy(text: string): string {
  if (/^\d+$/.test(text)) return `"${text}" has no unit: write ${text}s for seconds (or m, h, d, w)`;
  if (/\d\.\d*[mhdw]/.test(text)) return `"${text}" is not a time: only seconds take a fraction (0.5s, 1m30s)`;
  return `"${text}" is not a time: write numbers with units w, d, h, m or s, such as 0.5s or 1h`;
}

/** A bare number of seconds gets its "s". */
function unitFix(value: string, start: number, end: number): ValueProblem['replacements'] {
  const text = value.slice(start, end);
  return /^\d+(?:\.\d+)?$/.test(text) ? [{ start, end, newText: `${text}s`, preferred: false }] : undefined;
}

function wordEnd(value: string, p: number): number {
  let q = p;
  while (q < value.length && value[q] !== ',' && !isSpace(value[q])) q++;
  return q;
}

const word = (value: string, p: number) => value.slice(p, wordEnd(value, p));
