// Quick-fix safety (see fixes.ts): every fix on every seed configuration, then on mutated ones,
// applied as the editor applies it: its diagnostic goes, no new error comes, and no other logical
// line reads differently. On the mutated ones also fix-all: it ends, and changes only the lines
// of the fixes it applies.

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { describeFailure, runJob } from './harness';
import type { FuzzSummary } from './jobs';
import { LONG_RUN, runs } from './mutate';

test('quick fixes are safe on the seeds and on mutated seeds', { timeout: LONG_RUN ? Infinity : 600_000 }, async (t) => {
  const { result, failure } = await runJob<FuzzSummary>('quickFixes', { runs: runs(500) }, { hangMs: 120_000 });
  assert.ok(!failure, failure && describeFailure(failure));
  const r = result!;
  const fixes = r.fixes!;
  const byCode = Object.entries(fixes.byCode).sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ');
  t.diagnostic(`fixes tried: ${fixes.tried} (${byCode}); ${fixes.kindChanged} of them changed the kind of their line; ${r.runs} mutated cases on ${r.seeds} seeds`);
  for (const m of r.missing) t.diagnostic(`not found, not used as seeds: ${m}`);
  assert.deepEqual(fixes.failures, []);
  assert.ok(!r.failed, r.report);
  assert.ok(fixes.tried > 0, 'no fix was tried at all');
});
