// Hover, engine level: every family of names answers with what it is, in short Markdown with the
// link last, on every physical line of a continued line, and nothing breaks on odd positions.

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { hover } from '../../server/src/features/hover';
import type { Position } from '../../server/src/syntax/lines';
import { run } from '../helpers';

const CONFIG = [
  'MAILHOST = mail.example.com', //                                                0
  'keep_environment =', //                                                          1
  'primary_hostname = MAILHOST', //                                                  2
  'hide mysql_servers = localhost/mail/exim/secret', //                             3
  'retry_interval_max = 4d6h', //                                                    4
  'acl_smtp_rcpt = acl_check_rcpt', //                                              5
  'domainlist local_domains = @ : partial-lsearch;/etc/exim/domains', //           6
  'no_message_logs', //                                                             7
  'begin acl', //                                                                   8
  'acl_check_rcpt:', //                                                             9
  '  deny    !hosts = +relay_hosts : net24-lsearch;/etc/nets', //                  10
  '          domains = +local_domains', //                                         11
  '          condition = ${if eq{$h_subject:}{x} {yes}{no}}', //                     12
  '  accept  control = submission/sender_retain', //                               13
  '          verify = sender/callout=30s,defer_ok', //                              14
  '          delay = 1m30s', //                                                     15
  '          set acl_m_x = ${lookup{$local_part}lsearch*@{/etc/x}} \\', //         16
  '                        ${lc:$acl_c_foo} $1 ${hash_3:$domain}', //              17
  '  warn    ratelimit = 100 / 1h / per_rcpt / strict', //                         18
  'begin routers', //                                                              19
  'aliases:', //                                                                   20
  '  driver = redirect', //                                                        21
  '  allow_fail', //                                                               22
  '  data = ${lookup mysql{SELECT x FROM y WHERE z=\'${quote_mysql:$local_part}\'}}', // 23
  '  transport = remote', //                                                       24
  'begin transports', //                                                           25
  'remote:', //                                                                    26
  '  driver = smtp', //                                                            27
];
const a = run(...CONFIG);

/** Hover at the `n`th occurrence of `needle` (plus `delta` characters). */
function at(needle: string, delta = 0, n = 0): { contents: string; range?: { start: Position; end: Position } } | undefined {
  let count = 0;
  for (let line = 0; line < CONFIG.length; line++) {
    let from = 0;
    for (;;) {
      const i = CONFIG[line].indexOf(needle, from);
      if (i < 0) break;
      if (count++ === n) return hover(a, { line, character: i + delta });
      from = i + 1;
    }
  }
  throw new Error(`${needle} not found`);
}

function expectHover(needle: string, patterns: RegExp[], delta = 1, n = 0): string {
  const h = at(needle, delta, n);
  assert.ok(h, `no hover on ${needle}`);
  for (const p of patterns) assert.match(h.contents, p, needle);
  // the link, when there is one, comes last
  const link = h.contents.lastIndexOf('[Exim specification](');
  if (link >= 0) assert.ok(!h.contents.slice(link).includes('\n'), `${needle}: the link is last`);
  return h.contents;
}

test('options: kind, type, default, build condition, no_ and hide; the link last', () => {
  expectHover('retry_interval_max', [/^\*\*main option\*\* `retry_interval_max` · time · default `1d`/, /gap between delivery attempts/, /\[Exim specification\]\(https:\/\/www\.exim\.org\/.*#SECTalomo\)$/]);
  expectHover('mysql_servers', [/main option/, /Build: only in Exim builds with `LOOKUP_MYSQL`/]);
  expectHover('hide', [/^\*\*hide\*\*/, /exim -bP/], 0);
  expectHover('no_message_logs', [/`no_message_logs` \(`message_logs`\) · boolean · default `true`/, /turns the boolean `message_logs` off/]);
  expectHover('allow_fail', [/^\*\*option of the redirect router\*\* `allow_fail` · boolean · default `false`/, /:fail:/]);
  expectHover('transport =', [/^\*\*generic router option\*\* `transport`/]);
});

test('time values, drivers, sections, instances and the ACL or transport an option names', () => {
  expectHover('4d6h', [/^\*\*time\*\* `4d6h` = 4 days 6 hours \(367200 seconds\)/]);
  expectHover('1m30s', [/= 1 minute 30 seconds/, /waits/]);
  expectHover('redirect', [/^\*\*router driver\*\* `redirect` · 50 options of its own/]);
  expectHover('driver = smtp', [/^\*\*transport driver\*\* `smtp`/], 10);
  expectHover('begin routers', [/^\*\*section\*\* `begin routers`/, /Routers decide/], 8);
  expectHover('begin acl', [/^\*\*section\*\* `begin acl`/], 0);
  expectHover('aliases:', [/^\*\*router\*\* `aliases` · driver `redirect`/, /Router 1 of 1/], 0);
  expectHover('remote:', [/^\*\*transport\*\* `remote` · driver `smtp`/, /Used by the router `aliases`/], 0);
  expectHover('= remote', [/^\*\*transport\*\* `remote`/, /Defined on line 27/], 3);
  expectHover('= acl_check_rcpt', [/^\*\*ACL\*\* `acl_check_rcpt`/, /Runs as `acl_smtp_rcpt` \(RCPT\)/, /Defined on line 10/], 3);
  expectHover('acl_check_rcpt:', [/^\*\*ACL\*\* `acl_check_rcpt` · 3 statements/], 0);
});

test('named lists: the keyword, the name, +references, lookups in list items', () => {
  expectHover('domainlist', [/^\*\*named list\*\* `domainlist`/, /\+name/], 0);
  expectHover('local_domains =', [/^\*\*domain list\*\* `local_domains`/, /Referenced as `\+local_domains` on 1 line/], 0);
  expectHover('+local_domains', [/^\*\*domain list\*\* `local_domains`/, /Defined on line 7/], 1);
  expectHover('+relay_hosts', [/^\*\*named list reference\*\* `\+relay_hosts`/, /No host list of this name/], 1);
  expectHover('partial-lsearch', [/^\*\*lookup type\*\* `lsearch` · single-key/, /`partial`: also tries wildcard keys/], 10);
  expectHover('net24-lsearch', [/^\*\*lookup type\*\* `lsearch`/, /masked to 24 bits/], 2);
});

test('ACLs: verbs, conditions (negated, allowed where the ACL runs), control, verify, callout, ratelimit', () => {
  expectHover('deny', [/^\*\*ACL verb\*\* `deny`/], 0);
  expectHover('!hosts', [/^\*\*ACL condition\*\* `hosts` · may be negated/, /`!hosts`: true when `hosts` is false/, /Allowed where this ACL runs \(RCPT\)/], 0);
  expectHover(' domains =', [/Usable in the RCPT, PRDR and VRFY ACLs/], 2);
  expectHover('control', [/^\*\*ACL modifier\*\* `control` · cannot be negated/]);
  expectHover('submission', [/^\*\*control\*\* `submission` · takes `\/options`/, /Usable in the RCPT, MAIL and PREDATA ACLs/]);
  expectHover('sender/', [/^\*\*verify\*\* `sender` \(also `sender=<address>`\)/, /Options: `callout\[=…\]`/]);
  expectHover('30s', [/^\*\*time\*\* `30s` = 30 seconds/, /callout timeout/]);
  expectHover('defer_ok', [/^\*\*callout option\*\* `defer_ok`/]);
  expectHover('per_rcpt', [/^\*\*ratelimit option\*\* `per_rcpt`/]);
  expectHover('1h /', [/^\*\*time\*\* `1h` = 1 hour/, /period/], 0);
  expectHover('acl_m_x', [/^\*\*variable\*\* `\$acl_m_x` \(of the family `acl_m<x>\.\.\.`\)/]);
});

test('expansions: items, operators, conditions, variables (headers, ACL variables, numbers), lookup types', () => {
  expectHover('${if', [/^\*\*expansion item\*\* `\$\{if CONDITION \{yes\}\{no\}\}`/], 2);
  expectHover('eq{', [/^\*\*expansion condition\*\* `eq \{a\}\{b\}`/], 0);
  expectHover('$h_subject:', [/^\*\*variable\*\* `\$h_subject:`/, /Here: the `subject` header/], 3);
  expectHover('$local_part}l', [/^\*\*variable\*\* `\$local_part`/], 2);
  expectHover('lsearch*@', [/^\*\*lookup type\*\* `lsearch`/, /`\*@`: falls back to `\*@domain`/], 2);
  expectHover('${lc:', [/^\*\*expansion operator\*\* `\$\{lc:string\}`/], 3);
  expectHover('$acl_c_foo', [/`\$acl_c_foo` \(of the family `acl_c<x>\.\.\.`\)/], 2);
  expectHover('$1', [/`\$1`/, /capture group 1/], 1);
  expectHover('hash_3', [/^\*\*expansion operator\*\*/, /the `hash` operator with the parameters `3`/], 2);
  expectHover('mysql{', [/^\*\*lookup type\*\* `mysql` · query-style/], 1);
  expectHover('quote_mysql', [/^\*\*expansion operator\*\*/], 2);
});

test('macros: value and definition at uses and at the definition', () => {
  expectHover('MAILHOST', [/^\*\*macro\*\* `MAILHOST` = `mail\.example\.com`/, /Defined on line 1\. Used 1 time\./], 2, 1);
  expectHover('MAILHOST', [/^\*\*macro\*\* `MAILHOST`/, /Defined here/], 2, 0);
  const b = run('keep_environment =', '.ifdef _HAVE_TLS', 'tls_advertise_hosts = *', '.endif');
  const h = hover(b, { line: 1, character: 9 });
  assert.match(h!.contents, /^\*\*built-in macro\*\* `_HAVE_TLS` = `y`/);
  // names that no macro replaced: on a directive, and in a value
  const c = run('keep_environment =', '.ifdef USE_TLS', 'tls_advertise_hosts = *', '.endif', 'domainlist local_domains = MAIN_LOCAL_DOMAINS', 'qualify_domain = EXAMPLE');
  assert.match(hover(c, { line: 1, character: 9 })!.contents, /^\*\*macro\*\* `USE_TLS` · not defined[\s\S]*"not defined" branch/);
  assert.match(hover(c, { line: 4, character: 30 })!.contents, /^\*\*macro\*\* `MAIN_LOCAL_DOMAINS` · not defined[\s\S]*plain text/);
  assert.equal(hover(c, { line: 5, character: 20 }), undefined, 'a word in capitals without an underscore is just text');
});

test('hover works on every physical line of a continued line, and only where there is something', () => {
  const h = at('${lc:', 3);
  assert.equal(h?.range?.start.line, 17);
  assert.equal(hover(a, { line: 16, character: 5 }), undefined, 'the indentation');
  assert.equal(hover(a, { line: 999, character: 0 }), undefined);
  assert.equal(hover(a, { line: 16, character: 200 }), undefined);
  // every position of every line answers or not, without throwing
  for (let line = 0; line < CONFIG.length; line++) for (let c = 0; c <= CONFIG[line].length + 1; c++) hover(a, { line, character: c });
});

test('expansions in a macro body have their hover too', () => {
  const lines = ['keep_environment =', 'LOOKUP_USER = ${lookup{$local_part}lsearch{/etc/mail/users}}', 'begin routers', 'r:', '  driver = redirect', '  data = LOOKUP_USER'];
  const a = run(...lines);
  const h = hover(a, { line: 1, character: lines[1].indexOf('lookup') + 2 })?.contents;
  assert.match(h!, /^\*\*expansion item\*\* `\$\{lookup/);
  const v = hover(a, { line: 1, character: lines[1].indexOf('$local_part') + 3 })?.contents;
  assert.match(v!, /\*\*variable\*\* `\$local_part`/);
});
