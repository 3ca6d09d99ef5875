// Shared test helpers: analysing text, the corpus location, positions.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse, type Analysis } from '../server/src/analysis/analyse';
import type { Diagnostic } from '../server/src/analysis/diagnostic';
import { fileHost } from '../server/src/node/fileHost';

export const ROOT = join(__dirname, '..', '..');
export const CORPUS = join(ROOT, '..', 'shared', 'corpus');

/** A row of the corpus's verdicts.tsv: Exim's verdict on one file, its class and first error. */
export interface Verdict {
  file: string;
  verdict: 'ok' | 'error';
  cls: string;
  line: string;
  message: string;
}

export function corpusVerdicts(): Verdict[] {
  return readFileSync(join(CORPUS, 'verdicts.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => {
      const [file, verdict, cls, line, message] = l.split('\t');
      return { file, verdict: verdict as Verdict['verdict'], cls, line, message };
    });
}
export const HAVE_CORPUS = existsSync(join(CORPUS, 'verdicts.tsv'));

/** Analyses a configuration given as lines (joined with \n). */
export function run(...lines: string[]): Analysis {
  return analyse(lines.join('\n') + '\n', { name: '/tmp/test/exim.conf', host: fileHost() });
}

export function codes(a: Analysis, severity?: Diagnostic['severity']): string[] {
  return a.diagnostics.filter((d) => !severity || d.severity === severity).map((d) => d.code);
}

export function errors(a: Analysis): Diagnostic[] {
  return a.diagnostics.filter((d) => d.severity === 'error');
}

/** A one-line summary of a diagnostic, handy in assertion messages. */
export function show(d: Diagnostic): string {
  return `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${d.code}: ${d.message}`;
}

/** The text a diagnostic's range covers in the given source text. */
export function textAt(source: string, d: { range: Diagnostic['range'] }): string {
  const lines = source.split('\n');
  const { start, end } = d.range;
  if (start.line === end.line) return lines[start.line].slice(start.character, end.character);
  return [lines[start.line].slice(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line].slice(0, end.character)].join('\n');
}

/** Applies LSP-style edits (non-overlapping) to a text. */
export function applyEdits(source: string, edits: { range: Diagnostic['range']; newText: string }[]): string {
  const lines = source.split('\n');
  const offset = (p: { line: number; character: number }) => {
    let o = 0;
    for (let i = 0; i < p.line; i++) o += lines[i].length + 1;
    return o + p.character;
  };
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = source;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
