import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyEdits, codes, run, show, textAt } from '../helpers';

test('an item whose cutoff is not later than the one before is never used', () => {
  const a = run('begin retry', '* * F,4h,15m; G,2h,1h,2; F,4d,6h');
  const d = a.diagnostics.find((x) => x.code === 'retry-cutoff-not-increasing');
  assert.ok(d, a.diagnostics.map(show).join('\n'));
  assert.equal(textAt('begin retry\n* * F,4h,15m; G,2h,1h,2; F,4d,6h\n', d), 'G,2h,1h,2');
  assert.deepEqual(d.tags, ['unnecessary']);
});

test('a rule shadowed by an earlier one with the same pattern (or *) and a covering error', () => {
  const text = ['begin retry', '* * F,2h,15m', 'example.com timeout_connect F,1h,1m', 'example.com rcpt_45x F,1h,1m', '* rcpt_4xx F,1h,1m'];
  const a = run(...text);
  const shadowed = a.diagnostics.filter((d) => d.code === 'retry-unreachable');
  assert.equal(shadowed.length, 3, a.diagnostics.map(show).join('\n'));
  assert.ok(shadowed[0].related?.[0].message.includes('used instead'));
  const b = run('begin retry', 'example.com rcpt_4xx F,1h,1m', 'example.com rcpt_452 F,2h,1m', 'example.com timeout F,1h,1m', 'example.com timeout_A F,2h,1m', 'example.com quota_7d F,1h,1m', 'example.com quota F,1h,1m', 'other.com * senders=x@y F,1h,1m', 'other.com * F,1h,1m');
  assert.deepEqual(
    b.diagnostics.filter((d) => d.code === 'retry-unreachable').map((d) => d.range.start.line),
    [2, 4],
    'rcpt_452 after rcpt_4xx and timeout_A after timeout; quota after quota_7d and a rule after a senders= rule are reachable',
  );
});

test('G and H with a multiplier of 1', () => {
  const a = run('begin retry', '* * G,16h,1h,1');
  assert.deepEqual(codes(a), ['retry-multiplier-one']);
});

test('intervals beyond retry_interval_max (default 24h, never more)', () => {
  assert.deepEqual(codes(run('begin retry', '* * F,4d,2d')), ['retry-interval-capped']);
  assert.deepEqual(codes(run('retry_interval_max = 8h', 'begin retry', '* * F,4d,12h')), ['retry-interval-capped']);
  assert.deepEqual(codes(run('retry_interval_max = 8h', 'begin retry', '* * F,4d,6h')), []);
});

test('typographic quotes in a retry rule, with a fix to straight quotes', () => {
  const src = 'begin retry\n* * senders=”boss@example.com” F,2h,15m\n';
  const a = run('begin retry', '* * senders=”boss@example.com” F,2h,15m');
  const d = a.diagnostics.find((x) => x.code === 'typographic-quote');
  assert.ok(d, a.diagnostics.map(show).join('\n'));
  const fixed = applyEdits(src, d.fixes![0].edits);
  assert.equal(fixed, 'begin retry\n* * senders="boss@example.com" F,2h,15m\n');
  assert.deepEqual(codes(run(...fixed.trim().split('\n'))), []);
});

test('a rule with no items is not flagged', () => {
  assert.deepEqual(codes(run('begin retry', 'alloffice@example.com *')), []);
});

test('an error is reported on the right column, across continuation lines', () => {
  const src = ['begin retry', '* * F,2h,15m; \\', '    G,16h,1h,0.5'];
  const a = run(...src);
  const d = a.diagnostics.find((x) => x.code === 'retry-bad-parameters')!;
  assert.deepEqual(d.range, { start: { line: 2, character: 13 }, end: { line: 2, character: 16 } });
});

test('a macro definition in the retry section is explained', () => {
  const a = run('begin retry', 'RETRY = F,1h,1m');
  assert.match(a.diagnostics[0].message, /macro definitions are not allowed in the retry section/);
});

test('a retry pattern is expanded before it is matched: a regex ending in "$" outside \\N...\\N fails (exim -brt)', () => {
  const got = (rule: string) => run('begin retry', rule).diagnostics.map((d) => d.code);
  assert.deepEqual(got('^.*@example\\.com$  *  F,1h,10m'), ['expansion-dollar']);
  assert.deepEqual(got('\\N^.*@example\\.com$\\N  *  F,1h,10m'), []);
  assert.deepEqual(got('*@$primary_hostname  *  F,1h,10m'), []);
});

test('no retry rules with an smtp transport: the first temporary failure bounces, a warning on the transport', () => {
  const base = ['keep_environment =', 'begin routers', 'r:', '  driver = manualroute', '  route_list = * 192.0.2.1', '  transport = remote', 'begin transports', 'remote:', '  driver = smtp'];
  const d = run(...base).diagnostics.filter((x) => x.code === 'no-retry-rules');
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, 'warning');
  assert.deepEqual(d[0].range, { start: { line: 7, character: 0 }, end: { line: 7, character: 6 } });
  assert.match(d[0].message, /gives up at the first temporary failure.*"remote" smtp transport.*retry timeout exceeded/);
  assert.ok(!codes(run(...base, 'begin retry', '* * F,2h,15m')).includes('no-retry-rules'));
  assert.ok(!codes(run('keep_environment =', 'begin transports', 'remote:', '  driver = smtp')).includes('no-retry-rules'), 'no routers: a piece');
  assert.ok(!codes(run(...base.slice(0, -1), '  driver = appendfile', '  file = /tmp/x')).includes('no-retry-rules'), 'local deliveries only');
  assert.ok(!codes(run(...base, '.ifdef RETRY', 'begin retry', '* * F,2h,15m', '.endif')).includes('no-retry-rules'), 'rules in a skipped branch');
});

test('Exim agrees: with no retry rule a refused connection bounces at once; with one it defers', { skip: ['/usr/sbin/exim4', '/usr/sbin/exim'].some((p) => require('node:fs').existsSync(p)) ? false : 'exim4 is not installed' }, () => {
  const fs = require('node:fs') as typeof import('node:fs');
  const { join } = require('node:path') as typeof import('node:path');
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const exim = ['/usr/sbin/exim4', '/usr/sbin/exim'].find((p) => fs.existsSync(p))!;
  const dir = fs.mkdtempSync(join(require('node:os').tmpdir(), 'no-retry-'));
  fs.chmodSync(dir, 0o777);
  const config = (retry: string[]) => [
    'keep_environment =', 'primary_hostname = localhost', `spool_directory = ${dir}/spool`, `log_file_path = ${dir}/%slog`,
    'begin routers', 'r:', '  driver = manualroute', '  route_list = * 127.0.0.1::1', '  transport = remote', '  self = send',
    'begin transports', 'remote:', '  driver = smtp', '  allow_localhost', ...retry,
  ];
  const outcome = (retry: string[]) => {
    const file = join(dir, `${retry.length}.conf`);
    fs.writeFileSync(file, config(retry).join('\n') + '\n');
    fs.rmSync(join(dir, 'mainlog'), { force: true });
    spawnSync(exim, ['-C', file, '-odf', '-f', '', 'u@remote.example'], { input: 'Subject: t\n\nx\n', encoding: 'utf8', timeout: 30_000 });
    return fs.existsSync(join(dir, 'mainlog')) ? fs.readFileSync(join(dir, 'mainlog'), 'utf8') : '';
  };
  const without = outcome([]);
  assert.match(without, /\*\* u@remote\.example: retry timeout exceeded/);
  assert.deepEqual(codes(run(...config([]))).filter((c) => c === 'no-retry-rules'), ['no-retry-rules']);
  const withRule = outcome(['begin retry', '* * F,1h,10m']);
  assert.match(withRule, /== u@remote\.example .*defer/);
  assert.doesNotMatch(withRule, /\*\* u@remote\.example/);
});
