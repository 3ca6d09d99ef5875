// Checks on names: undefined references (with did-you-mean and a fix), unused definitions,
// duplicate instance names, and how a file read on its own is judged.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyse } from '../../server/src/analysis/analyse';
import { fileHost } from '../../server/src/node/fileHost';
import { suggestions } from '../../server/src/analysis/references';
import { applyEdits, run, show, textAt } from '../helpers';

const NAME_CODES = new Set(['undefined-acl', 'undefined-transport', 'undefined-router', 'undefined-named-list', 'unused-acl', 'unused-transport', 'unused-named-list', 'unused-macro', 'duplicate-name']);

function findings(...lines: string[]) {
  const a = run(...lines);
  const source = lines.join('\n') + '\n';
  return a.diagnostics.filter((d) => NAME_CODES.has(d.code)).map((d) => ({ d, text: textAt(source, d), line: d.range.start.line }));
}

const CONFIG = [
  'domainlist local_domains = example.com',
  'hostlist relay_hosts = 127.0.0.1',
  'acl_smtp_rcpt = acl_check_rcpt',
  'begin acl',
  'acl_check_rcpt:',
  '  accept hosts = +relay_hosts',
  '  accept domains = +local_domain',
  '         acl = acl_check_sender',
  '  deny',
  'acl_check_senders:',
  '  accept',
  'begin routers',
  'local:',
  '  driver = accept',
  '  domains = +local_domains',
  '  transport = local_delivry',
  'forward:',
  '  driver = redirect',
  '  data = x',
  '  redirect_router = locl',
  'begin transports',
  'local_delivery:',
  '  driver = appendfile',
  '  file = /var/mail/$local_part',
];

test('undefined names are errors with a did-you-mean and a fix that replaces the name', () => {
  const f = findings(...CONFIG).filter((x) => x.d.code.startsWith('undefined-'));
  assert.deepEqual(
    f.map((x) => [x.d.code, x.d.severity, x.text]),
    [
      ['undefined-named-list', 'error', 'local_domain'],
      ['undefined-acl', 'error', 'acl_check_sender'],
      ['undefined-transport', 'error', 'local_delivry'],
      ['undefined-router', 'error', 'locl'],
    ],
  );
  assert.match(f[0].d.message, /no domainlist is called "local_domain"; did you mean "local_domains"\?.*unknown named domain list "\+local_domain"/);
  assert.match(f[2].d.message, /transport "local_delivry" not found in local router/);
  assert.match(f[3].d.message, /new_router "locl" not found for "forward" router/);
  const source = CONFIG.join('\n') + '\n';
  for (const x of f) {
    const fix = x.d.fixes?.[0];
    assert.ok(fix?.preferred, show(x.d));
    const fixed = applyEdits(source, fix.edits);
    const again = analyse(fixed, { name: '/tmp/test/exim.conf' }).diagnostics.filter((d) => d.code === x.d.code && d.range.start.line === x.line);
    assert.deepEqual(again.map(show), [], `the fix "${fix.title}" removes the finding`);
  }
});

test('a +name of a list of another kind is undefined, and the message says there is one of the other kind', () => {
  const f = findings('hostlist relay = 1.2.3.4', 'begin routers', 'r:', '  driver = accept', '  domains = +relay', '  transport = t', 'begin transports', 't:', '  driver = pipe');
  const u = f.find((x) => x.d.code === 'undefined-named-list')!;
  assert.match(u.d.message, /there is a hostlist of that name, but "domains" is a domain list/);
});

test('unused definitions are hints with the unnecessary tag; a use in a skipped .ifdef branch counts', () => {
  const f = findings(...CONFIG).filter((x) => x.d.code.startsWith('unused-'));
  assert.deepEqual(
    f.map((x) => [x.d.code, x.d.severity, x.text, x.d.tags]),
    [
      ['unused-acl', 'hint', 'acl_check_senders', ['unnecessary']],
      ['unused-transport', 'hint', 'local_delivery', ['unnecessary']],
    ],
  );
  const skipped = findings('.ifdef NOT_DEFINED', 'acl_smtp_rcpt = a', '.endif', 'UNUSED = 1', 'begin acl', 'a:', '  accept');
  assert.deepEqual(skipped.map((x) => [x.d.code, x.text]), [['unused-macro', 'UNUSED']]);
});

test('no unused hint when an expansion chooses the name: any of them may be used', () => {
  const f = findings('begin routers', 'r:', '  driver = accept', '  transport = ${lookup{$domain}lsearch{/etc/transports}}', 'begin transports', 't1:', '  driver = pipe', 't2:', '  driver = pipe');
  assert.deepEqual(f.map((x) => x.d.code), []);
});

test('duplicate names: the second gets an error naming the first line, with related information', () => {
  const f = findings('begin routers', 'r1:', '  driver = accept', 'r1:', '  driver = accept', 'begin acl', 'a:', '  accept', 'a:', '  deny');
  assert.deepEqual(
    f.filter((x) => x.d.code === 'duplicate-name').map((x) => [x.line, x.text, x.d.related?.[0].range.start.line]),
    [
      [3, 'r1', 1],
      [8, 'a', 6],
    ],
  );
  assert.match(f[0].d.message, /there are two routers called "r1": line 2 and this one/);
});

test('an upper-case name is most likely a macro that is not defined: a warning that says so', () => {
  const f = findings('begin routers', 'r:', '  driver = accept', '  transport = LOCAL_DELIVERY', 'begin transports', 't:', '  driver = pipe');
  const u = f.find((x) => x.d.code === 'undefined-transport')!;
  assert.equal(u.d.severity, 'warning');
  assert.match(u.d.message, /looks like a macro/);
});

test('a redirection\'s file and pipe transports are used only when it yields a file or a pipe: a warning (exim -bV accepts them)', () => {
  const f = findings('system_filter_pipe_transport = nopipe', 'begin routers', 'r:', '  driver = redirect', '  data = x', '  file_transport = address_file', '  pipe_transport = address_pipe', '  transport = nosuch', 'begin transports', 't:', '  driver = pipe');
  assert.deepEqual(
    f.filter((x) => x.d.code === 'undefined-transport').map((x) => [x.text, x.d.severity]),
    [
      ['nopipe', 'warning'],
      ['address_file', 'warning'],
      ['address_pipe', 'warning'],
      ['nosuch', 'error'],
    ],
  );
});

test('a file read on its own that may be a piece: names are judged only where their definers are in view', () => {
  // Routers only: the transports may be defined in the file that includes this one.
  const piece = findings('begin routers', 'r:', '  driver = accept', '  domains = +local_domains', '  transport = remote_smtp');
  assert.deepEqual(piece.map((x) => x.d.code), []);
  // Transports only: nothing in view uses them.
  const transports = findings('begin transports', 't:', '  driver = pipe');
  assert.deepEqual(transports.map((x) => x.d.code), []);
});

test('an .include that cannot be read may define the name: a warning, and no unused hints', () => {
  const f = findings('.include /nonexistent/exim-defs.conf', 'acl_smtp_rcpt = check', 'begin acl', 'other:', '  accept');
  assert.deepEqual(
    f.map((x) => [x.d.code, x.d.severity]),
    [['undefined-acl', 'warning']],
  );
  assert.match(f[0].d.message, /it may be defined in "\/nonexistent\/exim-defs.conf", which could not be read/);
});

test('names defined in an included file resolve, relative and absolute includes alike', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exim-names-'));
  writeFileSync(join(dir, 'transports.conf'), 'begin transports\nlocal:\n  driver = pipe\n');
  writeFileSync(join(dir, 'lists.conf'), 'domainlist mine = a.example\n');
  const main = ['.include ' + join(dir, 'lists.conf'), 'begin routers', 'r:', '  driver = accept', '  domains = +mine', '  transport = local', '.include transports.conf', ''].join('\n');
  const a = analyse(main, { name: join(dir, 'exim.conf'), host: fileHost() });
  assert.deepEqual(a.diagnostics.filter((d) => NAME_CODES.has(d.code)).map(show), []);
});

// Exim itself, where it is installed: the names reported as undefined are the ones Exim fails on.
const EXIM = spawnSync('exim4', ['--version'], { encoding: 'utf8' }).status === 0 ? 'exim4' : undefined;

test('Exim agrees: a missing router stops it, a duplicate router stops it, a missing named list fails a match', (t) => {
  if (!EXIM) {
    t.skip('exim4 is not installed: skipped');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'exim-names-exim-'));
  const check = (name: string, lines: string[], args: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, ['keep_environment =', ...lines, ''].join('\n'));
    const ours = analyse(['keep_environment =', ...lines, ''].join('\n'), { name: path }).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
    const exim = spawnSync(EXIM, ['-C', path, ...args], { encoding: 'utf8' });
    return { ours, exim: `${exim.stdout}${exim.stderr}` };
  };
  const router = check('router.conf', ['begin routers', 'r:', '  driver = redirect', '  data = :blackhole:', '  redirect_router = nosuch'], ['-bt', 'x@example.com']);
  assert.deepEqual(router.ours, ['undefined-router']);
  assert.match(router.exim, /new_router "nosuch" not found for "r" router/);
  const dup = check('dup.conf', ['begin routers', 'r:', '  driver = accept', '  verify_only', 'r:', '  driver = accept', '  verify_only'], ['-bt', 'x@example.com']);
  assert.deepEqual(dup.ours, ['duplicate-name']);
  assert.match(dup.exim, /there are two routers called "r"/);
  const list = check('list.conf', ['domainlist d = a.example'], ['-be', '${if match_domain{a.example}{+nosuch}{yes}{no}}']);
  assert.deepEqual(list.ours, []);
  assert.match(list.exim, /unable to complete match against "\+nosuch"/);
  const defined = check('list2.conf', ['domainlist d = a.example'], ['-be', '${if match_domain{a.example}{+d}{yes}{no}}']);
  assert.match(defined.exim, /^yes/);
});

// (The bounded distance itself is compared with the plain one in robustness/regressions.test.ts.)
test('did-you-mean over names: the close ones, closest first', () => {
  assert.deepEqual(suggestions('remote_smpt', ['remote_smtp', 'local_smtp', 'remote_smtp_2', 'x']), ['remote_smtp', 'remote_smtp_2']);
});

test('rewrite patterns name lists: "+name" an address list, "local@+name" a domain list (rewrite section and headers_rewrite)', () => {
  const f = findings(
    'domainlist local_domains = example.com',
    'domainlist header_domains = example.org',
    'addresslist old_senders = a@example.com',
    'domainlist unused_domains = example.net',
    'begin routers',
    'r:',
    '  driver = accept',
    '  transport = t',
    'begin transports',
    't:',
    '  driver = smtp',
    '  headers_rewrite = *@+header_domains $local_part@example.net f : ^x@ y@z',
    'begin rewrite',
    '*@+local_domains "${lookup{$local_part}lsearch{/etc/email-addresses}{$value}fail}" Ffrs',
    '+old_senders  x@example.com',
    '*@+nosuch  y@example.com',
    '^.*@+regex  y@example.com',
  );
  assert.deepEqual(
    f.map((x) => [x.d.code, x.text, x.line]),
    [
      ['unused-named-list', 'unused_domains', 3],
      ['undefined-named-list', 'nosuch', 15],
    ],
  );
  assert.match(f[1].d.message, /unknown named domain list "\+nosuch"/, "Exim's words at -brw");
});

test('${listnamed:name} uses the list (of any kind, or the kind its _d/_h/_a/_l says); an unknown one with a kind is undefined', () => {
  const f = findings(
    'hostlist smart = 192.0.2.7',
    'domainlist local = example.com',
    'addresslist unused_a = a@example.com',
    'begin routers',
    'r:',
    '  driver = manualroute',
    '  route_data = "${listnamed:smart}"',
    '  condition = ${if eq{${listnamed_d:local}}{}{no}{yes}}',
    '  senders = ${listnamed_a:nosuch}',
    '  transport = t',
    'begin transports',
    't:',
    '  driver = smtp',
  );
  assert.deepEqual(f.map((x) => [x.d.code, x.text]), [['unused-named-list', 'unused_a'], ['undefined-named-list', 'nosuch']]);
  assert.match(f[1].d.message, /\(Exim: "nosuch" is not a address named list\)$/, 'Exim 4.96 -be words');
});
