// Completion in the rewrite section, column by column of a rule:
//
//   pattern       a whole rule as a snippet, `begin`
//   replacement   `*` (leave the address alone) and `$local_part@` with a domain to fill in
//   flags         each flag letter not written yet, with what it does
//
// The pattern and the replacement are each one word, or a quoted string with blanks in it.

import { docFor, rewriteFlags } from '../facts';
import type { Range } from '../syntax/lines';
import type { CompletionItem } from './completion';
import { docMarkdown, joinSections } from './markdown';
import { leadingWords } from './ruleWords';

export interface RewriteCompletionContext {
  /** The logical line up to the cursor, leading white space removed. */
  before: string;
  /** The range of the last `length` characters before the cursor. */
  typed(length: number): Range;
}

export function rewriteCompletion(ctx: RewriteCompletionContext): CompletionItem[] | undefined {
  const words = leadingWords(ctx.before, 2);
  if (!words) return undefined;
  if (words.done === 0) return patternItems(ctx, words.rest);
  if (words.done === 1) return replacementItems(ctx, words.rest);
  return flagItems(ctx, words.rest);
}

function patternItems(ctx: RewriteCompletionContext, word: string): CompletionItem[] {
  const range = ctx.typed(word.length);
  return [
    {
      label: '*@old.example  $local_part@new.example  Ffrs',
      kind: 'value',
      detail: 'a rule that moves a domain (sender and headers)',
      documentation: joinSections([
        'Rewrites the envelope sender and the From:, Reply-To: and Sender: headers of every address in one domain to another domain, keeping the local part.',
        ...docMarkdown(docFor('rewrite', 'pattern/wildcard')),
      ]),
      insertText: '*@${1:old.example}  \\$local_part@${2:new.example}  ${3:Ffrs}',
      snippet: true,
      range,
      filterText: word.startsWith('*') ? '*@' : word,
      sortText: '0',
    },
    { label: 'begin', kind: 'keyword', detail: 'start the next section', insertText: 'begin ', range, sortText: '9' },
  ];
}

function replacementItems(ctx: RewriteCompletionContext, word: string): CompletionItem[] {
  const range = ctx.typed(word.length);
  const star = docFor('rewrite', 'replacement/*');
  const doc = docFor('rewrite', 'replacement');
  return [
    { label: '*', kind: 'value', detail: 'leave the address alone and try no later rule', documentation: joinSections(docMarkdown(star)), range, sortText: '0' },
    {
      label: '$local_part@domain',
      kind: 'value',
      detail: 'the same local part in another domain',
      documentation: joinSections(docMarkdown(doc)),
      insertText: '\\$local_part@${1:example.com}',
      snippet: true,
      range,
      filterText: '$local_part',
      sortText: '1',
    },
  ];
}

function flagItems(ctx: RewriteCompletionContext, rest: string): CompletionItem[] | undefined {
  // Only flag letters and blanks may follow the replacement.
  if (!/^[A-Za-z \t]*$/.test(rest)) return undefined;
  const written = new Set(rest);
  const range = ctx.typed(0);
  return [...rewriteFlags]
    .filter((f) => !written.has(f.flag))
    .sort((a, b) => FLAG_ORDER.indexOf(a.flag) - FLAG_ORDER.indexOf(b.flag))
    .map((f): CompletionItem => {
      const doc = docFor('rewrite', `flag/${f.flag}`);
      return {
        label: f.flag,
        kind: 'keyword',
        detail: (doc?.summary ?? f.meaning).replace(/`/g, ''),
        documentation: joinSections(docMarkdown(doc)),
        range,
        sortText: String(FLAG_ORDER.indexOf(f.flag)).padStart(2, '0'),
      };
    });
}

/** Where a rule applies first, then how it works. */
const FLAG_ORDER = 'EFThsftcbrSqRwQ';
