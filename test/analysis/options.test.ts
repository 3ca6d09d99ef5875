import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyEdits, codes, run, show, textAt } from '../helpers';
import { analyse } from '../../server/src/analysis/analyse';

test('unknown options: did-you-mean with a fix, and where the option really belongs', () => {
  const a = run('message_size_limt = 10M');
  assert.deepEqual(codes(a), ['option-unknown']);
  assert.match(a.diagnostics[0].message, /did you mean "message_size_limit"\?/);
  const fixed = applyEdits('message_size_limt = 10M\n', a.diagnostics[0].fixes![0].edits);
  assert.equal(fixed, 'message_size_limit = 10M\n');
  const misplaced = run('transport = remote_smtp');
  assert.match(misplaced.diagnostics[0].message, /it is a generic router option/);
  const other = run('begin routers', 'r:', '  driver = manualroute', '  route_list = * a.example', '  allow_fail');
  assert.deepEqual(codes(other), ['option-wrong-driver']);
  const early = run('begin routers', 'r:', '  allow_fail', '  driver = redirect', '  data = :blackhole:');
  assert.deepEqual(codes(early), ['option-before-driver']);
});

test('booleans: no_/not_ only on booleans, values true/false/yes/no, nothing after the name', () => {
  assert.deepEqual(codes(run('no_primary_hostname')), ['option-negated-non-boolean']);
  assert.deepEqual(codes(run('split_spool_directory = maybe')), ['option-value']);
  assert.deepEqual(codes(run('split_spool_directory = YES', 'not_log_timezone')), []);
  assert.deepEqual(codes(run('no_split_spool_directory = true')), ['option-value']);
  assert.deepEqual(codes(run('split_spool_directory junk')), ['option-value']);
});

test('values by type: times, integers with suffixes, fixed-point, octal, time lists, quoting', () => {
  const ok = run('timeout_frozen_after = 7d', 'message_size_limit = 50M', 'smtp_accept_max = 0x20', 'smtp_load_reserve = 1.5', 'queue_run_max = 5', 'retry_interval_max = 1h30m', 'smtp_banner = "$primary_hostname \\"ESMTP\\""');
  assert.deepEqual(ok.diagnostics.map(show), []);
  assert.deepEqual(codes(run('timeout_frozen_after = 7')), ['option-value']);
  assert.deepEqual(codes(run('smtp_accept_max = 10X')), ['option-value']);
  assert.deepEqual(codes(run('smtp_accept_max = 99999999999')), ['option-value']);
  assert.deepEqual(codes(run('smtp_load_reserve = x')), ['option-value']);
  assert.deepEqual(codes(run('smtp_banner = "unclosed')), ['option-value']);
  assert.deepEqual(codes(run('smtp_banner = "closed" junk')), ['option-value']);
  assert.deepEqual(codes(run('primary_hostname')), ['option-value'], 'a string option needs = value');
  assert.deepEqual(codes(run('primary_hostname example.com')), ['option-value']);
});

test('an option set twice, except the ones Exim lets you repeat', () => {
  const a = run('primary_hostname = a', 'primary_hostname = b');
  assert.deepEqual(codes(a), ['option-repeated']);
  assert.equal(a.diagnostics[0].related?.[0].range.start.line, 0);
  assert.deepEqual(codes(run('begin routers', 'r:', '  driver = accept', '  verify_only', '  condition = a', '  condition = b', '  headers_add = X: 1', '  headers_add = Y: 2')), []);
});

test('drivers: missing, unknown (with did-you-mean), and a build Debian leaves out is still valid', () => {
  assert.deepEqual(codes(run('begin routers', 'r:', '  domains = a')), ['driver-missing']);
  const u = run('begin transports', 't:', '  driver = smpt');
  assert.deepEqual(codes(u), ['driver-unknown']);
  assert.match(u.diagnostics[0].message, /did you mean "smtp"/);
  assert.deepEqual(codes(run('begin authenticators', 'a:', '  driver = gsasl', '  public_name = SCRAM-SHA-1')), []);
});

test('log_selector items are +name or -name, names as Exim spells them', () => {
  assert.deepEqual(codes(run('log_selector = +all -retry_defer +smtp_confirmation+tls_peerdn')), []);
  assert.deepEqual(codes(run('log_selector = +nosuch')), ['option-value']);
  assert.deepEqual(codes(run('log_selector = all')), ['option-value']);
  assert.match(run('log_selector = +ALL').diagnostics[0].message, /lower case: \+all/);
});

test('enumerated settings: self, host_find_failed', () => {
  assert.deepEqual(codes(run('begin routers', 'r:', '  driver = manualroute', '  route_list = * h', '  host_find_failed = ignore', '  self = reroute:x.example')), []);
  assert.deepEqual(codes(run('begin routers', 'r:', '  driver = manualroute', '  route_list = * h', '  host_find_failed = ignored')), ['option-value']);
});

test('Exim\'s read-time consistency checks', () => {
  assert.deepEqual(codes(run('localhost_number = 17')), ['option-value']);
  assert.deepEqual(codes(run('begin routers', 'r:', '  driver = redirect', '  data = x', '  unseen', '  one_time')), ['router-unseen-one-time']);
  assert.deepEqual(codes(run('begin authenticators', 'a1:', '  driver = plaintext', '  public_name = PLAIN', '  server_condition = yes', 'a2:', '  driver = plaintext', '  public_name = plain', '  server_condition = yes')), ['auth-public-name-clash']);
  assert.deepEqual(codes(run('domainlist a = x', 'domainlist a = y')), ['named-list-duplicate']);
  assert.deepEqual(codes(run('hostlist relay = "127.0.0.1" junk')), ['option-value']);
});

test('.include without a file name includes nothing (Exim accepts it); .include_if_exists wants a path', () => {
  assert.deepEqual(codes(run('.include')), ['include-missing-path']);
  assert.equal(run('.include').diagnostics[0].severity, 'warning');
  assert.deepEqual(codes(run('.include_if_exists')), ['include-not-absolute']);
  // Exim wants white space after the name, and a line end counts: the last line of a file with no
  // final newline has none, so Exim reads a bare .include there as an option line (and rejects it).
  const last = (text: string) => analyse(text, { name: '/t/last.conf' }).diagnostics.map((d) => [d.code, d.range.start.line, d.message.slice(0, 10)]);
  assert.deepEqual(last('keep_environment =\n.include'), [['syntax', 1, '".include"']]);
  assert.deepEqual(last('keep_environment =\n.include_if_exists'), [['syntax', 1, '".include_']]);
  assert.deepEqual(last('keep_environment =\n.include '), [['include-missing-path', 1, '.include w']]);
  assert.deepEqual(last('keep_environment =\n.include\n'), [['include-missing-path', 1, '.include w']]);
  assert.deepEqual(last('keep_environment =\n.ifdef X\n.endif'), [], 'the conditional directives take the end of the text as their end');
});

test('user and group names: one with white space inside is never found (Exim looks them up as it reads the file)', () => {
  const messages = (...lines: string[]) => run(...lines).diagnostics.map((d) => [d.code, d.message.replace(/^.*\(Exim: /, '')]);
  assert.deepEqual(messages('exim_user = nobodylog_selector = +all'), [['option-value', 'user nobodylog_selector = +all was not found)']]);
  assert.deepEqual(messages('never_users = root : bad user : x'), [['option-value', 'user bad user was not found)']]);
  assert.deepEqual(messages('admin_groups = mail : a b'), [['option-value', 'group a b was not found)']]);
  assert.deepEqual(messages('begin transports', 't:', '  driver = pipe', '  user = a b'), [['option-value', 'user a b was not found)']]);
  assert.deepEqual(messages('exim_user ='), [['option-value', 'user  was not found)']]);
  assert.deepEqual(codes(run('never_users =')), [], 'an empty list is no list');
  // Names without white space (whether they exist is the machine's business), numbers, expansions.
  assert.deepEqual(codes(run('exim_user = Debian-exim', 'exim_group = 8', 'never_users = root:daemon : bin', 'begin transports', 't:', '  driver = pipe', '  user = ${lookup{$local_part}lsearch{/etc/u}}')), []);
});

test('user and group lists are read as Exim reads them: items counted by ":" alone, empty items looked up', () => {
  // Exim 4.96 -bV: "<+ root + nosuch" is accepted (one item, "root"); "<+ nosuch + root" is not.
  const a = run('never_users = <+ root + daemon');
  assert.deepEqual(codes(a), ['option-list-ignored']);
  assert.equal(a.diagnostics[0].severity, 'warning');
  assert.match(a.diagnostics[0].message, /never reads "daemon".*reads one item \("root"\)/);
  assert.equal(textAt('never_users = <+ root + daemon', a.diagnostics[0]), 'daemon');
  assert.equal(applyEdits('never_users = <+ root + daemon\n', a.diagnostics[0].fixes![0].edits), 'never_users = root : daemon\n');
  // Each item after the first starts with ":" as separator again: three colons, four items read.
  const b = run('admin_groups = <; adm ; mail : staff : wheel : nosuch');
  assert.match(b.diagnostics[0].message, /never reads "nosuch".*\("adm", "mail", "staff", "wheel"\)/);
  assert.equal(b.diagnostics[0].fixes, undefined, 'no fix when an item holds ":"');
  assert.deepEqual(run('never_users = root : : daemon').diagnostics.map((d) => [d.code, d.message.replace(/^.*\(Exim: /, '')]), [['option-value', 'user  was not found)']]);
  assert.deepEqual(codes(run('never_users = root :', 'trusted_users = <+ mail')), [], 'a last ":" starts no item; one item is read whatever its separator');
});

test('smtp_receive_timeout: a value starting with "$" is kept to be expanded later, other values are times', () => {
  assert.deepEqual(codes(run('smtp_receive_timeout = ${if eq{$received_protocol}{esmtp}{5m}{10m}}')), []);
  assert.deepEqual(codes(run('smtp_receive_timeout = 5 minutes')), ['option-value']);
});
