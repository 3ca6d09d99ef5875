// Expansion checks added with the knowledge tables: argument counts of the items that take
// {yes}{no} or a fail string, and did-you-mean fixes for unknown items, operators, conditions and
// variables.

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { itemArity } from '../../server/src/facts';
import { applyEdits, codes, run, show, textAt } from '../helpers';

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
    // Not an item, so the rest does not parse: the name is still the finding (one fix, not two).
    ['${lookpu{$local_part}lsearch{/etc/aliases}}', 'expansion-unknown-item', 'lookpu', 'lookup'],
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
    assert.equal(new Set(d.fixes!.map((f) => f.title)).size, d.fixes!.length, 'no fix twice');
    const after = applyEdits(text, d.fixes![0].edits).split('\n')[4];
    assert.equal(after, `  data = ${value.replace(word, fixed)}`);
  }
});

test('a variable name before "{" is a missing "}", in Exim\'s words', () => {
  const d = opt('${domain{x}}').diagnostics;
  assert.deepEqual(d.map((x) => x.code), ['expansion-unknown-item']);
  assert.match(d[0].message, /the variable \$domain without its "\}": write \$\{domain\} \(Exim: "\$\{domain" is not a known operator \(or a \} is missing in a variable reference\)\)/);
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

test('operator _arguments: numbers where Exim reads numbers, the known words for sha2/sha3/listnamed, a lookup type for quote_', () => {
  const found = (value: string) => opt(value).diagnostics.filter((d) => d.code === 'expansion-operator-argument');
  for (const ok of ['${hash_3:abc}', '${h_3_5:abc}', '${length_3:abc}', '${substr_1_2:abc}', '${s_1:abc}', '${sha2_512:a}', '${sha3_224:a}', '${sha2:a}', '${listnamed_d:x}', '${quote_mysql:a}', '${quote_local_part:a}', '${mask_24:192.0.2.1/8}']) {
    assert.deepEqual(found(ok).map(show), [], ok);
  }
  const bad = found('${length_3_4:abc}');
  assert.equal(bad.length, 1);
  assert.match(bad[0].message, /"length_3_4" has an _argument Exim does not take: it is written \$\{length_<n>:\.\.\.\} \(Exim: non-digit after underscore in "length_3_4"\)/);
  assert.deepEqual([bad[0].range.start, bad[0].range.end], [{ line: 4, character: 11 }, { line: 4, character: 21 }], 'on the operator name');
  assert.match(found('${h_x:abc}')[0].message, /non-digit after underscore in "h_x"/);
  assert.match(found('${sha2_128:a}')[0].message, /unrecognised sha2 variant/);
  assert.match(found('${listnamed_x:a}')[0].message, /bad suffix on "list" operator/);
  assert.match(found('${quote_nosuch:a}')[0].message, /unknown lookup type "nosuch"/);
});

test('${if} without a condition name, and an and/or list that does not read, say what Exim says', () => {
  const syntax = (value: string) => opt(value).diagnostics.filter((d) => d.code === 'expansion-syntax');
  for (const [value, found] of [['${if{1}}', '{1}}'], ['${if {1}{y}{n}}', '{1}{y}{n}}'], ['${if !{1}}', '{1}}']]) {
    const d = syntax(value);
    assert.equal(d.length, 1, value);
    assert.match(d[0].message, new RegExp(`\\(Exim: condition name expected, but found "${found.replace(/[{}]/g, '\\$&')}"\\)$`), value);
  }
  assert.ok(!opt('${if {1}{y}{n}}').diagnostics.some((d) => d.code === 'expansion-arguments'), 'not also an argument count');
  const list = opt('${if or{{eq{a}{b}}{}}}').diagnostics.find((d) => d.code === 'expansion-arguments');
  assert.match(list?.message ?? '', /the list of "or" does not read: .* one here is empty or not a condition/);
});

test('an inner "${" with no name is the one fault: the items around it are not called malformed too', () => {
  // A macro written as ${MACRO} whose value is itself ${...} gives ${${...}} (seen in a public
  // docker config; exim -be: letter or digit expected after ${).
  const syntax = (value: string) => opt(value).diagnostics.filter((d) => d.code === 'expansion-syntax').map((d) => [d.range.start.character, d.message]);
  const inner = 'a name must follow "${" directly (Exim: letter or digit expected after ${)';
  assert.deepEqual(syntax('${if exists{/etc/dkim/${${sender_address_domain}}.key}{y}{n}}'), [['  data = ${if exists{/etc/dkim/'.length, inner]]);
  assert.deepEqual(syntax('${lookup{${ x}}lsearch{/a}}'), [['  data = ${lookup{'.length, inner]]);
});

test('an item whose arguments are not followed by its "}" says so, in Exim\'s words for the items with {yes}{no}', () => {
  const syntax = (value: string) => opt(value).diagnostics.filter((d) => d.code === 'expansion-syntax').map((d) => d.message);
  // A public config's client_send = : "${env{SMTP_USER}{$value}{}" : ... (exim -be: did not close with '}').
  assert.deepEqual(syntax('${env{SMTP_USER}{$value}{}x'), ['"${env" is not closed after its arguments: a "}" must come next, not "x" (Exim: curly-bracket problem in conditional yes/no parsing: did not close with \'}\')']);
  assert.deepEqual(syntax('${sg{a}{b}{c}x}'), ['"${sg" is not closed after its arguments: a "}" must come next, not "x}" (Exim: missing \'}\' after \'sg\')']);
});

test('an item or operator name in braces alone (${sg}, ${lc}) is that item without its arguments, not an unknown variable', () => {
  const found = (value: string) => opt(value).diagnostics.filter((d) => /^expansion-/.test(String(d.code)));
  assert.deepEqual(found('${sg}').map((d) => [d.code, d.message]), [['expansion-arguments', '"${sg}" is the expansion item sg without its arguments: it is written ${sg{subject}{regex}{replacement}}']]);
  assert.match(found('${lc}')[0].message, /"\$\{lc\}" is the operator lc without its string: it is written \$\{lc:string\} \(Exim: unknown variable in "\$\{lc\}"\)/);
  assert.match(found('${h}')[0].message, /written \$\{h_<len>\[_<limit>\]:\.\.\.\}/);
  assert.deepEqual(found('${domain}'), [], 'a variable that is also an operator name is the variable');
  assert.equal(found('${nosuch}')[0].code, 'expansion-unknown-variable');
});

test('headers_remove is split at its separator before each item is expanded (a delivery showed it: "::" inside ${if} works, ":" defers)', () => {
  const got = (value: string) => codes(run('begin transports', 't:', '  driver = smtp', `  headers_remove = ${value}`));
  assert.deepEqual(got('${if def::h_x-foo:: {x-foo}fail} : x-bar'), []);
  assert.deepEqual(got('${if def:h_x-foo: {x-foo}fail} : x-bar'), ['expansion-syntax']);
  assert.deepEqual(got('<; ${if def:h_x-foo: {x-foo}fail} ; x-bar'), []);
  assert.deepEqual(got('<; a ; ${nosuch:x}'), ['expansion-unknown-operator']);
  const [d] = run('begin transports', 't:', '  driver = smtp', '  headers_remove = ${if def:h_x-foo: {x-foo}fail} : x-bar').diagnostics;
  assert.match(d.message, /splits this list before it expands each item/);
});

test('an _argument on an operator that takes none: Exim 4.96 ignores it (${sha1_8:abc} is the whole sha1), newer releases refuse it', () => {
  const text = 'begin transports\nt:\n  driver = smtp\n  return_path = b-${sha1_8:$message_exim_id}@example.com\n';
  const a = run(...text.trimEnd().split('\n'));
  assert.deepEqual(a.diagnostics.map((d) => [d.code, textAt(text, d)]), [['expansion-operator-argument', '_8']]);
  assert.equal(applyEdits(text, a.diagnostics[0].fixes![0].edits).split('\n')[3], '  return_path = b-${sha1:$message_exim_id}@example.com');
});
