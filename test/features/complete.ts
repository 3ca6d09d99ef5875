// Shared by the completion tests: completion at the `|` in a text, and lookups in the result.

import { completion, type CompletionItem } from '../../server/src/features/completion';
import { run } from '../helpers';

/** Completion at the `|` in the text (lines joined with newlines). */
export function complete(...lines: string[]): CompletionItem[] | undefined {
  const text = lines.join('\n');
  const at = text.indexOf('|');
  const before = text.slice(0, at).split('\n');
  const a = run(text.slice(0, at) + text.slice(at + 1));
  return completion(a, { line: before.length - 1, character: before[before.length - 1].length });
}
export const labels = (items: CompletionItem[] | undefined) => (items ?? []).map((i) => i.label);
export const find = (items: CompletionItem[] | undefined, label: string) => items?.find((i) => i.label === label);
