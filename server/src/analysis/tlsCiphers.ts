// tls_require_ciphers against the TLS library Exim is built with.  Exim passes the value to the
// library as it is: GnuTLS reads a priority string (`NORMAL:-VERS-TLS1.0`) and refuses an OpenSSL
// cipher list (`HIGH:!aNULL:!MD5`, common in guides written for OpenSSL builds); OpenSSL finds no
// cipher in a priority string.  exim -bV accepts the file either way.  Seen with Debian's 4.96
// (GnuTLS): with the main option the daemon refuses to start ("tls_require_ciphers invalid:
// gnutls_priority_init(...) failed"); with an smtp transport's, its deliveries defer ("TLS
// session: (gnutls_priority_init(...) failed ...): The request is invalid").  The library is known
// from the binary's built-in macros (_HAVE_GNUTLS, _HAVE_OPENSSL); with the default list, which
// cannot know it, a value that plainly belongs to one library gets a note saying so.

import { GNUTLS_INITIAL_KEYWORDS, GNUTLS_ONLY_ELEMENT, OPENSSL_ONLY_WORDS, OPENSSL_SUITE } from '../facts/tls';
import type { ConfigLine } from '../syntax/document';
import { DEFAULT_BUILTIN_MACROS } from './build';
import type { CheckContext } from './context';
import type { LineDiagnostic } from './diagnostic';

type Library = 'GnuTLS' | 'OpenSSL' | undefined;

export function checkTlsCiphers(ctx: CheckContext): void {
  const library = libraryOf(ctx.doc.macros.builtinEntries);
  for (const line of ctx.doc.lines) {
    // A skipped branch is skipped because of the build (`.ifdef _HAVE_OPENSSL` in Exim's own
    // default configure): nothing to say there.
    if (line.inactive) continue;
    const d = lineFinding(line, library);
    // Nor, while the library is not known, where the file itself asks which one it is (looked
    // for only on the lines with something to say: it reads the directives before the line).
    if (d && !(!library && underTlsGuard(ctx, line))) ctx.report(line, d);
  }
}

/** Whether a line is inside an `.ifdef` / `.elifdef` (or -ndef) that tests _HAVE_GNUTLS or _HAVE_OPENSSL. */
function underTlsGuard(ctx: CheckContext, line: ConfigLine): boolean {
  const first = line.map.pieces[0];
  if (!first) return false;
  const read = ctx.doc.read;
  const open: string[] = [];
  for (const d of read.directives) {
    if (d.file !== first.file || d.line >= first.line) continue;
    if (d.node.kind !== 'conditional') continue;
    const raw = read.lines[d.file]?.[d.line] ?? '';
    const dir = d.node.directive;
    if (dir === 'ifdef' || dir === 'ifndef') open.push(raw);
    else if (dir === 'endif') open.pop();
    else if (open.length > 0) open[open.length - 1] += ` ${raw}`; // elif/else: the same conditional
  }
  return open.some((raw) => /_HAVE_(GNUTLS|OPENSSL)\b/.test(raw));
}

function libraryOf(entries: readonly string[]): Library {
  if (entries === DEFAULT_BUILTIN_MACROS) return undefined;
  const has = (name: string) => entries.some((e) => e === name || e.startsWith(`${name}=`));
  if (has('_HAVE_GNUTLS')) return 'GnuTLS';
  if (has('_HAVE_OPENSSL')) return 'OpenSSL';
  return undefined;
}

function lineFinding(line: ConfigLine, library: Library): LineDiagnostic | undefined {
  const node = line.node;
  if (node.kind !== 'option' || node.name.text !== 'tls_require_ciphers' || !node.value) return undefined;
  if (line.section !== 'main' && !(line.section === 'transports' && line.instance?.driver?.name === 'smtp')) return undefined;
  const value = node.value;
  // Expanded or quoted values are known only at run time (or need unquoting): left alone.
  if (/[$"\\]/.test(value.text) || value.text.trim() === '') return undefined;
  const elements = split(value.text);
  const openssl = elements.find((e) => looksOpenSsl(e.word));
  const gnutls = elements.find((e, i) => looksGnuTls(e.word, i));
  const at = (e: { start: number; end: number }) => ({ start: value.start + e.start, end: value.start + e.end });
  const whole = { start: value.start, end: value.end };
  const v = value.text;
  const main = line.section === 'main';
  if (library === 'GnuTLS') {
    const first = elements[0];
    const badStart = first && !/^@/.test(first.word) && !GNUTLS_INITIAL_KEYWORDS.has(first.word.toUpperCase());
    // The main option stops the daemon from starting: as bad as an error Exim reports at once.
    const severity = main ? ('error' as const) : undefined;
    const effect = main
      ? `exim -bV accepts the file, but the daemon refuses to start (Exim: tls_require_ciphers invalid: gnutls_priority_init(${v}) failed ... The request is invalid)`
      : `exim -bV accepts the file, but every delivery through this transport defers (Exim: TLS session: (gnutls_priority_init(${v}) failed ...): The request is invalid)`;
    if (openssl) {
      return { ...at(openssl), code: 'tls-cipher-library', severity, message: `"${openssl.word}" belongs to OpenSSL's cipher lists, but this Exim is built with GnuTLS, which reads tls_require_ciphers as a GnuTLS priority string and refuses "${v}": ${effect}. Write a priority string such as NORMAL:-VERS-TLS1.0:-VERS-TLS1.1 (gnutls-cli --priority STRING --list shows what one allows)` };
    }
    if (badStart) {
      return { ...at(first), code: 'tls-cipher-library', severity, message: `a GnuTLS priority string starts with a keyword such as NORMAL, SECURE128 or PERFORMANCE (or @name of a system setting), not "${first.word}": this Exim is built with GnuTLS, which refuses "${v}": ${effect}` };
    }
    return undefined;
  }
  if (library === 'OpenSSL') {
    if (gnutls && !openssl) {
      return { ...whole, code: 'tls-cipher-library', message: `"${v}" is a GnuTLS priority string ("${gnutls.word}"), but this Exim is built with OpenSSL, which reads tls_require_ciphers as an OpenSSL cipher list (such as HIGH:!aNULL:!MD5) and finds no cipher it knows here, so setting up TLS fails${main ? '' : ' for this transport'}` };
    }
    return undefined;
  }
  // The library is not known: a note when the value plainly belongs to one of them.
  if (openssl && !gnutls) {
    return { ...whole, code: 'tls-cipher-library', severity: 'information', message: `"${v}" is an OpenSSL cipher list ("${openssl.word}"): right for an Exim built with OpenSSL, but one built with GnuTLS (Debian's and Ubuntu's exim4) refuses it${main ? ' (the daemon does not start)' : ' (deliveries through this transport defer)'}. Checking against the Exim binary tells which library it has` };
  }
  if (gnutls && !openssl) {
    return { ...whole, code: 'tls-cipher-library', severity: 'information', message: `"${v}" is a GnuTLS priority string ("${gnutls.word}"): right for an Exim built with GnuTLS (Debian's and Ubuntu's exim4), but one built with OpenSSL finds no cipher in it, so setting up TLS fails. Checking against the Exim binary tells which library it has` };
  }
  return undefined;
}

/** The elements of the value (split at ":", and for OpenSSL also at "," and blanks), each without its +, - or ! prefix. */
function split(text: string): { word: string; start: number; end: number }[] {
  const out: { word: string; start: number; end: number }[] = [];
  const re = /[^:,\s]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const prefix = /^[+\-!]*/.exec(m[0])![0].length;
    out.push({ word: m[0].slice(prefix), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

function looksOpenSsl(word: string): boolean {
  if (OPENSSL_ONLY_WORDS.has(word) || /^@(STRENGTH|SECLEVEL=\d+)$/.test(word)) return true;
  // EECDH+AESGCM: OpenSSL's "and"; GnuTLS never has a + inside an element.
  if (/^[A-Za-z0-9]+(\+[A-Za-z0-9]+)+$/.test(word)) return true;
  return OPENSSL_SUITE.test(word);
}

function looksGnuTls(word: string, index: number): boolean {
  if (index === 0 && GNUTLS_INITIAL_KEYWORDS.has(word.toUpperCase()) && !/^(SUITEB128|SUITEB192|NONE)$/i.test(word)) return true;
  return GNUTLS_ONLY_ELEMENT.test(word);
}
