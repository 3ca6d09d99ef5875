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
