import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  aclCondition,
  aclConditions,
  aclControl,
  aclControls,
  aclCounts,
  aclOptions,
  aclTypeDisplayName,
  aclTypeOfOption,
  aclTypes,
  aclVerb,
  aclVerbs,
  aclVerifyType,
  aclVerifyTypes,
  calloutOption,
  expansionCondition,
  expansionConditions,
  expansionCounts,
  expansionItem,
  expansionItems,
  expansionOperator,
  expansionOperators,
  expansionVariable,
  expansionVariables,
  findOption,
  isConditionAllowedIn,
  lookupType,
  lookupTypes,
  parseLookupType,
  ratelimitOption,
  resolveOperator,
} from '../../server/src/facts';

test('ACL verbs and conditions', () => {
  assert.deepEqual(aclVerbs().map((v) => v.name), ['accept', 'defer', 'deny', 'discard', 'drop', 'require', 'warn']);
  assert.ok(aclVerb('warn'));
  assert.equal(aclVerb('allow'), undefined);

  const dnsl = aclCondition('dnslists');
  assert.equal(dnsl?.kind, 'condition');
  assert.equal(dnsl?.negatable, true);
  assert.equal(dnsl?.takesValue, true);

  const msg = aclCondition('message');
  assert.equal(msg?.kind, 'modifier');
  assert.equal(msg?.negatable, false);

  assert.deepEqual(aclCondition('endpass')?.onlyWithVerbs, ['accept', 'discard']);
  assert.equal(aclCondition('endpass')?.takesValue, false);
  assert.equal(aclCondition('Hosts'), undefined);

  assert.deepEqual(aclCondition('domains')?.allowedIn, ['RCPT', 'PRDR', 'VRFY']);
  assert.equal(isConditionAllowedIn('domains', 'DATA'), false);
  assert.equal(isConditionAllowedIn('domains', 'RCPT'), true);
  assert.equal(isConditionAllowedIn('authenticated', 'CONNECT'), false);
  assert.equal(isConditionAllowedIn('nonesuch', 'RCPT'), undefined);
  assert.deepEqual(aclCondition('spam')?.buildFlags, ['WITH_CONTENT_SCAN']);
});

test('ACL counts match the facts', () => {
  const c = aclCounts();
  assert.equal(aclVerbs().length, c.verbs);
  assert.equal(aclConditions().length, c.conditions_and_modifiers);
  assert.equal(aclConditions().filter((x) => x.kind === 'modifier').length, c.modifiers);
  assert.equal(aclConditions().filter((x) => x.kind === 'condition').length, c.conditions);
  // the table's "error" entry is a decode placeholder, not a usable control
  assert.equal(aclControls().length, c.controls - 1);
  assert.equal(aclVerifyTypes().length, c.verify_types);
});

test('controls and verify types', () => {
  assert.equal(aclControl('submission/sender_retain')?.name, 'submission');
  assert.deepEqual(aclControl('submission')?.allowedIn, ['RCPT', 'MAIL', 'PREDATA']);
  assert.equal(aclControl('error'), undefined);
  assert.equal(aclControl('no_such_control'), undefined);

  assert.equal(aclVerifyType('recipient/callout=10s,defer_ok')?.name, 'recipient');
  assert.equal(aclVerifyType('Sender')?.name, 'sender');
  assert.equal(aclVerifyType('sender=postmaster@example.com')?.name, 'sender');
  assert.equal(aclVerifyType('header_syntax')?.optionsAllowed, false);
  assert.ok(aclVerifyType('recipient')?.options.some((o) => o.name === 'callout' && o.prefixMatch));
  assert.equal(aclVerifyType('nonesuch'), undefined);

  assert.equal(calloutOption('postmaster_mailfrom=a@b')?.name, 'postmaster_mailfrom');
  assert.equal(calloutOption('postmaster')?.name, 'postmaster');
  assert.equal(calloutOption('DEFER_OK')?.name, 'defer_ok');
  assert.equal(calloutOption('maxwait=30s')?.valueIsTime, true);
  assert.equal(calloutOption('30s'), undefined);

  assert.equal(ratelimitOption('per_rcpt')?.group, 'per');
  assert.equal(ratelimitOption('count=5')?.name, 'count');
});

test('ACL-naming options map to ACL types', () => {
  assert.deepEqual(aclTypeOfOption('acl_smtp_rcpt'), ['RCPT']);
  assert.deepEqual(aclTypeOfOption('acl_smtp_mime'), ['MIME']);
  assert.deepEqual(aclTypeOfOption('acl_not_smtp_mime'), ['MIME']);
  assert.deepEqual(aclTypeOfOption('acl_smtp_data'), ['DATA']);
  assert.deepEqual(aclTypeOfOption('acl_smtp_data_prdr'), ['PRDR']);
  assert.deepEqual(aclTypeOfOption('acl_not_smtp'), ['NOTSMTP']);
  assert.deepEqual(aclTypeOfOption('primary_hostname'), []);
  assert.equal(aclOptions().length, 22);
  for (const o of aclOptions()) {
    assert.ok(findOption('main', o.option), `${o.option} is a main option`);
    assert.ok(aclTypes().includes(o.aclType));
  }
  assert.deepEqual(aclOptions().filter((o) => o.denyWhenUnset).map((o) => o.option).sort(),
    ['acl_smtp_etrn', 'acl_smtp_expn', 'acl_smtp_rcpt', 'acl_smtp_vrfy']);
  assert.equal(aclTypeDisplayName('HELO'), 'EHLO or HELO');
  assert.equal(aclTypeDisplayName('NOTSMTP'), 'non-SMTP');
});

test('expansion items and conditions', () => {
  assert.equal(expansionItem('if')?.yesNo, true);
  assert.equal(expansionItem('sg')?.minArgs, 3);
  assert.equal(expansionItem('sg')?.maxArgs, 3);
  assert.deepEqual(expansionItem('extract')?.variants, ['json', 'jsons']);
  assert.equal(expansionItem('perl')?.maxArgs, undefined);
  assert.deepEqual(expansionItem('perl')?.buildFlags, ['EXIM_PERL']);
  assert.equal(expansionItem('nonesuch'), undefined);

  assert.equal(expansionCondition('eq')?.shape, 'string_2arg');
  assert.equal(expansionCondition('<=')?.shape, 'numeric_2arg');
  assert.equal(expansionCondition('def')?.shape, 'def');
  assert.equal(expansionCondition('saslauthd')?.maxArgs, 4);
  assert.equal(expansionCondition('forany_json')?.shape, 'iterators');
});

test('operators follow the underscore rule', () => {
  assert.equal(expansionOperator('hash_3')?.name, 'hash');
  assert.equal(expansionOperator('substr_1_2')?.name, 'substr');
  assert.deepEqual(resolveOperator('substr_1_2'), { operator: expansionOperator('substr'), args: ['1', '2'] });
  assert.equal(expansionOperator('local_part')?.name, 'local_part');
  assert.equal(expansionOperator('local_part')?.table, 'underscore');
  assert.equal(expansionOperator('lc')?.name, 'lc');
  assert.equal(expansionOperator('quote_mysql')?.name, 'quote');
  assert.equal(expansionOperator('sha2_512')?.name, 'sha2');
  assert.equal(expansionOperator('lc_3'), undefined);
  const bad = resolveOperator('lc_3');
  assert.ok('error' in bad && /does not take an _arg/.test(bad.error));
  assert.equal(expansionOperator('nonesuch'), undefined);
});

test('expansion variables, including dynamic patterns', () => {
  const lp = expansionVariable('local_part');
  assert.equal(lp?.kind, 'variable');
  assert.equal(expansionVariable('sender_host_address')?.kind, 'variable');

  const pat = (n: string) => {
    const v = expansionVariable(n);
    return v?.kind === 'pattern' ? v.pattern : undefined;
  };
  assert.equal(pat('acl_c0'), 'acl_c<x>...');
  assert.equal(pat('acl_m_spamscore'), 'acl_m<x>...');
  assert.equal(pat('acl_cx'), undefined);
  assert.equal(pat('r_myvar'), 'r_<name>');
  assert.equal(pat('auth1'), 'auth<n>');
  assert.equal(pat('auth4'), 'auth<n>');
  assert.equal(pat('auth5'), undefined);
  assert.equal(pat('regex9'), 'regex<n>');
  assert.equal(pat('0'), '<n> / {<n>}');
  assert.equal(pat('20'), '<n> / {<n>}');
  assert.equal(pat('21'), undefined);
  assert.equal(pat('h_subject:'), 'header_<name>: | h_<name>:');
  assert.equal(pat('header_From'), 'header_<name>: | h_<name>:');
  assert.equal(pat('bh_subject:'), 'bheader_<name>: | bh_<name>:');
  assert.equal(pat('rheader_x:'), 'rheader_<name>: | rh_<name>:');
  assert.equal(pat('lh_received:'), 'lheader_<name>: | lh_<name>:');
  assert.equal(pat('h_'), undefined);
  assert.equal(expansionVariable('no_such_variable'), undefined);
  // authenticated_id is a real variable even though it starts with "auth"
  assert.equal(expansionVariable('authenticated_id')?.kind, 'variable');
});

test('lookup types and decorations', () => {
  assert.equal(lookupType('partial-lsearch*@')?.name, 'lsearch');
  assert.equal(lookupType('lsearch')?.style, 'single-key');
  assert.equal(lookupType('mysql')?.style, 'query');
  assert.equal(lookupType('sqlite')?.fileThenQuery, true);
  assert.equal(lookupType('nonesuch'), undefined);

  const p = parseLookupType('partial3(.)dbm*');
  assert.equal(p.type?.name, 'dbm');
  assert.deepEqual(p.partial, { length: 3, affix: '.' });
  assert.equal(p.star, '*');
  assert.equal(p.error, undefined);

  const d = parseLookupType('partial-lsearch*@,ret=full');
  assert.deepEqual(d.partial, { length: 2, affix: '*.' });
  assert.equal(d.star, '*@');
  assert.deepEqual(d.options, ['ret=full']);

  assert.match(parseLookupType('partial-mysql').error ?? '', /"partial" is not permitted for lookup type "mysql"/);
  assert.match(parseLookupType('pgsql*').error ?? '', /not permitted for lookup type "pgsql"/);
  assert.match(parseLookupType('lsearchx').error ?? '', /unknown lookup type "lsearchx"/);
  assert.equal(parseLookupType('partial-mysql').type?.name, 'mysql');
});

test('expansion counts match the facts', () => {
  const c = expansionCounts();
  assert.equal(expansionItems().length, c.items);
  assert.equal(expansionOperators().filter((o) => o.table === 'underscore').length, c.operators_underscore);
  assert.equal(expansionOperators().filter((o) => o.table === 'main').length, c.operators_main);
  assert.equal(expansionConditions().length, c.conditions);
  assert.equal(expansionVariables().length, c.variables);
  assert.equal(lookupTypes().length, c.lookup_types);
});

test('non-option entries carry spec links (the docs may point to a closer section than the table)', () => {
  const link = /^https:\/\/www\.exim\.org\/exim-html-current\/doc\/html\/spec_html\/ch-[a-z0-9_]+\.html#[A-Za-z0-9_]+$/;
  const entries: [string, string | undefined][] = [
    ['dnslists', aclCondition('dnslists')?.link],
    ['message', aclCondition('message')?.link],
    ['deny', aclVerb('deny')?.link],
    ['freeze', aclControl('freeze')?.link],
    ['csa', aclVerifyType('csa')?.link],
    ['acl_smtp_rcpt', aclOptions().find((o) => o.option === 'acl_smtp_rcpt')?.link],
    ['if', expansionItem('if')?.link],
    ['hash_3', expansionOperator('hash_3')?.link],
    ['eq', expansionCondition('eq')?.link],
    ['h_subject:', expansionVariable('h_subject:')?.link],
    ['mysql', lookupType('mysql')?.link],
  ];
  for (const [name, l] of entries) assert.match(l ?? '', link, name);
  assert.match(aclCondition('spam')?.link ?? '', /content_scanning/);
  assert.match(expansionItem('if')?.link ?? '', /string_expansions/);
});
