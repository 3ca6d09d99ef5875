// The built-in macros of the Exim binary (exim -C /dev/null -bP macros): read off its output, used
// by exim-lint --exim and by the language server once the user runs Exim from the editor, so that
// `.ifdef _HAVE_...` branches are read the way that binary reads them.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { analyse, DEFAULT_BUILTIN_MACROS } from '../../server/src/analysis/analyse';
import { hover } from '../../server/src/features/hover';
import { builtinMacrosOf, parseLookupLines, parseMacroList } from '../../server/src/node/eximMacros';
import { ROOT } from '../helpers';
import { TestClient } from '../lsp/client';
import { EXIM, NO_EXIM } from './binary';

const dir = mkdtempSync(join(tmpdir(), 'exim-macros-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** A stand-in for Exim: lists two built-in macros (or `macros`) for -bP macros, accepts every file for -bV. */
function fakeExim(name: string, macros = ['_HAVE_FAKE_FEATURE=y', '_DKIM_SIGN_HEADERS=From:To']): { binary: string; runs: string } {
  const runs = join(dir, `${name}.runs`);
  const binary = file(name, [
    '#!/bin/sh',
    `echo "$*" >> ${runs}`,
    `if [ "$3" = "-bP" ]; then ${macros.map((m) => `echo "${m}";`).join(' ')} exit 0; fi`,
    'echo "Exim version 4.96 #9 built 01-Jan-2026 00:00:00"',
    'exit 0',
    '',
  ].join('\n'));
  chmodSync(binary, 0o755);
  return { binary, runs };
}

// A file whose verdict depends on the build: one unknown option in each branch.
const BRANCHES = 'keep_environment =\n.ifdef _HAVE_FAKE_FEATURE\nfake_only = 1\n.else\nusual_only = 1\n.endif\n';
const unknownOptions = (text: string, builtinMacros?: readonly string[]) =>
  analyse(text, { name: '/t/b.conf', builtinMacros }).diagnostics.filter((d) => d.code === 'option-unknown' && d.severity === 'error').map((d) => d.range.start.line);

test('the output of -bP macros: names with "y" bare, other values kept, nothing but built-in names', () => {
  assert.deepEqual(parseMacroList('_HAVE_TLS=y\n_DKIM_SIGN_HEADERS=From:Sender\r\nMY_MACRO=1\n_lower=y\n\n_OPT_MAIN_X=y'), ['_HAVE_TLS', '_DKIM_SIGN_HEADERS=From:Sender', '_OPT_MAIN_X']);
  assert.deepEqual(parseMacroList('Exim version 4.96\n'), []);
  assert.deepEqual(parseMacroList('_HAVE_TLS=y\nexim_version = 4.96\n'), ['_HAVE_TLS', 'exim_version=4.96'], 'the release goes last');
  assert.deepEqual(parseMacroList('exim_version = 4.96\n'), [], 'a release without macros is no list');
});

test('the lookups of exim -bV: the built-in and the dynamic line, none when there is no such line', () => {
  const bV = 'Exim version 4.96 #2\nSupport for: crypteq SPF\nLookups (built-in): lsearch wildlsearch cdb\r\nLookups (dynamic): sqlite\nAuthenticators: plaintext\n';
  assert.deepEqual(parseLookupLines(bV), ['lsearch', 'wildlsearch', 'cdb', 'sqlite']);
  assert.deepEqual(parseLookupLines('Lookups: lsearch/wildlsearch dbm\n'), ['lsearch', 'wildlsearch', 'dbm'], 'older releases: one line, no kind');
  assert.equal(parseLookupLines('Exim version 4.96\n'), undefined);
});

test('an analysis with a binary\'s built-in macros reads .ifdef as that binary does, and substitutes their values', () => {
  assert.deepEqual(unknownOptions(BRANCHES), [4], 'by default, no _HAVE_FAKE_FEATURE: the .else branch is read');
  const list = ['_HAVE_FAKE_FEATURE', '_DKIM_SIGN_HEADERS=From:To'];
  assert.deepEqual(unknownOptions(BRANCHES, list), [2]);
  // An edit inside a line is re-read with the same built-in macros; a different list reads all again.
  const first = analyse(BRANCHES, { name: '/t/b.conf', builtinMacros: list });
  const edited = BRANCHES.replace('fake_only', 'fake_onlx');
  assert.deepEqual(analyse(edited, { name: '/t/b.conf', builtinMacros: list, previous: first }).diagnostics.map((d) => d.range.start.line), analyse(edited, { name: '/t/b.conf', builtinMacros: list }).diagnostics.map((d) => d.range.start.line));
  assert.deepEqual(unknownOptions(edited, undefined), [4]);
  const again = analyse(BRANCHES, { name: '/t/b.conf', builtinMacros: list });
  assert.deepEqual(analyse(edited, { name: '/t/b.conf', previous: again }).diagnostics.filter((d) => d.code === 'option-unknown' && d.severity === 'error').map((d) => d.range.start.line), [4]);
  // A built-in macro with a value of its own: its value, in the line and in the hover.
  const text = 'keep_environment =\nbegin transports\nt:\n  driver = smtp\n  dkim_sign_headers = _DKIM_SIGN_HEADERS\n';
  const a = analyse(text, { name: '/t/d.conf', builtinMacros: list });
  assert.ok(a.document.read.macroUses.some((u) => u.name === '_DKIM_SIGN_HEADERS'));
  assert.match(hover(a, { line: 4, character: 25 })?.contents ?? '', /\*\*built-in macro\*\* `_DKIM_SIGN_HEADERS` = `From:To`/);
  // The default set knows the real value too.
  assert.ok(DEFAULT_BUILTIN_MACROS.some((m) => m.startsWith('_DKIM_SIGN_HEADERS=From:Sender:Reply-To:')));
});

test('builtinMacrosOf asks the binary once (two runs), with /dev/null for a configuration', async () => {
  const { binary, runs } = fakeExim('fake-once');
  const a = await builtinMacrosOf(binary);
  const b = await builtinMacrosOf(binary);
  assert.deepEqual(a.macros, ['_HAVE_FAKE_FEATURE', '_DKIM_SIGN_HEADERS=From:To']);
  assert.equal(a.macros, b.macros, 'the same array, so analyses share their tables');
  assert.deepEqual(readFileSync(runs, 'utf8').split('\n').filter(Boolean).sort(), ['-C /dev/null -bP macros exim_version', '-C /dev/null -bV'], 'its macros, and -bV for its lookups (none listed here)');
  const silent = file('silent', '#!/bin/sh\nexit 1\n');
  chmodSync(silent, 0o755);
  assert.match((await builtinMacrosOf(silent)).problem ?? '', /listed no built-in macros/);
});

test('the real Exim: its list has what its build has, and an .ifdef of a feature it lacks is false', { skip: !EXIM && NO_EXIM }, async () => {
  const r = await builtinMacrosOf(EXIM!);
  assert.ok(r.macros && r.macros.length > 100, r.problem);
  assert.ok(r.macros.includes('_OPT_MAIN_PRIMARY_HOSTNAME'));
  // Whatever the build, Exim's verdict on a file with an .ifdef of a macro it lacks or has agrees with ours.
  for (const name of ['_HAVE_DMARC', '_HAVE_TLS', '_HAVE_NO_SUCH_FEATURE']) {
    const conf = file(`real${name}.conf`, `keep_environment =\n.ifdef ${name}\nno_such_option_here = 1\n.endif\n`);
    const exim = spawnSync(EXIM!, ['-bV', '-C', conf], { encoding: 'utf8' });
    const ours = unknownOptions(readFileSync(conf, 'utf8'), r.macros);
    assert.equal(ours.length > 0, exim.status !== 0, `${name}: Exim says ${exim.stderr.trim() || 'nothing'}`);
  }
});

test('exim-lint --exim reads .ifdef with the binary\'s built-in macros; without --exim, an Exim with every feature', () => {
  const { binary } = fakeExim('fake-cli');
  const conf = file('branches.conf', BRANCHES);
  const run = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin', 'exim-lint.js'), ...args], { encoding: 'utf8', cwd: dir });
  assert.match(run([conf]).stdout, /branches\.conf:5:1: error: "usual_only"/);
  const withExim = run([`--exim=${binary}`, conf]);
  assert.match(withExim.stdout, /branches\.conf:3:1: error: "fake_only"/);
  assert.doesNotMatch(withExim.stdout, /5:1: error/);
});

test('the language server takes the binary\'s built-in macros once running Exim is on, and not before', async () => {
  const { binary, runs } = fakeExim('fake-lsp');
  const conf = file('lsp.conf', BRANCHES);
  const uri = pathToFileURL(conf).href;
  // Errors only: an unknown option in a skipped branch is a warning.
  const unknownAt = (p: { diagnostics: { code?: unknown; severity?: number; range: { start: { line: number } } }[] }) =>
    p.diagnostics.filter((d) => d.code === 'option-unknown' && d.severity === 1).map((d) => d.range.start.line);
  const errorLines = async (client: TestClient, want: number) => unknownAt(await client.diagnosticsWhere(uri, (p) => unknownAt(p).includes(want)));
  const off = new TestClient();
  await off.initialize({ settings: { executablePath: binary } });
  try {
    await off.open(uri, BRANCHES);
    assert.deepEqual(await errorLines(off, 4), [4]);
    await new Promise((r) => setTimeout(r, 200));
    assert.throws(() => readFileSync(runs), 'without checkOnSave the binary is not run');
  } finally {
    await off.shutdown();
  }
  const on = new TestClient();
  await on.initialize({ settings: { executablePath: binary, checkOnSave: true } });
  try {
    await on.open(uri, BRANCHES);
    assert.deepEqual(await errorLines(on, 2), [2]);
    await on.connection.sendNotification('workspace/didChangeConfiguration', { settings: { exim: { builtinMacros: 'allFeatures' } } });
    assert.deepEqual(await errorLines(on, 4), [4]);
  } finally {
    await on.shutdown();
  }
});

test("the language server checks options against the binary's list of them once running Exim is on", async () => {
  // A build that knows two main options only.
  const { binary } = fakeExim('fake-options', ['_OPT_MAIN_KEEP_ENVIRONMENT=y', '_OPT_MAIN_QUALIFY_DOMAIN=y']);
  const text = 'keep_environment =\nqualify_domain = example.com\nprimary_hostname = mail.example.com\n';
  const uri = pathToFileURL(file('options.conf', text)).href;
  const client = new TestClient();
  await client.initialize({ settings: { executablePath: binary, checkOnSave: true } });
  try {
    await client.open(uri, text);
    const p = await client.diagnosticsWhere(uri, (x) => x.diagnostics.some((d) => d.code === 'not-in-build'));
    const found = p.diagnostics.filter((d) => d.code === 'not-in-build');
    assert.deepEqual(found.map((d) => d.range.start.line), [2]);
    assert.match(String(found[0].message), /"primary_hostname" is not in this build of Exim .*_OPT_MAIN_PRIMARY_HOSTNAME.*\(Exim: main option "primary_hostname" unknown\)$/);
  } finally {
    await client.shutdown();
  }
});
