// How a message names another place in the configuration.

import { basename } from 'node:path';
import type { ConfigDocument, ConfigLine } from '../syntax/document';

/** "line 12", or "line 12 of prefix.conf" when `target` is in another file than `from`. */
export function lineLabel(target: ConfigLine, from: ConfigLine, doc?: ConfigDocument): string {
  const file = target.map.fileOf(0);
  const line = `line ${target.map.firstLine + 1}`;
  if (file === from.map.fileOf(0)) return line;
  const name = doc?.read.files[file]?.name;
  return name ? `${line} of ${basename(name)}` : `${line} of another file`;
}
