// The error names of retry rules, read the way Exim's readconf_retry_error() reads them:
// case-insensitive, split at the first `_`, many of them accepted as abbreviations.

import { readTime } from './time';

/** Exim's error classes (its basic_errno values, by name). */
export type RetryErrorClass =
  | 'any'
  | 'quota'
  | 'refused'
  | 'timeout'
  | 'mail_4xx'
  | 'rcpt_4xx'
  | 'data_4xx'
  | 'auth_failed'
  | 'lost_connection'
  | 'tls_required'
  | 'lookup';

export interface RetryErrorName {
  errorClass: RetryErrorClass;
  /** The name in its full, usual spelling (`timeout_connect_MX`, `rcpt_45x`, `quota_7d`). */
  canonical: string;
  /** refused/timeout qualifiers: A or MX record, connect phase. */
  qualifier?: 'A' | 'MX' | 'connect' | 'connect_A' | 'connect_MX';
  /** quota_<time>: seconds since the mailbox was last read. */
  quotaSeconds?: number;
  /** 4xx rules: 255 for any code, 100+d0 for a decade (45x), or the last two digits. */
  smtpCode?: number;
  /** The name was written in an abbreviated form that Exim expands. */
  abbreviated: boolean;
  /** `RCPT_4xx` / `MAIL_452` written with an upper-case first letter: Exim reads a data_4xx rule. */
  smtpCaseQuirk?: { written: 'mail' | 'rcpt' };
  /** timeout_dns (and its abbreviations): accepted with a complaint, treated as plain timeout. */
  deprecatedDns?: boolean;
}

export interface RetryErrorProblem {
  code: 'retry-unknown-error' | 'retry-bad-error-suffix' | 'retry-bad-smtp-code' | 'retry-bad-quota-time';
  message: string;
  /** Offset within the name where the problem starts. */
  at: number;
}

/** Every name Exim knows, in its usual spelling (for completion and did-you-mean). */
export const RETRY_ERROR_NAMES: readonly string[] = [
  '*',
  'quota',
  'quota_7d',
  'refused',
  'refused_A',
  'refused_MX',
  'timeout',
  'timeout_A',
  'timeout_MX',
  'timeout_connect',
  'timeout_connect_A',
  'timeout_connect_MX',
  'mail_4xx',
  'rcpt_4xx',
  'data_4xx',
  'auth_failed',
  'lost_connection',
  'tls_required',
  'lookup',
];

/** Names a did-you-mean may offer (quota_7d is an example, not a name). */
const SUGGESTABLE = RETRY_ERROR_NAMES.filter((n) => n !== 'quota_7d' && n !== '*');

const TIMEOUT_QUALIFIERS = ['A', 'MX', 'connect', 'connect_A', 'connect_MX'] as const;

/** Case-insensitive comparison of the first `n` characters (Exim's strncmpic, for n >= 0). */
function prefixOf(written: string, full: string): boolean {
  return written.length <= full.length && full.slice(0, written.length).toLowerCase() === written.toLowerCase();
}

export function parseRetryError(token: string): RetryErrorName | RetryErrorProblem {
  const underscore = token.indexOf('_');
  const base = underscore < 0 ? token : token.slice(0, underscore);
  const suffix = underscore < 0 ? undefined : token.slice(underscore + 1);
  const lowerBase = base.toLowerCase();

  if (base.length === 5 && lowerBase === 'quota') {
    if (suffix === undefined) return named('quota', 'quota', false);
    const seconds = readTime(suffix);
    if (seconds < 0) {
      return { code: 'retry-bad-quota-time', at: underscore + 1, message: `"${suffix}" is not a time: quota_ must be followed by a time such as 7d or 12h (Exim: bad time value)` };
    }
    return { ...named('quota', `quota_${suffix}`, false), quotaSeconds: seconds };
  }

  if (base.length === 7 && lowerBase === 'refused') {
    if (suffix === undefined) return named('refused', 'refused', false);
    for (const q of ['MX', 'A'] as const) {
      if (prefixOf(suffix, q)) return { ...named('refused', `refused_${q}`, suffix.length < q.length), qualifier: q };
    }
    return { code: 'retry-bad-error-suffix', at: underscore + 1, message: `"refused_" must be followed by MX or A (connection refused by an MX host or by a host found from an A record) (Exim: A or MX expected after "refused")` };
  }

  if (base.length === 7 && lowerBase === 'timeout') {
    if (suffix === undefined) return named('timeout', 'timeout', false);
    for (const q of TIMEOUT_QUALIFIERS) {
      if (prefixOf(suffix, q)) {
        return { ...named('timeout', `timeout_${q}`, suffix.length < q.length), qualifier: q };
      }
    }
    if (prefixOf(suffix, 'DNS')) return { ...named('timeout', 'timeout', false), deprecatedDns: true };
    return { code: 'retry-bad-error-suffix', at: underscore + 1, message: `"timeout_" must be followed by A, MX, connect, connect_A or connect_MX (Exim: "A", "MX", or "connect" expected after "timeout")` };
  }

  const lower6 = token.slice(0, 6).toLowerCase();
  if (lower6 === 'mail_4' || lower6 === 'rcpt_4' || lower6 === 'data_4') {
    const kind = lower6.slice(0, 4) as 'mail' | 'rcpt' | 'data';
    const code = token.length === 8 ? smtpCode(token[6], token[7]) : undefined;
    if (code === undefined) {
      return {
        code: 'retry-bad-smtp-code',
        at: 5,
        message: `${token.slice(0, 4)}_4 must be followed by xx (any 4xx code), dx (a decade such as 45x) or dd (an exact code such as 52); the x must be lower case (Exim: ${token.slice(0, 4)}_4 must be followed by xx, dx, or dd, where x is literal and d is any digit)`,
      };
    }
    // Exim picks the class from the first character as written: only a lower-case m or r gives
    // MAIL or RCPT; anything else, including `M` and `R`, gives DATA.
    const first = token[0];
    const errorClass = first === 'm' ? 'mail_4xx' : first === 'r' ? 'rcpt_4xx' : 'data_4xx';
    const canonical = `${errorClass.slice(0, 4)}_4${token.slice(6).toLowerCase()}`;
    const result: RetryErrorName = { ...named(errorClass, canonical, false), smtpCode: code };
    if (errorClass === 'data_4xx' && kind !== 'data') result.smtpCaseQuirk = { written: kind };
    return result;
  }

  if (base.length === 4 && lowerBase === 'auth' && suffix !== undefined && prefixOf(suffix, 'failed')) {
    return named('auth_failed', 'auth_failed', token.length < 11);
  }
  if (prefixOf(token, 'lost_connection')) return named('lost_connection', 'lost_connection', token.length < 15);
  if (prefixOf(token, 'tls_required')) return named('tls_required', 'tls_required', token.length < 12);
  if (prefixOf(token, 'lookup')) return named('lookup', 'lookup', token.length < 6);
  // Exim compares only the part before the first `_` with "*".
  if (base === '*') return named('any', '*', token !== '*');

  const suggestions = suggestRetryErrors(token);
  const hint = suggestions.length ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '';
  return { code: 'retry-unknown-error', at: 0, message: `"${token}" is not a retry error name${hint} (Exim: unknown or malformed retry error "${token}")` };
}

function named(errorClass: RetryErrorClass, canonical: string, abbreviated: boolean): RetryErrorName {
  return { errorClass, canonical, abbreviated };
}

function smtpCode(a: string, b: string): number | undefined {
  const digit = (c: string) => c >= '0' && c <= '9';
  if (digit(a)) {
    if (digit(b)) return (a.charCodeAt(0) - 48) * 10 + (b.charCodeAt(0) - 48);
    if (b === 'x') return (a.charCodeAt(0) - 48) * 10 + 100;
    return undefined;
  }
  return a === 'x' && b === 'x' ? 255 : undefined;
}

export function isRetryErrorProblem(r: RetryErrorName | RetryErrorProblem): r is RetryErrorProblem {
  return 'code' in r;
}

/** Close names for a misspelt one, best first (edit distance, case-insensitive). */
export function suggestRetryErrors(token: string): string[] {
  const t = token.toLowerCase();
  const scored = SUGGESTABLE.map((name) => ({ name, d: distance(t, name.toLowerCase()) }));
  const limit = Math.max(1, Math.min(3, Math.floor(t.length / 3)));
  return scored
    .filter((s) => s.d <= limit)
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map((s) => s.name);
}

/** Levenshtein distance, with a transposition counted as one edit. */
export function distance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => [i, ...new Array<number>(n).fill(0)]);
  for (let j = 1; j <= n; j++) d[0][j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[m][n];
}

/**
 * Whether a rule for error `earlier` catches every failure that a rule for `later` would, so that
 * a later rule with the same pattern can never be reached (Exim uses the first rule that matches).
 */
export function errorCovers(earlier: RetryErrorName, later: RetryErrorName): boolean {
  if (earlier.errorClass === 'any') return true;
  if (earlier.errorClass !== later.errorClass) return false;
  switch (earlier.errorClass) {
    case 'quota':
      return (earlier.quotaSeconds ?? 0) <= (later.quotaSeconds ?? 0);
    case 'refused':
      return !earlier.qualifier || earlier.qualifier === later.qualifier;
    case 'timeout': {
      const e = earlier.qualifier;
      const l = later.qualifier;
      if (!e) return true;
      if (e === l) return true;
      // timeout_connect matches every connect timeout; timeout_A / timeout_MX match connect
      // timeouts of that kind too.
      if (e === 'connect') return l === 'connect_A' || l === 'connect_MX';
      if (e === 'A') return l === 'connect_A';
      if (e === 'MX') return l === 'connect_MX';
      return false;
    }
    case 'mail_4xx':
    case 'rcpt_4xx':
    case 'data_4xx': {
      const e = earlier.smtpCode ?? 255;
      const l = later.smtpCode ?? 255;
      if (e === 255) return true;
      if (e >= 100) return l === e || (l < 100 && Math.floor(l / 10) * 10 === e - 100);
      return e === l;
    }
    default:
      return true;
  }
}
