// One test for each crash, hang and unsafe fix the fuzzing and pathological tests found, small
// enough to say at once what broke.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyse } from '../../server/src/analysis/analyse';
import { boundedDistance, closest } from '../../server/src/analysis/distance';
import { codeActions } from '../../server/src/features/codeActions';
import { completion } from '../../server/src/features/completion';
import { LineMap, type LinePiece } from '../../server/src/syntax/lines';
import { MacroTable, MAX_LINE_LENGTH } from '../../server/src/syntax/macros';
import { expansionDepth, explainExpansionFailure, MAX_EXPANSION_DEPTH, MAX_RETRY_RULE_LENGTH, parseExpansion, parseLine } from '../../server/src/syntax/parse';
import { codes, run, ROOT } from '../helpers';

const fixTitles = (a: ReturnType<typeof run>, code: string) =>
  a.diagnostics.filter((d) => d.code === code).flatMap((d) => codeActions(a, d.range).filter((c) => c.diagnostic === d).map((c) => c.title));

test('an ACL verb followed by text that starts no condition is an error, not a crash', () => {
  for (const rest of ['$foo', '!', '=x', '"x"', '# a note', '${${\tcontrol = x']) {
    const a = run('begin acl', 'acl_a:', `  deny ${rest}`, '  accept');
    assert.deepEqual(codes(a), ['acl-unknown-condition'], rest);
  }
  assert.deepEqual(codes(run('begin acl', 'acl_a:', '  deny hosts = a', '  accept')), []);
});

test('nesting depth counts the braces of arguments and conditions, not only ${', () => {
  assert.equal(expansionDepth('${if and{{and{{eq{a}{b}}}}}{y}}'), 6);
  assert.equal(expansionDepth('{{{{ ${lc:x} }}}}'), 1, 'braces outside any ${ are text');
  assert.equal(expansionDepth('${lc:\\{\\{x}'), 1, 'escaped braces do not count');
  for (const text of ['${if ' + 'and{{'.repeat(5000) + 'eq{a}{b}' + '}}'.repeat(5000) + '{y}}', '${if ' + 'forall{a}{'.repeat(5000) + 'eq{a}{b}' + '}'.repeat(5000) + '{y}}']) {
    const r = parseExpansion(text);
    assert.ok(!Array.isArray(r) && r.tooDeep && r.depth > MAX_EXPANSION_DEPTH);
  }
});

test('the deepest nesting parsed fits in a third of the default stack', () => {
  // The worst shapes at exactly the bound, parsed cold in a process whose stack is 350 KB (the
  // default is 984 KB): none may be reported too deep, which is what a stack overflow gives.
  const script = `
    const { parseExpansion, MAX_EXPANSION_DEPTH: D } = require(${JSON.stringify(join(ROOT, 'out/server/src/syntax/parse.js'))});
    const shapes = ['\${lc:'.repeat(D) + 'k' + '}'.repeat(D), '\${if eq{a}{b}{'.repeat(D / 2) + 'y' + '}}'.repeat(D / 2),
      '\${if eq{'.repeat(D / 2) + '$x' + '}{b}}'.repeat(D / 2), '\${if ' + 'and{{'.repeat(D / 2 - 1) + 'eq{a}{b}' + '}}'.repeat(D / 2 - 1) + '{y}}'];
    for (const s of shapes) if (!Array.isArray(parseExpansion(s))) { console.log('too deep: ' + s.slice(0, 30)); process.exit(1); }`;
  const r = spawnSync(process.execPath, ['--stack-size=350', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('a stack overflow inside the parser is reported as too deep, not thrown', () => {
  const text = '${lc:'.repeat(MAX_EXPANSION_DEPTH) + 'x' + '}'.repeat(MAX_EXPANSION_DEPTH);
  // Use up the stack, then parse: the parser overflows and says the text is too deep.
  let result: ReturnType<typeof parseExpansion> | undefined;
  const deep = (n: number): void => {
    try {
      deep(n + 1);
    } catch {
      if (!result) result = parseExpansion(text + ' '.repeat(n % 7));
    }
  };
  deep(0);
  assert.ok(result && !Array.isArray(result) && result.tooDeep);
});

test('one strict re-parse per text, however many broken ${ it has', () => {
  const text = '${} '.repeat(3000);
  const t0 = performance.now();
  for (let i = 0; i < text.length; i += 4) explainExpansionFailure(text, i);
  assert.ok(performance.now() - t0 < 20_000);
  assert.equal(codes(run('keep_environment =', 'smtp_banner = ' + '${} '.repeat(500))).filter((c) => c === 'expansion-syntax').length, 500);
});

test('expansions over 64 KiB and retry rules over 64 KiB are reported, not parsed whole', () => {
  assert.deepEqual(codes(run('keep_environment =', 'smtp_banner = ' + '${lc:x}'.repeat(10_000))), ['expansion-too-long']);
  const rule = '* * ' + 'F,2h,15m; '.repeat(10_000);
  const node = parseLine('retryLine', rule);
  assert.equal(node.kind, 'retry');
  const cut = rule.lastIndexOf(';', MAX_RETRY_RULE_LENGTH - 1);
  assert.deepEqual(node, parseLine('retryLine', rule.slice(0, cut)), 'the part read is read as it would be alone');
  assert.ok(codes(run('begin retry', rule)).includes('line-too-long'));
});

test('logical lines map offsets to positions quickly and the same way with thousands of pieces', () => {
  const pieces: LinePiece[] = [];
  let at = 0;
  for (let line = 0; line < 5000; line++) {
    const length = 1 + (line % 4);
    pieces.push({ at, length, file: 0, line, character: 2, exact: line % 5 !== 0, endCharacter: line % 5 !== 0 ? 2 + length : 9 });
    at += length;
  }
  const map = new LineMap(pieces);
  for (let offset = 0; offset < at; offset += 7) {
    const linear = [...pieces].reverse().find((p) => p.at <= offset) ?? pieces[0];
    assert.equal(map.indexAt(offset), pieces.indexOf(linear));
    assert.equal(map.startPosition(offset).line, linear.line);
  }
});

test('macro substitution: the same result as replacing each macro in turn, and linear in uses', () => {
  // A plain reading of Exim's rule, to compare with: each macro in definition order replaces
  // every occurrence from the scan start on, a replacement not rescanned for that macro.
  const naive = (defs: [string, string][], line: string, from: number) => {
    let text = line;
    for (const [name, value] of defs) {
      let at = text.indexOf(name, from);
      while (at >= 0) {
        text = text.slice(0, at) + value + text.slice(at + name.length);
        at = text.indexOf(name, at + value.length);
      }
    }
    return text;
  };
  const name = fc.constantFrom('A', 'AB', 'B', 'BA', 'ABC', 'C', 'CA', 'X_1');
  fc.assert(
    fc.property(fc.uniqueArray(fc.tuple(name, fc.stringMatching(/^[ABCX_1 a]{0,4}$/)), { selector: (d) => d[0], maxLength: 5 }), fc.stringMatching(/^[ABCX_1 a=]{0,20}$/), (defs, line) => {
      const table = new MacroTable();
      for (const [n, v] of defs) table.define(n, v);
      const got = table.substitute('x ' + line, false);
      const start = ('x ' + line).search(/[A-Z]/);
      const want = start < 0 ? 'x ' + line : naive(defs, 'x ' + line, start);
      assert.equal(got?.text ?? 'x ' + line, want);
    }),
    { numRuns: 2000 },
  );
  const table = new MacroTable();
  table.define('MAC', 'x');
  const t0 = performance.now();
  const r = table.substitute('smtp_banner = ' + 'MAC '.repeat(100_000), false);
  assert.equal(r?.uses.length, 100_000);
  assert.ok(performance.now() - t0 < 20_000);
});

test('macros that grow without bound stop at the line limit with a warning', () => {
  const lines = ['keep_environment =', 'A0 = xxxxxxxxxx'];
  for (let i = 1; i <= 8; i++) lines.push(`B${String.fromCharCode(65 + i)}${i} = ` + `${i === 1 ? 'A0' : `B${String.fromCharCode(64 + i)}${i - 1}`} `.repeat(10));
  const a = run(...lines);
  assert.deepEqual(codes(a), ['line-too-long']);
  assert.ok(a.document.lines.every((l) => l.text.length <= MAX_LINE_LENGTH));
});

test('the earliest macro whose name is part of a new name is the clash', () => {
  const t = new MacroTable();
  for (const n of ['ZZ', 'AB', 'B', 'ABC']) t.define(n, '1');
  assert.equal(t.substringClash('XABCX')?.name, 'AB');
  assert.equal(t.substringClash('QQ'), undefined);
  assert.equal(t.substringClash('ABC')?.name, 'AB', 'the name itself does not count');
});

/** Edit distance with adjacent transpositions, the plain way (a full table). */
function osaDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

test('did-you-mean: the bounded distance agrees with the full one, and closest is fast', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[a-e_]{0,12}$/), fc.stringMatching(/^[a-e_]{0,12}$/), fc.integer({ min: 1, max: 4 }), (a, b, limit) => {
      const full = osaDistance(a, b);
      const bounded = boundedDistance(a, b, limit);
      assert.ok(full <= limit ? bounded === full : bounded > limit, `${a} ${b} ${limit}: ${full} vs ${bounded}`);
    }),
    { numRuns: 5000 },
  );
  assert.deepEqual(closest('retry_use_local_prat', ['retry_use_local_part', 'local_parts', 'local_part_prefix']), ['retry_use_local_part']);
  assert.deepEqual(closest('x'.repeat(1_000_000), ['xxx']), []);
});

test('includes: a directory reads as empty (a warning), /dev/null as empty, a device is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exim-include-'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'x.conf'), '');
  assert.deepEqual(codes(run('keep_environment =', `.include ${join(dir, 'sub')}`)), ['include-directory']);
  assert.deepEqual(codes(run('keep_environment =', '.include /dev/null')), []);
  assert.deepEqual(codes(run('keep_environment =', '.include /dev/zero', '.include_if_exists /dev/zero')), ['include-not-file', 'include-not-file']);
});

test('did-you-mean fixes for options: only what the line can be, never an option set already', () => {
  const bare = run('keep_environment =', 'begin routers', 'r:', '  driver = accept', '  retry_use_local_prat');
  assert.deepEqual(fixTitles(bare, 'option-unknown'), ['Change to "retry_use_local_part"']);
  const notBoolean = run('keep_environment =', 'begin routers', 'r:', '  driver = redirect', '  dta');
  assert.deepEqual(fixTitles(notBoolean, 'option-unknown'), [], 'a non-boolean needs "= value": no fix for a bare line');
  const set = run('keep_environment =', 'begin transports', 't:', '  driver = smtp', '  tls_verify_cert_hostnmaes = *', '  tls_verify_cert_hostnames = *');
  assert.ok(!fixTitles(set, 'option-unknown').includes('Change to "tls_verify_cert_hostnames"'));
});

test('driver fixes: only drivers that have every option the instance sets', () => {
  const a = run('keep_environment =', 'begin transports', 't:', '  driver = LMTP', '  command = /bin/x');
  assert.deepEqual(fixTitles(a, 'driver-unknown'), ['Change to "lmtp"']);
  const b = run('keep_environment =', 'begin transports', 't:', '  driver = LMTP', '  hosts = a');
  assert.deepEqual(fixTitles(b, 'driver-unknown'), ['Change to "smtp"']);
});

test('"Insert =" only when what follows is a good value', () => {
  assert.deepEqual(fixTitles(run('keep_environment =', 'begin transports', 't:', '  driver smtp'), 'option-value'), ['Insert " ="']);
  assert.deepEqual(fixTitles(run('keep_environment =', 'begin transports', 't:', '  driver${${ = smtp'), 'option-value'), []);
  assert.deepEqual(fixTitles(run('keep_environment =', 'timeout_frozen_after 7d'), 'option-value'), ['Insert " ="']);
  assert.deepEqual(fixTitles(run('keep_environment =', 'timeout_frozen_after ten'), 'option-value'), []);
});

test('ACL condition fixes: only names that fit the line as written', () => {
  assert.deepEqual(fixTitles(run('begin acl', 'a:', '  deny hostz = x'), 'acl-unknown-condition'), ['Change to "hosts"']);
  assert.deepEqual(fixTitles(run('begin acl', 'a:', '  deny hostz'), 'acl-unknown-condition'), [], '"hosts" needs "= value"');
  assert.deepEqual(fixTitles(run('begin acl', 'a:', '  accept endpas'), 'acl-unknown-condition'), ['Change to "endpass"']);
});

test('typographic quotes are made straight only where that gives a whole quoted string', () => {
  assert.deepEqual(fixTitles(run('keep_environment =', 'qualify_domain = \u201cexample.com\u201d'), 'typographic-quote'), ['Replace the typographic quotes with straight ones']);
  assert.deepEqual(fixTitles(run('keep_environment =', 'qualify_domain = \u201cexample.com'), 'typographic-quote'), []);
  assert.deepEqual(fixTitles(run('keep_environment =', 'qualify_domain = \u201cexample\u201d.com'), 'typographic-quote'), []);
  assert.deepEqual(fixTitles(run('keep_environment =', 'begin rewrite', '\u201dhostlist ${ F'), 'typographic-quote'), [], 'a lone quote in a rule');
  assert.deepEqual(fixTitles(run('keep_environment =', 'begin rewrite', '\u201c*@a\u201d b@c F'), 'typographic-quote'), ['Replace the typographic quotes with straight ones']);
});

test('completion on a line continued 100,000 times takes linear time', () => {
  const a = run('keep_environment =', 'smtp_banner = a \\', ...Array.from({ length: 100_000 }, () => ' b \\'), 'c');
  const t0 = performance.now();
  for (let i = 0; i < 10; i++) completion(a, { line: 2 + i * 9000, character: 2 });
  // It was quadratic (an unshift per line): seconds per request.
  assert.ok(performance.now() - t0 < 10_000, `${Math.round(performance.now() - t0)} ms`);
  assert.equal(completion(a, { line: 5, character: 99 }), undefined, 'past the end of the line');
});

test('the CLI on binary junk, invalid UTF-8, a device and a directory: findings and exit codes, never an internal error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exim-cli-junk-'));
  const bytes = Buffer.alloc(200_000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + (i >> 5) * 104729) & 0xff;
  writeFileSync(join(dir, 'junk.conf'), bytes);
  writeFileSync(join(dir, 'bad-utf8.conf'), Buffer.concat([Buffer.from('keep_environment =\nsmtp_banner = '), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from('\n.include /dev/zero\n')]));
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
  const junk = cli(join(dir, 'junk.conf'));
  assert.ok(junk.status === 0 || junk.status === 1, `status ${junk.status}: ${junk.stderr}`);
  assert.doesNotMatch(junk.stderr, /internal error/);
  const bad = cli('--format', 'json', join(dir, 'bad-utf8.conf'));
  assert.equal(bad.status, 1, bad.stderr);
  const found = (JSON.parse(bad.stdout) as { code: string }[]).map((f) => f.code);
  assert.ok(found.includes('not-utf8') && found.includes('include-not-file'), found.join(' '));
  for (const path of ['/dev/zero', dir]) {
    const r = cli(path);
    assert.ok(r.status === 0 || r.status === 2, `${path}: status ${r.status}`);
    assert.doesNotMatch(r.stderr, /internal error/);
  }
});

test('a range on a line that goes on in an included file stays in the first file', () => {
  const { analyse } = require('../../server/src/analysis/analyse') as typeof import('../../server/src/analysis/analyse');
  const files: Record<string, string> = { '/t/part.conf': 'keep_environment = PATH:SOME_LONGER_VALUE_THAN_THE_FIRST_LINE\n' };
  const host = { readFile: (p: string) => files[p], resolve: (p: string) => p };
  // (found by the fuzzer: the error's end was placed in the first file at the included line's column)
  const text = '{# short \\\n.include /t/part.conf\n';
  const a = analyse(text, { name: '/t/a.conf', host });
  const syntax = a.diagnostics.find((d) => d.code === 'syntax');
  assert.ok(syntax, 'the joined line is reported');
  assert.equal(syntax.file, 0);
  assert.deepEqual(syntax.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 9 } });
  const map = new LineMap([
    { at: 0, length: 9, file: 0, line: 0, character: 0, exact: true, endCharacter: 9 },
    { at: 9, length: 20, file: 1, line: 0, character: 0, exact: true, endCharacter: 20 },
  ] as LinePiece[]);
  assert.deepEqual(map.range(2, 25), { start: { line: 0, character: 2 }, end: { line: 0, character: 9 } });
  assert.deepEqual(map.range(12, 25), { start: { line: 0, character: 3 }, end: { line: 0, character: 16 } });
});

test('a cached finding that names its transport is not reused for another transport with the same line (fuzzer case)', () => {
  const config = (name: string) => ['keep_environment =', 'begin transports', `${name}:`, '  driver = appendfile', '  file = /var/mail/$local_part', ''].join('\n');
  const first = analyse(config('local_delivery'), { name: '/tmp/taint-cache.conf' });
  assert.match(first.diagnostics.find((d) => d.code === 'tainted-file-name')!.message, /for local_delivery transport/);
  const second = analyse(config('t1'), { name: '/tmp/taint-cache.conf', previous: first });
  assert.match(second.diagnostics.find((d) => d.code === 'tainted-file-name')!.message, /for t1 transport/);
});
