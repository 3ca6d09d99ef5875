// What keeps `exim -bV` from running anything a configuration names: the values Exim expands
// while reading (spool_directory, log_file_path, ...) are checked before Exim is run, also where
// the reading depends on the Exim build (.ifdef _HAVE_...). Real configurations are not refused.

import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { analyse } from '../../server/src/analysis/analyse';
import { runHazards } from '../../server/src/analysis/eximSafety';
import { fileHost } from '../../server/src/node/fileHost';
import { CORPUS, HAVE_CORPUS } from '../helpers';

const dir = mkdtempSync(join(tmpdir(), 'exim-safety-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function hazards(...lines: string[]) {
  const text = lines.join('\n') + '\n';
  const name = join(dir, 'exim.conf');
  writeFileSync(name, text);
  return runHazards(analyse(text, { name, host: fileHost() }).document);
}

const messages = (...lines: string[]) => hazards(...lines).map((h) => h.message);

test('values Exim expands while reading that could run something stop the check', () => {
  const cases: [string, RegExp][] = [
    ['spool_directory = ${run{/bin/touch /tmp/x}{/var/spool/exim}}', /spool_directory.*\$\{run\}/],
    ['log_file_path = ${perl{start}}', /\$\{perl\}/],
    ['pid_file_path = ${dlfunc{/lib/x.so}{f}}', /\$\{dlfunc\}/],
    ['localhost_number = ${readsocket{/run/docker.sock}{GET /}}', /\$\{readsocket\}/],
    ['never_users = ${lookup mysql{select 1}}', /mysql lookup/],
    ['trusted_users = ${if acl{{check}}{a}{b}}', /condition "acl"/],
    ['admin_groups = ${if pam{x:y}{a}{b}}', /condition "pam"/],
    ['trusted_groups = ${expand:\\${run{x}}}', /expand/],
    ['dns_ipv4_lookup = mysql;select name from t', /mysql lookup/],
    ['spool_directory = "${run{/bin/true}}"', /\$\{run\}/],
    ['spool_directory = ${if match_domain{a}{ldap;ldap:///x}{a}{b}}', /ldap lookup/],
  ];
  for (const [line, expected] of cases) {
    const m = messages('keep_environment =', line);
    assert.equal(m.length, 1, `${line}: ${JSON.stringify(m)}`);
    assert.match(m[0], expected, line);
    assert.match(m[0], /exim -bV would expand/);
  }
});

test('harmless values are not refused', () => {
  for (const line of [
    'spool_directory = /var/spool/exim4',
    'log_file_path = /var/log/exim4/%slog : syslog',
    'log_file_path = /var/log/${if eq{a}{a}{exim}{x}}/%slog',
    'spool_directory = /srv/${lookup{spool}lsearch{/etc/exim4/spool.list}}',
    'trusted_users = ${readfile{/etc/exim4/trusted}{ }}',
    'dns_ipv4_lookup = *',
    'dns_ipv4_lookup = lsearch;/etc/exim4/v4only',
    'trusted_users = mail : uucp',
    'localhost_number = ${eval:1+2}',
  ]) {
    assert.deepEqual(messages('keep_environment =', line), [], line);
  }
});

test('the same value in an option Exim does not expand while reading is none of this check\'s business', () => {
  assert.deepEqual(messages('keep_environment =', 'begin routers', 'r1:', '  driver = accept', '  condition = ${run{/bin/true}}'), []);
  assert.deepEqual(messages('keep_environment =', 'acl_smtp_rcpt = ${run{/bin/true}}'), []);
});

test('macros are followed, and named lists a read-time list refers to', () => {
  assert.equal(messages('SPOOL = ${run{/bin/true}}', 'spool_directory = SPOOL').length, 1);
  assert.equal(messages('R = run', 'spool_directory = ${R{/bin/true}}').length, 1);
  assert.equal(messages('domainlist v4 = pgsql;select 1', 'dns_ipv4_lookup = +v4').length, 1);
  assert.equal(messages('domainlist v4 = ${run{/bin/true}}', 'dns_ipv4_lookup = !+v4 : x').length, 1);
  assert.equal(messages('domainlist v4 = example.com : lsearch;/etc/x', 'dns_ipv4_lookup = +v4').length, 0);
});

test('what depends on the Exim build is not trusted', () => {
  // The reader takes _HAVE_ macros of a full build; the user's Exim may take the other branch.
  const inElse = messages('.ifdef _HAVE_TLS', 'spool_directory = /var/spool/exim', '.else', 'spool_directory = ${run{/bin/true}}', '.endif');
  assert.equal(inElse.length, 1, JSON.stringify(inElse));
  assert.match(inElse[0], /depends on how your Exim was built \(\.ifdef _HAVE_TLS\)/);
  // A macro defined in such a block, used elsewhere.
  const viaMacro = messages('.ifndef _HAVE_NOTHING_LIKE_THIS', 'S = ${run{/bin/true}}', '.else', 'S = /tmp', '.endif', 'spool_directory = S');
  assert.ok(viaMacro.some((m) => /the value of the macro S depends on how your Exim was built/.test(m)), JSON.stringify(viaMacro));
  // ... and one that makes the test of a later block depend on the build.
  const chained = messages('.ifdef _HAVE_DKIM', 'X = 1', '.endif', '.ifdef X', '.else', 'log_file_path = ${run{x}}', '.endif');
  assert.equal(chained.length, 1, JSON.stringify(chained));
  // A macro whose value uses one of those.
  const twoSteps = messages('.ifdef _HAVE_NOTHING', 'A = ${run{x}}', '.else', 'A = /tmp', '.endif', 'B = A/spool', 'spool_directory = B');
  assert.ok(twoSteps.some((m) => /the value of the macro B depends/.test(m)), JSON.stringify(twoSteps));
  // An include there cannot be followed.
  writeFileSync(join(dir, 'part.conf'), 'spool_directory = /x\n');
  const include = messages('.ifdef _HAVE_NOTHING', `.include ${join(dir, 'part.conf')}`, '.endif');
  assert.match(include[0], /\.include may be read by Exim/);
  // An option name made of a macro.
  assert.equal(messages('.ifdef _HAVE_NOTHING', 'spool_DIR = ${run{x}}', '.endif').length, 1);
  // Harmless build-dependent blocks are fine.
  assert.deepEqual(messages('.ifdef _HAVE_TLS', 'tls_advertise_hosts = *', 'spool_directory = /var/spool/x', '.endif'), []);
  // Blocks that depend only on the file's own macros are read the same by Exim.
  assert.deepEqual(messages('.ifdef NOT_DEFINED_HERE', 'spool_directory = ${run{x}}', '.endif'), []);
});

test('the place of a hazard is the line that sets the value', () => {
  const h = hazards('keep_environment =', '# comment', 'log_file_path = ${run{x}}');
  assert.deepEqual(h.map((x) => [x.file, x.range.start.line]), [[0, 2]]);
});

test('no real configuration is refused', (t) => {
  const files: string[] = [];
  if (existsSync('/etc/exim4/exim4.conf.template')) files.push('/etc/exim4/exim4.conf.template');
  if (HAVE_CORPUS) {
    files.push(join(CORPUS, 'configure.default'));
    for (const f of readdirSync(join(CORPUS, 'exim-test-suite')).sort()) if (statSync(join(CORPUS, 'exim-test-suite', f)).isFile()) files.push(join(CORPUS, 'exim-test-suite', f));
  } else {
    t.diagnostic(`corpus not found at ${CORPUS}: only Debian's template is checked`);
  }
  if (files.length === 0) return t.skip('no real configuration at hand');
  const refused: string[] = [];
  for (const f of files) {
    const h = runHazards(analyse(readFileSync(f, 'utf8'), { name: f, host: fileHost() }).document);
    if (h.length) refused.push(`${f}: ${h[0].message}`);
  }
  assert.deepEqual(refused, []);
});
