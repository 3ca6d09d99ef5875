// The engine over every real configuration at hand: Exim's test suite and default configure
// (../shared/corpus, with Exim's verdict on each), and Debian's exim4 configs when installed.
// No crash, under a second each, and no error on any file Exim accepts.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyse } from '../server/src/analysis/analyse';
import { CODES } from '../server/src/analysis/codes';
import type { Diagnostic } from '../server/src/analysis/diagnostic';
import { fileHost } from '../server/src/node/fileHost';
import { CORPUS, HAVE_CORPUS, corpusVerdicts, show } from './helpers';

// Exim's test runner had /exim-test when the verdicts were made; here those includes cannot be
// followed, so their "cannot read" diagnostics are expected.
const isUnreachableInclude = (d: { code: string; message: string }) => d.code === 'include-missing' && /"\/exim-test\//.test(d.message);

const EXIM = spawnSync('exim4', ['--version'], { encoding: 'utf8' }).status === 0 ? 'exim4' : undefined;

/**
 * Some errors are ones Exim meets only when it uses the configuration (a transport, ACL or named
 * list that does not exist): `exim -bV`, which made the verdicts, never looks.  Such an error in a
 * file Exim accepts counts as true only when Exim itself, asked about that name, fails on it.
 */
function confirmedByExim(path: string, d: Diagnostic): string | undefined {
  if (!EXIM) return undefined;
  const ask = (...args: string[]) => {
    const r = spawnSync(EXIM, ['-C', path, ...args], { encoding: 'utf8', timeout: 20_000 });
    return `${r.stdout}${r.stderr}`;
  };
  const list = /no (domain|host|address|localpart)list is called "([^"]+)"/.exec(d.message);
  if (d.code === 'undefined-named-list' && list) {
    const test = { domain: 'match_domain{a.example}', host: 'match_ip{192.0.2.1}', address: 'match_address{a@a.example}', localpart: 'match_local_part{a}' }[list[1]];
    const out = ask('-be', `\${if ${test}{+${list[2]}}{yes}{no}}`);
    return /unable to complete match|unknown named/.test(out) ? out.trim().split('\n')[0] : undefined;
  }
  const transport = /no transport is called "([^"]+)"/.exec(d.message);
  if (d.code === 'undefined-transport' && transport) {
    const out = ask('-bP', 'transport', transport[1]);
    return /not found/.test(out) ? out.trim().split('\n')[0] : undefined;
  }
  const acl = /no ACL is called "([^"]+)"/.exec(d.message);
  if (d.code === 'undefined-acl' && acl) {
    const out = ask('-be', `\${acl{${acl[1]}}}`);
    return /ERROR from acl/.test(out) ? out.trim().split('\n')[0] : undefined;
  }
  return undefined;
}

test('corpus: no crash, no error on the files Exim accepts, and most of its rejections found', { timeout: 300_000 }, (t) => {
  if (!HAVE_CORPUS) {
    t.skip(`corpus not found at ${CORPUS}: skipped`);
    return;
  }
  const host = fileHost();
  let read = 0;
  let withErrors = 0;
  let rejectedToo = 0;
  let rejectedByExim = 0;
  let slowest = { file: '', ms: 0 };
  const falseErrors: string[] = [];
  const missed: string[] = [];
  const confirmed: string[] = [];
  const unaskable: string[] = [];
  for (const v of corpusVerdicts()) {
    const path = join(CORPUS, v.file);
    if (!statSync(path).isFile()) continue;
    const t0 = performance.now();
    const a = analyse(readFileSync(path, 'utf8'), { name: path, host });
    const ms = performance.now() - t0;
    if (ms > slowest.ms) slowest = { file: v.file, ms };
    read++;
    const errs = a.diagnostics.filter((d) => d.severity === 'error' && !isUnreachableInclude(d));
    // Files Exim rejects only for being newer than 4.96 or for a feature Debian leaves out are
    // valid Exim 4.99 configurations.
    const eximRejects = v.verdict === 'error' && v.cls !== 'version' && v.cls !== 'build';
    if (eximRejects) rejectedByExim++;
    if (errs.length > 0) {
      withErrors++;
      if (eximRejects) rejectedToo++;
      else {
        const unconfirmed = errs.filter((d) => {
          if (CODES[d.code]?.eximRejects) return true;
          if (v.verdict === 'error' || !EXIM) {
            // Exim 4.96 cannot read this (newer or left-out features), or is not installed: it
            // cannot be asked.
            unaskable.push(`${v.file}: ${show(d)}`);
            return false;
          }
          const exim = confirmedByExim(path, d);
          if (exim) confirmed.push(`${v.file}: ${d.code}: Exim says ${exim}`);
          return !exim;
        });
        if (unconfirmed.length) falseErrors.push(`${v.file}: ${unconfirmed.map(show).join('; ')}`);
      }
    } else if (eximRejects && !v.message.includes('in included file')) {
      missed.push(`${v.file}: Exim says ${v.message}`);
    }
  }
  t.diagnostic(`files read: ${read}; with errors: ${withErrors}; of those rejected by Exim too: ${rejectedToo} (Exim rejects ${rejectedByExim} for syntax or unset macros); slowest: ${slowest.file} ${slowest.ms.toFixed(0)} ms`);
  t.diagnostic(`errors Exim meets only at run time, each confirmed by asking Exim: ${confirmed.length}${confirmed.length ? `\n  ${confirmed.join('\n  ')}` : ''}`);
  if (unaskable.length) t.diagnostic(`the same where Exim cannot be asked (${EXIM ? 'Exim 4.96 cannot read the file' : 'exim4 is not installed'}): ${unaskable.length}\n  ${unaskable.join('\n  ')}`);
  assert.deepEqual(falseErrors, []);
  assert.deepEqual(missed, [], 'every rejection Exim makes in the file itself is found');
  assert.ok(slowest.ms < 1000, `every file in under a second (slowest ${slowest.file}: ${slowest.ms.toFixed(0)} ms)`);
});

test("Debian's exim4 configuration: the template and the conf.d files joined in order", (t) => {
  const template = '/etc/exim4/exim4.conf.template';
  if (!existsSync(template)) {
    t.skip('Debian exim4-config is not installed: skipped');
    return;
  }
  const a = analyse(readFileSync(template, 'utf8'), { name: template, host: fileHost() });
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error').map(show), []);
  // update-exim4.conf joins conf.d/{main,acl,router,transport,retry,rewrite,auth}/* in this order.
  const parts = ['main', 'acl', 'router', 'transport', 'retry', 'rewrite', 'auth'];
  const joined = parts
    .flatMap((p) => {
      const dir = join('/etc/exim4/conf.d', p);
      return existsSync(dir) ? readdirSync(dir).sort().map((f) => readFileSync(join(dir, f), 'utf8')) : [];
    })
    .join('\n');
  const b = analyse(joined, { name: '/etc/exim4/conf.d.joined' });
  assert.deepEqual(b.diagnostics.filter((d) => d.severity === 'error').map(show), []);
  t.diagnostic(`template: ${a.document.lines.length} logical lines, ${a.diagnostics.length} diagnostics; conf.d joined: ${b.document.lines.length} logical lines, ${b.diagnostics.length} diagnostics`);
});
