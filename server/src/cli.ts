#!/usr/bin/env node
// exim-lint: the engine on the command line.
//
//   exim-lint [--format text|json] FILE...        check configuration files (- reads stdin)
//   exim-lint --exim[=PATH] [--format ...] FILE... also ask the Exim binary (exim -bV -C FILE)
//   exim-lint --retry-schedule 'F,2h,15m; G,16h,1h,1.5; F,4d,6h' [--retry-interval-max 24h] [--format json]
//
// Exit status: 0 no errors, 1 errors found, 2 usage or I/O trouble.

import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyse } from './analysis/analyse';
import type { Diagnostic } from './analysis/diagnostic';
import { checkWithExim, describeBuild } from './node/eximCheck';
import { decodeBytes, fileHost, readTextFile } from './node/fileHost';
import { retryScheduleReport } from './retry/report';

const USAGE = `usage: exim-lint [--format text|json] [--exim[=PATH]] FILE...
       exim-lint --retry-schedule 'F,2h,15m; G,16h,1h,1.5; F,4d,6h' [--retry-interval-max 24h] [--format text|json]

Checks Exim configuration files the way Exim reads them and prints one line per finding:
  FILE:LINE:COL: error|warning|info|hint: MESSAGE [code]
Use - as FILE to read standard input.  Exit status: 0 no errors, 1 errors, 2 usage or I/O trouble
(or, with --exim, no verdict from Exim).

--exim also runs Exim on each FILE (exim -bV -C FILE, as saved) and adds the error it reports
(code exim-bv) to the findings, unless one of ours already says the same there. The binary is
PATH (--exim=PATH, or --exim PATH when PATH is an executable file and a FILE follows), else exim4
or exim on the PATH or in /usr/sbin, /usr/local/sbin, /sbin. Exim's version and verdict go to
standard error. Exim is not run on a file that could make it run a program while reading it.`;

interface Args {
  format: 'text' | 'json';
  files: string[];
  retrySchedule?: string;
  retryIntervalMax?: string;
  /** --exim: the binary ('' = look for it). */
  exim?: string;
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
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

/** Lints one file into `out`; returns its resolved path, undefined for standard input, false when it cannot be read. */
function lintFile(name: string, out: Finding[]): string | false | undefined {
  let text: string;
  let invalid = false;
  let path: string;
  if (name === '-') {
    const d = decodeBytes(readStdin());
    text = d.text;
    invalid = d.invalidUtf8;
    path = resolve('stdin.conf');
  } else {
    path = resolve(name);
    const d = readTextFile(path);
    if (!d) {
      process.stderr.write(`exim-lint: cannot read ${name}: ${describeReadError(path)}\n`);
      return false;
    }
    text = d.text;
    invalid = d.invalidUtf8;
  }
  const analysis = analyse(text, { name: path, host: fileHost() });
  const files = analysis.document.read.files;
  if (invalid) {
    out.push({ file: name, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'warning', code: 'not-utf8', message: 'the file is not valid UTF-8; the invalid bytes are shown as U+FFFD' });
  }
  for (const d of analysis.diagnostics) {
    const file = d.file === 0 ? name : files[d.file]?.name ?? name;
    out.push({ file, range: d.range, severity: SEVERITY_WORD[d.severity], code: d.code, message: d.message });
  }
  return name === '-' ? undefined : path;
}

/**
 * Asks Exim about a file and merges its findings into `out`, the file's own findings (leaving out
 * those ours already report), in order of file and position. Returns false when Exim gave no verdict.
 */
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
  const findings: Finding[] = [];
  let ioTrouble = false;
  const seenVersions = new Set<string>();
  for (const f of args.files) {
    const chunk: Finding[] = [];
    const path = lintFile(f, chunk);
    if (path === false) ioTrouble = true;
    if (args.exim !== undefined && path !== false) {
      if (path === undefined) {
        process.stderr.write('exim-lint: --exim needs files on disk: standard input is not checked with Exim\n');
        ioTrouble = true;
      } else if (!(await eximFindings(f, path, args.exim, chunk, seenVersions))) {
        ioTrouble = true;
      }
    }
    findings.push(...chunk);
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
