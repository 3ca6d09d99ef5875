// Structure and references over LSP (stdio): outline, workspace symbols, definition, references,
// highlights, rename, include links, folding and selection ranges, on a Debian-style conf.d tree
// and on a main file with .include pieces (found through exim.mainFile or an open includer).

import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { applyEdits } from '../helpers';
import { TestClient } from './client';

interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface Location {
  uri: string;
  range: Range;
}

const dir = mkdtempSync(join(tmpdir(), 'exim-lsp-nav-'));
const uriOf = (p: string) => pathToFileURL(p).href;
function write(rel: string, text: string): string {
  const p = join(dir, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

// A conf.d tree.
const confd = {
  main: write('conf.d/main/01_main', 'domainlist local_domains = example.com\nacl_smtp_rcpt = acl_check_rcpt\n'),
  aclHeader: write('conf.d/acl/00_header', 'begin acl\n'),
  acl: write('conf.d/acl/30_rcpt', 'acl_check_rcpt:\n  accept domains = +local_domains\n  deny\n'),
  routerHeader: write('conf.d/router/00_header', 'begin routers\n'),
  router: write('conf.d/router/200_remote', '# routes remote mail\nremote:\n  driver = accept\n  domains = ! +local_domains\n  transport = remote_smtp\n'),
  transportHeader: write('conf.d/transport/00_header', 'begin transports\n'),
  transport: write('conf.d/transport/30_smtp', 'remote_smtp:\n  driver = smtp\n'),
};

// A main file with pieces.
const mainFile = write('split/exim.conf', 'domainlist other = b.example\n.include lists.conf\nbegin routers\nr:\n  driver = accept\n  domains = +mine\n  transport = t\nbegin transports\nt:\n  driver = pipe\n');
const lists = write('split/lists.conf', 'domainlist mine = a.example : +other\n');

let client: TestClient;

before(async () => {
  client = new TestClient();
  const init = (await client.initialize({}, { workspaceFolders: [{ uri: uriOf(dir), name: 'test' }] })) as { capabilities: Record<string, unknown> };
  for (const c of ['documentSymbolProvider', 'workspaceSymbolProvider', 'definitionProvider', 'referencesProvider', 'documentHighlightProvider', 'renameProvider', 'documentLinkProvider', 'foldingRangeProvider', 'selectionRangeProvider']) {
    assert.ok(init.capabilities[c], c);
  }
  await client.open(uriOf(confd.router), readFileSync(confd.router, 'utf8'), 1);
});

after(async () => {
  await client.shutdown();
});

test('a conf.d fragment is checked in its tree: no false "undefined" for names defined in other fragments', async () => {
  const d = await client.diagnostics(uriOf(confd.router), 1);
  assert.deepEqual(d.diagnostics.map((x) => x.code), []);
});

test('go to definition crosses into the other fragments of the tree', async () => {
  const transport = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf(confd.router) }, position: { line: 4, character: 18 } });
  assert.deepEqual(transport, [{ uri: uriOf(confd.transport), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 11 } } }]);
  const list = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf(confd.router) }, position: { line: 3, character: 16 } });
  assert.equal(list[0].uri, uriOf(confd.main));
});

test('find references and highlights', async () => {
  const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: uriOf(confd.router) }, position: { line: 3, character: 16 }, context: { includeDeclaration: true } });
  assert.deepEqual(refs.map((r) => [r.uri, r.range.start.line]).sort(), [
    [uriOf(confd.acl), 1],
    [uriOf(confd.main), 0],
    [uriOf(confd.router), 3],
  ]);
  const h = await client.request<{ range: Range; kind: number }[]>('textDocument/documentHighlight', { textDocument: { uri: uriOf(confd.router) }, position: { line: 4, character: 18 } });
  assert.deepEqual(h.map((x) => [x.range.start.line, x.kind]), [[4, 2]]);
});

test('rename changes every file of the tree; a bad name is refused with the reason', async () => {
  const prep = await client.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: uriOf(confd.router) }, position: { line: 4, character: 18 } });
  assert.equal(prep.placeholder, 'remote_smtp');
  const edit = await client.request<{ changes: Record<string, { range: Range; newText: string }[]> }>('textDocument/rename', {
    textDocument: { uri: uriOf(confd.router) },
    position: { line: 4, character: 18 },
    newName: 'smtp_out',
  });
  assert.deepEqual(Object.keys(edit.changes).sort(), [uriOf(confd.router), uriOf(confd.transport)].sort());
  assert.match(applyEdits(readFileSync(confd.transport, 'utf8'), edit.changes[uriOf(confd.transport)]), /^smtp_out:$/m);
  await assert.rejects(
    client.request('textDocument/rename', { textDocument: { uri: uriOf(confd.router) }, position: { line: 4, character: 18 }, newName: 'smtp out' }),
    /only letters, digits and underscores/,
  );
  await assert.rejects(client.request('textDocument/prepareRename', { textDocument: { uri: uriOf(confd.router) }, position: { line: 2, character: 4 } }), /no ACL, router, transport/);
});

test('outline and workspace symbols', async () => {
  const symbols = await client.request<{ name: string; kind: number; detail?: string; children: { name: string; detail?: string }[] }[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf(confd.router) } });
  assert.deepEqual(symbols.map((s) => [s.name, s.detail, s.children.map((c) => [c.name, c.detail])]), [['begin routers', 'begun before this file', [['remote', 'accept']]]]);
  const ws = await client.request<{ name: string; location: Location; containerName: string }[]>('workspace/symbol', { query: 'rcpt' });
  assert.deepEqual(ws.map((s) => [s.name, s.location.uri, s.containerName]), [['acl_check_rcpt', uriOf(confd.acl), 'ACL']]);
});

test('folding and selection ranges', async () => {
  const folds = await client.request<{ startLine: number; endLine: number; kind?: string }[]>('textDocument/foldingRange', { textDocument: { uri: uriOf(confd.router) } });
  assert.deepEqual(folds.map((f) => [f.startLine, f.endLine]), [[1, 4]]);
  const sel = await client.request<{ range: Range; parent?: unknown }[]>('textDocument/selectionRange', { textDocument: { uri: uriOf(confd.router) }, positions: [{ line: 4, character: 18 }] });
  const chain: string[] = [];
  for (let s: { range: Range; parent?: unknown } | undefined = sel[0]; s; s = s.parent as typeof s) chain.push(`${s.range.start.line}:${s.range.start.character}-${s.range.end.line}:${s.range.end.character}`);
  // The word (the value), the line, the router (the section began in another file).
  assert.deepEqual(chain, ['4:14-4:25', '4:2-4:25', '1:0-4:25']);
});

test('a piece of a main file: wrong alone, right once its includer is open, and through exim.mainFile', async () => {
  const uri = uriOf(lists);
  await client.open(uri, readFileSync(lists, 'utf8'), 1);
  const alone = await client.diagnostics(uri, 1);
  assert.deepEqual(alone.diagnostics.map((d) => d.code), ['undefined-named-list']);
  // The includer opens: the piece is now checked as part of it.
  await client.open(uriOf(mainFile), readFileSync(mainFile, 'utf8'), 1);
  await client.diagnosticsWhere(uri, (p) => p.diagnostics.length === 0);
  const links = await client.request<{ range: Range; target: string }[]>('textDocument/documentLink', { textDocument: { uri: uriOf(mainFile) } });
  assert.deepEqual(links.map((l) => [l.range.start.line, l.target]), [[1, uri]]);
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(mainFile) } });
  await client.diagnosticsWhere(uri, (p) => p.diagnostics.length === 1);
  // exim.mainFile, relative to the workspace folder.
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { exim: { mainFile: 'split/exim.conf' } } });
  await client.diagnosticsWhere(uri, (p) => p.diagnostics.length === 0);
  const def = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: { line: 0, character: 34 } });
  assert.deepEqual(def.map((l) => [l.uri, l.range.start.line]), [[uriOf(mainFile), 0]]);
});
