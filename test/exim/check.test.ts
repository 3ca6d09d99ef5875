// The check with the real Exim binary (Debian's exim4, installed by .ci/run) and with fake ones:
// known errors, line mapping through .include, the safety net (perl_startup, ${run} while
// reading), and one clear result for a missing binary, a binary that is not Exim, a crash, a
// timeout, too much output, a binary inside the workspace, and Exim refusing to read the file.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkWithExim, findExim } from '../../server/src/node/eximCheck';
import { textAt } from '../helpers';
import { EXIM, NO_EXIM } from './binary';


const dir = mkdtempSync(join(tmpdir(), 'exim-check-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, ...lines: string[]): string {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

function fake(name: string, script: string): string {
  const p = join(dir, 'bin', name);
  mkdirSync(join(dir, 'bin'), { recursive: true });
  writeFileSync(p, `#!/bin/sh\n${script}\n`);
  chmodSync(p, 0o755);
  return p;
}

test('a configuration Exim accepts passes, with the version and build', { skip: !EXIM && NO_EXIM }, async () => {
  const conf = file('good.conf', 'keep_environment =', 'primary_hostname = mail.example.com', 'begin routers', 'r1:', '  driver = accept', '  transport = t1', 'begin transports', 't1:', '  driver = appendfile', '  file = /var/mail/$local_part');
  const r = await checkWithExim(conf, { executablePath: EXIM });
  assert.equal(r.status, 'passed', r.summary);
  assert.match(r.version ?? '', /^Exim version \d+\.\d+/);
  assert.ok(r.build?.some((l) => l.startsWith('Lookups')), 'the build lines');
  assert.deepEqual(r.findings, []);
  assert.match(r.summary, /accepts/);
});

test('an error only Exim knows about becomes a diagnostic on its line', { skip: !EXIM && NO_EXIM }, async () => {
  // Whether an account exists is the machine's business, which our checks leave to Exim.
  const text = ['keep_environment =', 'qualify_domain = example.com', 'exim_user = no_such_user_x'];
  const conf = file('account.conf', ...text);
  const r = await checkWithExim(conf, { executablePath: EXIM });
  assert.equal(r.status, 'failed');
  assert.equal(r.findings.length, 1);
  const f = r.findings[0];
  assert.equal(f.code, 'exim-bv');
  assert.equal(f.severity, 'error');
  assert.equal(f.path, conf);
  assert.equal(f.message, 'Exim: user no_such_user_x was not found');
  assert.equal(textAt(text.join('\n'), f), 'exim_user = no_such_user_x');
  assert.equal(f.sameAs, undefined, 'our checks accept the line: nothing to leave out');
  assert.match(r.summary, /rejects .*account\.conf: line 3: user no_such_user_x was not found/);
});

test('an error we report too is marked, not repeated', { skip: !EXIM && NO_EXIM }, async () => {
  const conf = file('twice.conf', 'keep_environment =', 'qualify_domain = a', 'qualify_domain = b');
  const r = await checkWithExim(conf, { executablePath: EXIM });
  assert.equal(r.status, 'failed');
  assert.equal(r.findings[0].sameAs, 'option-repeated');
  assert.ok(r.analysis?.diagnostics.some((d) => d.code === 'option-repeated' && d.range.start.line === 2));
  // With our check switched off, Exim's diagnostic is the one to show.
  const off = await checkWithExim(conf, { executablePath: EXIM, shownCode: (c) => c !== 'option-repeated' });
  assert.equal(off.findings[0].sameAs, undefined);
});

test('line numbers map through .include, continuations and macros', { skip: !EXIM && NO_EXIM }, async () => {
  const part = file('inc/part.conf', '# a part', '', 'MACRO_V = 1', 'qualify_domain = x', 'message_size_limit = \\', '  10M', 'hosts_xclient = \\', '  MACRO_V');
  const main = file('inc/main.conf', 'keep_environment =', '.include part.conf', 'begin routers');
  const r = await checkWithExim(main, { executablePath: EXIM });
  assert.equal(r.status, 'failed', r.summary);
  const f = r.findings[0];
  assert.equal(f.path, part, 'in the included file');
  assert.deepEqual(f.range, { start: { line: 6, character: 0 }, end: { line: 7, character: 9 } }, 'the whole logical line, both physical lines');
  assert.match(r.summary, /line 8 of .*part\.conf/);
});

test('errors without a line are placed on what they name', { skip: !EXIM && NO_EXIM }, async () => {
  const text = ['keep_environment =', 'begin routers', 'r1:', '  driver = accept', 'r1:', '  driver = accept'];
  const conf = file('noline.conf', ...text);
  const r = await checkWithExim(conf, { executablePath: EXIM });
  assert.equal(r.status, 'failed');
  assert.equal(r.findings[0].message, 'Exim: there are two routers called "r1"');
  assert.equal(r.findings[0].range.start.line, 4, 'the second r1');
});

test('perl_startup does not run: the check passes -pd', { skip: !EXIM && NO_EXIM }, async () => {
  const marker = join(dir, 'perl-ran');
  writeFileSync(join(dir, 'start.pl'), `open(my $f, '>', '${marker}'); close $f;\n`);
  const conf = file('perl.conf', 'keep_environment =', 'perl_at_start = true', `perl_startup = do '${join(dir, 'start.pl')}'`);
  const r = await checkWithExim(conf, { executablePath: EXIM });
  assert.ok(r.status === 'passed' || r.status === 'failed', r.summary);
  assert.equal(existsSync(marker), false, 'the Perl start-up code did not run');
});

test('a value Exim would expand while reading, that runs a program, keeps Exim from running', { skip: !EXIM && NO_EXIM }, async () => {
  const marker = join(dir, 'run-ran');
  const conf = file('run.conf', 'keep_environment =', `spool_directory = \${run{/usr/bin/touch ${marker}}{/var/spool/exim4}{/var/spool/exim4}}`);
  const r = await checkWithExim(conf, { executablePath: EXIM });
  assert.equal(r.status, 'refused');
  assert.equal(existsSync(marker), false, 'Exim was not run');
  assert.equal(r.findings.length, 1);
  assert.equal(r.findings[0].code, 'exim-check-unsafe');
  assert.equal(r.findings[0].severity, 'warning');
  assert.equal(r.findings[0].range.start.line, 1);
  assert.match(r.summary, /Not checked with Exim/);
});

test('no binary, a binary that is not Exim, a crash, too much output: one clear result each', async () => {
  const conf = file('plain.conf', 'keep_environment =');
  const missing = await checkWithExim(conf, { executablePath: join(dir, 'no-such-exim') });
  assert.equal(missing.status, 'unavailable');
  assert.match(missing.summary, /not an executable file/);
  const none = await checkWithExim(conf, { executablePath: 'no-such-exim-name', searchPath: join(dir, 'empty') });
  assert.equal(none.status, 'unavailable');
  assert.match(none.summary, /No Exim binary found: "no-such-exim-name"/);
  const relative = await checkWithExim(conf, { executablePath: 'bin/exim' });
  assert.match(relative.summary, /must be an absolute path/);
  const notExim = await checkWithExim(conf, { executablePath: fake('echo', 'echo "hello from $0 $*"') });
  assert.equal(notExim.status, 'unavailable');
  assert.match(notExim.summary, /does not look like Exim: .* It said: hello from .* -bV -pd -C .*plain\.conf/);
  const crash = await checkWithExim(conf, { executablePath: fake('crash', 'echo "Exim version 4.96 #1"; kill -SEGV $$') });
  assert.equal(crash.status, 'unavailable');
  assert.match(crash.summary, /crashed \(SIGSEGV\)/);
  const chatty = await checkWithExim(conf, { executablePath: fake('chatty', 'while :; do echo "Exim version 4.96 and on and on"; done'), maxOutputBytes: 64 * 1024 });
  assert.equal(chatty.status, 'unavailable');
  assert.match(chatty.summary, /printed more than 64 KiB/);
  const unsaved = await checkWithExim(join(dir, 'never-saved.conf'), { executablePath: fake('echo2', 'echo x') });
  assert.match(unsaved.summary, /not a readable file on disk\. Save it first/);
});

test('a binary that hangs is stopped after the time limit, with what it started', async () => {
  const pidFile = join(dir, 'sleeper.pid');
  const sleeper = fake('sleeper', `sleep 30 &\necho $! > ${pidFile}\nwait`);
  const conf = file('sleep.conf', 'keep_environment =');
  const started = Date.now();
  const r = await checkWithExim(conf, { executablePath: sleeper, timeoutMs: 700 });
  const took = Date.now() - started;
  assert.equal(r.status, 'unavailable');
  assert.match(r.summary, /did not finish within 1 s and was stopped/);
  assert.ok(took < 5000, `stopped in ${took} ms`);
  const pid = Number(readFileSync(pidFile, 'utf8'));
  // Gone, or dead and waiting to be reaped by whoever adopted it.
  const alive = () => {
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  };
  for (let i = 0; i < 40 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(alive(), false, 'the sleep it started is gone too');
});

test('the environment Exim gets is minimal', async () => {
  process.env.EXIM_CHECK_SECRET = 'from-the-editor';
  try {
    const envFile = join(dir, 'env.txt');
    const r = await checkWithExim(file('env.conf', 'keep_environment ='), { executablePath: fake('env', `env > ${envFile}; pwd >> ${envFile}; echo nope`) });
    assert.equal(r.status, 'unavailable');
    const seen = readFileSync(envFile, 'utf8').split('\n').filter(Boolean).sort();
    assert.deepEqual(seen.filter((l) => /^[A-Z_]+=/.test(l) && !/^(PWD|SHLVL|_)=/.test(l)), ['LC_ALL=C', 'PATH=/usr/sbin:/usr/bin:/sbin:/bin']);
    assert.ok(seen.includes('/'), 'run from /');
  } finally {
    delete process.env.EXIM_CHECK_SECRET;
  }
});

test('a binary inside the workspace is never run, however it is named', async () => {
  const workspace = join(dir, 'ws');
  mkdirSync(join(workspace, 'tools'), { recursive: true });
  const marker = join(dir, 'ws-binary-ran');
  const evil = join(workspace, 'tools', 'exim4');
  writeFileSync(evil, `#!/bin/sh\ntouch ${marker}\necho "Exim version 4.96"\n`);
  chmodSync(evil, 0o755);
  const conf = file('ws/exim.conf', 'keep_environment =');
  for (const executablePath of [evil, 'exim4']) {
    const r = await checkWithExim(conf, { executablePath, searchPath: join(workspace, 'tools'), forbiddenRoots: [workspace] });
    assert.equal(r.status, 'unavailable', executablePath);
    assert.match(r.summary, /is inside the workspace folder .*ws; a binary that comes with a workspace is never run/, executablePath);
  }
  // A system binary found first is used; the workspace's later on the PATH does not matter.
  const system = join(dir, 'system');
  mkdirSync(system, { recursive: true });
  writeFileSync(join(system, 'exim4'), '#!/bin/sh\n');
  chmodSync(join(system, 'exim4'), 0o755);
  assert.deepEqual(findExim({ searchPath: `${system}:${join(workspace, 'tools')}`, forbiddenRoots: [workspace] }), { path: join(system, 'exim4') });
  // Relative PATH entries (which would resolve against the current folder) are never searched.
  const found = findExim({ executablePath: 'exim4', searchPath: 'tools:.' });
  assert.notEqual(found.path, evil);
  assert.equal(existsSync(marker), false);
});

test('Exim refusing to read the file is explained, with what to do', async (t) => {
  // Exim's own wording, from fakes; the real refusals follow when the tests run as root.
  const conf = file('refuse.conf', 'keep_environment =');
  const prefix = await checkWithExim(conf, { executablePath: fake('prefix', 'echo "-C Permission denied" >&2; exit 1') });
  assert.equal(prefix.status, 'unavailable');
  assert.match(prefix.detail ?? '', /ALT_CONFIG_PREFIX/);
  if (!EXIM) return t.skip(NO_EXIM);
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/setpriv')) return t.skip('the real refusals need root and setpriv');
  // As root: a file that is not root's is refused.
  const owned = file('owned.conf', 'keep_environment =');
  spawnSync('chown', ['65534', owned]);
  const wrongOwner = await checkWithExim(owned, { executablePath: EXIM });
  assert.equal(wrongOwner.status, 'unavailable');
  assert.match(wrongOwner.summary, /would not read/);
  assert.match(wrongOwner.detail ?? '', /belongs to root .* chmod go-w/);
  // As an ordinary user: not in TRUSTED_CONFIG_LIST, so Exim reads the file as that user, who cannot.
  const privateDir = join(dir, 'private');
  mkdirSync(privateDir, { mode: 0o700 });
  const hidden = join(privateDir, 'exim.conf');
  writeFileSync(hidden, 'keep_environment =\n');
  const asNobody = fake('as-nobody', `exec /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups ${EXIM} "$@"`);
  const r = await checkWithExim(hidden, { executablePath: asNobody });
  assert.equal(r.status, 'unavailable', r.summary);
  assert.match(r.detail ?? '', /TRUSTED_CONFIG_LIST \(Debian: \/etc\/exim4\/trusted_configs\)/);
  assert.match(r.detail ?? '', /Exim said: .*Permission denied/);
});
