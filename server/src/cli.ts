#!/usr/bin/env node
// exim-lint: the engine on the command line.
//
//   exim-lint [--format text|json] [--main FILE | --join] FILE|DIR...
//                                                  check configuration files (- reads stdin)
//   exim-lint --exim[=PATH] [--format ...] FILE... also ask the Exim binary (exim -bV -C FILE)
//   exim-lint --fix FILE...                        apply the safe fixes, then report what is left
//   exim-lint --diff FILE...                       print what --fix would change, as a unified diff
//   exim-lint --retry-schedule 'F,2h,15m; G,16h,1h,1.5; F,4d,6h' [--retry-interval-max 24h] [--format json]
//
// Exit status: 0 no errors, 1 errors found, 2 usage or I/O trouble.

import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyse, analyseWithin, type Analysis, type WholeConfig } from './analysis/analyse';
import type { Diagnostic } from './analysis/diagnostic';
import { checkWithExim, describeBuild, findExim, isExecutableFile } from './node/eximCheck';
import { builtinMacrosOf } from './node/eximMacros';
import { decodeBytes, fileHost, readTextFile } from './node/fileHost';
import { fixFile } from './node/fixFiles';
import { unifiedDiff } from './node/unifiedDiff';
import { confdWhole, isConfdTree, wholeFromMain, wholeOf } from './node/pieces';
import { retryScheduleReport } from './retry/report';

const USAGE = `usage: exim-lint [--format text|json] [--main FILE | --join] [--exim[=PATH]] [--fix | --diff] FILE|DIR...
       exim-lint --retry-schedule 'F,2h,15m; G,16h,1h,1.5; F,4d,6h' [--retry-interval-max 24h] [--format text|json]

Checks Exim configuration files the way Exim reads them and prints one line per finding:
  FILE:LINE:COL: error|warning|info|hint: MESSAGE [code]
Use - as FILE to read standard input.  Exit status: 0 no errors, 1 errors, 2 usage or I/O trouble
(or, with --exim, no verdict from Exim).

A file that is a piece of a larger configuration is checked as part of it: a Debian conf.d
fragment inside its tree, a file that another FILE includes inside that file.  A directory is
read as a Debian conf.d tree (main/, acl/, router/, transport/, retry/, rewrite/, auth/ joined
in update-exim4.conf's order).
  --main FILE   the main configuration file: the other FILEs are checked as pieces it includes
  --join        read the FILEs one after the other as one configuration (as update-exim4.conf
                joins exim4.conf.localmacros and exim4.conf.template)

--exim also runs Exim on each FILE (exim -bV -C FILE, as saved) and adds the error it reports
(code exim-bv) to the findings, unless one of ours already says the same there. The binary is
PATH (--exim=PATH, or --exim PATH when PATH is an executable file and a FILE follows), else exim4
or exim on the PATH or in /usr/sbin, /usr/local/sbin, /sbin. Exim's version and verdict go to
standard error. Exim is not run on a file that could make it run a program while reading it.

--fix applies the preferred quick fix of each finding that has one (a misspelt name, a missing
"=", a unit written as a word ...) to each FILE, writes the FILE back, says on standard error how
many it fixed, and then reports what is left. Files only: not standard input or a directory.

--diff writes nothing: it prints the changes --fix would make as a unified diff (patch -p1 applies
it), says on standard error what they fix, and exits 1 when there is a change, 0 when none.`;

interface Args {
  format: 'text' | 'json';
  files: string[];
  main?: string;
  join?: boolean;
  retrySchedule?: string;
  retryIntervalMax?: string;
  /** --exim: the binary ('' = look for it). */
  exim?: string;
  fix?: boolean;
  /** --diff: the fixes shown, not written. */
  diff?: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const args: Args = { format: 'text', files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const eq = a.indexOf('=');
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    } else if (a === '--format' || a.startsWith('--format=')) {
      const f = value();
      if (f !== 'text' && f !== 'json') throw new UsageError(`unknown format "${f}" (use text or json)`);
      args.format = f;
    } else if (a === '--main' || a.startsWith('--main=')) {
      args.main = value();
    } else if (a === '--join') {
      args.join = true;
    } else if (a === '--fix') {
      args.fix = true;
    } else if (a === '--diff') {
      args.diff = true;
    } else if (a.startsWith('--exim=')) {
      args.exim = a.slice('--exim='.length);
      if (args.exim === '') throw new UsageError('--exim= needs the path of the Exim binary');
    } else if (a === '--exim') {
      // The next argument is the binary only when it is an executable file and a FILE follows it.
      const next = argv[i + 1];
      const after = argv.slice(i + 2).some((x) => x === '-' || !x.startsWith('-'));
      if (next !== undefined && !next.startsWith('-') && after && isExecutableFile(next)) {
        args.exim = next;
        i++;
      } else {
        args.exim = '';
      }
    } else if (a === '--retry-schedule' || a.startsWith('--retry-schedule=')) {
      args.retrySchedule = value();
    } else if (a === '--retry-interval-max' || a.startsWith('--retry-interval-max=')) {
      args.retryIntervalMax = value();
    } else if (a === '--') {
      args.files.push(...argv.slice(i + 1));
      break;
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option ${a}`);
    } else {
      args.files.push(a);
    }
  }
  if (args.retrySchedule === undefined && args.files.length === 0) throw new UsageError('no file given');
  if (args.main !== undefined && args.join) throw new UsageError('--main and --join cannot be used together');
  if (args.fix && args.diff) throw new UsageError('--diff shows what --fix would write: give one of them');
  const fixing = args.fix ? '--fix' : args.diff ? '--diff' : undefined;
  if (fixing && (args.main !== undefined || args.join)) throw new UsageError(`${fixing} works on files one at a time: not with --main or --join`);
  if (fixing && args.files.includes('-')) throw new UsageError(`${fixing} works on the files it fixes: it does not read standard input`);
  return args;
}

const SEVERITY_WORD: Record<Diagnostic['severity'], string> = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' };

function readStdin(): Buffer {
  const chunks: Buffer[] = [];
  const fs = require('node:fs') as typeof import('node:fs');
  const buf = Buffer.alloc(65536);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      if ((e as NodeJS.ErrnoException).code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

interface Finding {
  file: string;
  range: Diagnostic['range'];
  severity: string;
  code: string;
  message: string;
  /** Set on the findings of the Exim binary: "exim -bV". */
  source?: string;
}

/** One input as given on the command line. */
interface Input {
  /** As written (how findings name it). */
  arg: string;
  path: string;
  text: string;
  invalidUtf8: boolean;
}

function readInput(arg: string): Input | undefined {
  if (arg === '-') {
    const d = decodeBytes(readStdin());
    return { arg, path: resolve('stdin.conf'), text: d.text, invalidUtf8: d.invalidUtf8 };
  }
  const path = resolve(arg);
  const d = readTextFile(path);
  if (!d) return undefined;
  return { arg, path, text: d.text, invalidUtf8: d.invalidUtf8 };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The conf.d tree a directory argument names: itself, or its conf.d folder. */
function treeOf(dir: string): string | undefined {
  if (isConfdTree(dir)) return dir;
  if (isConfdTree(join(dir, 'conf.d'))) return join(dir, 'conf.d');
  return undefined;
}

class Report {
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();
  /** How each file is named in findings: as given on the command line, else its path. */
  readonly shown = new Map<string, string>();

  add(a: Analysis, reportable: (file: number) => boolean): void {
    const files = a.document.read.files;
    for (const d of a.diagnostics) {
      if (!reportable(d.file)) continue;
      const path = files[d.file]?.name ?? '';
      const file = this.shown.get(path) ?? path;
      const id = `${file}|${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}|${d.code}|${d.message}`;
      if (this.seen.has(id)) continue;
      this.seen.add(id);
      this.findings.push({ file, range: d.range, severity: SEVERITY_WORD[d.severity], code: d.code, message: d.message });
    }
  }
}

/** Files an analysis read because a reportable file includes them (followed transitively). */
function withIncludes(a: Analysis, roots: Set<number>): (file: number) => boolean {
  const out = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of a.document.read.directives) {
      if (d.includedFile !== undefined && out.has(d.file) && !out.has(d.includedFile)) {
        out.add(d.includedFile);
        grew = true;
      }
    }
  }
  return (file) => out.has(file);
}

interface LintResult {
  ok: boolean;
  /** The files given (not the directories), in order. */
  inputs: Input[];
  /** How many conf.d trees were given as directories. */
  trees: number;
}

function lintAll(args: Args, report: Report, builtinMacros?: readonly string[]): LintResult {
  const host = fileHost();
  let ok = true;
  let trees = 0;
  const inputs: Input[] = [];
  for (const arg of args.files) {
    const path = arg === '-' ? undefined : resolve(arg);
    if (path && isDirectory(path)) {
      const tree = treeOf(path);
      if (!tree) {
        process.stderr.write(`exim-lint: cannot read ${arg}: it is a directory, and not a Debian conf.d tree (with main/, acl/, router/ ... folders)\n`);
        ok = false;
        continue;
      }
      const whole = confdWhole(tree);
      if (whole.roots.length === 0) {
        process.stderr.write(`exim-lint: ${arg}: the conf.d tree has no files that update-exim4.conf would read\n`);
        ok = false;
        continue;
      }
      trees++;
      const first = whole.roots[0].path;
      const a = analyse(host.readFile(first) ?? '', { name: first, host, whole, builtinMacros });
      report.add(a, () => true);
      continue;
    }
    const input = readInput(arg);
    if (!input) {
      process.stderr.write(`exim-lint: cannot read ${arg}: ${describeReadError(resolve(arg))}\n`);
      ok = false;
      continue;
    }
    report.shown.set(input.path, input.arg);
    if (input.invalidUtf8) {
      report.findings.push({ file: input.arg, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'warning', code: 'not-utf8', message: 'the file is not valid UTF-8; the invalid bytes are shown as U+FFFD' });
    }
    inputs.push(input);
  }
  const result = (): LintResult => ({ ok, inputs, trees });
  if (inputs.length === 0) return result();

  const given = new Map(inputs.map((i) => [i.path, i]));
  // Hosts read the inputs' texts as given (standard input included), other files from disk.
  const inputHost = fileHost((p) => given.get(p)?.text);
  const reportGiven = (a: Analysis) => {
    const roots = new Set<number>();
    a.document.read.files.forEach((f, i) => given.has(f.name) && roots.add(i));
    return withIncludes(a, roots);
  };

  if (args.join) {
    const whole: WholeConfig = { roots: inputs.map((i) => ({ path: i.path })), description: 'the files given, joined' };
    const a = analyse(inputs[0].text, { name: inputs[0].path, host: inputHost, whole, builtinMacros });
    report.add(a, reportGiven(a));
    return result();
  }

  const done = new Set<string>();
  const main = args.main !== undefined ? wholeFromMain(resolve(args.main)) : undefined;
  if (args.main !== undefined && !main) {
    process.stderr.write(`exim-lint: cannot read the main file ${args.main}: ${describeReadError(resolve(args.main))}\n`);
    ok = false;
    return result();
  }
  for (const input of inputs) {
    if (done.has(input.path)) continue;
    const options = { name: input.path, host: inputHost, builtinMacros };
    let a: Analysis | undefined;
    for (const w of [main, wholeOf(input.path)]) {
      if (w && !a) a = analyseWithin(input.text, options, w);
    }
    a ??= analyse(input.text, options);
    const reportable = reportGiven(a);
    // Another given file this one's reading takes in is reported here, once.
    a.document.read.files.forEach((f, i) => reportable(i) && done.add(f.name));
    report.add(a, (file) => file === 0 || reportable(file));
  }
  return result();
}

/**
 * Asks Exim about a file and merges its findings into `out`, the file's own findings (leaving out
 * those ours already report), in order of file and position. Returns false when Exim gave no verdict.
 */
/**
 * With --exim: the built-in macros of that binary, so that `.ifdef _HAVE_...` reads as it does for
 * it (undefined, with a note, when they cannot be had: then an Exim with every feature is assumed).
 */
async function eximBuiltinMacros(exim: string): Promise<readonly string[] | undefined> {
  const found = findExim({ executablePath: exim });
  if (!found.path || found.problem) return undefined; // eximFindings reports it, per file
  const r = await builtinMacrosOf(found.path);
  if (!r.macros) process.stderr.write(`exim-lint: ${r.problem}; the built-in macros are taken to be those of an Exim built with every feature\n`);
  return r.macros;
}

async function eximFindings(name: string, path: string, binary: string, out: Finding[], seenVersions: Set<string>): Promise<boolean> {
  const r = await checkWithExim(path, { executablePath: binary });
  const version = describeBuild(r)[0];
  if (version && !seenVersions.has(version)) {
    seenVersions.add(version);
    process.stderr.write(`exim-lint: using ${version}\n`);
  }
  const mine = out.splice(0, out.length);
  for (const f of r.findings) {
    if (f.sameAs) continue;
    mine.push({ file: f.path === path ? name : f.path, range: f.range, severity: SEVERITY_WORD[f.severity], code: f.code, message: f.message, source: 'exim -bV' });
  }
  // Files in the order they first appear, then positions.
  const rank = new Map<string, number>();
  for (const f of mine) if (!rank.has(f.file)) rank.set(f.file, rank.size);
  mine.sort((a, b) => rank.get(a.file)! - rank.get(b.file)! || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  out.push(...mine);
  const same = r.findings.filter((f) => f.sameAs).length;
  const note = same > 0 ? ` (${same === 1 ? 'the same as' : `${same} the same as`} our own finding${same === 1 ? '' : 's'})` : '';
  process.stderr.write(`exim-lint: exim -bV ${name}: ${r.status}: ${r.summary}${note}${r.detail ? `\n  ${r.detail}` : ''}\n`);
  return r.status === 'passed' || r.status === 'failed';
}

/**
 * --fix: each FILE fixed and written back; --diff (`show`): the changes printed as a unified diff
 * instead.  What was done goes to standard error.  Whether any file changed (or would).
 */
function fixAll(files: string[], builtinMacros?: readonly string[], show = false): boolean {
  const flag = show ? '--diff' : '--fix';
  let changed = false;
  for (const arg of files) {
    const path = resolve(arg);
    if (isDirectory(path)) {
      process.stderr.write(`exim-lint: ${flag} leaves ${arg} alone: it fixes files, not directories\n`);
      continue;
    }
    const r = fixFile(path, builtinMacros, !show);
    if (r.skipped) process.stderr.write(`exim-lint: ${flag} leaves ${arg} alone: ${r.skipped}\n`);
    else if (r.fixes.length > 0) process.stderr.write(`exim-lint: ${arg}: ${show ? 'would fix' : 'fixed'} ${r.fixes.length} problem${r.fixes.length === 1 ? '' : 's'}: ${summary(r.fixes.map((f) => f.code))}\n`);
    if (r.before !== undefined && r.after !== undefined && r.before !== r.after) {
      changed = true;
      if (show) process.stdout.write(unifiedDiff(arg.replace(/^\/+/, ''), r.before, r.after));
    }
  }
  return changed;
}

/** `option-unknown ×3, acl-missing-equals` */
function summary(codes: string[]): string {
  const counts = new Map<string, number>();
  for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].map(([c, n]) => (n > 1 ? `${c} ×${n}` : c)).join(', ');
}

function describeReadError(path: string): string {
  const fs = require('node:fs') as typeof import('node:fs');
  try {
    const st = fs.statSync(path);
    if (st.isDirectory()) return 'it is a directory';
    if (!st.isFile()) return 'it is not a regular file';
    fs.accessSync(path, fs.constants.R_OK);
    return 'it is too large to be a configuration file';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EACCES') return 'permission denied';
    return (e as Error).message;
  }
}

async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`exim-lint: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args.retrySchedule !== undefined) {
    const r = retryScheduleReport(args.retrySchedule, args.retryIntervalMax, args.format);
    (r.ok ? process.stdout : process.stderr).write(r.output);
    return r.exitCode;
  }
  const builtinMacros = args.exim !== undefined ? await eximBuiltinMacros(args.exim) : undefined;
  if (args.diff) return fixAll(args.files, builtinMacros, true) ? 1 : 0;
  if (args.fix) fixAll(args.files, builtinMacros);
  const report = new Report();
  const lint = lintAll(args, report, builtinMacros);
  let ioTrouble = !lint.ok;
  let findings = report.findings;
  if (args.exim !== undefined) {
    // Exim reads one file: each FILE given on disk is put to it, its findings merged with ours.
    const seenVersions = new Set<string>();
    const merged: Finding[] = [];
    for (const input of lint.inputs) {
      const chunk = findings.filter((f) => f.file === input.arg);
      findings = findings.filter((f) => f.file !== input.arg);
      if (input.arg === '-') {
        process.stderr.write('exim-lint: --exim needs files on disk: standard input is not checked with Exim\n');
        ioTrouble = true;
      } else if (!(await eximFindings(input.arg, input.path, args.exim, chunk, seenVersions))) {
        ioTrouble = true;
      }
      merged.push(...chunk);
    }
    if (lint.trees > 0) process.stderr.write('exim-lint: --exim does not check a conf.d tree: Exim reads the file update-exim4.conf makes of it\n');
    findings = [...merged, ...findings];
  }
  if (args.format === 'json') {
    process.stdout.write(JSON.stringify(findings, null, 2) + '\n');
  } else {
    for (const f of findings) {
      process.stdout.write(`${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity}: ${f.message} [${f.code}]\n`);
    }
  }
  if (ioTrouble) return 2;
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** Runs the CLI on this process's arguments and sets the exit code. */
export function run(): void {
  // A reader that stops early (`exim-lint ... | head`) closes the pipe: stop writing, quietly.
  // A pipe gives EPIPE; a socket pair (how Node.js and others spawn a child) gives ECONNRESET.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ECONNRESET') throw e;
    process.exit(process.exitCode ?? 0);
  });
  try {
    main(process.argv.slice(2)).then(
      (code) => (process.exitCode = code),
      (e: unknown) => {
        process.stderr.write(`exim-lint: internal error: ${(e as Error).message}\n`);
        process.exitCode = 2;
      },
    );
  } catch (e) {
    process.stderr.write(`exim-lint: internal error: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}

if (require.main === module) run();

export { main };
