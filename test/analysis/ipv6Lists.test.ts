// IPv6 addresses in ":"-separated lists: Exim splits them at their colons (checked with
// `${if match_ip{::1}{127.0.0.1 : ::1}}`, which is "no", and ::::1, which is "yes").

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { isIpv6 } from '../../server/src/analysis/ipv6Lists';
import { applyEdits, codes, run, textAt } from '../helpers';

const found = (...lines: string[]) => {
  const source = lines.join('\n') + '\n';
  return run(...lines).diagnostics.filter((d) => d.code === 'list-ipv6-colons').map((d) => textAt(source, d));
};

test('an IPv6 address in a ":" host list is a warning with a fix that doubles its colons', () => {
  const line = 'hostlist relay = 127.0.0.1 : ::1 : fe80::/10 : !2001:db8::1 : ::ffff:192.0.2.1';
  assert.deepEqual(found(line), ['::1', 'fe80::/10', '2001:db8::1', '::ffff:192.0.2.1']);
  const a = run(line);
  assert.equal(a.diagnostics[0].severity, 'warning');
  assert.match(a.diagnostics[0].message, /never sees the IPv6 address ::1: the item never matches/);
  assert.equal(applyEdits(line + '\n', a.diagnostics[2].fixes![0].edits), 'hostlist relay = 127.0.0.1 : ::1 : fe80::/10 : !2001::db8::::1 : ::ffff:192.0.2.1\n');
  // ACL conditions and host-list options are host lists too.
  assert.deepEqual(found('acl_smtp_rcpt = a', 'begin acl', 'a:', '  accept hosts = ::1'), ['::1']);
  assert.deepEqual(found('host_lookup = localhost : ::1'), ['::1']);
});

test('correct forms are left alone: doubled colons, another separator, expansions, other lists', () => {
  assert.deepEqual(found('hostlist a = 127.0.0.1 : ::::1 : fe80::::/10'), []);
  assert.deepEqual(found('hostlist a = <; 127.0.0.1 ; ::1'), []);
  assert.deepEqual(found('hostlist a = <, ::1, 10.0.0.0/8'), []);
  assert.deepEqual(found('domainlist d = a.example : b.example'), []);
  assert.deepEqual(found('hostlist a = ${lookup{x}lsearch{/etc/h}} : 10.0.0.1'), []);
  assert.deepEqual(codes(run('hostlist a = 127.0.0.1 : ::::1')), []);
});

test('local_interfaces and the smtp transport interface: the daemon or transport cannot use the address', () => {
  const a = run('local_interfaces = 127.0.0.1 : ::1');
  assert.match(a.diagnostics[0].message, /the daemon refuses to start/);
  assert.deepEqual(found('local_interfaces = <; 127.0.0.1 ; ::1'), []);
  assert.deepEqual(found('begin transports', 't:', '  driver = smtp', '  interface = ::1'), ['::1']);
  assert.deepEqual(found('begin transports', 't:', '  driver = pipe', '  command = /bin/x ::1'), []);
});

test('isIpv6 knows the written forms', () => {
  for (const s of ['::1', '::', 'fe80::/10', '2001:db8::1', '1:2:3:4:5:6:7:8', '::ffff:192.0.2.1', '2001:db8::/32', '1::8']) assert.ok(isIpv6(s), s);
  for (const s of [':1', '::::1', '1:2:3', '1:2:3:4:5:6:7:8:9', '192.0.2.1', 'a::b::c', 'fe80::/129', '::ffff:300.1.1.1', 'g::1', 'a.b']) assert.ok(!isIpv6(s), s);
});

test('" : " inside an item of a list that chose another separator is a warning with a fix', () => {
  const mixed = (...lines: string[]) => {
    const source = lines.join('\n') + '\n';
    return run(...lines).diagnostics.filter((d) => d.code === 'list-mixed-separator').map((d) => [textAt(source, d), applyEdits(source, d.fixes![0].edits).split('\n')[lines.length - 1]]);
  };
  // exim -be: ${if match_ip{10.0.0.1}{<; 10.0.0.1 : ::1}{yes}{no}} is "no".
  assert.deepEqual(mixed('acl_smtp_rcpt = a', 'begin acl', 'a:', '  accept hosts = <; 10.0.0.1 : ::1'), [['10.0.0.1 : ::1', '  accept hosts = <; 10.0.0.1 ; ::1']]);
  assert.deepEqual(mixed('domainlist d = <, a.example : b.example, c.example'), [['a.example : b.example', 'domainlist d = <, a.example , b.example, c.example']]);
  assert.deepEqual(mixed('hostlist h = <; 10.0.0.1 ; ::1'), []);
  assert.deepEqual(mixed('hostlist h = 10.0.0.1 : 10.0.0.2'), []);
  assert.deepEqual(mixed('hostlist h = <; ^a : b$ ; 10.0.0.1'), [], 'a regular expression is left alone');
});
