import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { hover } from '../../server/src/features/hover';
import { codes, run } from '../helpers';

test('lines in a false .ifdef branch are parsed and checked, as warnings, and faded', () => {
  const a = run('.ifdef NOT_DEFINED', 'message_size_limt = 10M', 'begin retry', '* * X,1h,1m', '.endif', 'keep_environment =');
  const w = a.diagnostics.filter((d) => d.code !== 'inactive-branch');
  assert.deepEqual(w.map((d) => [d.code, d.severity]), [['option-unknown', 'warning'], ['retry-unknown-letter', 'warning']], 'the retry line is read in the section begun inside the branch');
  assert.match(w[0].message, /^in a skipped \.ifdef branch: "message_size_limt" is not a main option/);
  const faded = a.diagnostics.find((d) => d.code === 'inactive-branch')!;
  assert.deepEqual(faded.range, { start: { line: 1, character: 0 }, end: { line: 3, character: 11 } });
  assert.deepEqual(faded.tags, ['unnecessary']);
  assert.equal(a.document.lines.filter((l) => l.inactive).length, 3);
});

test('options in a skipped branch are checked against the driver of their router', () => {
  const a = run('begin routers', 'r1:', '  driver = dnslookup', '.ifdef NOPE', '  allow_fail', '  self = send', '.endif');
  assert.deepEqual(codes(a, 'warning'), ['option-wrong-driver']);
});

test('a value that is a macro defined only when the branch is used is not type-checked', () => {
  const a = run('.ifdef MY_MODE', 'split_spool_directory = MY_SPLIT', 'queue_run_max = MY_MAX', '.endif');
  assert.deepEqual(codes(a, 'warning'), []);
});

test('hover works on lines of a skipped branch', () => {
  const a = run('begin retry', '.ifdef NOPE', '* timeout_connect_MX F,1h,1m', '.endif');
  const h = hover(a, { line: 2, character: 5 });
  assert.match(h?.contents ?? '', /Retry error/);
});
