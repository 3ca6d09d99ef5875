import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  builtinMacroNames,
  directive,
  isBuiltinMacroName,
  namedListKeyword,
  namedListKeywords,
  rewriteFlags,
  sectionName,
  sectionNames,
  transportRewriteForbiddenFlags,
} from '../../server/src/facts';

test('section names follow Exim\'s spelling rule', () => {
  assert.equal(sectionName('acl'), 'acls');
  assert.equal(sectionName('acls'), 'acls');
  assert.equal(sectionName('ROUTERS'), 'routers');
  assert.equal(sectionName('transport'), 'transports');
  assert.equal(sectionName('retry'), 'retrys');
  assert.equal(sectionName('retries'), undefined);
  assert.equal(sectionName('rewrite'), 'rewrites');
  assert.equal(sectionName('local_scan'), 'local_scans');
  assert.equal(sectionName('authenticator'), 'authenticators');
  assert.equal(sectionName('main'), undefined);
  assert.equal(sectionNames.length, 7);
});

test('preprocessor directives', () => {
  assert.equal(directive('.ifdef')?.stack, 'push');
  assert.equal(directive('.endif')?.stack, 'pop');
  assert.equal(directive('.include_if_exists')?.absolutePathOnly, true);
  assert.ok(directive('.elifndef'));
  assert.equal(directive('.if'), undefined);
});

test('rewrite flags and named lists', () => {
  assert.deepEqual(rewriteFlags.map((f) => f.flag).sort(), ['E', 'F', 'Q', 'R', 'S', 'T', 'b', 'c', 'f', 'h', 'q', 'r', 's', 't', 'w']);
  for (const f of rewriteFlags) assert.ok(f.meaning.length > 5);
  assert.deepEqual([...transportRewriteForbiddenFlags].sort(), ['E', 'F', 'S', 'T']);
  assert.deepEqual([...namedListKeywords], ['addresslist', 'domainlist', 'hostlist', 'localpartlist']);
  assert.deepEqual(namedListKeyword('hostlist_cache'), { keyword: 'hostlist', cache: true });
  assert.deepEqual(namedListKeyword('domainlist'), { keyword: 'domainlist', cache: false });
  assert.equal(namedListKeyword('hostlists'), undefined);
});

test('built-in macro names', () => {
  for (const n of ['_HAVE_TLS', '_HAVE_DKIM', '_HAVE_IPV6', '_OPT_MAIN_PRIMARY_HOSTNAME', '_DRIVER_ROUTER_REDIRECT',
    '_OPT_ROUTER_REDIRECT_ALLOW_FAIL', '_OPT_ROUTERS_DOMAINS', '_OPT_TRANSPORT_SMTP_HOSTS_REQUIRE_TLS',
    '_DRIVER_AUTHENTICATOR_PLAINTEXT', '_LOG_SMTP_CONNECTION', '_ACL_COND_DNSLISTS', '_ACL_MOD_CONTROL',
    '_EXP_ITEM_IF', '_EXP_OP_LC', '_EXP_COND_EQ', '_EXP_VAR_LOCAL_PART', '_HAVE_TLS1_3']) {
    assert.ok(isBuiltinMacroName(n), n);
    assert.ok(builtinMacroNames.includes(n), n);
  }
  assert.ok(isBuiltinMacroName('_OPT_OPENSSL_NO_SSLV3_X'));
  assert.ok(!isBuiltinMacroName('_HAVE_NOTHING_LIKE_THIS'));
  assert.ok(!isBuiltinMacroName('_ACL_MOD_DNSLISTS'));
  assert.ok(!builtinMacroNames.some((n) => /[^A-Z0-9_]/.test(n)));
});

test('generated data is up to date with the facts (when the facts are available)', (t) => {
  // out/test/facts -> repository root
  const root = join(__dirname, '..', '..', '..');
  const facts = process.env.EXIM_FACTS_DIR ?? join(root, '..', 'shared', 'exim-facts');
  if (!existsSync(join(facts, 'options.json'))) {
    t.skip(`no facts at ${facts}`);
    return;
  }
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'gen-facts.mjs'), '--check'], {
    encoding: 'utf8',
    env: { ...process.env, EXIM_FACTS_DIR: facts },
  });
  assert.equal(r.status, 0, r.stderr);
});
