// Hover, completion and the knowledge checks through the language server over stdio.

import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { applyEdits } from '../helpers';
import { TestClient } from './client';

let client: TestClient;
const uri = 'file:///tmp/lsp-knowledge/exim.conf';
const text = [
  'keep_environment =', //                                   0
  'retry_interval_max = 4d6h', //                            1
  'acl_smtp_connect = conn', //                              2
  'acl_smtp_rcpt = rcpt', //                                 3
  'begin acl', //                                            4
  'conn:', //                                                5
  '  deny domains = example.com', //                         6
  'rcpt:', //                                                7
  '  accept control = frezee', //                            8
  '         condition = ${lookup{$local_part}lsearh{/etc/x}}', // 9
  '         verify = sender/no_detail', //                   10
  '', //                                                     11
].join('\n');

interface LspCompletion {
  label: string;
  kind?: number;
  detail?: string;
  documentation?: { kind: string; value: string };
  insertTextFormat?: number;
  textEdit?: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
  filterText?: string;
}

before(async () => {
  client = new TestClient();
  const init = (await client.initialize()) as { capabilities: { completionProvider?: { triggerCharacters?: string[] }; hoverProvider?: boolean } };
  assert.deepEqual(init.capabilities.completionProvider?.triggerCharacters, ['$', '{', '=', ' ', '_']);
  await client.open(uri, text, 1);
});

after(async () => {
  await client.shutdown();
});

test('the new checks are published with their codes and severities', async () => {
  const d = await client.diagnostics(uri, 1);
  assert.deepEqual(
    d.diagnostics.map((x) => [x.code, x.severity, x.range.start.line]),
    [
      ['acl-condition-not-allowed', 2, 6],
      ['acl-control-unknown', 2, 8],
      ['lookup-unknown-type', 2, 9],
      ['acl-verify-option', 2, 10],
    ],
  );
});

test('hover on an option, a time value, a lookup type and an ACL condition', async () => {
  const h = (line: number, character: number) => client.request<{ contents: { kind: string; value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  const option = await h(1, 3);
  assert.equal(option?.contents.kind, 'markdown');
  assert.match(option!.contents.value, /^\*\*main option\*\* `retry_interval_max` · time/);
  assert.match((await h(1, 22))!.contents.value, /4 days 6 hours/);
  assert.match((await h(6, 9))!.contents.value, /\*\*Not allowed\*\* where this ACL runs \(connection\)/);
  assert.equal(await h(11, 0), null);
});

test('completion: options in the main section, conditions after a verb, ${ items as snippets', async () => {
  const c = async (line: number, character: number, triggerCharacter?: string) => {
    const r = await client.request<{ items: LspCompletion[] } | null>('textDocument/completion', {
      textDocument: { uri },
      position: { line, character },
      context: triggerCharacter ? { triggerKind: 2, triggerCharacter } : { triggerKind: 1 },
    });
    return r?.items ?? [];
  };
  // type a new line in the main section
  await client.change(uri, 2, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'retry_data\n' }]);
  const main = await c(2, 10);
  const rde = main.find((i) => i.label === 'retry_data_expire');
  assert.ok(rde, main.map((i) => i.label).slice(0, 5).join());
  assert.equal(rde.textEdit?.newText, 'retry_data_expire = ');
  assert.deepEqual(rde.textEdit?.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 10 } });
  assert.equal(rde.documentation?.kind, 'markdown');

  // in the RCPT ACL, after a verb
  await client.change(uri, 3, [{ range: { start: { line: 12, character: 0 }, end: { line: 12, character: 0 } }, text: '  deny \n' }]);
  const conds = await c(12, 7, ' ');
  assert.ok(conds.find((i) => i.label === 'recipients'));
  // and ${ in a value: snippets with a filter text that includes the ${
  await client.change(uri, 4, [{ range: { start: { line: 12, character: 7 }, end: { line: 12, character: 7 } }, text: 'condition = ${' }]);
  const items = await c(12, 21, '{');
  const sg = items.find((i) => i.label === 'sg');
  assert.equal(sg?.insertTextFormat, 2);
  assert.equal(sg?.filterText, '${sg');
  assert.equal(sg?.textEdit?.newText, '\\${sg{${1:subject}}{${2:regex}}{${3:replacement}}}');
  // nothing where there is nothing to offer
  assert.deepEqual(await c(1, 25), []);
});

test('the did-you-mean fix of an unknown lookup type applies and the warning goes away', async () => {
  const fresh = 'keep_environment =\nbegin routers\nr:\n  driver = redirect\n  data = ${lookup{$local_part}lsearh{/etc/aliases}}\n';
  const u2 = 'file:///tmp/lsp-knowledge/second.conf';
  await client.open(u2, fresh, 1);
  const d = await client.diagnostics(u2, 1);
  assert.deepEqual(d.diagnostics.map((x) => x.code), ['lookup-unknown-type']);
  const actions = await client.request<{ title: string; isPreferred?: boolean; edit: { changes: Record<string, { range: never; newText: string }[]> } }[]>('textDocument/codeAction', {
    textDocument: { uri: u2 },
    range: d.diagnostics[0].range,
    context: { diagnostics: [] },
  });
  assert.equal(actions[0].title, 'Change to "lsearch"');
  assert.ok(actions[0].isPreferred);
  await client.change(u2, 2, [{ text: applyEdits(fresh, actions[0].edit.changes[u2]) }]);
  assert.deepEqual((await client.diagnostics(u2, 2)).diagnostics, []);
});

test('the checks of whole instances and of main values are published with their codes, lines and severities', async () => {
  const other = 'file:///tmp/lsp-knowledge/instances.conf';
  const lines = [
    'keep_environment =', //                                                  0
    'syslog_facility = mail2', //                                             1
    'errors_reply_to = postmaster', //                                        2
    'log_file_path = /var/log/exim4/mainlog', //                              3
    'message_size_limit = 40MB', //                                           4
    'drop_cr', //                                                             5
    'local_scan_path = /usr/lib/exim4/local_scan/sa-exim.so', //             6
    'begin routers', //                                                       7
    'local:', //                                                              8
    '  driver = accept', //                                                   9
    'aliases:', //                                                            10
    '  driver = redirect', //                                                 11
    '  data = ${if match{$local_part}{^.{65,}}{:fail:}{}}', //               12
    '  file = /etc/aliases', //                                               13
    'begin transports', //                                                    14
    'remote:', //                                                             15
    '  driver = smtp', //                                                     16
    '  headers_rewrite = *@a.example  b@c.example  F', //                     17
    '  shadow_transport = remote', //                                         18
    'begin retry', //                                                         19
    '*  *  senders= F,2h,15m', //                                             20
    '',
  ];
  await client.open(other, lines.join('\n'), 1);
  const d = await client.diagnostics(other, 1);
  const got = d.diagnostics.filter((x) => x.severity !== 4).map((x) => [x.code, x.severity, x.range.start.line]);
  assert.deepEqual(got, [
    ['option-value', 1, 1],
    ['option-value', 1, 2],
    ['option-value', 1, 3],
    ['option-value-runtime', 2, 4],
    ['option-obsolete', 2, 5],
    ['option-debian-only', 3, 6],
    ['router-transport-required', 1, 8],
    ['expansion-brace-in-argument', 2, 12],
    ['driver-options-conflict', 1, 13],
    ['rewrite-envelope-in-transport', 1, 17],
    ['driver-option-forbidden', 1, 18],
    ['retry-senders-swallowed-items', 2, 20],
  ]);
});
