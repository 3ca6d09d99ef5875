// Values Exim reads when an ACL statement runs: delay, queue, udpsend, the tmo= of malware, what
// follows the name of a control that takes options, and a callout's mailfrom; and, where exim4 is
// installed, that `exim -bh` defers exactly those statements, with the words we quote.

import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EXIM, NO_EXIM } from '../exim/binary';
import { pool, runSession } from '../exim/run';
import { run } from '../helpers';

/** A statement, the ACL it runs in, and Exim's words when it cannot read it (undefined: it can). */
const CASES: [string, 'rcpt' | 'data', string | undefined][] = [
  ['delay = 1m30s', 'rcpt', undefined],
  ['delay = 0s', 'rcpt', undefined],
  ['delay = 1.5s', 'rcpt', 'syntax error in argument for "delay" modifier: "1.5s" is not a time value'],
  ['delay = 1', 'rcpt', 'syntax error in argument for "delay" modifier: "1" is not a time value'],
  ['delay = 5 secs', 'rcpt', 'syntax error in argument for "delay" modifier: "5 secs" is not a time value'],
  ['queue = slow', 'rcpt', undefined],
  ['queue = a.b', 'rcpt', undefined],
  ['queue = q/x', 'rcpt', "Directory separator not permitted in queue name: 'q/x'"],
  ['udpsend = 127.0.0.1 : 9 : text', 'rcpt', undefined],
  ['udpsend = 127.0.0.1 : 9', 'rcpt', undefined],
  ['udpsend = <; ::1 ; 9 ; text', 'rcpt', undefined],
  ['udpsend = 127.0.0.1 9 text', 'rcpt', 'missing destination port in "udpsend" modifier'],
  ['udpsend = 127.0.0.1 : discard : text', 'rcpt', 'bad destination port in "udpsend" modifier'],
  ['udpsend = 127.0.0.1 : 9x : text', 'rcpt', 'bad destination port in "udpsend" modifier'],
  ['malware = */defer_ok/tmo=1m', 'data', undefined],
  ['malware = */tmo=x', 'data', "bad timeout value in 'tmo=x'"],
  ['control = freeze/no_tell', 'rcpt', undefined],
  ['control = freeze/x', 'rcpt', 'syntax error in "control=freeze/x"'],
  ['control = freeze/', 'rcpt', 'syntax error in "control=freeze/"'],
  ['control = freeze2', 'rcpt', 'syntax error in "control=freeze2"'],
  ['control = submission/domain=example.com/sender_retain', 'rcpt', undefined],
  ['control = submission/name=Mail Robot', 'rcpt', undefined],
  ['control = submission/bogus', 'rcpt', 'syntax error in "control=submission/bogus"'],
  ['control = utf8_downconvert/-1', 'rcpt', undefined],
  ['control = utf8_downconvert=1', 'rcpt', 'syntax error in "control=utf8_downconvert=1"'],
  ['control = utf8_downconvert/2', 'rcpt', 'bad option value for control=utf8_downconvert'],
  ['control = queue_only', 'rcpt', undefined],
  ['control = queue/first_pass_route', 'rcpt', undefined],
  ['control = queuex', 'rcpt', 'syntax error in "control=queuex"'],
  ['control = debug/tag=x/opts=+all', 'rcpt', undefined],
  ['control = cutthrough_deliveryx', 'rcpt', 'syntax error in "control=cutthrough_deliveryx"'],
  ['control = dscp', 'rcpt', 'syntax error in "control=dscp"'],
  ['verify = recipient/callout=use_sender,30s', 'rcpt', undefined],
  ['verify = recipient/callout=mailfrom=a@b.example', 'rcpt', '"mailfrom" is allowed as a callout option only for verify=header_sender (detected in ACL condition "recipient/callout=mailfrom=a@b.example")'],
];

const config = (statement: string, where: 'rcpt' | 'data') => ['keep_environment =', `acl_smtp_${where} = t`, ...(where === 'data' ? ['acl_smtp_rcpt = other'] : []), 'begin acl', 't:', `  warn ${statement}`, '  warn logwrite = PASSED', '  accept', 'other:', '  accept'];
const CODES = new Set(['acl-value', 'acl-control-unknown', 'acl-verify-option']);

test('ACL values read when the statement runs: a warning in Exim\'s words where Exim defers', () => {
  for (const [statement, where, exim] of CASES) {
    const lines = config(statement, where);
    const found = run(...lines).diagnostics.filter((d) => CODES.has(d.code));
    assert.equal(found.length, exim ? 1 : 0, `${statement}: ${found.map((d) => d.message).join(' / ')}`);
    if (!exim) continue;
    assert.equal(found[0].severity, 'warning');
    assert.equal(found[0].range.start.line, lines.indexOf(`  warn ${statement}`));
    assert.ok(found[0].message.endsWith(`(Exim: ${exim})`), `${statement}: ${found[0].message}`);
  }
  const d = run(...config('delay = 5 secs', 'rcpt')).diagnostics.find((x) => x.code === 'acl-value')!;
  assert.deepEqual(d.fixes?.map((f) => [f.edits[0].newText, f.preferred]), [['5s', true]]);
  const u = run(...config('udpsend = 127.0.0.1 9 text here', 'rcpt')).diagnostics.find((x) => x.code === 'acl-value')!;
  assert.deepEqual(u.fixes?.map((f) => f.edits[0].newText), ['127.0.0.1 : 9 : text here']);
  assert.equal(run(...config('udpsend = 127.0.0.1 9 a:b', 'rcpt')).diagnostics.find((x) => x.code === 'acl-value')!.fixes, undefined, 'a colon in the data: no fix');
});

test('those values: exim -bh defers exactly those statements, with those words', { skip: EXIM ? false : NO_EXIM }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'acl-arguments-'));
  const session = 'helo x\nmail from:<a@b.example>\nrcpt to:<c@d.example>\ndata\nSubject: x\n\nhi\n.\nquit\n';
  const results = await pool(CASES, 4, async ([statement, where], i) => {
    const file = join(dir, `${i}.conf`);
    writeFileSync(file, config(statement, where).join('\n') + '\n');
    return runSession(file, session);
  });
  CASES.forEach(([statement, , exim], i) => {
    const out = results[i];
    const passed = /^LOG: (?:\S+ )?PASSED$/m.test(out);
    assert.equal(!passed, exim !== undefined, `${statement}:\n${out.slice(-500)}`);
    if (exim) assert.ok(out.includes(exim), `${statement}: Exim said\n${out.split('\n').filter((l) => l.startsWith('LOG:')).join('\n')}`);
  });
});
