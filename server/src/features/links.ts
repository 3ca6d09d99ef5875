// Document links: the path of each `.include` and `.include_if_exists` line opens the file.

import type { Analysis } from '../analysis/analyse';
import type { Range } from '../syntax/lines';

export interface DocumentLink {
  range: Range;
  /** The file the line reads (absolute path, or as the host resolved it). */
  target: string;
  tooltip: string;
}

/**
 * Links for the include lines of the analysed file.  `resolve` turns a path as written into the
 * file it names (needed for the lines Exim skips, whose paths the reader does not resolve).
 */
export function documentLinks(analysis: Analysis, resolve?: (path: string, includingFile: string) => string): DocumentLink[] {
  const read = analysis.document.read;
  const out: DocumentLink[] = [];
  for (const d of read.directives) {
    if (d.file !== 0 || d.node.kind !== 'include' || d.node.path.text === '') continue;
    // `.include LOCAL_ACL_FILE` in a skipped branch: a macro not defined here, not a file name.
    if (d.includedFile === undefined && /^[A-Z][A-Z0-9_]*$/.test(d.node.path.text)) continue;
    const raw = read.lines[0][d.line] ?? '';
    const path = d.node.path;
    let start = d.column + path.start;
    let end = Math.min(raw.length, d.column + path.end);
    // A path a macro made, or one with escapes, is not where the offsets say: link the rest of the line.
    const written = raw.slice(start, end);
    if (written !== path.text && written !== `"${path.text}"`) {
      start = d.column + d.node.name.end;
      // A macro that holds the whole `.include PATH` line: link the macro's name as written.
      if (start >= raw.length) start = Math.min(d.column, raw.length);
      while (start < raw.length && /\s/.test(raw[start])) start++;
      end = raw.length;
    }
    const target = d.resolved ?? (resolve ? resolve(path.text, read.files[0].name) : undefined);
    if (!target) continue;
    const what = d.includedFile !== undefined ? 'Open the included file' : d.inactive ? 'Open the file (this line is skipped: false .ifdef)' : 'Open the file (it could not be read)';
    out.push({ range: { start: { line: d.line, character: start }, end: { line: d.line, character: end } }, target, tooltip: what });
  }
  return out;
}
