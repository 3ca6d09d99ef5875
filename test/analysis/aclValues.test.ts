// ACL statements against where the ACL runs, and the values of control= and verify=.

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { aclNamings, aclTypesOf } from '../../server/src/analysis/aclUse';
import { analyse } from '../../server/src/analysis/analyse';
import { applyEdits, codes, run, show, textAt } from '../helpers';

const PRE = ['keep_environment =', 'acl_smtp_rcpt = rcpt', 'acl_smtp_connect = conn', 'acl_smtp_data = data', 'begin acl'];

function only(a: ReturnType<typeof run>, code: string) {
  return a.diagnostics.filter((d) => d.code === code);
}

test('the ACL type comes from the acl_smtp_* options that name the ACL, the last setting winning', () => {
  const a = run('acl_smtp_rcpt = first', 'acl_smtp_rcpt = second', 'acl_smtp_mail = second', 'acl_smtp_data = /etc/exim/data.acl', 'begin acl', 'first:', '  accept', 'second:', '  accept', 'unused:', '  accept');
  const n = aclNamings(a.document);
  assert.deepEqual([...n.keys()].sort(), ['second']);
  const acls = a.document.sections.find((s) => s.name === 'acls')!.instances;
  assert.deepEqual(aclTypesOf(a.document, acls[1]).sort(), ['MAIL', 'RCPT']);
  assert.deepEqual(aclTypesOf(a.document, acls[0]), []);
  assert.deepEqual(aclTypesOf(a.document, acls[2]), []);
});

test('a condition used where Exim forbids it is a warning naming the ACL type and the option', () => {
  const a = run(...PRE, 'conn:', '  deny domains = example.com', '  deny !local_parts = x', '  accept hosts = 1.2.3.4', 'data:', '  deny recipients = a@b', 'rcpt:', '  deny domains = example.com');
  const found = only(a, 'acl-condition-not-allowed');
  assert.deepEqual(found.map((d) => [d.range.start.line, d.severity]), [[6, 'warning'], [7, 'warning'], [10, 'warning']], found.map(show).join('\n'));
  assert.match(found[0].message, /"domains" cannot be used in the connection ACL \(acl_smtp_connect names "conn"\)/);
  assert.match(found[0].message, /Exim: cannot test domains condition in connection ACL/);
});

test('nothing is checked against a type for an ACL no option names', () => {
  const a = run('keep_environment =', 'begin acl', 'helper:', '  deny domains = example.com', '  warn control = freeze', '  accept verify = recipient');
  // (Nothing names the ACL, so it is reported as unused: a hint of the name checks.)
  assert.deepEqual(codes(a), ['unused-acl']);
});

test('control=: unknown names (did-you-mean and fix), options on a control without them, forbidden types', () => {
  const text = [...PRE, 'conn:', '  accept control = freeze', 'rcpt:', '  accept control = frezee', '  accept control = no_pipelining/x', '  accept control = submission/sender_retain', '  accept control = queue_only', '  accept control = ${if eq{1}{1}{freeze}{queue}}', '  accept control = Freeze'].join('\n');
  const a = run(text);
  const ds = a.diagnostics.filter((d) => d.code.startsWith('acl-control'));
  assert.deepEqual(ds.map((d) => [d.code, d.range.start.line]), [
    ['acl-control-not-allowed', 6],
    ['acl-control-unknown', 8],
    ['acl-control-unknown', 9],
    ['acl-control-unknown', 13],
  ], ds.map(show).join('\n'));
  assert.match(ds[1].message, /"frezee" is not a control; did you mean "freeze"\?/);
  assert.equal(applyEdits(text + '\n', ds[1].fixes![0].edits).split('\n')[8], '  accept control = freeze');
  assert.match(ds[2].message, /takes no options/);
  assert.equal(textAt(text, ds[2]), '/x');
});

test('verify=: unknown types and options, options on a type without them, callout options and times', () => {
  const text = [
    ...PRE,
    'rcpt:',
    '  require verify = recipent',
    '  require verify = helo/x',
    '  require verify = sender/no_detail',
    '  require verify = recipient/callout=30s,defer_ok,maxwait=1m/no_details',
    '  require verify = recipient/callout=frob',
    '  require verify = recipient/callout=maxwait',
    '  require verify = SENDER=postmaster@example.com/Defer_OK',
    '  require verify = reverse_host_lookup/defer_okk',
    '  require verify = csa/example.com',
    'conn:',
    '  require verify = recipient',
  ].join('\n');
  const a = run(text);
  const ds = a.diagnostics.filter((d) => d.code.startsWith('acl-verify'));
  assert.deepEqual(ds.map((d) => [d.code, d.range.start.line]), [
    ['acl-verify-unknown', 6],
    ['acl-verify-option', 7],
    ['acl-verify-option', 8],
    ['acl-verify-option', 10],
    ['acl-verify-option', 11],
    ['acl-verify-option', 13],
    ['acl-verify-not-allowed', 16],
  ], ds.map(show).join('\n'));
  assert.match(ds[0].message, /did you mean "recipient"/);
  assert.equal(textAt(text, ds[2]), 'no_detail');
  assert.equal(ds[2].fixes![0].edits[0].newText, 'no_details');
  assert.match(ds[3].message, /neither a callout option nor a time/);
  assert.match(ds[4].message, /"=" and a value expected after the callout option "maxwait"/);
  assert.match(ds[5].message, /Exim ignores it/);
  assert.match(ds[6].message, /cannot verify recipient in ACL for connection/);
});

test('an empty control or verify (a macro left empty) is reported with what belongs there', () => {
  const a = run('keep_environment =', 'OPT =', 'begin acl', 'x:', '  accept verify = OPT', '  accept control = OPT');
  assert.deepEqual(codes(a).filter((c) => c !== 'unused-acl'), ['acl-verify-unknown', 'acl-control-unknown']);
});

test('encrypted in the connect ACL is not reported: Exim 4.96 tests it there without error (exim -bh), newer tables forbid it', () => {
  const a = run('acl_smtp_connect = conn', 'begin acl', 'conn:', '  accept encrypted = *', '  accept');
  assert.deepEqual(a.diagnostics.filter((d) => d.code === 'acl-condition-not-allowed'), []);
  const b = run('acl_not_smtp = ns', 'begin acl', 'ns:', '  accept encrypted = *');
  assert.deepEqual(b.diagnostics.map((d) => d.code), ['acl-condition-not-allowed'], 'still refused for non-SMTP messages');
});

test('what Exim 4.96 refuses and newer releases allow is reported once the release is known (exim -bP macros exim_version)', () => {
  const lines = ['acl_smtp_helo = helo', 'acl_smtp_data = data', 'acl_smtp_rcpt = rcpt', 'begin acl', 'helo:', '  accept encrypted = *', 'data:', '  deny !dkim_status = pass', '  accept', 'rcpt:', '  accept'];
  const text = lines.join('\n') + '\n';
  const found = (builtinMacros?: readonly string[]) => analyse(text, { name: '/tmp/test/release.conf', builtinMacros }).diagnostics.filter((d) => d.code === 'acl-condition-not-allowed');
  assert.deepEqual(found(), [], 'release not known: what either allows is allowed');
  assert.deepEqual(found(['_HAVE_DKIM', 'exim_version=4.99']), []);
  const old = found(['_HAVE_DKIM', 'exim_version=4.96']);
  assert.deepEqual(old.map((d) => [d.range.start.line, d.severity]), [[5, 'warning'], [7, 'warning']]);
  assert.match(old[0].message, /^"encrypted" cannot be used in the EHLO or HELO ACL \(acl_smtp_helo names "helo"\) with Exim 4\.96: .*\(Exim: cannot test encrypted condition in EHLO or HELO ACL\)$/);
  assert.match(old[1].message, /with 4\.96 it works in the DKIM ACL \(Exim: cannot test dkim_status condition in DATA ACL\)$/);
  assert.deepEqual(found(['_HAVE_DKIM', 'exim_version=4.95']).length, 2, 'older releases too');
  // The release is not a macro: `.ifdef exim_version` stays false.
  assert.deepEqual(analyse('.ifdef exim_version\nnosuchoption = 1\n.endif\n', { builtinMacros: ['exim_version=4.96'] }).diagnostics.filter((d) => d.severity === 'error'), []);
});
