import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { readRetryRule } from '../../server/src/retry/rule';
import { parseLine } from '../../server/src/syntax/parse';
import type { RetryRuleNode } from '../../server/src/syntax/tree';

function read(line: string) {
  const node = parseLine('retryLine', line) as RetryRuleNode;
  assert.equal(node.kind, 'retry');
  return readRetryRule(node, line);
}

/** [line, accepted, code of the first diagnostic (error or warning), text the diagnostic covers] */
const CASES: [string, boolean, string?, string?][] = [
  ['* * F,2h,15m; G,16h,1h,1.5; F,4d,6h', true],
  ['*.example.com * F,2h,15m', true],
  ['"*@a b" * F,1h,1m', true],
  ['alloffice@example.com *', true],
  ['* * F,2h,15m;', true],
  ['* * F,2h,15m ; G,4h,1h,2', true],
  ['* * F, 2h, 15m', true],
  ['* * G,16h,1h,1', true],
  ['* * G,16h,1h,1.', true],
  ['* quota_7d F,1h,10m', true],
  ['* rcpt_45x F,1h,10m', true],
  ['* rcpt_452 F,1h,10m', true],
  ['* timeout_connect_MX F,1h,10m', true],
  ['* * senders=*@example.com F,1h,10m', true],
  ['* * f,2h,15m', true, 'retry-lowercase-letter', 'f'],
  ['* l F,1h,1m', true, 'retry-abbreviated-error', 'l'],
  ['* timeout_ F,1h,1m', true, 'retry-abbreviated-error'],
  ['* refused_M F,1h,1m', true, 'retry-abbreviated-error'],
  ['* RCPT_4xx F,1h,1m', true, 'retry-smtp-error-case', 'RCPT_4xx'],
  ['* MAIL_452 F,1h,1m', true, 'retry-smtp-error-case'],
  ['* * senders= F,2h,15m', true, 'retry-senders-swallowed-items', 'F,2h,15m'],
  ['* * senders=F,2h,15m', true, 'retry-senders-swallowed-items', 'F,2h,15m'],
  ['* * senders= F,2h,15m; G,16h,1h,1.5', true, 'retry-senders-swallowed-items', 'F,2h,15m;'],
  ['* timeout_dns F,1h,1m', true, 'retry-timeout-dns'],
  // rejected
  ['*', false, 'retry-missing-error'],
  ['* * X,2h,15m', false, 'retry-unknown-letter', 'X'],
  ['* * X2h', false, 'retry-comma-expected', '2'],
  ['* * FF,2h,15m', false, 'retry-comma-expected', 'F'],
  ['* * F,2h', false, 'retry-missing-argument'],
  ['* * G,16h,1h', false, 'retry-missing-argument'],
  ['* * G,16h,1h,0.9', false, 'retry-bad-parameters', '0.9'],
  ['* * G,16h,1h,.5', false, 'retry-bad-parameters', '.5'],
  ['* * G,16h,1h,2x', false, 'retry-bad-parameters', '2x'],
  ['* * F,2x,15m', false, 'retry-bad-parameters', '2x'],
  ['* * F,1.5h,15m', false, 'retry-fraction', '.'],
  ['* * F,-1h,15m', false, 'retry-bad-parameters', '-'],
  ['* * F,2,15m', false, 'retry-bad-parameters', '2'],
  ['* * F,1H,15m', false, 'retry-bad-parameters', '1H'],
  ['* * F,0s,15m', false, 'retry-bad-parameters', '0s'],
  ['* * F ,2h,15m', false, 'retry-space-before-comma', ' '],
  ['* * F,2h,15m,', false, 'retry-trailing-comma', ','],
  ['* * F,2h,15m,3', false, 'retry-extra-argument'],
  ['* * G,16h,1h,1,5', false, 'retry-extra-argument'],
  ['* * F,2h,15m G,16h,1h,1.5', false, 'retry-semicolon-expected'],
  ['* * F,2h,15m;; G,16h,1h,1.5', false, 'retry-comma-expected', ';'],
  ['* * ;', false, 'retry-comma-expected', ';'],
  ['* lmtp F,1h,1m', false, 'retry-unknown-error', 'lmtp'],
  ['* auth F,1h,1m', false, 'retry-unknown-error'],
  ['* rcpt_4 F,1h,1m', false, 'retry-bad-smtp-code'],
  ['* rcpt_4XX F,1h,1m', false, 'retry-bad-smtp-code'],
  ['* timeout_X F,1h,1m', false, 'retry-bad-error-suffix'],
  ['* refused_B F,1h,1m', false, 'retry-bad-error-suffix'],
  ['* quota_7 F,1h,1m', false, 'retry-bad-quota-time'],
  ['* quota_ F,1h,1m', false, 'retry-bad-quota-time'],
  ['* * senders F,1h,1m', false, 'retry-senders-equals', 'senders'],
  ['* * F,2h,15m # comment', false, 'retry-trailing-comment'],
  ['NAME = value', false, 'retry-unknown-error', '='],
];

for (const [line, accepted, code, covered] of CASES) {
  test(`retry rule: ${line}`, () => {
    const r = read(line);
    assert.equal(r.accepted, accepted, JSON.stringify(r.diagnostics));
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.length, accepted ? 0 : 1, 'at most one error, as Exim stops at the first');
    if (code) {
      const d = r.diagnostics[0];
      assert.equal(d.code, code, JSON.stringify(r.diagnostics));
      if (covered !== undefined) assert.equal(line.slice(d.start, d.end), covered);
    } else {
      assert.deepEqual(r.diagnostics, []);
    }
  });
}

test('the fixes correct exactly the offending text', () => {
  const cases: [string, string][] = [
    ['* * f,2h,15m', '* * F,2h,15m'],
    ['* l F,1h,1m', '* lost_connection F,1h,1m'],
    ['* RCPT_4xx F,1h,1m', '* rcpt_4xx F,1h,1m'],
    ['* * F ,2h,15m', '* * F,2h,15m'],
    ['* * F,2h,15m,', '* * F,2h,15m'],
    ['* * F,2h,15m G,16h,1h,1.5', '* * F,2h,15m; G,16h,1h,1.5'],
    ['* * G,16h,1h', '* * G,16h,1h,1.5'],
    ['* * F,1.5h,15m', '* * F,1h30m,15m'],
    ['* * F,1H,15m', '* * F,1h,15m'],
    ['* * F,2h,15m;; G,4h,1h,2', '* * F,2h,15m; G,4h,1h,2'],
    ['* timout F,1h,1m', '* timeout F,1h,1m'],
    ['* timeout_conect F,1h,1m', '* timeout_connect F,1h,1m'],
    ['* timeout_connect_XM F,1h,1m', '* timeout_connect_MX F,1h,1m'],
    ['* refused_B F,1h,1m', '* refused_A F,1h,1m'],
    ['* rcpt_4XX F,1h,1m', '* rcpt_4xx F,1h,1m'],
    ['* data_45X F,1h,1m', '* data_45x F,1h,1m'],
  ];
  for (const [before, after] of cases) {
    const r = read(before);
    const fix = r.diagnostics.flatMap((d) => d.fixes ?? []).find((f) => f.preferred) ?? r.diagnostics[0]?.fixes?.[0];
    assert.ok(fix, `a fix for ${before}`);
    let text = before;
    for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
    assert.equal(text, after, before);
    const again = read(text);
    assert.ok(again.accepted && again.diagnostics.every((d) => d.code !== r.diagnostics[0].code), `${after} is clean`);
  }
});

test('no fix is offered where no name is close', () => {
  for (const rule of ['* rcpt_4 F,1h,1m', '* timeout_whenever F,1h,1m', '* quota_7days F,1h,1m']) {
    const r = read(rule);
    assert.ok(r.diagnostics.length > 0, rule);
    assert.deepEqual(r.diagnostics.flatMap((d) => d.fixes ?? []), [], rule);
  }
});

test('items are read with their values', () => {
  const r = read('* * F,2h,15m; G,16h,1h,1.5; H,4d,6h,2');
  assert.deepEqual(
    r.items.map((i) => [i.letter, i.cutoff, i.interval, i.multiplier]),
    [
      ['F', 7200, 900, undefined],
      ['G', 57600, 3600, 1500],
      ['H', 345600, 21600, 2000],
    ],
  );
});
