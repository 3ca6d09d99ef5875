// Hover: what the word under the cursor is.  Each family of the language has its own provider;
// the first that recognises the position answers.

import type { Analysis } from '../analysis/analyse';
import type { Position, Range } from '../syntax/lines';
import type { ConfigLine } from '../syntax/document';
import { locate } from './locate';
import { namesHover } from './namesHover';
import { retryHover } from './retryHover';

export interface HoverResult {
  /** Markdown. */
  contents: string;
  range?: Range;
}

export interface HoverContext {
  analysis: Analysis;
  line: ConfigLine;
  offset: number;
}

/** A provider answers for the positions it understands, or returns undefined. */
export type HoverProvider = (ctx: HoverContext) => HoverResult | undefined;

/** In order: the first provider that recognises the position answers. */
const providers: readonly HoverProvider[] = [retryHover, namesHover];

export function hover(analysis: Analysis, pos: Position): HoverResult | undefined {
  const at = locate(analysis, pos);
  if (!at) return undefined;
  const ctx: HoverContext = { analysis, line: at.line, offset: at.offset };
  for (const p of providers) {
    const r = p(ctx);
    if (r) return r;
  }
  return undefined;
}
