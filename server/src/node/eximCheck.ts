// The check with the real Exim binary: find it, make sure the configuration cannot make it run
// anything, run `exim -bV -pd -C FILE` with no shell, a time limit, an output limit and a minimal
// environment, and turn what it says into findings. Used by the language server and by the CLI.
//
// Always the file as saved on disk is checked (with the files it includes, as saved): Exim reads
// files, and the line numbers it gives are those of the saved text.

import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve, sep } from 'node:path';
import { analyse, type Analysis } from '../analysis/analyse';
import { CODES } from '../analysis/codes';
import { EXIM_CHECK_SOURCE, EXIM_UNSAFE_CODE, parseEximOutput, placeEximError, type EximError, type EximFinding, type EximOutput } from '../analysis/eximFindings';
import { runHazards } from '../analysis/eximSafety';
import { EXIM_REFUSALS } from '../facts/eximCheck';
import type { ReaderHost } from '../syntax/reader';
import { builtinMacrosOf } from './eximMacros';
import { fileHost, readTextFile } from './fileHost';
import { runBinary } from './run';

export { EXIM_CHECK_SOURCE, runBinary };

/** Names looked for on the PATH when no binary is configured, in this order. */
export const EXIM_NAMES = ['exim4', 'exim'];
/** Directories searched after the PATH: Exim lives in sbin, which ordinary users often lack. */
export const SBIN_DIRS = ['/usr/sbin', '/usr/local/sbin', '/sbin'];
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
/** The whole environment Exim gets (it throws most of any environment away itself). */

export interface EximCheckOptions {
  /** The `exim.executablePath` setting: an absolute path, a command name, or '' to search. */
  executablePath?: string;
  /** The PATH to search (default: this process's). Relative entries are skipped. */
  searchPath?: string;
  /** Folders (workspace folders) from which no binary is ever run. */
  forbiddenRoots?: readonly string[];
  timeoutMs?: number;
  maxOutputBytes?: number;
  /** Whether our own diagnostics with a code are shown (an Exim error is not repeated beside them). */
  shownCode?: (code: string) => boolean;
}

/**
 * passed: Exim accepts the file. failed: Exim reports an error (findings say where). unavailable:
 * no verdict (no binary, not Exim, a crash, a timeout, Exim would not read the file). refused: the
 * check did not run Exim, because reading this configuration could make it run something.
 */
export type EximCheckStatus = 'passed' | 'failed' | 'unavailable' | 'refused';

export interface EximCheckResult {
  status: EximCheckStatus;
  /** One line for a status bar or a terminal. */
  summary: string;
  /** More explanation, when there is something the user can do. */
  detail?: string;
  /** The binary that was (or would have been) run. */
  binary?: string;
  /** `Exim version 4.96 #2 built ...` and what -bV says about the build. */
  version?: string;
  build?: string[];
  /** Exim's findings (and, for `refused`, what stopped the check); a finding with `sameAs` repeats one of ours. */
  findings: EximFinding[];
  /** Warnings Exim printed (purging the environment ...). */
  warnings: string[];
  /** The analysis of the saved file the findings were placed in. */
  analysis?: Analysis;
}

export interface FoundBinary {
  path?: string;
  /** Why there is none, in a sentence. */
  problem?: string;
}

/** Whether `path` is a regular file this process may execute. */
export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function inside(path: string, root: string): boolean {
  const r = canonical(root);
  return path === r || path.startsWith(r.endsWith(sep) ? r : r + sep);
}

/**
 * The Exim binary to run: the setting when there is one (an absolute path, or a name looked up
 * like the defaults), else `exim4` then `exim` on the PATH and then in the sbin directories. A
 * binary inside one of `forbiddenRoots` is refused, whatever the setting says.
 */
export function findExim(options: EximCheckOptions = {}): FoundBinary {
  const setting = (options.executablePath ?? '').trim();
  let candidates: string[] = [];
  if (setting !== '' && (setting.includes('/') || setting.includes('\\'))) {
    if (!isAbsolute(setting)) {
      return { problem: `exim.executablePath must be an absolute path (it is "${setting}"), so that the binary does not depend on the folder the editor runs in.` };
    }
    if (!isExecutableFile(setting)) return { problem: `exim.executablePath names ${setting}, which is not an executable file.` };
    candidates = [setting];
  } else {
    const names = setting !== '' ? [setting] : EXIM_NAMES;
    const dirs = (options.searchPath ?? process.env.PATH ?? '').split(delimiter).filter((d) => d !== '' && isAbsolute(d));
    for (const d of SBIN_DIRS) if (!dirs.includes(d)) dirs.push(d);
    for (const name of names) for (const dir of dirs) {
      const p = join(dir, name);
      if (isExecutableFile(p)) candidates.push(p);
    }
    if (candidates.length === 0) {
      const what = setting !== '' ? `"${setting}"` : 'exim4 or exim';
      return { problem: `No Exim binary found: ${what} is not on the PATH or in ${SBIN_DIRS.join(', ')}. Install Exim, or give the absolute path of its binary (the exim.executablePath user setting in the editor, --exim=PATH for exim-lint).` };
    }
  }
  // The first one found is the one: a workspace's binary earlier on the PATH is refused, not skipped.
  const chosen = candidates[0];
  const real = canonical(chosen);
  const root = (options.forbiddenRoots ?? []).find((r) => inside(real, r) || inside(resolve(chosen), r));
  if (root) {
    return { path: chosen, problem: `${chosen} is inside the workspace folder ${root}; a binary that comes with a workspace is never run. Use the system's Exim instead.` };
  }
  return { path: chosen };
}


function firstLines(text: string, n = 3): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const shown = lines.slice(0, n).join(' / ');
  return lines.length > n ? `${shown} / ...` : shown;
}

/** Checks the saved file `path` with Exim. Never throws: every problem becomes a result. */
export async function checkWithExim(path: string, options: EximCheckOptions = {}): Promise<EximCheckResult> {
  const result = (status: EximCheckStatus, summary: string, extra: Partial<EximCheckResult> = {}): EximCheckResult => ({ status, summary, findings: [], warnings: [], ...extra });
  const file = resolve(path);
  const saved = readTextFile(file);
  if (!saved) return result('unavailable', `Cannot check ${file}: it is not a readable file on disk. Save it first.`);

  const found = findExim(options);
  if (!found.path || found.problem) return result('unavailable', found.problem ?? 'No Exim binary found.', { binary: found.path });
  const binary = found.path;

  // What Exim will read: the saved file and the saved files it includes.
  const host: ReaderHost = fileHost();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxOutput = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  // The analysis that places Exim's errors takes .ifdef _HAVE_... the way this binary does.
  const macros = await builtinMacrosOf(binary, timeoutMs);
  if (macros.timedOut) return result('unavailable', `${binary} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped (asked for its built-in macros). Is it Exim?`, { binary });
  const builtinMacros = macros.macros;
  let analysis: Analysis;
  try {
    analysis = analyse(saved.text, { name: file, host, builtinMacros });
  } catch (e) {
    return result('unavailable', `Cannot check ${file}: reading it failed (${(e as Error).message}).`, { binary });
  }
  const hazards = runHazards(analysis.document);
  if (hazards.length > 0) {
    const findings: EximFinding[] = hazards.map((h) => ({
      path: analysis.document.read.files[h.file]?.name ?? file,
      range: h.range,
      severity: CODES[EXIM_UNSAFE_CODE]?.severity ?? 'warning',
      code: EXIM_UNSAFE_CODE,
      message: `Not checked with Exim: ${h.message}.`,
    }));
    return result('refused', `Not checked with Exim: reading this configuration could make ${binary} run something (${hazards.length === 1 ? 'see the warning' : `see the ${hazards.length} warnings`} ${EXIM_UNSAFE_CODE}).`, { binary, findings, analysis });
  }

  let run = await runBinary(binary, ['-bV', '-pd', '-C', file], timeoutMs, maxOutput);
  // -pd keeps perl_startup from running; a build that does not know it has no Perl to start.
  if (/unknown, malformed, or incomplete option -pd/.test(run.stderr)) run = await runBinary(binary, ['-bV', '-C', file], timeoutMs, maxOutput);

  if (run.spawnError) return result('unavailable', `Could not run ${binary}: ${run.spawnError}.`, { binary });
  if (run.timedOut) return result('unavailable', `${binary} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped. Something it reads may block (an .include of a pipe or a device?).`, { binary });
  if (run.tooMuchOutput) return result('unavailable', `${binary} printed more than ${Math.round(maxOutput / 1024)} KiB and was stopped: it does not behave like exim -bV.`, { binary });
  if (run.signal) return result('unavailable', `${binary} crashed (${run.signal}) while reading ${file}.${run.stderr.trim() ? ` It said: ${firstLines(run.stderr)}` : ''}`, { binary });

  const out = parseEximOutput(run.stdout, run.stderr);
  for (const r of EXIM_REFUSALS) {
    if (r.pattern.test(run.stderr)) {
      return result('unavailable', `${binary} would not read ${file}.`, { binary, detail: `${r.explain(binary)} (Exim said: ${firstLines(run.stderr)})`, version: out.version, build: out.build });
    }
  }
  if (out.version === undefined) {
    const said = firstLines(run.stderr || run.stdout);
    return result('unavailable', `${binary} does not look like Exim: "-bV" did not print "Exim version".${said ? ` It said: ${said}` : ''}`, { binary });
  }
  const common = { binary, version: out.version, build: out.build, warnings: out.warnings, analysis };
  // Errors Exim reports in another shape ("failed to expand spool_directory ...") count when it failed.
  const errors = out.errors.length > 0 || run.exitCode === 0 ? out.errors : out.other.map((message): EximError => ({ message }));
  if (errors.length === 0) {
    if (run.exitCode === 0) return result('passed', `${out.version.replace(/ built.*$/, '')} accepts ${file}.`, common);
    return result('unavailable', `${binary} gave no verdict on ${file}: exit status ${run.exitCode}${out.warnings.length ? ` (${out.warnings.join(' ')})` : ''}.`, common);
  }
  const findings = errors.map((e) => placeEximError(analysis, e, { host, canonical, shown: options.shownCode }));
  const first = errors[0];
  const where = first.line !== undefined ? `line ${first.line}${first.file && resolve(first.file) !== file ? ` of ${first.file}` : ''}: ` : first.context ? `${first.context}: ` : '';
  return result('failed', `${out.version.replace(/ built.*$/, '')} rejects ${file}: ${where}${first.message}`, { ...common, findings });
}

/** The build information of a result as lines for a log. */
export function describeBuild(r: Pick<EximCheckResult, 'binary' | 'version' | 'build'>): string[] {
  if (!r.version) return [];
  return [`${r.binary}: ${r.version}`, ...(r.build ?? []).map((l) => `  ${l}`)];
}

export type { EximFinding, EximOutput };
