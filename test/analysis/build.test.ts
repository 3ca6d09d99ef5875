import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyse, DEFAULT_BUILTIN_MACROS } from '../../server/src/analysis/analyse';
import { buildGaps } from '../../server/src/analysis/build';
import { codes, show, textAt } from '../helpers';

// A build like Debian's: no DMARC, no queuefile transport, no translate_ip_address, no dmarc log selector.
const LACKING = new Set(['_OPT_MAIN_DMARC_TLD_FILE', '_DRIVER_TRANSPORT_QUEUEFILE', '_OPT_TRANSPORT_QUEUEFILE_DIRECTORY', '_OPT_ROUTERS_TRANSLATE_IP_ADDRESS', '_ACL_COND_DMARC_STATUS', '_LOG_DMARC', '_HAVE_DMARC']);
const SMALLER = DEFAULT_BUILTIN_MACROS.filter((m) => !LACKING.has(m.split('=')[0]));

const CONFIG = [
  'dmarc_tld_file = /etc/exim4/tld.dat',
  'log_selector = +all +dmarc -tls_peerdn',
  '.ifdef _HAVE_DMARC',
  'dmarc_history_file = /var/lib/dmarc',
  '.endif',
  'begin acl',
  'check_data:',
  '  deny  dmarc_status = reject',
  '  accept',
  'begin routers',
  'r:',
  '  driver = accept',
  '  translate_ip_address = x',
  '  transport = t',
  'begin transports',
  't:',
  '  driver = queuefile',
  '  directory = /var/spool/copy',
  '',
].join('\n');

const of = (builtinMacros?: readonly string[]) => analyse(CONFIG, { name: '/tmp/test/build.conf', builtinMacros });

test('with the default built-in macros (every feature) nothing is missing', () => {
  const gaps = buildGaps(DEFAULT_BUILTIN_MACROS);
  assert.equal(gaps.options.size + gaps.drivers.size + gaps.acl.size + gaps.logSelectors.size, 0);
  assert.deepEqual(codes(of()).filter((c) => c === 'not-in-build'), []);
});

test("a name the build's macros leave out is Exim's error, with Exim's wording, on the name", () => {
  const found = of(SMALLER).diagnostics.filter((d) => d.code === 'not-in-build');
  assert.deepEqual(
    found.map((d) => [d.range.start.line + 1, textAt(CONFIG, d), d.severity]),
    [
      [1, 'dmarc_tld_file', 'error'],
      [2, '+dmarc', 'error'],
      [8, 'dmarc_status', 'error'],
      [13, 'translate_ip_address', 'error'],
      [17, 'queuefile', 'error'],
    ],
    found.map(show).join('\n'),
  );
  const exim = found.map((d) => /\(Exim: (.*)\)$/.exec(d.message)?.[1]);
  assert.deepEqual(exim, [
    'main option "dmarc_tld_file" unknown',
    'unknown log_selector setting: +dmarc',
    'unknown ACL condition/modifier',
    'option "translate_ip_address" unknown',
    'transport t: cannot find transport driver "queuefile"',
  ]);
  assert.match(found[0].message, /no _OPT_MAIN_DMARC_TLD_FILE/);
});

test('a missing driver is reported once, not again on each of its options; skipped branches are not reported', () => {
  const all = of(SMALLER).diagnostics.filter((d) => d.severity !== 'hint');
  assert.ok(!all.some((d) => d.range.start.line === 17), 'directory = (a queuefile option) is not reported');
  assert.ok(!all.some((d) => d.range.start.line === 3), 'the option inside .ifdef _HAVE_DMARC is skipped by Exim too');
  assert.ok(of(SMALLER).diagnostics.some((d) => d.range.start.line === 3 && d.code === 'inactive-branch'), 'the branch is read as skipped');
});

test('a family the list does not name at all is not checked (an Exim older than these macros)', () => {
  const old = DEFAULT_BUILTIN_MACROS.filter((m) => !/^_(OPT|DRIVER|ACL|LOG)_/.test(m));
  assert.deepEqual(codes(of(old)).filter((c) => c === 'not-in-build'), []);
  const noLog = SMALLER.filter((m) => !m.startsWith('_LOG_'));
  assert.ok(!of(noLog).diagnostics.some((d) => d.code === 'not-in-build' && d.range.start.line === 1));
});

test('an edit re-analysed against the same build keeps the findings (the line memo does not hide them)', () => {
  const first = of(SMALLER);
  const edited = CONFIG.replace('/etc/exim4/tld.dat', '/etc/exim4/tld2.dat');
  const again = analyse(edited, { name: '/tmp/test/build.conf', builtinMacros: SMALLER, previous: first });
  assert.equal(again.diagnostics.filter((d) => d.code === 'not-in-build').length, 5);
  // The same lines against every feature: nothing (the memo of option lines is shared across builds).
  assert.deepEqual(codes(analyse(edited, { name: '/tmp/test/build.conf' })).filter((c) => c === 'not-in-build'), []);
});

test('openssl_options in a GnuTLS build is the error Exim gives once the file is read; not with OpenSSL or in a skipped branch; a note with the default list', () => {
  const text = ['openssl_options = +no_sslv3', '.ifdef _HAVE_OPENSSL', 'openssl_options = +no_tlsv1', '.endif', ''].join('\n');
  const refused = (builtinMacros?: readonly string[]) =>
    analyse(text, { name: '/tmp/test/tls.conf', builtinMacros }).diagnostics.filter((d) => d.code === 'not-in-build');
  const gnutls = refused(SMALLER);
  assert.deepEqual(gnutls.map((d) => [d.range.start.line, textAt(text, d), d.severity]), [[0, 'openssl_options', 'error']], gnutls.map(show).join('\n'));
  assert.match(gnutls[0].message, /uses GnuTLS \(Exim: openssl_options is set but we're using GnuTLS\)$/);
  const openssl = SMALLER.filter((m) => m !== '_HAVE_GNUTLS').concat('_HAVE_OPENSSL');
  assert.deepEqual(refused(openssl), []);
  // The default list assumes GnuTLS for .ifdef, but does not hold it against OpenSSL users: a note.
  const unknown = refused();
  assert.deepEqual(unknown.map((d) => [d.range.start.line, d.severity]), [[0, 'information']]);
  assert.match(unknown[0].message, /^"openssl_options" is read only by an Exim built with OpenSSL: one built with GnuTLS \(Debian's and Ubuntu's exim4\) refuses the whole configuration .*"\.ifdef _HAVE_OPENSSL" around the line/);
});
