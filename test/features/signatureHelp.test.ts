// Signature help in expansions: the form of the item or condition the cursor is in, with the
// argument it is in marked, on half-typed lines too.

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { signatureHelp, type SignatureHelp } from '../../server/src/features/signatureHelp';
import { run } from '../helpers';

/** Signature help at the `|` in a router's data option. */
function at(value: string): SignatureHelp | undefined {
  const lines = ['keep_environment =', 'begin routers', 'r:', '  driver = redirect', `  data = ${value}`];
  const text = lines.join('\n');
  const i = text.indexOf('|');
  const before = text.slice(0, i).split('\n');
  return signatureHelp(run(text.slice(0, i) + text.slice(i + 1)), { line: before.length - 1, character: before[before.length - 1].length });
}
/** The label of the active parameter. */
const active = (h: SignatureHelp | undefined) => h && h.label.slice(...h.parameters[h.activeParameter]);

test('an item: its form, the argument the cursor is in', () => {
  const h = at('${sg{$local_part}{|')!;
  assert.equal(h.label, '${sg{subject}{regex}{replacement}}');
  assert.deepEqual(h.parameters.map((p) => h.label.slice(...p)), ['{subject}', '{regex}', '{replacement}']);
  assert.equal(active(h), '{regex}');
  assert.match(h.documentation!, /regular expression|regex/i);
  assert.equal(active(at('${sg{|')), '{subject}');
  assert.equal(active(at('${sg{$local_part}|')), '{regex}', 'between arguments: the next one');
  assert.equal(active(at('${sg{a}{b}{c|')), '{replacement}');
  assert.equal(at('${sg{a}{b}{c}|'), undefined, 'past the last argument');
  assert.equal(at('${sg{a}{b}{c}} |'), undefined, 'after the item');
  assert.equal(at('${s|'), undefined, 'while the name is typed');
});

test('nesting: the innermost item whose arguments the cursor is in', () => {
  assert.equal(active(at('${sg{${lc:$local_part|')), '{subject}', 'an operator has no signature: the item around it');
  const inner = at('${sg{x}{y}{${tr{$domain}{.|')!;
  assert.equal(inner.label, '${tr{subject}{characters}{replacements}}');
  assert.equal(active(inner), '{characters}');
  assert.equal(active(at('${sg{\\N{|')), '{subject}', 'a brace escaped or inside \\N...\\N is text');
});

test('lookup (both forms), extract (both forms), repeated arguments', () => {
  assert.equal(active(at('${lookup{$local_part}lsearch{|')), '{file}');
  assert.equal(active(at('${lookup mysql{|')), '{query}');
  assert.equal(active(at('${lookup{$local_part}lsearch{/etc/aliases}{$value}{|')), '{no}');
  assert.equal(active(at('${extract{2}{:}{|')), '{string}');
  assert.equal(active(at('${extract{user}{|')), '{string}');
  const acl = at('${acl{check}{a}{b}{c}{|')!;
  assert.equal(acl.label, '${acl{name}{arg1}...{arg9}}');
  assert.equal(active(acl), '{arg9}', 'past the named ones: the repeated argument');
});

test('${if}: the condition while in its arguments, then yes and no', () => {
  const c = at('${if eq{$domain}{|')!;
  assert.equal(c.label, 'eq {a}{b}');
  assert.equal(active(c), '{b}');
  const yes = at('${if eq{$domain}{x} {|')!;
  assert.equal(yes.label, '${if condition {yes}{no}}');
  assert.equal(active(yes), '{yes}');
  assert.equal(active(at('${if eq{$domain}{x} {a}{|')), '{no}');
  assert.equal(active(at('${if def:h_X-Spam: {|')), '{yes}');
  assert.equal(active(at('${if |')), 'condition');
  assert.equal(active(at('${if !match{$h_subject:}{\\N^x\\N}{|')), '{yes}');
});
