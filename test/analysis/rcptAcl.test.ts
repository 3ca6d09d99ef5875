// A configuration with ACLs but without acl_smtp_rcpt refuses every recipient given by SMTP: a
// note (a warning when other acl_smtp_* options are set), checked against Exim (-bh).

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { codes, run } from '../helpers';

const EXIM = ['/usr/sbin/exim4', '/usr/sbin/exim'].find((p) => existsSync(p));
const ROUTERS = ['begin routers', 'local:', '  driver = accept', '  check_local_user', '  transport = t', 'begin transports', 't:', '  driver = appendfile', '  file = /var/mail/$local_part_data'];
const WITHOUT = ['keep_environment =', 'primary_hostname = mail.example.com', 'begin acl', 'rcpt:', '  accept', ...ROUTERS];
const WITH = ['keep_environment =', 'primary_hostname = mail.example.com', 'acl_smtp_rcpt = rcpt', 'begin acl', 'rcpt:', '  accept', ...ROUTERS];

test('no acl_smtp_rcpt in a whole configuration: a note on the first option; none with one, or in a piece', () => {
  const a = run(...WITHOUT);
  const d = a.diagnostics.filter((x) => x.code === 'no-rcpt-acl');
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, 'information');
  assert.deepEqual(d[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 16 } });
  assert.match(d[0].message, /550 Administrative prohibition/);
  assert.ok(!codes(run(...WITH)).includes('no-rcpt-acl'));
  assert.match(run(...WITHOUT.slice(0, 2), 'acl_smtp_rcpt =', ...WITHOUT.slice(2)).diagnostics.find((x) => x.code === 'no-rcpt-acl')!.message, /^acl_smtp_rcpt is empty/);
  assert.ok(!codes(run(...ROUTERS)).includes('no-rcpt-acl'), 'a file of routers alone is a piece');
  assert.ok(!codes(run('keep_environment =', ...ROUTERS)).includes('no-rcpt-acl'), 'no ACL at all: a host that only sends');
  const connect = run('keep_environment =', 'acl_smtp_connect = rcpt', ...WITHOUT.slice(2)).diagnostics.find((x) => x.code === 'no-rcpt-acl')!;
  assert.equal(connect.severity, 'warning', 'SMTP input is meant');
  assert.ok(!codes(run('keep_environment =', 'primary_hostname = x.example')).includes('no-rcpt-acl'), 'no routers: a piece');
  assert.ok(!codes(run('keep_environment =', '.ifdef RCPT', 'acl_smtp_rcpt = RCPT', '.endif', ...WITHOUT.slice(2))).includes('no-rcpt-acl'), 'set in a skipped branch');
  assert.ok(!codes(run('keep_environment =', '.include /nonexistent/exim-main.conf', ...WITHOUT.slice(2))).includes('no-rcpt-acl'), 'an include that was not read');
});

test('Exim agrees: without an RCPT ACL, RCPT TO gets 550; with one, 250', { skip: EXIM ? false : 'exim4 is not installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'rcpt-acl-'));
  const answer = (lines: string[]) => {
    const file = join(dir, `${lines.length}.conf`);
    writeFileSync(file, lines.join('\n') + '\n');
    const session = 'EHLO client.example\r\nMAIL FROM:<a@client.example>\r\nRCPT TO:<root@mail.example.com>\r\nQUIT\r\n';
    const r = spawnSync(EXIM!, ['-C', file, '-bh', '192.0.2.1'], { input: session, encoding: 'utf8', timeout: 20_000 });
    return r.stdout.split(/\r?\n/).filter((l) => /^\d{3} /.test(l)).map((l) => l.slice(0, 3));
  };
  assert.equal(answer(WITHOUT).at(-2), '550');
  assert.equal(answer(WITH).at(-2), '250');
});
