// Checks of the rewrite section, as Exim's readconf_one_rewrite() reads a rule: a key, a
// replacement, and flag letters.

import type { RewriteRuleNode } from '../syntax/tree';
import type { CheckContext } from './context';

const FLAGS = 'qwhsftcbrEFTQRS';

export function checkRewrite(ctx: CheckContext): void {
  const lines = [...ctx.doc.sections.filter((s) => s.name === 'rewrites').flatMap((s) => s.lines), ...ctx.inactiveLines().filter((l) => l.section === 'rewrites')];
  {
    for (const line of lines) {
      if (line.node.kind !== 'rewrite') continue;
      const node: RewriteRuleNode = line.node;
      if (!node.replacement) {
        ctx.report(line, {
          start: node.key.start,
          end: node.key.end,
          code: 'rewrite-missing-replacement',
          message: 'a rewrite rule needs a replacement after the pattern (Exim: missing rewrite replacement string)',
        });
        continue;
      }
      const flags = node.flags;
      for (let i = 0; i < flags.text.length; i++) {
        const c = flags.text[i];
        if (c === ' ' || c === '\t') continue;
        if (!FLAGS.includes(c)) {
          ctx.report(line, {
            start: flags.start + i,
            end: flags.start + i + 1,
            code: 'rewrite-unknown-flag',
            message: `"${c}" is not a rewrite flag (the flags are E F T Q R S and the header letters h s f t c b r, with q and w); if the replacement contains spaces, put it in quotes (Exim: unknown rewrite flag character '${c}')`,
          });
          break;
        }
      }
      if (flags.text.includes('S') && !/^(\^|\\N\^)/.test(node.key.value)) {
        ctx.report(line, {
          start: node.key.start,
          end: node.key.end,
          code: 'rewrite-s-flag-regex',
          message: 'with the S flag the pattern must be a regular expression (starting with ^) (Exim: rewrite rule has the S flag but is not a regular expression)',
        });
      }
    }
  }
}
