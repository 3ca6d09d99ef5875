// Retry lines for tests: valid rules of every shape and mutations of them (seeded, repeatable).
// The differential test checks each against Exim; the parser test reads each two ways.

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATTERNS = ['*', 'example.com', '*.example.com', 'user@example.com', '"*@quoted example"', '^.*\\.test$', 'lsearch;/etc/retry-domains', '*@*.example.org', '"a\\"b"'];
const ERRORS = [
  '*', 'quota', 'quota_7d', 'quota_1h30m', 'refused', 'refused_A', 'refused_MX', 'refused_mx', 'refused_M', 'refused_',
  'timeout', 'timeout_A', 'timeout_MX', 'timeout_connect', 'timeout_connect_A', 'timeout_connect_MX', 'timeout_', 'timeout_c',
  'timeout_connect_', 'timeout_dns', 'timeout_d', 'mail_4xx', 'rcpt_4xx', 'data_4xx', 'rcpt_45x', 'rcpt_452', 'MAIL_452',
  'RCPT_4xx', 'Rcpt_4xx', 'DATA_4xx', 'auth_failed', 'auth_f', 'auth_', 'lost_connection', 'l', 'lo', 'lost', 'tls_required',
  't', 'tls', 'lookup', 'loo', 'look', 'TIMEOUT', 'Lookup', '*_x',
  // not accepted by Exim
  'lmtp', '**', 'auth', 'lookupx', 'timeout_X', 'refused_B', 'rcpt_4', 'rcpt_4xxx', 'rcpt_4XX', 'rcpt_x4', 'quota_7', 'quota_',
  'quota_7D', 'timout', 'refuse', 'lost_connectionx', 'ti', 'data_4', '=', 'senders=x', '“*”',
];
const TIMES = ['2h', '15m', '1d', '4d', '6h', '30s', '1w', '1h30m', '30m1h', '90m', '12h', '3d12h', '45m', '1d1h1m1s'];
const BAD_TIMES = ['2x', '1.5h', '-1h', '2', '1H', '0s', '1h30', '', 'h', '+1h', '1h.', '2hh', '99999999999h', '0h0m', 'é'];
const MULTIPLIERS = ['1.5', '2', '1', '1.', '1.25', '3', '1.05', '1.23456', '10'];
const BAD_MULTIPLIERS = ['0.9', '.5', '2x', '0', '-1', '1.5.1', 'x', ''];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function item(r: () => number): string {
  const letter = pick(r, ['F', 'G', 'H', 'F', 'G']);
  const args = [pick(r, TIMES), pick(r, TIMES)];
  if (letter !== 'F') args.push(pick(r, MULTIPLIERS));
  return [letter, ...args].join(',');
}

function validLine(r: () => number): string {
  const parts = [pick(r, PATTERNS), pick(r, ERRORS.slice(0, 46))];
  const s = r();
  if (s < 0.15) parts.push('senders=*@example.com');
  else if (s < 0.2) parts.push('senders="a@b : c@d"');
  const n = Math.floor(r() * 4);
  const items = Array.from({ length: n }, () => item(r));
  const sep = pick(r, ['; ', ';', ' ; ', ';  ']);
  let line = parts.join(pick(r, [' ', '  ', '\t']));
  if (items.length) line += pick(r, [' ', '   ']) + items.join(sep);
  if (r() < 0.1 && items.length) line += ';';
  return line;
}

const MUTATIONS: ((line: string, r: () => number) => string)[] = [
  (l) => l.replace(/([FGH]),/, (_m, x: string) => x.toLowerCase() + ','),
  (l, r) => l.replace(/[FGH],/, pick(r, ['X,', 'Q,', 'f,', 'g,', 'h,', 'FF,', '', ';,', 'É,'])),
  (l) => l.replace(/,/, ''),
  (l) => l.replace(/,/, ' ,'),
  (l) => l + ',',
  (l, r) => l + ',' + pick(r, ['3', '2h', '']),
  (l) => l.replace(/;/, ''),
  (l) => l.replace(/; ?/, ' '),
  (l) => l.replace(/;/, ';;'),
  (l, r) => l.replace(/\b\d+[a-z]+\b/, pick(r, BAD_TIMES)),
  (l, r) => l.replace(/,(\d+(\.\d*)?)(?=;|$| )/, ',' + pick(r, BAD_MULTIPLIERS)),
  (l, r) => l.replace(/\s\S+\s/, ' ' + pick(r, ERRORS) + ' '),
  (l) => l + ' # retry comment',
  (l) => l.replace(/,[\d.]+(?=;|$)/, ''),
  (l) => l.replace(/(\S+\s+\S+)/, '$1 senders'),
  (l) => l.replace(/(\S+\s+\S+)/, '$1 senders= F,2h,15m'),
  (l) => l.replace(/(\S+\s+\S+)/, '$1 sendersX=a'),
  (l) => l.replace(/(\S+\s+\S+)/, '$1 senders=”boss@example.com”'),
  (l) => l.replace(/\s+\S+$/, ''),
  (l) => l.split(/\s+/)[0],
  (l) => l + ' ;',
  (l) => l + '; ;',
  (l) => ' ' + l.replace(/ /g, '  '),
  (l) => l.replace(/,/g, ', '),
  (l) => l.replace(/ /, '\u00a0'),
];

export function generateRetryLines(count: number): string[] {
  const r = prng(0xe1f);
  const seen = new Set<string>();
  const out: string[] = [];
  let guard = 0;
  while (out.length < count && guard++ < count * 20) {
    let line = validLine(r);
    const m = r();
    if (m > 0.35) line = pick(r, MUTATIONS)(line, r);
    if (m > 0.8) line = pick(r, MUTATIONS)(line, r);
    line = line.trim();
    if (!line || line.startsWith('#') || line.startsWith('.') || /^begin /i.test(line) || seen.has(line)) continue;
    seen.add(line);
    out.push(line);
  }
  return out;
}

