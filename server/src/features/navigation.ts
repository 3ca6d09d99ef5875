// Go to definition, find references, document highlights and rename for the names of the
// configuration: ACLs, routers, transports, authenticators, named lists and macros.  Locations
// are in any file of the configuration (file indexes of document.read.files); the language
// server turns them into URIs.
//
// Rename edits the text where each name is written.  A name that reaches a line through a macro
// (`transport = LOCAL_DELIVERY` with `LOCAL_DELIVERY = mail_spool`) is renamed in the macro's
// value; when it cannot be found there, the rename is refused rather than left half done.

import type { Analysis } from '../analysis/analyse';
import { exactRange } from '../analysis/diagnostic';
import { macroDefinitionFor, nameIndex, type Definition, type NameEntry, type NameKey, type Reference, type Site } from '../analysis/names';
import { aclVerb, isBuiltinMacroName } from '../facts';
import { LIST_KEYWORD, NAME_KIND_WORD as WORD, itemNameProblem, macroNameProblem } from '../facts/names';
import type { ConfigDocument } from '../syntax/document';
import type { Position, Range } from '../syntax/lines';

export interface FileLocation {
  /** Index into analysis.document.read.files. */
  file: number;
  range: Range;
}

export interface FileEdit extends FileLocation {
  newText: string;
}

function describe(k: NameKey): string {
  return k.kind === 'list' ? `${LIST_KEYWORD[k.list!]} "${k.name}"` : `${WORD[k.kind]} "${k.name}"`;
}

/** The name at a position of the analysed file: its key, and the site the position is on. */
export function nameAt(analysis: Analysis, pos: Position): { key: NameKey; entry: NameEntry; site: Site; definition?: Definition; reference?: Reference } | undefined {
  const index = nameIndex(analysis.document);
  const at = index.at(0, pos);
  if (!at) return undefined;
  const entry = index.entry(at.key);
  if (!entry) return undefined;
  const site = (at.definition ?? at.reference)!.site;
  return { key: at.key, entry, site, definition: at.definition, reference: at.reference };
}

const loc = (s: Site): FileLocation => ({ file: s.file, range: s.range });

/** Where the name at a position is defined (a macro: the definition in effect there). */
export function definition(analysis: Analysis, pos: Position): FileLocation[] {
  const include = includeAt(analysis, pos);
  if (include !== undefined) return [{ file: include, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
  const at = nameAt(analysis, pos);
  if (!at) return [];
  if (at.key.kind === 'macro' && at.reference) {
    const d = macroDefinitionFor(nameIndex(analysis.document), at.reference, analysis.document);
    return d ? [loc(d.site)] : [];
  }
  return at.entry.definitions.map((d) => loc(d.site));
}

/** The file an `.include` line at a position reads, when it was read. */
function includeAt(analysis: Analysis, pos: Position): number | undefined {
  const read = analysis.document.read;
  for (const d of read.directives) {
    if (d.file !== 0 || d.line !== pos.line || d.node.kind !== 'include' || d.includedFile === undefined) continue;
    const raw = read.lines[0][d.line] ?? '';
    if (pos.character >= d.column + d.node.name.end && pos.character <= raw.length) return d.includedFile;
  }
  return undefined;
}

/** Every place the name at a position is written: references, and definitions if asked for. */
export function references(analysis: Analysis, pos: Position, includeDeclaration: boolean): FileLocation[] {
  const at = nameAt(analysis, pos);
  if (!at) return [];
  const sites = [...(includeDeclaration ? at.entry.definitions.map((d) => d.site) : []), ...at.entry.references.map((r) => r.site)];
  return dedupe(sites.map(loc));
}

export interface Highlight {
  range: Range;
  kind: 'read' | 'write';
}

/** The places in the analysed file where the name at a position is written. */
export function documentHighlights(analysis: Analysis, pos: Position): Highlight[] {
  const at = nameAt(analysis, pos);
  if (!at) return [];
  const all = [
    ...at.entry.definitions.map((d) => ({ file: d.site.file, range: d.site.range, kind: 'write' as const })),
    ...at.entry.references.map((r) => ({ file: r.site.file, range: r.site.range, kind: 'read' as const })),
  ];
  return dedupe(all.filter((h) => h.file === 0)).map((h) => ({ range: h.range, kind: h.kind }));
}

function dedupe<T extends FileLocation>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((l) => {
    const id = `${l.file}:${l.range.start.line}:${l.range.start.character}:${l.range.end.line}:${l.range.end.character}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

// ------------------------------------------------------------------ rename

export type RenameCheck = { range: Range; placeholder: string } | { error: string };

/** Whether the name at a position can be renamed, and the range of it to edit. */
export function prepareRename(analysis: Analysis, pos: Position): RenameCheck {
  const at = nameAt(analysis, pos);
  if (!at) return { error: 'there is no ACL, router, transport, authenticator, named list or macro name here' };
  if (at.entry.definitions.length === 0) {
    if (at.key.kind === 'macro') return { error: `"${at.key.name}" is one of Exim's built-in macros, or given on the command line: it cannot be renamed` };
    return { error: `no ${describe(at.key)} is defined in this configuration, so there is nothing to rename` };
  }
  if (!at.site.exact) return { error: `"${at.key.name}" comes from a macro here: rename it where the macro is used or defined` };
  return { range: at.site.range, placeholder: at.key.name };
}

export type RenameResult = { edits: FileEdit[] } | { error: string };

/** The edits that rename the name at a position everywhere it is written. */
export function rename(analysis: Analysis, pos: Position, newName: string): RenameResult {
  const check = prepareRename(analysis, pos);
  if ('error' in check) return check;
  const at = nameAt(analysis, pos)!;
  const key = at.key;
  if (newName === key.name) return { edits: [] };
  const problem = key.kind === 'macro' ? macroRenameProblem(analysis.document, key.name, newName) : itemRenameProblem(analysis, key, newName);
  if (problem) return { error: problem };
  const edits: FileEdit[] = [];
  const sites = [...at.entry.definitions.map((d) => d.site), ...at.entry.references.map((r) => r.site)];
  for (const site of sites) {
    const places = editablePlaces(analysis.document, site, key);
    if (typeof places === 'string') return { error: places };
    for (const p of places) edits.push({ ...p, newText: newName });
  }
  return { edits: dedupe(edits) };
}

function itemRenameProblem(analysis: Analysis, key: NameKey, newName: string): string | undefined {
  const bad = itemNameProblem(newName);
  if (bad) return `${bad} (Exim's rule for the names of ${key.kind === 'list' ? 'named lists' : `${WORD[key.kind]}s`})`;
  const clash = nameIndex(analysis.document).entry({ ...key, name: newName });
  if (clash && clash.definitions.length > 0) return `there is already ${/^[AEIOU]/.test(describe(clash.key)) ? 'an' : 'a'} ${describe(clash.key)}`;
  if (key.kind === 'acl' && aclVerb(newName)) return `an ACL called "${newName}" would be mistaken for the one-line ACL "${newName}" wherever a name is expected`;
  return undefined;
}

function macroRenameProblem(doc: ConfigDocument, oldName: string, newName: string): string | undefined {
  const bad = macroNameProblem(newName);
  if (bad) return bad;
  if (doc.macros.get(newName) || isBuiltinMacroName(newName)) return `there is already a macro called "${newName}"`;
  for (const m of doc.macros.userMacros()) {
    if (m.name === oldName) continue;
    if (m.name.includes(newName)) return `"${newName}" is part of the name of the macro "${m.name}": Exim would replace that part of it`;
    if (newName.includes(m.name)) return `the macro "${m.name}" is part of "${newName}": Exim would replace that part of the new name`;
  }
  // Exim substitutes a macro wherever its name appears, so the new name must not appear yet.
  const files = doc.read.files;
  for (let f = 0; f < doc.read.lines.length; f++) {
    const lines = doc.read.lines[f];
    for (let l = 0; l < lines.length; l++) {
      const text = lines[l];
      if (!text.includes(newName) || /^\s*#/.test(text)) continue;
      return `"${newName}" already appears in line ${l + 1}${f === 0 ? '' : ` of ${files[f].name}`}: Exim would replace it there too`;
    }
  }
  return undefined;
}

/**
 * Where to edit to rename a name written at a site: the site itself when it is written as it is;
 * for a name that a macro's value put there, the name in that value.  A string: why it cannot be.
 */
function editablePlaces(doc: ConfigDocument, site: Site, key: NameKey): FileLocation[] | string {
  if (site.exact) return [loc(site)];
  if (!site.line || site.start === undefined) return `a use of "${key.name}" cannot be edited where it is`;
  const line = site.line;
  const pieces = line.map.pieces;
  let piece = pieces[0];
  for (const p of pieces) if (p.at <= site.start) piece = p;
  if (!piece || piece.exact) return `a use of "${key.name}" spans text that is partly written and partly made by a macro`;
  const out: FileLocation[] = [];
  const macros = doc.read.macroUses.filter((u) => u.file === piece.file && u.line === piece.line && u.start === piece.character && u.end === piece.endCharacter);
  const word = new RegExp(`(?<![A-Za-z0-9_])${escape(key.name)}(?![A-Za-z0-9_])`, 'g');
  for (const u of macros) {
    if (u.definedAt === undefined) continue;
    const def = doc.lines[u.definedAt];
    if (!def || def.node.kind !== 'macro') continue;
    const value = def.node.value;
    word.lastIndex = 0;
    for (let m = word.exec(value.text); m; m = word.exec(value.text)) {
      const s = value.start + m.index;
      const exact = exactRange(def, s, s + key.name.length);
      if (exact) out.push(exact);
    }
  }
  if (out.length === 0) {
    const names = macros.map((u) => u.name).join(', ') || 'a macro';
    return `"${key.name}" is made by the macro ${names} in line ${piece.line + 1}${piece.file === 0 ? '' : ` of ${doc.read.files[piece.file].name}`}, and its value does not hold the name as a word to rename`;
  }
  return out;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
