// Checks of the retry section: Exim's own verdict on each rule (retry/rule.ts), and the rules
// Exim accepts that almost certainly do not do what their writer meant.

import { errorCovers } from '../retry/errors';
import { readRetryRule, type RetryRuleReading } from '../retry/rule';
import { DEFAULT_RETRY_INTERVAL_MAX, RETRY_INTERVAL_MAX_LIMIT } from '../retry/schedule';
import { formatDuration, readTime } from '../retry/time';
import type { ConfigDocument, ConfigLine } from '../syntax/document';
import type { RetryRuleNode } from '../syntax/tree';
import type { CheckContext } from './context';
import { readsWhole } from './references';
import { lineLabel } from './labels';

const readings = new Map<string, RetryRuleReading>();

/** The reading of a retry line (cached by its text). */
export function retryReading(line: ConfigLine): RetryRuleReading | undefined {
  if (line.node.kind !== 'retry') return undefined;
  let r = readings.get(line.text);
  if (!r) {
    if (readings.size > 50_000) readings.clear();
    r = readRetryRule(line.node, line.text);
    readings.set(line.text, r);
  }
  return r;
}

/** retry_interval_max as Exim applies it: the main option, or 24h, and never more than 24h. */
export function retryIntervalMax(doc: ConfigDocument): { seconds: number; line?: ConfigLine } {
  let found: ConfigLine | undefined;
  for (const line of doc.sections[0]?.lines ?? []) {
    if (line.node.kind === 'option' && line.node.name.text === 'retry_interval_max') found = line;
  }
  if (found && found.node.kind === 'option' && found.node.value) {
    const v = readTime(found.node.value.text);
    if (v > 0) return { seconds: Math.min(v, RETRY_INTERVAL_MAX_LIMIT), line: found };
  }
  return { seconds: DEFAULT_RETRY_INTERVAL_MAX, line: found };
}

export function retryLines(doc: ConfigDocument): ConfigLine[] {
  return doc.sections.filter((s) => s.name === 'retrys').flatMap((s) => s.lines.filter((l) => l.node.kind === 'retry'));
}

export function checkRetry(ctx: CheckContext): void {
  for (const line of ctx.inactiveLines()) {
    if (line.node.kind === 'retry') for (const d of retryReading(line)!.diagnostics) ctx.report(line, d);
  }
  const lines = retryLines(ctx.doc);
  if (lines.length === 0) {
    checkNoRules(ctx);
    return;
  }
  const max = retryIntervalMax(ctx.doc);
  const accepted: AcceptedRule[] = [];

  for (const line of lines) {
    const node = line.node as RetryRuleNode;
    const reading = retryReading(line)!;
    for (const d of reading.diagnostics) ctx.report(line, d);
    if (!reading.accepted) continue;
    checkItems(ctx, line, reading, max.seconds);
    accepted.push({ line, node, reading });
  }

  // A rule can never be used when an earlier rule (for every sender) has the same pattern, or
  // `*`, and an error that covers this rule's error.
  const earlierByPattern = new Map<string, typeof accepted>();
  for (const later of accepted) {
    const key = later.node.pattern.value.toLowerCase();
    const candidates = [...(earlierByPattern.get('*') ?? []), ...(key === '*' ? [] : earlierByPattern.get(key) ?? [])];
    const shadow = candidates.find((e) => !e.node.senders && e.reading.error && later.reading.error && errorCovers(e.reading.error, later.reading.error));
    if (shadow) reportUnreachable(ctx, later, shadow);
    const list = earlierByPattern.get(key) ?? [];
    list.push(later);
    earlierByPattern.set(key, list);
  }
}

/**
 * A whole configuration with an smtp or lmtp transport and no retry rule: Exim then gives up at
 * the first temporary failure, so a remote server's 4xx, a refused connection or a timeout
 * bounces the message at once ("retry timeout exceeded", seen with Exim 4.96).  Only said when
 * the configuration is all there (routers read, no `.include` left unread, no rule in a skipped
 * branch).
 */
function checkNoRules(ctx: CheckContext): void {
  const doc = ctx.doc;
  if (!readsWhole(ctx)) return;
  if (ctx.inactiveLines().some((l) => l.node.kind === 'retry')) return;
  // After a `begin` Exim does not know it stops reading: what follows is not known.
  if (ctx.diagnostics.some((d) => d.code === 'section-unknown')) return;
  const transport = doc.sections
    .filter((s) => s.name === 'transports')
    .flatMap((s) => s.instances)
    .find((i) => (i.driver?.name === 'smtp' || i.driver?.name === 'lmtp') && i.header.map.fileOf(0) === 0);
  if (!transport) return;
  const header = transport.header;
  ctx.report(header, {
    start: 0,
    end: transport.name.length,
    code: 'no-retry-rules',
    message: `the configuration has no retry rules: Exim then gives up at the first temporary failure, so a remote server's 4xx answer, a refused connection or a timeout on the "${transport.name}" ${transport.driver!.name} transport bounces the message at once ("retry timeout exceeded"). Add a retry section, e.g. "begin retry" then "*  *  F,2h,15m; G,16h,1h,1.5; F,4d,6h" (Exim's default)`,
  });
}

interface AcceptedRule {
  line: ConfigLine;
  node: RetryRuleNode;
  reading: RetryRuleReading;
}

function reportUnreachable(ctx: CheckContext, later: AcceptedRule, earlier: AcceptedRule): void {
  const node = later.node;
  const end = node.error ? node.error.end : node.pattern.end;
  ctx.report(later.line, {
    start: node.pattern.start,
    end,
    code: 'retry-unreachable',
    severity: 'warning',
    message: `this rule is never used: the earlier rule "${earlier.node.pattern.text} ${earlier.node.error?.text ?? ''}" (${lineLabel(earlier.line, later.line, ctx.doc)}) matches every failure it would match, and Exim uses the first rule that matches`,
    tags: ['unnecessary'],
  });
  const last = ctx.diagnostics[ctx.diagnostics.length - 1];
  last.related = [{ file: earlier.line.map.fileOf(0), range: earlier.line.map.range(0, earlier.line.text.length), message: 'the rule that is used instead' }];
}

function checkItems(ctx: CheckContext, line: ConfigLine, reading: RetryRuleReading, max: number): void {
  let highest = 0;
  for (const item of reading.items) {
    const node = item.node;
    if (item.cutoff <= highest) {
      ctx.report(line, {
        start: node.start,
        end: node.end,
        code: 'retry-cutoff-not-increasing',
        severity: 'warning',
        message: `this item is never used: its cutoff (${formatDuration(item.cutoff)}) is not later than that of an item before it (${formatDuration(highest)}), and Exim uses the first item whose cutoff has not passed`,
        tags: ['unnecessary'],
      });
    }
    highest = Math.max(highest, item.cutoff);
    if (item.letter !== 'F' && item.multiplier === 1000) {
      const arg = node.args[2];
      ctx.report(line, {
        start: arg.text.start,
        end: arg.text.end,
        code: 'retry-multiplier-one',
        severity: 'warning',
        message: `a multiplier of 1 never makes the gap grow, so this ${item.letter} item works like F,${node.args[0].text.text},${node.args[1].text.text}; use F, or a multiplier above 1`,
      });
    }
    if (item.interval > max) {
      const arg = node.args[1];
      ctx.report(line, {
        start: arg.text.start,
        end: arg.text.end,
        code: 'retry-interval-capped',
        severity: 'warning',
        message: `Exim never waits longer than retry_interval_max (${formatDuration(max)}) between attempts, so this interval of ${formatDuration(item.interval)} acts as ${formatDuration(max)}`,
      });
    }
  }
}
