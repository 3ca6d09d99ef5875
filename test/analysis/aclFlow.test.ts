// ACL statements that never run: an accept, deny, defer, discard or drop with no condition before
// them.  What Exim does with such an ACL is checked with exim -bh.

import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EXIM, NO_EXIM } from '../exim/binary';
import { runSession } from '../exim/run';
import { run } from '../helpers';

const acl = (...statements: string[]) => run('acl_smtp_rcpt = r', 'begin acl', 'r:', ...statements);
const unreachable = (a: ReturnType<typeof run>) => a.diagnostics.filter((d) => d.code === 'acl-unreachable');

test('a statement after an accept/deny/defer/discard/drop with only modifiers never runs: one warning, on the first of them', () => {
  const a = acl('  accept hosts = :', '  deny message = relay not permitted', '       log_message = no', '  deny domains = !+local_domains', '  require verify = recipient', '  accept');
  const found = unreachable(a);
  assert.deepEqual(found.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character, d.severity]), [[6, 2, 6, 'warning']]);
  assert.match(found[0].message, /^this statement never runs: the "deny" on line 5 has no condition \(only modifiers\), so "r" always ends there, and the 3 statements after it are skipped/);
  assert.deepEqual(found[0].related?.map((r) => r.range.start.line), [4]);
  for (const verb of ['accept', 'defer', 'discard', 'drop']) assert.equal(unreachable(acl(`  ${verb} delay = 1s`, '  deny')).length, 1, verb);
});

test('an ACL name commented out above the skipped statements is named as the likely cause', () => {
  const a = run('acl_smtp_rcpt = r', 'acl_not_smtp = n', 'begin acl', 'n:', '  accept', '', '#  acl_check_dkim:', '#  deny dkim_status = fail', '  accept', 'r:', '  accept');
  const found = unreachable(a);
  assert.deepEqual(found.map((d) => d.range.start.line), [8]);
  assert.match(found[0].message, /Line 7 is an ACL name in a comment \("#  acl_check_dkim:"\): the statements below it are read as part of "n"$/);
});

test('a last statement that only repeats the ending one (a second bare accept) is a hint, shown as unneeded', () => {
  const found = unreachable(acl('  deny hosts = 192.0.2.1', '  accept', '', '  # accept the message', '  accept'));
  assert.deepEqual(found.map((d) => [d.range.start.line, d.severity, d.tags]), [[7, 'hint', ['unnecessary']]]);
  assert.match(found[0].message, /It would do the same as that "accept": it can go$/);
  assert.equal(unreachable(acl('  accept', '  accept hosts = :'))[0].severity, 'warning', 'a different statement is a warning');
});

test('not when the statement has a condition, is the last, goes on (require, warn), or has a condition in a skipped branch', () => {
  assert.deepEqual(unreachable(acl('  deny message = x', '       hosts = 192.0.2.1', '  accept')), []);
  assert.deepEqual(unreachable(acl('  accept hosts = :', '  deny message = relay not permitted')), []);
  assert.deepEqual(unreachable(acl('  warn log_message = seen', '  require message = x', '  accept')), []);
  assert.deepEqual(unreachable(acl('  deny message = x', '.ifdef BLOCK_ALL', '       hosts = *', '.endif', '  accept')), []);
  assert.deepEqual(unreachable(acl('  deny message = x', '       nosuchcondition = 1', '  accept')), [], 'an unknown name may be a condition');
});

test('Exim agrees: the statements after it never run (exim -bh)', { skip: EXIM ? false : NO_EXIM }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'acl-flow-'));
  const file = join(dir, 'flow.conf');
  const text = 'keep_environment =\nacl_smtp_rcpt = r\nbegin acl\nr:\n  accept hosts = 192.0.2.99\n  deny message = relay not permitted\n       set acl_m0 = x\n  accept\n';
  writeFileSync(file, text);
  const out = await runSession(file, 'helo x\nmail from:<a@b.example>\nrcpt to:<c@d.example>\nquit\n');
  assert.match(out, /^550 relay not permitted/m);
  assert.deepEqual(unreachable(run(...text.trimEnd().split('\n'))).map((d) => d.range.start.line), [7]);
});
