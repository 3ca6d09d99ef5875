// Routers no address reaches: an accept router with no precondition and no unseen before them.
// What Exim does with such a configuration is checked with exim -bt.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EXIM, NO_EXIM } from '../exim/binary';
import { run } from '../helpers';

const TRANSPORTS = ['begin transports', 't:', '  driver = pipe', '  command = /bin/true'];
const routers = (...lines: string[]) => run('keep_environment =', 'begin routers', ...lines, ...TRANSPORTS);
const unreachable = (a: ReturnType<typeof run>) => a.diagnostics.filter((d) => d.code === 'router-unreachable');

test('the router after an accept router with no precondition is never reached: one warning, on its name', () => {
  const a = routers('local:', '  driver = accept', '  domains = a.example', '  transport = t', 'catchall:', '  driver = accept', '  transport = t', 'never:', '  driver = accept', '  local_parts = postmaster', '  transport = t', 'also_never:', '  driver = redirect', '  data = x@y.example');
  const found = unreachable(a);
  assert.deepEqual(found.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character, d.severity]), [[9, 0, 5, 'warning']]);
  assert.match(found[0].message, /^no address reaches this router: "catchall" \(line 7\) is an accept router with no precondition .* the 2 routers after it never run/);
  assert.deepEqual(found[0].related?.map((r) => r.range.start.line), [6]);
});

test('not when the accept router may pass an address on, is last, or a later router is named by redirect_router or pass_router', () => {
  for (const option of ['domains = +local_domains', 'check_local_user', 'condition = ${if def:h_x:}', 'no_verify', 'verify_only', 'unseen', 'address_data = ${lookup{$local_part}lsearch{/etc/a}}', 'local_part_suffix = -*']) {
    assert.deepEqual(unreachable(routers('a:', '  driver = accept', `  ${option}`, '  transport = t', 'b:', '  driver = accept', '  transport = t')), [], option);
  }
  assert.deepEqual(unreachable(routers('a:', '  driver = accept', '  transport = t')), []);
  assert.deepEqual(unreachable(routers('a:', '  driver = accept', 'b:', '  driver = accept', '  transport = t')), [], 'no transport: Exim refuses that router anyway');
  assert.deepEqual(unreachable(routers('r:', '  driver = redirect', '  domains = a.example', '  data = x@b.example', '  redirect_router = b', 'a:', '  driver = accept', '  transport = t', 'b:', '  driver = accept', '  transport = t')), []);
  assert.deepEqual(unreachable(routers('a:', '  driver = accept', '.ifdef ONLY_LOCAL', '  domains = a.example', '.endif', '  transport = t', 'b:', '  driver = accept', '  transport = t')), [], 'a precondition in a skipped branch');
});

test('Exim agrees: every address goes to the accept router, none to the ones after it (exim -bt)', { skip: EXIM ? false : NO_EXIM }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'router-flow-'));
  const file = join(dir, 'r.conf');
  const lines = ['keep_environment =', 'begin routers', 'all:', '  driver = accept', '  transport = t', 'never:', '  driver = accept', '  domains = x.example', '  transport = t', ...TRANSPORTS];
  writeFileSync(file, lines.join('\n') + '\n');
  const r = spawnSync(EXIM!, ['-C', file, '-bt', 'a@x.example', 'b@other.example'], { encoding: 'utf8' });
  assert.equal((r.stdout.match(/router = all, transport = t/g) ?? []).length, 2, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout, /router = never/);
  assert.deepEqual(unreachable(run(...lines)).map((d) => d.range.start.line), [5]);
});
