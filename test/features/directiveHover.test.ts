// Hover on preprocessor lines: what the directive does, and what it did on this line (the file
// read, the macro tested, whether the lines below are used).

import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { hover } from '../../server/src/features/hover';
import { run } from '../helpers';

const dir = mkdtempSync(join(tmpdir(), 'directive-hover-'));
writeFileSync(join(dir, 'local.conf'), 'qualify_domain = example.com\n');

const LINES = [
  'keep_environment =', //                           0
  'FOO = 1', //                                      1
  '.ifdef FOO', //                                   2
  'primary_hostname = a.example', //                 3
  '.elifdef BAR', //                                 4
  '.else', //                                        5
  '  .ifndef BAZ', //                                6
  '  .endif', //                                     7
  '.endif', //                                       8
  '.include_if_exists /nonexistent/exim-local.conf', // 9
  `.include ${join(dir, 'local.conf')}`, //          10
  '.ifndef FOO', //                                  11
  '.endif', //                                       12
];
const analysis = run(...LINES);
const at = (line: number, character: number) => hover(analysis, { line, character })?.contents;

test('a directive says what it does, with the spec link last', () => {
  const h = at(2, 2)!;
  assert.match(h, /^\*\*Directive\*\* `\.ifdef`/);
  assert.match(h, /used only when the macro is defined/);
  assert.match(h, /\[Exim specification\]\(https:\/\/www\.exim\.org\/.*\)$/);
  assert.deepEqual(hover(analysis, { line: 2, character: 2 })!.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 6 } });
  assert.match(at(6, 3)!, /^\*\*Directive\*\* `\.ifndef`/, 'indented directives too');
});

test('what the line did: macro tested (as written, not substituted), branch used or skipped', () => {
  assert.match(at(2, 0)!, /\*\*Here:\*\* `FOO` is defined; the lines below are used\./);
  assert.match(at(4, 1)!, /`BAR` is not defined; the lines below are skipped\./);
  assert.match(at(5, 1)!, /\*\*Here:\*\* the lines below are skipped\./);
  assert.match(at(6, 3)!, /inside a branch Exim skips/);
  assert.match(at(11, 1)!, /`FOO` is defined; the lines below are skipped\./);
  assert.doesNotMatch(at(12, 1)!, /Here/, 'an .endif that closes the outermost branch says nothing more');
});

test('includes: the file read, or why nothing is', () => {
  assert.match(at(10, 3)!, new RegExp(`\\*\\*Here:\\*\\* reads \`${join(dir, 'local.conf').replace(/[.\\/]/g, '\\$&')}\``));
  assert.match(at(9, 3)!, /`\/nonexistent\/exim-local\.conf` was not found, so nothing is read/);
  assert.match(at(9, 3)!, /must be an absolute path/);
});

test('the macro name after .ifdef keeps its own hover; past the directive name there is none from here', () => {
  assert.match(at(2, 8)!, /\*\*macro\*\* `FOO`/);
  assert.equal(at(9, 30), undefined);
});
