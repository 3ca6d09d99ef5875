// Reading what `exim -bV` prints, and placing its error in the analysed configuration: the shapes
// of Exim's messages (with a line, without one, "for r1 router"), log time stamps, the logical
// line a line number means, included files, and the rule that never repeats one of our diagnostics.

import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { analyse } from '../../server/src/analysis/analyse';
import { EXIM_ERROR_CODE, parseEximOutput, placeEximError } from '../../server/src/analysis/eximFindings';
import { fileHost } from '../../server/src/node/fileHost';
import { textAt } from '../helpers';

const STDOUT = [
  'Exim version 4.96 #2 built 27-May-2026 16:52:26',
  'Copyright (c) University of Cambridge, 1995 - 2018',
  'Support for: crypteq iconv() IPv6 PAM Perl GnuTLS DKIM',
  'Lookups (built-in): lsearch wildlsearch cdb dbm dnsdb',
  'Configure owner: 0:0',
  'Size of off_t: 8',
  'Configuration file is /etc/exim4/exim4.conf',
  '',
].join('\n');

test('version, build lines and the accepted file come from stdout', () => {
  const o = parseEximOutput(STDOUT, '');
  assert.equal(o.version, 'Exim version 4.96 #2 built 27-May-2026 16:52:26');
  assert.equal(o.versionNumber, '4.96');
  assert.ok(o.build.includes('Lookups (built-in): lsearch wildlsearch cdb dbm dnsdb'));
  assert.ok(!o.build.some((l) => l.startsWith('Configuration file')), 'the file line is not build information');
  assert.equal(o.configFile, '/etc/exim4/exim4.conf');
  assert.deepEqual(o.errors, []);
});

test('every shape of configuration error, whatever the time stamp looks like', () => {
  const stderr = [
    '2026-11-28 01:25:58 Exim configuration error in line 10 of /etc/exim4/exim4.conf:',
    '  extra characters follow string value for relay_hosts',
    '2026-11-28 01:25:58 +0000 Exim configuration error in line 133 of /x/y.conf:',
    '  main option "panic_coredump" unknown',
    '2026-11-28 01:26:58.850 Exim configuration error:',
    '  unknown log_selector setting: +connection_id',
    '2026-11-28 01:26:58 [1234] Exim configuration error for r1 router:',
    '  "unseen" may not be used with "one_time"',
    '2026-11-28 01:26:58 Warning: purging the environment.',
    ' Suggested action: use keep_environment.',
    'something else entirely',
  ].join('\n');
  const o = parseEximOutput('', stderr);
  assert.deepEqual(o.errors, [
    { file: '/etc/exim4/exim4.conf', line: 10, message: 'extra characters follow string value for relay_hosts' },
    { file: '/x/y.conf', line: 133, message: 'main option "panic_coredump" unknown' },
    { message: 'unknown log_selector setting: +connection_id' },
    { context: 'r1 router', message: '"unseen" may not be used with "one_time"' },
  ]);
  assert.deepEqual(o.warnings, ['purging the environment. Suggested action: use keep_environment.']);
  assert.deepEqual(o.other, ['something else entirely']);
  assert.equal(o.version, undefined, 'no version without stdout');
});

const dir = mkdtempSync(join(tmpdir(), 'exim-output-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function setUp(files: Record<string, string>) {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const main = join(dir, Object.keys(files)[0]);
  const text = files[Object.keys(files)[0]];
  return { main, text, analysis: analyse(text, { name: main, host: fileHost() }) };
}

test('a line number means the whole logical line, across continuations', () => {
  const text = 'keep_environment =\nqualify_domain = x\nbogus = a \\\n   b \\\n   c\nprimary_hostname = y\n';
  const { main, analysis } = setUp({ 'cont.conf': text });
  // Exim counts the last physical line of the logical line (5 here).
  const f = placeEximError(analysis, { file: main, line: 5, message: 'main option "bogus" unknown' });
  assert.equal(f.path, main);
  assert.equal(f.code, EXIM_ERROR_CODE);
  assert.deepEqual(f.range, { start: { line: 2, character: 0 }, end: { line: 4, character: 4 } });
  assert.equal(f.sameAs, 'option-unknown', 'our option-unknown on that line says the same');
  assert.equal(f.message, 'Exim: main option "bogus" unknown');
});

test('an error in an included file lands in that file, whichever way its path is written', () => {
  const inc = 'inc.conf';
  const { main, analysis } = setUp({ 'top.conf': `keep_environment =\n.include ${join(dir, inc)}\n`, [inc]: '# part\n\nqualify_domain = x\nmessage_size_limit = 1\n' });
  for (const written of [join(dir, inc), `${dir}/./${inc}`, inc]) {
    const f = placeEximError(analysis, { file: written, line: 4, message: 'something only Exim knows' }, { canonical: (p) => resolve(p) });
    assert.equal(f.path, join(dir, inc), written);
    assert.deepEqual(f.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 22 } }, written);
    assert.equal(f.sameAs, undefined);
  }
  assert.equal(main, join(dir, 'top.conf'));
});

test('a file our reader did not read still gets its line, read from disk', () => {
  writeFileSync(join(dir, 'other.conf'), 'a = 1\n   second line here   \n');
  const { analysis } = setUp({ 'plain.conf': 'keep_environment =\n' });
  const f = placeEximError(analysis, { file: join(dir, 'other.conf'), line: 2, message: 'x' }, { host: fileHost() });
  assert.equal(f.path, join(dir, 'other.conf'));
  assert.deepEqual(f.range, { start: { line: 1, character: 3 }, end: { line: 1, character: 19 } });
});

test('errors without a line go to the instance, option or value they name', () => {
  const text = [
    'keep_environment =',
    'log_selector = +all_parents +connection_id',
    'begin routers',
    'r1:',
    '  driver = accept',
    '  host_all_ignored = bogus',
    'r2:',
    '  driver = accept',
    'r2:',
    '  driver = accept',
    '',
  ].join('\n');
  const { analysis } = setUp({ 'noline.conf': text });
  const selector = placeEximError(analysis, { message: 'unknown log_selector setting: +connection_id' });
  assert.equal(textAt(text, selector), '+connection_id');
  const router = placeEximError(analysis, { context: 'r1 router', message: 'unrecognized setting for host_all_ignored option' });
  assert.equal(router.range.start.line, 5, 'the option named in the message, inside r1');
  assert.equal(router.message, 'Exim: r1 router: unrecognized setting for host_all_ignored option');
  const twice = placeEximError(analysis, { message: 'there are two routers called "r2"' });
  assert.equal(textAt(text, twice), 'r2');
  assert.equal(twice.range.start.line, 8, 'the second r2');
  const nothing = placeEximError(analysis, { message: 'openssl_options is set but we\'re using GnuTLS' });
  assert.equal(nothing.range.start.line, 0, 'nothing named: the first line');
});

test('the same meaning is judged by message, not by the line alone', () => {
  // Line 2 has our option-value error; Exim's "option unknown" there would mean something else.
  const text = 'keep_environment =\nretry_interval_max = 1y\n';
  const { main, analysis } = setUp({ 'meaning.conf': text });
  assert.ok(analysis.diagnostics.some((d) => d.code === 'option-value'));
  const same = placeEximError(analysis, { file: main, line: 2, message: 'invalid time value for retry_interval_max' });
  assert.equal(same.sameAs, 'option-value');
  const other = placeEximError(analysis, { file: main, line: 2, message: 'main option "retry_interval_max" unknown' });
  assert.equal(other.sameAs, undefined, 'a different problem on the same line is shown');
  // A message we have no entry for falls back to "an error of ours that Exim rejects, on that line".
  const unknown = placeEximError(analysis, { file: main, line: 2, message: 'a message no table lists' });
  assert.equal(unknown.sameAs, 'option-value');
  // A code the user switched off does not count.
  const off = placeEximError(analysis, { file: main, line: 2, message: 'invalid time value for retry_interval_max' }, { shown: (c) => c !== 'option-value' });
  assert.equal(off.sameAs, undefined);
});
