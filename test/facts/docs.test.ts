import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docFor, docTable, findOption, hasDocs, optionsFor } from '../../server/src/facts';

test('main options carry their docs', () => {
  assert.ok(hasDocs('main-options'));
  const rcpt = findOption('main', 'acl_smtp_rcpt');
  assert.ok(rcpt?.doc, 'acl_smtp_rcpt has a doc');
  assert.match(rcpt.doc.summary, /RCPT/);
  assert.ok(rcpt.doc.example?.includes('acl_smtp_rcpt'));
  for (const o of optionsFor('main')) {
    assert.ok(o.doc && o.doc.summary.trim().length > 0, `${o.name} has a summary`);
  }
  // the spec link comes from the generated data even though the doc has none
  assert.match(rcpt.link ?? '', /^https:\/\/www\.exim\.org\//);
});

test('doc lookups tolerate unknown keys and families without files', () => {
  assert.equal(docFor('main-options', 'no_such_option'), undefined);
  assert.equal(docFor('main-options', 'constructor'), undefined);
  assert.equal(docFor('main-options', '__proto__'), undefined);
  // every family loads (possibly empty) without throwing
  for (const f of ['router-options', 'transport-options', 'authenticator-options', 'drivers', 'sections', 'acl',
    'expansion', 'lookups', 'retry', 'variables'] as const) {
    assert.equal(typeof docTable(f), 'object');
  }
});
