// Inlay hints: at the end of every retry rule with items, the schedule it produces at a glance.

import type { Analysis } from '../analysis/analyse';
import { retryIntervalMax, retryLines, retryReading } from '../analysis/retry';
import { schedulePreview } from '../retry/describe';
import type { Position } from '../syntax/lines';

export interface InlayHint {
  position: Position;
  label: string;
  tooltip?: string;
}

export function inlayHints(analysis: Analysis, fromLine: number, toLine: number): InlayHint[] {
  const lines = retryLines(analysis.document);
  if (lines.length === 0) return [];
  const max = retryIntervalMax(analysis.document).seconds;
  const hints: InlayHint[] = [];
  for (const line of lines) {
    const last = line.map.pieces[line.map.pieces.length - 1];
    if (!last || last.file !== 0 || last.line < fromLine || line.map.firstLine > toLine) continue;
    const reading = retryReading(line);
    if (!reading || !reading.accepted || reading.items.length === 0) continue;
    const end = line.map.endPosition(line.text.length);
    hints.push({ position: end, label: schedulePreview(reading.items, max), tooltip: 'Retry schedule of this rule (hover the items for every attempt)' });
  }
  return hints;
}
