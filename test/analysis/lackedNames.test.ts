// Expansion names the Exim the file is checked against lacks: newer than its release (exim_version
// in the built-in macro list), or of a feature its build leaves out (no _HAVE_DMARC): reported once
// the binary's list is known, with Exim's own words.

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyse } from '../../server/src/analysis/analyse';
import { hover } from '../../server/src/features/hover';

const TEXT = [
  'acl_smtp_rcpt = r',
  'begin acl',
  'r:',
  '  warn condition = ${if eq{${xtextd:a+2Bb}}{a+b}}',
  '  warn logwrite = ${headerwrap_72:$h_subject:} $regex_cachesize',
  '  accept condition = ${if def:sender_host_address}',
].join('\n') + '\n';

const findings = (builtinMacros?: readonly string[], text = TEXT) =>
  analyse(text, { name: '/tmp/test/release.conf', builtinMacros }).diagnostics.filter((d) => d.code.startsWith('expansion-'));

test('names newer than Exim 4.96 are reported with a 4.96 binary, and only then', () => {
  assert.deepEqual(findings(), [], 'release not known');
  assert.deepEqual(findings(['_HAVE_TLS', 'exim_version=4.98']), []);
  const old = findings(['_HAVE_TLS', 'exim_version=4.96']);
  assert.deepEqual(old.map((d) => [d.code, d.range.start.line, d.range.start.character, d.severity]), [
    ['expansion-unknown-operator', 3, 29, 'warning'],
    ['expansion-unknown-operator', 4, 20, 'warning'],
    ['expansion-unknown-variable', 4, 48, 'warning'],
  ]);
  assert.match(old[0].message, /^"xtextd" is an operator of newer releases: Exim 4\.96 does not know it, so the expansion fails \(Exim: unknown expansion operator "xtextd"\)$/);
  assert.match(old[1].message, /\(Exim: unknown expansion operator "headerwrap_72"\)$/);
  assert.match(old[2].message, /^"\$regex_cachesize" is a variable of newer releases/);
});

test('in an option Exim expands at start-up, a newer name stops that Exim', () => {
  const d = findings(['exim_version=4.96'], 'smtp_active_hostname = ${xtextd:mx}\n');
  assert.deepEqual(d.map((x) => [x.code, x.severity]), [['expansion-startup', 'error']]);
  assert.match(d[0].message, /\(Exim: failed to expand smtp_active_hostname: unknown expansion operator "xtextd"\)$/);
});

test('an edit keeps the findings of the release (the memo is keyed by it)', () => {
  const macros = ['exim_version=4.96'];
  const first = analyse(TEXT, { name: '/tmp/test/release.conf', builtinMacros: macros });
  const edited = TEXT.replace('$regex_cachesize', '$message_id');
  const again = analyse(edited, { name: '/tmp/test/release.conf', builtinMacros: macros, previous: first });
  assert.deepEqual(again.diagnostics.filter((d) => d.code.startsWith('expansion-')).map((d) => d.range.start.line), [3, 4]);
  const newer = analyse(edited, { name: '/tmp/test/release.conf', builtinMacros: ['exim_version=4.99'] });
  assert.deepEqual(newer.diagnostics.filter((d) => d.code.startsWith('expansion-')), []);
});

test('hover on a name newer than 4.96 says so', () => {
  const a = analyse(TEXT, { name: '/tmp/test/release.conf' });
  const h = hover(a, { line: 3, character: 31 });
  assert.match(h!.contents, /^\*\*expansion operator\*\*[\s\S]*Newer than Exim 4\.96 \(Debian 12\)/);
  assert.doesNotMatch(hover(a, { line: 5, character: 38 })!.contents, /Newer than Exim 4\.96/);
});

test('a variable of a feature the build leaves out ($dmarc_status without _HAVE_DMARC) is reported with the macro', () => {
  const text = 'acl_smtp_rcpt = r\nbegin acl\nr:\n  warn logwrite = $dmarc_status $dkim_cur_signer ${utf8_domain_to_alabel:$domain}\n  accept\n';
  const lacks = findings(['_HAVE_TLS', '_HAVE_DKIM'], text);
  assert.deepEqual(lacks.map((d) => [d.code, d.range.start.character]), [['expansion-unknown-variable', 19], ['expansion-unknown-operator', 51]]);
  assert.match(lacks[0].message, /^"\$dmarc_status" is a variable this Exim is built without \(its built-in macros have no _HAVE_DMARC\), so the expansion fails \(Exim: unknown variable name "dmarc_status"\)$/);
  assert.match(lacks[1].message, /no _HAVE_I18N/);
  assert.deepEqual(findings(undefined, text), [], 'every feature assumed');
  assert.deepEqual(findings(['_HAVE_TLS', '_HAVE_DKIM', '_HAVE_DMARC', '_HAVE_I18N'], text), []);
});

test('hover on an option whose default Exim 4.96 has otherwise gives both', () => {
  const a = analyse('remote_max_parallel = 4\n', { name: '/tmp/test/release.conf' });
  const h = hover(a, { line: 0, character: 3 })!.contents;
  assert.match(h, /In Exim 4\.96 \(Debian 12\) the default is `2`\./);
  assert.doesNotMatch(hover(analyse('retry_interval_max = 1d\n', { name: '/tmp/test/release.conf' }), { line: 0, character: 3 })!.contents, /In Exim 4\.96/);
});
