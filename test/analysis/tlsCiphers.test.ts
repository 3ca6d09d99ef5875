// tls_require_ciphers in the syntax of the other TLS library: an OpenSSL cipher list for a GnuTLS
// build, a GnuTLS priority string for an OpenSSL build; a note when the library is not known.
// Where gnutls-cli is installed, GnuTLS itself says which strings it refuses.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { analyse, DEFAULT_BUILTIN_MACROS } from '../../server/src/analysis/analyse';

const GNUTLS_BUILD = [...DEFAULT_BUILTIN_MACROS];
const OPENSSL_BUILD = [...DEFAULT_BUILTIN_MACROS.filter((m) => m !== '_HAVE_GNUTLS'), '_HAVE_OPENSSL'];

function findings(value: string, builtinMacros?: readonly string[], where: 'main' | 'smtp' = 'main') {
  const text = where === 'main' ? `keep_environment =\ntls_require_ciphers = ${value}\n` : `keep_environment =\nbegin transports\nt:\n  driver = smtp\n  tls_require_ciphers = ${value}\n`;
  return analyse(text, { name: '/tmp/tls.conf', builtinMacros }).diagnostics.filter((d) => d.code === 'tls-cipher-library');
}

/** Strings GnuTLS 3.7 refuses (gnutls-cli --priority S --list), and strings it takes. */
const GNUTLS_REFUSES = ['HIGH:!aNULL:!MD5', 'DEFAULT:!kECDHE', 'ALL:@SECLEVEL=0', 'EECDH+AESGCM:EDH+AESGCM', 'ECDHE-RSA-AES256-GCM-SHA384', 'AES128-SHA', 'NORMAL:!aNULL', 'NORMAL:+AES256', 'RSA', 'HIGH:!aNULL:@STRENGTH'];
const GNUTLS_TAKES = ['NORMAL', 'NORMAL:%COMPAT', 'SECURE128:-VERS-SSL3.0', 'NORMAL:-KX-ALL:+RSA', 'NORMAL:!VERS-ALL:+VERS-TLS1.2', 'SECURE192:-VERS-SSL3.0:-VERS-TLS1.0:-VERS-TLS1.1', 'NORMAL:-CIPHER-ALL:+AES-128-CBC', 'PERFORMANCE:+ARCFOUR-128', 'normal', 'NORMAL:-MD5:-SHA1', 'LEGACY', 'NORMAL:%SERVER_PRECEDENCE'];

test('a GnuTLS build: OpenSSL cipher lists and strings without a starting keyword are found, at the element GnuTLS stops at', () => {
  for (const v of GNUTLS_REFUSES) {
    const d = findings(v, GNUTLS_BUILD);
    assert.equal(d.length, 1, v);
    // (Seen with Debian's 4.96: the daemon refuses to start; a transport's deliveries defer.)
    assert.equal(d[0].severity, 'error', v);
    assert.match(d[0].message, /built with GnuTLS.*the daemon refuses to start \(Exim: tls_require_ciphers invalid: gnutls_priority_init/, v);
    const t = findings(v, GNUTLS_BUILD, 'smtp');
    assert.equal(t[0].severity, 'warning', v);
    assert.match(t[0].message, /every delivery through this transport defers/, v);
  }
  for (const v of GNUTLS_TAKES) assert.deepEqual(findings(v, GNUTLS_BUILD), [], v);
  const d = findings('NORMAL:!aNULL', GNUTLS_BUILD)[0];
  assert.equal(d.range.start.character, 'tls_require_ciphers = NORMAL:'.length);
  assert.match(d.message, /^"aNULL" belongs to OpenSSL's cipher lists/);
});

test('an OpenSSL build: a GnuTLS priority string is a warning; cipher lists are fine', () => {
  for (const v of ['NORMAL:%COMPAT', 'SECURE128:-VERS-SSL3.0', 'NORMAL:-KX-ALL:+RSA', 'PERFORMANCE']) {
    const d = findings(v, OPENSSL_BUILD);
    assert.equal(d.length, 1, v);
    assert.match(d[0].message, /built with OpenSSL/);
  }
  for (const v of GNUTLS_REFUSES) assert.deepEqual(findings(v, OPENSSL_BUILD), [], v);
});

test('the library not known: a note only where a value plainly belongs to one; expansions and quoted values left alone', () => {
  const openssl = findings('HIGH:!aNULL:!MD5');
  assert.equal(openssl.length, 1);
  assert.equal(openssl[0].severity, 'information');
  assert.match(openssl[0].message, /OpenSSL cipher list.*Debian's and Ubuntu's exim4\) refuses it \(the daemon does not start\)/);
  assert.equal(findings('NORMAL:%COMPAT')[0].severity, 'information');
  assert.deepEqual(findings('RSA'), [], 'valid for OpenSSL; ambiguous');
  assert.deepEqual(findings('${if eq{$tls_in_sni}{x}{NORMAL}{HIGH:!aNULL}}', GNUTLS_BUILD), []);
  assert.deepEqual(findings('"HIGH:!aNULL"', GNUTLS_BUILD), []);
});

const gnutlsCli = spawnSync('sh', ['-c', 'command -v gnutls-cli'], { encoding: 'utf8' }).stdout.trim();

test('GnuTLS agrees: each string flagged for a GnuTLS build is one it refuses, and the others it takes', { skip: gnutlsCli ? false : 'gnutls-cli is not installed (apt-get install gnutls-bin)' }, () => {
  for (const v of [...GNUTLS_REFUSES, ...GNUTLS_TAKES]) {
    const r = spawnSync(gnutlsCli, ['--priority', v, '--list'], { encoding: 'utf8', timeout: 10_000 });
    const refused = r.status !== 0;
    assert.equal(findings(v, GNUTLS_BUILD).length > 0, refused, `${v}: gnutls-cli ${refused ? 'refuses' : 'takes'} it: ${r.stderr.trim()}`);
  }
});

test('a value the file guards with .ifdef _HAVE_OPENSSL / _HAVE_GNUTLS (as Exim\'s default configure does) is left alone', () => {
  const text = ['keep_environment =', '.ifdef _HAVE_OPENSSL', 'tls_require_ciphers = HIGH:!aNULL', '.else', 'tls_require_ciphers = NORMAL:-VERS-TLS1.0', '.endif', ''].join('\n');
  for (const builtinMacros of [undefined, GNUTLS_BUILD, OPENSSL_BUILD]) {
    const d = analyse(text, { name: '/tmp/tls-guard.conf', builtinMacros }).diagnostics.filter((x) => x.code === 'tls-cipher-library');
    assert.deepEqual(d, [], String(builtinMacros?.length));
  }
  // Without the guard, the library not known: a note.
  assert.equal(findings('NORMAL:-VERS-TLS1.0').length, 1);
});
