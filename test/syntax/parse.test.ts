import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { sectionOf } from '../../server/src/syntax/document';
import { expansionDepth, parseDirective, parseExpansion, parseLine } from '../../server/src/syntax/parse';
import type { ExpansionNode, ItemNode } from '../../server/src/syntax/tree';
import { codes, run } from '../helpers';
import { generateRetryLines } from '../retry/generate';

test('option settings: name = value, booleans, no_/not_, hide', () => {
  assert.deepEqual(parseLine('mainLine', 'primary_hostname = mail.example.com'), {
    kind: 'option',
    name: { start: 0, end: 16, text: 'primary_hostname' },
    equals: 17,
    value: { start: 19, end: 35, text: 'mail.example.com' },
  });
  assert.deepEqual(parseLine('mainLine', 'no_verify'), { kind: 'option', name: { start: 0, end: 9, text: 'no_verify' } });
  const hide = parseLine('mainLine', 'hide mysql_servers = a/b/c');
  assert.equal(hide.kind === 'option' && hide.hide?.text, 'hide');
  assert.equal(hide.kind === 'option' && hide.name.text, 'mysql_servers');
  const bare = parseLine('mainLine', 'message_size_limit 10M');
  assert.equal(bare.kind === 'option' && bare.trailing?.text, '10M');
});

test('macros, named lists and the lines Exim calls malformed', () => {
  const m = parseLine('mainLine', 'MAIN_TLS == yes');
  assert.ok(m.kind === 'macro' && m.redefine && m.name.text === 'MAIN_TLS' && m.value.text === 'yes');
  assert.equal(parseLine('mainLine', 'FOO bar').kind, 'macroMalformed');
  const l = parseLine('mainLine', 'hide domainlist_cache local_domains = @ : localhost');
  assert.ok(l.kind === 'namedList' && l.cache && l.hide && l.name?.text === 'local_domains');
  const bad = parseLine('mainLine', 'hostlistX = a');
  assert.ok(bad.kind === 'namedList' && bad.malformed);
  assert.equal(parseLine('mainLine', '+x').kind, 'junk');
  // In the driver and ACL sections only NAME = makes a macro: R1: is a router called R1.
  assert.equal(parseLine('driverLine', 'R1:').kind, 'instanceHeader');
  assert.equal(parseLine('driverLine', 'R1 = x').kind, 'macro');
  assert.equal(parseLine('aclLine', 'CHECK = x').kind, 'macro');
});

test('begin: any case, exactly one space, and Exim\'s rule for section names', () => {
  const b = parseLine('mainLine', 'BEGIN Routers');
  assert.ok(b.kind === 'begin' && b.name.text === 'Routers' && b.keyword.text === 'BEGIN');
  assert.equal(parseLine('mainLine', 'begin\trouters').kind, 'option', 'a tab after begin does not start a section');
  assert.equal(sectionOf('Router'), 'routers');
  assert.equal(sectionOf('acl'), 'acls');
  assert.equal(sectionOf('retry'), 'retrys');
  assert.equal(sectionOf('retries'), undefined);
  assert.equal(sectionOf('local_scan'), 'local_scans');
  assert.deepEqual(codes(run('begin retries')), ['section-unknown']);
  assert.deepEqual(codes(run('begin routers', 'begin router')), ['section-repeated']);
  // Only a build with LOCAL_SCAN_HAS_OPTIONS reads a local_scan section; Debian's 4.96 rejects the begin line.
  const ls = run('begin local_scan', 'x = 1').diagnostics.filter((d) => d.code === 'section-build-option');
  assert.deepEqual(ls.map((d) => [d.range.start.line, d.range.start.character, d.severity]), [[0, 6, 'warning']]);
  assert.match(ls[0].message, /\(Exim: local_scan\(\) options not supported: \(LOCAL_SCAN_HAS_OPTIONS not defined in Local\/Makefile\)\)$/);
});

test('ACL lines: header, verb with condition, continued condition, set, negation', () => {
  assert.deepEqual(parseLine('aclLine', 'acl_check_rcpt:').kind, 'aclHeader');
  const s = parseLine('aclLine', 'deny !verify = sender');
  assert.ok(s.kind === 'aclStatement' && s.verb?.text === 'deny' && s.condition?.negation && s.condition.name.text === 'verify' && s.condition.value?.text === 'sender');
  const c = parseLine('aclLine', 'hosts = : +relay_from_hosts');
  assert.ok(c.kind === 'aclStatement' && !c.verb && c.condition?.name.text === 'hosts');
  const set = parseLine('aclLine', 'warn set acl_m_spam = ${if def:h_x-spam:{1}{0}}');
  assert.ok(set.kind === 'aclStatement' && set.condition?.name.text === 'set' && set.condition.variable?.text === 'acl_m_spam');
  const v = parseLine('aclLine', 'accept');
  assert.ok(v.kind === 'aclStatement' && v.verb?.text === 'accept' && !v.condition);
  assert.deepEqual(codes(run('begin acl', 'a:', '  !accept hosts = :')), ['acl-negated-verb']);
  assert.deepEqual(codes(run('begin acl', 'a:', '  hosts = :')), ['acl-unknown-verb']);
  assert.deepEqual(codes(run('begin acl', 'a:', '  accept hosts')), ['acl-missing-equals']);
  assert.deepEqual(codes(run('begin acl', 'a:', '  accept !message = x')), ['acl-negated-modifier']);
  assert.deepEqual(codes(run('begin acl', 'a:', '  deny endpass')), ['acl-endpass-verb']);
  assert.deepEqual(codes(run('begin acl', 'a:', '  warn set foo = 1')), ['acl-set-variable']);
});

test('directives: Exim\'s prefix match and the character after the name', () => {
  assert.deepEqual(parseDirective('.ifdef FOO'), { kind: 'conditional', name: { start: 1, end: 6, text: 'ifdef' }, directive: 'ifdef', accepted: true, argument: { start: 7, end: 10, text: 'FOO' } });
  assert.equal((parseDirective('.elsewhere') as { accepted: boolean }).accepted, false);
  assert.equal((parseDirective('.ifdeft X') as { accepted: boolean }).accepted, true);
  assert.equal((parseDirective('.endif') as { accepted: boolean }).accepted, true);
  assert.deepEqual(parseDirective('.include_if_exists "/etc/a b"'), { kind: 'include', name: { start: 0, end: 18, text: '.include_if_exists' }, ifExists: true, path: { start: 19, end: 29, text: '/etc/a b' } });
  assert.equal(parseDirective('.includex /a').kind, 'notDirective');
});

test('expansions: a tree with ranges', () => {
  const t = parseExpansion('${if eq{$local_part}{all}{yes}{no}}') as ExpansionNode[];
  assert.equal(t.length, 1);
  const item = t[0] as ItemNode;
  assert.equal(item.kind, 'item');
  assert.equal(item.name.text, 'if');
  assert.equal(item.condition?.name.text, 'eq');
  assert.equal(item.condition?.args.length, 2);
  assert.equal(item.args.length, 2, 'the yes and no arguments');
  const v = item.condition!.args[0].parts[0];
  assert.ok(v.kind === 'variable' && v.name.text === 'local_part' && v.start === 8 && v.end === 19);
  const look = parseExpansion('${lookup{$local_part}lsearch{/etc/aliases}{$value}fail}') as ItemNode[];
  assert.equal(look[0].lookupType?.text, 'lsearch');
  assert.equal(look[0].args[2].kind, 'fail');
  const h = parseExpansion('$h_subject: ${h_x-spam:} \\N^\\d+$\\N') as ExpansionNode[];
  // In braces a header is not a variable: ${h_x-spam:} is the h (hash) operator, as Exim reads it.
  assert.deepEqual(h.map((n) => n.kind), ['variable', 'text', 'operator', 'text', 'protected']);
  const and = parseExpansion('${if and{{eq{a}{b}}{def:h_x:}} {y}{n}}') as ItemNode[];
  assert.deepEqual(and[0].condition?.conditions?.map((c) => c.name.text), ['eq', 'def']);
  const broken = parseExpansion('${if eq{a}{b}{yes}') as ExpansionNode[];
  assert.equal(broken[0].kind, 'malformed');
  assert.equal((parseExpansion('price: $') as ExpansionNode[])[1].kind, 'loneDollar');
});

test('expansions nested beyond the bound are reported, not parsed', () => {
  const deep = '${if eq{a}{b}{'.repeat(200) + 'x' + '}}'.repeat(200);
  // Each level opens ${if and the brace of its third argument: the depth counts both.
  assert.equal(expansionDepth(deep), 400);
  assert.deepEqual(parseExpansion(deep), { tooDeep: true, depth: 400 });
  assert.deepEqual(codes(run(`message_id_header_text = ${deep}`)), ['expansion-too-deep']);
});

test('matching a line up to its value gives the same tree as matching it all, on every real line', (t) => {
  const { readdirSync, readFileSync, existsSync, statSync } = require('node:fs') as typeof import('node:fs');
  const { join } = require('node:path') as typeof import('node:path');
  const { CORPUS, ROOT } = require('../helpers') as typeof import('../helpers');
  const { buildDocument } = require('../../server/src/syntax/document') as typeof import('../../server/src/syntax/document');
  const { matchLine, headLength } = require('../../server/src/syntax/parse') as typeof import('../../server/src/syntax/parse');
  const files = readdirSync(join(ROOT, 'examples')).map((f) => join(ROOT, 'examples', f));
  if (existsSync(join(CORPUS, 'exim-test-suite'))) {
    files.push(join(CORPUS, 'configure.default'));
    for (const f of readdirSync(join(CORPUS, 'exim-test-suite'))) files.push(join(CORPUS, 'exim-test-suite', f));
  } else t.diagnostic('corpus not found: only the examples are compared');
  if (existsSync('/etc/exim4/exim4.conf.template')) files.push('/etc/exim4/exim4.conf.template');
  const rules = { main: 'mainLine', acls: 'aclLine', routers: 'driverLine', transports: 'driverLine', authenticators: 'driverLine', local_scans: 'localScanLine' } as const;
  let compared = 0;
  const seen = new Set<string>();
  for (const f of files) {
    if (!statSync(f).isFile()) continue;
    const doc = buildDocument({ name: f, text: readFileSync(f, 'utf8') });
    for (const line of doc.lines) {
      const rule = rules[line.section as keyof typeof rules];
      if (!rule || headLength(line.text) < 0 || seen.has(rule + line.text)) continue;
      seen.add(rule + line.text);
      assert.deepEqual(parseLine(rule, line.text), matchLine(rule, line.text), `${f}: ${line.text}`);
      compared++;
    }
  }
  t.diagnostic(`${compared} distinct lines compared`);
  assert.ok(compared > (existsSync(CORPUS) ? 3000 : 20));
});

test('reading a retry rule after its pattern gives the same tree as matching it all', (t) => {
  const { readdirSync, readFileSync, existsSync, statSync } = require('node:fs') as typeof import('node:fs');
  const { join } = require('node:path') as typeof import('node:path');
  const { CORPUS, ROOT } = require('../helpers') as typeof import('../helpers');
  const { buildDocument } = require('../../server/src/syntax/document') as typeof import('../../server/src/syntax/document');
  const { matchLine, clearParseCaches } = require('../../server/src/syntax/parse') as typeof import('../../server/src/syntax/parse');
  const lines = new Set([
    '*  *  F,2h,15m; G,16h,1h,1.5; F,4d,6h',
    '"*@a.example"  *  F,2h,15m',
    '"*@a.example\\"  *  F,2h,15m',
    '"unclosed \\\\" rest  *  F,1h,5m',
    '"unclosed',
    '"a"b  *  F,2h,15m',
    '"a\\x41\\101"\t*\tF,2h,15m',
    '\\',
    'x',
    'xx  x',
    'begin retry',
    'Begin  routers',
    'bounce.example',
    '*.example  timeout_connect_MX  senders = "a b"  F,2h,15m ; G , 16h,1h,1.5;;',
    '*.example\x0b*\x0cF,2h,15m',
    'a\u00a0b  *  F,2h,15m',
    '“quoted”  *  F,2h,15m',
  ]);
  const files = readdirSync(join(ROOT, 'examples')).map((f) => join(ROOT, 'examples', f));
  if (existsSync(join(CORPUS, 'exim-test-suite'))) for (const f of readdirSync(join(CORPUS, 'exim-test-suite'))) files.push(join(CORPUS, 'exim-test-suite', f));
  else t.diagnostic('corpus not found: only the examples and the lines made here are compared');
  for (const l of generateRetryLines(2400)) lines.add(l);
  for (const f of files) {
    if (!statSync(f).isFile()) continue;
    for (const line of buildDocument({ name: f, text: readFileSync(f, 'utf8') }).lines) if (line.section === 'retrys') lines.add(line.text);
  }
  // Each line twice over: the second time its rest is found in the cache.
  clearParseCaches();
  for (const pass of [1, 2]) for (const text of lines) assert.deepEqual(parseLine('retryLine', text), matchLine('retryLine', text), `pass ${pass}: ${text}`);
  for (const text of lines) assert.deepEqual(parseLine('retryLine', 'other.pattern' + text.slice(text.search(/[ \t]|$/))), matchLine('retryLine', 'other.pattern' + text.slice(text.search(/[ \t]|$/))), text);
  t.diagnostic(`${lines.size} distinct retry lines compared`);
  assert.ok(lines.size > 2400);
});

test('after a misspelt begin, the lines are read in the section it was meant to start', () => {
  // Exim stops at the begin line; reading the rest in the main section would flag every line.
  const a = run('begin routerz', 'r:', '  driver = accept', '  transport = t', 'begin transports', 't:', '  driver = smtp');
  assert.deepEqual(codes(a), ['section-unknown']);
  assert.match(a.diagnostics[0].message, /did you mean "begin router"\?/);
  assert.deepEqual(codes(run('begin retries', 'a.example * F,1h,10m', 'b.example * f,1h,10m')), ['section-unknown', 'retry-lowercase-letter']);
  // A name too far from any section: the lines stay where they were.
  assert.deepEqual(codes(run('begin xyz', 'primary_hostname = a')), ['section-unknown']);
  // A comment after the name is part of it (Exim: "routers # Routers" is not a known configuration section name).
  const commented = run('begin routers # Routers', 'r:', '  driver = redirect', '  data = x');
  assert.deepEqual(codes(commented), ['section-unknown']);
  assert.match(commented.diagnostics[0].message, /^"routers # Routers" is not a known configuration section name: "#" starts a comment only at the start of a line.*write "begin routers"$/);
});
