// Look-alike characters in places the first version did not cover: typographic quotes around list
// items (never removed by Exim), and a non-breaking space between an ACL verb and its condition
// (which used to stop the parser).

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyEdits, codes, run, show, textAt } from '../helpers';

test('typographic quotes around a list item: a warning with a fix that removes them', () => {
  const text = ['keep_environment =', 'acl_smtp_rcpt = r', 'begin acl', 'r:', '  accept hosts = 10.0.0.1 : \u201c192.168.0.1\u201d', '  deny message = \u201cno\u201d'].join('\n');
  const a = run(text);
  const d = a.diagnostics.filter((x) => x.code === 'typographic-quote');
  assert.equal(d.length, 1, a.diagnostics.map(show).join('\n'));
  assert.equal(textAt(text, d[0]), '\u201c192.168.0.1\u201d');
  assert.match(d[0].message, /can never match 192\.168\.0\.1/);
  assert.equal(applyEdits(text, d[0].fixes![0].edits).split('\n')[4], '  accept hosts = 10.0.0.1 : 192.168.0.1');
});

test('a non-breaking space after an ACL verb: no crash, the condition is unknown and the space is shown', () => {
  const text = ['keep_environment =', 'begin acl', 'r:', '  deny\u00a0hosts = 1.2.3.4', '  deny !', '  accept =x'].join('\n');
  const a = run(text);
  assert.deepEqual(codes(a).filter((c) => c !== 'unused-acl'), ['acl-unknown-condition', 'lookalike-space', 'acl-unknown-condition', 'acl-unknown-condition']);
  const found = a.diagnostics.filter((d) => d.code !== 'unused-acl');
  const unknown = found[0];
  assert.match(unknown.message, /starts with .* \(U\+00A0\); "hosts" was probably meant/);
  assert.equal(unknown.fixes, undefined, 'no rename: it would glue the name to the verb');
  const space = found[1];
  assert.equal(applyEdits(text, space.fixes![0].edits).split('\n')[3], '  deny hosts = 1.2.3.4');
});
