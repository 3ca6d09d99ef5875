// Expansion checks added with the knowledge tables: argument counts of the items that take
// {yes}{no} or a fail string, and did-you-mean fixes for unknown items, operators, conditions and
// variables.

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { itemArity } from '../../server/src/facts';
import { applyEdits, run, show, textAt } from '../helpers';

const opt = (value: string) => run('keep_environment =', 'begin routers', 'r:', '  driver = redirect', `  data = ${value}`);
const arity = (value: string) => opt(value).diagnostics.filter((d) => d.code === 'expansion-arguments');

test('the arity table: base arguments then {yes}{no}; a fail string counts for readsocket', () => {
  assert.deepEqual(itemArity('if'), { min: 0, max: 2, base: { min: 0, max: 0 } });
  assert.deepEqual(itemArity('env'), { min: 1, max: 3, base: { min: 1, max: 1 } });
  assert.deepEqual(itemArity('readsocket'), { min: 2, max: 5 });
  assert.deepEqual(itemArity('sg'), { min: 3, max: 3 });
  assert.equal(itemArity('perl')?.max, undefined);
  assert.equal(itemArity('nonesuch'), undefined);
});

test('items with {yes}{no}: too many strings are reported, the allowed forms are not', () => {
  for (const ok of [
    '${if eq{a}{b}}',
    '${if eq{a}{b}{y}{n}}',
    '${if eq{a}{b}{y}fail}',
    '${lookup{$local_part}lsearch{/etc/aliases}{$value}{}}',
    '${env{HOME}{$value}{none}}',
    '${extract{1}{:}{a:b:c}{$value}{none}}',
    '${extract{key}{key=v}{$value}}',
    '${extract json{key}{$h_x:}{$value}{none}}',
    '${readsocket{/sock}{req}{5s}{\\n}{failed}}',
    '${run{/bin/true}{yes}{no}}',
  ]) {
    assert.deepEqual(arity(ok).map(show), [], ok);
  }
  const bad = arity('${if eq{a}{b}{y}{n}{extra}}');
  assert.equal(bad.length, 1);
  assert.match(bad[0].message, /\$\{if\} takes only an optional \{yes\}\{no\} after its condition \(at most 2 in all\); this one has 3/);
  assert.match(arity('${env{A}{b}{c}{d}}')[0].message, /\$\{env\} takes 1 argument in braces, then an optional \{yes\}\{no\} \(at most 3 in all\); this one has 4/);
  assert.match(arity('${extract{key}{k=v}{y}{n}{z}}')[0].message, /at most 4 in all/);
  assert.match(arity('${extract{3}{:}}')[0].message, /this one has 2/);
  assert.match(arity('${listextract{1}}')[0].message, /takes 2 arguments in braces/);
  assert.equal(arity('${readsocket{/s}{r}{5s}{x}{y}{z}}').length, 1);
});

test('${filter}: its condition is its second argument (Exim accepts these forms)', () => {
  for (const ok of ['${filter{1:2:3}{eq{$item}{2}}}', '${filter{<, a,b}{!eq{$item}{a}}}', '${filter{a:b}{and{{match{$item}{a}}{!eq{$item}{b}}}}}']) {
    assert.deepEqual(arity(ok).map(show), [], ok);
  }
  assert.equal(arity('${filter{a:b}}').length, 1, 'a list without a condition is still short of one');
});

test('unknown names get a did-you-mean and a fix that applies it', () => {
  const cases: [string, string, string, string][] = [
    ['${lcc:$local_part}', 'expansion-unknown-operator', 'lcc', 'lc'],
    ['${sgg{a}{b}{c}}', 'expansion-unknown-item', 'sgg', 'sg'],
    ['${if eqq{a}{b}}', 'expansion-unknown-condition', 'eqq', 'eq'],
    ['$local_prt', 'expansion-unknown-variable', 'local_prt', 'local_part'],
    ['${domian}', 'expansion-unknown-variable', 'domian', 'domain'],
  ];
  for (const [value, code, word, fixed] of cases) {
    const text = ['keep_environment =', 'begin routers', 'r:', '  driver = redirect', `  data = ${value}`].join('\n');
    const a = run(text);
    const d = a.diagnostics.find((x) => x.code === code);
    assert.ok(d, `${value}: ${a.diagnostics.map(show).join('; ')}`);
    assert.equal(textAt(text, d), word);
    assert.match(d.message, new RegExp(`did you mean "\\$?${fixed}"`));
    assert.ok(d.fixes?.[0].preferred);
    const after = applyEdits(text, d.fixes![0].edits).split('\n')[4];
    assert.equal(after, `  data = ${value.replace(word, fixed)}`);
  }
});

test('a known condition without its arguments says how it is written', () => {
  const d = opt('${if eq}').diagnostics.find((x) => x.code === 'expansion-arguments');
  assert.match(d!.message, /missing its arguments in braces: eq \{a\}\{b\}/);
});

test('a "{" in the text of an argument is flagged: Exim does not nest it, so the next "}" ends the argument', () => {
  const codesOf = (value: string) => opt(value).diagnostics.map((d) => d.code);
  assert.deepEqual(codesOf('${if match{$local_part}{^.{65,}}{:fail:}{}}'), ['expansion-brace-in-argument']);
  assert.deepEqual(codesOf('${lc:A{B}C}'), ['expansion-brace-in-argument']);
  assert.deepEqual(codesOf('${if match{$local_part}{\\N^.{65,}\\N}{:fail:}{}}'), [], 'between \\N and \\N it is text');
  assert.deepEqual(codesOf('${if eq{$local_part}{x}{a}{b}}'), []);
  assert.deepEqual(codesOf('{plain} ${lc:$local_part}'), [], 'outside ${...} a brace is just text');
  const value = '${if match{$local_part}{^.{65,}}{:fail:}{}}';
  const d = opt(value).diagnostics[0];
  assert.equal(textAt(['keep_environment =', 'begin routers', 'r:', '  driver = redirect', `  data = ${value}`].join('\n'), d), '{');
  assert.equal(d.range.start.character, '  data = ${if match{$local_part}{^.'.length);
});

test('"$$" is one mistake, as Exim stops at the first "$"', () => {
  assert.deepEqual(opt('a $$ b').diagnostics.map((d) => d.code), ['expansion-dollar']);
});
