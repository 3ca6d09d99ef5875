// Lookup types in ${lookup}, in list items and in the lists of match_domain and friends; and the
// list reader they rely on.

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyse } from '../../server/src/analysis/analyse';
import { lookupInItem, splitList } from '../../server/src/analysis/lists';
import { applyEdits, run, show, textAt } from '../helpers';

test('lists split like string_nextinlist: separators, <X, doubled separators, ${...} taken whole', () => {
  assert.deepEqual(splitList(' a : b:c ').map((i) => i.text), ['a', 'b', 'c']);
  assert.deepEqual(splitList('<; 127.0.0.1 ; ::1 ; 10.0.0.0/8').map((i) => i.text), ['127.0.0.1', '::1', '10.0.0.0/8']);
  assert.deepEqual(splitList('a::b : c').map((i) => i.text), ['a:b', 'c']);
  assert.deepEqual(splitList('${if eq{a:b}{c}{x}{y}} : d').map((i) => i.text), ['${if eq{a:b}{c}{x}{y}}', 'd']);
  const items = splitList('x : lsearch;/etc/x');
  assert.deepEqual(items[1], { start: 4, end: 18, text: 'lsearch;/etc/x' });
});

test('lookup items: the type part, net- prefixes in host lists, and what is not a lookup', () => {
  const item = (text: string) => ({ start: 0, end: text.length, text });
  assert.equal(lookupInItem(item('partial-lsearch;/etc/x'), 'domain')?.spec, 'partial-lsearch');
  assert.deepEqual(lookupInItem(item('net24-lsearch;/etc/nets'), 'host'), { start: 6, end: 13, spec: 'lsearch', netPrefix: 'net24-' });
  assert.equal(lookupInItem(item('net24-lsearch;/etc/nets'), 'domain')?.spec, 'net24-lsearch');
  assert.equal(lookupInItem(item('! lsearch;/x'), 'domain')?.spec, 'lsearch');
  for (const t of ['^a;b', '+list', '@mx_any', 'example.com', '$type;/x', '${lookup;x}', 'ls earch;/x']) assert.equal(lookupInItem(item(t), 'domain'), undefined, t);
});

test('${lookup}: unknown types with a fix, partial and * on query-style types, the {key} rule', () => {
  const text = [
    'keep_environment =',
    'begin routers',
    'r:',
    '  driver = redirect',
    '  data = ${lookup{$local_part}lsearh{/etc/aliases}}',
    '  address_data = ${lookup mysql{select 1}}${lookup{$domain}partial-dbm{/etc/x}{$value}fail}',
    '  errors_to = ${lookup{$local_part}mysql{select 1}}',
    '  headers_add = ${lookup lsearch{/etc/x}}',
    '  senders = ${lookup partial-pgsql{select 1}}',
    '  debug_print = ${lookup mysql*{select 1}}',
    '  file = ${lookup{x}$type{/etc/x}}',
  ].join('\n');
  const a = run(text);
  const ds = a.diagnostics.filter((d) => d.code.startsWith('lookup-'));
  assert.deepEqual(ds.map((d) => [d.code, d.range.start.line, d.severity]), [
    ['lookup-unknown-type', 4, 'warning'],
    ['lookup-key', 6, 'warning'],
    ['lookup-key', 7, 'warning'],
    ['lookup-partial-query', 8, 'warning'],
    ['lookup-partial-query', 9, 'warning'],
  ], ds.map(show).join('\n'));
  assert.equal(textAt(text, ds[0]), 'lsearh');
  assert.match(ds[0].message, /did you mean "lsearch"\? \(Exim: unknown lookup type "lsearh"\)/);
  assert.equal(applyEdits(text, ds[0].fixes![0].edits).split('\n')[4], '  data = ${lookup{$local_part}lsearch{/etc/aliases}}');
  assert.match(ds[1].message, /a single key was given for lookup type "mysql"/);
  assert.match(ds[2].message, /missing \{key\} for single-key "lsearch" lookup/);
  assert.equal(textAt(text, ds[3]), 'partial-');
  assert.equal(textAt(text, ds[4]), '*');
});

test('list items: unknown types, net- outside host lists, partial on query-style, address-list domain lookups', () => {
  const text = [
    'keep_environment =',
    'domainlist d = example.com : lsearh;/etc/domains : net-lsearch;/x : partial-mysql;select 1',
    'hostlist h = <; ::1 ; net24-lsearch;;/etc/nets ; net-iplsearch;;/x',
    'addresslist a = lsearch*@;/etc/senders : *@partial-lsearch;/etc/domains',
    'acl_smtp_rcpt = r',
    'begin acl',
    'r:',
    '  deny hosts = 1.2.3.4 : <; 1.2.3.4::5.6.7.8',
    '  deny condition = ${if match_domain{$domain}{lsearh;/etc/x}}',
  ].join('\n');
  const a = run(text);
  const ds = a.diagnostics.filter((d) => d.code.startsWith('lookup-'));
  assert.deepEqual(ds.map((d) => [d.code, textAt(text, d)]), [
    ['lookup-unknown-type', 'lsearh'],
    ['lookup-unknown-type', 'net-lsearch'],
    ['lookup-partial-query', 'partial-'],
    ['lookup-unknown-type', '<'],
    ['lookup-unknown-type', 'lsearh'],
  ], ds.map(show).join('\n'));
  assert.match(ds[1].message, /net- prefix works only in host lists/);
  assert.match(ds[3].message, /Exim: unknown lookup type "<"/);
});

test('a lookup type the build lacks (no _HAVE_LOOKUP_ macro) is reported where it is used, with what then happens', () => {
  const text = ['domainlist d = redis;GET x : lsearch;/etc/d', 'acl_smtp_rcpt = r', 'begin acl', 'r:', '  accept domains = +d', '  warn set acl_m0 = ${lookup redis{GET $domain}}'].join('\n') + '\n';
  const withBuild = (builtinMacros?: readonly string[]) => analyse(text, { name: '/tmp/test/lk.conf', builtinMacros }).diagnostics.filter((d) => d.code === 'lookup-not-in-build');
  assert.deepEqual(withBuild(), [], 'every feature assumed');
  assert.deepEqual(withBuild(['_HAVE_TLS']), [], 'a list without _HAVE_LOOKUP_ names says nothing of lookups');
  const found = withBuild(['_HAVE_LOOKUP_LSEARCH', '_HAVE_LOOKUP_CDB']);
  assert.deepEqual(found.map((d) => [d.range.start.line, d.range.start.character, d.severity]), [[0, 15, 'warning'], [5, 29, 'warning']]);
  assert.match(found[0].message, /^this Exim is built without the redis lookup \(its built-in macros have no _HAVE_LOOKUP_REDIS\): when Exim matches this list .*\(Exim: unknown lookup type "redis"\)$/);
  assert.match(found[1].message, /the expansion fails when Exim uses the value/);
});

test('a lookup type whose macro the build has but that exim -bV does not list (a module not installed) is reported too', () => {
  const text = 'domainlist d = json;/etc/d.json : lsearch;/etc/d : spf;x : readsock;y\n';
  const entries = ['_HAVE_LOOKUP_LSEARCH', '_HAVE_LOOKUP_JSON', 'exim_lookups=lsearch wildlsearch', 'exim_version=4.96'];
  const found = analyse(text, { name: '/tmp/test/lk.conf', builtinMacros: entries }).diagnostics.filter((d) => d.code === 'lookup-not-in-build');
  assert.deepEqual(found.map((d) => d.range.start.character), [15], 'json only: spf and readsock are not in that list anywhere');
  assert.match(found[0].message, /^this Exim is built without the json lookup \(exim -bV does not list it among its lookups\): .*\(Exim: unknown lookup type "json"\)$/);
  assert.deepEqual(analyse(text, { name: '/tmp/test/lk.conf', builtinMacros: entries.filter((e) => !e.startsWith('exim_lookups=')) }).diagnostics.filter((d) => d.code === 'lookup-not-in-build'), [], 'without that list the macro is taken at its word');
});
