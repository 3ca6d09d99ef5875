// Fuzzing the engine with mutated real configurations (see mutate.ts): no exception, no hang,
// every diagnostic well-formed (in the document, start <= end, a known code) and well-formed
// answers from hover, inlay hints and code actions at random positions.  Then incremental
// equals fresh: edits analysed one after the other with warm caches give what empty caches give.
//
// npm test runs a few thousand cases; FUZZ_RUNS=100000 npm run fuzz runs a long campaign.

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { describeFailure, runJob } from './harness';
import type { FuzzSummary } from './jobs';
import { ENGINE_RUNS, LONG_RUN, runs } from './mutate';

const timeout = LONG_RUN ? Infinity : 600_000;

function report(t: { diagnostic(m: string): void }, what: string, r: FuzzSummary): void {
  t.diagnostic(`${what}: ${r.runs} cases on ${r.seeds} seed configurations; slowest analysis ${Math.round(r.slowest.ms)} ms (${r.slowest.chars} characters): ${r.slowest.where.slice(0, 300)}`);
  for (const m of r.missing) t.diagnostic(`not found, not used as seeds: ${m}`);
}

test('engine fuzzing: mutated real configurations', { timeout }, async (t) => {
  const { result, failure } = await runJob<FuzzSummary>('engine', { runs: runs(ENGINE_RUNS) }, { hangMs: 120_000 });
  assert.ok(!failure, failure && describeFailure(failure));
  report(t, 'engine', result!);
  assert.ok(!result!.failed, result!.report);
});

test('incremental equals fresh: edit sequences with warm caches', { timeout }, async (t) => {
  const { result, failure } = await runJob<FuzzSummary>('incremental', { runs: runs(200) }, { hangMs: 120_000 });
  assert.ok(!failure, failure && describeFailure(failure));
  report(t, 'incremental', result!);
  assert.ok(!result!.failed, result!.report);
});
