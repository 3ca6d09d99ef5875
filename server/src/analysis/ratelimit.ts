// `ratelimit = m / p / options / key`, read as Exim's acl_ratelimit() reads it when the statement
// runs: a limit (a number, K, M or G may follow), a period (a time with units, more than zero),
// then options, of which at most one update mode and one per_* kind; any other word is part of
// the key. A value Exim cannot read makes the statement defer (a 451 for the client), so these
// are warnings. Parts that hold an expansion are known only after expansion and are left alone.
// Each message was checked against Exim 4.96 (exim -bh).

import { correctTime, readTime } from '../retry/time';
import type { Token } from '../syntax/tree';
import type { LineDiagnostic, LineFix } from './diagnostic';

/** The option words, by the group in which only one may be chosen. */
const GROUPS: readonly { words: readonly string[]; exim: string }[] = [
  { words: ['leaky', 'strict', 'readonly'], exim: 'conflicting update modes' },
  { words: ['per_addr', 'per_byte', 'per_cmd', 'per_conn', 'per_mail', 'per_rcpt'], exim: 'conflicting per_* options' },
];

const exim = (what: string) => `(Exim: error in arguments to "ratelimit" condition: ${what})`;

export function checkRatelimit(out: LineDiagnostic[], value: Token): void {
  // A "/" inside ${...} is not a separator: such values are known only after expansion.
  if (value.text.includes('{')) return;
  const parts: { text: string; start: number; end: number }[] = [];
  let at = 0;
  for (const piece of value.text.split('/')) {
    const lead = piece.length - piece.trimStart().length;
    const text = piece.trim();
    parts.push({ text, start: value.start + at + lead, end: value.start + at + lead + text.length });
    at += piece.length + 1;
  }
  const say = (p: { start: number; end: number }, message: string, fixes?: LineFix[]) => out.push({ start: p.start, end: Math.max(p.end, p.start + 1), code: 'acl-ratelimit', message, fixes });
  const [limit, period, ...options] = parts;
  if (!limit.text.includes('$') && limit.text !== '' && !/^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?[kmg]?$/i.test(limit.text)) {
    say(limit, `"${limit.text}" is not a rate limit: write a number, optionally followed by K, M or G, as in "ratelimit = 100 / 1h" ${exim(`"${limit.text}" is not a positive number`)}`);
    return;
  }
  if (!period) {
    say({ start: value.end, end: value.end }, `ratelimit needs a period after the limit, as in "${value.text.trim()} / 1h" ${exim('"NULL" is not a time value')}`);
    return;
  }
  if (!period.text.includes('$') && !(readTime(period.text) > 0)) {
    const meant = correctTime(period.text);
    const fixes = meant ? [{ title: `Write "${meant}"`, edits: [{ start: period.start, end: period.end, newText: meant }], preferred: true }] : undefined;
    say(period, `"${period.text}" is not a period: write a time with units greater than zero, such as 1h, 30m or 1d ${exim(`"${period.text}" is not a time value`)}`, fixes);
    return;
  }
  const chosen = new Map<number, string>();
  for (const o of options) {
    const word = o.text.toLowerCase();
    const group = GROUPS.findIndex((g) => g.words.includes(word));
    if (group >= 0) {
      const earlier = chosen.get(group);
      if (earlier !== undefined && earlier !== word) {
        say(o, `"${o.text}" conflicts with "${earlier}": choose one of ${GROUPS[group].words.join(', ')} ${exim(GROUPS[group].exim)}`);
        return;
      }
      chosen.set(group, word);
    } else if (word.startsWith('count=') && !o.text.includes('$') && !/^count=\s*(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(o.text)) {
      say(o, `"${o.text}" needs a plain number after "count=" (no K, M or G here) ${exim(`"${o.text}" is not a positive number`)}`);
      return;
    }
  }
}
