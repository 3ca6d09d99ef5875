// Where each ACL condition and modifier may run, against Debian's Exim: every condition (with a
// value it reads) is put in each ACL type an `exim -bh` session reaches, connect to notquit, and
// Exim's log says whether it refused it there ("cannot test X condition in Y ACL").  Our tables,
// with what they record of that release (EXIM_496_PLACES), must say the same (about 400 sessions,
// a few seconds).

import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { aclConditions, aclTypeDisplayName, EXIM_496_PLACES, isConditionAllowedIn, refusedByRelease, type AclType } from '../../server/src/facts';
import { builtinMacrosOf } from '../../server/src/node/eximMacros';
import { releaseOf } from '../../server/src/syntax/macros';
import { EXIM, NO_EXIM } from './binary';
import { pool, runSession } from './run';

/** The ACL types a session reaches, with the option that names each. */
const TYPES: Partial<Record<AclType, string>> = {
  CONNECT: 'connect', HELO: 'helo', MAIL: 'mail', RCPT: 'rcpt', PREDATA: 'predata', DATA: 'data', MIME: 'mime',
  PRDR: 'data_prdr', VRFY: 'vrfy', EXPN: 'expn', ETRN: 'etrn', QUIT: 'quit', NOTQUIT: 'notquit',
};
/** A value each condition reads without a configuration error; "x" for the rest. */
const VALUE: Record<string, string> = {
  acl: 'other', add_header: 'X-Test: 1', authenticated: '*', condition: 'yes', decode: 'default', delay: '0s',
  dnslists: 'list.example.invalid', encrypted: '*', hosts: '198.51.100.1', log_reject_target: 'main', queue: 'q',
  ratelimit: '1 / 1h / noupdate', recipients: 'a@b.example', remove_header: 'X-Test', senders: 'a@b.example',
  set: 'acl_m0 = x', spam: 'nobody', spf: 'pass', spf_guess: 'pass', udpsend: '127.0.0.1 9 x',
};
/** Not run: their places are checked elsewhere (control, verify), they are not conditions, or this build or release lacks them. */
const SKIP = new Set(['message', 'log_message', 'endpass', 'control', 'verify', 'dcc', 'atrn_domains', 'seen', 'dmarc_status']);
const MIME = 'Subject: x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="XX"\n\n--XX\nContent-Type: text/plain\n\nhi\n--XX--\n.\n';
const session = (quit: boolean) =>
  `ehlo x\nmail from:<a@b.example> PRDR\nrcpt to:<p@q.example>\nrcpt to:<r@q.example>\ndata\n${MIME}vrfy p@q.example\nexpn p@q.example\netrn #x\n${quit ? 'quit\n' : ''}`;

function configFor(statement: string, option: string): string {
  const others = ['rcpt', 'vrfy', 'expn', 'etrn'].filter((o) => o !== option).map((o) => `acl_smtp_${o} = other\n`).join('');
  return `keep_environment =\nprdr_enable\ndns_retrans = 1s\ndns_retry = 1\nacl_smtp_${option} = tested\n${others}begin acl\ntested:\n  warn logwrite = REACHED\n  warn ${statement}\n  accept\nother:\n  accept\n`;
}

test('every ACL condition runs where our tables say, and only there (exim -bh)', { skip: EXIM ? false : NO_EXIM }, async (t) => {
  const release = releaseOf((await builtinMacrosOf(EXIM!)).macros ?? []);
  if (release !== '4.96') return t.skip(`the places of the release table were read off Exim 4.96; this Exim is ${release ?? 'of unknown release'}`);
  const pairs: { name: string; type: AclType }[] = [];
  for (const c of aclConditions().filter((c) => !SKIP.has(c.name))) {
    for (const type of Object.keys(TYPES) as AclType[]) pairs.push({ name: c.name, type });
  }
  const dir = mkdtempSync(join(tmpdir(), 'acl-places-'));
  const found = await pool(pairs, 4, async ({ name, type }, k) => {
    const file = join(dir, `${k}.conf`);
    writeFileSync(file, configFor(name === 'set' ? `set ${VALUE.set}` : `${name} = ${VALUE[name] ?? 'x'}`, TYPES[type]!));
    const out = await runSession(file, session(type !== 'NOTQUIT'));
    const where = aclTypeDisplayName(type).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return { reached: /^LOG: (?:\S+ )?REACHED$/m.test(out), refused: new RegExp(`cannot (test|use) ${name} (condition|modifier) in ${where} ACL`).test(out), out };
  });
  const wrong: string[] = [];
  pairs.forEach(({ name, type }, k) => {
    const f = found[k];
    assert.ok(f.reached, `${name} in ${type}: the session never reached the ACL:\n${f.out.slice(-600)}`);
    const ours = !isConditionAllowedIn(name, type) || refusedByRelease(name, release).includes(type);
    if (ours !== f.refused) wrong.push(`${name} in ${type}: we say ${ours ? 'refused' : 'allowed'}, Exim ${f.refused ? 'refused it' : 'ran it'}`);
  });
  assert.deepEqual(wrong, []);
  assert.ok(pairs.length >= 380, `${pairs.length} pairs`);
  assert.ok(Object.keys(EXIM_496_PLACES).every((name) => pairs.some((p) => p.name === name)), 'every condition of the release table is run');
});
