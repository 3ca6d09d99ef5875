// The index of names: which lines name an ACL, a transport, a router, a named list or a macro,
// and where each is defined.

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { nameIndex, type Reference } from '../../server/src/analysis/names';
import { splitList } from '../../server/src/analysis/lists';
import { run, textAt } from '../helpers';

function refs(...lines: string[]): { kind: string; name: string; text: string; certain: boolean; via: string; inactive?: boolean }[] {
  const a = run(...lines);
  const source = lines.join('\n');
  return nameIndex(a.document)
    .references.filter((r: Reference) => r.kind !== 'macro')
    .map((r) => ({ kind: r.kind === 'list' ? `${r.list}list` : r.kind, name: r.name, text: textAt(source, r.site), certain: r.certain, via: r.via, ...(r.inactive ? { inactive: true } : {}) }));
}

test('ACLs are named by acl_smtp_* options, "acl =" and ${acl} / acl{{}} in expansions', () => {
  const r = refs(
    'acl_smtp_rcpt = check_rcpt',
    'acl_not_smtp = "check_local"',
    'acl_smtp_data = accept',
    'acl_smtp_mail = /etc/exim/mail.acl',
    'acl_smtp_helo = deny message = no',
    'begin acl',
    'check_rcpt:',
    '  accept acl = check_sub arg1 arg2',
    '  deny condition = ${acl {check_cond}{x}}',
    '  warn condition = ${if acl {{check_if}{y}}}',
  );
  assert.deepEqual(
    r.map((x) => [x.kind, x.name, x.text, x.certain]),
    [
      ['acl', 'check_rcpt', 'check_rcpt', true],
      ['acl', 'check_local', 'check_local', true],
      // A verb on its own is the text of an ACL unless an ACL has that name.
      ['acl', 'accept', 'accept', false],
      ['acl', 'check_sub', 'check_sub', true],
      ['acl', 'check_cond', 'check_cond', true],
      ['acl', 'check_if', 'check_if', true],
    ],
  );
});

test('transports and routers are named by the options that take their names', () => {
  const r = refs(
    'system_filter_pipe_transport = address_pipe',
    'begin routers',
    'r1:',
    '  driver = accept',
    '  transport = local_delivery',
    'r2:',
    '  driver = redirect',
    '  data = x',
    '  file_transport = address_file',
    '  pipe_transport = address_pipe',
    '  reply_transport = address_reply',
    '  directory_transport = address_directory',
    '  redirect_router = r1',
    '  pass_router = r1',
    'begin transports',
    't:',
    '  driver = pipe',
    '  shadow_transport = t2',
  );
  assert.deepEqual(
    r.map((x) => [x.kind, x.name, x.via]),
    [
      ['transport', 'address_pipe', 'system_filter_pipe_transport'],
      ['transport', 'local_delivery', 'transport'],
      ['transport', 'address_file', 'file_transport'],
      ['transport', 'address_pipe', 'pipe_transport'],
      ['transport', 'address_reply', 'reply_transport'],
      ['transport', 'address_directory', 'directory_transport'],
      ['router', 'r1', 'redirect_router'],
      ['router', 'r1', 'pass_router'],
      ['transport', 't2', 'shadow_transport'],
    ],
  );
});

test('a name chosen by an expansion: the whole {word} arguments are possible names, never certain', () => {
  const a = run('begin routers', 'r:', '  driver = accept', '  transport = ${if eq{$domain}{a.b}{t_local}{t_remote}}');
  const index = nameIndex(a.document);
  assert.deepEqual(
    index.references.map((x) => [x.name, x.certain]),
    [
      ['t_local', false],
      ['t_remote', false],
    ],
  );
  assert.ok(index.dynamic.has('transport'));
});

test('named lists: +name in lists of the right kind, with !, other separators and expansions', () => {
  const r = refs(
    'domainlist local_domains = @ : +virtual',
    'hostlist relay = <; 127.0.0.1 ; ::1 ; +trusted',
    'hostlist ignore = +include_unknown : +ignore_defer : 10.0.0.0/8',
    'addresslist a = +caseful : *@x',
    'queue_smtp_domains = ! +local_domains',
    'begin acl',
    'check:',
    '  accept hosts = ! +relay : ${lookup{$x}lsearch{/f}{+nolist}} : +late',
    '         domains = +local_domains',
    '         condition = ${if match_ip{$sender_host_address}{+relay}}',
    '         condition = ${if match_domain{$domain}{+local_domains}}',
    '         condition = ${if match_local_part{$local_part}{+lp}}',
    '         condition = ${if inlist{$domain}{+not_a_list}}',
    '         authenticated = +not_a_list_either',
    'begin routers',
    'r:',
    '  driver = accept',
    '  local_parts = +lp',
    '  senders = +a',
  );
  assert.deepEqual(
    r.map((x) => [x.kind, x.name, x.text]),
    [
      ['domainlist', 'virtual', 'virtual'],
      ['hostlist', 'trusted', 'trusted'],
      ['domainlist', 'local_domains', 'local_domains'],
      ['hostlist', 'relay', 'relay'],
      ['hostlist', 'late', 'late'],
      ['domainlist', 'local_domains', 'local_domains'],
      ['hostlist', 'relay', 'relay'],
      ['domainlist', 'local_domains', 'local_domains'],
      ['localpartlist', 'lp', 'lp'],
      ['localpartlist', 'lp', 'lp'],
      ['addresslist', 'a', 'a'],
    ],
  );
});

test('list items as string_nextinlist() splits them: doubled separators, <x, expansions kept whole', () => {
  const items = (t: string) => splitList(t).map((i) => [t.slice(i.start, i.end), i.text.includes('$')]);
  assert.deepEqual(items(' a : b::c :: d : '), [
    ['a', false],
    ['b::c :: d', false],
  ]);
  assert.deepEqual(items('<; a ; ${if eq{1}{1}{x;y}} ; c'), [
    ['a', false],
    ['${if eq{1}{1}{x;y}}', true],
    ['c', false],
  ]);
  assert.deepEqual(items(''), []);
});

test('definitions: instances, named lists, macros; lines Exim skips name things but define nothing', () => {
  const a = run(
    'M1 = x',
    'domainlist d = a',
    '.ifdef NOPE',
    'domainlist skipped = b',
    'acl_smtp_rcpt = skipped_acl',
    '.endif',
    'begin acl',
    'a1:',
    '  accept',
    'begin routers',
    'r1:',
    '  driver = accept',
    '  transport = t1',
    'begin transports',
    't1:',
    '  driver = pipe',
    'begin authenticators',
    'au:',
    '  driver = plaintext',
  );
  const index = nameIndex(a.document);
  assert.deepEqual(
    index.definitions.map((d) => [d.kind, d.name, d.instance?.driver?.name]),
    [
      ['acl', 'a1', undefined],
      ['router', 'r1', 'accept'],
      ['transport', 't1', 'pipe'],
      ['authenticator', 'au', 'plaintext'],
      ['list', 'd', undefined],
      ['macro', 'M1', undefined],
    ],
  );
  const skipped = index.references.find((r) => r.name === 'skipped_acl')!;
  assert.equal(skipped.inactive, true);
  assert.equal(skipped.certain, false);
});

test('macros: every substitution, names inside other macros\' values, and .ifdef arguments', () => {
  const lines = [
    '.ifndef LATER',
    'FIRST = one LATER two',
    'LATER = x',
    '.endif',
    'primary_hostname = FIRST',
    '.ifdef LATER',
    'qualify_domain = LATER.example',
    '.endif',
  ];
  const a = run(...lines);
  const source = lines.join('\n');
  const index = nameIndex(a.document);
  const later = index.entry({ kind: 'macro', name: 'LATER' })!;
  assert.equal(later.definitions.length, 1);
  // .ifndef LATER (before it exists), LATER in FIRST's value (substituted when FIRST is used),
  // .ifdef LATER and the plain use.
  assert.deepEqual(
    later.references.map((r) => [r.site.range.start.line, textAt(source, r.site), r.via]).sort(),
    [
      [0, 'LATER', '.ifndef'],
      [1, 'LATER', 'use'],
      [5, 'LATER', 'use'],
      [6, 'LATER', 'use'],
    ],
  );
  const firstUses = index.entry({ kind: 'macro', name: 'FIRST' })!.references;
  assert.deepEqual(firstUses.map((r) => textAt(source, r.site)), ['FIRST']);
});

test('at(): the narrowest name at a position; a macro wins over the name its value holds', () => {
  const a = run('T = local', 'begin routers', 'r:', '  driver = accept', '  transport = T', 'begin transports', 'local:', '  driver = pipe');
  const index = nameIndex(a.document);
  assert.equal(index.at(0, { line: 4, character: 15 })?.key.kind, 'macro');
  assert.deepEqual(index.at(0, { line: 6, character: 2 })?.key, { kind: 'transport', name: 'local' });
  assert.equal(index.at(0, { line: 3, character: 4 }), undefined);
});
