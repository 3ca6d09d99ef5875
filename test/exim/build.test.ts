// The names the installed Exim's build lacks (by its built-in macros, as `exim-lint --exim` reads
// them): each, set in a small configuration, is rejected by that Exim with the message our
// not-in-build error quotes, on the line we put it.  Every gap of the build is tried (options,
// drivers, ACL conditions and modifiers, log selectors), so the test follows whatever Exim is installed.

import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { analyse } from '../../server/src/analysis/analyse';
import { buildGaps } from '../../server/src/analysis/build';
import { builtinMacrosOf } from '../../server/src/node/eximMacros';
import { EXIM, NO_EXIM } from './binary';
import { pool, runExim, runSession } from './run';
import { spawnSync } from 'node:child_process';
import { lookupTypes } from '../../server/src/facts';
import { eximUnknownMessage, type ReleaseUnknowns } from '../../server/src/facts/release';
import { PROBE_TEXT } from '../../server/src/node/probeRelease';

const dir = mkdtempSync(join(tmpdir(), 'exim-build-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const WORD = { routers: 'router', transports: 'transport', authenticators: 'authenticator' } as const;
/** Enough of an instance of each driver section for Exim to read as far as the line tried. */
const INSTANCE = {
  routers: (driver: string) => ['begin routers', 'x:', `  driver = ${driver}`],
  transports: (driver: string) => ['begin transports', 'x:', `  driver = ${driver}`],
  authenticators: (driver: string) => ['begin authenticators', 'x:', `  driver = ${driver}`],
};
const SOME_DRIVER = { routers: 'accept', transports: 'pipe', authenticators: 'plaintext' } as const;

test("every name this Exim's build lacks is rejected by it as our not-in-build error says", { skip: !EXIM && NO_EXIM, timeout: 300_000 }, async (t) => {
  const builtins = await builtinMacrosOf(EXIM!);
  assert.ok(builtins.macros, builtins.problem);
  const gaps = buildGaps(builtins.macros!);
  const cases: { what: string; lines: string[] }[] = [];
  for (const o of gaps.options) {
    if (o.scope === 'main') cases.push({ what: `main option ${o.name}`, lines: [`${o.name} = x`] });
    else if (o.driver === undefined) cases.push({ what: `generic ${o.scope} option ${o.name}`, lines: [...INSTANCE[o.scope](SOME_DRIVER[o.scope]), `  ${o.name} = x`] });
    else if (!gaps.drivers.has(`${o.scope}/${o.driver}`)) cases.push({ what: `${o.driver} option ${o.name}`, lines: [...INSTANCE[o.scope](o.driver), `  ${o.name} = x`] });
  }
  for (const key of gaps.drivers) {
    const [scope, driver] = key.split('/') as [keyof typeof INSTANCE, string];
    cases.push({ what: `${WORD[scope]} driver ${driver}`, lines: INSTANCE[scope](driver) });
  }
  for (const name of gaps.acl) cases.push({ what: `ACL condition ${name}`, lines: ['begin acl', 'a:', `  deny ${name} = x`] });
  for (const o of gaps.refused.keys()) cases.push({ what: `${o.name}, which this build refuses`, lines: [`${o.name} = +no_sslv3`] });
  for (const name of gaps.logSelectors) cases.push({ what: `log selector ${name}`, lines: [`log_selector = +${name}`] });
  if (cases.length === 0) {
    t.diagnostic('this Exim lacks nothing the facts know (an every-feature build of the newest version)');
    return;
  }

  const problems: string[] = [];
  await pool(cases, 2, async (c, i) => {
    const text = ['keep_environment =', ...c.lines, ''].join('\n');
    const file = join(dir, `case-${i}.conf`);
    writeFileSync(file, text);
    const exim = await runExim(file);
    const ours = analyse(text, { name: file, builtinMacros: builtins.macros }).diagnostics.filter((d) => d.code === 'not-in-build');
    const message = exim.error ?? /configuration error:\n\s*(.*)/.exec(exim.stderr)?.[1]?.trim();
    if (exim.ok || message === undefined) return void problems.push(`${c.what}: Exim ${exim.ok ? 'accepts it' : `fails otherwise: ${exim.stderr.trim()}`}`);
    if (ours.length !== 1) return void problems.push(`${c.what}: ${ours.length} not-in-build errors; Exim: ${message}`);
    const quoted = /\(Exim: (.*)\)$/.exec(ours[0].message)?.[1] ?? '';
    if (!message.includes(quoted) || quoted === '') problems.push(`${c.what}: Exim says "${message}", we quote "${quoted}"`);
    if (exim.line !== undefined && ours[0].range.start.line + 1 !== exim.line) problems.push(`${c.what}: Exim's line ${exim.line}, ours ${ours[0].range.start.line + 1}`);
  });
  t.diagnostic(`${cases.length} names this Exim lacks (${gaps.options.size} options, ${gaps.drivers.size} drivers, ${gaps.acl.size} ACL conditions/modifiers, ${gaps.logSelectors.size} log selectors, ${gaps.refused.size} refused for its TLS library)`);
  assert.deepEqual(problems, []);
});

test('lookup types: those the build lacks are unknown to its Exim (exim -be), and a list lookup of one ends the SMTP connection', { skip: EXIM ? false : NO_EXIM }, async () => {
  const macros = (await builtinMacrosOf(EXIM!)).macros!;
  const gaps = buildGaps(macros);
  const types = lookupTypes().filter((l) => l.buildFlags?.some((f) => f.startsWith('LOOKUP_')));
  const probes = types.map((l) => (l.style === 'single-key' ? `\${lookup{x}${l.name}{/nonexistent/x}}` : `\${lookup ${l.name}{x}}`));
  const r = spawnSync(EXIM!, ['-C', '/dev/null', '-be', ...probes], { encoding: 'utf8', timeout: 30_000 });
  const unknown = types.filter((l) => (r.stdout + r.stderr).includes(`unknown lookup type "${l.name}"`)).map((l) => l.name);
  const missing = types.filter((l) => gaps.lookups.has(l.name)).map((l) => l.name);
  // Every lookup we call missing is one Exim does not know, and the other way round: the macros
  // say which the build has, exim -bV which are there (a module that is not installed has its
  // macro but is unknown: Debian's json; ldapauth is a lookup type of newer releases only).
  assert.deepEqual(missing.filter((n) => !unknown.includes(n)), []);
  if (macros.some((m) => m.startsWith('exim_lookups='))) assert.deepEqual(unknown.filter((n) => !missing.includes(n)), [], 'lookups Exim does not know that we take as there');
  assert.ok(missing.length > 0 || unknown.length === 0 || !macros.some((m) => m.startsWith('_HAVE_LOOKUP_')), `unknown: ${unknown.join(' ')}`);
  if (missing.length === 0) return;
  const name = missing[0];
  const file = join(dir, 'lookup.conf');
  const text = `keep_environment =\ndomainlist d = ${name};x\nacl_smtp_rcpt = r\nbegin acl\nr:\n  accept domains = +d\n`;
  writeFileSync(file, text);
  const out = await runSession(file, 'helo x\nmail from:<a@b.example>\nrcpt to:<c@d.example>\nquit\n');
  assert.match(out, new RegExp(`unknown lookup type "${name}"`));
  assert.doesNotMatch(out, /^250 Accepted/m, 'the process ended before it answered RCPT');
  const ours = analyse(text, { name: file, builtinMacros: macros }).diagnostics.filter((d) => d.code === 'lookup-not-in-build');
  assert.deepEqual(ours.map((d) => [d.range.start.line, d.range.start.character]), [[1, 'domainlist d = '.length]]);
  assert.match(ours[0].message, /SMTP connection ends without a reply/);
});

test('expansion names of features the build leaves out are unknown to its Exim (exim -be)', { skip: EXIM ? false : NO_EXIM }, async () => {
  const gaps = buildGaps((await builtinMacrosOf(EXIM!)).macros!);
  const names = [...gaps.expansion.keys()];
  const kindOf = (k: string) => k.split('/')[0] as keyof ReleaseUnknowns;
  const nameOf = (k: string) => k.split('/')[1];
  const r = spawnSync(EXIM!, ['-C', '/dev/null', '-be', ...names.map((k) => PROBE_TEXT[kindOf(k)](nameOf(k)))], { encoding: 'utf8', timeout: 30_000 });
  const said = r.stdout + r.stderr;
  const known = names.filter((k) => !said.includes(eximUnknownMessage(kindOf(k), nameOf(k))));
  assert.deepEqual(known, [], 'names we call missing that this Exim knows');
  const macros = (await builtinMacrosOf(EXIM!)).macros!;
  if (!macros.includes('_HAVE_DMARC')) assert.ok(names.includes('variables/dmarc_status'), names.join(' '));
});
