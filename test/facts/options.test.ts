import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  driverBuildFlag,
  driverNames,
  findOption,
  genericOptions,
  isBooleanType,
  isLogSelector,
  moduleOptions,
  optionCounts,
  optionOwners,
  optionsFor,
  privateOptions,
  resolveOptionWord,
  typeSyntax,
} from '../../server/src/facts';

test('redirect allow_fail is a boolean private option of the redirect router only', () => {
  const o = findOption('routers', 'allow_fail', 'redirect');
  assert.ok(o);
  assert.equal(o.scope, 'routers');
  assert.equal(o.driver, 'redirect');
  assert.equal(o.type, 'bit');
  assert.ok(isBooleanType(o.type));
  assert.equal(o.default, 'false');
  assert.match(o.link ?? '', /ch-the_redirect_router\.html#SECID130$/);

  assert.equal(findOption('routers', 'allow_fail', 'manualroute'), undefined);
  assert.equal(findOption('routers', 'allow_fail'), undefined);
  assert.deepEqual(optionOwners('routers', 'allow_fail'), ['redirect']);
});

test('generic options are found before private ones, for any driver', () => {
  const d = findOption('routers', 'domains', 'redirect');
  assert.ok(d);
  assert.equal(d.driver, undefined);
  assert.equal(d.type, 'stringptr');
  assert.ok(findOption('routers', 'domains'));
  assert.ok(findOption('transports', 'headers_add', 'smtp'));
  assert.ok(findOption('authenticators', 'public_name', 'plaintext'));
  assert.equal(findOption('transports', 'no_such_option', 'smtp'), undefined);
});

test('option names are case-sensitive and internal (*) options are absent', () => {
  assert.equal(findOption('main', 'Primary_hostname'), undefined);
  assert.ok(findOption('main', 'primary_hostname'));
  assert.equal(findOption('main', '*set_exim_user'), undefined);
  assert.equal(findOption('main', 'set_exim_user'), undefined);
  for (const o of optionsFor('main')) assert.ok(!o.name.startsWith('*'));
});

test('main option types, defaults and build flags', () => {
  const rcpt = findOption('main', 'acl_smtp_rcpt');
  assert.ok(rcpt);
  assert.equal(rcpt.type, 'stringptr');
  assert.equal(rcpt.default, null);
  assert.match(rcpt.link ?? '', /ch-main_configuration\.html#SECTalomo$/);

  assert.equal(findOption('main', 'retry_data_expire')?.default, '1w');
  assert.equal(findOption('main', 'retry_data_expire')?.type, 'time');
  assert.equal(findOption('main', 'check_spool_space')?.type, 'Kint');
  assert.equal(findOption('main', 'check_spool_space')?.default, '10M');
  assert.equal(findOption('main', 'bounce_return_size_limit')?.default, '100K');
  assert.equal(findOption('main', 'message_size_limit')?.default, '50M');
  assert.equal(findOption('main', 'delay_warning')?.type, 'timelist');
  assert.equal(findOption('main', 'delay_warning')?.default, '1d');
  assert.equal(findOption('main', 'smtp_receive_timeout')?.type, 'func');
  assert.equal(findOption('main', 'smtp_receive_timeout')?.funcParses, 'time');
  assert.equal(findOption('main', 'smtp_receive_timeout')?.default, '5m');

  const user = findOption('main', 'exim_user');
  assert.equal(user?.type, 'uid');
  assert.equal(user?.default, null);
  assert.deepEqual(user?.buildDefault, ['EXIM_UID']);

  // module options resolve to the module's own type
  const dkim = findOption('main', 'dkim_verify_minimal');
  assert.equal(dkim?.type, 'bool');
  assert.equal(dkim?.module, 'dkim');
  assert.deepEqual(dkim?.buildFlags, ['DISABLE_DKIM']);
  assert.equal(findOption('main', 'ldap_version')?.type, 'int');
  assert.equal(findOption('main', 'mysql_servers')?.module, 'mysql');

  assert.deepEqual(findOption('main', 'av_scanner')?.buildFlags, ['WITH_CONTENT_SCAN']);
  assert.equal(findOption('main', 'daemon_smtp_port')?.hidden, true);
});

test('private option defaults and repeatable options', () => {
  assert.equal(findOption('transports', 'mode', 'appendfile')?.default, '0600');
  assert.equal(findOption('transports', 'mode', 'appendfile')?.type, 'octint');
  assert.equal(findOption('routers', 'modemask', 'redirect')?.default, '022');
  assert.equal(findOption('transports', 'temp_errors', 'pipe')?.default, '75:73');
  assert.equal(findOption('transports', 'command_timeout', 'smtp')?.default, '5m');
  assert.equal(findOption('routers', 'check_owner', 'redirect')?.default, 'context-dependent');
  assert.equal(findOption('routers', 'more')?.type, 'expand_bool');
  assert.equal(findOption('transports', 'max_output', 'pipe')?.default, '20K');

  assert.equal(findOption('routers', 'condition')?.repeat, 'and');
  assert.equal(findOption('routers', 'headers_add')?.repeat, 'append');
  assert.equal(findOption('routers', 'set')?.repeat, 'append');
  assert.equal(findOption('transports', 'headers_remove')?.repeat, 'append');
  assert.equal(findOption('routers', 'domains')?.repeat, undefined);
});

test('shared private option names list every owner', () => {
  assert.deepEqual(optionOwners('transports', 'batch_max'), ['appendfile', 'lmtp', 'pipe']);
  assert.deepEqual(optionOwners('transports', 'file'), ['appendfile', 'autoreply']);
  assert.deepEqual(optionOwners('main', 'file'), []);
  const afFile = findOption('transports', 'file', 'appendfile');
  const arFile = findOption('transports', 'file', 'autoreply');
  assert.ok(afFile && arFile && afFile !== arFile);
  assert.match(arFile.link ?? '', /autoreply/);
});

test('no_/not_ prefixes resolve to the option with negated set', () => {
  const r = resolveOptionWord('main', 'no_accept_8bitmime');
  assert.equal(r?.option.name, 'accept_8bitmime');
  assert.equal(r?.negated, true);
  assert.equal(resolveOptionWord('main', 'not_accept_8bitmime')?.negated, true);
  assert.equal(resolveOptionWord('main', 'accept_8bitmime')?.negated, false);
  assert.equal(resolveOptionWord('routers', 'no_allow_fail', 'redirect')?.option.driver, 'redirect');
  assert.equal(resolveOptionWord('main', 'no_such_thing'), undefined);
});

test('drivers', () => {
  assert.deepEqual(driverNames('routers'), ['accept', 'dnslookup', 'ipliteral', 'iplookup', 'manualroute', 'queryprogram', 'redirect']);
  assert.deepEqual(driverNames('transports'), ['appendfile', 'autoreply', 'lmtp', 'pipe', 'queuefile', 'smtp']);
  assert.ok(driverNames('authenticators').includes('plaintext'));
  assert.equal(driverBuildFlag('routers', 'redirect'), 'ROUTER_REDIRECT');
  assert.deepEqual(privateOptions('routers', 'accept'), []);
  assert.deepEqual(privateOptions('routers', 'nonesuch'), []);
});

test('optionsFor lists generic plus private options, sorted', () => {
  const all = optionsFor('routers', 'redirect');
  const names = all.map((o) => o.name);
  assert.deepEqual(names, [...names].sort());
  assert.ok(names.includes('allow_fail'));
  assert.ok(names.includes('domains'));
  assert.equal(all.length, genericOptions('routers').length + privateOptions('routers', 'redirect').length);
  assert.equal(optionsFor('routers').length, genericOptions('routers').length);
});

test('option counts match the facts counts table', () => {
  const counts = optionCounts();
  const scopeOf: Record<string, 'routers' | 'transports' | 'authenticators'> = {
    router: 'routers',
    transport: 'transports',
    auth: 'authenticators',
  };
  let checked = 0;
  for (const [key, n] of Object.entries(counts)) {
    let got: number;
    if (key === 'main') got = optionsFor('main').length;
    else if (key.endsWith('_generic')) got = genericOptions(key.replace(/_generic$/, '') as 'routers').length;
    else {
      const [kind, drv] = key.split(':');
      got = privateOptions(scopeOf[kind], drv).length;
    }
    assert.equal(got, n, key);
    checked++;
  }
  assert.equal(counts.main, 290);
  assert.ok(checked >= 26);
});

test('every option has a type with a syntax description; most have a link', () => {
  const all = [
    ...optionsFor('main'),
    ...(['routers', 'transports', 'authenticators'] as const).flatMap((s) => [
      ...genericOptions(s),
      ...driverNames(s).flatMap((d) => privateOptions(s, d)),
    ]),
  ];
  for (const o of all) assert.ok(typeSyntax(o.type), `${o.name}: ${o.type}`);
  const unlinked = all.filter((o) => !o.link).map((o) => `${o.scope}/${o.driver ?? ''}/${o.name}`);
  assert.ok(unlinked.length <= 2, unlinked.join(', '));
});

test('booleans, log selectors, module tables', () => {
  for (const t of ['bool', 'bit', 'bool_verify', 'bool_set', 'expand_bool']) assert.ok(isBooleanType(t));
  for (const t of ['stringptr', 'time', 'int', 'uid']) assert.ok(!isBooleanType(t));
  assert.ok(isLogSelector('smtp_connection'));
  assert.ok(isLogSelector('all'));
  assert.ok(!isLogSelector('+smtp_connection'));
  assert.deepEqual(moduleOptions('sqlite').map((o) => o.name), ['sqlite_dbfile', 'sqlite_lock_timeout']);
});
