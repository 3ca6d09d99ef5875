// Regular expressions PCRE2 cannot compile: the checker against Exim's own PCRE2 (exim -be, on
// fixed and random patterns: when we report, PCRE2 refuses the pattern too), and in lists, where
// Exim ends the process that matches them (exim -bh).

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { regexProblem } from '../../server/src/analysis/regex';
import { afterExpansion } from '../../server/src/analysis/regexLists';
import { EXIM, NO_EXIM } from '../exim/binary';
import { runSession } from '../exim/run';
import { codes, run } from '../helpers';

const CASES: [string, string | undefined][] = [
  ['^a.*\\.example$', undefined],
  ['(?:a|b)*c', undefined],
  ['(?i)abc(?=d)(?<!x)', undefined],
  ['[]a][^]b][[:alpha:]_-]', undefined],
  ['a*?b+?c??d*+e++', undefined],
  ['\\Qa(b\\E', undefined],
  ['(?P<n>a)(?P=n)(?#note)', undefined],
  ['^(a', 'missing closing parenthesis at offset 3'],
  ['a)', 'unmatched closing parenthesis at offset 1'],
  ['^[a', 'missing terminating ] for character class at offset 3'],
  ['^*a', 'quantifier does not follow a repeatable item at offset 1'],
  ['a**', 'quantifier does not follow a repeatable item at offset 2'],
  ['a|+b', 'quantifier does not follow a repeatable item at offset 2'],
  ['^{2}', 'quantifier does not follow a repeatable item at offset 3'],
  ['a\\', '\\ at end of pattern at offset 2'],
  ['[:alpha:]', 'POSIX named classes are supported only within a class at offset 0'],
  ['a{2,1}', 'numbers out of order in {} quantifier at offset 5'],
  ['x{70000,1}', 'number too big in {} quantifier at offset 7'],
  ['^{70000}', 'number too big in {} quantifier at offset 7'],
  ['a{2}{3}', 'quantifier does not follow a repeatable item at offset 6'],
  ['a(?i)+', 'quantifier does not follow a repeatable item at offset 5'],
  ['\\b*', 'quantifier does not follow a repeatable item at offset 2'],
  ['a(?#note)+(?i:b)*', undefined],
  ['[z-a]', 'range out of order in character class at offset 3'],
  ['[\\n-\\t]', 'range out of order in character class at offset 5'],
  ['[\\x{41}-\\x40]', 'range out of order in character class at offset 11'],
  ['[\\w-z]', 'invalid range in character class at offset 3'],
  ['[a-[:alpha:]]', 'invalid range in character class at offset 4'],
  ['[\\017-5%--a-]', undefined],
  ['(a)\\2', 'reference to non-existent subpattern at offset 4'],
  ['\\2(a)(b)\\g{1}\\g-2\\g<1>(?1)(?-1)(?+1)(c)\\12', undefined],
  ['(a)(?+1)', 'reference to non-existent subpattern at offset 7'],
  ['a\\g{-1}(', 'reference to non-existent subpattern at offset 3'],
  ['(?<n>a)\\k<m>', 'reference to non-existent subpattern at offset 10'],
  ['(?<n>a)(?P=n)(?&n)\\k{n}\\g<n>', undefined],
  ['(?<x>a)(?<x>b)', 'two named subpatterns have the same name (PCRE2_DUPNAMES not set) at offset 12'],
  ['(?J)(?<x>a)(?<x>b)(?|(a)|(b))\\1', undefined],
  ['(?i-z)', 'unrecognized character after (? or (?- at offset 4'],
  ['\\c)\\x{41}{2}\\p{L}+', undefined],
  ['ab\\c', '\\c at end of pattern at offset 4'],
  ['(?x)a#(', undefined],
  ['é(', 'missing closing parenthesis at offset 3'],
];

test('the mistakes PCRE2 refuses, with its message and offset', () => {
  for (const [pattern, expected] of CASES) {
    const p = regexProblem(pattern);
    assert.equal(p ? `${p.message} at offset ${p.offset}` : undefined, expected, pattern);
  }
});

const pcre = (patterns: string[]) => {
  const r = spawnSync(EXIM!, ['-C', '/dev/null', '-be', ...patterns.map((p) => `\${if match{a}{\\N${p}\\N}{y}{n}}`)], { encoding: 'utf8' });
  return r.stdout.split('\n').slice(0, patterns.length).map((l) => /regular expression error in "[\s\S]*": (.*)$/.exec(l)?.[1]);
};

test('Exim\'s PCRE2 agrees on those, and refuses every random pattern we refuse', { skip: EXIM ? false : NO_EXIM }, () => {
  const said = pcre(CASES.map(([p]) => p));
  CASES.forEach(([p, expected], i) => assert.equal(said[i], expected, p));
  const alphabet = ['a', 'b', '(', ')', '[', ']', '*', '+', '?', '|', '^', '$', '\\', '\\.', '(?:', '(?i)', '[^', '{2}', '.', '\\d', '-', '\\Q', '\\E', '(?=', '[:alpha:]'];
  // References, ranges, quantifier numbers and what turns the reference checks off.
  const more = ['{2,1}', '{1,3}', '{70000}', '\\1', '\\2', '\\8', '\\g{-1}', '\\g{1}', '\\g-2', '(?1)', '(?-1)', '(?+1)', '(?<n>', '(?<m>', '\\k<n>', '(?P=m)', '(?&n)', 'z-a', 'a-z', '\\w-', '\\x41', '\\017', '\\x{41}', '\\c', '(?z)', '(?J)', '(?|', '(?n)', '(?(1)', 'é'];
  const sample = (letters: string[], seed: number) => fc.sample(fc.array(fc.constantFrom(...letters), { minLength: 1, maxLength: 9 }).map((a) => a.join('')), { numRuns: 600, seed });
  const patterns = [...sample(alphabet, 20261208), ...sample([...alphabet, ...more], 20261209)];
  const verdicts = pcre(patterns);
  const wrong = patterns.filter((p, i) => regexProblem(p) && verdicts[i] === undefined);
  assert.deepEqual(wrong, [], 'patterns we refuse that PCRE2 compiles');
  const refusedByBoth = patterns.filter((p, i) => regexProblem(p) && verdicts[i] !== undefined).length;
  assert.ok(refusedByBoth > 600, `${refusedByBoth} refused by both`);
  // Where both refuse, PCRE2 mostly names the same mistake at the same offset (it stops at its first).
  const sameWords = patterns.filter((p, i) => { const ours = regexProblem(p); return ours && `${ours.message} at offset ${ours.offset}` === verdicts[i]; }).length;
  assert.ok(sameWords > 0.9 * refusedByBoth, `${sameWords} of ${refusedByBoth} in the same words`);
});

test('in a list: the item after expansion, a warning on it; expansions and lookups left alone', () => {
  assert.equal(afterExpansion('^a\\.b\\\\d\\N\\(x\\N$'), '^a.b\\d\\(x$');
  const a = run('domainlist d = example.com : ^(mail|smtp\\.example\\.com : !^[a', 'acl_smtp_rcpt = r', 'begin acl', 'r:', '  accept domains = +d', '  deny senders = \\N^(.*@example\\.com\\N');
  const found = a.diagnostics.filter((d) => d.code === 'list-regex');
  assert.deepEqual(found.map((d) => [d.range.start.line, d.range.start.character, d.severity]), [[0, 29, 'warning'], [0, 58, 'warning'], [5, 17, 'warning']]);
  assert.match(found[0].message, /^PCRE2 cannot compile this regular expression \(after expansion: \^\(mail\|smtp\.example\.com\): missing closing parenthesis at offset 23\. .*\(Exim: regular expression error: missing closing parenthesis at offset 23 while compiling \^\(mail\|smtp\.example\.com\)$/);
  assert.deepEqual(codes(run('domainlist d = ^${if true{(}} : lsearch;/etc/^( : ^a\\$')).filter((c) => c === 'list-regex'), []);
});

test('Exim ends the process that matches such a list (exim -bh): no reply to RCPT', { skip: EXIM ? false : NO_EXIM }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regex-list-'));
  const file = join(dir, 'r.conf');
  writeFileSync(file, 'keep_environment =\ndomainlist d = ^(a\nacl_smtp_rcpt = r\nbegin acl\nr:\n  accept domains = +d\n  accept\n');
  const out = await runSession(file, 'helo x\nmail from:<a@b.example>\nrcpt to:<c@d.example>\nquit\n');
  assert.match(out, /regular expression error: missing closing parenthesis at offset 3 while compiling \^\(a/);
  assert.doesNotMatch(out, /^(250 Accepted|550|451)/m, out.slice(-300));
});

test('the pattern of ${if match}: a warning when PCRE2 cannot compile it, an error where Exim expands it at start-up', () => {
  const a = run('acl_smtp_rcpt = r', 'begin acl', 'r:', '  deny condition = ${if match{$local_part}{^(a|b}}', '  deny condition = ${if match{$local_part}{^$domain(}}', '  accept');
  const found = a.diagnostics.filter((d) => d.code === 'expansion-regex');
  assert.deepEqual(found.map((d) => [d.range.start.line, d.range.start.character, d.severity]), [[3, 43, 'warning']]);
  assert.match(found[0].message, /\(Exim: regular expression error in "\^\(a\|b": missing closing parenthesis at offset 5\)$/);
  assert.deepEqual(codes(run('smtp_active_hostname = ${if match{$qualify_domain}{*x}{a}{b}}')), ['expansion-startup']);
});

test('Exim says the same of that pattern (exim -be)', { skip: EXIM ? false : NO_EXIM }, () => {
  const r = spawnSync(EXIM!, ['-C', '/dev/null', '-be', '${if match{a}{^(a|b}}'], { encoding: 'utf8' });
  assert.match(r.stdout, /regular expression error in "\^\(a\|b": missing closing parenthesis at offset 5/);
});

test('regex and mime_regex: a pattern PCRE2 cannot compile is skipped by Exim, so it never matches', () => {
  const a = run('acl_smtp_data = d', 'acl_smtp_rcpt = r', 'begin acl', 'd:', '  deny regex = viagra : ^(cheap|free', '  deny regex = a|*b', '  accept', 'r:', '  accept');
  const found = a.diagnostics.filter((d) => d.code === 'list-regex');
  assert.deepEqual(found.map((d) => [d.range.start.line, d.range.start.character]), [[4, 24], [5, 15]]);
  assert.match(found[0].message, /Exim skips it, so the condition never matches it \(Exim: regex acl condition warning - error in regex '\^\(cheap\|free': missing closing parenthesis at offset 12, skipped\.\)$/);
});

test('Exim skips it and says so (exim -bh)', { skip: EXIM ? false : NO_EXIM }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regex-cond-'));
  const file = join(dir, 'r.conf');
  writeFileSync(file, 'keep_environment =\nacl_smtp_data = d\nacl_smtp_rcpt = r\nbegin acl\nd:\n  deny regex = ^(cheap|free\n  accept\nr:\n  accept\n');
  const out = await runSession(file, 'helo x\nmail from:<a@b.example>\nrcpt to:<c@d.example>\ndata\nSubject: free\n\ncheap\n.\nquit\n');
  assert.match(out, /regex acl condition warning - error in regex '\^\(cheap\|free': missing closing parenthesis at offset 12, skipped\./);
  assert.match(out, /^250 OK id=/m, 'the message is accepted: the deny never matched');
});
