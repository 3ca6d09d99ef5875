import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers';

const CLI = join(ROOT, 'bin', 'exim-lint.js');
const dir = mkdtempSync(join(tmpdir(), 'exim-lint-test-'));

function lint(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

test('text output: FILE:LINE:COL: severity: message [code]; exit 1 on errors', () => {
  const f = file('bad.conf', 'keep_environment =\nbegin retry\n* * F,2h,15m\nfoo.com * X,2h,15m\n');
  const r = lint(['bad.conf']);
  assert.equal(r.code, 1);
  assert.equal(r.out, 'bad.conf:4:11: error: "X" is not a retry rule letter: use F (fixed interval), G (geometrically growing) or H (growing, randomised) (Exim: unknown retry rule letter) [retry-unknown-letter]\n');
  assert.ok(f);
});

test('exit 0 when there are only warnings, 0 with no findings', () => {
  file('warn.conf', 'begin retry\n* * f,2h,15m\n');
  assert.equal(lint(['warn.conf']).code, 0);
  file('good.conf', 'keep_environment =\n');
  const r = lint(['good.conf']);
  assert.equal(r.code, 0);
  assert.equal(r.out, '');
});

test('json output: file, LSP range, severity word, code, message', () => {
  file('j.conf', 'begin retry\n* * F,2h\n');
  const r = lint(['--format', 'json', 'j.conf']);
  assert.equal(r.code, 1);
  const findings = JSON.parse(r.out);
  assert.deepEqual(findings.map((f: { file: string; severity: string; code: string; range: unknown }) => [f.file, f.severity, f.code, f.range]), [
    ['j.conf', 'error', 'retry-missing-argument', { start: { line: 1, character: 4 }, end: { line: 1, character: 8 } }],
  ]);
});

test('- reads standard input', () => {
  const r = lint(['-'], 'begin retry\n* * F,2h,15m G,16h,1h,2\n');
  assert.equal(r.code, 1);
  assert.match(r.out, /^-:2:14: error: .*\[retry-semicolon-expected\]/);
});

test('usage and I/O trouble: exit 2 with one clear line, never a stack trace', () => {
  const missing = lint(['nope.conf']);
  assert.equal(missing.code, 2);
  assert.equal(missing.err, 'exim-lint: cannot read nope.conf: no such file\n');
  mkdirSync(join(dir, 'adir'), { recursive: true });
  assert.equal(lint(['adir']).err, 'exim-lint: cannot read adir: it is a directory\n');
  const usage = lint([]);
  assert.equal(usage.code, 2);
  assert.match(usage.err, /no file given/);
  assert.equal(lint(['--frobnicate']).code, 2);
  assert.equal(lint(['--format', 'xml', 'good.conf']).code, 2);
});

test('files that are not UTF-8, with CRLF, a BOM or NUL bytes are read and reported on', () => {
  file('latin1.conf', Buffer.from([0x6b, 0x65, 0x65, 0x70, 0x5f, 0x65, 0x6e, 0x76, 0x69, 0x72, 0x6f, 0x6e, 0x6d, 0x65, 0x6e, 0x74, 0x20, 0x3d, 0x20, 0xe9, 0x0a]));
  const l = lint(['latin1.conf']);
  assert.match(l.out, /\[not-utf8\]/);
  file('crlf.conf', 'keep_environment =\r\nbegin retry\r\n* * F,2h,15m;;\r\n');
  assert.match(lint(['crlf.conf']).out, /crlf\.conf:3:14: error: .*\[retry-comma-expected\]/);
  file('bom.conf', '\ufeffkeep_environment =\n');
  assert.match(lint(['bom.conf']).out, /\[bom\]/);
  file('nul.conf', 'keep_environment =\u0000x\n');
  assert.match(lint(['nul.conf']).out, /\[nul-byte\]/);
});

test('--retry-schedule prints the schedule; json has attempts and the bounce time', () => {
  const r = lint(['--retry-schedule', 'F,2h,15m; G,16h,1h,1.5; F,4d,6h']);
  assert.equal(r.code, 0);
  const lines = r.out.trim().split('\n');
  assert.equal(lines.length, 1 + 29 + 1);
  assert.match(lines[lines.length - 1], /^bounce: 4d5h1m52s after the first failure \(29 attempts\)$/);
  const j = JSON.parse(lint(['--retry-schedule', 'F,2h,15m; G,16h,1h,1.5; F,4d,6h', '--format', 'json']).out);
  assert.equal(j.attempts.length, 29);
  assert.deepEqual(j.attempts[10], { n: 11, offsetSeconds: 11700, gapSeconds: 3600, item: 'G,16h,1h,1.5' });
  assert.equal(j.bounceSeconds, 363712);
  const h = JSON.parse(lint(['--retry-schedule', 'H,16h,1h,1.5', '--format', 'json']).out);
  assert.deepEqual(h.attempts[2].offsetSeconds, [8100, 8999]);
  const capped = JSON.parse(lint(['--retry-schedule', 'G,4d,6h,3', '--retry-interval-max', '12h', '--format', 'json']).out);
  assert.equal(Math.max(...capped.attempts.map((a: { gapSeconds: number | null }) => a.gapSeconds ?? 0)), 12 * 3600);
});

test('--retry-schedule with a bad rule: the editor\'s error and exit 1', () => {
  const r = lint(['--retry-schedule', 'F,2h,15m; G,16h,1h']);
  assert.equal(r.code, 1);
  assert.match(r.err, /^retry-schedule:1:11: error: the multiplier is missing: .* \[retry-missing-argument\]\n$/);
});
