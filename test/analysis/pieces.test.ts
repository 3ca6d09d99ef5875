// Files that are pieces of one configuration: Debian's conf.d tree (joined the way
// update-exim4.conf joins it), Debian's localmacros + template, and .include chains.

import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { analyse, analyseWithin } from '../../server/src/analysis/analyse';
import { nameIndex } from '../../server/src/analysis/names';
import { fileHost } from '../../server/src/node/fileHost';
import { confdFragments, confdIgnoredReason, confdWhole, debianTemplateWhole, wholeFromMain, wholeOf } from '../../server/src/node/pieces';
import { definition } from '../../server/src/features/navigation';
import { show } from '../helpers';

function tree(files: Record<string, string>): string {
  const root = join(mkdtempSync(join(tmpdir(), 'exim-confd-')), 'conf.d');
  for (const [name, text] of Object.entries(files)) {
    const path = join(root, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  }
  return root;
}

function analyseFile(path: string) {
  return analyse(readFileSync(path, 'utf8'), { name: path, host: fileHost(), whole: wholeOf(path) });
}

const errors = (a: ReturnType<typeof analyse>) => a.diagnostics.filter((d) => d.severity === 'error').map(show);

test('conf.d: folders in update-exim4.conf order, files in byte order, odd names skipped, NAME.rul read instead of NAME', () => {
  const root = tree({
    'transport/10_t': '',
    'router/9_a': '',
    'router/10_b': '',
    'router/00_header': '',
    'router/x.dpkg-old': '',
    'router/backup~': '',
    'router/Zed': '',
    'router/z': '',
    'router/z.rul': '',
    'main/01_main': '',
    'acl/00_header': '',
    'unknown/00_x': '',
  });
  assert.deepEqual(
    confdFragments(root).map((f) => `${f.folder}/${basename(f.path)}`),
    ['main/01_main', 'acl/00_header', 'router/00_header', 'router/10_b', 'router/9_a', 'router/Zed', 'router/z.rul', 'transport/10_t'],
  );
  assert.match(confdIgnoredReason(join(root, 'router/x.dpkg-old'))!, /only files whose names are made of letters, digits, "_" and "-"/);
  assert.match(confdIgnoredReason(join(root, 'router/z'))!, /reads "z.rul" instead/);
  assert.equal(confdIgnoredReason(join(root, 'router/z.rul')), undefined);
  assert.equal(confdIgnoredReason(join(root, 'router/10_b')), undefined);
});

const DEBIAN_LIKE = {
  'main/01_lists': 'domainlist local_domains = example.com\nacl_smtp_rcpt = acl_check_rcpt\nLOCAL_DELIVERY = mail_spool\n',
  'acl/00_header': 'begin acl\n',
  'acl/30_rcpt': 'acl_check_rcpt:\n  accept domains = +local_domains\n  deny\n',
  'router/00_header': 'begin routers\n',
  'router/300_local': 'local_user:\n  driver = accept\n  domains = +local_domains\n  transport = LOCAL_DELIVERY\n',
  'router/400_remote': 'remote:\n  driver = accept\n  transport = remote_smtp\n',
  'transport/00_header': 'begin transports\n',
  'transport/30_spool': 'mail_spool:\n  driver = appendfile\n  file = /var/mail/$local_part\n',
  'transport/30_smtp': 'remote_smtp:\n  driver = smtp\n',
};

test('a conf.d fragment is checked inside its tree: names from the other fragments resolve, and it is file 0', () => {
  const root = tree(DEBIAN_LIKE);
  for (const name of Object.keys(DEBIAN_LIKE)) {
    const a = analyseFile(join(root, name));
    assert.ok(a.whole, name);
    assert.equal(a.document.read.files[0].name, join(root, name));
    assert.deepEqual(errors(a), [], name);
    assert.deepEqual(a.diagnostics.filter((d) => d.code.startsWith('unused-')).map(show), [], name);
  }
  // Go to definition crosses files: the router's transport is in transport/30_smtp.
  const router = analyseFile(join(root, 'router/400_remote'));
  const [loc] = definition(router, { line: 2, character: 16 });
  assert.equal(router.document.read.files[loc.file].name, join(root, 'transport/30_smtp'));
  // On its own (no tree to say so), the fragment's driver says it is a piece of the routers section.
  const alone = analyse(readFileSync(join(root, 'router/400_remote'), 'utf8'), { name: join(root, 'router/400_remote') });
  assert.equal(alone.fragment, 'routers');
  assert.deepEqual(alone.diagnostics.map((d) => d.code), ['fragment-section']);
});

test('a tree without its headers: each fragment is in the section of its folder', () => {
  const partial = { ...DEBIAN_LIKE } as Record<string, string>;
  delete partial['router/00_header'];
  delete partial['transport/00_header'];
  const root = tree(partial);
  const a = analyseFile(join(root, 'router/400_remote'));
  assert.deepEqual(errors(a), []);
  assert.equal(a.document.lines.find((l) => l.text.startsWith('remote'))?.section, 'routers');
  const t = analyseFile(join(root, 'transport/30_smtp'));
  assert.deepEqual(errors(t), []);
  assert.deepEqual(t.document.sections.map((s) => s.name), ['main', 'acls', 'routers', 'transports']);
});

test('a fragment that sorts before the header of its folder is reported: Exim would read it in the section before', () => {
  const root = tree({ ...DEBIAN_LIKE, 'router/000_early': 'early:\n  driver = accept\n  transport = remote_smtp\n' });
  const a = analyseFile(join(root, 'router/000_early'));
  const order = a.diagnostics.filter((d) => d.code === 'confd-order');
  assert.equal(order.length, 1, a.diagnostics.map(show).join('\n'));
  assert.equal(order[0].file, 0);
  assert.match(order[0].message, /"000_early" sorts before the file with "begin routers"/);
  assert.equal(a.document.read.files[order[0].related![0].file].name, join(root, 'router/00_header'));
});

test('a file update-exim4.conf ignores is still checked in its place, with a warning saying why', () => {
  const root = tree({ ...DEBIAN_LIKE, 'router/350_local.conf': 'extra:\n  driver = accept\n  transport = mail_spool\n' });
  const path = join(root, 'router/350_local.conf');
  const a = analyseFile(path);
  assert.deepEqual(errors(a), []);
  assert.deepEqual(
    a.diagnostics.filter((d) => d.file === 0).map((d) => d.code),
    ['confd-ignored-file'],
  );
  assert.match(a.diagnostics[0].message, /does not read "350_local.conf"/);
  // The whole tree on its own does not contain it.
  assert.ok(!confdWhole(root).roots.some((r) => r.path === path));
});

test('wholeFromMain: a main file, or a directory that is (or holds) a conf.d tree', () => {
  const root = tree(DEBIAN_LIKE);
  assert.equal(wholeFromMain(root)?.roots.length, Object.keys(DEBIAN_LIKE).length);
  assert.equal(wholeFromMain(join(root, '..'))?.roots.length, Object.keys(DEBIAN_LIKE).length);
  assert.equal(wholeFromMain(join(root, 'nothing-here')), undefined);
});

test('.include chains: an included file checked as part of its main file knows the main file\'s names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exim-include-'));
  mkdirSync(join(dir, 'parts'));
  const main = join(dir, 'exim.conf');
  writeFileSync(main, 'domainlist local_domains = example.com\nbegin routers\n.include parts/routers.conf\nbegin transports\n.include ' + join(dir, 'parts/transports.conf') + '\n');
  writeFileSync(join(dir, 'parts/routers.conf'), 'r:\n  driver = accept\n  domains = +local_domains\n  transport = t\n.include more.conf\n');
  writeFileSync(join(dir, 'parts/more.conf'), 'r2:\n  driver = accept\n  transport = t\n');
  writeFileSync(join(dir, 'parts/transports.conf'), 't:\n  driver = pipe\n');
  const host = fileHost();
  for (const piece of ['parts/routers.conf', 'parts/more.conf', 'parts/transports.conf']) {
    const path = join(dir, piece);
    const a = analyseWithin(readFileSync(path, 'utf8'), { name: path, host }, { roots: [{ path: main }], description: 'test' });
    assert.ok(a, piece);
    assert.equal(a.document.read.files[0].name, path);
    assert.deepEqual(errors(a), [], piece);
    assert.deepEqual(a.diagnostics.map(show), [], piece);
  }
  // The transport is used (by routers in other files): no unused hint in the whole.
  const whole = analyse(readFileSync(main, 'utf8'), { name: main, host, whole: { roots: [{ path: main }], description: 'main' } });
  assert.deepEqual(whole.diagnostics.map(show), []);
  const t = nameIndex(whole.document).entry({ kind: 'transport', name: 't' })!;
  assert.equal(t.references.length, 2);
  // A file the main file does not reach is not a piece of it.
  const stray = join(dir, 'stray.conf');
  writeFileSync(stray, 'keep_environment =\n');
  assert.equal(analyseWithin('keep_environment =\n', { name: stray, host }, { roots: [{ path: main }], description: 'test' }), undefined);
});

test("Debian's conf.d tree: every fragment checked inside the tree, without errors; names resolve across files", (t) => {
  const root = '/etc/exim4/conf.d';
  if (!existsSync(root)) {
    t.skip('Debian exim4-config is not installed: skipped');
    return;
  }
  const fragments = confdFragments(root);
  assert.ok(fragments.length > 20);
  for (const f of fragments) {
    const a = analyseFile(f.path);
    assert.ok(a.whole, f.path);
    assert.deepEqual(errors(a), [], f.path);
    assert.deepEqual(a.diagnostics.filter((d) => d.code.startsWith('undefined-')).map(show), [], f.path);
  }
  // acl_smtp_rcpt = MAIN_ACL_CHECK_RCPT names acl_check_rcpt (through the macro) in acl/30_...
  const main = analyseFile(join(root, 'main/02_exim4-config_options'));
  const index = nameIndex(main.document);
  const acl = index.entry({ kind: 'acl', name: 'acl_check_rcpt' })!;
  assert.equal(acl.definitions.length, 1);
  assert.match(main.document.read.files[acl.definitions[0].site.file].name, /acl\/30_exim4-config_check_rcpt$/);
  assert.ok(acl.references.some((r) => r.site.file === 0));
  t.diagnostic(`${fragments.length} fragments, ${main.document.read.files.length} files read for one`);
});

test("Debian's unsplit configuration: exim4.conf.localmacros goes before exim4.conf.template", () => {
  const dir = mkdtempSync(join(tmpdir(), 'exim-debian-'));
  const template = join(dir, 'exim4.conf.template');
  const macros = join(dir, 'exim4.conf.localmacros');
  writeFileSync(template, 'acl_smtp_rcpt = MY_ACL\nbegin acl\nmine:\n  accept\n');
  assert.equal(debianTemplateWhole(template), undefined, 'no localmacros: the template alone');
  writeFileSync(macros, 'MY_ACL = mine\n');
  const w = debianTemplateWhole(template)!;
  assert.deepEqual(w.roots.map((r) => basename(r.path)), ['exim4.conf.localmacros', 'exim4.conf.template']);
  const a = analyseFile(macros);
  assert.deepEqual(a.diagnostics.map(show), [], 'the macro is used by the template');
});

test('a file without "begin" whose contents belong to another section is read there, with a note', () => {
  const cases: [string, string | undefined][] = [
    ['# routers\nlocal_user:\n  debug_print = "R: local_user"\n  driver = accept\n  transport = t\n', 'routers'],
    ['remote_smtp:\n  driver = smtp\n  hosts_require_tls = *\n', 'transports'],
    ['.ifdef X\nX = 1\n.endif\nplain:\n  driver = plaintext\n  public_name = PLAIN\n', 'authenticators'],
    ['acl_check_rcpt:\n  accept hosts = :\n  deny message = no\n', 'acls'],
    ['*  *  F,2h,15m; G,16h,1h,1.5; F,4d,6h\n', 'retrys'],
    ['primary_hostname = mx.example\nr:\n  driver = accept\n', undefined],
    ['r:\n  driver = accept\nbegin transports\nt:\n  driver = smtp\n', undefined],
    ['r:\n  driver = nosuch\n', undefined],
  ];
  for (const [text, section] of cases) {
    const a = analyse(text, { name: '/nowhere/piece.conf' });
    assert.equal(a.fragment, section, text);
    assert.equal(a.diagnostics.some((d) => d.code === 'fragment-section'), section !== undefined, text);
  }
  const t = analyse('remote_smtp:\n  driver = smtp\n  hosts_require_tls = *\n  connect_timeout = 5 min\n', { name: '/nowhere/t.conf' });
  assert.deepEqual(t.diagnostics.map((d) => d.code), ['fragment-section', 'option-value'], 'the options are checked as the transport\'s');
  assert.match(t.diagnostics[0].message, /"remote_smtp" has "driver = smtp", a transport driver: it is read as a piece of the transports section/);
  // An edit keeps the reading (no incremental re-read of a main-section document).
  const edited = analyse('remote_smtp:\n  driver = smtp\n  port = 25\n', { name: '/nowhere/t.conf', previous: t });
  assert.equal(edited.fragment, 'transports');
  assert.deepEqual(edited.diagnostics.map((d) => d.code), ['fragment-section']);
});

test('a file of ACL statements with no ACL name (included inside an ACL) is read as the statements of an unnamed ACL', () => {
  const text = '# rate limits\n\n  defer\n    hosts     = : localhost\n    ratelimit = 250 / 3h / leaky / per_rcpt / $sender_address\n  deny  hots = 192.0.2.1\n  accept acl = check_more\n';
  const a = analyse(text, { name: '/nowhere/rl.conf.inc' });
  assert.equal(a.fragment, 'acls');
  assert.deepEqual(a.diagnostics.map((d) => [d.code, d.range.start.line]), [['fragment-section', 0], ['acl-unknown-condition', 5]], a.diagnostics.map(show).join('\n'));
  assert.match(a.diagnostics[0].message, /starts with the ACL verb "defer", with no "name:" line before it .*read as statements inside an ACL/);
  const acl = a.document.sections.find((s) => s.name === 'acls')!.instances;
  assert.deepEqual(acl.map((i) => [i.name, i.anonymous, i.statements.map((s) => s.verb?.text)]), [['', true, ['defer', 'deny', 'accept']]]);
  // The unnamed ACL defines no name: nothing to go to, complete or call unused.
  assert.deepEqual(nameIndex(a.document).entries().filter((e) => e.definitions.length > 0).map((e) => e.key.name), []);
  // A main-section file that merely has an option called like a verb is not taken for one.
  assert.equal(analyse('deny_hosts = 1\nwarn = x\n', { name: '/nowhere/m.conf' }).fragment, undefined);
});

test('a fragment read on its own does not call names undefined that the rest of its configuration may define', () => {
  const piece = 'acl_check_rcpt:\n  accept acl = acl_local_deny_exceptions\n  deny domains = +no_such_list\n';
  assert.deepEqual(analyse(piece, { name: '/nowhere/30_check_rcpt' }).diagnostics.map((d) => d.code), ['fragment-section']);
  // With "begin acl" the file holds its ACL section, and an ACL it lacks is missing.
  const whole = analyse(`acl_smtp_rcpt = acl_check_rcpt\nbegin acl\n${piece}`, { name: '/nowhere/exim.conf' });
  assert.deepEqual(whole.diagnostics.filter((d) => d.code === 'undefined-acl').map((d) => d.range.start.line), [3]);
});
