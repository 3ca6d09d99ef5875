// The checks of one router's, transport's or authenticator's options as a whole (options its
// driver needs, refuses, or will not take together), and, where exim4 is installed, that Exim
// rejects exactly the instances these checks reject.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DRIVER_RULES } from '../../server/src/facts/driverRules';
import { codes, run } from '../helpers';

const EXIM = ['/usr/sbin/exim4', '/usr/sbin/exim'].find((p) => existsSync(p));

type Section = 'routers' | 'transports' | 'authenticators';
/** Section, driver, option lines, and the code expected (undefined: accepted). */
const CASES: [Section, string, string[], string | undefined][] = [
  ['routers', 'accept', [], 'router-transport-required'],
  ['routers', 'accept', ['transport = t'], undefined],
  ['routers', 'accept', ['verify_only'], undefined],
  ['routers', 'accept', ['verify_only = false'], 'router-transport-required'],
  ['routers', 'dnslookup', [], 'router-transport-required'],
  ['routers', 'ipliteral', [], 'router-transport-required'],
  ['routers', 'redirect', ['data = a@b.example', 'transport = t'], 'router-transport-forbidden'],
  ['routers', 'redirect', [], 'driver-option-required'],
  ['routers', 'redirect', ['data = a@b.example', 'file = /etc/aliases'], 'driver-options-conflict'],
  ['routers', 'redirect', ['file = /etc/aliases'], undefined],
  ['routers', 'redirect', ['data = a@b.example', 'allow_filter'], 'driver-option-required'],
  ['routers', 'redirect', ['data = a@b.example', 'allow_filter', 'check_local_user'], undefined],
  ['routers', 'redirect', ['data = a@b.example', 'unseen', 'one_time'], 'router-unseen-one-time'],
  ['routers', 'redirect', ['data = a@b.example', 'unseen', 'no_one_time'], undefined],
  ['routers', 'manualroute', ['transport = t'], 'driver-option-required'],
  ['routers', 'manualroute', ['transport = t', 'route_list = * a.example', 'route_data = b.example'], 'driver-options-conflict'],
  ['routers', 'manualroute', ['transport = t', 'route_data = b.example'], undefined],
  ['routers', 'queryprogram', ['command_user = nobody'], 'driver-option-required'],
  ['routers', 'queryprogram', ['command = /bin/true'], 'driver-option-required'],
  ['routers', 'queryprogram', ['command = /bin/true', 'command_user = nobody'], undefined],
  ['routers', 'iplookup', ['hosts = 127.0.0.1'], 'driver-option-required'],
  ['routers', 'iplookup', ['hosts = 127.0.0.1', 'port = 999', 'transport = t'], 'router-transport-forbidden'],
  ['routers', 'iplookup', ['hosts = 127.0.0.1', 'port = 999'], undefined],
  ['transports', 'smtp', ['body_only', 'headers_only'], 'driver-options-conflict'],
  ['transports', 'smtp', ['body_only', 'headers_only = false'], undefined],
  ['transports', 'smtp', ['shadow_transport = x'], 'driver-option-forbidden'],
  ['transports', 'pipe', ['shadow_transport = x'], undefined],
  ['transports', 'appendfile', ['file = /a', 'directory = /b'], 'driver-options-conflict'],
  ['transports', 'appendfile', ['directory = /b', 'maildir_format', 'mailstore_format'], 'driver-options-conflict'],
  ['transports', 'appendfile', ['directory = /b', 'maildir_format', 'mbx_format'], undefined],
  ['transports', 'appendfile', [], undefined],
  ['transports', 'appendfile', ['file = /a', 'quota_filecount = 10'], 'driver-option-forbidden'],
  ['transports', 'appendfile', ['file = /a', 'quota = 10M', 'quota_directory = /m'], 'driver-option-forbidden'],
  ['transports', 'appendfile', ['quota = 10M', 'quota_filecount = 10', 'quota_directory = /m'], undefined],
  ['transports', 'appendfile', ['directory = /b', 'quota_filecount = 0'], 'driver-option-required'],
  ['transports', 'appendfile', ['directory = /b', 'quota_directory = /m'], 'driver-option-required'],
  ['transports', 'appendfile', ['directory = /b', 'quota = ${if bool{true}{1M}}', 'quota_filecount = 5', 'quota_directory = /m'], undefined],
  ['transports', 'appendfile', ['file = /a', 'user = 12345'], 'driver-option-required'],
  ['transports', 'pipe', ['command = /bin/x', 'user = 12345', 'initgroups'], 'driver-option-required'],
  ['transports', 'pipe', ['command = /bin/x', 'user = 12345', 'group = 12345'], undefined],
  ['transports', 'pipe', ['command = /bin/x', 'user = root'], undefined],
  ['transports', 'pipe', ['command = /bin/x', 'user = ${if bool{true}{12345}}'], undefined],
  ['transports', 'autoreply', ['user = 12345'], 'driver-option-required'],
  ['transports', 'smtp', ['user = 12345'], undefined],
  ['transports', 'lmtp', [], 'driver-option-required'],
  ['transports', 'lmtp', ['command = /bin/x', 'socket = /a'], 'driver-options-conflict'],
  ['transports', 'lmtp', ['socket = /a'], undefined],
  ['transports', 'pipe', ['command = /bin/x', 'use_shell', 'restrict_to_path'], 'driver-options-conflict'],
  ['transports', 'pipe', ['command = /bin/x', 'use_shell'], undefined],
  ['authenticators', 'cram_md5', ['server_secret = s'], 'driver-option-required'],
  ['authenticators', 'cram_md5', ['public_name = CRAM-MD5', 'server_secret = s'], undefined],
  ['authenticators', 'spa', ['client_username = a'], 'driver-option-required'],
  ['authenticators', 'spa', ['client_username = a', 'client_password = b'], undefined],
  ['authenticators', 'plaintext', [], undefined],
];

function config(section: Section, driver: string, options: string[]): string[] {
  const lines = [`begin ${section}`, 'x:', `  driver = ${driver}`, ...options.map((o) => `  ${o}`)];
  // A transport for the routers to name.
  if (section === 'routers') lines.push('begin transports', 't:', '  driver = smtp');
  return lines;
}

const label = ([section, driver, options]: (typeof CASES)[number]) => `${section} ${driver} [${options.join('; ')}]`;

test('driver rules: options a driver needs, refuses or will not take together', () => {
  for (const c of CASES) {
    const [section, driver, options, expected] = c;
    const got = codes(run('keep_environment =', ...config(section, driver, options))).filter((x) => !/^unused-/.test(x) && x !== 'no-retry-rules');
    assert.deepEqual(got, expected ? [expected] : [], label(c));
  }
  // Every rule of the table is exercised.
  for (const rule of DRIVER_RULES) assert.ok(CASES.some(([, , , code]) => code === rule.code), rule.code);
});

test('driver rules: the message names the instance and quotes Exim; the line is the header or the option', () => {
  const a = run('begin routers', 'r1:', '  driver = accept', 'begin transports', 'ap:', '  driver = appendfile', '  file = /a', '  directory = /b');
  const required = a.diagnostics.find((d) => d.code === 'router-transport-required')!;
  assert.equal(required.range.start.line, 1);
  assert.match(required.message, /the accept router "r1" has no "transport".*\(Exim: a transport is required for this router\)/);
  const conflict = a.diagnostics.find((d) => d.code === 'driver-options-conflict')!;
  assert.equal(conflict.range.start.line, 7, 'on the second of the two options');
  assert.match(conflict.message, /sets both "file" and "directory" \(the other on line 7\)/);
});

test('driver rules: an option set in a false .ifdef branch may be set where the file is used', () => {
  const a = run('begin routers', 'r1:', '  driver = accept', '.ifdef NOT_DEFINED', '  transport = t', '.endif', 'begin transports', 't:', '  driver = smtp');
  assert.ok(!codes(a).includes('router-transport-required'));
});

test('driver rules agree with exim4 -bV', { skip: EXIM ? false : 'exim4 is not installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'driver-rules-'));
  for (const [i, c] of CASES.entries()) {
    const [section, driver, options, expected] = c;
    const file = join(dir, `${i}.conf`);
    writeFileSync(file, ['keep_environment =', ...config(section, driver, options), ''].join('\n'));
    let rejected = false;
    let output = '';
    try {
      execFileSync(EXIM!, ['-bV', '-C', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
    } catch (e) {
      rejected = true;
      output = String((e as { stderr?: string }).stderr ?? '') + String((e as { stdout?: string }).stdout ?? '');
    }
    assert.equal(rejected, expected !== undefined, `${label(c)}: Exim ${rejected ? `rejects: ${output}` : 'accepts'}`);
    if (expected) assert.ok(DRIVER_RULES.some((r) => r.exim.split('%s').every((part) => output.includes(part))), `${label(c)}: Exim's wording is one of ours: ${output}`);
  }
});
