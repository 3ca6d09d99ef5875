// log_selector items: hover says what each logs and whether that changes the default; completion
// offers the names not written yet, after + or - and at the start of an item.

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { hover } from '../../server/src/features/hover';
import { run } from '../helpers';
import { complete, find, labels } from './complete';

const LINES = ['keep_environment =', 'log_selector = +smtp_connection -queue_run \\', '   +queue_run -smtp_connection +all +nosuch'];
const analysis = run(...LINES);
const at = (line: number, word: string, nth = 1) => hover(analysis, { line, character: LINES[line].indexOf(word) + nth })?.contents;

test('hover on an item: what it logs, its default, and what this item changes', () => {
  const on = at(1, '+smtp_connection')!;
  assert.match(on, /^\*\*Log selector\*\* `\+smtp_connection`/);
  assert.match(on, /incoming SMTP connection/);
  assert.match(on, /\*\*Off by default\*\*; this turns it on\./);
  assert.match(on, /\[Exim specification\]\(https:\/\/www\.exim\.org\/.*ch-log_files\.html\)$/);
  assert.match(at(1, '-queue_run')!, /\*\*On by default\*\*; this turns it off\./);
  assert.match(at(2, '+queue_run')!, /\*\*On by default\*\*, so `\+queue_run` changes nothing\./, 'on a continuation line too');
  assert.match(at(2, '-smtp_connection')!, /\*\*Off by default\*\*, so `-smtp_connection` changes nothing\./);
  assert.match(at(2, '+all')!, /every selector is turned on/);
  assert.match(at(2, '+nosuch')!, /no log selector of this name/);
  const range = hover(analysis, { line: 2, character: LINES[2].indexOf('+queue_run') + 3 })!.range;
  assert.deepEqual(range, { start: { line: 2, character: 3 }, end: { line: 2, character: 13 } });
});

test('completion: names after + or -, +name items at the start of one, leaving out those written', () => {
  const plus = complete('log_selector = +smtp_connection +|');
  assert.ok(find(plus, 'queue_time'));
  assert.ok(!find(plus, 'smtp_connection'), 'written already');
  assert.match(find(plus, 'queue_time')!.detail!, /log selector · off by default/);
  assert.ok(find(plus, 'queue_run')!.sortText! > find(plus, 'queue_time')!.sortText!, 'after +, the ones off by default first');
  assert.ok(labels(plus).every((l) => !l.startsWith('+')), 'after + the names alone');
  const minus = complete('log_selector = -|');
  assert.ok(find(minus, 'queue_run')!.sortText! < find(minus, 'queue_time')!.sortText!, 'after -, the ones on by default first');
  const start = complete('log_selector = +all_parents |');
  assert.ok(find(start, '+queue_time'));
  assert.deepEqual(find(start, '+queue_time')!.range, { start: { line: 0, character: 28 }, end: { line: 0, character: 28 } });
  const word = complete('log_selector = +queue_t|');
  assert.deepEqual(find(word, 'queue_time')!.range, { start: { line: 0, character: 16 }, end: { line: 0, character: 23 } });
});
