// The whole life of an LSP session with the bundled server (dist/server.js), driven by a real
// JSON-RPC client over stdio: initialize, open, edits, diagnostics, code actions, settings,
// inlay hints, completion (when the server offers it), close, shutdown and exit.

import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { applyEdits } from '../helpers';
import { TestClient, type PublishedDiagnostics } from './client';

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}
interface CodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: { code?: string | number }[];
  edit: { changes: Record<string, { range: Range; newText: string }[]> };
}

const at = (line: number, character: number): Position => ({ line, character });
const codesOf = (p: PublishedDiagnostics) => p.diagnostics.map((d) => d.code);

describe('a session from initialize to close', () => {
  let client: TestClient;
  let init: { capabilities: Record<string, any>; serverInfo?: { name: string; version?: string } };
  const uri = 'file:///tmp/lsp-protocol-test/exim.conf';
  let text = ['keep_environment =', 'primary_hostname = a.example', 'primary_hostname = b.example', 'message_size_limt = 50M', 'begin retry', '* * F,2h,15m; G,16h,1h,1.5; F,4d,6h', ''].join('\n');

  before(async () => {
    client = new TestClient();
    init = (await client.initialize()) as typeof init;
  });
  after(async () => {
    await client.shutdown();
  });

  test('initialize: incremental sync, hover, inlay hints, quick fixes, and the server name', () => {
    const c = init.capabilities;
    assert.equal(c.textDocumentSync.openClose, true);
    assert.equal(c.textDocumentSync.change, 2, 'incremental text sync');
    assert.ok(c.hoverProvider);
    assert.ok(c.inlayHintProvider);
    assert.deepEqual(c.codeActionProvider.codeActionKinds, ['quickfix', 'source.fixAll.exim']);
    assert.equal(init.serverInfo?.name, 'exim-language-server');
  });

  test('open: diagnostics with code, source, severity, and the first setting as related information', async () => {
    await client.open(uri, text, 1);
    const p = await client.diagnostics(uri, 1);
    assert.equal(p.version, 1);
    assert.deepEqual(codesOf(p), ['option-repeated', 'option-unknown']);
    const [repeated, unknown] = p.diagnostics;
    assert.equal(repeated.severity, 1);
    assert.equal(repeated.source, 'exim');
    assert.deepEqual(repeated.range, { start: at(2, 0), end: at(2, 16) });
    assert.equal(repeated.relatedInformation?.length, 1);
    assert.equal(repeated.relatedInformation![0].location.uri, uri);
    assert.equal(repeated.relatedInformation![0].location.range.start.line, 1);
    assert.match(unknown.message, /"message_size_limt" is not a main option; did you mean "message_size_limit"\?/);
    assert.deepEqual(unknown.range, { start: at(3, 0), end: at(3, 17) });
  });

  test('edit: several incremental changes in one notification apply in order', async () => {
    // First insert a comment line at the top, then delete the (now fourth) line that repeats the option.
    const changes = [
      { range: { start: at(0, 0), end: at(0, 0) }, text: '# a comment\n' },
      { range: { start: at(3, 0), end: at(4, 0) }, text: '' },
    ];
    text = applyEdits(applyEdits(text, [{ range: changes[0].range, newText: changes[0].text }]), [{ range: changes[1].range, newText: '' }]);
    await client.change(uri, 2, changes);
    const p = await client.diagnostics(uri, 2);
    assert.deepEqual(codesOf(p), ['option-unknown']);
    assert.deepEqual(p.diagnostics[0].range, { start: at(3, 0), end: at(3, 17) }, 'the misspelt option is on the fourth line after the edits');
  });

  test('code action: the preferred quick fix renames the option, and the error goes', async () => {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: at(3, 3), end: at(3, 3) },
      context: { diagnostics: [] },
    });
    assert.ok(actions.length >= 1);
    const first = actions[0];
    assert.equal(first.title, 'Change to "message_size_limit"');
    assert.equal(first.kind, 'quickfix');
    assert.equal(first.isPreferred, true);
    assert.equal(first.diagnostics?.[0]?.code, 'option-unknown');
    text = applyEdits(text, first.edit.changes[uri]);
    assert.match(text, /^message_size_limit = 50M$/m);
    await client.change(uri, 3, [{ text }]);
    const p = await client.diagnostics(uri, 3);
    assert.deepEqual(p.diagnostics, []);
  });

  test('edits in quick succession: the diagnostics end up describing the last version', async () => {
    const variants = ['message_size_limx = 50M', 'message_size_limit = 50', 'message_size_limit = 50M', 'message_size_limt = 50M'];
    let version = 3;
    for (const v of variants) {
      version++;
      await client.change(uri, version, [{ range: { start: at(3, 0), end: at(3, 100) }, text: v }]);
    }
    const p = await client.diagnostics(uri, version);
    assert.deepEqual(codesOf(p), ['option-unknown']);
    assert.match(p.diagnostics[0].message, /"message_size_limt"/);
    assert.ok(!client.allPublished.some((q) => q.uri === uri && (q.version ?? 0) > version));
  });

  test('inlay hints: the retry rule gets its schedule', async () => {
    const hints = await client.request<{ position: Position; label: string }[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: at(0, 0), end: at(20, 0) } });
    assert.equal(hints.length, 1);
    assert.equal(hints[0].position.line, 5);
    assert.match(hints[0].label, /29 attempts/);
  });

  test('settings: a severity override and a disabled retry preview take effect at once', async () => {
    const refreshes = client.inlayHintRefreshes;
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { exim: { diagnostics: { overrides: { 'option-unknown': 'warning' } }, retryPreview: { enabled: false } } },
    });
    const p = await client.diagnosticsWhere(uri, (q) => q.diagnostics[0]?.severity === 2);
    assert.deepEqual(codesOf(p), ['option-unknown']);
    const hints = await client.request<unknown[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: at(0, 0), end: at(20, 0) } });
    assert.deepEqual(hints, []);
    // The server asks the client to fetch the hints again, so that the old ones disappear.
    const deadline = Date.now() + 5000;
    while (client.inlayHintRefreshes === refreshes && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(client.inlayHintRefreshes > refreshes, 'workspace/inlayHint/refresh was requested');

    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { exim: { diagnostics: { overrides: { 'option-unknown': 'off' } }, retryPreview: { enabled: true } } },
    });
    await client.diagnosticsWhere(uri, (q) => q.diagnostics.length === 0);
    const back = await client.request<unknown[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: at(0, 0), end: at(20, 0) } });
    assert.equal(back.length, 1);
  });

  test('completion, when the server offers it, proposes main options on an empty line', async (t) => {
    if (!init.capabilities.completionProvider) {
      t.skip('the server does not announce completion (no completionProvider in its capabilities)');
      return;
    }
    await client.change(uri, 100, [{ text: 'keep_environment =\n\n' }]);
    await client.diagnostics(uri, 100);
    const r = await client.request<{ label: string }[] | { items: { label: string }[] }>('textDocument/completion', { textDocument: { uri }, position: at(1, 0) });
    const items = Array.isArray(r) ? r : r.items;
    assert.ok(items.some((i) => i.label === 'primary_hostname'), `primary_hostname among ${items.length} items`);
    await client.change(uri, 101, [{ text }]);
  });

  test('signature help inside an expansion item: the form, with the argument the cursor is in', async () => {
    assert.deepEqual(init.capabilities.signatureHelpProvider.triggerCharacters, ['{']);
    await client.change(uri, 102, [{ text: 'keep_environment =\nqualify_domain = ${sg{$primary_hostname}{' }]);
    await client.diagnostics(uri, 102);
    const r = await client.request<{ signatures: { label: string; parameters: { label: [number, number] }[] }[]; activeParameter: number }>('textDocument/signatureHelp', { textDocument: { uri }, position: at(1, 41) });
    assert.equal(r.signatures[0].label, '${sg{subject}{regex}{replacement}}');
    assert.equal(r.activeParameter, 1);
    assert.deepEqual(r.signatures[0].parameters[1].label, [13, 20], '{regex}');
    assert.equal(await client.request('textDocument/signatureHelp', { textDocument: { uri }, position: at(0, 3) }), null);
    await client.change(uri, 103, [{ text }]);
  });

  test('fix all: one source.fixAll action with the preferred fixes, only when asked for', async () => {
    await client.change(uri, 104, [{ text: 'keep_environment =\nmessage_size_limt = 10M\nsplit_spool_directory = ture\n' }]);
    await client.diagnostics(uri, 104);
    type Action = { title: string; kind: string; edit: { changes: Record<string, { range: unknown; newText: string }[]> } };
    const range = { start: at(0, 0), end: at(3, 0) };
    const all = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll'] } });
    assert.equal(all.length, 1);
    assert.equal(all[0].kind, 'source.fixAll.exim');
    assert.equal(all[0].title, 'Fix all auto-fixable Exim problems (2)');
    assert.deepEqual(all[0].edit.changes[uri].map((e) => e.newText).sort(), ['message_size_limit', 'true']);
    const quick = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } });
    assert.ok(quick.length >= 2 && quick.every((a) => a.kind === 'quickfix'), 'without "only": the quick fixes, not fix-all');
    const none = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['refactor'] } });
    assert.deepEqual(none, []);
    await client.change(uri, 105, [{ text }]);
  });

  test('close: the diagnostics are cleared and the document is forgotten', async () => {
    const before = client.allPublished.length;
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const p = await client.diagnosticsWhere(uri, (q) => q.diagnostics.length === 0 && client.allPublished.length > before);
    assert.equal(p.version, undefined);
    const h = await client.request('textDocument/hover', { textDocument: { uri }, position: at(5, 0) });
    assert.equal(h, null);
    const hints = await client.request<unknown[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: at(0, 0), end: at(20, 0) } });
    assert.deepEqual(hints, []);
  });
});

describe('settings given at initialize', () => {
  test('initializationOptions switch off the retry preview and a check from the start', async () => {
    const client = new TestClient();
    try {
      await client.initialize({ settings: { retryPreview: { enabled: false }, diagnostics: { overrides: { 'retry-lowercase-letter': 'off' } } }, isTrusted: false });
      const uri = 'file:///tmp/lsp-protocol-test/init.conf';
      await client.open(uri, 'keep_environment =\nbegin retry\n* * f,2h,15m; G,16h,1h,1.5; F,4d,6h\n* timout F,1h,10m\n', 1);
      const p = await client.diagnostics(uri, 1);
      assert.deepEqual(codesOf(p), ['retry-unknown-error'], 'the lower-case letter is not reported; the unknown error still is');
      const hints = await client.request<unknown[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: at(0, 0), end: at(10, 0) } });
      assert.deepEqual(hints, []);
    } finally {
      await client.shutdown();
    }
  });
});

describe('shutdown and exit', () => {
  test('shutdown then exit: the server answers null and ends with status 0', async () => {
    const client = new TestClient();
    await client.initialize();
    const r = await client.request('shutdown', undefined);
    assert.equal(r, null);
    await client.connection.sendNotification('exit');
    assert.equal(await client.exited, 0);
    client.connection.dispose();
  });

  test('exit without shutdown ends the server with status 1', async () => {
    const client = new TestClient();
    await client.initialize();
    await client.connection.sendNotification('exit');
    assert.equal(await client.exited, 1);
    client.connection.dispose();
  });

  test('when the editor goes away (its end of stdin closes) the server ends instead of lingering', async () => {
    const client = new TestClient();
    await client.initialize();
    await client.open('file:///tmp/lsp-protocol-test/gone.conf', 'keep_environment =\n', 1);
    client.process.stdin!.end();
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([client.exited, new Promise<string>((r) => (timer = setTimeout(() => r('still running after 10 s'), 10000)))]);
    clearTimeout(timer);
    assert.notEqual(code, 'still running after 10 s');
    if (client.process.exitCode === null) client.process.kill();
    client.connection.dispose();
  });
});
