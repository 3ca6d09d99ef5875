// From logical lines to the configuration's structure: sections, instances (routers, transports,
// authenticators, ACLs), ACL statements, macros.  Each logical line is parsed with the start rule
// of the section it is in; macro definitions are entered in the table as they are read, because
// they apply to the physical lines that follow.

import type { Range } from './lines';
import { LineMap } from './lines';
import { MacroTable } from './macros';
import { parseLine, parsedLength, type LineRule } from './parse';
import { readConfig, type ReaderHost, type ReadResult, type RootFile, type SourceFile } from './reader';
import type { AclStatementNode, LineNode, MacroNode, Token } from './tree';

export type SectionName = 'main' | 'acls' | 'authenticators' | 'local_scans' | 'retrys' | 'rewrites' | 'routers' | 'transports';

/** Exim's table of section names (a name is looked up with an `s` added when it has none). */
export const SECTION_NAMES: readonly SectionName[] = ['acls', 'authenticators', 'local_scans', 'retrys', 'rewrites', 'routers', 'transports'];

/** The grammar's start rule for the lines of each section. */
export const RULE_OF_SECTION: Readonly<Record<SectionName, LineRule>> = {
  main: 'mainLine',
  acls: 'aclLine',
  authenticators: 'driverLine',
  local_scans: 'localScanLine',
  retrys: 'retryLine',
  rewrites: 'rewriteLine',
  routers: 'driverLine',
  transports: 'driverLine',
};

export type InstanceKind = 'router' | 'transport' | 'authenticator' | 'acl';

const INSTANCE_KIND: Partial<Record<SectionName, InstanceKind>> = {
  routers: 'router',
  transports: 'transport',
  authenticators: 'authenticator',
  acls: 'acl',
};

/** Exim's rule for a section name after `begin`: case-insensitive, an `s` added if missing. */
export function sectionOf(name: string): SectionName | undefined {
  let n = name.slice(0, 22).toLowerCase();
  if (!n.endsWith('s')) n += 's';
  return (SECTION_NAMES as readonly string[]).includes(n) ? (n as SectionName) : undefined;
}

export interface ConfigLine {
  index: number;
  text: string;
  map: LineMap;
  /** The section the line is in (for a `begin` line: the section it starts). */
  section: SectionName;
  node: LineNode;
  /** The instance (router, transport, authenticator, ACL) the line belongs to, if any. */
  instance?: Instance;
  /**
   * The line is in a false .ifdef branch: Exim skips it.  It is still parsed (in the section it
   * appears in) so that the editor can check, explain and complete it.
   */
  inactive?: boolean;
  /** Cached key of the line's context for line-local caches (see analysis/lineMemo.ts). */
  context?: string;
}

export interface Instance {
  kind: InstanceKind;
  name: string;
  header: ConfigLine;
  /** The lines of the instance after its header (options, or ACL lines). */
  lines: ConfigLine[];
  /** For ACLs: the statements, each a verb line and the lines that continue it. */
  statements: AclStatement[];
  /** `driver = x` for routers, transports and authenticators. */
  driver?: { name: string; line: ConfigLine };
  section: Section;
  /**
   * The ACL of a file that is a run of ACL statements on its own (it is included inside an ACL
   * that another file opens): it has no name, and its header is no line of the file.
   */
  anonymous?: true;
}

export interface AclStatement {
  verb?: Token;
  lines: ConfigLine[];
}

export interface Section {
  name: SectionName;
  /** The `begin` line (none for the main section, or for a section a conf.d folder implies). */
  begin?: ConfigLine;
  /** Started by the folder of a conf.d fragment that came before any `begin` line for it: its name. */
  impliedBy?: string;
  lines: ConfigLine[];
  instances: Instance[];
}

export interface StructureProblem {
  line: ConfigLine;
  start: number;
  end: number;
  code: string;
  message: string;
  severity: 'error' | 'warning' | 'info';
  related?: { line: ConfigLine; start: number; end: number; message: string }[];
}

export interface MacroDefinitionSite {
  name: string;
  line: ConfigLine;
  node: MacroNode;
}

export interface ConfigDocument {
  read: ReadResult;
  lines: ConfigLine[];
  sections: Section[];
  macros: MacroTable;
  macroDefinitions: MacroDefinitionSite[];
  problems: StructureProblem[];
}

export interface BuildOptions {
  host?: ReaderHost;
  /** Built-in macro names (`_HAVE_TLS` ...) taken as defined. */
  builtinMacros?: readonly string[];
  /** Macros given on the command line (-D): they win over definitions in the file. */
  commandLineMacros?: Record<string, string>;
  /** The file that is to be file 0 when the reading starts at other root files. */
  focus?: string;
}

const MAX_MACRO_NAME = 63;

/**
 * Reads a configuration: one file (with what it includes), or several root files read in order as
 * one configuration (Debian's conf.d fragments; a root's `section` is the folder it comes from).
 */
export function buildDocument(main: SourceFile | readonly RootFile[], options: BuildOptions = {}): ConfigDocument {
  const macros = new MacroTable(options.builtinMacros);
  const commandLine = new Set<string>();
  for (const [name, value] of Object.entries(options.commandLineMacros ?? {})) {
    macros.define(name, value);
    commandLine.add(name);
  }
  const doc: ConfigDocument = {
    read: undefined as unknown as ReadResult,
    lines: [],
    sections: [],
    macros,
    macroDefinitions: [],
    problems: [],
  };
  let section: Section = { name: 'main', lines: [], instances: [] };
  doc.sections.push(section);
  let instance: Instance | undefined;
  let statement: AclStatement | undefined;
  /** The section the folder of the root being read implies, until its first line is seen. */
  let rootHint: { section: SectionName; file: string; inAcl?: boolean } | undefined;
  /** The first line of the root is to open an ACL with no name (see Instance.anonymous). */
  let openAnonymous = false;

  // A conf.d fragment belongs to the section of its folder.  When no `begin` line has started that
  // section yet (a tree without its 00_..._header file, or a fragment on its own), the section
  // starts at the fragment's first line, as the complete tree would have it.
  const applyRootHint = (text: string) => {
    if (!rootHint) return;
    const hint = rootHint;
    rootHint = undefined;
    openAnonymous = hint.inAcl === true && hint.section === 'acls';
    const first = parseLine(RULE_OF_SECTION[section.name], text);
    if (section.name === hint.section || first.kind === 'begin' || doc.sections.some((s) => s.name === hint.section)) return;
    instance = undefined;
    statement = undefined;
    section = { name: hint.section, lines: [], instances: [], impliedBy: hint.file };
    doc.sections.push(section);
  };

  const problem = (line: ConfigLine, start: number, end: number, code: string, message: string, severity: StructureProblem['severity'] = 'error') => {
    const p: StructureProblem = { line, start, end, code, message, severity };
    doc.problems.push(p);
    return p;
  };

  const onLine = (raw: { text: string; map: LineMap }) => {
    applyRootHint(raw.text);
    const rule = RULE_OF_SECTION[section.name];
    const node = parseLine(rule, raw.text);
    const line: ConfigLine = { index: doc.lines.length, text: raw.text, map: raw.map, section: section.name, node };
    doc.lines.push(line);
    const parsed = parsedLength(rule, raw.text);
    if (parsed < raw.text.length) {
      problem(line, parsed, raw.text.length, 'line-too-long',
        `this rule is ${raw.text.length.toLocaleString('en')} characters long: only its first ${parsed.toLocaleString('en')} characters are checked`, 'warning');
    }

    if (node.kind === 'begin') {
      instance = undefined;
      statement = undefined;
      const name = sectionOf(node.name.text);
      if (!name) {
        problem(line, node.name.start, node.name.end || line.text.length, 'section-unknown',
          node.name.text ? `"${node.name.text}" is not a known configuration section name${suggestSection(node.name.text)}` : '"begin" needs a section name');
        // Exim stops here.  The lines after it are read in the section the name was probably
        // meant to be (so that they do not all look wrong), else in the section we were in.
        const guess = guessSection(node.name.text);
        if (guess && !doc.sections.some((s) => s.name === guess)) {
          line.section = guess;
          section = { name: guess, begin: line, lines: [line], instances: [] };
          doc.sections.push(section);
        } else {
          section.lines.push(line);
        }
        return;
      }
      const earlier = doc.sections.find((s) => s.name === name);
      if (earlier && earlier.impliedBy !== undefined && !earlier.begin) {
        // The folder's header comes after a fragment that needed it: update-exim4.conf joins the
        // files in name order, so in Exim's configuration that fragment is read before `begin`.
        earlier.begin = line;
        line.section = name;
        earlier.lines.push(line);
        section = earlier;
        instance = undefined;
        statement = undefined;
        const first = earlier.lines[0];
        if (first !== line) {
          const p = problem(first, 0, first.text.length, 'confd-order',
            `update-exim4.conf joins the files of a conf.d folder in name order, and "${baseName(earlier.impliedBy)}" sorts before the file with "begin ${node.name.text}": Exim would read this in the section before (rename the file so that it sorts after the header)`);
          p.related = [{ line, start: 0, end: line.text.length, message: 'the section begins here' }];
        }
        return;
      }
      if (earlier) {
        const p = problem(line, node.name.start, node.name.end, 'section-repeated', `the ${name} section is begun again: Exim allows each section once (Exim: "${node.name.text}" section is repeated in the configuration file)`);
        if (earlier.begin) p.related = [{ line: earlier.begin, start: 0, end: earlier.begin.text.length, message: 'first begun here' }];
      }
      line.section = name;
      section = { name, begin: line, lines: [line], instances: [] };
      doc.sections.push(section);
      return;
    }

    section.lines.push(line);

    if (node.kind === 'macro') {
      // A macro definition in a driver or ACL section ends the current instance.
      instance = undefined;
      statement = undefined;
      defineMacro(line, node);
      return;
    }

    if (openAnonymous) {
      openAnonymous = false;
      if (section.name === 'acls' && node.kind === 'aclStatement') {
        const header: ConfigLine = { index: -1, text: '', map: line.map, section: 'acls', node: { kind: 'junk', span: { start: 0, end: 0 } } };
        instance = { kind: 'acl', name: '', header, lines: [], statements: [], section, anonymous: true };
        statement = undefined;
        section.instances.push(instance);
      }
    }

    const kind = INSTANCE_KIND[section.name];
    if (kind && (node.kind === 'instanceHeader' || node.kind === 'aclHeader')) {
      instance = { kind, name: node.name.text, header: line, lines: [], statements: [], section };
      statement = undefined;
      section.instances.push(instance);
      line.instance = instance;
      if (node.kind === 'instanceHeader' && node.trailing) {
        problem(line, node.trailing.start, node.trailing.end, 'syntax', `extra characters follow the ${kind} name "${node.name.text}": nothing may follow the colon`);
      }
      if (node.name.text.length > MAX_MACRO_NAME) {
        problem(line, node.name.start, node.name.end, 'syntax', `the name is longer than ${MAX_MACRO_NAME} characters; Exim cuts it short`, 'warning');
      }
      return;
    }

    if (instance) {
      instance.lines.push(line);
      line.instance = instance;
      if (instance.kind === 'acl' && node.kind === 'aclStatement') {
        addAclLine(instance, line, node);
      } else if (node.kind === 'option' && node.name.text === 'driver' && node.value && !instance.driver) {
        instance.driver = { name: node.value.text, line };
      }
    }
  };

  const addAclLine = (acl: Instance, line: ConfigLine, node: AclStatementNode) => {
    if (node.verb) {
      statement = { verb: node.verb, lines: [line] };
      acl.statements.push(statement);
    } else if (statement) {
      statement.lines.push(line);
    } else {
      // A condition with no verb before it: Exim reads its name as a verb (and rejects it).
      statement = { lines: [line] };
      acl.statements.push(statement);
    }
  };

  const defineMacro = (line: ConfigLine, node: MacroNode) => {
    const name = node.name.text;
    if (name.length > MAX_MACRO_NAME) {
      problem(line, node.name.start, node.name.end, 'macro-name-too-long', `macro name too long (maximum is ${MAX_MACRO_NAME} characters; this one has ${name.length})`);
      return;
    }
    if (commandLine.has(name)) return; // -D wins; Exim silently ignores the file's definition
    const existing = macros.get(name);
    if (node.redefine) {
      if (!existing || existing.builtin) {
        problem(line, node.operator.start, node.operator.end, 'macro-redefine-undefined', `can't redefine an undefined macro "${name}": use "=" for a first definition`);
        return;
      }
    } else if (existing && !existing.builtin) {
      const p = problem(line, node.operator.start, node.operator.end, 'macro-already-defined', `macro "${name}" is already defined: use "==" to redefine it`);
      const first = doc.macroDefinitions.find((d) => d.name === name);
      if (first) p.related = [{ line: first.line, start: first.node.name.start, end: first.node.name.end, message: 'first defined here' }];
      return;
    } else {
      const clash = macros.substringClash(name);
      if (clash) {
        problem(line, node.name.start, node.name.end, 'macro-substring',
          `"${name}" cannot be defined as a macro because the earlier macro "${clash.name}" is part of its name (Exim would replace that part first)`);
        return;
      }
    }
    macros.define(name, node.value.text, line.index);
    doc.macroDefinitions.push({ name, line, node });
  };

  // Lines of a false .ifdef branch: parsed in the section they appear in, attached to the instance
  // they would belong to (one begun inside the branch, or the active one around it), and kept out
  // of the sections' line lists, which hold what Exim reads.
  let shadow: Instance | undefined;
  let shadowSection: Section | undefined;
  let lastWasInactive = false;
  const onInactiveLine = (raw: { text: string; map: LineMap }) => {
    applyRootHint(raw.text);
    if (!lastWasInactive) {
      shadow = undefined;
      shadowSection = undefined;
    }
    lastWasInactive = true;
    const current = shadowSection ?? section;
    const node = parseLine(RULE_OF_SECTION[current.name], raw.text);
    const line: ConfigLine = { index: doc.lines.length, text: raw.text, map: raw.map, section: current.name, node, inactive: true };
    doc.lines.push(line);
    if (node.kind === 'begin') {
      // A section begun inside the branch: the branch's next lines belong to it.
      const name = sectionOf(node.name.text);
      if (name) {
        line.section = name;
        shadowSection = { name, begin: line, lines: [], instances: [] };
        shadow = undefined;
      }
      return;
    }
    const kind = INSTANCE_KIND[current.name];
    if (kind && (node.kind === 'instanceHeader' || node.kind === 'aclHeader')) {
      shadow = { kind, name: node.name.text, header: line, lines: [], statements: [], section: current };
      line.instance = shadow;
      return;
    }
    const owner = shadow ?? (shadowSection ? undefined : instance);
    if (owner && (node.kind === 'option' || node.kind === 'aclStatement')) {
      line.instance = owner;
      if (owner === shadow) {
        shadow.lines.push(line);
        if (node.kind === 'option' && node.name.text === 'driver' && node.value && !shadow.driver) shadow.driver = { name: node.value.text, line };
      }
    }
  };
  const activeLine = (raw: { text: string; map: LineMap }) => {
    lastWasInactive = false;
    onLine(raw);
  };

  const onRoot = (root: RootFile) => {
    const hinted = root.section === 'main' || (SECTION_NAMES as readonly string[]).includes(root.section ?? '') ? (root.section as SectionName) : undefined;
    rootHint = hinted ? { section: hinted, file: root.name, inAcl: root.inAcl } : undefined;
  };
  doc.read = readConfig(main, macros, activeLine, options.host, onInactiveLine, { focus: options.focus, onRoot });
  return doc;
}

function baseName(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return slash >= 0 ? path.slice(slash + 1) : path;
}

/** The section an unknown `begin` name was probably meant to start. */
function guessSection(name: string): SectionName | undefined {
  const n = name.toLowerCase();
  if (n === 'retries') return 'retrys';
  return SECTION_NAMES.find((s) => {
    const singular = s.slice(0, -1);
    return n.length > 0 && (n.startsWith(singular.slice(0, 4)) || singular.startsWith(n.slice(0, 4)));
  });
}

function suggestSection(name: string): string {
  if (name.toLowerCase() === 'retries') return ': write "begin retry"';
  const commented = /^(\S+)\s+#/.exec(name);
  if (commented && sectionOf(commented[1])) return `: "#" starts a comment only at the start of a line, so the comment is read as part of the name; put it on a line of its own and write "begin ${commented[1]}"`;
  const guess = guessSection(name);
  return guess ? `: did you mean "begin ${guess.slice(0, -1)}"?` : '';
}

/** The range of [start, end) of a line, as a file range. */
export function lineRange(line: ConfigLine, start: number, end: number): Range {
  return line.map.range(start, end);
}
