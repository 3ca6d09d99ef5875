// The text of the logical line before the cursor, as completion and signature help read it: the
// physical lines this one continues are joined (their leading white space removed, comment lines
// in between skipped, a blank line ending the continuation), as Exim joins them.

import type { Analysis } from '../analysis/analyse';
import type { Position } from '../syntax/lines';

export interface TextBefore {
  /** The logical line up to the cursor, leading white space removed. */
  before: string;
  /** The first physical line of the logical line. */
  startLine: number;
}

/** Undefined on a comment line or outside the document. */
export function textBefore(analysis: Analysis, pos: Position): TextBefore | undefined {
  const lines = analysis.document.read.lines[0];
  if (!lines || pos.line >= lines.length) return undefined;
  const head = lines[pos.line].slice(0, pos.character);
  if (/^\s*#/.test(head)) return undefined;
  // (Collected last line first and turned round once: unshift on each of 100,000 continuation
  // lines would take seconds.)
  const parts = [head.replace(/^\s+/, '')];
  let startLine = pos.line;
  for (let l = pos.line - 1; l >= 0; l--) {
    const text = lines[l];
    if (/^\s*#/.test(text)) continue;
    const trimmed = text.replace(/\s+$/, '');
    if (!trimmed.endsWith('\\')) break;
    parts.push(trimmed.slice(0, -1).replace(/^\s+/, ''));
    startLine = l;
  }
  parts.reverse();
  return { before: parts.join(''), startLine };
}

/**
 * The positions of the `${` not closed before the end of `text`, outermost first; `inText` when
 * the text ends inside \N...\N (which is not expanded).
 */
export function openExpansions(text: string): { open: number[]; inText: boolean } {
  const stack: number[] = [];
  let inText = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      if (text[i + 1] === 'N') {
        const close = text.indexOf('\\N', i + 2);
        if (close < 0) {
          inText = true;
          break;
        }
        i = close + 1;
      } else {
        i++;
      }
    } else if (c === '{') {
      stack.push(text[i - 1] === '$' ? i - 1 : -1);
    } else if (c === '}') {
      stack.pop();
    }
  }
  return { open: stack.filter((p) => p >= 0), inText };
}
