// The check with the Exim binary through the language server (over stdio): the command the server
// announces, workspace trust (off until trusted, on after exim/trustChanged), a binary inside the
// workspace never run, the diagnostics it adds (in included files too, never twice), the status
// notification, the check on save, and Exim's diagnostics dropped once the file is edited.

import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { EXIM, NO_EXIM } from '../exim/binary';
import { TestClient, type PublishedDiagnostics } from './client';

const dir = mkdtempSync(join(tmpdir(), 'exim-lsp-check-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const uriOf = (p: string) => pathToFileURL(p).href;

function write(name: string, text: string): string {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

/** A stand-in for Exim that notes each run in `runs` and reports an unknown option on line 2. */
function recorder(name: string): { binary: string; runs: string } {
  const runs = join(dir, `${name}.runs`);
  const binary = write(`bin/${name}`, [
    '#!/bin/sh',
    `echo "$*" >> ${runs}`,
    'echo "Exim version 4.96 #9 built 01-Jan-2026 00:00:00"',
    'echo "Lookups (built-in): lsearch"',
    'echo "2026-01-01 00:00:00 Exim configuration error in line 2 of $4:" >&2',
    'echo "  main option \\"made_up_by_the_fake\\" unknown" >&2',
    'exit 1',
    '',
  ].join('\n'));
  chmodSync(binary, 0o755);
  return { binary, runs };
}

interface Status {
  uri: string;
  state: string;
  message: string;
  detail?: string;
}

async function start(initializationOptions: unknown, extra: Record<string, unknown> = {}) {
  const client = new TestClient();
  const statuses: Status[] = [];
  const messages: { type: number; message: string }[] = [];
  client.connection.onNotification('exim/checkStatus', (p: unknown) => void statuses.push(p as Status));
  client.connection.onNotification('window/showMessage', (p: unknown) => void messages.push(p as { type: number; message: string }));
  const init = (await client.initialize(initializationOptions, extra)) as { capabilities: { executeCommandProvider?: { commands: string[] } } };
  return { client, statuses, messages, init };
}

type Published = PublishedDiagnostics['diagnostics'][number] & { source?: string };

async function until(client: TestClient, uri: string, ok: (d: Published[]) => boolean, what: string): Promise<Published[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const p = await client.diagnostics(uri).catch(() => undefined);
    const list = (p?.diagnostics ?? []) as Published[];
    if (p && ok(list)) return list;
    if (Date.now() > deadline) throw new Error(`${what}: ${JSON.stringify(list)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const eximOnes = (l: Published[]) => l.filter((d) => d.source === 'exim -bV');

test('the server announces the command; untrusted, it refuses and runs nothing; trusted later, it runs', async () => {
  const { binary, runs } = recorder('untrusted');
  const conf = write('untrusted.conf', 'keep_environment =\nqualify_domain = example.com\n');
  const { client, statuses, messages, init } = await start({ settings: { executablePath: binary, checkOnSave: true }, isTrusted: false });
  try {
    assert.deepEqual(init.capabilities.executeCommandProvider?.commands, ['exim.checkWithExim']);
    const uri = uriOf(conf);
    await client.open(uri, readFileSync(conf, 'utf8'));
    await client.diagnostics(uri, 1);
    const r = await client.request<{ state: string; message: string }>('workspace/executeCommand', { command: 'exim.checkWithExim', arguments: [uri] });
    assert.equal(r.state, 'disabled');
    assert.match(r.message, /off in an untrusted workspace/);
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    await new Promise((res) => setTimeout(res, 300));
    assert.equal(existsSync(runs), false, 'the binary never ran, neither for the command nor on save');
    assert.ok(statuses.length >= 2 && statuses.every((s) => s.state === 'disabled'), JSON.stringify(statuses));
    assert.ok(messages.some((m) => /untrusted workspace/.test(m.message)), 'the command says why');

    await client.connection.sendNotification('exim/trustChanged', { isTrusted: true });
    const after = await client.request<{ state: string; diagnostics: number }>('workspace/executeCommand', { command: 'exim.checkWithExim', arguments: [uri] });
    assert.equal(after.state, 'failed');
    assert.equal(after.diagnostics, 1);
    // Its built-in macros first (with /dev/null for a configuration), then the check itself.
    // Its built-in macros and lookups (two runs, in either order), then the check itself.
    const ran = readFileSync(runs, 'utf8').split('\n');
    assert.deepEqual([...ran.slice(0, 2).sort(), ...ran.slice(2)], ['-C /dev/null -bP macros exim_version', '-C /dev/null -bV', `-bV -pd -C ${conf}`, '']);
    const list = await until(client, uri, (l) => eximOnes(l).length === 1, 'the diagnostic of the fake Exim');
    const d = eximOnes(list)[0];
    assert.equal(d.code, 'exim-bv');
    assert.equal(d.severity, 1);
    assert.equal(d.message, 'Exim: main option "made_up_by_the_fake" unknown');
    assert.equal(d.range.start.line, 1);
    assert.equal(statuses[statuses.length - 1].state, 'failed');
  } finally {
    await client.shutdown();
  }
});

test('a binary inside a workspace folder is not run, even when the settings name it', async () => {
  const ws = join(dir, 'ws');
  const { binary, runs } = recorder('../ws/tools/exim4');
  const conf = write('ws/exim.conf', 'keep_environment =\n');
  const { client, statuses } = await start({ settings: { executablePath: binary }, isTrusted: true }, { workspaceFolders: [{ uri: uriOf(ws), name: 'ws' }] });
  try {
    const uri = uriOf(conf);
    await client.open(uri, 'keep_environment =\n');
    const r = await client.request<{ state: string; message: string }>('workspace/executeCommand', { command: 'exim.checkWithExim', arguments: [uri] });
    assert.equal(r.state, 'unavailable');
    assert.match(r.message, /inside the workspace folder .*ws; a binary that comes with a workspace is never run/);
    assert.equal(existsSync(runs), false);
    assert.equal(statuses[statuses.length - 1].state, 'unavailable');
  } finally {
    await client.shutdown();
  }
});

test('Exim\'s error in an included file, and one that repeats ours, over LSP', { skip: !EXIM && NO_EXIM }, async () => {
  const part = write('lsp/part.conf', '# part\nexim_user = no_such_user_x\n');
  const main = write('lsp/main.conf', `keep_environment =\n.include ${part}\n`);
  const { client, statuses } = await start({ settings: { executablePath: EXIM }, isTrusted: true });
  try {
    const uri = uriOf(main);
    await client.open(uri, readFileSync(main, 'utf8'));
    await client.diagnostics(uri, 1);
    const r = await client.request<{ state: string; message: string; diagnostics: number; duplicates: number }>('workspace/executeCommand', { command: 'exim.checkWithExim', arguments: [uri] });
    assert.equal(r.state, 'failed', r.message);
    assert.deepEqual([r.diagnostics, r.duplicates], [1, 0]);
    // Published for the included file, which is not even open.
    const inPart = await until(client, uriOf(part), (l) => l.length === 1, 'Exim\'s diagnostic in part.conf');
    assert.deepEqual([inPart[0].code, inPart[0].source, inPart[0].range.start.line], ['exim-bv', 'exim -bV', 1]);
    assert.equal(statuses.map((s) => s.state).join(','), 'running,failed');

    // An error our checks report as well: Exim's is left out.
    const dup = write('lsp/dup.conf', 'keep_environment =\nqualify_domain = a\nqualify_domain = b\n');
    const dupUri = uriOf(dup);
    await client.open(dupUri, readFileSync(dup, 'utf8'));
    await client.diagnostics(dupUri, 1);
    const r2 = await client.request<{ state: string; diagnostics: number; duplicates: number }>('workspace/executeCommand', { command: 'exim.checkWithExim', arguments: [dupUri] });
    assert.deepEqual([r2.state, r2.diagnostics, r2.duplicates], ['failed', 0, 1]);
    const list = await until(client, dupUri, (l) => l.some((d) => d.code === 'option-repeated'), 'our own diagnostic');
    assert.deepEqual(eximOnes(list), []);
  } finally {
    await client.shutdown();
  }
});

test('on save when asked; unsaved changes are said; an edit drops Exim\'s diagnostics', { skip: !EXIM && NO_EXIM }, async () => {
  const conf = write('save/exim.conf', 'keep_environment =\nexim_user = no_such_user_x\n');
  const { client, statuses } = await start({ settings: { executablePath: EXIM, checkOnSave: true }, isTrusted: true });
  try {
    const uri = uriOf(conf);
    await client.open(uri, readFileSync(conf, 'utf8'));
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    const list = await until(client, uri, (l) => eximOnes(l).length === 1, 'the check on save');
    assert.equal(eximOnes(list)[0].range.start.line, 1);
    const last = statuses[statuses.length - 1];
    assert.equal(last.state, 'failed');
    assert.doesNotMatch(last.message, /unsaved/);

    await client.change(uri, 2, [{ text: 'keep_environment =\nexim_user = no_such_user_x\n# edited\n' }]);
    await until(client, uri, (l) => eximOnes(l).length === 0, 'Exim\'s diagnostic dropped after the edit');
    const r = await client.request<{ state: string; message: string }>('workspace/executeCommand', { command: 'exim.checkWithExim', arguments: [uri] });
    assert.equal(r.state, 'failed');
    assert.match(r.message, /This is the saved file; the editor has unsaved changes/);
  } finally {
    await client.shutdown();
  }
});

test('without checkOnSave, saving runs nothing', async () => {
  const { binary, runs } = recorder('nosave');
  const conf = write('nosave.conf', 'keep_environment =\n');
  const { client, statuses } = await start({ settings: { executablePath: binary }, isTrusted: true });
  try {
    const uri = uriOf(conf);
    await client.open(uri, 'keep_environment =\n');
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    await new Promise((res) => setTimeout(res, 300));
    assert.equal(existsSync(runs), false);
    assert.deepEqual(statuses, []);
  } finally {
    await client.shutdown();
  }
});
