// The built-in macros of an Exim binary: `exim -C /dev/null -bP macros exim_version` lists them,
// then its release (and `exim -bV` the lookup types it really has), so that the analysis takes `.ifdef _HAVE_DMARC` (and the like) the way that
// Exim will, not the way an Exim built with every feature would, and knows what that release
// refuses.  Reading /dev/null as the configuration, Exim reads no file of the user's.

import { runBinary } from './run';

const TIMEOUT_MS = 10_000;

/**
 * What a run gives: the macros (`NAME` for the value "y", else `NAME=value`, then
 * `exim_lookups=lsearch ...` when exim -bV lists its lookups, and last `exim_version=4.96` when
 * the binary names its release), or why there are none.
 */
export interface BuiltinMacroList {
  macros?: readonly string[];
  problem?: string;
  /** The binary did not finish in time (and was stopped): it is asked again next time. */
  timedOut?: boolean;
}

const cache = new Map<string, Promise<BuiltinMacroList>>();

/**
 * The built-in macros of `binary`, asked once per binary for the life of the process (the same
 * array each time, so that the analyses made with it share their tables).
 */
export function builtinMacrosOf(binary: string, timeoutMs = TIMEOUT_MS): Promise<BuiltinMacroList> {
  let p = cache.get(binary);
  if (!p) {
    p = ask(binary, timeoutMs);
    cache.set(binary, p);
    void p.then((r) => r.timedOut && cache.get(binary) === p && cache.delete(binary));
  }
  return p;
}

async function ask(binary: string, timeoutMs: number): Promise<BuiltinMacroList> {
  const [run, version] = await Promise.all([
    runBinary(binary, ['-C', '/dev/null', '-bP', 'macros', 'exim_version'], timeoutMs, 1024 * 1024),
    runBinary(binary, ['-C', '/dev/null', '-bV'], timeoutMs, 1024 * 1024),
  ]);
  if (run.spawnError) return { problem: `could not run ${binary}: ${run.spawnError}` };
  if (run.timedOut) return { problem: `${binary} -bP macros did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`, timedOut: true };
  if (run.tooMuchOutput || run.signal) return { problem: `${binary} -bP macros did not finish normally` };
  const macros = parseMacroList(run.stdout);
  const lookups = version.spawnError || version.timedOut || version.tooMuchOutput || version.signal ? undefined : parseLookupLines(version.stdout);
  if (macros.length > 0 && lookups) macros.splice(macros.length - (macros.at(-1)!.startsWith('exim_version=') ? 1 : 0), 0, `exim_lookups=${lookups.join(' ')}`);
  if (macros.length === 0) return { problem: `${binary} -bP macros listed no built-in macros${run.stderr.trim() ? ` (it said: ${run.stderr.trim().split('\n')[0]})` : ''}` };
  return { macros };
}

/**
 * The built-in macros in the output of `exim -bP macros exim_version` (one `NAME=value` a line,
 * then `exim_version = 4.96`).  Only names that start with an underscore are Exim's own: a
 * configuration's macros start with a capital.  The release goes last, as `exim_version=4.96`.
 */
export function parseMacroList(stdout: string): string[] {
  const out: string[] = [];
  let release: string | undefined;
  for (const raw of stdout.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const m = /^(_[A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) out.push(m[2] === 'y' ? m[1] : `${m[1]}=${m[2]}`);
    const r = /^exim_version = (\d+\.\d+[\w.-]*)\s*$/.exec(line);
    if (r) release = r[1];
  }
  if (out.length > 0 && release !== undefined) out.push(`exim_version=${release}`);
  return out;
}

/**
 * The lookup types in the output of `exim -bV`: its "Lookups (built-in):" line and, for a build
 * with modules, "Lookups (dynamic):" (a module that is not installed is in neither).  Undefined
 * when there is no such line.
 */
export function parseLookupLines(stdout: string): string[] | undefined {
  let out: string[] | undefined;
  for (const raw of stdout.split('\n')) {
    const m = /^Lookups(?: \([\w-]+\))?:(.*)$/.exec(raw.replace(/\r$/, ''));
    if (m) (out ??= []).push(...m[1].trim().split(/[\s/]+/).filter(Boolean));
  }
  return out;
}
