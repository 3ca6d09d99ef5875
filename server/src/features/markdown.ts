// Small helpers to write hover text: Markdown, short, with the link last.

import type { Doc } from '../facts';

export function codeSpan(text: string): string {
  const ticks = text.includes('`') ? '``' : '`';
  return `${ticks}${text}${ticks}`;
}

export function codeBlock(text: string, language = 'exim'): string {
  return '```' + language + '\n' + text + '\n```';
}

/** A doc entry as hover text: summary, details, example, then the link. */
export function docMarkdown(doc: Doc | undefined, extra: string[] = []): string[] {
  const out: string[] = [];
  if (doc) {
    out.push(doc.summary);
    if (doc.details) out.push(doc.details);
  }
  out.push(...extra);
  if (doc?.example) out.push(codeBlock(doc.example));
  if (doc?.link) out.push(`[Exim specification](${doc.link})`);
  return out;
}

export function joinSections(parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => !!p && p.length > 0).join('\n\n');
}
