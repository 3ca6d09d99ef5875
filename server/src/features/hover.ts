// Hover: what the word under the cursor is.  Each family of the language has its own provider;
// the first that recognises the position answers.

import type { Analysis } from '../analysis/analyse';
import type { Position, Range } from '../syntax/lines';
import type { ConfigLine } from '../syntax/document';
import { locate } from './locate';
import { namesHover } from './namesHover';
import { retryHover } from './retryHover';
import { rewriteHover } from './rewriteHover';
import { aclHover } from './aclHover';
import { directiveHover } from './directiveHover';
import { expansionHover } from './expansionHover';
import { listHover } from './listHover';
import { logSelectorHover } from './logSelectors';
import { macroHover, undefinedMacroHover } from './macroHover';
import { optionHover } from './optionHover';

export interface HoverResult {
  /** Markdown. */
  contents: string;
  range?: Range;
}

export interface HoverContext {
  analysis: Analysis;
  line: ConfigLine;
  offset: number;
  /** The position asked about (in the analysed file). */
  position: Position;
}

/** A provider answers for the positions it understands, or returns undefined. */
export type HoverProvider = (ctx: HoverContext) => HoverResult | undefined;

/** In order: the first provider that recognises the position answers. */
const providers: readonly HoverProvider[] = [retryHover, expansionHover, rewriteHover, logSelectorHover, listHover, aclHover, optionHover, namesHover];

export function hover(analysis: Analysis, pos: Position): HoverResult | undefined {
  // A macro name is replaced in the logical line, so macros are found by their physical position.
  const macro = macroHover(analysis, pos) ?? directiveHover(analysis, pos);
  if (macro) return macro;
  const at = locate(analysis, pos);
  if (at) {
    const ctx: HoverContext = { analysis, line: at.line, offset: at.offset, position: pos };
    for (const p of providers) {
      const r = p(ctx);
      if (r) return r;
    }
  }
  return undefinedMacroHover(analysis, pos);
}
