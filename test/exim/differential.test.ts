// Differential test of the whole analysis against Exim: configurations Exim accepts (the corpus),
// each changed by one random edit (a character, a word, a line inserted, deleted, duplicated ...,
// from the fuzzer's mutations), are read by Debian's `exim4 -bV -C` and by our analysis. Whether
// the file is rejected must agree: Exim rejects it exactly when one of our errors says Exim would
// (a code marked eximRejects). The analysis takes the built-in macros of that Exim, as the CLI's
// --exim does. Fixed seed; EXIM_DIFFERENTIAL_COUNT sets the number of cases, EXIM_DIFFERENTIAL_SEED
// the seed, EXIM_DIFFERENTIAL_EDITS the number of edits per config, EXIM_DIFFERENTIAL_LINES=1 lists
// the rejected cases with none of our errors on the line Exim names.

import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { analyse } from '../../server/src/analysis/analyse';
import { CODES } from '../../server/src/analysis/codes';
import { builtinMacrosOf } from '../../server/src/node/eximMacros';
import { fileHost } from '../../server/src/node/fileHost';
import { CORPUS, HAVE_CORPUS, corpusVerdicts } from '../helpers';
import { applyMutations, mutation, type Mutation } from '../robustness/mutate';
import { EXIM } from './binary';
import { pool, runExim } from './run';

const COUNT = Number(process.env.EXIM_DIFFERENTIAL_COUNT ?? 400);
const SEED = Number(process.env.EXIM_DIFFERENTIAL_SEED ?? 20261207);
/** Edits per config (1 by default: a verdict then has one cause to look for). */
const EDITS = Math.max(1, Number(process.env.EXIM_DIFFERENTIAL_EDITS ?? 1));
/** EXIM_DIFFERENTIAL_LINES=1 lists the rejected cases where none of our errors is on Exim's line. */
const SHOW_LINES = process.env.EXIM_DIFFERENTIAL_LINES === '1';
const skip = !HAVE_CORPUS ? `corpus not found at ${CORPUS}` : !EXIM ? 'exim4 is not installed (.ci/run installs it)' : false;

const dir = mkdtempSync(join(tmpdir(), 'exim-differential-'));
// Exim may read an included file after giving up root (as its own user): the folder must be open to it.
chmodSync(dir, 0o755);
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Where the edited copy of a corpus file goes: a folder named like the file's own, beside links to
 * the corpus' other folders, so that `.include ../exim-test-suite-aux/std_conf_prefix` still
 * reaches its file (most of the corpus includes one).
 */
function caseFolder(seed: string): string {
  const folder = join(dir, dirname(seed));
  if (!existsSync(folder)) {
    mkdirSync(folder, { recursive: true });
    for (const e of readdirSync(CORPUS, { withFileTypes: true })) {
      if (e.isDirectory() && !existsSync(join(dir, e.name))) symlinkSync(join(CORPUS, e.name), join(dir, e.name));
    }
  }
  return folder;
}

test('one random edit of an accepted config: Exim rejects it exactly when our analysis says Exim would', { skip, timeout: 600_000 }, async (t) => {
  const seeds = corpusVerdicts().filter((v) => v.verdict === 'ok').map((v) => ({ name: v.file, text: readFileSync(join(CORPUS, v.file), 'utf8') }));
  const builtins = await builtinMacrosOf(EXIM!);
  assert.ok(builtins.macros, builtins.problem);
  const cases = fc
    .sample(fc.tuple(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: EDITS, maxLength: EDITS })), { seed: SEED, numRuns: COUNT })
    .map(([s, m]: [number, Mutation[]], i) => ({ i, seed: seeds[s].name, original: seeds[s].text, m, text: applyMutations(seeds[s].text, m) }))
    .filter((c) => c.text !== c.original);

  const host = fileHost();
  const results = await pool(cases, 2, async (c) => {
    const file = join(caseFolder(c.seed), `case-${c.i}.conf`);
    writeFileSync(file, c.text);
    const exim = await runExim(file);
    const all = analyse(c.text, { name: file, host, builtinMacros: builtins.macros }).diagnostics;
    const ours = all.filter((d) => d.severity === 'error' && CODES[d.code]?.eximRejects);
    return { c, exim, ours, warnings: all.filter((d) => d.severity === 'warning') };
  });

  // Whether an account exists is the machine's business: the analysis only knows that a name with
  // white space in it cannot be one.
  const accountOfThisMachine = (error: string | undefined) => /^(user|group) \S*( was not found)$/.test(error ?? '');
  let machine = 0;
  let buildDependent = 0;
  let verdicts = 0;
  let rejected = 0;
  let sameLine = 0;
  const wrong: string[] = [];
  const elsewhere: string[] = [];
  const describe = (ds: typeof results[number]['ours']) => ds.slice(0, 2).map((d) => `${d.file === 0 ? '' : `file ${d.file} `}${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message} [${d.code}]`).join(' / ');
  for (const { c, exim, ours, warnings } of results) {
    if (!exim.ok && exim.error === undefined) continue; // Exim failed for another reason: no verdict
    if (!exim.ok && ours.length === 0 && accountOfThisMachine(exim.error)) {
      machine++;
      continue;
    }
    // A section only some builds read: we warn (this build rejects it, one with the option would not).
    if (!exim.ok && ours.length === 0 && warnings.some((d) => d.code === 'section-build-option' && d.message.endsWith(`(Exim: ${exim.error})`))) {
      buildDependent++;
      continue;
    }
    verdicts++;
    if (!exim.ok) rejected++;
    if (exim.ok === (ours.length === 0)) {
      if (!exim.ok && ours.some((d) => d.file === 0 && d.range.start.line + 1 === exim.line)) sameLine++;
      else if (!exim.ok && SHOW_LINES) elsewhere.push(`${c.seed} with ${JSON.stringify(c.m)}: Exim: line ${exim.line}: ${exim.error}; we: ${describe(ours)}`);
      continue;
    }
    wrong.push(`${c.seed} with ${JSON.stringify(c.m)}: Exim ${exim.ok ? 'accepts it' : `rejects it: line ${exim.line}: ${exim.error}`}; we ${ours.length ? `say ${describe(ours)}` : 'report no error Exim would make'}`);
  }
  const missing = results.filter((r) => /failed to open included/.test(r.exim.error ?? '')).length;
  t.diagnostic(`${missing} of them rejected by Exim for an included file that is not there; ${machine} for a user or group this machine does not have, ${buildDependent} for a section only some builds read (we warn) (both left out)`);
  assert.ok(missing < verdicts / 4, `${missing} cases fail on a missing included file: the corpus layout is not mirrored`);
  t.diagnostic(`${cases.length} edited configs, ${verdicts} with a verdict from Exim (${rejected} rejected); we agree on ${verdicts - wrong.length}; of the rejected ones, ${sameLine} with one of our errors on Exim's line`);
  for (const e of elsewhere) t.diagnostic(`rejected, none of our errors on Exim's line: ${e}`);
  assert.ok(verdicts > COUNT / 2, `only ${verdicts} verdicts`);
  assert.deepEqual(wrong, []);
});
