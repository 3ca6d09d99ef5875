// The language server under misuse, over stdio: requests for documents never opened, positions
// past the end, stale versions, overlapping changes, a storm of changes sent without waiting,
// cancelled requests, unknown methods, malformed JSON-RPC, shutdown in the middle of work.  The
// server must answer with LSP errors or empty results, keep serving, and publish diagnostics that
// match a fresh analysis of the final text.  Random edit sequences sent as incremental changes
// must end with the diagnostics a fresh analysis gives.

import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { analyse } from '../../server/src/analysis/analyse';
import { fileHost } from '../../server/src/node/fileHost';
import { applyLspEdits, type LspEdit } from '../robustness/edits';
import { fcParams, insertText, LONG_RUN, runs } from '../robustness/mutate';
import { editorLines } from '../robustness/properties';
import { TestClient, type PublishedDiagnostics } from './client';

let client: TestClient;
const dir = '/tmp/exim-lsp-misuse-does-not-exist';
const good = `file://${dir}/good.conf`;
const goodText = ['keep_environment =', 'begin retry', '* timout F,2h,15m', ''].join('\n');

const SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 } as const;

/** What a fresh analysis says the server should publish for a text. */
function expected(uri: string, text: string): string[] {
  const path = new URL(uri).pathname;
  return analyse(text, { name: path, host: fileHost() })
    .diagnostics.filter((d) => d.file === 0)
    .map((d) => JSON.stringify([d.range, SEVERITY[d.severity], d.code, d.message]));
}

const published = (p: PublishedDiagnostics) => p.diagnostics.map((d) => JSON.stringify([d.range, d.severity, d.code, d.message]));

/** The server still answers: a hover on a known position of a good document. */
async function stillServing(): Promise<void> {
  const h = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: good }, position: { line: 2, character: 3 } });
  assert.ok(h && /Retry error/.test(h.contents.value), 'the server stopped answering');
  assert.equal(client.process.exitCode, null, 'the server process ended');
}

before(async () => {
  client = new TestClient();
  await client.initialize();
  await client.open(good, goodText, 1);
  await client.diagnostics(good, 1);
});

after(async () => {
  await client.shutdown();
});

test('requests for documents never opened get empty answers', async () => {
  const nowhere = { uri: 'file:///never/opened.conf' };
  assert.equal(await client.request('textDocument/hover', { textDocument: nowhere, position: { line: 0, character: 0 } }), null);
  assert.deepEqual(await client.request('textDocument/inlayHint', { textDocument: nowhere, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } } }), []);
  assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: nowhere, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } }), []);
  // a change and a close for a document that is not open are ignored
  await client.change('file:///never/opened.conf', 2, [{ text: 'x' }]);
  await client.connection.sendNotification('textDocument/didClose', { textDocument: nowhere });
  await stillServing();
});

test('positions past the end of a line or of the document, and negative ones, get empty answers', async () => {
  for (const position of [{ line: 0, character: 10_000 }, { line: 10_000, character: 0 }, { line: 2 ** 31 - 1, character: 2 ** 31 - 1 }, { line: -1, character: -5 }]) {
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: good }, position }), null, JSON.stringify(position));
    const range = { start: position, end: { line: position.line + 5, character: 0 } };
    assert.ok(Array.isArray(await client.request('textDocument/codeAction', { textDocument: { uri: good }, range, context: { diagnostics: [] } })));
    assert.ok(Array.isArray(await client.request('textDocument/inlayHint', { textDocument: { uri: good }, range })));
  }
  await stillServing();
});

test('wrong parameters get an LSP error or an empty answer, and the server goes on', async () => {
  for (const params of [null, {}, { textDocument: 5 }, { textDocument: { uri: good } }, 'text', { textDocument: { uri: good }, position: { line: 'x' } }]) {
    const answer = await client.request('textDocument/hover', params).then(
      (r) => r,
      (e: unknown) => (e instanceof ResponseError ? 'error' : e),
    );
    assert.ok(answer === null || answer === 'error', `${JSON.stringify(params)}: ${JSON.stringify(answer)}`);
  }
  await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: good, version: 1 } });
  await client.connection.sendNotification('textDocument/didOpen', {});
  await stillServing();
});

test('unknown methods: MethodNotFound for a request, a notification is ignored', async () => {
  await assert.rejects(client.request('exim/noSuchRequest', {}), (e: unknown) => e instanceof ResponseError && e.code === -32601);
  await client.connection.sendNotification('exim/noSuchNotification', { x: 1 });
  await client.connection.sendNotification('$/noSuchThing', {});
  await stillServing();
});

test('malformed JSON-RPC on the wire does not stop the server', async () => {
  const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const stdin = client.process.stdin!;
  stdin.write(frame('{"jsonrpc":"2.0","id":'));
  stdin.write(frame('not json at all'));
  stdin.write(frame('{"jsonrpc":"2.0"}'));
  stdin.write(frame('{"jsonrpc":"2.0","method":42,"id":"x"}'));
  stdin.write(frame('[1,2,3]'));
  stdin.write(frame('{"jsonrpc":"2.0","id":99999,"result":{}}'));
  await stillServing();
});

test('a cancelled request is answered or cancelled, and the server goes on', async () => {
  const big = `file://${dir}/big.conf`;
  const text = goodText + 'begin acl\nacl_a:\n' + '  deny condition = ${if eq{$a}{b}{${lc:$c}}{d}}\n'.repeat(20_000);
  await client.open(big, text, 1);
  const source = new CancellationTokenSource();
  const pending = client.connection.sendRequest('textDocument/hover', { textDocument: { uri: big }, position: { line: 5, character: 20 } }, source.token);
  source.cancel();
  await pending.then(
    () => undefined,
    (e: unknown) => assert.ok(e instanceof ResponseError && e.code === -32800, String(e)),
  );
  await client.diagnostics(big, 1, 60_000);
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: big } });
  await stillServing();
});

test('stale versions and overlapping changes in one notification: the diagnostics follow the text', async () => {
  const uri = `file://${dir}/stale.conf`;
  let text = 'keep_environment =\nbegin retry\n* * F,2h,15m\n';
  await client.open(uri, text, 10);
  await client.diagnostics(uri, 10);
  // Several changes in one notification apply one after the other, each to the result of the
  // one before, so their ranges may overlap.
  const changes: LspEdit[] = [
    { range: { start: { line: 2, character: 4 }, end: { line: 2, character: 5 } }, newText: 'f' },
    { range: { start: { line: 2, character: 2 }, end: { line: 2, character: 6 } }, newText: 'timout f,' },
    { range: { start: { line: 0, character: 0 }, end: { line: 99, character: 99 } }, newText: text.replace('* *', '* timout') + 'hostlist x\n' },
  ];
  for (const c of changes) text = applyLspEdits(text, [c]);
  await client.change(uri, 5, changes.map((c) => ({ range: c.range, text: c.newText })));
  const d = await client.diagnostics(uri, 5);
  assert.deepEqual(published(d), expected(uri, text));
  await stillServing();
});

test('a storm of 1,000 changes sent without waiting ends with the diagnostics of the final text', { timeout: 120_000 }, async () => {
  const uri = `file://${dir}/storm.conf`;
  let text = goodText;
  await client.open(uri, text, 1);
  const sends: Promise<void>[] = [];
  let state = 12345;
  const rand = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const pieces = ['x', ' ', '\n', '${', '}', 'begin acl\n', 'acl_a:\n  deny hosts = a\n', '* * F,1h,10m\n', '"', '\\\n', 'timeout '];
  for (let v = 2; v <= 1001; v++) {
    const lines = editorLines(text);
    const line = rand(lines.length);
    const character = rand(lines[line].length + 1);
    const end = { line, character: Math.min(lines[line].length, character + rand(3)) };
    const change = { range: { start: { line, character }, end }, newText: rand(4) === 0 ? '' : pieces[rand(pieces.length)] };
    text = applyLspEdits(text, [change]);
    sends.push(client.change(uri, v, [{ range: change.range, text: change.newText }]));
  }
  await Promise.all(sends);
  const d = await client.diagnostics(uri, 1001, 60_000);
  assert.deepEqual(published(d), expected(uri, text));
  await stillServing();
});

test('random edit sequences sent as incremental changes end with a fresh analysis\'s diagnostics', { timeout: LONG_RUN ? Infinity : 300_000 }, async () => {
  let n = 0;
  const edit = fc.record({ line: fc.nat(), character: fc.nat(), length: fc.nat({ max: 30 }), text: fc.oneof(insertText, fc.constant('')) });
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }), async (batches) => {
      const uri = `file://${dir}/seq-${n++}.conf`;
      let text = goodText + 'begin acl\nacl_a:\n  deny hosts = a\n  accept\n';
      await client.open(uri, text, 1);
      let v = 1;
      for (const batch of batches) {
        const changes: LspEdit[] = [];
        for (const e of batch) {
          const lines = editorLines(text);
          const line = e.line % lines.length;
          const character = e.character % (lines[line].length + 1);
          const start = { line, character };
          const c = { range: { start, end: { line, character: Math.min(lines[line].length, character + e.length) } }, newText: e.text };
          text = applyLspEdits(text, [c]);
          changes.push(c);
        }
        await client.change(uri, ++v, changes.map((c) => ({ range: c.range, text: c.newText })));
      }
      const d = await client.diagnostics(uri, v, 30_000);
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      assert.deepEqual(published(d), expected(uri, text));
    }),
    fcParams(runs(25)),
  );
  await stillServing();
});

test('shutdown in the middle of work is answered, and exit ends the server cleanly', { timeout: 60_000 }, async () => {
  const other = new TestClient();
  await other.initialize();
  const uri = `file://${dir}/busy.conf`;
  await other.open(uri, goodText + 'smtp_banner = ' + '${if eq{$a}{b}{c}{d}}'.repeat(3000) + '\n', 1);
  await other.change(uri, 2, [{ text: goodText + 'x\n'.repeat(50_000) }]);
  const exited = new Promise<number | null>((resolve) => other.process.on('exit', (code) => resolve(code)));
  assert.equal(await other.connection.sendRequest('shutdown'), null);
  await other.connection.sendNotification('exit');
  assert.equal(await exited, 0);
  other.connection.dispose();
  await stillServing();
});
