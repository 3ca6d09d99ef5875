// Outline, go to definition, references, highlights, rename, include links, folding and
// selection ranges, on the engine (the LSP wiring is tested in test/lsp).

import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyse } from '../../server/src/analysis/analyse';
import { fileHost } from '../../server/src/node/fileHost';
import { foldingRanges } from '../../server/src/features/folding';
import { documentLinks } from '../../server/src/features/links';
import { definition, documentHighlights, prepareRename, references, rename } from '../../server/src/features/navigation';
import { hover } from '../../server/src/features/hover';
import { selectionRange } from '../../server/src/features/selection';
import { documentSymbols, matchesQuery, workspaceSymbols } from '../../server/src/features/symbols';
import { applyEdits, run, textAt } from '../helpers';

const LINES = [
  'LOCAL_T = local_delivery', // 0
  'domainlist local_domains = example.com : +more', // 1
  'domainlist more = b.example', // 2
  'acl_smtp_rcpt = acl_check_rcpt', // 3
  'begin acl', // 4
  'acl_check_rcpt:', // 5
  '  accept domains = +local_domains', // 6
  '         acl = check_more', // 7
  '  deny', // 8
  'check_more:', // 9
  '  accept', // 10
  'begin routers', // 11
  'r1:', // 12
  '  driver = accept', // 13
  '  domains = ! +local_domains', // 14
  '  transport = LOCAL_T', // 15
  'r2:', // 16
  '  driver = redirect', // 17
  '  data = x', // 18
  '  file_transport = local_delivery', // 19
  '  redirect_router = r1', // 20
  'begin transports', // 21
  'local_delivery:', // 22
  '  driver = appendfile', // 23
  '  file = /var/mail/$local_part_data', // 24
  'begin retry', // 25
  '* * F,2h,15m; G,16h,1h,1.5', // 26
  'begin rewrite', // 27
  '*@old.example $1@new.example F', // 28
];
const SOURCE = LINES.join('\n') + '\n';
const a = run(...LINES);
const at = (line: number, word: string, nth = 0) => {
  let c = -1;
  for (let i = 0; i <= nth; i++) c = LINES[line].indexOf(word, c + 1);
  assert.ok(c >= 0, `${word} in line ${line}`);
  return { line, character: c + 1 };
};

test('the configuration used here is clean', () => {
  assert.deepEqual(a.diagnostics.map((d) => d.code), []);
});

test('outline: sections holding ACLs, routers and transports (driver as detail), lists, macros, rules', () => {
  const symbols = documentSymbols(a);
  const flat = symbols.map((s) => [s.name, s.range.start.line, s.range.end.line, s.children.map((c) => [c.kind, c.name, c.detail ?? '', c.range.start.line, c.range.end.line])]);
  assert.deepEqual(flat, [
    ['main', 0, 3, [['macro', 'LOCAL_T', 'local_delivery', 0, 0], ['namedList', 'local_domains', 'domainlist', 1, 1], ['namedList', 'more', 'domainlist', 2, 2]]],
    ['begin acl', 4, 10, [['acl', 'acl_check_rcpt', '', 5, 8], ['acl', 'check_more', '', 9, 10]]],
    ['begin routers', 11, 20, [['router', 'r1', 'accept', 12, 15], ['router', 'r2', 'redirect', 16, 20]]],
    ['begin transports', 21, 24, [['transport', 'local_delivery', 'appendfile', 22, 24]]],
    ['begin retry', 25, 26, [['retryRule', '* *', 'F,2h,15m; G,16h,1h,1.5', 26, 26]]],
    ['begin rewrite', 27, 28, [['rewriteRule', '*@old.example', '$1@new.example F', 28, 28]]],
  ]);
  const r1 = symbols[2].children[0];
  assert.equal(textAt(SOURCE, { range: r1.selectionRange }), 'r1');
});

test('outline: instances in skipped lines are shown and marked', () => {
  const b = run('begin routers', '.ifdef NOPE', 'smarthost:', '  driver = manualroute', '.endif', 'local:', '  driver = accept');
  const routers = documentSymbols(b)[0].children;
  assert.deepEqual(routers.map((r) => [r.name, r.detail]), [
    ['smarthost', 'manualroute · skipped: false .ifdef'],
    ['local', 'accept'],
  ]);
});

test('go to definition: from a use to the definition, for every kind of name', () => {
  const def = (line: number, word: string, nth = 0) => definition(a, at(line, word, nth)).map((l) => [l.file, l.range.start.line, textAt(SOURCE, l)]);
  assert.deepEqual(def(3, 'acl_check_rcpt'), [[0, 5, 'acl_check_rcpt']]);
  assert.deepEqual(def(7, 'check_more'), [[0, 9, 'check_more']]);
  assert.deepEqual(def(6, 'local_domains'), [[0, 1, 'local_domains']]);
  assert.deepEqual(def(1, 'more', 0), [[0, 2, 'more']]);
  assert.deepEqual(def(19, 'local_delivery'), [[0, 22, 'local_delivery']]);
  assert.deepEqual(def(20, 'r1'), [[0, 12, 'r1']]);
  // On a macro use: the macro (what is written there).
  assert.deepEqual(def(15, 'LOCAL_T'), [[0, 0, 'LOCAL_T']]);
  // On a definition: itself.
  assert.deepEqual(def(22, 'local_delivery'), [[0, 22, 'local_delivery']]);
  assert.deepEqual(definition(a, { line: 13, character: 5 }), []);
});

test('references and highlights: every place the name is written, a macro-made one at the macro', () => {
  const refs = references(a, at(22, 'local_delivery'), true).map((l) => [l.range.start.line, textAt(SOURCE, l)]);
  assert.deepEqual(refs, [
    [22, 'local_delivery'],
    [15, 'LOCAL_T'],
    [19, 'local_delivery'],
  ]);
  assert.deepEqual(references(a, at(22, 'local_delivery'), false).length, 2);
  const lists = references(a, at(14, 'local_domains'), true).map((l) => l.range.start.line);
  assert.deepEqual(lists, [1, 6, 14]);
  const h = documentHighlights(a, at(6, 'local_domains'));
  assert.deepEqual(h.map((x) => [x.range.start.line, x.kind]), [
    [1, 'write'],
    [6, 'read'],
    [14, 'read'],
  ]);
});

test('rename: every site, a name made by a macro renamed in the macro\'s value', () => {
  const r = rename(a, at(22, 'local_delivery'), 'mailboxes');
  assert.ok('edits' in r, JSON.stringify(r));
  const out = applyEdits(SOURCE, r.edits);
  assert.match(out, /^LOCAL_T = mailboxes$/m);
  assert.match(out, /^mailboxes:$/m);
  assert.match(out, /file_transport = mailboxes$/m);
  assert.deepEqual(analyse(out, { name: '/tmp/test/exim.conf' }).diagnostics.map((d) => d.code), []);
  const list = rename(a, at(6, 'local_domains'), 'mine');
  assert.ok('edits' in list);
  const out2 = applyEdits(SOURCE, list.edits);
  assert.equal((out2.match(/\+mine\b/g) ?? []).length, 2);
  assert.match(out2, /^domainlist mine = /m);
  const macro = rename(a, at(0, 'LOCAL_T'), 'LOCAL_TRANSPORT');
  assert.ok('edits' in macro);
  assert.deepEqual(analyse(applyEdits(SOURCE, macro.edits), { name: '/tmp/test/exim.conf' }).diagnostics.map((d) => d.code), []);
});

test('rename is refused with a reason: bad names, names taken, macro substrings, built-ins', () => {
  const err = (pos: { line: number; character: number }, name: string) => {
    const r = rename(a, pos, name);
    return 'error' in r ? r.error : 'accepted';
  };
  assert.match(err(at(22, 'local_delivery'), '9lives'), /must start with a letter/);
  assert.match(err(at(22, 'local_delivery'), 'has space'), /only letters, digits and underscores/);
  assert.match(err(at(22, 'local_delivery'), 'x'.repeat(64)), /longer than 63/);
  assert.match(err(at(5, 'acl_check_rcpt'), 'check_more'), /there is already an ACL "check_more"/);
  assert.match(err(at(5, 'acl_check_rcpt'), 'accept'), /one-line ACL/);
  assert.match(err(at(2, 'more'), 'local_domains'), /already a domainlist "local_domains"/);
  assert.match(err(at(0, 'LOCAL_T'), 'lower'), /upper-case letter/);
  assert.match(err(at(0, 'LOCAL_T'), 'LOCAL'), /part of the name|already appears/);
  assert.match(err(at(0, 'LOCAL_T'), 'G'), /"G" already appears in line 27: Exim would replace it there too/);
  assert.match(err(at(13, 'accept'), 'x'), /no ACL, router/);
  const builtin = run('.ifdef _HAVE_TLS', 'tls_advertise_hosts = *', '.endif');
  assert.match(JSON.stringify(prepareRename(builtin, { line: 0, character: 9 })), /built-in macros/);
  const p = prepareRename(a, at(20, 'r1'));
  assert.ok('range' in p && p.placeholder === 'r1');
});

test('workspace symbols: every definition, filtered by the letters of the query', () => {
  assert.ok(matchesQuery('acl_check_rcpt', 'acr'));
  assert.ok(!matchesQuery('acl_check_rcpt', 'zz'));
  const all = workspaceSymbols(a, '');
  assert.deepEqual(all.map((s) => s.name).sort(), ['LOCAL_T', 'acl_check_rcpt', 'check_more', 'local_delivery', 'local_domains', 'more', 'r1', 'r2']);
  assert.deepEqual(workspaceSymbols(a, 'deliv').map((s) => [s.name, s.containerName]), [['local_delivery', 'transport (appendfile)']]);
});

test('include paths are links to the files, relative ones resolved against the including file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exim-links-'));
  writeFileSync(join(dir, 'inc.conf'), 'keep_environment =\n');
  const text = '.include inc.conf\n.include_if_exists /nonexistent/x.conf\n.ifdef NOPE\n.include "skipped.conf"\n.include LOCAL_ACL_FILE\n.endif\n';
  const b = analyse(text, { name: join(dir, 'exim.conf'), host: fileHost() });
  const links = documentLinks(b, (p, f) => join(f, '..', p));
  assert.deepEqual(
    links.map((l) => [l.range.start.line, textAt(text, l), l.target]),
    [
      [0, 'inc.conf', join(dir, 'inc.conf')],
      [1, '/nonexistent/x.conf', '/nonexistent/x.conf'],
      [3, '"skipped.conf"', join(dir, 'skipped.conf')],
    ],
    'no link for a macro name that is not defined here (LOCAL_ACL_FILE)',
  );
  assert.deepEqual(definition(b, { line: 0, character: 12 }).map((l) => b.document.read.files[l.file].name), [join(dir, 'inc.conf')]);
});

test('document links: an .include line a macro makes links the macro name (found by the fuzzer)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exim-links-macro-'));
  writeFileSync(join(dir, 'inc.conf'), 'keep_environment =\n');
  const text = 'INC = .include inc.conf\n\nINC\n';
  const links = documentLinks(analyse(text, { name: join(dir, 'exim.conf'), host: fileHost() }));
  assert.deepEqual(links.map((l) => [l.range.start.line, textAt(text, l), l.target]), [[2, 'INC', join(dir, 'inc.conf')]]);
});

test('folding: sections, instances, multi-line statements and values, .ifdef branches, comments', () => {
  const lines = [
    '# a comment', // 0
    '# more', // 1
    'acl_smtp_rcpt = a', // 2
    '.ifdef X', // 3
    'qualify_domain = x', // 4
    '.else', // 5
    'qualify_domain = y', // 6
    '.endif', // 7
    'begin acl', // 8
    'a:', // 9
    '  accept hosts = \\', // 10
    '    1.2.3.4', // 11
    '         domains = b', // 12
    '  deny', // 13
  ];
  const ranges = foldingRanges(run(...lines)).map((r) => [r.startLine, r.endLine, r.kind ?? '']);
  assert.deepEqual(ranges, [
    [0, 1, 'comment'],
    [3, 4, ''],
    [5, 6, ''],
    [8, 13, ''],
    [9, 13, ''],
    [10, 12, ''],
  ]);
});

test('selection ranges: word, part of the line, line, statement, instance, section', () => {
  const lines = ['begin acl', 'a:', '  accept hosts = \\', '    +relay : 1.2.3.4', '         domains = b', '  deny'];
  const b = run('hostlist relay = 1.2.3.4', ...lines);
  const text = ['hostlist relay = 1.2.3.4', ...lines].join('\n');
  const chain: string[] = [];
  for (let s: ReturnType<typeof selectionRange> | undefined = selectionRange(b, { line: 4, character: 7 }); s; s = s.parent) chain.push(textAt(text, s));
  assert.deepEqual(chain, [
    '+relay',
    '+relay : 1.2.3.4',
    'hosts = \\\n    +relay : 1.2.3.4',
    'accept hosts = \\\n    +relay : 1.2.3.4',
    'accept hosts = \\\n    +relay : 1.2.3.4\n         domains = b',
    'a:\n  accept hosts = \\\n    +relay : 1.2.3.4\n         domains = b\n  deny',
    'begin acl\na:\n  accept hosts = \\\n    +relay : 1.2.3.4\n         domains = b\n  deny',
  ]);
});

test('hover where a name is used: what it names, where that is defined, how many uses', () => {
  const h = hover(a, at(19, 'local_delivery'))!;
  assert.match(h.contents, /^\*\*Transport\*\* `local_delivery`\n\nDefined in line 23 \(driver `appendfile`\)\.\n\n2 uses\.$/);
  assert.equal(textAt(SOURCE, { range: h.range! }), 'local_delivery');
  const router = hover(a, at(20, 'r1'))!;
  assert.match(router.contents, /^\*\*Router\*\* `r1`\n\nDefined in line 13 \(driver `accept`\)\.$/);
});
