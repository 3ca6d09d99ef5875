// Hover in the rewrite section: flags, pattern and replacement each say what they do, with the
// places the rule rewrites worked out from all of its flags.

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { hover } from '../../server/src/features/hover';
import { placesLine } from '../../server/src/features/rewriteHover';
import { run } from '../helpers';

const RULES = [
  'keep_environment =', //                                                         0
  'begin rewrite', //                                                              1
  '*@*.example.com  $1@example.com  Ffr', //                                      2
  '\\N^(.+)\\.old@(example\\.(com|net))$\\N  $1@$2  T', //                        3
  'postmaster@example.com  *', //                                                  4
  'example.org  "${local_part}@example.com"  E q', //                              5
  'lsearch;/etc/exim/rewrite  ${lookup{$local_part@$domain}lsearch{/etc/exim/rewrite}}  h', // 6
  '*@old.example  $local_part  QFz', //                                            7
];
const analysis = run(...RULES);

/** The hover on the first `word` of a line (at `nth` character of it). */
function hoverAt(line: number, word: string, nth = 0): string | undefined {
  const character = RULES[line].indexOf(word) + nth;
  assert.ok(character >= nth, `${word} on line ${line}`);
  return hover(analysis, { line, character })?.contents;
}

test('a flag letter says what it does and what the whole rule rewrites', () => {
  const F = hoverAt(2, 'Ffr')!;
  assert.match(F, /^\*\*Rewrite flag\*\* `F`/);
  assert.match(F, /envelope sender/);
  assert.match(F, /\*\*This rule rewrites:\*\* envelope sender, From:, Reply-To:\./);
  assert.match(F, /\[Exim specification\]\(https:\/\/www\.exim\.org\/.*ch-address_rewriting\.html\)$/);
  assert.match(hoverAt(2, 'Ffr', 2)!, /^\*\*Rewrite flag\*\* `r`.*Reply-To:/s);
  const q = hoverAt(5, 'E q', 2)!;
  assert.match(q, /`q`: stop here/);
  assert.match(q, /envelope sender, envelope recipients\./);
  assert.equal(hover(analysis, { line: 5, character: RULES[5].indexOf('E q') + 1 }), undefined, 'no hover on the blank between flags');
  assert.match(hoverAt(7, 'Fz', 1)!, /Exim knows no such flag/);
  assert.match(hoverAt(7, 'QFz')!, /bare local part.*qualify domain/s);
});

test('the pattern: its kind, and what $1, $2 ... hold', () => {
  const w = hoverAt(2, '*@*')!;
  assert.match(w, /^\*\*Rewrite pattern\*\* `\*@\*\.example\.com`/);
  assert.match(w, /`\$1` the local part, and `\$2` the part of the domain before `\.example\.com`/);
  const re = hoverAt(3, '\\N^', 3)!;
  assert.match(re, /regular expression/);
  assert.match(re, /`\$1`, `\$2` and `\$3` hold what the capture groups matched/);
  assert.match(hoverAt(4, 'postmaster')!, /local@domain/);
  assert.match(hoverAt(5, 'example.org')!, /without `@` is read as a domain pattern/);
  assert.match(hoverAt(6, 'lsearch;')!, /lookup pattern/);
});

test('the replacement: how it is expanded; a lone * leaves the address alone', () => {
  assert.match(hoverAt(2, '$1@example.com', 5)!, /^\*\*Rewrite replacement\*\* `\$1@example\.com`.*\$local_part.*\*\*This rule rewrites:\*\*/s);
  assert.match(hoverAt(4, '*')!, /leave the address as it is, and try no later rule/);
  // A variable inside the replacement is the expansion hover's.
  assert.match(hoverAt(5, '${local_part}', 3)!, /local_part/);
  assert.doesNotMatch(hoverAt(5, '${local_part}', 3)!, /Rewrite replacement/);
});

test('places from flags: groups, S, and no choosing flag at all', () => {
  assert.equal(placesLine('h'), '**This rule rewrites:** Sender:, From:, To:, Cc:, Bcc:, Reply-To:.');
  assert.equal(placesLine('q'), '**This rule rewrites:** every envelope and header address (no flag chooses the places).');
  assert.equal(placesLine(''), placesLine('Rw'));
  assert.match(placesLine('S'), /at SMTP time/);
  assert.equal(placesLine('E h'), '**This rule rewrites:** envelope sender, envelope recipients, Sender:, From:, To:, Cc:, Bcc:, Reply-To:.');
});
