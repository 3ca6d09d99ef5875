// What a line-local check found, remembered so that re-analysing an edited document does not
// redo it for the lines that did not change.  The key is the line's parsed node (the parser hands
// out one node object per start rule and text) plus a short context (section, driver ...): no long
// string is built per line, and an entry goes when its node is dropped from the parse cache.

import type { ConfigLine } from '../syntax/document';

interface Slot<T> {
  context: string;
  value: T;
  /** Other contexts the same node was seen in (rare: one text under two drivers, say). */
  more?: Map<string, T>;
}

export class LineMemo<T> {
  // A property on the node itself: quicker than a WeakMap, and it goes with the node.
  private readonly key = Symbol('lineMemo');

  get(line: ConfigLine, context: string, compute: () => T): T {
    const node = line.node as unknown as Record<symbol, Slot<T> | undefined>;
    const slot = node[this.key];
    if (slot === undefined) {
      const value = compute();
      node[this.key] = { context, value };
      return value;
    }
    if (slot.context === context) return slot.value;
    const hit = slot.more?.get(context);
    if (hit !== undefined) return hit;
    const value = compute();
    (slot.more ??= new Map()).set(context, value);
    return value;
  }
}

/** The usual context of a line: its section, the driver of its instance, and whether Exim skips it. */
export function lineContext(line: ConfigLine): string {
  if (line.context === undefined) {
    const driver = line.instance?.driver?.name;
    const base = driver === undefined ? line.section : `${line.section}|${driver}`;
    line.context = line.inactive ? `${base}|-` : base;
  }
  return line.context;
}
