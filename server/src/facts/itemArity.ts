// How many arguments in braces each expansion item takes in all, as expand.c reads them. The
// generated table (data/expansion.json) gives the counts of the items with a fixed shape; the items
// that end in optional {yes}{no} strings (process_yesno) or a fail string have their own shapes:
// their base arguments, then up to two more. `if` and `lookup` count only the braces after the
// condition or the lookup type (the key of a single-key lookup is not counted).

import { expansionItem } from './expansion';

export interface ItemArity {
  min: number;
  /** undefined: no fixed limit (perl, dlfunc: a build-time constant). */
  max?: number;
  /** Arguments before the optional {yes}{no} strings, for items that have them. */
  base?: { min: number; max: number };
}

/** Base arguments of the items followed by optional {yes}{no}. */
const YES_NO_BASE: Readonly<Record<string, { min: number; max: number }>> = {
  if: { min: 0, max: 0 },
  lookup: { min: 1, max: 1 },
  env: { min: 1, max: 1 },
  run: { min: 1, max: 1 },
  certextract: { min: 2, max: 2 },
  listextract: { min: 2, max: 2 },
  // ${extract{key}{string}} or ${extract{number}{separators}{string}}
  extract: { min: 2, max: 3 },
};

/** The argument counts Exim accepts for an item, or undefined for an unknown item. */
export function itemArity(name: string): ItemArity | undefined {
  const base = Object.prototype.hasOwnProperty.call(YES_NO_BASE, name) ? YES_NO_BASE[name] : undefined;
  if (base) return { min: base.min, max: base.max + 2, base };
  const info = expansionItem(name);
  if (!info) return undefined;
  const min = info.minArgs ?? 0;
  const max = info.maxArgs === undefined ? undefined : info.maxArgs + (info.failArg ? 1 : 0);
  return { min, max };
}
