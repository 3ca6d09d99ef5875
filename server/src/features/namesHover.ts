// Hover on the name of an ACL, router, transport or authenticator (where it is defined, and where
// an option, a condition or an expansion names it): what it is, where it is defined, and how many
// places use it.  Macros and `+name` list references have their own hover (macroHover, listHover).

import { basename } from 'node:path';
import { macroDefinitionFor, nameIndex, type Definition, type NameEntry } from '../analysis/names';
import { LIST_KEYWORD } from '../facts/names';
import type { HoverContext, HoverResult } from './hover';
import { codeSpan } from './markdown';

const TITLE: Record<string, string> = {
  acl: 'ACL',
  router: 'Router',
  transport: 'Transport',
  authenticator: 'Authenticator',
  macro: 'Macro',
};

function place(ctx: HoverContext, d: Definition): string {
  const file = d.site.file === 0 ? '' : ` of ${basename(ctx.analysis.document.read.files[d.site.file]?.name ?? '')}`;
  return `line ${d.site.range.start.line + 1}${file}`;
}

function uses(e: NameEntry): string {
  const written = e.references.filter((r) => !r.inactive).length;
  const skipped = e.references.length - written;
  const parts = [`${written === 0 ? 'no' : written} use${written === 1 ? '' : 's'}`];
  if (skipped) parts.push(`${skipped} more in lines Exim skips (false .ifdef)`);
  return parts.join(', ');
}

export function namesHover(ctx: HoverContext): HoverResult | undefined {
  const { analysis, line, offset } = ctx;
  const pos = line.map.startPosition(offset);
  if (line.map.fileOf(offset) !== 0) return undefined;
  const index = nameIndex(analysis.document);
  const at = index.at(0, pos);
  if (!at) return undefined;
  const e = index.entry(at.key);
  if (!e || e.key.kind === 'macro' || e.key.kind === 'list') return undefined;
  const k = e.key;
  const title = k.kind === 'list' ? `Named list (${LIST_KEYWORD[k.list!]})` : TITLE[k.kind];
  const lines: string[] = [`**${title}** ${codeSpan(k.name)}`];
  if (k.kind === 'macro') {
    const def = at.reference ? macroDefinitionFor(index, at.reference, analysis.document) : e.definitions[0];
    if (def?.macro) lines.push(`${codeSpan(def.macro.node.value.text || '(empty)')} — defined in ${place(ctx, def)}`);
    else lines.push("One of Exim's built-in macros (or given with -D on the command line).");
  } else if (e.definitions.length === 0) {
    lines.push('Not defined in this configuration.');
  } else {
    const d = e.definitions[0];
    const driver = d.instance?.driver ? ` (driver ${codeSpan(d.instance.driver.name)})` : '';
    lines.push(`Defined in ${place(ctx, d)}${driver}${e.definitions.length > 1 ? `, and ${e.definitions.length - 1} more time(s): a duplicate` : ''}.`);
  }
  if (k.kind !== 'router' && k.kind !== 'authenticator') lines.push(`${uses(e)[0].toUpperCase()}${uses(e).slice(1)}.`);
  const site = (at.definition ?? at.reference)!.site;
  return { contents: lines.join('\n\n'), range: site.range };
}
