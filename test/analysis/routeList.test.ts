// manualroute routes: a +name among the hosts is looked up as a host name. Where exim4 is
// installed, exim -bt shows both the failure and that the fix routes to the list's hosts.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyEdits, run, textAt } from '../helpers';

const EXIM = ['/usr/sbin/exim4', '/usr/sbin/exim'].find((p) => existsSync(p));

const config = (route: string) => ['hostlist smart = 192.0.2.7 : 192.0.2.8', 'begin routers', 'r:', '  driver = manualroute', `  ${route}`, '  transport = t', 'begin transports', 't:', '  driver = smtp'];
const found = (route: string) => {
  const lines = config(route);
  return run(...lines).diagnostics.filter((d) => d.code === 'route-hosts-named-list').map((d) => textAt(lines.join('\n') + '\n', d));
};

test('a +name in the hosts of a route is a warning, in route_list and route_data', () => {
  assert.deepEqual(found('route_list = * +smart'), ['+smart']);
  assert.deepEqual(found('route_list = a.example 192.0.2.1 ; * "+smart : 192.0.2.9" byname'), ['+smart']);
  assert.deepEqual(found('route_data = +smart randomize'), ['+smart']);
  // A +name as the domain pattern is a domain list, which is right; expansions are left alone.
  assert.deepEqual(found('route_list = +smart 192.0.2.1'), []);
  assert.deepEqual(found('route_list = * 192.0.2.1:192.0.2.2:+:192.0.2.3 byname'), [], 'a lone "+" makes groups for hosts_randomize');
  assert.deepEqual(found('route_list = * "${listnamed:smart}"'), []);
  assert.deepEqual(found('route_data = ${lookup{$domain}lsearch{/etc/routes}}'), []);
});

test('the fix writes the list\'s hosts as a quoted ${listnamed}, and only when the hosts are that one name', () => {
  const lines = config('route_list = * +smart');
  const a = run(...lines).diagnostics.find((d) => d.code === 'route-hosts-named-list')!;
  assert.equal(applyEdits(lines.join('\n') + '\n', a.fixes![0].edits).split('\n')[4], '  route_list = * "${listnamed:smart}"');
  const b = run(...config('route_list = * "+smart : 192.0.2.9"')).diagnostics.find((d) => d.code === 'route-hosts-named-list')!;
  assert.equal(b.fixes, undefined);
});

test('exim -bt: "+smart" fails as a host name, the fix routes to the hosts of the list', { skip: EXIM ? false : 'exim4 is not installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'routes-'));
  const bt = (route: string) => {
    const file = join(dir, 'c.conf');
    writeFileSync(file, ['keep_environment =', ...config(route), ''].join('\n'));
    const r = spawnSync(EXIM!, ['-C', file, '-bt', 'u@x.example'], { encoding: 'utf8', timeout: 10_000 });
    return r.stdout + r.stderr;
  };
  assert.match(bt('route_list = * +smart'), /lookup of host "\+smart" failed/);
  const fixed = bt('route_list = * "${listnamed:smart}"');
  assert.match(fixed, /host 192\.0\.2\.7/);
  assert.match(fixed, /host 192\.0\.2\.8/);
});
