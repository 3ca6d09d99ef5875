// Differential test of the expansion checks against Exim's own expander: `exim -C /dev/null -be`
// expands each string (one process, the strings on its standard input) and says "Failed: ..." when
// it cannot.  The strings come from the facts (every item with too few, enough and too many
// arguments, every operator and condition, misspelt names, every variable) and from a list of
// malformed `${...}` forms.  Only expansions without side effects are tried (no ${run}, ${perl},
// ${readsocket}, ${acl}, lookups ...).
//
// Where Exim fails because of the form of the string (an unknown name, a brace missing, too few or
// too many arguments, no condition), one of our expansion findings must be there; where Exim
// expands the string, none of them may be.  A failure at run time (a number expected, a file
// missing) asks nothing of us.  A name our tables know that this Exim calls unknown is newer than
// it or left out of its build: those are counted and listed, not failed.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { analyse } from '../../server/src/analysis/analyse';
import { expansionConditions, expansionItems, expansionOperators, expansionVariables } from '../../server/src/facts';
import { EXIM, NO_EXIM } from './binary';

/** Items left out: they run programs, read files or sockets, or call ACLs and lookups. */
const SIDE_EFFECTS = new Set(['run', 'readfile', 'readsocket', 'perl', 'dlfunc', 'acl', 'lookup', 'imapfolder', 'certextract', 'prvscheck', 'srs_encode', 'authresults']);
/** Conditions left out: they ask an outside service. */
const OUTSIDE = new Set(['acl', 'saslauthd', 'pam', 'radius', 'ldapauth', 'pwcheck']);

/** Exim's messages about the form of a string (as against a failure while expanding it). */
const FORM = /Not enough arguments|Too many arguments|missing '\{'|missing \{|missing \}|unknown expansion operator|is not a known operator|unknown condition|unknown variable name|missing .*string in \{\}|non-digit after underscore|condition name expected|letter or digit expected|unrecognised sha\d variant|bad suffix on "list"|unknown lookup type/i;
/** Exim's messages that a name is unknown, with the name. */
const UNKNOWN_NAME = /unknown expansion operator "([^"]+)"|"\$\{([a-z0-9_]+)" is not a known operator|unknown condition "([^"]+)"|unknown variable name "([^"]+)"/i;
/** Our findings about the form of an expansion. */
const OUR_FORM = /^expansion-(syntax|arguments|unknown-item|unknown-operator|operator-argument|unknown-condition|unknown-variable)$/;

function cases(): string[] {
  const out: string[] = [];
  const args = (n: number) => Array.from({ length: n }, (_, i) => `{${i === 0 ? '1' : 'a'}}`).join('');
  for (const it of expansionItems()) {
    if (SIDE_EFFECTS.has(it.name)) continue;
    const min = it.minArgs ?? 1;
    out.push(`\${${it.name}${args(min)}}`, `\${${it.name}x${args(min)}}`);
    if (min > 1) out.push(`\${${it.name}${args(min - 1)}}`);
    if (it.maxArgs !== undefined) out.push(`\${${it.name}${args(it.maxArgs + (it.failArg ? 1 : 0) + 1)}}`);
  }
  for (const op of expansionOperators()) {
    if (op.takesArgs) continue;
    out.push(`\${${op.name}:abc}`, `\${${op.name}q:abc}`);
  }
  for (const c of expansionConditions()) {
    if (OUTSIDE.has(c.name) || c.shape === 'combinators' || c.shape === 'iterators' || c.shape === 'def') continue;
    const min = c.minArgs ?? 0;
    const a = (n: number) => Array.from({ length: n }, () => '{1}').join('');
    out.push(`\${if ${c.name}${a(min)}{y}{n}}`);
    if (min > 0) out.push(`\${if ${c.name}${a(min - 1)}{y}{n}}`);
    if (c.maxArgs !== undefined) out.push(`\${if ${c.name}${a(c.maxArgs + 1)}{y}{n}}`);
  }
  for (const v of expansionVariables()) out.push(`$${v.name}`);
  out.push(
    '${if{1}}', '${if }', '${if !}', '${if !{1}}', '${if {1}{y}{n}}', '${if and}', '${if and{}}',
    '${if and{{eq{a}{a}}{eq{b}{b}}}{y}{n}}', '${if or{{eq{a}{b}}{}}}', '${if def:sender_address{y}{n}}',
    '${if forall{a:b}{eq{$item}{a}}}', '${if forany{a:b}{eq{$item}{a}}{y}{n}}',
    '${lc:ABC', '${lc:${uc:a}', '${', '${}', '${ lc:a}', '${sg{abc}{\\N^a\\N}{x}}',
    '${filter{1:2:3}{eq{$item}{2}}}', '${filter{a:b}}', '${map{a:b}{<$item>}}', '${reduce{a:b}{}{$value$item}}',
    '${substr_1_2:abcdef}', '${length_x:abc}', '${hash_3:abcdef}', '${extract{2}{:}{a:b:c}}', '${extract json{a}{\\{"a":1\\}}}',
    '${h_x:abc}', '${nh_3_x:abc}', '${l_3:abc}', '${length_3_4:abc}', '${substr_1_2_3:abcdef}', '${s_1:abc}', '${length_:abc}',
    '${sha2_256:a}', '${sha2_128:a}', '${sha3_224:a}', '${sha3_1:a}', '${listnamed_d:x}', '${listnamed_x:a}',
    '${quote_lsearch:a}', '${quote_mysql:a}', '${quote_nosuch:a}', '${quote_ldap_dn:x}', '${substr_-3_2:abcdef}', '${length_-1:abc}', '${mask_24:192.0.2.1/8}',
    '${sg}', '${if}', '${lc}', '${hash}', '${h}', '${map}', '${domain}', '${extract}', '${tod_log}',
    '${if eq{a}{a}{y}{n}', '\\$lc', '${lc:a}}', '${if match{abc}{\\N^a.{2}\\N}{y}{n}}',
    '${lookpu{a}lsearch{/etc/hosts}}', '${nosuch {a} x{b}}', '${domain{a}}', '${tod_log {a}}',
  );
  return out;
}

test("expansion forms: our findings agree with Exim's expander (-be)", { skip: !EXIM && NO_EXIM, timeout: 120_000 }, (t) => {
  const strings = cases();
  // One process: -be reads the strings from its standard input and answers each after "> ".
  const output = execFileSync(EXIM!, ['-C', '/dev/null', '-be'], { input: strings.join('\n') + '\n', encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: '/usr/sbin:/usr/bin:/bin', LC_ALL: 'C' }, timeout: 60_000 });
  const answers = output.split(/^> /m).slice(1).map((a) => a.replace(/\n$/, ''));
  assert.ok(answers.length >= strings.length, `Exim gave ${answers.length} answers to ${strings.length} strings`);

  const misses: string[] = [];
  const falseAlarms: string[] = [];
  const newer: string[] = [];
  strings.forEach((s, i) => {
    const answer = answers[i];
    const failed = answer.startsWith('Failed: ') ? answer.slice(8) : undefined;
    const text = `keep_environment =\nsmtp_banner = ${s}\n`;
    const ours = analyse(text, { name: '/tmp/test/expansion.conf' }).diagnostics.filter((d) => d.range.start.line === 1 && OUR_FORM.test(String(d.code)));
    if (failed === undefined) {
      if (ours.length > 0) falseAlarms.push(`${s}: Exim expands it ("${answer.slice(0, 40)}"); we say ${ours.map((d) => `${d.code}: ${d.message}`).join(' | ')}`);
      return;
    }
    if (!FORM.test(failed) || ours.length > 0) return;
    const name = UNKNOWN_NAME.exec(failed)?.slice(1).find(Boolean);
    if (name) newer.push(name);
    else misses.push(`${s}: Exim: ${failed}; we say nothing`);
  });
  t.diagnostic(`${strings.length} strings; names our tables know that this Exim does not (newer, or not in its build): ${newer.length}${newer.length ? `: ${newer.join(' ')}` : ''}`);
  assert.deepEqual(falseAlarms, []);
  assert.deepEqual(misses, []);
});
