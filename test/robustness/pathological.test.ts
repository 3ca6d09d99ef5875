// Pathological inputs (cases.ts), in a worker with a capped heap and a stack the size of the main
// thread's: no crash, no stack overflow, no runaway memory, no hang, well-formed diagnostics and
// features, and the diagnostics Exim's behaviour calls for.

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { CASES } from './cases';
import { describeFailure, runJob } from './harness';
import { boundMs, type CaseResult } from './jobs';
import { LONG_RUN } from './mutate';

test('pathological inputs', { timeout: LONG_RUN ? Infinity : 600_000 }, async (t) => {
  const { result, failure } = await runJob<CaseResult[]>('pathological', { big: LONG_RUN }, { hangMs: 90_000, maxHeapMb: 1024, stackMb: 1 });
  assert.ok(!failure, failure && describeFailure(failure));
  assert.equal(result!.length, CASES.length);
  const slowest = [...result!].sort((a, b) => b.ms - a.ms)[0];
  t.diagnostic(`${result!.length} pathological inputs; slowest: ${slowest.name}, ${Math.round(slowest.ms)} ms`);
  const wrong: string[] = [];
  for (const [i, r] of result!.entries()) {
    const c = CASES[i];
    t.diagnostic(`${r.name}: ${Math.round(r.ms)} ms (features ${Math.round(r.featuresMs)} ms), heap ${r.heapMb} MB, ${JSON.stringify(r.codes).slice(0, 160)}`);
    wrong.push(...r.problems.map((p) => `${r.name}: ${p}`));
    if (r.ms > boundMs(r.chars)) wrong.push(`${r.name}: ${Math.round(r.ms)} ms`);
    if (r.featuresMs > boundMs(r.chars)) wrong.push(`${r.name}: the features took ${Math.round(r.featuresMs)} ms`);
    for (const code of c.expect ?? []) if (!r.codes[code]) wrong.push(`${r.name}: expected a diagnostic [${code}], got ${JSON.stringify(r.codes)}`);
    for (const code of c.forbid ?? []) if (r.codes[code]) wrong.push(`${r.name}: did not expect [${code}] (got ${r.codes[code]})`);
  }
  assert.deepEqual(wrong, []);
});
