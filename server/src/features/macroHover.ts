// Hover on macros: a macro name where it is used (anywhere Exim substituted it, directive lines
// included) or where it is defined shows its value and where the value comes from. Works from the
// physical position, because a macro use is replaced in the logical line.

import type { Analysis } from '../analysis/analyse';
import { lineLabel } from '../analysis/labels';
import { isBuiltinMacroName } from '../facts';
import type { ConfigLine, MacroDefinitionSite } from '../syntax/document';
import type { Position } from '../syntax/lines';
import type { HoverResult } from './hover';
import { locate } from './locate';
import { codeBlock, codeSpan, joinSections } from './markdown';

export function macroHover(analysis: Analysis, pos: Position): HoverResult | undefined {
  const doc = analysis.document;
  const use = doc.read.macroUses.find((u) => u.file === 0 && u.line === pos.line && pos.character >= u.start && pos.character < u.end);
  if (use) {
    const at = locate(analysis, pos);
    return {
      contents: macroMarkdown(analysis, use.name, at?.line, 'use'),
      range: { start: { line: pos.line, character: use.start }, end: { line: pos.line, character: use.end } },
    };
  }
  const at = locate(analysis, pos);
  if (at && at.line.node.kind === 'macro') {
    const node = at.line.node;
    if (at.offset >= node.name.start && at.offset <= node.name.end) {
      return { contents: macroMarkdown(analysis, node.name.text, at.line, 'definition'), range: at.line.map.range(node.name.start, node.name.end) };
    }
  }
  return undefined;
}

function valueText(value: string): string {
  if (value === '') return '(empty)';
  if (value.length > 60 || value.includes('`') || value.includes('\n')) return `\n\n${codeBlock(value)}`;
  return codeSpan(value);
}

/**
 * The definition in force at `line`: the last one read before it (a `==` redefinition replaces the
 * value from there on). Without a line, the last definition.
 */
function definitionAt(sites: MacroDefinitionSite[], line: ConfigLine | undefined): MacroDefinitionSite | undefined {
  if (!line) return sites[sites.length - 1];
  let best: MacroDefinitionSite | undefined;
  for (const s of sites) if (s.line.index <= line.index) best = s;
  return best ?? sites[0];
}

function macroMarkdown(analysis: Analysis, name: string, line: ConfigLine | undefined, where: 'use' | 'definition'): string {
  const doc = analysis.document;
  const sites = doc.macroDefinitions.filter((d) => d.name === name);
  const uses = doc.read.macroUses.filter((u) => u.name === name).length;
  const usedText = uses === 0 ? 'Not used anywhere.' : `Used ${uses} time${uses === 1 ? '' : 's'}.`;
  const site = where === 'definition' && line ? sites.find((s) => s.line === line) ?? definitionAt(sites, line) : definitionAt(sites, line);
  const macro = doc.macros.get(name);
  if (site) {
    const value = site.node.value.text;
    const parts = [`**macro** ${codeSpan(name)} = ${valueText(value)}`];
    const from = line ?? site.line;
    parts.push(site.line === line ? `Defined here${site.node.redefine ? ' (a redefinition with `==`)' : ''}. ${usedText}` : `Defined on ${lineLabel(site.line, from, doc)}${site.node.redefine ? ' (redefined with `==`)' : ''}. ${usedText}`);
    if (sites.length > 1) parts.push(`It has ${sites.length} definitions in all; the value shown is the one in force here.`);
    parts.push('Exim replaces the name by this text wherever it appears, before it reads the line.');
    return joinSections(parts);
  }
  if (macro && !macro.builtin) {
    return joinSections([`**macro** ${codeSpan(name)} = ${valueText(macro.value)}`, `Given on the command line (\`-D${name}=…\`). ${usedText}`]);
  }
  if (macro?.builtin || isBuiltinMacroName(name)) {
    return joinSections([
      macro ? `**built-in macro** ${codeSpan(name)} = ${valueText(macro.value)}` : `**built-in macro** ${codeSpan(name)} (not defined in the build analysed for)`,
      `Exim defines it itself when it is built with the feature the name says, so that \`.ifdef ${name}\` can test for it. ${usedText}`,
      '[Exim specification](https://www.exim.org/exim-html-current/doc/html/spec_html/ch-the_exim_runtime_configuration_file.html#SECTbuiltinmacros)',
    ]);
  }
  return joinSections([`**macro** ${codeSpan(name)}`, `Not defined${where === 'use' ? ' where it is used here' : ''}. ${usedText}`]);
}

/**
 * A name in capitals that no macro replaced: on a directive line (`.ifdef NAME`), or a word with an
 * underscore such as MAIN_LOCAL_DOMAINS elsewhere. Says that it is not defined at that point, so
 * Exim reads it as plain text (or the `.ifdef` is false).
 */
export function undefinedMacroHover(analysis: Analysis, pos: Position): HoverResult | undefined {
  const text = analysis.document.read.lines[0]?.[pos.line];
  if (text === undefined) return undefined;
  const re = /[A-Za-z0-9_]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (pos.character < m.index || pos.character > m.index + m[0].length) continue;
    const word = m[0];
    const directive = /^\s*\.(?:el)?if(?:n)?def\b/.test(text);
    if (!/^[A-Z][A-Z0-9_]*$/.test(word) || (!directive && !/^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/.test(word))) return undefined;
    if (directive && m.index <= text.indexOf('def')) return undefined;
    const defined = analysis.document.macros.get(word);
    if (defined && !directive) return undefined;
    const range = { start: { line: pos.line, character: m.index }, end: { line: pos.line, character: m.index + word.length } };
    const builtin = isBuiltinMacroName(word);
    const note = directive
      ? builtin
        ? `A built-in macro name: Exim defines it only when built with that feature; here it is taken as ${defined ? 'defined' : 'not defined'}.`
        : 'No macro of this name is defined before this line, so the test takes the "not defined" branch.'
      : 'No macro of this name is defined at this point, so Exim reads the name as plain text. Define it before this line (`NAME = value`), or give it with `-D` on the command line.';
    return { contents: joinSections([`**macro** ${codeSpan(word)} · not defined`, note]), range };
  }
  return undefined;
}
