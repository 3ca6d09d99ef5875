// Hover in the retry section: the error name (what failure it matches), the pattern and
// `senders=`, and on the items the whole schedule, attempt by attempt.

import { retryIntervalMax, retryReading } from '../analysis/retry';
import { docFor } from '../facts';
import { scheduleTable, schedulePreview } from '../retry/describe';
import type { RetryErrorName } from '../retry/errors';
import { describeDuration, formatDuration, formatMultiplier } from '../retry/time';
import type { RetryItemNode, RetryRuleNode } from '../syntax/tree';
import type { HoverContext, HoverResult } from './hover';
import { within } from './locate';
import { codeSpan, docMarkdown, joinSections } from './markdown';

export function retryHover(ctx: HoverContext): HoverResult | undefined {
  const { line, offset } = ctx;
  if (line.node.kind !== 'retry') return undefined;
  const node: RetryRuleNode = line.node;
  const reading = retryReading(line)!;
  const range = (start: number, end: number) => line.map.range(start, end);
  const noItems = reading.accepted && reading.items.length === 0 ? NO_ITEMS : undefined;

  if (node.error && within(offset, node.error)) {
    const e = reading.error;
    const parts: string[] = [`**Retry error** ${codeSpan(node.error.text)}`];
    if (e) {
      if (e.canonical !== node.error.text && e.canonical.toLowerCase() !== node.error.text.toLowerCase()) parts.push(`Exim reads this as ${codeSpan(e.canonical)}.`);
      else if (e.smtpCaseQuirk) parts.push(`Exim reads this as ${codeSpan(e.canonical)} (only a lower-case first letter selects MAIL or RCPT).`);
      parts.push(...docMarkdown(docFor('retry', errorDocKey(e)), qualifierNote(e)));
    } else {
      parts.push('Exim does not know this error name; see the diagnostic.');
    }
    if (noItems) parts.splice(1, 0, noItems);
    return { contents: joinSections(parts), range: range(node.error.start, node.error.end) };
  }

  if (within(offset, node.pattern)) {
    const p = node.pattern;
    const parts = [`**Retry pattern** ${codeSpan(p.text)}`];
    if (p.quoted) parts.push(`The quotes are removed: the pattern is ${codeSpan(p.value)}.`);
    if (noItems) parts.push(noItems);
    parts.push(...docMarkdown(docFor('retry', patternDocKey(p.value, p.quoted))));
    return { contents: joinSections(parts), range: range(p.start, p.end) };
  }

  if (node.senders && within(offset, node.senders)) {
    const s = node.senders;
    const parts = ['**senders=** in a retry rule'];
    if (s.value) parts.push(`This rule applies only when the sender matches ${codeSpan(s.value.value || '(empty)')}.`);
    if (reading.sendersSwallowedItems) parts.push('**Careful:** the text after `senders=` is read as the sender list, so this rule has no retry items.');
    parts.push(...docMarkdown(docFor('retry', 'senders')));
    return { contents: joinSections(parts), range: range(s.start, s.end) };
  }

  const item = node.tail.find((t): t is RetryItemNode => t.kind === 'item' && within(offset, t));
  if (item && reading.accepted) {
    const index = reading.items.findIndex((i) => i.node === item);
    const parsed = reading.items[index];
    const max = retryIntervalMax(ctx.analysis.document).seconds;
    const parts = [`**Retry item ${index + 1}** ${codeSpan(line.text.slice(item.start, item.end))}`];
    if (parsed) parts.push(itemMeaning(parsed.letter, parsed.cutoff, parsed.interval, parsed.multiplier));
    parts.push(`**Schedule of this rule** (${schedulePreview(reading.items, max)}):`);
    parts.push(scheduleTable(reading.items, max));
    parts.push(`Assumes every attempt happens when due and fails the same way; a queue runner only tries once the retry time has passed. retry_interval_max: ${formatDuration(max)}.`);
    const letterDoc = parsed ? docFor('retry', `letter/${parsed.letter}`) : undefined;
    if (letterDoc?.link) parts.push(`[Exim specification](${letterDoc.link})`);
    return { contents: joinSections(parts), range: range(item.start, item.end) };
  }

  if (reading.accepted && reading.items.length === 0 && offset >= (node.error?.end ?? node.pattern.end)) {
    return { contents: joinSections(docMarkdown(docFor('retry', 'rule/no-items'), [NO_ITEMS])) };
  }
  return undefined;
}

const NO_ITEMS = '**No retry items:** the first temporary failure this rule matches fails the address at once (a bounce).';

function itemMeaning(letter: 'F' | 'G' | 'H', cutoff: number, interval: number, multiplier?: number): string {
  const until = `until ${describeDuration(cutoff)} after the first failure`;
  if (letter === 'F') return `**F** (fixed): try every ${describeDuration(interval)} ${until}.`;
  const m = formatMultiplier(multiplier ?? 1000);
  if (letter === 'G') return `**G** (geometric): the first gap is ${describeDuration(interval)}, and each gap after it is the previous one times ${m}, ${until}.`;
  return `**H** (randomised growth): each gap is at least ${describeDuration(interval)}, plus a random share of the growth by ${m} from the previous gap, ${until}.`;
}

/** The docs key for an error name: `error/rcpt_4dx` for rcpt_45x, `error/quota_<time>` for quota_7d ... */
export function errorDocKey(e: RetryErrorName): string {
  if (e.errorClass === 'any') return 'error/*';
  if (e.deprecatedDns) return 'error/timeout_dns';
  if (e.quotaSeconds !== undefined) return 'error/quota_<time>';
  if (e.smtpCode !== undefined) {
    const prefix = e.errorClass.slice(0, 4);
    if (e.smtpCode === 255) return `error/${prefix}_4xx`;
    return e.smtpCode >= 100 ? `error/${prefix}_4dx` : `error/${prefix}_4dd`;
  }
  return `error/${e.canonical}`;
}

function qualifierNote(e: RetryErrorName): string[] {
  if (e.quotaSeconds !== undefined) return [`Matches only when the mailbox has not been read for ${describeDuration(e.quotaSeconds)} or more.`];
  if (e.smtpCode !== undefined && e.smtpCode !== 255) {
    const which = e.smtpCode >= 100 ? `any code from 4${(e.smtpCode - 100) / 10}0 to 4${(e.smtpCode - 100) / 10}9` : `exactly code 4${String(e.smtpCode).padStart(2, '0')}`;
    return [`Matches ${which}.`];
  }
  return [];
}

export function patternDocKey(value: string, quoted: boolean): string {
  if (value === '*') return 'pattern/*';
  if (value.startsWith('^')) return 'pattern/regex';
  if (/^[a-z0-9_-]+\*?@?;/i.test(value) || /^(partial-?\d*)?[a-z]+search/.test(value)) return 'pattern/lookup';
  if (quoted) return 'pattern/quoted';
  if (value.includes('@')) return 'pattern/address';
  return 'pattern/domain';
}
