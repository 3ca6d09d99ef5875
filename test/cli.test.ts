import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
  assert.equal(lint(['adir']).err, 'exim-lint: cannot read adir: it is a directory, and not a Debian conf.d tree (with main/, acl/, router/ ... folders)\n');
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
  // Exim reads a line only up to a NUL (and accepts this file): a warning, not an error.
  file('nul.conf', 'keep_environment =\u0000x\n');
  const nul = lint(['nul.conf']);
  assert.match(nul.out, /nul\.conf:1:19: warning: .*\[nul-byte\]/);
  assert.equal(nul.code, 0);
  file('nul-name.conf', 'keep_environment =\nprimary_hostname\u0000 = a\n');
  assert.match(lint(['nul-name.conf']).out, /nul-name\.conf:2:1: error: .*"primary_hostname" is not a boolean/);
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

test('a directory is read as a conf.d tree; a fragment given alone is checked inside its tree', () => {
  const put = (name: string, text: string) => {
    mkdirSync(join(dir, 'tree', 'conf.d', name, '..'), { recursive: true });
    writeFileSync(join(dir, 'tree', 'conf.d', name), text);
  };
  put('main/01_main', 'acl_smtp_rcpt = acl_check_rcpt\n');
  put('acl/00_header', 'begin acl\n');
  put('acl/30_rcpt', 'acl_check_rcpt:\n  accept\n');
  put('router/00_header', 'begin routers\n');
  put('router/100_r', 'r:\n  driver = accept\n  transport = remote_smpt\n');
  put('transport/00_header', 'begin transports\n');
  put('transport/30_t', 'remote_smtp:\n  driver = smtp\n');
  const tree = lint(['tree']);
  assert.equal(tree.code, 1);
  assert.equal(
    tree.out,
    `${join(dir, 'tree/conf.d/router/100_r')}:3:15: error: no transport is called "remote_smpt"; did you mean "remote_smtp"? - Exim fails when it routes an address here (Exim: transport "remote_smpt" not found in r router) [undefined-transport]\n` +
      `${join(dir, 'tree/conf.d/transport/30_t')}:1:1: hint: the transport "remote_smtp" is never used: no router names it [unused-transport]\n`,
  );
  // One fragment: only its findings, but judged with the whole tree in view.
  const one = lint(['tree/conf.d/router/100_r']);
  assert.equal(one.code, 1);
  assert.match(one.out, /^tree\/conf\.d\/router\/100_r:3:15: error: no transport is called "remote_smpt"/);
  assert.equal(one.out.split('\n').filter(Boolean).length, 1);
  const acl = lint(['tree/conf.d/acl/30_rcpt']);
  assert.equal(acl.code, 0);
  assert.equal(acl.out, '');
});

test('several files: a file another one includes is checked once, as part of it; --main and --join', () => {
  file('inc-main.conf', 'domainlist mine = a.example\n.include inc-piece.conf\n');
  file('inc-piece.conf', 'hostlist h = +mine\n');
  // h's +mine is a domain list, not a host list: one finding, reported once, for the piece.
  const both = lint(['inc-main.conf', 'inc-piece.conf']);
  assert.equal(both.out.match(/\[undefined-named-list\]/g)?.length, 1);
  assert.match(both.out, /^inc-piece\.conf:1:15: error: no hostlist is called "mine" \(there is a domainlist of that name/m);
  file('lists-piece.conf', 'domainlist other = +mine\n');
  assert.match(lint(['lists-piece.conf']).out, /no domainlist is called "mine"/, 'alone, the name is unknown');
  file('lists-main.conf', 'domainlist mine = a.example\n.include lists-piece.conf\nbegin routers\nr:\n  driver = accept\n  domains = +other\n');
  const withMain = lint(['--main', 'lists-main.conf', 'lists-piece.conf']);
  assert.equal(withMain.code, 0, withMain.out);
  assert.doesNotMatch(withMain.out, /error/);
  file('joined-macros', 'MY_ACL = mine\n');
  file('joined-template', 'acl_smtp_rcpt = MY_ACL\nbegin acl\nmine:\n  accept\n');
  assert.equal(lint(['--join', 'joined-macros', 'joined-template']).out, '');
  assert.match(lint(['joined-template']).out, /no ACL is called "MY_ACL"|looks like a macro/);
  assert.equal(lint(['--join', '--main', 'x', 'y']).code, 2);
});

test('a reader that stops early (| head) ends the CLI quietly, without a stack trace', async () => {
  const { spawn } = await import('node:child_process');
  const dir = mkdtempSync(join(tmpdir(), 'exim-lint-pipe-'));
  const file = join(dir, 'many.conf');
  writeFileSync(file, Array.from({ length: 20000 }, (_, i) => `unknown_option_${i} = 1`).join('\n') + '\n');
  const child = spawn(process.execPath, [CLI, file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(stderr, '');
  assert.notEqual(code, null, 'the CLI exits by itself');
});

test('--fix: the safe fixes are applied and the file written back (line ends and BOM kept); what is left is reported', () => {
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  const text = '\ufeffkeep_environment =\r\nmessage_size_limt = 10MB\r\nsplit_spool_directory = ture\r\nbegin acl\r\nr:\r\n  accept domains +local_domains\r\n';
  const f = file('fixme.conf', text);
  const r = lint(['--fix', 'fixme.conf']);
  const fixed = readFileSync(f, 'utf8');
  // The misspelt name first (a second pass then fixes its value), the boolean, the missing "=".
  assert.equal(fixed, '\ufeffkeep_environment =\r\nmessage_size_limit = 10M\r\nsplit_spool_directory = true\r\nbegin acl\r\nr:\r\n  accept domains = +local_domains\r\n');
  assert.match(r.err, /^exim-lint: fixme\.conf: fixed 4 problems: option-unknown, option-value, acl-missing-equals, option-value-runtime\n/);
  // What no fix answers stays: the BOM (the editor's encoding), the undefined list.
  assert.match(r.out, /\[bom\]/);
  assert.match(r.out, /"local_domains"/);
  assert.equal(r.code, 1);
  // A second run has nothing more to fix and leaves the file as it is.
  const again = lint(['--fix', 'fixme.conf']);
  assert.doesNotMatch(again.err, /fixed/);
  assert.equal(readFileSync(f, 'utf8'), fixed);
});

test('--fix leaves alone what it cannot safely write: standard input, a file that is not UTF-8', () => {
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  assert.equal(lint(['--fix', '-'], 'x = 1\n').code, 2);
  const bytes = Buffer.concat([Buffer.from('message_size_limt = 10M\n# caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
  const f = file('latin1.conf', bytes);
  const r = lint(['--fix', 'latin1.conf']);
  assert.match(r.err, /--fix leaves latin1\.conf alone: it is not valid UTF-8/);
  assert.deepEqual(readFileSync(f), bytes);
  assert.match(r.out, /option-unknown/);
});

test('--diff: what --fix would change, as a unified diff that patch applies; the file is not written', () => {
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  const lines = ['keep_environment =', ...Array.from({ length: 12 }, (_, i) => `# comment ${i}`), 'split_spool_directory = ture', 'begin acl', 'r:', '  accept domains +local_domains'];
  const text = lines.join('\n') + '\n';
  const f = file('diffme.conf', text);
  const r = lint(['--diff', 'diffme.conf']);
  assert.equal(readFileSync(f, 'utf8'), text, 'nothing written');
  assert.equal(r.code, 1);
  assert.match(r.err, /^exim-lint: diffme\.conf: would fix 2 problems: option-value, acl-missing-equals\n$/);
  assert.equal(
    r.out,
    [
      '--- a/diffme.conf',
      '+++ b/diffme.conf',
      '@@ -11,7 +11,7 @@',
      '# comment 9',
      '# comment 10',
      '# comment 11',
      '-split_spool_directory = ture',
      '+split_spool_directory = true',
      ' begin acl',
      ' r:',
      '-  accept domains +local_domains',
      '+  accept domains = +local_domains',
      '',
    ].join('\n').replace(/^#/gm, ' #'),
  );
  // patch -p1 applies it, giving what --fix writes.
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const p = spawnSync('patch', ['-p1', '--quiet'], { cwd: dirname(f), input: r.out, encoding: 'utf8' });
  const patched = p.error === undefined ? readFileSync(f, 'utf8') : undefined;
  if (p.error === undefined) assert.equal(p.status, 0, p.stderr + p.stdout);
  file('diffme.conf', text);
  lint(['--fix', 'diffme.conf']);
  if (patched !== undefined) assert.equal(readFileSync(f, 'utf8'), patched);
  const clean = lint(['--diff', 'diffme.conf']);
  assert.equal(clean.out, '');
  assert.equal(clean.code, 0, 'nothing left to change');
  assert.equal(lint(['--diff', '-'], 'x = 1\n').code, 2);
  assert.equal(lint(['--diff', '--fix', 'diffme.conf']).code, 2);
});
