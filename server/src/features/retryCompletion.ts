// Completion in the retry section, column by column of a rule:
//
//   pattern    `*`, a whole catch-all rule with Exim's usual schedule, `begin`
//   error      every error name Exim knows (quota_<time> as a snippet), with what it matches
//   then       `senders=` (right after the error), the F / G / H items as snippets and, when the
//              rule has no items yet, the usual schedule; each with the schedule it gives
//
// The text before the cursor is split the way Exim reads a rule: a pattern (in quotes when it
// contains blanks), the error name, then the rest.

import { retryIntervalMax } from '../analysis/retry';
import type { Analysis } from '../analysis/analyse';
import { docFor } from '../facts';
import { itemText, schedulePreview } from '../retry/describe';
import { isRetryErrorProblem, parseRetryError, RETRY_ERROR_NAMES } from '../retry/errors';
import type { ScheduleItem } from '../retry/schedule';
import type { Range } from '../syntax/lines';
import type { CompletionItem } from './completion';
import { docMarkdown, joinSections } from './markdown';
import { errorDocKey } from './retryHover';
import { leadingWords } from './ruleWords';

export interface RetryCompletionContext {
  analysis: Analysis;
  /** The logical line up to the cursor, leading white space removed. */
  before: string;
  /** The range of the last `length` characters before the cursor. */
  typed(length: number): Range;
}

/** Exim's own default rule (configure.default), the usual starting point. */
const USUAL_ITEMS = 'F,2h,15m; G,16h,1h,1.5; F,4d,6h';
const USUAL_SCHEDULE: ScheduleItem[] = [
  { letter: 'F', cutoff: 2 * 3600, interval: 15 * 60 },
  { letter: 'G', cutoff: 16 * 3600, interval: 3600, multiplier: 1500 },
  { letter: 'F', cutoff: 4 * 86400, interval: 6 * 3600 },
];

export function retryCompletion(ctx: RetryCompletionContext): CompletionItem[] | undefined {
  const words = leadingWords(ctx.before, 2);
  if (!words) return undefined;
  if (words.done === 0) return patternItems(ctx, words.rest);
  if (words.done === 1) return errorItems(ctx, words.rest);
  return tailItems(ctx, words.rest);
}

function patternItems(ctx: RetryCompletionContext, word: string): CompletionItem[] {
  const range = ctx.typed(word.length);
  const max = retryIntervalMax(ctx.analysis.document).seconds;
  const any = docFor('retry', 'pattern/*');
  return [
    { label: '*', kind: 'value', detail: any?.summary.replace(/`/g, ''), documentation: joinSections(docMarkdown(any)), range, sortText: '0' },
    {
      label: `*   *   ${USUAL_ITEMS}`,
      kind: 'value',
      detail: 'catch-all rule with the usual schedule',
      documentation: joinSections([
        'Every domain and host, every temporary error: the rule in Exim\'s default configuration.',
        `Schedule: ${schedulePreview(USUAL_SCHEDULE, max)}.`,
        'Put it last: rules are tried in order and the first that matches is used.',
      ]),
      insertText: `*   \${1:*}   \${2:${USUAL_ITEMS}}`,
      snippet: true,
      range,
      filterText: '*',
      sortText: '1',
    },
    { label: 'begin', kind: 'keyword', detail: 'start the next section', insertText: 'begin ', range, sortText: '9' },
  ];
}

function errorItems(ctx: RetryCompletionContext, word: string): CompletionItem[] {
  const range = ctx.typed(word.length);
  return RETRY_ERROR_NAMES.map((name, i): CompletionItem => {
    const read = parseRetryError(name);
    const doc = isRetryErrorProblem(read) ? undefined : docFor('retry', errorDocKey(read));
    const item: CompletionItem = {
      label: name,
      kind: 'keyword',
      detail: doc?.summary.replace(/`/g, ''),
      documentation: joinSections(docMarkdown(doc)),
      range,
      sortText: String(i).padStart(2, '0'),
    };
    if (name === 'quota_7d') return { ...item, label: 'quota_<time>', insertText: 'quota_${1:7d}', snippet: true, filterText: 'quota_' };
    return item;
  });
}

function tailItems(ctx: RetryCompletionContext, rest: string): CompletionItem[] | undefined {
  // Inside senders=... or inside an item (after its letter): nothing to offer.
  const word = /(?:^|[\s;])([A-Za-z]*)$/.exec(rest);
  if (!word) return undefined;
  const head = rest.slice(0, rest.length - word[1].length);
  if (/^senders\s*=\s*\S*$/i.test(head.replace(/\s+$/, '')) && !/\s$/.test(head)) return undefined;
  const range = ctx.typed(word[1].length);
  const max = retryIntervalMax(ctx.analysis.document).seconds;
  const out: CompletionItem[] = [];
  const noItemsYet = /^(senders\s*=\s*\S*\s+)?$/i.test(head);
  if (head === '') {
    const s = docFor('retry', 'senders');
    out.push({ label: 'senders=', kind: 'keyword', detail: s?.summary.replace(/`/g, ''), documentation: joinSections(docMarkdown(s)), range, sortText: '3' });
  }
  if (noItemsYet) {
    out.push({
      label: USUAL_ITEMS,
      kind: 'value',
      detail: 'the usual schedule',
      documentation: joinSections([`Schedule: ${schedulePreview(USUAL_SCHEDULE, max)}.`, 'Every 15 minutes for 2 hours, then gaps growing by 1.5 from 1 hour up to 16 hours, then every 6 hours until 4 days have passed.']),
      range,
      filterText: 'F',
      sortText: '0',
    });
  }
  for (const [letter, snippet, example] of ITEM_SNIPPETS) {
    const doc = docFor('retry', `letter/${letter}`);
    out.push({
      label: letter === 'F' ? 'F,<cutoff>,<interval>' : `${letter},<cutoff>,<interval>,<multiplier>`,
      kind: 'value',
      detail: doc?.summary.replace(/`/g, '').replace(/:.*$/, ''),
      documentation: joinSections(docMarkdown(doc, [`Alone, \`${itemText(example)}\` gives: ${schedulePreview([example], max)}.`])),
      insertText: snippet,
      snippet: true,
      range,
      filterText: letter,
      sortText: `1${letter}`,
    });
  }
  return out;
}

const ITEM_SNIPPETS: [letter: 'F' | 'G' | 'H', snippet: string, example: ScheduleItem][] = [
  ['F', 'F,${1:2h},${2:15m}', { letter: 'F', cutoff: 2 * 3600, interval: 15 * 60 }],
  ['G', 'G,${1:16h},${2:1h},${3:1.5}', { letter: 'G', cutoff: 16 * 3600, interval: 3600, multiplier: 1500 }],
  ['H', 'H,${1:16h},${2:1h},${3:1.5}', { letter: 'H', cutoff: 16 * 3600, interval: 3600, multiplier: 1500 }],
];
