// ratelimit = m / p / options / key: what Exim cannot read when the statement runs, and, where
// exim4 is installed, that `exim -bh` defers exactly those statements with the same words.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { run } from '../helpers';

const EXIM = ['/usr/sbin/exim4', '/usr/sbin/exim'].find((p) => existsSync(p));

/** A value, and what Exim says of it (undefined: it reads it). */
const CASES: [string, string | undefined][] = [
  ['10 / 1h', undefined],
  ['1.5 / 1h', undefined],
  ['10k / 1h', undefined],
  ['10M/1d', undefined],
  ['10.5k / 1h30m', undefined],
  ['1e3 / 1h', undefined],
  [' / 1h', undefined],
  ['10 / 1h / leaky / LEAKY', undefined],
  ['10 / 1h / per_rcpt / count=5 / $sender_address', undefined],
  ['10 / 1h / per_cmd / unique=$sender_address', undefined],
  ['${if eq{$sender_host_address}{192.0.2.1}{100}{10}} / 1h', undefined],
  ['10x / 1h', '"10x" is not a positive number'],
  ['-1 / 1h', '"-1" is not a positive number'],
  ['10 / 1x', '"1x" is not a time value'],
  ['10 / 0s', '"0s" is not a time value'],
  ['10 / 30', '"30" is not a time value'],
  ['10 / 1.5h', '"1.5h" is not a time value'],
  ['10', '"NULL" is not a time value'],
  ['10 / 1h / strict / leaky', 'conflicting update modes'],
  ['10 / 1h / per_mail / per_rcpt', 'conflicting per_* options'],
  ['10 / 1h / per_byte / count=2k', '"count=2k" is not a positive number'],
];

const config = (value: string) => ['acl_smtp_rcpt = a', 'begin acl', 'a:', `  deny ratelimit = ${value}`, '  accept'];

test('ratelimit values: limit, period and options as Exim reads them, in its words', () => {
  for (const [value, exim] of CASES) {
    const found = run(...config(value)).diagnostics.filter((d) => d.code === 'acl-ratelimit');
    assert.equal(found.length, exim ? 1 : 0, value);
    if (exim) {
      assert.equal(found[0].severity, 'warning');
      assert.ok(found[0].message.endsWith(`(Exim: error in arguments to "ratelimit" condition: ${exim})`), `${value}: ${found[0].message}`);
    }
  }
  const [d] = run(...config('10 / 1x')).diagnostics;
  assert.equal(d.range.start.character, '  deny ratelimit = 10 / '.length, 'on the part that is wrong');
});

test('ratelimit values: exim -bh defers exactly those statements', { skip: EXIM ? false : 'exim4 is not installed' }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ratelimit-'));
  for (const [i, [value, exim]] of CASES.entries()) {
    const file = join(dir, `${i}.conf`);
    writeFileSync(file, ['keep_environment =', ...config(value), ''].join('\n'));
    const r = spawnSync(EXIM!, ['-C', file, '-bh', '192.0.2.1'], { input: 'helo x\nmail from:<a@b.example>\nrcpt to:<c@d.example>\nquit\n', encoding: 'utf8', timeout: 10_000 });
    // Without access to its spool (not root, not the Exim user) Exim ends the session at MAIL.
    if (/^421 /m.test(r.stdout)) {
      t.skip(`exim -bh ends the session before RCPT here: ${r.stdout.match(/^421 .*/m)![0]}`);
      return;
    }
    const said = /error in arguments to "ratelimit" condition: (.*)/.exec(r.stdout + r.stderr)?.[1]?.trim();
    assert.equal(said, exim, `${value}: ${r.stdout.slice(-400)}`);
  }
});
