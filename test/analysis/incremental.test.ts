// Re-analysis after an edit inside one line (incremental.ts) gives exactly what a fresh analysis
// of the new text gives: the same diagnostics, the same logical lines and trees, the same names.

import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyse, type Analysis } from '../../server/src/analysis/analyse';
import { changedLine, reread } from '../../server/src/analysis/incremental';
import { nameIndex } from '../../server/src/analysis/names';
import { CORPUS, ROOT } from '../helpers';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const EDITS: ((line: string, r: () => number) => string)[] = [
  (l, r) => l.slice(0, Math.floor(r() * l.length)) + 'x' + l.slice(Math.floor(r() * l.length)),
  (l, r) => l.slice(0, Math.floor(r() * l.length)),
  (l) => l + ' ',
  (l) => l.replace(/[a-z]/, (c) => c.toUpperCase()),
  (l) => l.replace('=', ' = '),
  (l) => l.replace(/\d/, '7'),
  (l) => l.replace('F,', 'f,').replace('$', '${'),
  (l) => '# ' + l,
  (l) => l.replace(/^(\s*)/, '$1no_'),
];

function summary(a: Analysis) {
  return {
    diagnostics: a.diagnostics,
    lines: a.document.lines.map((l) => [l.text, l.section, l.inactive ?? false, l.instance?.name, l.map.pieces, l.node]),
    macroUses: a.document.read.macroUses,
    // The name index, carried over or rebuilt: the same names at the same places, in the same order.
    definitions: nameIndex(a.document).definitions.map((d) => [d.kind, d.list, d.name, d.site.file, d.site.range]),
    references: nameIndex(a.document).references.map((r) => [r.kind, r.list, r.name, r.site.file, r.site.range, r.via, r.certain, r.inactive ?? false]),
  };
}

test('an edit inside one line: incremental and fresh analyses agree', (t) => {
  const files = readdirSync(join(ROOT, 'examples')).map((f) => join(ROOT, 'examples', f));
  if (existsSync('/etc/exim4/exim4.conf.template')) files.push('/etc/exim4/exim4.conf.template');
  if (existsSync(join(CORPUS, 'configure.default'))) files.push(join(CORPUS, 'configure.default'));
  for (const n of ['0005', '0135', '0290', '3407', '0557']) if (existsSync(join(CORPUS, 'exim-test-suite', n))) files.push(join(CORPUS, 'exim-test-suite', n));
  const r = prng(42);
  let fast = 0;
  let total = 0;
  for (const file of files) {
    let text = readFileSync(file, 'utf8');
    let previous = analyse(text, { name: file });
    for (let i = 0; i < 60; i++) {
      const lines = text.split('\n');
      const at = Math.floor(r() * lines.length);
      lines[at] = EDITS[Math.floor(r() * EDITS.length)](lines[at], r);
      const next = lines.join('\n');
      if (next === text) continue;
      total++;
      // Which edits the fast path takes (on a throwaway copy of the previous analysis).
      if (reread(analyse(text, { name: file }).document, next, [], undefined)) fast++;
      const incremental = analyse(next, { name: file, previous });
      const fresh = analyse(next, { name: file });
      assert.deepEqual(summary(incremental), summary(fresh), `${file}, line ${at + 1}: ${JSON.stringify(lines[at])}`);
      text = next;
      previous = incremental;
    }
  }
  t.diagnostic(`${total} edits, ${fast} of them re-read one line only`);
  assert.ok(fast > total / 3, 'most edits inside a line take the fast path');
});

test('changedLine finds the one line an edit touched, and nothing when lines were added, removed or kept', () => {
  const lines = ['a = 1', '', 'b = 2', 'b = 2', ''];
  const text = (ls: string[]) => ls.join('\n');
  assert.deepEqual(changedLine(lines, text(['a = 1', '', 'b = 2x', 'b = 2', ''])), { index: 2, text: 'b = 2x' });
  assert.deepEqual(changedLine(lines, text(['a = 1', '', 'b = 2', 'b = 2', 'c'])), { index: 4, text: 'c' });
  assert.deepEqual(changedLine(lines, text(['', '', 'b = 2', 'b = 2', ''])), { index: 0, text: '' });
  assert.deepEqual(changedLine(lines, text(['a = 1', 'x', 'b = 2', 'b = 2', ''])), { index: 1, text: 'x' });
  assert.equal(changedLine(lines, text(lines)), undefined, 'no change');
  assert.equal(changedLine(lines, text(['a = 1', '', 'b = 2', ''])), undefined, 'a line removed');
  assert.equal(changedLine(lines, text(['a = 1', '', 'b = 2', 'b = 2', 'b = 2', ''])), undefined, 'a line added');
  assert.equal(changedLine(lines, text(['a = 1', 'x', 'b = 2', 'b = 3', ''])), undefined, 'two lines changed');
  assert.deepEqual(changedLine(['x'], 'y'), { index: 0, text: 'y' });
  assert.equal(changedLine(['x'], 'x\n'), undefined);
});
