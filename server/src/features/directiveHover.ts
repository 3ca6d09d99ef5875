// Hover on the preprocessor lines (`.include`, `.ifdef` ...): what the directive does and, for this
// line, what the reader made of it: the file an include reads, whether a conditional's branch is
// used.  Directive lines are not logical lines of the configuration, so they are found by their
// physical position.

import type { Analysis } from '../analysis/analyse';
import { docFor } from '../facts';
import type { Position, Range } from '../syntax/lines';
import type { DirectiveRecord } from '../syntax/reader';
import type { HoverResult } from './hover';
import { codeSpan, docMarkdown, joinSections } from './markdown';

export function directiveHover(analysis: Analysis, pos: Position): HoverResult | undefined {
  const d = analysis.document.read.directives.find((x) => x.file === 0 && x.line === pos.line);
  if (!d) return undefined;
  const name = d.node.name;
  const end = d.column + name.end;
  if (pos.character < d.column || pos.character > end) return undefined;
  const range: Range = { start: { line: d.line, character: d.column }, end: { line: d.line, character: end } };
  const word = d.node.kind === 'conditional' ? `.${d.node.directive}` : name.text;
  const raw = analysis.document.read.lines[0][d.line] ?? '';
  const parts = [`**Directive** ${codeSpan(word)}`, ...docMarkdown(docFor('directives', word), [here(d, raw)])];
  return { contents: joinSections(parts), range };
}

/** What this particular line does, as read. */
function here(d: DirectiveRecord, raw: string): string {
  const node = d.node;
  if (node.kind === 'include') {
    const file = codeSpan(d.resolved ?? node.path.text);
    if (d.inactive) return '**Here:** this line is in a branch Exim skips, so nothing is read.';
    if (d.includedFile !== undefined) return `**Here:** reads ${file}.`;
    return node.ifExists ? `**Here:** ${file} was not found, so nothing is read.` : `**Here:** ${file} could not be read (see the diagnostic).`;
  }
  if (!node.accepted || d.skipsAfter === undefined) return '';
  // The macro name as written (the reader's copy of the line has macros replaced).
  const arg = /^\S*/.exec(raw.slice(d.column + 1 + node.directive.length).trimStart())![0];
  const tested = arg && /^(el)?if/.test(node.directive) && !(d.inactive && /^if/.test(node.directive)) ? `${codeSpan(arg)} is ${d.macroFound ? 'defined' : 'not defined'}; ` : '';
  if (node.directive === 'endif') return d.skipsAfter ? '**Here:** an enclosing branch is skipped, so the lines below still are.' : '';
  if (d.inactive && /^if/.test(node.directive)) return '**Here:** this conditional is inside a branch Exim skips, so all of it is skipped.';
  return `**Here:** ${tested}the lines below ${d.skipsAfter ? 'are skipped' : 'are used'}.`;
}
