// The unified diff of exim-lint --diff: hunks with three lines of context, joined when close,
// line numbers as diff -u gives them, and a last line without its line end marked.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { diffLines, unifiedDiff } from '../../server/src/node/unifiedDiff';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

test('two changes far apart are two hunks; close ones are one', () => {
  const a = lines(30);
  const b = a.slice();
  b[1] = 'changed 2';
  b[25] = 'changed 26';
  const d = unifiedDiff('x.conf', a.join('\n') + '\n', b.join('\n') + '\n');
  assert.deepEqual(d.split('\n').filter((l) => l.startsWith('@@')), ['@@ -1,5 +1,5 @@', '@@ -23,7 +23,7 @@']);
  b[8] = 'changed 9';
  assert.deepEqual(unifiedDiff('x.conf', a.join('\n') + '\n', b.join('\n') + '\n').split('\n').filter((l) => l.startsWith('@@')), ['@@ -1,12 +1,12 @@', '@@ -23,7 +23,7 @@']);
  assert.equal(unifiedDiff('x.conf', 'same\n', 'same\n'), '');
});

test('a removed line, and a last line without its line end', () => {
  assert.equal(unifiedDiff('x', 'a\nb\nc\n', 'a\nc\n'), '--- a/x\n+++ b/x\n@@ -1,3 +1,2 @@\n a\n-b\n c\n');
  assert.equal(unifiedDiff('x', 'a\nb', 'a\nc'), '--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n');
  assert.equal(unifiedDiff('x', '', 'a\n'), '--- a/x\n+++ b/x\n@@ -0,0 +1 @@\n+a\n');
});

test('the edit script turns one list of lines into the other, and GNU diff agrees on the size of the change', () => {
  const dir = mkdtempSync(join(tmpdir(), 'udiff-'));
  const haveDiff = spawnSync('diff', ['--version']).error === undefined;
  fc.assert(
    fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 30 }), fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 30 }), (a, b) => {
      const ops = diffLines(a, b);
      assert.deepEqual(ops.filter((o) => o.kind !== '+').map((o) => o.text), a);
      assert.deepEqual(ops.filter((o) => o.kind !== '-').map((o) => o.text), b);
      if (!haveDiff) return;
      writeFileSync(join(dir, 'a'), a.map((x) => x + '\n').join(''));
      writeFileSync(join(dir, 'b'), b.map((x) => x + '\n').join(''));
      const gnu = spawnSync('diff', ['--minimal', join(dir, 'a'), join(dir, 'b')], { encoding: 'utf8' }).stdout.split('\n').filter((l) => /^[<>] /.test(l)).length;
      assert.equal(ops.filter((o) => o.kind !== ' ').length, gnu, 'a shortest edit script');
    }),
    { numRuns: 200, seed: 20261208 },
  );
});
