// exim-lint --exim: Exim's findings merged with ours, the binary chosen on the command line, and
// the exit status when Exim gives no verdict.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { buildGaps } from '../../server/src/analysis/build';
import { builtinMacrosOf } from '../../server/src/node/eximMacros';
import { ROOT } from '../helpers';
import { EXIM, NO_EXIM } from './binary';

const CLI = join(ROOT, 'bin', 'exim-lint.js');
const dir = mkdtempSync(join(tmpdir(), 'exim-lint-exim-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function lint(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

test('--exim adds what only Exim knows, in order with our findings', { skip: !EXIM && NO_EXIM }, () => {
  // Line 2: ours (a retry rule warning is not Exim's business); line 3: Exim's (no such account here).
  file('mixed.conf', 'keep_environment =\nqualify_domain = x\nexim_user = no_such_user_x\nbegin retry\n* * F,2h,15m;\n');
  const plain = lint(['mixed.conf']);
  const withExim = lint(['--exim', 'mixed.conf']);
  assert.equal(withExim.code, 1, withExim.err);
  const eximLine = 'mixed.conf:3:1: error: Exim: user no_such_user_x was not found [exim-bv]';
  assert.ok(!plain.out.includes('[exim-bv]'));
  assert.deepEqual(withExim.out.split('\n').filter(Boolean), [eximLine, ...plain.out.split('\n').filter(Boolean)].sort((a, b) => Number(a.split(':')[1]) - Number(b.split(':')[1])));
  assert.match(withExim.err, /exim-lint: using .*Exim version \d/);
  assert.match(withExim.err, /exim -bV mixed\.conf: failed: /);
  const json = JSON.parse(lint(['--format', 'json', `--exim=${EXIM}`, 'mixed.conf']).out) as { code: string; source?: string }[];
  assert.deepEqual(json.filter((f) => f.source === 'exim -bV').map((f) => f.code), ['exim-bv']);
  // The binary as the next argument, when it is one.
  assert.equal(lint(['--exim', EXIM!, 'mixed.conf']).out, withExim.out);
});

test('an error both report is shown once', { skip: !EXIM && NO_EXIM }, () => {
  file('dup.conf', 'keep_environment =\nqualify_domain = a\nqualify_domain = b\n');
  const r = lint(['--exim', 'dup.conf']);
  assert.equal(r.code, 1);
  assert.deepEqual(r.out.split('\n').filter(Boolean).map((l) => l.replace(/^.*\[(.*)\]$/, '$1')), ['option-repeated']);
  assert.match(r.err, /the same as our own finding/);
});

test("--exim checks against that Exim's build: an option it lacks is our error, and Exim's is not repeated", { skip: !EXIM && NO_EXIM }, async (t) => {
  const builtins = await builtinMacrosOf(EXIM!);
  const lacking = [...buildGaps(builtins.macros!).options].find((o) => o.scope === 'main');
  if (!lacking) return void t.diagnostic('this Exim lacks no main option the facts know');
  file('lacking.conf', `keep_environment =\n${lacking.name} = x\n`);
  assert.equal(lint(['lacking.conf']).code, 0, 'without --exim: an Exim with every feature is assumed');
  const r = lint(['--exim', 'lacking.conf']);
  assert.equal(r.code, 1);
  assert.deepEqual(r.out.split('\n').filter(Boolean).map((l) => l.replace(/^.*\[(.*)\]$/, '$1')), ['not-in-build']);
  assert.match(r.out, new RegExp(`^lacking\\.conf:2:1: error: "${lacking.name}" is not in this build of Exim`));
});

test('no verdict from Exim: exit status 2 and one clear line', () => {
  file('ok.conf', 'keep_environment =\n');
  const notExim = join(dir, 'not-exim');
  writeFileSync(notExim, '#!/bin/sh\necho hello\n');
  chmodSync(notExim, 0o755);
  const r = lint([`--exim=${notExim}`, 'ok.conf']);
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.match(r.err, /^exim-lint: exim -bV ok\.conf: unavailable: .*not-exim does not look like Exim/m);
  const stdin = lint([`--exim=${notExim}`, '-'], 'keep_environment =\n');
  assert.equal(stdin.code, 2);
  assert.match(stdin.err, /--exim needs files on disk/);
  const missing = lint(['--exim=/nonexistent/exim', 'ok.conf']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /not an executable file/);
  // --exim followed by a configuration file takes it as the file.
  const asFile = lint([`--exim`, 'ok.conf']);
  assert.doesNotMatch(asFile.err, /ok\.conf.*not an executable/);
});

test('a configuration that could make Exim run something is not given to it', () => {
  file('run.conf', 'keep_environment =\nspool_directory = ${run{/bin/true}}\n');
  const r = lint(['--exim=/bin/true', 'run.conf']);
  assert.equal(r.code, 2);
  assert.match(r.out, /^run\.conf:2:1: warning: Not checked with Exim: exim -bV would expand spool_directory .*\[exim-check-unsafe\]$/m);
  assert.match(r.err, /refused: Not checked with Exim/);
});
