#!/usr/bin/env node
// exim-lint: the engine on the command line.
//
//   exim-lint [--format text|json] FILE...        check configuration files (- reads stdin)
//   exim-lint --retry-schedule 'F,2h,15m; G,16h,1h,1.5; F,4d,6h' [--retry-interval-max 24h] [--format json]
//
// Exit status: 0 no errors, 1 errors found, 2 usage or I/O trouble.

import { resolve } from 'node:path';
import { analyse } from './analysis/analyse';
import type { Diagnostic } from './analysis/diagnostic';
import { decodeBytes, fileHost, readTextFile } from './node/fileHost';
import { retryScheduleReport } from './retry/report';

const USAGE = `usage: exim-lint [--format text|json] FILE...
       exim-lint --retry-schedule 'F,2h,15m; G,16h,1h,1.5; F,4d,6h' [--retry-interval-max 24h] [--format text|json]

Checks Exim configuration files the way Exim reads them and prints one line per finding:
  FILE:LINE:COL: error|warning|info|hint: MESSAGE [code]
Use - as FILE to read standard input.  Exit status: 0 no errors, 1 errors, 2 usage or I/O trouble.`;

interface Args {
  format: 'text' | 'json';
  files: string[];
  retrySchedule?: string;
  retryIntervalMax?: string;
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
}

function lintFile(name: string, out: Finding[]): boolean {
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
  return true;
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

function main(argv: string[]): number {
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
  for (const f of args.files) if (!lintFile(f, findings)) ioTrouble = true;
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
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`exim-lint: internal error: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}

if (require.main === module) run();

export { main };
