// Fix all: the preferred fixes that go together in one pass, passes until nothing is left, and
// edits applied to a text with its own line ends.

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyse } from '../../server/src/analysis/analyse';
import { applyEdits, fixAllEdits, fixText } from '../../server/src/features/fixAll';
import { run } from '../helpers';

const lt = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character < b.character);

test('one pass takes no two fixes that touch the same text; the next pass takes the rest', () => {
  const lines = ['keep_environment =', 'split_spool_directory = ture', 'split_spool_directory = ture'];
  const a = run(...lines);
  const { edits, fixes } = fixAllEdits(a);
  // Line 2 has two preferred fixes (its value, and removing the repeated setting): one is taken.
  assert.equal(fixes.filter((f) => f.range.start.line === 2).length, 1);
  for (let i = 0; i < edits.length; i++)
    for (let j = i + 1; j < edits.length; j++) {
      const [x, y] = [edits[i].range, edits[j].range];
      assert.ok(lt(x.end, y.start) || lt(y.end, x.start), 'edits apart');
    }
  const r = fixText(lines.join('\n') + '\n', (t) => analyse(t, { name: '/tmp/fix-all.conf' }));
  assert.equal(r.text, 'keep_environment =\nsplit_spool_directory = true\n\n');
  assert.ok(r.fixes.length >= 2);
});

test('only preferred fixes are applied: a guess among several names is left to the user', () => {
  const a = run('keep_environment =', 'begin routers', 'r:', '  driver = redirect', '  data = ${lc:$domian}');
  const d = a.diagnostics.find((x) => x.code === 'expansion-unknown-variable')!;
  assert.ok(d.fixes?.some((f) => f.preferred), 'this one has a preferred fix');
  const none = run('keep_environment =', 'log_selector = +tls_peer%dn');
  assert.deepEqual(fixAllEdits(none).edits, []);
});

test('edits keep CRLF, lone CR and a BOM, and positions count after the BOM', () => {
  const text = '\ufeffab\r\ncd\ref\ngh';
  const edits = [
    { file: 0, range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } }, newText: 'B' },
    { file: 0, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 1 } }, newText: 'E' },
    { file: 0, range: { start: { line: 3, character: 2 }, end: { line: 3, character: 2 } }, newText: '!' },
  ];
  assert.equal(applyEdits(text, edits), '\ufeffaB\r\ncd\rEf\ngh!');
});

test('fixes that together would bring an error are not applied together', () => {
  // Each misspelling alone is fixed into message_size_limit; both would set it twice.
  const text = 'keep_environment =\nmessage_size_limt = 1M\nmesage_size_limit = 2M\n';
  const analyseText = (t: string) => analyse(t, { name: '/tmp/fix-all-2.conf' });
  const together = fixAllEdits(analyseText(text));
  assert.equal(together.fixes.length, 2, 'both are preferred fixes');
  const r = fixText(text, analyseText);
  assert.equal(r.text, 'keep_environment =\nmessage_size_limit = 1M\nmesage_size_limit = 2M\n');
  assert.ok(!analyseText(r.text).diagnostics.some((d) => d.code === 'option-repeated'));
});
