// Hover in the rewrite section: on a flag letter what it does, on the pattern what kind of
// pattern it is and what $1, $2 ... will hold, on the replacement how it is used; each with the
// places this rule rewrites, worked out from all its flags.

import { docFor } from '../facts';
import type { RewriteRuleNode } from '../syntax/tree';
import type { HoverContext, HoverResult } from './hover';
import { within } from './locate';
import { codeSpan, docMarkdown, joinSections } from './markdown';

/** The places a flag letter selects, in Exim's order. */
const PLACES: readonly [letter: string, place: string][] = [
  ['F', 'envelope sender'],
  ['T', 'envelope recipients'],
  ['s', 'Sender:'],
  ['f', 'From:'],
  ['t', 'To:'],
  ['c', 'Cc:'],
  ['b', 'Bcc:'],
  ['r', 'Reply-To:'],
];
const GROUPS: Record<string, string> = { E: 'FT', h: 'sftcbr' };
const CHOOSING = new Set([...'EFThsftcbrS']);

export function rewriteHover(ctx: HoverContext): HoverResult | undefined {
  const { line, offset } = ctx;
  if (line.node.kind !== 'rewrite') return undefined;
  const node: RewriteRuleNode = line.node;
  const range = (start: number, end: number) => line.map.range(start, end);
  const where = placesLine(node.flags.text);

  const flags = node.flags;
  if (offset >= flags.start && offset < flags.end) {
    const c = flags.text[offset - flags.start];
    if (c === ' ' || c === '\t') return undefined;
    const doc = docFor('rewrite', `flag/${c}`);
    const parts = [`**Rewrite flag** ${codeSpan(c)}`];
    if (doc) parts.push(...docMarkdown(doc, [where]));
    else parts.push('Exim knows no such flag; see the diagnostic.');
    return { contents: joinSections(parts), range: range(offset, offset + 1) };
  }

  if (within(offset, node.key)) {
    const key = node.key;
    const { doc, numbered } = patternReading(key.value);
    const parts = [`**Rewrite pattern** ${codeSpan(key.text)}`];
    if (key.quoted) parts.push(`The quotes are removed: the pattern is ${codeSpan(key.value)}.`);
    if (numbered) parts.push(numbered);
    parts.push(...docMarkdown(doc, [where]));
    return { contents: joinSections(parts), range: range(key.start, key.end) };
  }

  const replacement = node.replacement;
  if (replacement && within(offset, replacement)) {
    const star = replacement.value === '*';
    const parts = [`**Rewrite replacement** ${codeSpan(replacement.text)}`];
    parts.push(...docMarkdown(docFor('rewrite', star ? 'replacement/*' : 'replacement'), star ? [] : [where]));
    return { contents: joinSections(parts), range: range(replacement.start, replacement.end) };
  }
  return undefined;
}

/** `Rewrites: envelope sender, From:, Reply-To:.` from a rule's flags (none: everywhere). */
export function placesLine(flags: string): string {
  const letters = [...flags].filter((c) => c !== ' ' && c !== '\t');
  const notes: string[] = [];
  if (letters.includes('S')) notes.push('at SMTP time, on MAIL FROM and RCPT TO as sent');
  const chosen = new Set(letters.flatMap((c) => [...(GROUPS[c] ?? c)]));
  if (!letters.some((c) => CHOOSING.has(c))) return '**This rule rewrites:** every envelope and header address (no flag chooses the places).';
  const places = PLACES.filter(([l]) => chosen.has(l)).map(([, p]) => p);
  const all = [...places, ...notes];
  return `**This rule rewrites:** ${all.length ? all.join(', ') : 'nothing'}.`;
}

/** Which doc explains a pattern, and what its numbered variables hold. */
function patternReading(value: string): { doc: ReturnType<typeof docFor>; numbered?: string } {
  if (value.startsWith('^') || value.startsWith('\\N^')) {
    const groups = captureGroups(value);
    return {
      doc: docFor('rewrite', 'pattern/regex'),
      numbered: groups > 0 ? `In the replacement, ${numberedList(groups)} hold${groups === 1 ? 's' : ''} what the capture group${groups === 1 ? '' : 's'} matched.` : undefined,
    };
  }
  if (/^[a-z0-9_*-]+;/i.test(value) || /^(partial\d*-)?[a-z0-9_]+(\*@?)?;/i.test(value)) return { doc: docFor('rewrite', 'pattern/lookup') };
  if (value.startsWith('+') || /@\+/.test(value)) return { doc: docFor('rewrite', 'pattern/named-list') };
  if (!value.includes('@')) return { doc: docFor('rewrite', 'pattern/domain') };
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  const vars: string[] = [];
  let n = 0;
  if (local.startsWith('*')) vars.push(`${codeSpan(`$${++n}`)} the local part${local === '*' ? '' : ` before ${codeSpan(local.slice(1))}`}`);
  if (domain.startsWith('*')) vars.push(`${codeSpan(`$${++n}`)} the part of the domain before ${codeSpan(domain.slice(1) || '(end)')}`);
  return { doc: docFor('rewrite', 'pattern/wildcard'), numbered: vars.length ? `In the replacement, ${vars.join(', and ')}.` : undefined };
}

/** Capturing groups in a regex: `(` not escaped, not in a class, not `(?`. */
function captureGroups(re: string): number {
  let n = 0;
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(' && re[i + 1] !== '?') n++;
  }
  return n;
}

function numberedList(n: number): string {
  const names = Array.from({ length: Math.min(n, 9) }, (_, i) => codeSpan(`$${i + 1}`));
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
