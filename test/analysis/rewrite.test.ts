// Rewrite rules in the rewrite section and in a transport's headers_rewrite, and, where exim4 is
// installed, that Exim rejects exactly the rules these checks reject.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { codes, run } from '../helpers';

const EXIM = ['/usr/sbin/exim4', '/usr/sbin/exim'].find((p) => existsSync(p));

const SECTION: [string, string[]][] = [
  ['*@old.example  $1@new.example  Ffr', []],
  ['*@old.example  "$local_part at new"  h', []],
  ['\\N^(.*)@old\\.example$\\N  $1@new.example  S', []],
  ['*@old.example', ['rewrite-missing-replacement']],
  ['*@old.example  $1@new.example  Fx', ['rewrite-unknown-flag']],
  ['*@old.example  Sales Team <sales@new.example>  h', ['rewrite-unknown-flag']],
  ['*@old.example  $1@new.example  S', ['rewrite-s-flag-regex']],
];

const HEADERS: [string, string[]][] = [
  ['*@web.example  noreply@example.com  fr', []],
  ['*@web.example  $local_part@example.com  f', []],
  ['*@web.example  $local_part@example.com  F', ['rewrite-envelope-in-transport']],
  ['*@a.example  x::y@b.example  h', []],
  ['*@web.example  noreply@example.com  fFrs', ['rewrite-envelope-in-transport']],
  ['*@a.example  x@b.example  h : *@c.example  y@d.example  T', ['rewrite-envelope-in-transport']],
  ['<; *@a.example  x@b.example  h ; *@c.example  y@d.example  c', []],
  ['*@a.example  x@b.example  hz', ['rewrite-unknown-flag']],
  ['*@a.example', ['rewrite-missing-replacement']],
  ['^x@a\\.example$  y@a.example  S', ['rewrite-envelope-in-transport']],
];

const transport = (value: string) => ['begin transports', 'remote:', '  driver = smtp', `  headers_rewrite = ${value}`];

test('rewrite section: missing replacement, unknown flags (one error a rule, as Exim), S without a regex', () => {
  for (const [rule, expected] of SECTION) assert.deepEqual(codes(run('begin rewrite', rule)), expected, rule);
});

test('headers_rewrite: each rule of the list read as in the rewrite section, and no envelope flags', () => {
  for (const [value, expected] of HEADERS) assert.deepEqual(codes(run(...transport(value))), expected, value);
  const a = run(...transport('*@a.example  x@b.example  h : *@c.example  y@d.example  T'));
  const d = a.diagnostics[0];
  const line = `  headers_rewrite = *@a.example  x@b.example  h : *@c.example  y@d.example  T`;
  assert.equal(d.range.start.line, 3);
  assert.equal(d.range.start.character, line.lastIndexOf('T'), 'on the flags of the rule that has them');
  assert.match(d.message, /the flag T .* belongs in the rewrite section/);
});

test('rewrite verdicts agree with exim4 -bV', { skip: EXIM ? false : 'exim4 is not installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'rewrite-'));
  const cases: [string[], boolean][] = [
    ...SECTION.map(([rule, expected]): [string[], boolean] => [['begin rewrite', rule], expected.length > 0]),
    ...HEADERS.map(([value, expected]): [string[], boolean] => [transport(value), expected.length > 0]),
  ];
  for (const [i, [lines, rejected]] of cases.entries()) {
    const file = join(dir, `${i}.conf`);
    writeFileSync(file, ['keep_environment =', ...lines, ''].join('\n'));
    const r = spawnSync(EXIM!, ['-bV', '-C', file], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status !== 0, rejected, `${lines.join(' / ')}: ${r.stderr}${r.stdout}`);
  }
});

test('the pattern and the replacement of a rewrite rule are expansions (exim -brw: failed to expand "^(.*)@x$")', () => {
  const got = (...lines: string[]) => codes(run('begin rewrite', ...lines));
  assert.deepEqual(got('^(.*)@mx\\.example$  $1@example.com'), ['expansion-dollar'], 'a regex ending in $ must be inside \\N...\\N');
  assert.deepEqual(got('\\N^(.*)@mx\\.example$\\N  $1@example.com'), []);
  assert.deepEqual(got('*@$primary_hostname  $local_part@example.com'), []);
  assert.deepEqual(got('*@+local_domains "${lookup{${local_part}}lsearch{/etc/email-addresses}{$value}fail}" Ffrs'), []);
  assert.deepEqual(got('*@a.example  "${lookup{$local_part}lsearch{/etc/x}{$value}"'), ['expansion-syntax']);
  assert.deepEqual(got('*@a.example  $nosuch_variable@b.example'), ['expansion-unknown-variable']);
});
