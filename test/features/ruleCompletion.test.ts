// Completion in the retry and rewrite sections: each column of a rule gets its own offers (for
// retry items, with the schedule an item gives).

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { complete, find, labels } from './complete';

test('pattern column: *, a whole catch-all rule as a snippet, begin', () => {
  const items = complete('begin retry', '|');
  assert.deepEqual(labels(items), ['*', '*   *   F,2h,15m; G,16h,1h,1.5; F,4d,6h', 'begin']);
  const rule = find(items, '*   *   F,2h,15m; G,16h,1h,1.5; F,4d,6h')!;
  assert.equal(rule.snippet, true);
  assert.equal(rule.insertText, '*   ${1:*}   ${2:F,2h,15m; G,16h,1h,1.5; F,4d,6h}');
  assert.match(rule.documentation!, /bounce ≈ 4d/);
  const typedWord = complete('begin retry', 'exam|');
  assert.deepEqual(find(typedWord, '*')!.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } });
});

test('error column: every error name with what it matches; quota_<time> is a snippet', () => {
  const items = complete('begin retry', '*.example.com   time|');
  for (const n of ['*', 'timeout_connect_MX', 'refused_A', 'rcpt_4xx', 'lost_connection', 'tls_required', 'auth_failed', 'lookup']) assert.ok(find(items, n), n);
  const t = find(items, 'timeout_connect_MX')!;
  assert.equal(t.kind, 'keyword');
  assert.ok(t.detail && t.detail.length > 10, 'a one-line summary');
  assert.match(t.documentation!, /MX/);
  assert.deepEqual(t.range, { start: { line: 1, character: 16 }, end: { line: 1, character: 20 } });
  const q = find(items, 'quota_<time>')!;
  assert.equal(q.insertText, 'quota_${1:7d}');
  assert.equal(q.snippet, true);
  assert.ok(!find(items, 'quota_7d'), 'quota_7d is an example, offered as quota_<time>');
  // A quoted pattern with blanks in it is one column.
  assert.ok(find(complete('begin retry', '"^a b@x$"   |'), 'rcpt_4xx'));
  assert.equal(complete('begin retry', '"^a b|'), undefined, 'inside a quoted pattern');
});

test('after the error: senders=, the usual schedule and F/G/H snippets with their schedules', () => {
  const items = complete('begin retry', '*   *   |');
  assert.ok(find(items, 'senders='));
  assert.ok(find(items, 'F,2h,15m; G,16h,1h,1.5; F,4d,6h'));
  const g = find(items, 'G,<cutoff>,<interval>,<multiplier>')!;
  assert.equal(g.insertText, 'G,${1:16h},${2:1h},${3:1.5}');
  assert.match(g.documentation!, /Alone, `G,16h,1h,1.5` gives: bounce ≈ 20h 46m after 7 attempts: 6× 1h growing ×1.5 to 16h\.\n/);
  const f = find(items, 'F,<cutoff>,<interval>')!;
  assert.match(f.documentation!, /9× every 15m to 2h/);

  // After one item and `;`: items only.
  const next = complete('begin retry', '*   *   F,2h,15m; |');
  assert.deepEqual(labels(next), ['F,<cutoff>,<interval>', 'G,<cutoff>,<interval>,<multiplier>', 'H,<cutoff>,<interval>,<multiplier>']);
  // After senders=...: items, but no second senders=.
  const afterSenders = complete('begin retry', '*   *   senders=:   |');
  assert.ok(!find(afterSenders, 'senders='));
  assert.ok(find(afterSenders, 'F,2h,15m; G,16h,1h,1.5; F,4d,6h'));
  // Inside the sender list or inside an item: nothing.
  assert.equal(complete('begin retry', '*   *   senders=*@ex|'), undefined);
  assert.equal(complete('begin retry', '*   *   F,2|'), undefined);
});

test('the schedules offered follow retry_interval_max', () => {
  const items = complete('retry_interval_max = 2h', 'begin retry', '*   *   |');
  assert.match(find(items, 'G,<cutoff>,<interval>,<multiplier>')!.documentation!, /capped/);
});

test('a typed letter replaces only itself; other sections are unaffected', () => {
  const items = complete('begin retry', '*   *   F,2h,15m; G|');
  assert.deepEqual(find(items, 'G,<cutoff>,<interval>,<multiplier>')!.range, { start: { line: 1, character: 18 }, end: { line: 1, character: 19 } });
  assert.ok(!find(complete('begin rewrite', '|'), '*'), 'no retry offers in the rewrite section');
});

test('rewrite section: a rule snippet, then * for the replacement, then the flags not yet written', () => {
  const first = complete('begin rewrite', '|');
  assert.deepEqual(labels(first), ['*@old.example  $local_part@new.example  Ffrs', 'begin']);
  assert.equal(find(first, '*@old.example  $local_part@new.example  Ffrs')!.insertText, '*@${1:old.example}  \\$local_part@${2:new.example}  ${3:Ffrs}');
  const second = complete('begin rewrite', '*@old.example  |');
  assert.ok(find(second, '*'));
  assert.equal(find(second, '$local_part@domain')!.insertText, '\\$local_part@${1:example.com}');
  const flags = complete('begin rewrite', '"*@old.example" "${local_part}@new.example" Ff|');
  assert.ok(flags && !find(flags, 'F') && !find(flags, 'f'), 'written flags are not offered again');
  assert.deepEqual(labels(flags).slice(0, 3), ['E', 'T', 'h']);
  assert.match(find(flags, 'r')!.detail!, /Reply-To/);
  assert.deepEqual(find(flags, 'r')!.range, { start: { line: 1, character: 46 }, end: { line: 1, character: 46 } }, 'a letter is added, not replacing the others');
  assert.equal(complete('begin rewrite', '*@old.example  "${local_part} |'), undefined, 'inside a quoted replacement');
  assert.equal(complete('begin rewrite', '*@a  *  F,|'), undefined, 'not after something that is no flag');
});
