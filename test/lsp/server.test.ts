// The language server over stdio, driven by a real JSON-RPC client.

import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { applyEdits } from '../helpers';
import { TestClient } from './client';

let client: TestClient;
const uri = 'file:///tmp/lsp-test/exim.conf';
const text = ['keep_environment =', 'begin retry', '* timout F,2h,15m; G,16h,1h,1.5; F,4d,6h', '* * f,2h,15m', ''].join('\n');

before(async () => {
  client = new TestClient();
  const init = (await client.initialize()) as { capabilities: Record<string, unknown> };
  assert.ok(init.capabilities.hoverProvider);
  assert.ok(init.capabilities.inlayHintProvider);
  assert.ok(init.capabilities.codeActionProvider);
  await client.open(uri, text, 1);
});

after(async () => {
  await client.shutdown();
});

test('diagnostics are published on open', async () => {
  const d = await client.diagnostics(uri, 1);
  assert.deepEqual(
    d.diagnostics.map((x) => [x.code, x.severity, x.range.start.line, x.range.start.character]),
    [
      ['retry-unknown-error', 1, 2, 2],
      ['retry-lowercase-letter', 3, 3, 4],
    ],
  );
});

test('hover on an error name explains it; hover on items shows the schedule', async () => {
  await client.change(uri, 2, [{ range: { start: { line: 2, character: 2 }, end: { line: 2, character: 8 } }, text: 'timeout_connect_MX' }]);
  const d = await client.diagnostics(uri, 2);
  assert.deepEqual(d.diagnostics.map((x) => x.code), ['retry-lowercase-letter']);
  const h = await client.request<{ contents: { kind: string; value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 10 } });
  assert.equal(h.contents.kind, 'markdown');
  assert.match(h.contents.value, /\*\*Retry error\*\* `timeout_connect_MX`/);
  assert.match(h.contents.value, /MX/);
  const s = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 33 } });
  assert.match(s.contents.value, /29 attempts; the address fails 4d5h1m52s after the first failure/);
});

test('inlay hints preview each rule with items', async () => {
  const hints = await client.request<{ position: { line: number; character: number }; label: string }[]>('textDocument/inlayHint', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } },
  });
  assert.equal(hints.length, 2);
  assert.deepEqual(hints[0].position, { line: 2, character: 52 });
  assert.equal(hints[0].label, 'bounce ≈ 4d 5h after 29 attempts: 9× every 15m to 2h · 6× 1h growing ×1.5 to 16h · 13× every 6h to 4d');
});

test('a quick fix applies and its diagnostic goes away', async () => {
  const actions = await client.request<{ title: string; edit: { changes: Record<string, { range: never; newText: string }[]> } }[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 3, character: 4 }, end: { line: 3, character: 5 } },
    context: { diagnostics: [] },
  });
  assert.deepEqual(actions.map((a) => a.title), ['Write "F"']);
  const current = applyEdits(text, [{ range: { start: { line: 2, character: 2 }, end: { line: 2, character: 8 } }, newText: 'timeout_connect_MX' }]);
  const fixed = applyEdits(current, actions[0].edit.changes[uri]);
  await client.change(uri, 3, [{ text: fixed }]);
  const d = await client.diagnostics(uri, 3);
  assert.deepEqual(d.diagnostics, []);
});

test('the server answers requests for unknown documents and positions with nothing', async () => {
  const h = await client.request('textDocument/hover', { textDocument: { uri: 'file:///nowhere.conf' }, position: { line: 99, character: 99 } });
  assert.equal(h, null);
  const h2 = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 999, character: 0 } });
  assert.equal(h2, null);
});
