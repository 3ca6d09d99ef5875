// Words and tables for a retry schedule: the one-line preview shown at the end of a rule, and the
// attempt-by-attempt table shown on hover.

import { scheduleRange, type Phase, type Schedule, type ScheduleItem } from './schedule';
import { formatDuration, formatMultiplier, roughDuration } from './time';

const range = (a: number, b: number, fmt: (n: number) => string = String) => (a === b ? fmt(a) : `${fmt(a)}–${fmt(b)}`);

/**
 * The preview, what matters most first (an editor may cut a long hint short):
 * `bounce ≈ 4d 5h after 29 attempts: 9× every 15m to 2h · 6× 1h growing ×1.5 to 16h · 13× every 6h to 4d`.
 */
export function schedulePreview(items: readonly ScheduleItem[], maxInterval?: number): string {
  if (items.length === 0) return 'no retry items: bounces at the first temporary failure';
  const { min, max, random } = scheduleRange(items, maxInterval);
  const parts: string[] = [];
  for (const p of min.phases) {
    const item = items[p.item];
    const other = max.phases.find((q) => q.item === p.item);
    const count = other ? range(Math.min(p.count, other.count), Math.max(p.count, other.count)) : String(p.count);
    parts.push(`${count}× ${phaseWords(item, p, other)}`);
  }
  const bounce = random ? range(min.bounce, max.bounce, roughDuration) : roughDuration(min.bounce);
  const attempts = range(Math.min(min.count, max.count), Math.max(min.count, max.count));
  return `bounce ≈ ${bounce} after ${attempts} attempts: ${parts.join(' · ')}`;
}

function phaseWords(item: ScheduleItem, p: Phase, other?: Phase): string {
  const to = `to ${roughDuration(item.cutoff)}`;
  const capped = p.capped || other?.capped ? ' (capped)' : '';
  if (item.letter === 'F' || p.minGap === p.maxGap) return `every ${roughDuration(p.minGap)}${capped} ${to}`;
  const m = formatMultiplier(item.multiplier ?? 1000);
  const random = item.letter === 'H' ? ' randomly' : '';
  return `${roughDuration(p.minGap)} growing${random} ×${m}${capped} ${to}`;
}

export interface ScheduleRow {
  n: number;
  offset: number;
  /** For H rules: the latest time of this attempt. */
  offsetMax?: number;
  gap?: number;
  gapMax?: number;
  /** Index of the item in use, or -1 for the attempt that fails the address. */
  item: number;
}

/** Rows for every attempt (H rules: both ends), with long steady runs left to the caller to fold. */
export function scheduleRows(items: readonly ScheduleItem[], maxInterval?: number, limit = Infinity): { rows: ScheduleRow[]; min: Schedule; max: Schedule; random: boolean; truncated: boolean } {
  const { min, max, random } = scheduleRange(items, maxInterval);
  const rows: ScheduleRow[] = [];
  const maxIt = random ? max.attempts() : undefined;
  let truncated = false;
  for (const a of min.attempts()) {
    if (rows.length >= limit) {
      truncated = true;
      break;
    }
    const row: ScheduleRow = { n: a.n, offset: a.offset, gap: a.gap, item: a.item };
    if (maxIt) {
      const b = maxIt.next();
      if (!b.done) {
        row.offsetMax = b.value.offset;
        row.gapMax = b.value.gap;
      }
    }
    rows.push(row);
  }
  return { rows, min, max, random, truncated };
}

export function itemText(item: ScheduleItem): string {
  if (item.letter === 'F') return `F,${formatDuration(item.cutoff)},${formatDuration(item.interval)}`;
  return `${item.letter},${formatDuration(item.cutoff)},${formatDuration(item.interval)},${formatMultiplier(item.multiplier ?? 1000)}`;
}

/** A Markdown table of the attempts; steady runs longer than a few rows are folded. */
export function scheduleTable(items: readonly ScheduleItem[], maxInterval?: number): string {
  if (items.length === 0) return 'This rule has no retry items: the first temporary failure that matches it fails the address at once (a bounce).';
  const { rows, min, max, random } = scheduleRows(items, maxInterval, 5000);
  const lines = ['| # | after first failure | gap | item |', '|---:|---|---|---|'];
  const fmt = (a: number, b?: number) => (b === undefined || a === b ? formatDuration(a) : `${formatDuration(a)} – ${formatDuration(b)}`);
  let i = 0;
  while (i < rows.length) {
    // Fold runs of equal gaps under the same item: show two, then a summary, then the last.
    let j = i;
    while (j + 1 < rows.length && rows[j + 1].item === rows[i].item && rows[j + 1].item >= 0 && rows[j + 1].gap === rows[j].gap && rows[j + 1].gapMax === rows[j].gapMax) j++;
    const run = j - i + 1;
    const show = (r: ScheduleRow) =>
      lines.push(`| ${r.n} | ${fmt(r.offset, r.offsetMax)} | ${r.gap === undefined ? '—' : fmt(r.gap, r.gapMax)} | ${r.item < 0 ? '**fails: bounce**' : itemText(items[r.item])} |`);
    if (run > 5) {
      show(rows[i]);
      show(rows[i + 1]);
      lines.push(`| … | ${run - 3} more every ${formatDuration(rows[i + 1].gap ?? 0)} | | |`);
      show(rows[j]);
      i = j + 1;
    } else {
      show(rows[i]);
      i++;
    }
  }
  const total = random ? `${min.count}–${max.count}` : String(min.count);
  const bounce = random ? `${formatDuration(max.bounce)} – ${formatDuration(min.bounce)}` : formatDuration(min.bounce);
  lines.push('', `${total} attempts; the address fails ${bounce} after the first failure.`);
  if (min.overflow || max.overflow) lines.push('', 'The multiplier is so large that Exim\'s 32-bit arithmetic overflows: real gaps will be erratic.');
  return lines.join('\n');
}
