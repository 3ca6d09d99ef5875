// `exim-lint --retry-schedule`: the schedule of a rule's items as text or JSON.

import { parseLine } from '../syntax/parse';
import type { RetryRuleNode } from '../syntax/tree';
import { scheduleRows, itemText } from './describe';
import { readRetryRule } from './rule';
import { DEFAULT_RETRY_INTERVAL_MAX } from './schedule';
import { formatDuration, readTime } from './time';

export interface ReportResult {
  ok: boolean;
  output: string;
  exitCode: number;
}

const PREFIX = '* * ';

export function retryScheduleReport(itemsText: string, maxText: string | undefined, format: 'text' | 'json'): ReportResult {
  let max = DEFAULT_RETRY_INTERVAL_MAX;
  if (maxText !== undefined) {
    const v = readTime(maxText.trim());
    if (v <= 0) return { ok: false, output: `exim-lint: --retry-interval-max: "${maxText}" is not a time such as 24h or 12h\n`, exitCode: 2 };
    max = v;
  }
  const text = PREFIX + itemsText.trim();
  const node = parseLine('retryLine', text);
  if (node.kind !== 'retry') return { ok: false, output: 'exim-lint: not a list of retry items\n', exitCode: 1 };
  const reading = readRetryRule(node as RetryRuleNode, text);
  const error = reading.diagnostics.find((d) => d.severity === 'error');
  if (error) {
    const col = Math.max(0, error.start - PREFIX.length) + 1;
    return { ok: false, output: `retry-schedule:1:${col}: error: ${error.message} [${error.code}]\n`, exitCode: 1 };
  }
  const items = reading.items;
  const { rows, min, max: maxSchedule, random } = scheduleRows(items, max);
  if (format === 'json') {
    const pair = (a: number | undefined, b: number | undefined) => (a === undefined ? null : random ? [a, b ?? null] : a);
    const attempts = rows.map((r) => ({
      n: r.n,
      offsetSeconds: pair(r.offset, r.offsetMax),
      gapSeconds: pair(r.gap, r.gapMax),
      item: r.item < 0 ? null : itemText(items[r.item]),
    }));
    const bounceSeconds = random ? [min.bounce, maxSchedule.bounce] : min.bounce;
    return { ok: true, output: JSON.stringify({ attempts, bounceSeconds }, null, 2) + '\n', exitCode: 0 };
  }
  const fmt = (a: number | undefined, b: number | undefined) => (a === undefined ? '-' : random && b !== undefined && b !== a ? `${formatDuration(a)}..${formatDuration(b)}` : formatDuration(a));
  const lines = ['attempt  after first failure      gap                 item'];
  for (const r of rows) {
    lines.push(`${String(r.n).padStart(7)}  ${fmt(r.offset, r.offsetMax).padEnd(23)}  ${fmt(r.gap, r.gapMax).padEnd(18)}  ${r.item < 0 ? 'fails (bounce)' : itemText(items[r.item])}`);
  }
  if (items.length === 0) lines.push('no retry items: the address fails at its first temporary failure');
  const bounce = random ? `${formatDuration(min.bounce)}..${formatDuration(maxSchedule.bounce)}` : formatDuration(min.bounce);
  lines.push(`bounce: ${bounce} after the first failure (${random ? `${maxSchedule.count}..${min.count}` : min.count} attempts)`);
  return { ok: true, output: lines.join('\n') + '\n', exitCode: 0 };
}
