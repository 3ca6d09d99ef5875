// Checks of rewrite rules, as Exim's readconf_one_rewrite() reads a rule: a key, a replacement,
// and flag letters.  The same reading serves the rewrite section and a transport's
// headers_rewrite, a list of rules where only header rewriting makes sense.

import { transportRewriteForbiddenFlags } from '../facts';
import { parseLine } from '../syntax/parse';
import type { ConfigLine } from '../syntax/document';
import type { RewriteRuleNode } from '../syntax/tree';
import type { CheckContext } from './context';
import type { LineDiagnostic } from './diagnostic';
import { splitList } from './lists';

const FLAGS = 'qwhsftcbrEFTQRS';

export function checkRewrite(ctx: CheckContext): void {
  const lines = [...ctx.doc.sections.filter((s) => s.name === 'rewrites').flatMap((s) => s.lines), ...ctx.inactiveLines().filter((l) => l.section === 'rewrites')];
  for (const line of lines) {
    if (line.node.kind !== 'rewrite') continue;
    for (const d of ruleProblems(line.node, [])) ctx.report(line, d);
  }
  checkHeadersRewrite(ctx);
}

/** What Exim rejects in one rule; offsets are those of the node. */
function ruleProblems(node: RewriteRuleNode, forbidden: readonly string[]): LineDiagnostic[] {
  if (!node.replacement) {
    return [{ start: node.key.start, end: node.key.end, code: 'rewrite-missing-replacement', message: 'a rewrite rule needs a replacement after the pattern (Exim: missing rewrite replacement string)' }];
  }
  const out: LineDiagnostic[] = [];
  const flags = node.flags;
  for (let i = 0; i < flags.text.length; i++) {
    const c = flags.text[i];
    if (c === ' ' || c === '\t') continue;
    if (!FLAGS.includes(c)) {
      out.push({
        start: flags.start + i,
        end: flags.start + i + 1,
        code: 'rewrite-unknown-flag',
        message: `"${c}" is not a rewrite flag (the flags are E F T Q R S and the header letters h s f t c b r, with q and w); if the replacement contains spaces, put it in quotes (Exim: unknown rewrite flag character '${c}')`,
      });
      return out;
    }
  }
  const envelope = [...flags.text].filter((c) => forbidden.includes(c));
  if (envelope.length > 0) {
    out.push({
      start: flags.start,
      end: flags.end,
      code: 'rewrite-envelope-in-transport',
      message: `a transport's headers_rewrite only rewrites header lines: the flag${envelope.length > 1 ? 's' : ''} ${envelope.join(' ')} (envelope or SMTP-time rewriting) belong${envelope.length > 1 ? '' : 's'} in the rewrite section (Exim: rewrite rule specifies a non-header rewrite - not allowed at transport time)`,
    });
    return out;
  }
  if (flags.text.includes('S') && !/^(\^|\\N\^)/.test(node.key.value)) {
    out.push({
      start: node.key.start,
      end: node.key.end,
      code: 'rewrite-s-flag-regex',
      message: 'with the S flag the pattern must be a regular expression (starting with ^) (Exim: rewrite rule has the S flag but is not a regular expression)',
    });
  }
  return out;
}

/**
 * A transport's headers_rewrite: Exim splits the value into rules at colons (or the separator
 * given with `<`) when it reads the configuration, and reads each rule as in the rewrite section.
 */
function checkHeadersRewrite(ctx: CheckContext): void {
  for (const section of ctx.doc.sections) {
    if (section.name !== 'transports') continue;
    for (const instance of section.instances) for (const line of instance.lines) checkHeadersRewriteLine(ctx, line);
  }
}

function checkHeadersRewriteLine(ctx: CheckContext, line: ConfigLine): void {
  const node = line.node;
  if (node.kind !== 'option' || node.name.text !== 'headers_rewrite' || !node.value) return;
  const value = node.value;
  for (const item of splitList(value.text)) {
    // A doubled separator shifts the offsets, and a rule with ${...} in it may be cut elsewhere by
    // Exim (which splits before it expands anything): both are left alone.
    const raw = value.text.slice(item.start, item.end);
    if (raw !== item.text || raw.includes('${')) continue;
    const rule = parseLine('rewriteLine', raw);
    if (rule.kind !== 'rewrite') continue;
    const at = value.start + item.start;
    for (const d of ruleProblems(rule, transportRewriteForbiddenFlags)) ctx.report(line, { ...d, start: d.start + at, end: d.end + at });
  }
}
