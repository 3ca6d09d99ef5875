// Checks of the file's structure: what the line reader and the document builder found (sections,
// macros, conditionals, includes), lines that fit no rule of their section, and lines that belong
// to no instance.

import type { ConfigLine, SectionName } from '../syntax/document';
import { sectionBuildNeeds } from '../facts';
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
  for (const section of doc.sections) {
    checkSectionLines(ctx, section.name, section.lines);
    checkBuildNeeds(ctx, section.name, section.begin);
  }
  const inactive = ctx.inactiveLines();
  for (const name of new Set(inactive.map((l) => l.section))) {
    checkSectionLines(ctx, name, inactive.filter((l) => l.section === name));
  }
  markInactiveBlocks(ctx);
}

/** A section that only a build with an option of Local/Makefile reads (Exim rejects the `begin` line otherwise). */
function checkBuildNeeds(ctx: CheckContext, name: SectionName, begin: ConfigLine | undefined): void {
  const needs = sectionBuildNeeds[name];
  if (!needs || !begin || begin.node.kind !== 'begin') return;
  ctx.report(begin, {
    start: begin.node.name.start,
    end: begin.node.name.end,
    code: 'section-build-option',
    message: `Exim reads a "${begin.node.name.text}" section only when built with ${needs.buildOption} (for a local_scan() of your own that has options); other builds, Exim's default and Debian's among them, reject the file here (Exim: ${needs.error})`,
    severity: 'warning',
  });
}

/** A faded hint over each run of lines that Exim skips because of a false .ifdef. */
function markInactiveBlocks(ctx: CheckContext): void {
  const { read } = ctx.doc;
  read.inactiveLines.forEach((lines, file) => {
    let i = 0;
    while (i < lines.length) {
      let j = i;
      while (j + 1 < lines.length && lines[j + 1] === lines[j] + 1) j++;
      const last = read.lines[file][lines[j]] ?? '';
      ctx.diagnostics.push({
        file,
        range: { start: { line: lines[i], character: 0 }, end: { line: lines[j], character: last.length } },
        severity: 'hint',
        code: 'inactive-branch',
        message: 'Exim skips these lines: the condition of their .ifdef block is false with the macros defined here',
        tags: ['unnecessary'],
      });
      i = j + 1;
    }
  });
}

function checkSectionLines(ctx: CheckContext, sectionName: SectionName, lines: ConfigLine[]): void {
  const word = INSTANCE_WORD[sectionName];
  for (const line of lines) {
    const node = line.node;
    switch (node.kind) {
      case 'junk':
        ctx.report(line, junkMessage(line, sectionName));
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
          const what = sectionName === 'acls' ? 'ACL statement' : 'option';
          ctx.report(line, {
            start: 0,
            end: line.text.length,
            code: 'outside-instance',
            message:
              sectionName === 'acls'
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

function junkMessage(line: ConfigLine, sectionName: SectionName) {
  const text = line.text;
  const shown = text.length > 40 ? text.slice(0, 40) + '…' : text;
  if (sectionName === 'acls') {
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
