// Differential test: for thousands of generated retry lines (valid ones and mutations of them),
// this project's verdict (accept/reject) and Exim's first error message must equal what Debian's
// `exim4 -bV -C` says.  Runs when exim4 is installed (.ci/run installs it).

import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readRetryRule } from '../../server/src/retry/rule';
import { parseLine } from '../../server/src/syntax/parse';
import type { RetryRuleNode } from '../../server/src/syntax/tree';

const EXIM = ['/usr/sbin/exim4', '/usr/sbin/exim', '/usr/bin/exim4', '/usr/bin/exim'].find((p) => existsSync(p));
const COUNT = Number(process.env.RETRY_DIFFERENTIAL_COUNT ?? 2400);

// ---------------------------------------------------------------- generator (seeded, repeatable)

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

function generate(count: number): string[] {
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

// ---------------------------------------------------------------- running Exim

interface EximVerdict {
  ok: boolean;
  line?: number;
  message?: string;
}

function runExim(file: string): Promise<EximVerdict> {
  return new Promise((resolve) => {
    execFile(EXIM!, ['-bV', '-C', file], { timeout: 20000, env: { PATH: '/usr/sbin:/usr/bin:/bin' } }, (err, _stdout, stderr) => {
      if (!err) return resolve({ ok: true });
      const m = /Exim configuration error in line (\d+) of [^\n]*:\n\s*(.*)/.exec(stderr);
      resolve(m ? { ok: false, line: Number(m[1]), message: m[2].trim() } : { ok: false, message: stderr.trim() });
    });
  });
}

async function pool<T, R>(items: T[], size: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await f(items[i]);
      }
    }),
  );
  return out;
}

const HEADER = 'keep_environment =\nbegin retry\n';
const FIRST_RULE_LINE = 3;

function ours(line: string) {
  const node = parseLine('retryLine', line) as RetryRuleNode;
  return readRetryRule(node, line);
}

test(`retry verdicts agree with exim4 -bV on ${COUNT} generated lines`, { timeout: 600_000 }, async (t) => {
  if (!EXIM) {
    t.skip('exim4 is not installed: the differential test needs Debian\'s exim4-daemon-heavy (.ci/run installs it)');
    return;
  }
  const lines = generate(COUNT);
  assert.ok(lines.length >= Math.min(COUNT, 2000), `generated ${lines.length} lines`);
  const dir = mkdtempSync(join(tmpdir(), 'exim-retry-diff-'));
  try {
    const predictions = lines.map((l) => ours(l));
    const accepted = lines.filter((_, i) => predictions[i].accepted);
    const rejected = lines.map((l, i) => [l, i] as const).filter(([, i]) => !predictions[i].accepted);
    const mismatches: string[] = [];

    // Lines we accept: many per file; Exim must accept every file.
    const batches: string[][] = [];
    for (let i = 0; i < accepted.length; i += 150) batches.push(accepted.slice(i, i + 150));
    let fileNo = 0;
    const checkBatch = async (batch: string[]): Promise<void> => {
      const file = join(dir, `ok-${fileNo++}.conf`);
      writeFileSync(file, HEADER + batch.join('\n') + '\n');
      const v = await runExim(file);
      if (v.ok) return;
      const bad = v.line !== undefined ? batch[v.line - FIRST_RULE_LINE] : undefined;
      if (bad === undefined) {
        mismatches.push(`a batch failed without a line: ${v.message}`);
        return;
      }
      mismatches.push(`we accept, Exim rejects (${v.message}): ${JSON.stringify(bad)}`);
      await checkBatch(batch.filter((l) => l !== bad));
    };
    await pool(batches, 2, checkBatch);

    // Lines we reject: one per file; Exim must reject it, on that line, with the same message.
    let messageAgreements = 0;
    await pool(rejected, 4, async ([line, i]) => {
      const file = join(dir, `bad-${i}.conf`);
      writeFileSync(file, HEADER + line + '\n');
      const v = await runExim(file);
      const error = predictions[i].diagnostics.find((d) => d.severity === 'error')!;
      if (v.ok) {
        mismatches.push(`we reject (${error.code}), Exim accepts: ${JSON.stringify(line)}`);
        return;
      }
      if (v.line !== FIRST_RULE_LINE) {
        mismatches.push(`Exim rejects on line ${v.line}, not the rule's line: ${JSON.stringify(line)}: ${v.message}`);
        return;
      }
      const ourExim = /\(Exim: (.*)\)$/.exec(error.message)?.[1];
      if (ourExim === v.message) messageAgreements++;
      else mismatches.push(`message differs for ${JSON.stringify(line)}: Exim "${v.message}", ours "${ourExim ?? error.message}"`);
    });

    t.diagnostic(`lines: ${lines.length}; accepted by both: ${accepted.length}; rejected by both: ${rejected.length}; Exim's message quoted exactly: ${messageAgreements}`);
    assert.deepEqual(mismatches.slice(0, 40), [], `${mismatches.length} mismatches`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
