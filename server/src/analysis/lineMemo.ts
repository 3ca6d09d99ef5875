// What a line-local check found, remembered so that re-analysing an edited document does not
// redo it for the lines that did not change.  The key is the line's parsed node (the parser hands
// out one node object per start rule and text) plus a short context (section, driver ...): no long
// string is built per line, and entries go when their node is dropped from the parse cache.

import type { ConfigLine } from '../syntax/document';

export class LineMemo<T> {
  private readonly byNode = new WeakMap<object, Map<string, T>>();

  get(line: ConfigLine, context: string, compute: () => T): T {
    let byContext = this.byNode.get(line.node);
    if (!byContext) {
      byContext = new Map();
      this.byNode.set(line.node, byContext);
    }
    let hit = byContext.get(context);
    if (hit === undefined) {
      hit = compute();
      byContext.set(context, hit);
    }
    return hit;
  }
}

/** The usual context of a line: its section, the driver of its instance, and whether Exim skips it. */
export function lineContext(line: ConfigLine): string {
  const driver = line.instance?.driver?.name;
  return driver === undefined ? (line.inactive ? `${line.section}|-` : line.section) : `${line.section}|${driver}${line.inactive ? '|-' : ''}`;
}
