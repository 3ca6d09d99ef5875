// Every name the engine knows has hand-written docs, and every docs entry names something real:
// the docs files are checked against the generated tables (always present in the repository),
// and the entries mail admins meet most often have details and an example.

import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  aclConditions,
  aclControls,
  aclOptions,
  aclVerbs,
  aclVerifyTypes,
  calloutOptions,
  directives,
  docTable,
  driverNames,
  expansionConditions,
  expansionItems,
  expansionOperators,
  expansionVariables,
  genericOptions,
  logSelectorNames,
  lookupTypes,
  optionsFor,
  privateOptions,
  ratelimitOptions,
  rewriteFlags,
  sectionNames,
  variablePatterns,
  type DocFamily,
} from '../../server/src/facts';
import { CORPUS } from '../helpers';

function expectedKeys(): Record<DocFamily, string[]> {
  const scoped = (scope: 'routers' | 'transports' | 'authenticators') => [
    ...genericOptions(scope).map((o) => o.name),
    ...driverNames(scope).flatMap((d) => privateOptions(scope, d).map((o) => `${d}/${o.name}`)),
  ];
  return {
    'main-options': optionsFor('main').map((o) => o.name),
    'router-options': scoped('routers'),
    'transport-options': scoped('transports'),
    'authenticator-options': scoped('authenticators'),
    drivers: (['routers', 'transports', 'authenticators'] as const).flatMap((s) => driverNames(s).map((d) => `${s}/${d}`)),
    sections: ['main', ...sectionNames],
    directives: directives.map((d) => d.name),
    acl: [
      ...aclVerbs().map((v) => `verb/${v.name}`),
      ...aclConditions().map((c) => `condition/${c.name}`),
      ...aclControls().map((c) => `control/${c.name}`),
      ...aclVerifyTypes().map((v) => `verify/${v.name}`),
      ...calloutOptions().map((c) => `callout/${c.name}`),
      ...ratelimitOptions().map((r) => `ratelimit/${r.name}`),
      ...aclOptions().map((o) => `acl_option/${o.option}`),
    ],
    expansion: [
      ...expansionItems().map((i) => `item/${i.name}`),
      ...expansionOperators().map((o) => `operator/${o.name}`),
      ...expansionConditions().map((c) => `condition/${c.name}`),
    ],
    lookups: lookupTypes().map((l) => l.name),
    'log-selectors': logSelectorNames(),
    variables: [...expansionVariables().map((v) => v.name), ...variablePatterns().map((p) => `pattern/${p.pattern}`)],
    retry: [],
    rewrite: [
      ...rewriteFlags.map((f) => `flag/${f.flag}`),
      ...['rule/default-flags', 'pattern/regex', 'pattern/wildcard', 'pattern/domain', 'pattern/lookup', 'pattern/named-list', 'replacement', 'replacement/*'],
    ],
  };
}

// Docs keys that describe syntax rather than a table entry.
const EXTRA = /^(syntax\/|control\/error$)/;

test("every table entry has docs with a summary, and every docs entry names a table entry", (t) => {
  const expected = expectedKeys();
  const report: string[] = [];
  let entries = 0;
  let extended = 0;
  for (const [family, keys] of Object.entries(expected) as [DocFamily, string[]][]) {
    const table = docTable(family);
    if (family !== 'retry') {
      for (const k of keys) if (!table[k]) report.push(`${family}: no docs for ${k}`);
      const known = new Set(keys);
      for (const k of Object.keys(table)) if (!known.has(k) && !EXTRA.test(k)) report.push(`${family}: docs for an unknown name ${k}`);
    }
    for (const [k, d] of Object.entries(table)) {
      entries++;
      if (d.details && d.example) extended++;
      if (!/[.!?)]$/.test(d.summary.trim())) report.push(`${family}/${k}: the summary should be a sentence`);
      if (d.summary.length > 160) report.push(`${family}/${k}: the summary is ${d.summary.length} characters long`);
      if (d.link && !/^https:\/\/www\.exim\.org\/exim-html-current\/doc\/html\/spec_html\/ch-[a-z0-9_]+\.html(#[A-Za-z0-9_.-]+)?$/.test(d.link)) report.push(`${family}/${k}: odd link ${d.link}`);
      if (/\b(TODO|TBD|lorem|FIXME)\b/i.test(`${d.summary} ${d.details ?? ''}`)) report.push(`${family}/${k}: placeholder text`);
    }
  }
  assert.deepEqual(report, []);
  assert.ok(entries >= 1363, `${entries} docs entries`);
  assert.ok(extended >= 800, `${extended} entries with details and an example`);
  t.diagnostic(`docs: ${entries} entries, ${extended} with details and an example`);
});

test('the retry docs cover every error name form, letter and pattern form', () => {
  const t = docTable('retry');
  for (const k of ['error/*', 'error/quota', 'error/quota_<time>', 'error/refused_MX', 'error/timeout_connect_A', 'error/rcpt_4xx', 'error/rcpt_4dx', 'error/data_4dd', 'error/auth_failed', 'error/lost_connection', 'error/tls_required', 'error/lookup', 'error/timeout_dns', 'letter/F', 'letter/G', 'letter/H', 'senders', 'pattern/*', 'pattern/quoted', 'rule/no-items']) {
    assert.ok(t[k]?.summary, k);
  }
});

test('options, conditions and items used in Debian\'s config and Exim\'s default configure have extended docs', (t) => {
  const files = [join(CORPUS, 'configure.default'), '/etc/exim4/exim4.conf.template'].filter(existsSync);
  const confd = '/etc/exim4/conf.d';
  if (existsSync(confd)) for (const d of readdirSync(confd)) for (const f of readdirSync(join(confd, d))) files.push(join(confd, d, f));
  if (files.length === 0) {
    t.skip('neither Debian\'s exim4 config nor the corpus is here: skipped');
    return;
  }
  const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
  const missing: string[] = [];
  const check = (family: DocFamily, key: string, used: RegExp) => {
    if (!used.test(text)) return;
    const d = docTable(family)[key];
    if (!d?.details || !d.example) missing.push(`${family}/${key}`);
  };
  for (const o of optionsFor('main')) check('main-options', o.name, new RegExp(`^\\s*#?\\s*(no_)?${o.name}\\b`, 'm'));
  for (const c of aclConditions()) check('acl', `condition/${c.name}`, new RegExp(`^\\s*(accept|deny|defer|discard|drop|require|warn)?\\s*!?${c.name}\\s*=`, 'm'));
  for (const i of expansionItems()) check('expansion', `item/${i.name}`, new RegExp(`\\$\\{${i.name}\\b`));
  assert.deepEqual(missing, []);
});
