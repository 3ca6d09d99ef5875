// The retry features through the language server: every quick fix applied through LSP code
// actions makes its diagnostic go and changes nothing else; hover on every error name; the
// preview setting.

import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { applyEdits } from '../helpers';
import { TestClient } from './client';

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
interface Action {
  title: string;
  isPreferred?: boolean;
  diagnostics: { code: string; range: Range }[];
  edit: { changes: Record<string, { range: Range; newText: string }[]> };
}

let client: TestClient;
let version = 1;

before(async () => {
  client = new TestClient();
  await client.initialize({ settings: { retryPreview: { enabled: true } } });
});

after(async () => {
  await client.shutdown();
});

// One rule per quick fix the retry checks offer.
const FIXABLE: [string, string, string][] = [
  ['retry-lowercase-letter', '* * f,2h,15m', '* * F,2h,15m'],
  ['retry-abbreviated-error', '* l F,1h,1m', '* lost_connection F,1h,1m'],
  ['retry-smtp-error-case', '* RCPT_4xx F,1h,1m', '* rcpt_4xx F,1h,1m'],
  ['retry-timeout-dns', '* timeout_dns F,1h,1m', '* timeout F,1h,1m'],
  ['retry-unknown-error', '* timout F,1h,1m', '* timeout F,1h,1m'],
  ['retry-space-before-comma', '* * F ,2h,15m', '* * F,2h,15m'],
  ['retry-trailing-comma', '* * F,2h,15m,', '* * F,2h,15m'],
  ['retry-semicolon-expected', '* * F,2h,15m G,16h,1h,1.5', '* * F,2h,15m; G,16h,1h,1.5'],
  ['retry-comma-expected', '* * F,2h,15m;; G,4h,1h,2', '* * F,2h,15m; G,4h,1h,2'],
  ['retry-missing-argument', '* * G,16h,1h', '* * G,16h,1h,1.5'],
  ['retry-fraction', '* * F,1.5h,15m', '* * F,1h30m,15m'],
  ['retry-bad-parameters', '* * F,1H,15m', '* * F,1h,15m'],
  ['typographic-quote', '* * senders=”boss@example.com” F,2h,15m', '* * senders="boss@example.com" F,2h,15m'],
  ['lookalike-space', '*\u00a0* F,2h,15m', '* * F,2h,15m'],
  ['retry-senders-swallowed-items', '* * senders= F,2h,15m; G,16h,1h,1.5', '* * F,2h,15m; G,16h,1h,1.5'],
];

for (const [code, rule, fixed] of FIXABLE) {
  test(`quick fix over LSP: ${code}`, async () => {
    const uri = `file:///tmp/lsp-retry/${code}.conf`;
    const before = ['keep_environment =', '# unrelated line, must not change', 'begin retry', rule, '* * F,4d,6h', ''].join('\n');
    await client.open(uri, before, version);
    const published = await client.diagnostics(uri, version);
    const d = published.diagnostics.find((x) => x.code === code);
    assert.ok(d, `${code} reported: ${JSON.stringify(published.diagnostics)}`);
    const actions = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const action = actions.find((a) => a.diagnostics.some((x) => x.code === code) && (a.isPreferred || actions.length === 1)) ?? actions.find((a) => a.diagnostics.some((x) => x.code === code));
    assert.ok(action, `an action for ${code}: ${JSON.stringify(actions.map((a) => a.title))}`);
    const after = applyEdits(before, action.edit.changes[uri]);
    assert.equal(after, before.replace(rule, fixed), 'only the rule changed, as the fix says');
    version++;
    await client.change(uri, version, [{ text: after }]);
    const again = await client.diagnostics(uri, version);
    assert.ok(!again.diagnostics.some((x) => x.code === code), `${code} gone: ${JSON.stringify(again.diagnostics)}`);
    assert.ok(!again.diagnostics.some((x) => x.severity === 1), 'no error left');
    version++;
  });
}

const ERROR_NAMES = ['*', 'quota', 'quota_7d', 'refused', 'refused_A', 'refused_MX', 'timeout', 'timeout_A', 'timeout_MX', 'timeout_connect', 'timeout_connect_A', 'timeout_connect_MX', 'mail_4xx', 'rcpt_4xx', 'data_4xx', 'mail_45x', 'rcpt_45x', 'data_45x', 'mail_452', 'rcpt_452', 'data_452', 'auth_failed', 'lost_connection', 'tls_required', 'lookup', 'timeout_dns'];

test('hover explains every retry error name', async () => {
  const uri = 'file:///tmp/lsp-retry/hover.conf';
  const text = ['begin retry', ...ERROR_NAMES.map((e) => `example.com ${e} F,2h,15m`), ''].join('\n');
  await client.open(uri, text, 1);
  await client.diagnostics(uri, 1);
  const seen = new Set<string>();
  for (let i = 0; i < ERROR_NAMES.length; i++) {
    const h = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: i + 1, character: 13 } });
    assert.ok(h, ERROR_NAMES[i]);
    assert.match(h.contents.value, /\*\*Retry error\*\*/);
    assert.ok(h.contents.value.length > 80, `${ERROR_NAMES[i]}: ${h.contents.value}`);
    assert.match(h.contents.value, /\[Exim specification\]\(https:\/\/www\.exim\.org\//);
    seen.add(h.contents.value.split('\n\n')[1]);
  }
  assert.ok(seen.size >= 20, 'the names get their own explanations');
  const pattern = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 3 } });
  assert.match(pattern.contents.value, /\*\*Retry pattern\*\*/);
});

test('the preview can be turned off, and a rule with no items says it bounces at once', async () => {
  const uri = 'file:///tmp/lsp-retry/preview.conf';
  await client.open(uri, 'begin retry\nalloffice@example.com *\n* * F,2h,15m\n', 1);
  await client.diagnostics(uri, 1);
  const range = { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } };
  const on = await client.request<{ label: string }[]>('textDocument/inlayHint', { textDocument: { uri }, range });
  assert.equal(on.length, 1, 'no hint on a rule without items');
  const noItems = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 23 } });
  assert.match(noItems.contents.value, /No retry items:\*\* the first temporary failure this rule matches fails the address at once/);
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { exim: { retryPreview: { enabled: false } } } });
  const off = await client.request<unknown[]>('textDocument/inlayHint', { textDocument: { uri }, range });
  assert.deepEqual(off, []);
});
