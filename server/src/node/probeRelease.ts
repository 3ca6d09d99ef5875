// Which expansion names of our tables an Exim binary does not know: every item, operator,
// condition and variable is given to `exim -C /dev/null -be` in a form that fails before it does
// anything (`${run{`, `${if exists`), and Exim's "unknown ..." errors name the ones it lacks.
// Names that need a build feature (their buildFlags) are left out: what is missing for them is a
// fact of the build, not of the release; so are the filter variables ($n0 ...), which -be never knows.  scripts/probe-release.mjs writes what Debian's Exim 4.96
// lacks to facts/data/release-4.96.json; test/exim/release.test.ts asks the binary again.

import { expansionConditions, expansionItems, expansionOperators, expansionVariables, findOption } from '../facts';
import { eximUnknownMessage, type ReleaseUnknowns } from '../facts/release';
import { runBinary } from './run';

interface Probe {
  kind: keyof ReleaseUnknowns;
  name: string;
  /** What -be expands for it. */
  text: string;
  /** Exim's error when it does not know the name. */
  unknown: string;
}

/** What -be is given for a name: a form that fails before it does anything (`${run{`, `${if exists`). */
export const PROBE_TEXT: Record<keyof ReleaseUnknowns, (name: string) => string> = {
  items: (n) => `\${${n}{`,
  operators: (n) => `\${${n}:x}`,
  conditions: (n) => `\${if ${n}`,
  variables: (n) => `$${n}`,
};

/** The probes, one per name of the tables that needs no build feature. */
export function releaseProbes(): Probe[] {
  const free = (x: { buildFlags?: readonly string[] }) => !x.buildFlags || x.buildFlags.length === 0;
  const out: Probe[] = [];
  const probe = (kind: keyof ReleaseUnknowns, name: string): Probe => ({ kind, name, text: PROBE_TEXT[kind](name), unknown: eximUnknownMessage(kind, name) });
  for (const i of expansionItems().filter(free)) out.push(probe('items', i.name));
  for (const o of expansionOperators().filter(free)) out.push(probe('operators', o.name));
  for (const c of expansionConditions().filter(free).filter((c) => /^[a-z]/.test(c.name))) out.push(probe('conditions', c.name));
  // $n0 ... $sn9 are known only while a filter runs: outside one every release calls them unknown.
  for (const v of expansionVariables().filter(free).filter((v) => v.vtype !== 'filter_int')) out.push(probe('variables', v.name));
  return out;
}

/** The names `binary` does not know, by kind, sorted; or why it could not be asked. */
export async function probeRelease(binary: string, timeoutMs = 20_000): Promise<{ unknown: ReleaseUnknowns } | { problem: string }> {
  const probes = releaseProbes();
  const run = await runBinary(binary, ['-C', '/dev/null', '-be', ...probes.map((p) => p.text)], timeoutMs, 4 * 1024 * 1024);
  if (run.spawnError) return { problem: `could not run ${binary}: ${run.spawnError}` };
  if (run.timedOut || run.tooMuchOutput || run.signal) return { problem: `${binary} -be did not finish normally` };
  const said = new Set(`${run.stdout}\n${run.stderr}`.split('\n').map((l) => l.replace(/^Failed: /, '').trim()));
  const unknown: ReleaseUnknowns = { items: [], operators: [], conditions: [], variables: [] };
  for (const p of probes) if (said.has(p.unknown)) unknown[p.kind].push(p.name);
  for (const list of Object.values(unknown)) list.sort();
  return { unknown };
}

/** Option types whose default is the same in every build of a release (not a path, a user, a host name). */
const RELEASE_TYPES = new Set(['bool', 'int', 'mkint', 'octint', 'Kint', 'fixed', 'time', 'timelist']);

/**
 * The main options whose default in `binary` (`exim -C /dev/null -bP`) is not the one our tables
 * give, for the types whose default does not depend on how Exim was built: name -> its default there.
 */
export async function probeMainDefaults(binary: string, timeoutMs = 20_000): Promise<{ defaults: Record<string, string> } | { problem: string }> {
  const run = await runBinary(binary, ['-C', '/dev/null', '-bP'], timeoutMs, 4 * 1024 * 1024);
  if (run.spawnError) return { problem: `could not run ${binary}: ${run.spawnError}` };
  if (run.timedOut || run.tooMuchOutput || run.signal) return { problem: `${binary} -bP did not finish normally` };
  const defaults: Record<string, string> = {};
  for (const line of run.stdout.split('\n')) {
    const m = /^(\w+) = (.*)$/.exec(line) ?? /^()(no_)?(\w+)$/.exec(line);
    if (!m) continue;
    const [name, value] = m[1] ? [m[1], m[2]] : [m[3], m[2] ? 'false' : 'true'];
    const o = findOption('main', name);
    if (!o || !RELEASE_TYPES.has(o.type) || (o.default ?? (o.type === 'bool' ? 'false' : '')) === value) continue;
    defaults[name] = value;
  }
  return { defaults };
}
