// The check with Exim over the corpus (../shared/corpus, Exim's verdict on each file): every file
// Exim rejects gets Exim's message at Exim's line, a file our own checks accept but Exim rejects
// gets a diagnostic they did not give (the figure is printed by class), and a sample of accepted
// files passes.

import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkWithExim } from '../../server/src/node/eximCheck';
import { CORPUS, HAVE_CORPUS, corpusVerdicts } from '../helpers';
import { EXIM } from './binary';

const skip = !HAVE_CORPUS ? `corpus not found at ${CORPUS}` : !EXIM ? 'exim4 is not installed (.ci/run installs it)' : false;

test('Exim\'s verdicts on the corpus, placed, and what they add to our own checks', { skip, timeout: 120_000 }, async (t) => {
  const added = new Map<string, number>();
  const total = new Map<string, number>();
  const problems: string[] = [];
  let repeated = 0;
  let rejectedByUs = 0;
  for (const v of corpusVerdicts().filter((x) => x.verdict === 'error')) {
    const path = join(CORPUS, v.file);
    const r = await checkWithExim(path, { executablePath: EXIM });
    total.set(v.cls, (total.get(v.cls) ?? 0) + 1);
    if (r.status !== 'failed') {
      problems.push(`${v.file}: ${r.status}: ${r.summary}`);
      continue;
    }
    const f = r.findings[0];
    // The runner's /exim-test folder may be gone: the message about it is then another one.
    const message = /\(in included file|\/exim-test\//.test(v.message) || f.message.includes('/exim-test/') ? undefined : v.message;
    if (message !== undefined && f.message !== `Exim: ${message}` && !f.message.endsWith(`: ${message}`)) problems.push(`${v.file}: message ${JSON.stringify(f.message)}, verdict ${JSON.stringify(v.message)}`);
    if (v.line !== '' && f.range.end.line + 1 !== Number(v.line)) problems.push(`${v.file}: placed on line ${f.range.end.line + 1}, Exim says ${v.line}`);
    const oursAccept = !r.analysis!.diagnostics.some((d) => d.severity === 'error');
    if (!oursAccept && f.sameAs) repeated++;
    if (!oursAccept) rejectedByUs++;
    if (oursAccept) {
      if (f.sameAs) problems.push(`${v.file}: our checks accept it, yet Exim's error is taken for one of ours (${f.sameAs})`);
      added.set(v.cls, (added.get(v.cls) ?? 0) + 1);
    }
  }
  const figure = [...total.keys()].sort().map((c) => `${c} ${added.get(c) ?? 0}/${total.get(c)}`).join(', ');
  t.diagnostic(`files Exim rejects that our checks alone accept, by class: ${figure}`);
  t.diagnostic(`files both reject: ${rejectedByUs}; Exim's error left out as the same as ours in ${repeated}`);
  assert.deepEqual(problems, []);
  // Options newer than Debian's Exim and features its build leaves out are what only Exim can say.
  assert.ok((added.get('version') ?? 0) > 0 && (added.get('build') ?? 0) > 0, figure);
});

test('accepted corpus files pass (a sample)', { skip, timeout: 120_000 }, async () => {
  const failed: string[] = [];
  const sample = corpusVerdicts().filter((v, i) => v.verdict === 'ok' && i % 25 === 0);
  for (const v of sample) {
    const path = join(CORPUS, v.file);
    // Files that include the runner's /exim-test folder cannot pass where it does not exist.
    if (/^\.include.*\/exim-test\//m.test(readFileSync(path, 'utf8')) && !existsSync('/exim-test')) continue;
    const r = await checkWithExim(path, { executablePath: EXIM });
    if (r.status !== 'passed') failed.push(`${v.file}: ${r.summary}`);
  }
  assert.ok(sample.length > 30);
  assert.deepEqual(failed, []);
});
