// Regular expressions in domain, host, address and local-part lists (items that start with "^")
// that PCRE2 cannot compile. Exim expands the list first, so the pattern PCRE2 gets is the item
// with its backslash escapes read (`\.` is `.`, `\\` is `\`) and `\N...\N` kept as written.
// When Exim matches such a list it stops the process that does so ("regular expression error ...
// while compiling"): an SMTP connection ends without a reply (exim -bh). exim -bV says nothing.
// The regex and mime_regex ACL conditions take a list of patterns too; there a bad one is skipped.

import type { ConfigLine } from '../syntax/document';
import type { Token } from '../syntax/tree';
import type { CheckContext } from './context';
import type { LineDiagnostic } from './diagnostic';
import { LineMemo, lineContext } from './lineMemo';
import { listValue, splitList } from './lists';
import { regexProblem } from './regex';
import { walkExpansion } from './expansionWalk';
import { span, type ExpandedValue } from './expansions';

const cache = new LineMemo<LineDiagnostic[]>();

export function checkRegexLists(ctx: CheckContext): void {
  for (const line of ctx.doc.lines) {
    if (!line.text.includes('^') && !line.text.includes('regex')) continue;
    const found = cache.get(line, lineContext(line), () => lineFindings(line));
    for (const d of found) ctx.report(line, d);
  }
}

/** ACL conditions whose value is a list of regular expressions, each compiled when it runs. */
const REGEX_CONDITIONS = new Set(['regex', 'mime_regex']);

function lineFindings(line: ConfigLine): LineDiagnostic[] {
  const node = line.node;
  if (node.kind === 'aclStatement' && node.condition?.value && REGEX_CONDITIONS.has(node.condition.name.text)) return regexConditionFindings(node.condition.value);
  const list = listValue(line);
  if (!list) return [];
  const out: LineDiagnostic[] = [];
  for (const item of splitList(list.text)) {
    const text = item.text.trim().replace(/^!\s*/, '');
    // An expansion is known only once expanded; a lookup item (lsearch;...) holds no pattern.
    if (/(?:^|[^\\])\$/.test(text.replace(/\\N[\s\S]*?\\N/g, '')) || text.includes(';')) continue;
    const pattern = afterExpansion(text);
    if (!pattern.startsWith('^')) continue;
    const problem = regexProblem(pattern);
    if (!problem) continue;
    const start = list.offsets[item.start + item.text.indexOf(text)];
    const end = list.offsets[Math.min(item.start + item.text.indexOf(text) + text.length, list.offsets.length - 1)];
    const escaped = pattern !== text ? ` (after expansion: ${pattern})` : '';
    out.push({
      start,
      end: Math.max(end, start + 1),
      code: 'list-regex',
      message: `PCRE2 cannot compile this regular expression${escaped}: ${problem.message} at offset ${problem.offset}. When Exim matches this list it stops the process doing so (an SMTP connection ends without a reply) (Exim: regular expression error: ${problem.message} at offset ${problem.offset} while compiling ${pattern})`,
    });
  }
  return out;
}

/**
 * `regex = ^a : b(`: Exim skips a pattern it cannot compile, with a warning in its log, so the
 * condition never matches it (exim -bh).
 */
function regexConditionFindings(value: Token): LineDiagnostic[] {
  const out: LineDiagnostic[] = [];
  for (const item of splitList(value.text)) {
    const text = item.text.trim();
    if (text === '' || /(?:^|[^\\])\$/.test(text.replace(/\\N[\s\S]*?\\N/g, ''))) continue;
    const pattern = afterExpansion(text);
    const problem = regexProblem(pattern);
    if (!problem) continue;
    const start = value.start + item.start + item.text.indexOf(text);
    out.push({
      start,
      end: start + text.length,
      code: 'list-regex',
      message: `PCRE2 cannot compile this regular expression${pattern !== text ? ` (after expansion: ${pattern})` : ''}: ${problem.message} at offset ${problem.offset}. Exim skips it, so the condition never matches it (Exim: regex acl condition warning - error in regex '${pattern}': ${problem.message} at offset ${problem.offset}, skipped.)`,
    });
  }
  return out;
}

/** The item as Exim's expansion leaves it: escapes read, `\N...\N` kept as written. */
export function afterExpansion(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '\\' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const n = text[i + 1];
    if (n === 'N') {
      const end = text.indexOf('\\N', i + 2);
      out += text.slice(i + 2, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1));
    const hex = n === 'x' ? /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2)) : null;
    if (octal) {
      out += String.fromCharCode(parseInt(octal[0], 8));
      i += octal[0].length;
    } else if (hex) {
      out += String.fromCharCode(parseInt(hex[0], 16));
      i += 1 + hex[0].length;
    } else {
      out += n === 'n' ? '\n' : n === 'r' ? '\r' : n === 't' ? '\t' : n;
      i++;
    }
  }
  return out;
}

/**
 * The pattern of `${if match{subject}{pattern}...}` when it is plain text: PCRE2 compiles it as
 * the expansion runs, and a pattern it refuses fails the expansion.
 */
export function matchPatternProblems(v: ExpandedValue): LineDiagnostic[] {
  const out: LineDiagnostic[] = [];
  if (!v.nodes) return out;
  walkExpansion(v.nodes, (n) => {
    if (n.kind !== 'condition' || n.name.text !== 'match') return;
    const arg = n.args[1];
    if (!arg || !arg.parts.every((p) => p.kind === 'text' || p.kind === 'escape' || p.kind === 'protected')) return;
    const pattern = afterExpansion(v.text.slice(arg.start + 1, arg.end - 1));
    const problem = regexProblem(pattern);
    if (!problem) return;
    out.push({
      ...span(v, arg.start + 1, Math.max(arg.end - 1, arg.start + 2)),
      code: 'expansion-regex',
      message: `PCRE2 cannot compile this regular expression: ${problem.message} at offset ${problem.offset}, so the expansion fails (Exim: regular expression error in "${pattern}": ${problem.message} at offset ${problem.offset})`,
    });
  });
  return out;
}
