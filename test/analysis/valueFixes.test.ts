// Quick fixes for values written the way people write them elsewhere: `ture`, `on`, `1day`,
// `10MB`, `1hr`, a misspelt or capitalised log selector. Each fix changes only the bad part, its
// diagnostic goes, and (where exim4 is installed) Exim accepts the fixed file.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyEdits, run, show } from '../helpers';

const EXIM = ['/usr/sbin/exim4', '/usr/sbin/exim'].find((p) => existsSync(p));

/** A file, its check's code, and the file after the preferred fix. */
const CASES: [string, string, string][] = [
  ['split_spool_directory = ture', 'option-value', 'split_spool_directory = true'],
  ['split_spool_directory = flase', 'option-value', 'split_spool_directory = false'],
  ['split_spool_directory = on', 'option-value', 'split_spool_directory = true'],
  ['split_spool_directory = Off', 'option-value', 'split_spool_directory = false'],
  ['split_spool_directory = 1', 'option-value', 'split_spool_directory = true'],
  ['retry_interval_max = 1day', 'option-value', 'retry_interval_max = 1d'],
  ['retry_interval_max = 12 hours', 'option-value', 'retry_interval_max = 12h'],
  ['retry_interval_max = 1h 30m', 'option-value', 'retry_interval_max = 1h30m'],
  ['retry_interval_max = 1.5h', 'option-value', 'retry_interval_max = 1h30m'],
  ['bounce_return_size_limit = 100 KB', 'option-value', 'bounce_return_size_limit = 100K'],
  ['check_spool_space = 50Mb', 'option-value', 'check_spool_space = 50M'],
  ['message_size_limit = 10MB', 'option-value-runtime', 'message_size_limit = 10M'],
  ['log_selector = +smtp_protocol_eror', 'option-value', 'log_selector = +smtp_protocol_error'],
  ['log_selector = +all_parents \\\n  +Smtp_Connection \\\n  +queue_time', 'option-value', 'log_selector = +all_parents \\\n  +smtp_connection \\\n  +queue_time'],
  ['begin acl\nrcpt:\n  deny ratelimit = 100 / 1hr / $sender_host_address', 'acl-ratelimit', 'begin acl\nrcpt:\n  deny ratelimit = 100 / 1h / $sender_host_address'],
  ['begin retry\n* * F,2hr,15m; F,2days,1h', 'retry-bad-parameters', 'begin retry\n* * F,2h,15m; F,2days,1h'],
];

test('each fix changes only the bad part and its diagnostic goes', () => {
  for (const [text, code, after] of CASES) {
    const source = `keep_environment =\n${text}\n`;
    const a = run(source.slice(0, -1));
    const d = a.diagnostics.find((x) => x.code === code);
    assert.ok(d, `${text}: no ${code} in ${a.diagnostics.map(show).join('; ')}`);
    const fix = d.fixes?.find((f) => f.preferred) ?? d.fixes?.[0];
    assert.ok(fix, `${text}: no fix`);
    const fixed = applyEdits(source, fix.edits);
    assert.equal(fixed, `keep_environment =\n${after}\n`, text);
    const again = run(fixed.slice(0, -1));
    // (The retry case has a second bad item: only the fixed one must be gone.)
    assert.ok(!again.diagnostics.some((x) => x.code === code && x.range.start.line === d.range.start.line && x.range.start.character === d.range.start.character), `${after}: ${again.diagnostics.map(show).join('; ')}`);
  }
});

test('no guess where the meaning is unclear (nor a rename while another item of the value is wrong too: Exim would stop there next)', () => {
  for (const text of ['split_spool_directory = maybe', 'split_spool_directory = n', 'retry_interval_max = 1fortnight', 'retry_interval_max = 30', 'smtp_accept_max = 10 GB', 'log_selector = +zzzzqqq', 'log_selector = +tls_peer%dn +queue_time', 'log_selector = -received_recipie-1nts', 'log_selector = +all_parenMAC == y', 'log_selector = +all_parenz +queue_tim']) {
    const a = run('keep_environment =', text);
    assert.ok(a.diagnostics.length > 0, text);
    assert.deepEqual(a.diagnostics.flatMap((d) => d.fixes ?? []), [], text);
  }
});

test('Exim accepts every fixed file', { skip: EXIM ? false : 'exim4 is not installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'value-fixes-'));
  for (const [i, [, , after]] of CASES.entries()) {
    if (after.includes('begin retry')) continue; // the retry case keeps a bad item on purpose
    const file = join(dir, `${i}.conf`);
    writeFileSync(file, `keep_environment =\n${after}\n`);
    const r = spawnSync(EXIM!, ['-bV', '-C', file], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status, 0, `${after}: ${r.stderr}${r.stdout}`);
  }
});

test('an ACL condition without "=": " =" is inserted when a value follows, and Exim accepts the result', () => {
  const acl = (statement: string) => ['keep_environment =', 'acl_smtp_rcpt = r', 'begin acl', 'r:', `  ${statement}`, '  accept'];
  const cases: [string, string | undefined][] = [
    ['accept domains +local_domains', 'accept domains = +local_domains'],
    ['require verify recipient', 'require verify = recipient'],
    ['deny message Go away', 'deny message = Go away'],
    ['deny hosts : 192.0.2.1', undefined], // a list separator first: not clearly a missing "="
    ['accept hosts', undefined],
  ];
  const dir = EXIM ? mkdtempSync(join(tmpdir(), 'acl-equals-')) : undefined;
  for (const [i, [statement, after]] of cases.entries()) {
    const source = acl(statement).join('\n') + '\n';
    const d = run(source.slice(0, -1)).diagnostics.find((x) => x.code === 'acl-missing-equals');
    assert.ok(d, statement);
    if (after === undefined) {
      assert.equal(d.fixes, undefined, statement);
      continue;
    }
    const fixed = applyEdits(source, d.fixes![0].edits);
    assert.equal(fixed, acl(after).join('\n') + '\n');
    if (dir) {
      const file = join(dir, `${i}.conf`);
      writeFileSync(file, fixed);
      const r = spawnSync(EXIM!, ['-bV', '-C', file], { encoding: 'utf8', timeout: 10_000 });
      assert.equal(r.status, 0, `${after}: ${r.stderr}${r.stdout}`);
    }
  }
});

test('an option set twice: the fix removes the second setting (preferred when both say the same), and Exim accepts the result', () => {
  const router = ['begin routers', 'r:', '  driver = redirect', '  data = :blackhole:', '  domains = a.example'];
  const cases: [string[], string[] | undefined, boolean][] = [
    [['message_size_limit = 10M', 'message_size_limit = 10M'], ['message_size_limit = 10M', ''], true],
    [['message_size_limit = 10M', 'message_size_limit = 20M'], ['message_size_limit = 10M', ''], false],
    [[...router, '  domains = b.example'], [...router, '  '], false],
    // A setting continued over lines: removing it would join or leave lines Exim reads otherwise.
    [[...router, '  domains = b.example : \\', '            c.example'], undefined, false],
  ];
  const dir = EXIM ? mkdtempSync(join(tmpdir(), 'repeated-')) : undefined;
  for (const [i, [lines, after, preferred]] of cases.entries()) {
    const source = ['keep_environment =', ...lines].join('\n') + '\n';
    const d = run(source.slice(0, -1)).diagnostics.find((x) => x.code === 'option-repeated');
    assert.ok(d, lines.join(' / '));
    if (!after) {
      assert.equal(d.fixes, undefined);
      continue;
    }
    assert.equal(d.fixes?.[0].preferred, preferred || undefined);
    assert.match(d.fixes![0].title, /^Remove this setting \(keep the one on line \d+\)$/);
    const fixed = applyEdits(source, d.fixes![0].edits);
    assert.equal(fixed, ['keep_environment =', ...after].join('\n') + '\n');
    assert.ok(!run(fixed.slice(0, -1)).diagnostics.some((x) => x.code === 'option-repeated'));
    if (dir) {
      const file = join(dir, `${i}.conf`);
      writeFileSync(file, fixed);
      const r = spawnSync(EXIM!, ['-bV', '-C', file], { encoding: 'utf8', timeout: 10_000 });
      assert.equal(r.status, 0, `${fixed}: ${r.stderr}${r.stdout}`);
    }
  }
});
