// Main option values Exim checks: syslog_facility (its own list of names), errors_reply_to (one
// address with a domain), log_file_path (one %s in each path), message_size_limit (an integer, when it is used); and,
// where exim4 is installed, that Exim rejects exactly the settings these checks reject.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { codes, run } from '../helpers';

const EXIM = ['/usr/sbin/exim4', '/usr/sbin/exim'].find((p) => existsSync(p));

/** A setting, and whether these checks (and Exim) reject it. */
const CASES: [string, boolean][] = [
  ['syslog_facility = mail', false],
  ['syslog_facility = LOCAL3', false],
  ['syslog_facility = log_local3', false],
  ['syslog_facility = "daemon"', false],
  ['syslog_facility = mail2', true],
  ['syslog_facility = auth', true],
  ['syslog_facility = local8', true],
  ['errors_reply_to = postmaster@example.com', false],
  ['errors_reply_to = Postmaster <postmaster@example.com>', false],
  ['errors_reply_to = pm@[192.0.2.1]', false],
  ['errors_reply_to = postmaster', true],
  ['errors_reply_to = postmaster@', true],
  ['errors_reply_to = Name <pm@>', true],
  ['errors_reply_to = pm@example.com.', true],
  ['errors_reply_to = pm@.example.com', true],
  ['errors_reply_to = @example.com', true],
  ['errors_reply_to =', true],
  ['log_file_path = /var/log/exim4/%slog', false],
  ['log_file_path = syslog : /var/log/exim4/%slog', false],
  ['log_file_path = :syslog', false],
  ['log_file_path = /var/log/exim4/mainlog', true],
  ['log_file_path = SYSLOG', true],
  ['log_file_path = syslog : /var/log/x', true],
  ['log_file_path = /var/log/%s/%slog', true],
  ['smtp_ratelimit_mail = 2,0.5s,1.05,4h', false],
  ['smtp_ratelimit_rcpt = 4, 0.25s, 1.015, 4h', false],
  ['smtp_ratelimit_mail = 2,1m1.5s,1.05,1h30m trailing words', false],
  ['smtp_ratelimit_mail = -2,0s,1e2,0s', false],
  ['smtp_ratelimit_mail = 2,1s,0x10,4h', false],
  ['smtp_ratelimit_mail = 2,1s,inf,4h', false],
  ['smtp_ratelimit_mail = 2,0.5s', true],
  ['smtp_ratelimit_mail = 2,0.5s,1.05,', true],
  ['smtp_ratelimit_mail =', true],
  ['smtp_ratelimit_mail = 2 ,0.5s,1.05,4h', true],
  ['smtp_ratelimit_mail = 2,0.5s,1.05 ,4h', true],
  ['smtp_ratelimit_mail = 2;0.5s;1.05;4h', true],
  ['smtp_ratelimit_mail = 2,1,1.05,4h', true],
  ['smtp_ratelimit_mail = 2,1s,1.05,4', true],
  ['smtp_ratelimit_mail = 2,1.5m,1.05,4h', true],
  ['smtp_ratelimit_mail = 2,.5s,1.05,4h', true],
  ['smtp_ratelimit_mail = 2,1s,x,4h', true],
  ['smtp_ratelimit_mail = two,1s,1,4h', true],
  ['smtp_ratelimit_mail = 2,1s,1,4h,', true],
  ['smtp_ratelimit_mail = 2,1s,1,4h1234567890123456', true],
  ['smtp_ratelimit_mail = 2,1234567890123456s,1,4h', true],
  ['smtp_ratelimit_mail = ${if true{2,1s,1,4h}}', true],
  // Quoted, each is read as the string inside the quotes.
  ['errors_reply_to = "postmaster"', true],
  ['errors_reply_to = "pm@example.com"', false],
  ['log_file_path = "/var/log/x"', true],
  ['smtp_ratelimit_mail = "2,0.5s"', true],
  ['smtp_ratelimit_mail = "2,0.5s,1.05,4h"', false],
];

test('syslog_facility and errors_reply_to: what Exim rejects when it reads them', () => {
  for (const [setting, rejected] of CASES) assert.deepEqual(codes(run(setting)), rejected ? ['option-value'] : [], setting);
  const a = run('errors_reply_to = Name <pm@>');
  assert.match(a.diagnostics[0].message, /"pm@" has no domain after "@" \(Exim: error in errors_reply_to \(Name <pm@>\): domain missing or malformed\)/);
  assert.equal(a.diagnostics[0].range.start.character, 'errors_reply_to = Name <'.length);
  const f = run('syslog_facility = mial');
  assert.equal(f.diagnostics[0].fixes?.[0]?.edits[0].newText, 'mail');
});

test('smtp_ratelimit_*: the value part Exim cannot read, in its words, with the fixes that are sure', () => {
  const space = run('smtp_ratelimit_mail = 2 ,0.5s,1.05,4h').diagnostics[0];
  assert.match(space.message, /^the threshold "2" has a space before its comma\. .*\(Exim: malformed ratelimit data: 2 ,0\.5s,1\.05,4h\)$/);
  assert.equal(space.range.start.character, 'smtp_ratelimit_mail = 2'.length);
  assert.deepEqual(space.fixes?.map((f) => [f.edits[0].newText, f.preferred]), [['2,', true]]);
  const unit = run('smtp_ratelimit_mail = 2,1,1.05,4h').diagnostics[0];
  assert.match(unit.message, /^the first delay "1" has no unit: write 1s for seconds/);
  assert.deepEqual(unit.fixes?.map((f) => [f.title, f.preferred]), [['Change "1" to "1s"', undefined]]);
  const short = run('smtp_ratelimit_rcpt = 2,0.5s').diagnostics[0];
  assert.match(short.message, /^the factor is missing\./);
  assert.equal(short.range.start.character, 'smtp_ratelimit_rcpt = 2,0.5s'.length);
  assert.match(run('smtp_ratelimit_rcpt =').diagnostics[0].message, /^smtp_ratelimit_rcpt is set to nothing/);
  assert.match(run('smtp_ratelimit_mail = 2,1.5m,1,1h').diagnostics[0].message, /only seconds take a fraction/);
});

test('syslog_facility and errors_reply_to verdicts agree with exim4 -bV', { skip: EXIM ? false : 'exim4 is not installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'main-values-'));
  for (const [i, [setting, rejected]] of CASES.entries()) {
    const file = join(dir, `${i}.conf`);
    writeFileSync(file, `keep_environment =\n${setting}\n`);
    const r = spawnSync(EXIM!, ['-bV', '-C', file], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status !== 0, rejected, `${setting}: ${r.stderr}${r.stdout}`);
  }
});

test('message_size_limit: Exim reads it as an integer only when it uses it, so a bad one is a warning', () => {
  assert.deepEqual(codes(run('message_size_limit = 40MB')), ['option-value-runtime']);
  assert.deepEqual(codes(run('message_size_limit = 40M')), []);
  assert.deepEqual(codes(run('message_size_limit = ${if eq{$sender_host_address}{}{100M}{40M}}')), []);
  assert.match(run('message_size_limit = 40MB').diagnostics[0].message, /421 Temporary local problem/);
});

/**
 * Settings Exim reads in its own way, with our codes and whether Exim -bV rejects the file: options
 * it expands as it reads the file, user lists it counts by ":", a time it may expand later.
 */
const READ_CASES: [string, string[], boolean][] = [
  ['smtp_active_hostname = ${if eq{1}{1}{a}', ['expansion-startup'], true],
  ['smtp_active_hostname = ${nosuch:x}', ['expansion-startup'], true],
  ['spool_directory = /var/spool/$nosuchvar', ['expansion-startup'], true],
  ['log_file_path = ${substr{1}}', ['expansion-startup'], true],
  ['smtp_active_hostname = ${if eq{$received_port}{587}{submit.example}{mx.example}}', [], false],
  ['smtp_banner = ${if eq{1}{1}{a}', ['expansion-syntax'], false],
  ['never_users = <+ root + daemon', ['option-list-ignored'], false],
  ['never_users = <+ root + nosuchuser', ['option-list-ignored'], false],
  ['never_users = root : : daemon', ['option-value'], true],
  ['never_users = root :', [], false],
  ['smtp_receive_timeout = ${if eq{$received_protocol}{esmtp}{5m}{10m}}', [], false],
  ['smtp_receive_timeout = 5 min', ['option-value'], true],
];

test('settings Exim reads in its own way: start-up expansions, user lists, a time that may be expanded', () => {
  for (const [setting, expected] of READ_CASES) assert.deepEqual(codes(run(setting)), expected, setting);
  const a = run('spool_directory = /var/spool/$nosuchvar');
  assert.equal(a.diagnostics[0].severity, 'error');
  assert.match(a.diagnostics[0].message, /Exim expands spool_directory as it reads the configuration, so it will not start \(Exim: failed to expand spool_directory: unknown variable name "nosuchvar"\)$/);
});

test('those settings: exim4 -bV agrees', { skip: EXIM ? false : 'exim4 is not installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'main-read-'));
  for (const [i, [setting, , rejected]] of READ_CASES.entries()) {
    const file = join(dir, `${i}.conf`);
    writeFileSync(file, `keep_environment =\n${setting}\n`);
    const r = spawnSync(EXIM!, ['-bV', '-C', file], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status !== 0, rejected, `${setting}: ${r.stderr}${r.stdout}`);
  }
});
