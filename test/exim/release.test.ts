// The expansion names Exim 4.96 does not know (facts/data/release-4.96.json) against the binary:
// asked again (node/probeRelease.ts), it must name the same ones; and a configuration that uses
// one defers where our analysis says it will.

import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { analyse } from '../../server/src/analysis/analyse';
import { builtinMacrosOf } from '../../server/src/node/eximMacros';
import { probeMainDefaults, probeRelease, releaseProbes } from '../../server/src/node/probeRelease';
import { ROOT } from '../helpers';
import { EXIM, NO_EXIM } from './binary';
import { runSession } from './run';

/** What the installed Exim says of its release, and why a test of the 4.96 table skips on it. */
const VERSION = EXIM ? spawnSync(EXIM, ['-C', '/dev/null', '-bP', 'exim_version'], { encoding: 'utf8' }).stdout.trim() : '';
const NOT_496 = `the table is for Exim 4.96; this one says "${VERSION}"`;
const TABLE = JSON.parse(readFileSync(join(ROOT, 'server/src/facts/data/release-4.96.json'), 'utf8'));

test('what Exim 4.96 does not know is what the table says (exim -be)', { skip: EXIM ? false : NO_EXIM }, async (t) => {
  if (VERSION !== 'exim_version = 4.96') return t.skip(NOT_496);
  const r = await probeRelease(EXIM!);
  assert.ok('unknown' in r, 'problem' in r ? r.problem : '');
  assert.deepEqual(r.unknown, TABLE.unknown);
  // The probe asks for every name of the tables that needs no build feature: hundreds of them.
  assert.ok(releaseProbes().length > 300, `${releaseProbes().length} probes`);
  assert.ok(r.unknown.operators.includes('xtextd'));
});

test('an ACL condition with a newer operator defers every RCPT with Exim 4.96, as reported', { skip: EXIM ? false : NO_EXIM }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'release-'));
  const file = join(dir, 'newer.conf');
  const text = 'keep_environment =\nacl_smtp_rcpt = r\nbegin acl\nr:\n  deny condition = ${if eq{${xtextd:a}}{b}}\n  accept\n';
  writeFileSync(file, text);
  const out = await runSession(file, 'helo x\nmail from:<a@b.example>\nrcpt to:<c@d.example>\nquit\n');
  assert.match(out, /^451 /m, out);
  assert.match(out, /unknown expansion operator "xtextd"/);
  const ours = analyse(text, { name: file, builtinMacros: (await builtinMacrosOf(EXIM!)).macros });
  assert.deepEqual(ours.diagnostics.filter((d) => d.code === 'expansion-unknown-operator').map((d) => d.range.start.line), [4]);
});

test('the main option defaults Exim 4.96 has otherwise are what the table says (exim -bP)', { skip: EXIM ? false : NO_EXIM }, async (t) => {
  if (VERSION !== 'exim_version = 4.96') return t.skip(NOT_496);
  const r = await probeMainDefaults(EXIM!);
  assert.ok('defaults' in r, 'problem' in r ? r.problem : '');
  assert.deepEqual(r.defaults, TABLE.mainDefaults);
});
