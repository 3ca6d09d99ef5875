import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyse } from '../../server/src/analysis/analyse';
import { fileHost } from '../../server/src/node/fileHost';
import { MacroTable } from '../../server/src/syntax/macros';
import { readConfig, type RawLogicalLine } from '../../server/src/syntax/reader';
import { splitLines } from '../../server/src/syntax/lines';

function logical(text: string, macros = new MacroTable()) {
  const out: RawLogicalLine[] = [];
  const result = readConfig({ name: '/t/exim.conf', text }, macros, (l) => out.push(l));
  return { lines: out.map((l) => l.text), raw: out, result };
}

test('continuation: trailing backslash joins the next line without its leading white space', () => {
  assert.deepEqual(logical('a \\\n   b\n').lines, ['a b']);
  assert.deepEqual(logical('a\\\nb\n').lines, ['ab']);
  assert.deepEqual(logical('x \\   \ny\n').lines, ['x y'], 'white space after the backslash is ignored');
});

test('continuation: a blank line ends it, a comment line inside it is skipped, EOF ends it', () => {
  assert.deepEqual(logical('a \\\n\nb\n').lines, ['a', 'b']);
  assert.deepEqual(logical('a \\\n# comment\n  b\n').lines, ['a b']);
  assert.deepEqual(logical('a \\').lines, ['a']);
  assert.deepEqual(logical('\\\n').lines, []);
});

test('comments only at the start of a line; leading and trailing white space removed', () => {
  assert.deepEqual(logical('  # c\nx = 1 # not a comment\n\t y = 2  \n').lines, ['x = 1 # not a comment', 'y = 2']);
});

test('every character maps back to its physical line and column', () => {
  const { raw } = logical('foo = a \\\n      bcd\n');
  const l = raw[0];
  assert.equal(l.text, 'foo = a bcd');
  assert.deepEqual(l.map.startPosition(0), { line: 0, character: 0 });
  assert.deepEqual(l.map.startPosition(6), { line: 0, character: 6 });
  assert.deepEqual(l.map.startPosition(8), { line: 1, character: 6 });
  assert.deepEqual(l.map.range(8, 11), { start: { line: 1, character: 6 }, end: { line: 1, character: 9 } });
  assert.deepEqual(l.map.endPosition(8), { line: 0, character: 8 }, 'a range ending at the join ends on the first line');
});

test('CRLF, lone CR, BOM and NUL are read and reported', () => {
  assert.deepEqual(logical('a = 1\r\nb = 2\r\n').lines, ['a = 1', 'b = 2']);
  // A lone CR is a line end to an editor, not to Exim: the lines are one, with the CR in it.
  const cr = logical('a = 1\rb = 2\r');
  assert.deepEqual(cr.lines, ['a = 1\rb = 2']);
  assert.deepEqual(cr.result.problems.map((p) => p.code), ['cr-line-ends']);
  assert.deepEqual(logical('\ufeffa = 1\n').result.problems.map((p) => [p.code, p.range.end.character]), [['bom', 1]]);
  // A BOM before an empty first line: the range stays inside that line (found by the fuzzer).
  assert.deepEqual(logical('\ufeff\n\ufeff\na = 1\n').result.problems.map((p) => [p.code, p.range.end.character]), [['bom', 0]]);
  const nul = logical('a = 1\u0000junk\nb = 2\n');
  assert.deepEqual(nul.lines, ['a = 1', 'b = 2']);
  assert.deepEqual(nul.result.problems.map((p) => [p.code, p.range.start.character]), [['nul-byte', 5]]);
  assert.equal(splitLines('x\r\ny\rz\n').crOnlyLines, 1);
});

test('lone CR: the lines Exim reads as one map back to the editor\'s lines', () => {
  const { raw, result } = logical('x = 1\n  a = b\rcd\r  e \\\n  f\n# c\rnot = a comment line\ny = 2\n');
  assert.deepEqual(raw.map((l) => l.text), ['x = 1', 'a = b\rcd\r  e f', 'y = 2']);
  const m = raw[1].map;
  assert.deepEqual(m.startPosition(0), { line: 1, character: 2 });
  assert.deepEqual(m.startPosition(6), { line: 2, character: 0 }, 'the character after a CR starts the next editor line');
  assert.deepEqual(m.endPosition(6), { line: 1, character: 7 }, 'a range ending at the CR ends on the line it ends');
  assert.deepEqual(m.startPosition(11), { line: 3, character: 2 });
  assert.deepEqual(m.startPosition(13), { line: 4, character: 2 }, 'a continuation after the joined lines maps as usual');
  assert.equal(result.lines[0].length, 9, 'the editor\'s lines, each CR-ended piece its own (and the empty last line)');
  // Exim: `main option "prim" unknown` (the name stops at the CR); a CR in a value is accepted.
  const diagnostics = (text: string) => analyse(text, { name: '/t/cr.conf' }).diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.range.start.line, d.range.start.character, d.message.slice(1, 5)]);
  assert.deepEqual(diagnostics('keep_environment =\nprimary_hostname = a\rb\n# a comment\r with = more\n'), []);
  assert.deepEqual(diagnostics('keep_environment =\nprim\rary_hostname = a\n'), [['option-unknown', 1, 0, 'prim']]);
});

test('macros: substitution anywhere on the line, in definition order, mapped to the macro name', () => {
  const m = new MacroTable();
  m.define('DOM', 'example.com');
  m.define('LIST', 'DOM : other');
  const { raw } = logical('domains = LIST\n', m);
  // LIST was defined after DOM, and a replacement is scanned by the macros defined after it only.
  assert.equal(raw[0].text, 'domains = DOM : other');
  assert.deepEqual(raw[0].map.range(10, 13), { start: { line: 0, character: 10 }, end: { line: 0, character: 14 } });
  const m2 = new MacroTable();
  m2.define('LIST', 'DOM : other');
  m2.define('DOM', 'example.com');
  assert.equal(logical('domains = LIST\n', m2).lines[0], 'domains = example.com : other');
});

test('macros: the NAME = part of a definition is not substituted; a macro can turn a line into a comment', () => {
  const m = new MacroTable();
  m.define('X', '1');
  m.define('C', '#');
  assert.deepEqual(logical('X = 2\nC not an option\n', m).lines, ['X = 2']);
});

test('.ifdef: true when any macro was substituted on the line; nesting and .else/.elifdef', () => {
  const m = new MacroTable();
  m.define('FOO', 'y');
  const text = ['.ifdef FOO', 'a = 1', '.else', 'b = 1', '.endif', '.ifdef XFOOX', 'c = 1', '.endif', '.ifndef BAR', 'd = 1', '.elifdef FOO', 'e = 1', '.endif', '.ifdef BAR', 'f = 1', '.elifdef FOO', 'g = 1', '.else', 'h = 1', '.endif', ''].join('\n');
  const r = logical(text, m);
  assert.deepEqual(r.lines, ['a = 1', 'c = 1', 'd = 1', 'g = 1']);
  assert.deepEqual(r.result.inactiveLines[0], [3, 11, 14, 18]);
});

test(".ifdef quirks: a tab after the name makes Exim ignore the line; 't' counts as a blank", () => {
  const tab = logical('.ifdef\tFOO\na = 1\n.endif\n');
  assert.deepEqual(tab.lines, ['a = 1']);
  assert.deepEqual(tab.result.problems.map((p) => p.code), ['directive-ignored', 'conditional-unmatched']);
  const m = new MacroTable();
  m.define('FOO', 'y');
  assert.deepEqual(logical('.ifdeft FOO\na = 1\n.endif\n', m).lines, ['a = 1']);
});

test('.ifdef errors: unmatched .endif, missing .endif, more than 10 levels', () => {
  assert.deepEqual(logical('.endif\n').result.problems.map((p) => p.code), ['conditional-unmatched']);
  assert.deepEqual(logical('.ifdef X\na = 1\n').result.problems.map((p) => p.code), ['conditional-unclosed']);
  const deep = Array.from({ length: 11 }, () => '.ifndef X').join('\n') + '\na = 1\n' + Array.from({ length: 11 }, () => '.endif').join('\n');
  const r = logical(deep);
  assert.ok(r.result.problems.some((p) => p.code === 'conditional-nesting' && p.range.start.line === 10));
});

test('.include: read in place (relative to the including file), missing files and loops reported', () => {
  const files: Record<string, string> = {
    '/t/a.conf': 'a = 1\n.include b.conf\nc = 3\n',
    '/t/b.conf': 'b = 2\n.include /t/a.conf\n',
    '/t/cont.conf': 'list = x : \\\n.include /t/part.conf\n  z\n',
    '/t/part.conf': '  y : \\\n',
  };
  const host = { readFile: (p: string) => files[p], resolve: (p: string, from: string) => (p.startsWith('/') ? p : from.replace(/[^/]*$/, '') + p) };
  const out: string[] = [];
  const r = readConfig({ name: '/t/a.conf', text: files['/t/a.conf'] }, new MacroTable(), (l) => out.push(l.text), host);
  assert.deepEqual(out, ['a = 1', 'b = 2', 'c = 3']);
  assert.deepEqual(r.problems.map((p) => [p.code, p.file, p.range.start.line]), [['include-loop', 1, 1]]);
  const out2: string[] = [];
  readConfig({ name: '/t/cont.conf', text: files['/t/cont.conf'] }, new MacroTable(), (l) => out2.push(l.text), host);
  assert.deepEqual(out2, ['list = x : y : z'], 'an include inside a continuation continues it');
  const r3 = readConfig({ name: '/t/m.conf', text: '.include missing.conf\n.include_if_exists /t/nothing\n.include_if_exists relative\n' }, new MacroTable(), () => undefined, host);
  assert.deepEqual(r3.problems.map((p) => p.code), ['include-missing', 'include-not-absolute']);
  // White space at the end of the line is not part of the path (Exim drops it; found by the differential test).
  const out5: string[] = [];
  const r5 = readConfig({ name: '/t/w.conf', text: '.include b.conf \t \n.include "/t/b.conf"  \n' }, new MacroTable(), (l) => out5.push(l.text), { ...host, readFile: (p) => (p === '/t/b.conf' ? 'b = 2\n' : undefined) });
  assert.deepEqual([r5.problems, out5], [[], ['b = 2', 'b = 2']]);
  assert.deepEqual(r5.directives.map((d) => d.node.kind === 'include' && [d.node.path.text, d.node.path.end]), [['b.conf', 15], ['/t/b.conf', 20]]);
  // A path a macro holds (or a whole `.include` line a macro makes) is reported on the macro's name,
  // inside the physical line (the fuzzer found a range past its end).
  const r4 = analyse('INC = .include /nonexistent/gone.conf\nP = /nonexistent/gone2.conf\nINC\n.include P\n', { name: '/t/n.conf', host: fileHost() });
  assert.deepEqual(
    r4.diagnostics.filter((d) => d.code === 'include-missing').map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]),
    [[2, 0, 3], [3, 9, 10]],
  );
});
