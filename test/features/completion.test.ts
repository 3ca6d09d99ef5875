// Completion, engine level: what is offered depends on where the cursor is, works on half-typed
// lines, and each item carries its summary (and a snippet where the item takes arguments).

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { complete, find, labels } from './complete';

const ACL = ['keep_environment =', 'acl_smtp_rcpt = rcpt', 'acl_smtp_connect = conn', 'begin acl', 'conn:', '  accept', 'rcpt:'];

test('main section: main options with type and summary; no_ only before booleans; named lists, hide, begin', () => {
  const items = complete('keep_environment =', 'retry_int|');
  const o = find(items, 'retry_interval_max')!;
  assert.equal(o.kind, 'option');
  assert.equal(o.detail, 'main option · time');
  assert.match(o.documentation!, /gap between delivery attempts/);
  assert.equal(o.insertText, 'retry_interval_max = ');
  assert.deepEqual(o.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } });
  assert.equal(find(items, 'accept_8bitmime')?.insertText, 'accept_8bitmime', 'a boolean needs no "="');
  for (const k of ['domainlist', 'hostlist', 'addresslist', 'localpartlist', 'hide', 'begin']) assert.ok(find(items, k), k);
  assert.ok(!find(items, 'driver'), 'no router options in the main section');

  const no = complete('no_|');
  assert.ok(no && no.length > 20);
  assert.ok(no.every((i) => i.label.startsWith('no_')));
  assert.ok(find(no, 'no_message_logs'));
  assert.ok(!find(no, 'no_primary_hostname'), 'not a boolean');
  assert.ok(find(complete('not_|'), 'not_message_logs'));

  // A main option set already is left out (Exim: "option set for the second time"); the one typed is not.
  const again = complete('primary_hostname = mx.example', 'keep_environment =', 'pri|');
  assert.ok(!find(again, 'primary_hostname'));
  assert.ok(find(again, 'print_topbitchars'));
  assert.ok(find(complete('keep_environment =', 'primary_host|'), 'primary_hostname'));
});

test('driver sections: generic + the driver\'s own options (own first, set ones left out), driver names', () => {
  const items = complete('begin routers', 'r:', '  driver = redirect', '  allow_fail', '  |');
  assert.ok(find(items, 'allow_defer'), 'redirect option');
  assert.ok(find(items, 'domains'), 'generic option');
  assert.ok(!find(items, 'allow_fail'), 'already set');
  assert.ok(!find(items, 'hosts_randomize'), 'an option of another driver');
  assert.ok(find(items, 'allow_defer')!.sortText! < find(items, 'domains')!.sortText!);
  const drivers = complete('begin routers', 'r:', '  driver = |');
  assert.deepEqual(labels(drivers), ['accept', 'dnslookup', 'ipliteral', 'iplookup', 'manualroute', 'queryprogram', 'redirect']);
  assert.match(find(drivers, 'redirect')!.documentation!, /^\*\*router driver\*\* `redirect`/);
  assert.deepEqual(labels(complete('begin transports', 't:', '  driver = a|')), ['appendfile', 'autoreply', 'lmtp', 'pipe', 'queuefile', 'smtp']);
  const fresh = complete('begin transports', 't:', '  |');
  assert.equal([...fresh!].sort((x, y) => x.sortText!.localeCompare(y.sortText!))[0].label, 'driver', 'driver first in an instance without one');
  assert.equal(complete('begin routers', '|'), undefined, 'no instance yet');
});

test('option values: booleans, enumerations, ACL and transport names, +named lists', () => {
  assert.deepEqual(labels(complete('message_logs = |')), ['true', 'false']);
  assert.ok(find(complete('begin routers', 'r:', '  driver = accept', '  self = |'), 'reroute:'));
  assert.deepEqual(labels(complete('acl_smtp_rcpt = |', 'begin acl', 'check_rcpt:', '  accept', 'other:', '  deny')), ['check_rcpt', 'other']);
  assert.deepEqual(labels(complete('begin routers', 'r:', '  driver = accept', '  transport = |', 'begin transports', 'local:', '  driver = appendfile')), ['local']);
  assert.deepEqual(labels(complete('domainlist local = a', 'hostlist relay = b', 'begin routers', 'r:', '  driver = accept', '  domains = ! +|')), ['+local']);
});

test('ACLs: verbs at the start, conditions after a verb (only those allowed where the ACL runs), ! only before conditions', () => {
  const start = complete(...ACL, '  |');
  assert.deepEqual(labels(start), ['accept', 'defer', 'deny', 'discard', 'drop', 'require', 'warn']);
  const cont = complete(...ACL, '  accept hosts = 1.2.3.4', '         |');
  assert.ok(find(cont, 'deny') && find(cont, 'domains'), 'a continuation line may hold a condition');

  const rcpt = complete(...ACL, '  deny |');
  assert.ok(find(rcpt, 'domains') && find(rcpt, 'recipients') && find(rcpt, 'message'));
  assert.equal(find(rcpt, 'domains')!.insertText, 'domains = ');
  assert.ok(!find(rcpt, 'endpass'), 'endpass goes with accept and discard only');
  assert.ok(find(complete(...ACL, '  accept |'), 'endpass'));
  const conn = complete('keep_environment =', 'acl_smtp_connect = conn', 'begin acl', 'conn:', '  deny |');
  assert.ok(!find(conn, 'domains'), 'domains is not allowed in the connect ACL');
  assert.ok(find(conn, 'hosts'));
  const neg = complete(...ACL, '  deny !|');
  assert.ok(neg!.every((i) => i.kind === 'condition'));
  assert.ok(find(neg, 'verify') && !find(neg, 'message'));
  const unknown = complete('keep_environment =', 'begin acl', 'x:', '  deny |');
  assert.ok(find(unknown, 'domains') && find(unknown, 'authenticated'), 'an ACL of unknown use gets them all');
});

test('ACL values: control and verify filtered by the ACL type, verify options, callout options, acl names, set', () => {
  const controls = complete(...ACL, '  accept control = |');
  assert.ok(find(controls, 'submission') && find(controls, 'freeze'));
  assert.ok(!find(complete('keep_environment =', 'acl_smtp_connect = c', 'begin acl', 'c:', '  accept control = |'), 'submission'));
  const verify = complete(...ACL, '  require verify = |');
  assert.ok(find(verify, 'recipient') && find(verify, 'sender'));
  assert.ok(!find(complete('keep_environment =', 'acl_smtp_connect = c', 'begin acl', 'c:', '  require verify = |'), 'recipient'));
  const opts = complete(...ACL, '  require verify = sender/|');
  assert.deepEqual(labels(opts).sort(), ['callout', 'callout_defer_ok', 'check_postmaster', 'defer_ok', 'no_details', 'quota', 'success_on_redirect']);
  assert.equal(find(opts, 'callout')!.insertText, 'callout=');
  const callout = complete(...ACL, '  require verify = sender/callout=30s,|');
  assert.ok(find(callout, 'use_sender') && find(callout, 'maxwait'));
  assert.equal(find(callout, 'maxwait')!.insertText, 'maxwait=');
  assert.deepEqual(labels(complete(...ACL, '  accept acl = |')), ['conn', 'rcpt']);
  assert.deepEqual(labels(complete(...ACL, '  accept set acl_m_x = 1', '  accept set |')).sort(), ['acl_c_…', 'acl_m_x', 'acl_m_…']);
  assert.ok(find(complete(...ACL, '  warn ratelimit = 100 / 1h / |'), 'per_rcpt'));
});

test('expansions: $ gives variables, ${ items (snippets), operators and variables; lookup types; conditions', () => {
  const v = complete(...ACL, '  deny condition = $loc|');
  const lp = find(v, '$local_part')!;
  assert.equal(lp.insertText, 'local_part');
  assert.match(lp.detail!, /Local part/);
  assert.deepEqual(lp.range, { start: { line: 7, character: 20 }, end: { line: 7, character: 23 } });
  assert.ok(find(v, '$h_…:'), 'header variables');

  const b = complete(...ACL, '  deny condition = ${|');
  const ifItem = find(b, 'if')!;
  assert.equal(ifItem.kind, 'item');
  assert.equal(ifItem.insertText, '\\${if ${1:condition} {${2:yes}}{${3:no}}}');
  assert.ok(ifItem.snippet);
  assert.equal(ifItem.filterText, '${if');
  assert.equal(find(b, 'sg')!.insertText, '\\${sg{${1:subject}}{${2:regex}}{${3:replacement}}}');
  assert.equal(find(b, 'lc:')!.insertText, '\\${lc:${1}}');
  assert.equal(find(b, '$local_part')!.insertText, '\\${local_part}');
  // an auto-closed brace after the cursor is replaced, not doubled
  const closed = complete(...ACL, '  deny condition = ${|}');
  assert.equal(find(closed, 'if')!.range.end.character, find(closed, 'if')!.range.start.character + 3);

  const lookups = complete(...ACL, '  deny condition = ${lookup{$local_part}|');
  assert.ok(find(lookups, 'lsearch') && find(lookups, 'mysql'));
  assert.equal(find(lookups, 'lsearch')!.kind, 'lookup');
  assert.ok(find(complete(...ACL, '  deny condition = ${lookup |'), 'pgsql'));
  assert.ok(find(complete(...ACL, '  deny condition = ${lookup{$domain}partial-|'), 'partial-dbm'));

  const conds = complete(...ACL, '  deny condition = ${if |');
  assert.equal(find(conds, 'eq')!.insertText, 'eq {${1:a}}{${2:b}}');
  assert.ok(find(complete(...ACL, '  deny condition = ${if and{{eq{a}{b}}{|'), 'match'));
  assert.ok(find(complete(...ACL, '  deny condition = ${if !|'), 'def'));
  assert.equal(complete(...ACL, '  deny condition = ${if eq{a}{|'), undefined, 'inside an argument: no conditions');
});

test('half-typed and continued lines, macros, directives and section names', () => {
  const cont = complete(...ACL, '  deny condition = ${if eq{$local_part}\\', '                  {${|');
  assert.ok(find(cont, 'lookup'), 'a continued line is completed from the whole logical line');
  assert.deepEqual(labels(complete('begin |')), ['acl', 'authenticators', 'local_scan', 'retry', 'rewrite', 'routers', 'transports']);
  assert.ok(find(complete('.if|'), '.ifdef'));
  const macros = complete('MAIL_HOST = mail.example.com', 'LOCAL = x', 'primary_hostname = MA|');
  assert.deepEqual(labels(macros), ['MAIL_HOST', 'LOCAL']);
  assert.equal(complete('MA|'), undefined, 'an upper-case word at the start of a line starts a definition');
  assert.equal(complete('# a comment |'), undefined);
  assert.equal(complete(...ACL, '  deny message = some text |'), undefined, 'nothing to offer in free text');
});
