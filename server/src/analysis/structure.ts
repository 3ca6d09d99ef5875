// Checks of the file's structure: what the line reader and the document builder found (sections,
// macros, conditionals, includes), lines that fit no rule of their section, and lines that belong
// to no instance.

import type { ConfigLine, Section } from '../syntax/document';
import type { CheckContext } from './context';
import type { Severity } from './diagnostic';

const SEVERITY: Record<string, Severity> = { error: 'error', warning: 'warning', info: 'information' };

const INSTANCE_WORD: Record<string, string> = { routers: 'router', transports: 'transport', authenticators: 'authenticator', acls: 'ACL' };

export function checkStructure(ctx: CheckContext): void {
  const { doc } = ctx;
  for (const p of doc.read.problems) {
    ctx.diagnostics.push({ file: p.file, range: p.range, severity: SEVERITY[p.severity], code: p.code, message: p.message });
  }
  for (const p of doc.problems) {
    ctx.report(p.line, { start: p.start, end: p.end, code: p.code, message: p.message, severity: SEVERITY[p.severity] });
    if (p.related) {
      const d = ctx.diagnostics[ctx.diagnostics.length - 1];
      d.related = p.related.map((r) => ({ file: r.line.map.fileOf(r.start), range: r.line.map.range(r.start, r.end), message: r.message }));
    }
  }
  for (const section of doc.sections) checkSectionLines(ctx, section);
}

function checkSectionLines(ctx: CheckContext, section: Section): void {
  const word = INSTANCE_WORD[section.name];
  for (const line of section.lines) {
    const node = line.node;
    switch (node.kind) {
      case 'junk':
        ctx.report(line, junkMessage(line, section));
        break;
      case 'macroMalformed':
        ctx.report(line, {
          start: 0,
          end: line.text.length,
          code: 'macro-malformed',
          message: 'a line that starts with an upper-case letter is a macro definition and must read NAME = value (Exim: malformed macro definition)',
        });
        break;
      case 'namedList':
        if (node.malformed) {
          const afterKeyword = node.malformed.text.length > 0 && !/^\s/.test(node.malformed.text);
          ctx.report(line, {
            start: afterKeyword ? node.keyword.start : node.malformed.start,
            end: node.malformed.end > node.malformed.start ? node.malformed.end : line.text.length,
            code: 'named-list-malformed',
            message: afterKeyword
              ? `"${node.keyword.text}${node.cache ? '_cache' : ''}" must be followed by a space and the list's name (Exim: unrecognized configuration line)`
              : `a named list reads ${node.keyword.text} NAME = value (Exim: missing '=' after the name)`,
          });
        }
        break;
      case 'option':
      case 'aclStatement':
        if (word && !line.instance) {
          const what = section.name === 'acls' ? 'ACL statement' : 'option';
          ctx.report(line, {
            start: 0,
            end: line.text.length,
            code: 'outside-instance',
            message:
              section.name === 'acls'
                ? `this ${what} is not inside any ACL: start one with a line "name:" (Exim: missing or malformed ACL name)`
                : `this ${what} is not inside any ${word}: start one with a line "name:" (Exim: ${word === 'authenticator' ? 'auth' : word} name missing)`,
          });
        }
        break;
      default:
        break;
    }
  }
}

function junkMessage(line: ConfigLine, section: Section) {
  const text = line.text;
  const shown = text.length > 40 ? text.slice(0, 40) + '…' : text;
  if (section.name === 'acls') {
    return {
      start: 0,
      end: text.length,
      code: 'syntax',
      message: `"${shown}" is not an ACL line: expected an ACL name "name:", a verb (accept, deny, defer, discard, drop, require, warn) or a condition "name = value"`,
    };
  }
  return {
    start: 0,
    end: text.length,
    code: 'syntax',
    message: `"${shown}" is not an option setting: an option line starts with a letter and reads name = value (Exim: option setting expected)`,
  };
}
