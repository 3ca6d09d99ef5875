// Completion and hover against the Exim build the file is checked against (the binary's built-in
// macros, as the language server reads them once running Exim is on): names the build lacks or
// refuses are not offered, and hover on one says so.  Against the default list (every feature)
// everything is offered and nothing is marked.

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyse, DEFAULT_BUILTIN_MACROS } from '../../server/src/analysis/analyse';
import { completion } from '../../server/src/features/completion';
import { hover } from '../../server/src/features/hover';

// Like Debian's 4.96: no DMARC, no queuefile transport; and GnuTLS.
const LACKING = new Set(['_OPT_MAIN_DMARC_TLD_FILE', '_DRIVER_TRANSPORT_QUEUEFILE', '_OPT_TRANSPORT_QUEUEFILE_DIRECTORY', '_ACL_COND_DMARC_STATUS', '_HAVE_DMARC']);
const DEBIANISH = DEFAULT_BUILTIN_MACROS.filter((m) => !LACKING.has(m.split('=')[0]));

/** Completion labels at the `|` in the text, for a build. */
function labelsAt(builtinMacros: readonly string[] | undefined, ...lines: string[]): string[] {
  const text = lines.join('\n');
  const at = text.indexOf('|');
  const before = text.slice(0, at).split('\n');
  const a = analyse(text.slice(0, at) + text.slice(at + 1), { name: '/tmp/test/build.conf', builtinMacros });
  return (completion(a, { line: before.length - 1, character: before[before.length - 1].length }) ?? []).map((i) => i.label);
}

/** Hover text on `word` (its first occurrence) in the text, for a build. */
function hoverOn(builtinMacros: readonly string[] | undefined, text: string, word: string): string {
  const before = text.slice(0, text.indexOf(word)).split('\n');
  const a = analyse(text, { name: '/tmp/test/build.conf', builtinMacros });
  return hover(a, { line: before.length - 1, character: before[before.length - 1].length + 1 })?.contents ?? '';
}

test('completion leaves out the options, drivers and ACL conditions the build lacks or refuses', () => {
  const main = labelsAt(DEBIANISH, 'keep_environment =', '|');
  assert.ok(!main.includes('dmarc_tld_file') && !main.includes('openssl_options'), 'lacked and refused main options are not offered');
  assert.ok(main.includes('gnutls_compat_mode') && main.includes('primary_hostname'), 'the rest is');
  const everything = labelsAt(undefined, 'keep_environment =', '|');
  assert.ok(everything.includes('dmarc_tld_file') && everything.includes('openssl_options'), 'the default list offers every name');

  const drivers = labelsAt(DEBIANISH, 'begin transports', 't:', '  driver = |');
  assert.ok(!drivers.includes('queuefile') && drivers.includes('smtp'), drivers.join(' '));
  assert.ok(labelsAt(undefined, 'begin transports', 't:', '  driver = |').includes('queuefile'));

  const acl = ['acl_smtp_data = d', 'begin acl', 'd:', '  deny |'];
  assert.ok(!labelsAt(DEBIANISH, ...acl).includes('dmarc_status'));
  assert.ok(labelsAt(DEBIANISH, ...acl).includes('dkim_status'));
  assert.ok(labelsAt(undefined, ...acl).includes('dmarc_status'));
});

test('hover on a name the build lacks or refuses says so, with the macro it has not; not against the default list', () => {
  const text = ['dmarc_tld_file = /etc/tld.dat', 'openssl_options = +no_sslv3', 'acl_smtp_data = d', 'begin acl', 'd:', '  deny dmarc_status = reject', '  accept', 'begin transports', 't:', '  driver = queuefile', ''].join('\n');
  assert.match(hoverOn(DEBIANISH, text, 'dmarc_tld_file'), /\*\*Not in this build of Exim\*\*: its built-in macros have no `_OPT_MAIN_DMARC_TLD_FILE`/);
  assert.match(hoverOn(DEBIANISH, text, 'openssl_options'), /\*\*Not usable with this build of Exim\*\*, which uses GnuTLS/);
  assert.match(hoverOn(DEBIANISH, text, 'dmarc_status'), /no `_ACL_COND_DMARC_STATUS`/);
  assert.match(hoverOn(DEBIANISH, text, 'queuefile'), /no `_DRIVER_TRANSPORT_QUEUEFILE`/);
  for (const word of ['dmarc_tld_file', 'openssl_options', 'dmarc_status', 'queuefile']) {
    const plain = hoverOn(undefined, text, word);
    assert.ok(plain.length > 0 && !/this build of Exim/.test(plain), `${word}: ${plain}`);
  }
  assert.doesNotMatch(hoverOn(DEBIANISH, text, 'acl_smtp_data'), /this build/);
});

test('completion in expansions leaves out what that Exim lacks: variables of features not built, names newer than its release, lookups not built', () => {
  const old = [...DEBIANISH.filter((m) => m !== '_HAVE_LOOKUP_REDIS'), 'exim_version=4.96'];
  const acl = (value: string) => ['acl_smtp_rcpt = r', 'begin acl', 'r:', `  warn logwrite = ${value}`];
  const vars = labelsAt(old, ...acl('$dmarc|'));
  assert.ok(!vars.includes('$dmarc_status'), 'not built');
  assert.ok(labelsAt(undefined, ...acl('$dmarc|')).includes('$dmarc_status'));
  assert.ok(!labelsAt(old, ...acl('$regex|')).includes('$regex_cachesize'), 'newer than 4.96');
  assert.ok(labelsAt(old, ...acl('$regex|')).includes('$regex1'));
  const ops = labelsAt(old, ...acl('${x|'));
  assert.ok(!ops.includes('xtextd:') && ops.includes('hex2b64:'), `newer operator left out: ${ops.filter((o) => o.startsWith('x')).join(' ')}`);
  assert.ok(labelsAt(undefined, ...acl('${x|')).includes('xtextd:'), 'offered when every name is assumed');
  const lookups = labelsAt(old, ...acl('${lookup{$domain}|'));
  assert.ok(lookups.includes('lsearch') && !lookups.includes('redis'), lookups.join(' '));
});

test('hover on an expansion name the build lacks says so, with the macro', () => {
  const text = 'acl_smtp_rcpt = r\nbegin acl\nr:\n  warn logwrite = $dmarc_status\n';
  assert.match(hoverOn(DEBIANISH, text, 'dmarc_status'), /\*\*Not in this build of Exim\*\*: its built-in macros have no `_HAVE_DMARC`/);
  assert.doesNotMatch(hoverOn(undefined, text, 'dmarc_status'), /Not in this build/);
});
