// Differential test: for thousands of generated retry lines (valid ones and mutations of them),
// this project's verdict (accept/reject) and Exim's first error message must equal what Debian's
// `exim4 -bV -C` says.  Runs when exim4 is installed (.ci/run installs it).

import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readRetryRule } from '../../server/src/retry/rule';
import { parseLine } from '../../server/src/syntax/parse';
import type { RetryRuleNode } from '../../server/src/syntax/tree';
import { EXIM } from '../exim/binary';
import { pool, runExim } from '../exim/run';
import { generateRetryLines as generate } from './generate';

const COUNT = Number(process.env.RETRY_DIFFERENTIAL_COUNT ?? 2400);

const HEADER = 'keep_environment =\nbegin retry\n';
const FIRST_RULE_LINE = 3;

function ours(line: string) {
  const node = parseLine('retryLine', line) as RetryRuleNode;
  return readRetryRule(node, line);
}

test(`retry verdicts agree with exim4 -bV on ${COUNT} generated lines`, { timeout: 600_000 }, async (t) => {
  if (!EXIM) {
    t.skip('exim4 is not installed: the differential test needs Debian\'s exim4-daemon-heavy (.ci/run installs it)');
    return;
  }
  const lines = generate(COUNT);
  assert.ok(lines.length >= Math.min(COUNT, 2000), `generated ${lines.length} lines`);
  const dir = mkdtempSync(join(tmpdir(), 'exim-retry-diff-'));
  try {
    const predictions = lines.map((l) => ours(l));
    const accepted = lines.filter((_, i) => predictions[i].accepted);
    const rejected = lines.map((l, i) => [l, i] as const).filter(([, i]) => !predictions[i].accepted);
    const mismatches: string[] = [];

    // Lines we accept: many per file; Exim must accept every file.
    const batches: string[][] = [];
    for (let i = 0; i < accepted.length; i += 150) batches.push(accepted.slice(i, i + 150));
    let fileNo = 0;
    const checkBatch = async (batch: string[]): Promise<void> => {
      const file = join(dir, `ok-${fileNo++}.conf`);
      writeFileSync(file, HEADER + batch.join('\n') + '\n');
      const v = await runExim(file);
      if (v.ok) return;
      const bad = v.line !== undefined ? batch[v.line - FIRST_RULE_LINE] : undefined;
      if (bad === undefined) {
        mismatches.push(`a batch failed without a line: ${(v.error ?? v.stderr.trim())}`);
        return;
      }
      mismatches.push(`we accept, Exim rejects (${(v.error ?? v.stderr.trim())}): ${JSON.stringify(bad)}`);
      await checkBatch(batch.filter((l) => l !== bad));
    };
    await pool(batches, 2, checkBatch);

    // Lines we reject: one per file; Exim must reject it, on that line, with the same message.
    let messageAgreements = 0;
    await pool(rejected, 4, async ([line, i]) => {
      const file = join(dir, `bad-${i}.conf`);
      writeFileSync(file, HEADER + line + '\n');
      const v = await runExim(file);
      const error = predictions[i].diagnostics.find((d) => d.severity === 'error')!;
      if (v.ok) {
        mismatches.push(`we reject (${error.code}), Exim accepts: ${JSON.stringify(line)}`);
        return;
      }
      if (v.line !== FIRST_RULE_LINE) {
        mismatches.push(`Exim rejects on line ${v.line}, not the rule's line: ${JSON.stringify(line)}: ${(v.error ?? v.stderr.trim())}`);
        return;
      }
      const ourExim = /\(Exim: (.*)\)$/.exec(error.message)?.[1];
      if (ourExim === (v.error ?? v.stderr.trim())) messageAgreements++;
      else mismatches.push(`message differs for ${JSON.stringify(line)}: Exim "${(v.error ?? v.stderr.trim())}", ours "${ourExim ?? error.message}"`);
    });

    t.diagnostic(`lines: ${lines.length}; accepted by both: ${accepted.length}; rejected by both: ${rejected.length}; Exim's message quoted exactly: ${messageAgreements}`);
    assert.deepEqual(mismatches.slice(0, 40), [], `${mismatches.length} mismatches`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
