// Exim's readers for time values (readconf_readtime) and fixed-point numbers (readconf_readfixed),
// with C's 32-bit int arithmetic, and the formatting of durations for people.

const UNIT_SECONDS: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };

/** Wraps to a C `int` the way the arithmetic in Exim's readers does on common platforms. */
const toInt32 = (n: bigint): number => Number(BigInt.asIntN(32, n));

/** sscanf("%d") on a run of digits: strtol's clamping to a 64-bit long, then a cast to int. */
function scanInt(digits: string): number {
  let v = BigInt(digits);
  const max = (1n << 63n) - 1n;
  if (v > max) v = max;
  return toInt32(v);
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/**
 * Reads a time such as `2h`, `1h30m` or `1w` that must end at `end` (Exim: readconf_readtime with
 * the character after the token as terminator).  Returns seconds, or -1 when Exim would.
 */
export function readTime(text: string, start = 0, end = text.length): number {
  return readTimeIn(text, start, end, false);
}

/**
 * readconf_readtime with return_msec set, as Exim reads the delays of smtp_ratelimit_*: as
 * readTime, but a number of seconds may have a fraction (`0.5s`, `1m1.25s`).  Returns
 * milliseconds, or -1 when Exim would.
 */
export function readTimeMsec(text: string, start = 0, end = text.length): number {
  return readTimeIn(text, start, end, true);
}

function readTimeIn(text: string, start: number, end: number, msec: boolean): number {
  let p = start;
  let total = 0;
  for (;;) {
    if (p >= end || !isDigit(text[p])) return -1;
    let q = p;
    while (isDigit(text[q])) q++;
    let value = scanInt(text.slice(p, q));
    p = q;
    if (msec && text[p] === '.' && p < end) {
      // sscanf("%lf") from the point, then an "s": the fraction is added in whole milliseconds.
      const f = /^\.\d*(?:[eE][+-]?\d+)?/.exec(text.slice(p, end))![0];
      p += f.length;
      if (text[p] !== 's' || p >= end) return -1;
      p++;
      total = toInt32(BigInt(total) + BigInt(Math.trunc(Number(`0${f}`) * 1000)));
    } else {
      const unit = UNIT_SECONDS[text[p] ?? ''];
      if (unit === undefined || p >= end) return -1;
      value = toInt32(BigInt(value) * BigInt(unit));
      p++;
    }
    if (msec) value = toInt32(BigInt(value) * 1000n);
    total = toInt32(BigInt(total) + BigInt(value));
    if (p === end) return total;
  }
}

/**
 * Reads a fixed-point number such as `1.5` (Exim: readconf_readfixed): the value times 1000,
 * digits past the third decimal ignored; -1 when Exim would reject it.
 */
export function readFixed(text: string, start = 0, end = text.length): number {
  let p = start;
  if (!isDigit(text[p])) return -1;
  let q = p;
  while (isDigit(text[q])) q++;
  let value = toInt32(BigInt(scanInt(text.slice(p, q))) * 1000n);
  p = q;
  if (text[p] === '.' && p < end) {
    let m = 100;
    while (isDigit(text[++p]) && p < end) {
      value = toInt32(BigInt(value) + BigInt((text.charCodeAt(p) - 48) * m));
      m = Math.trunc(m / 10);
    }
  }
  return p === end ? value : -1;
}

/** Unit words people write for Exim's one-letter time units. */
const UNIT_WORDS: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  s: 's', sec: 's', secs: 's', second: 's', seconds: 's',
  m: 'm', min: 'm', mins: 'm', minute: 'm', minutes: 'm',
  h: 'h', hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
  d: 'd', day: 'd', days: 'd',
  w: 'w', wk: 'w', wks: 'w', week: 'w', weeks: 'w',
});

/**
 * The time meant by a value Exim cannot read, when there is only one reading: `1hr` -> `1h`,
 * `30 mins` -> `30m`, `2H` -> `2h`, `1h 30m` -> `1h30m`, `1.5h` -> `1h30m`.  Undefined when the
 * text is already a time or is something else.
 */
export function correctTime(text: string): string | undefined {
  const t = text.trim();
  const part = /(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*/y;
  let out = '';
  for (let p = 0; p < t.length; p = part.lastIndex) {
    part.lastIndex = p;
    const m = part.exec(t);
    const unit = m && UNIT_WORDS[m[2].toLowerCase()];
    if (!m || !unit) return undefined;
    if (m[1].includes('.')) {
      const seconds = Number(m[1]) * UNIT_SECONDS[unit];
      if (!Number.isInteger(seconds) || seconds <= 0) return undefined;
      out += formatDuration(seconds);
    } else {
      out += m[1] + unit;
    }
  }
  return out !== text && readTime(out) > 0 ? out : undefined;
}

/** `93784` -> `1d2h3m4s` (Exim's own compact style; units w are not used). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds <= 0) return '0s';
  let rest = Math.round(seconds);
  let out = '';
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += n + unit;
      rest -= n * size;
    }
  }
  return out;
}

/** `93784` -> `1 day 2 hours 3 minutes 4 seconds`. */
export function describeDuration(seconds: number): string {
  if (seconds <= 0) return '0 seconds';
  let rest = Math.round(seconds);
  const parts: string[] = [];
  for (const [unit, size] of [['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
      rest -= n * size;
    }
  }
  return parts.join(' ');
}

/** A duration rounded for a glance: `4d 5h`, `3h 22m`, `45m`, `30s`. */
export function roughDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const r = s % 60;
    return r ? `${m}m ${r}s` : `${m}m`;
  }
  if (s < 86400) {
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return m ? `${h}h ${m}m` : `${h}h`;
  }
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  return h ? `${d}d ${h}h` : `${d}d`;
}

/** A multiplier stored times 1000, shown as written: 1500 -> `1.5`. */
export function formatMultiplier(x1000: number): string {
  return String(x1000 / 1000);
}
