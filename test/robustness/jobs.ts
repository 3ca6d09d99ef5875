// The fuzzing jobs, run in a watched worker (harness.ts).  Each reports the case it is on before
// running it (`beat`), and returns a summary the test asserts on.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyse } from '../../server/src/analysis/analyse';
import { fileHost } from '../../server/src/node/fileHost';
import { clearSubstitutionCache } from '../../server/src/syntax/macros';
import { clearParseCaches } from '../../server/src/syntax/parse';
import { CASES } from './cases';
import { checkAllFixes, checkFixAll, newFixStats, type FixStats } from './fixes';
import { applyMutation, applyMutations, fcParams, loadSeeds, mutation, mutations, type Mutation } from './mutate';
import { checkDiagnostics, checkFeatures, samplePositions } from './properties';

export type Beat = (c: unknown) => void;

export interface Slowest {
  ms: number;
  where: string;
  chars: number;
}

export interface FuzzSummary {
  runs: number;
  failed: boolean;
  /** fast-check's report of a failure (seed, shrunk counterexample, error). */
  report?: string;
  seeds: number;
  missing: string[];
  slowest: Slowest;
  fixes?: FixStats;
}

/** A generous bound: an analysis slower than this is taken as a hang. */
export const boundMs = (chars: number) => 10_000 + chars / 10;

const describeCase = (path: string, ms: readonly Mutation[]) => `${path} with ${JSON.stringify(ms)}`;

function summarise(details: fc.RunDetails<unknown>, slowest: Slowest, extra: Partial<FuzzSummary> = {}): FuzzSummary {
  const { seeds, missing } = loadSeeds();
  return {
    runs: details.numRuns,
    failed: details.failed,
    report: details.failed ? `${fc.defaultReportMessage(details) ?? 'failed'}\n${String((details.errorInstance as Error | undefined)?.message ?? details.errorInstance)}` : undefined,
    seeds: seeds.length,
    missing,
    slowest,
    ...extra,
  };
}

/** Mutated real configurations: the analysis and the features at random positions. */
function engine(params: { runs: number }, beat: Beat): FuzzSummary {
  const { seeds } = loadSeeds();
  const host = fileHost();
  let slowest: Slowest = { ms: 0, where: '', chars: 0 };
  const property = fc.property(fc.nat({ max: seeds.length - 1 }), mutations(6), fc.nat(), (i, ms, posSeed) => {
    const seed = seeds[i];
    beat(describeCase(seed.path, ms));
    const text = applyMutations(seed.text, ms);
    const t0 = performance.now();
    const a = analyse(text, { name: seed.path, host });
    const took = performance.now() - t0;
    if (took > slowest.ms) slowest = { ms: took, where: describeCase(seed.path, ms), chars: text.length };
    const problems = [...checkDiagnostics(a, text), ...checkFeatures(a, text, samplePositions(text, 10, posSeed))];
    if (took > boundMs(text.length)) problems.push(`the analysis took ${Math.round(took)} ms`);
    if (problems.length) throw new Error(problems.slice(0, 10).join('\n'));
  });
  return summarise(fc.check(property, fcParams(params.runs)), slowest);
}

/**
 * Incremental equals fresh: a sequence of edits, each analysed with the caches warm from the
 * one before; the last analysis must equal one made with empty caches.
 */
function incremental(params: { runs: number }, beat: Beat): FuzzSummary {
  const { seeds } = loadSeeds();
  const host = fileHost();
  let slowest: Slowest = { ms: 0, where: '', chars: 0 };
  const snapshot = (text: string, name: string) => {
    const a = analyse(text, { name, host });
    return JSON.stringify({ d: a.diagnostics, l: a.document.lines.map((l) => [l.text, l.section, l.node, l.map.pieces]) });
  };
  const property = fc.property(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 10 }), (i, ms) => {
    const seed = seeds[i];
    beat(describeCase(seed.path, ms));
    let text = seed.text;
    analyse(text, { name: seed.path, host });
    let warm = '';
    for (const m of ms) {
      text = applyMutation(text, m);
      const t0 = performance.now();
      warm = snapshot(text, seed.path);
      const took = performance.now() - t0;
      if (took > slowest.ms) slowest = { ms: took, where: describeCase(seed.path, ms), chars: text.length };
    }
    clearParseCaches();
    clearSubstitutionCache();
    const fresh = snapshot(text, seed.path);
    if (warm !== fresh) {
      let k = 0;
      while (k < warm.length && warm[k] === fresh[k]) k++;
      throw new Error(`the analysis with warm caches differs from a fresh one at: ${JSON.stringify(warm.slice(Math.max(0, k - 80), k + 120))} vs ${JSON.stringify(fresh.slice(Math.max(0, k - 80), k + 120))}`);
    }
  });
  return summarise(fc.check(property, fcParams(params.runs)), slowest);
}

/** Every quick fix on every seed as it is, then on mutated seeds. */
function quickFixes(params: { runs: number }, beat: Beat): FuzzSummary {
  const { seeds } = loadSeeds();
  const host = fileHost();
  const plain = newFixStats();
  for (const seed of seeds) {
    beat(seed.path);
    checkAllFixes(seed.text, { name: seed.path, host }, plain, seed.path);
  }
  const fuzzed = newFixStats();
  let slowest: Slowest = { ms: 0, where: '', chars: 0 };
  const property = fc.property(fc.nat({ max: seeds.length - 1 }), mutations(6), (i, ms) => {
    const seed = seeds[i];
    beat(describeCase(seed.path, ms));
    const text = applyMutations(seed.text, ms);
    const before = fuzzed.failures.length;
    const t0 = performance.now();
    checkAllFixes(text, { name: seed.path, host }, fuzzed, describeCase(seed.path, ms));
    fuzzed.failures.push(...checkFixAll(text, { name: seed.path, host }, describeCase(seed.path, ms)));
    const took = performance.now() - t0;
    if (took > slowest.ms) slowest = { ms: took, where: describeCase(seed.path, ms), chars: text.length };
    if (fuzzed.failures.length > before) throw new Error(fuzzed.failures.slice(before).join('\n'));
  });
  const details = fc.check(property, fcParams(params.runs));
  const byCode: Record<string, number> = { ...plain.byCode };
  for (const [c, n] of Object.entries(fuzzed.byCode)) byCode[c] = (byCode[c] ?? 0) + n;
  return summarise(details, slowest, {
    fixes: { tried: plain.tried + fuzzed.tried, kindChanged: plain.kindChanged + fuzzed.kindChanged, byCode, failures: [...plain.failures, ...(details.failed ? [] : fuzzed.failures)] },
    failed: details.failed || plain.failures.length > 0,
  });
}

export interface CaseResult {
  name: string;
  ms: number;
  /** Checking the diagnostics and asking every feature at 35 positions. */
  featuresMs: number;
  chars: number;
  codes: Record<string, number>;
  problems: string[];
  heapMb: number;
}

/** The pathological inputs, one after the other, with empty caches for each. */
function pathological(params: { only?: string; big?: boolean }, beat: Beat): CaseResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'exim-pathological-'));
  const out: CaseResult[] = [];
  try {
    for (const c of CASES) {
      if (params.only && !c.name.includes(params.only)) continue;
      beat(c.name);
      clearParseCaches();
      clearSubstitutionCache();
      const name = join(dir, 'main.conf');
      const text = c.make(dir, params.big ?? false);
      writeFileSync(name, text);
      const t0 = performance.now();
      const a = analyse(text, { name, host: fileHost(), commandLineMacros: c.macros });
      const ms = performance.now() - t0;
      const f0 = performance.now();
      const problems = [...checkDiagnostics(a, text), ...checkFeatures(a, text, samplePositions(text, 30, 7))];
      const featuresMs = performance.now() - f0;
      const codes: Record<string, number> = {};
      for (const d of a.diagnostics) codes[d.code] = (codes[d.code] ?? 0) + 1;
      out.push({ name: c.name, ms, featuresMs, chars: text.length, codes, problems: problems.slice(0, 10), heapMb: Math.round(process.memoryUsage().heapUsed / 1048576) });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

export const JOBS: Record<string, (params: never, beat: Beat) => unknown> = { engine, incremental, quickFixes, pathological };
