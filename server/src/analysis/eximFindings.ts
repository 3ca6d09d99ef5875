// What `exim -bV -C FILE` printed, read and placed: the version and build lines, the configuration
// error (with or without a line number), and the diagnostic it becomes - on the logical line Exim
// means, in the file Exim names, and marked when one of our own diagnostics already says the same.
// Editor-neutral: no process handling here (see node/eximCheck.ts).

import { EXIM_MESSAGE_MEANINGS } from '../facts/eximCheck';
import type { ConfigDocument, ConfigLine, Instance } from '../syntax/document';
import type { Position, Range } from '../syntax/lines';
import type { ReaderHost } from '../syntax/reader';
import type { Analysis } from './analyse';
import { CODES } from './codes';
import type { Diagnostic, Severity } from './diagnostic';

/** The `source` of every diagnostic the check produces. */
export const EXIM_CHECK_SOURCE = 'exim -bV';
/** The code of an error Exim reports. */
export const EXIM_ERROR_CODE = 'exim-bv';
/** The code of a value that keeps the check from running (see eximSafety.ts). */
export const EXIM_UNSAFE_CODE = 'exim-check-unsafe';

export interface EximError {
  /** The file Exim names, as printed, when it gives a line number. */
  file?: string;
  /** Exim's line number (1-based): the last physical line of the logical line it was reading. */
  line?: number;
  /** What the error is about when Exim gives no line: `r1 router` in "error for r1 router:". */
  context?: string;
  message: string;
}

export interface EximOutput {
  /** `Exim version 4.96 #2 built ...` */
  version?: string;
  /** `4.96` */
  versionNumber?: string;
  /** The rest of what -bV prints about the build (support for, lookups, drivers ...). */
  build: string[];
  /** `Configuration file is ...`: Exim read the whole file and accepted it. */
  configFile?: string;
  errors: EximError[];
  /** Warnings Exim printed (purging the environment ...). */
  warnings: string[];
  /** Anything else on stderr, log time stamps removed. */
  other: string[];
}

// `2026-11-28 01:25:58`, with optional fraction, zone and [pid] (log_timezone, log_selector).
const TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?: [+-]\d{4})?(?: \[\d+(?::\d+)?\])? /;

/** Reads what exim -bV printed. */
export function parseEximOutput(stdout: string, stderr: string): EximOutput {
  const out: EximOutput = { build: [], errors: [], warnings: [], other: [] };
  const lines = stdout.split(/\r?\n/);
  for (const line of lines) {
    if (line === '') continue;
    if (out.version === undefined && /^Exim version /.test(line)) {
      out.version = line.trim();
      out.versionNumber = /^Exim version (\S+)/.exec(line)?.[1];
      continue;
    }
    const cf = /^Configuration file is (.*)$/.exec(line);
    if (cf) {
      out.configFile = cf[1];
      continue;
    }
    if (out.version !== undefined) out.build.push(line);
  }

  // stderr: entries start at column 0; indented lines continue the entry before.
  const entries: string[][] = [];
  for (const raw of stderr.split(/\r?\n/)) {
    if (raw.trim() === '') continue;
    if (/^\s/.test(raw) && entries.length > 0) entries[entries.length - 1].push(raw.trim());
    else entries.push([raw.replace(TIMESTAMP, '').trim()]);
  }
  for (const [head, ...rest] of entries) {
    const text = rest.join(' ');
    let m: RegExpExecArray | null;
    if ((m = /^Exim configuration error in line (\d+) of (.*?):?$/.exec(head))) {
      out.errors.push({ file: m[2], line: Number(m[1]), message: text || head });
    } else if ((m = /^Exim configuration error for (.*?):?$/.exec(head))) {
      out.errors.push({ context: m[1], message: text || head });
    } else if ((m = /^Exim configuration error:?\s*(.*)$/.exec(head))) {
      out.errors.push({ message: [m[1], text].filter(Boolean).join(' ') || head });
    } else if (/^Warning: /.test(head)) {
      out.warnings.push([head.replace(/^Warning: /, ''), ...rest].join(' '));
    } else {
      out.other.push([head, ...rest].join(' '));
    }
  }
  return out;
}

/** One finding of the check, with the absolute path of the file it is in. */
export interface EximFinding {
  path: string;
  range: Range;
  severity: Severity;
  code: string;
  message: string;
  /** The code of our own diagnostic that reports the same problem there (the finding is then not shown). */
  sameAs?: string;
}

export interface PlaceOptions {
  /** Reads files the analysis did not read (an include our reader could not follow). */
  host?: ReaderHost;
  /** Turns a path into a canonical form (real path) so that two spellings of one file compare equal. */
  canonical?: (path: string) => string;
  /** Whether our own diagnostics with this code are shown (false for codes the user switched off). */
  shown?: (code: string) => boolean;
}

interface Placed {
  file: number;
  /** For a file the analysis did not read. */
  path?: string;
  range: Range;
  /** Lines (in `file`) where one of our diagnostics would be "the same": undefined = anywhere. */
  scope?: { from: number; to: number };
  /** Whether Exim gave the line itself (our "any error on that line" fallback applies). */
  exact: boolean;
}

/** Turns Exim's configuration error into a finding placed in the analysed configuration. */
export function placeEximError(analysis: Analysis, error: EximError, options: PlaceOptions = {}): EximFinding {
  const doc = analysis.document;
  const placed = error.line !== undefined && error.file !== undefined ? placeByLine(doc, error.file, error.line, options) : placeWithoutLine(doc, error);
  const path = placed.path ?? doc.read.files[placed.file]?.name ?? doc.read.files[0].name;
  const finding: EximFinding = {
    path,
    range: placed.range,
    severity: CODES[EXIM_ERROR_CODE]?.severity ?? 'error',
    code: EXIM_ERROR_CODE,
    message: `Exim: ${error.context ? `${error.context}: ` : ''}${error.message}`,
  };
  if (placed.path === undefined) {
    const same = sameMeaning(analysis, error.message, placed, options.shown ?? (() => true));
    if (same) finding.sameAs = same.code;
  }
  return finding;
}

function samePath(a: string, b: string, canonical?: (p: string) => string): boolean {
  if (a === b) return true;
  if (!canonical) return false;
  try {
    return canonical(a) === canonical(b);
  } catch {
    return false;
  }
}

function resolveAgainst(path: string, main: string): string {
  if (path.startsWith('/')) return path;
  const dir = main.slice(0, main.lastIndexOf('/') + 1);
  return dir + path;
}

function placeByLine(doc: ConfigDocument, file: string, lineNumber: number, options: PlaceOptions): Placed {
  const files = doc.read.files;
  const wanted = resolveAgainst(file, files[0].name);
  let index = files.findIndex((f) => samePath(f.name, wanted, options.canonical));
  const n = Math.max(0, lineNumber - 1);
  if (index < 0) {
    // A file our reader did not read: place the finding on the line as it is on disk.
    const text = options.host?.readFile(wanted);
    const lines = text === undefined ? [] : text.split(/\r\n|\r|\n/);
    const range = text === undefined ? point(n, 0) : physicalExtent(lines, n);
    return { file: -1, path: wanted, range, exact: true };
  }
  const logical = logicalLineAt(doc, index, n);
  if (logical) {
    const range = extentIn(logical, index);
    return { file: index, range, scope: { from: range.start.line, to: range.end.line }, exact: true };
  }
  const range = physicalExtent(doc.read.lines[index] ?? [], n);
  return { file: index, range, scope: { from: range.start.line, to: range.end.line }, exact: true };
}

const point = (line: number, character: number): Range => ({ start: { line, character }, end: { line, character } });

/** The logical line that covers physical line `n` of a file. */
function logicalLineAt(doc: ConfigDocument, file: number, n: number): ConfigLine | undefined {
  for (const line of doc.lines) {
    const pieces = line.map.pieces;
    if (pieces.length === 0 || line.inactive) continue;
    if (pieces[0].file === file && pieces[0].line > n) continue;
    if (pieces.some((p) => p.file === file && p.line === n)) return line;
  }
  return undefined;
}

/** The part of a logical line that lies in one file, from its first to its last character there. */
function extentIn(line: ConfigLine, file: number): Range {
  let start: Position | undefined;
  let end: Position | undefined;
  for (const p of line.map.pieces) {
    if (p.file !== file) continue;
    const s = { line: p.line, character: p.character };
    const e = { line: p.line, character: p.exact ? p.character + p.length : p.endCharacter };
    if (!start || before(s, start)) start = s;
    if (!end || before(end, e)) end = e;
  }
  return start && end ? { start, end } : point(0, 0);
}

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);

/** A physical line without its leading and trailing blanks; past the end: the last line with text. */
function physicalExtent(lines: readonly string[], n: number): Range {
  let i = Math.min(n, lines.length - 1);
  while (i > 0 && i !== n && lines[i].trim() === '') i--;
  if (i < 0) return point(0, 0);
  const text = lines[i];
  const start = text.length - text.trimStart().length;
  return { start: { line: i, character: start }, end: { line: i, character: Math.max(start, text.trimEnd().length) } };
}

const KINDS: Record<string, Instance['kind']> = { router: 'router', transport: 'transport', authenticator: 'authenticator', acl: 'acl' };

/** The instances Exim reads (not those in a false .ifdef branch). */
function allInstances(doc: ConfigDocument): Instance[] {
  return doc.sections.flatMap((s) => s.instances).filter((i) => !i.header.inactive);
}

function instanceScope(inst: Instance): { from: number; to: number } {
  const last = inst.lines.length ? inst.lines[inst.lines.length - 1] : inst.header;
  return { from: inst.header.map.firstLine, to: last.map.lastLine };
}

function headerPlace(inst: Instance): Placed {
  const node = inst.header.node;
  const loc = node.kind === 'instanceHeader' || node.kind === 'aclHeader' ? inst.header.map.location(node.name.start, node.name.end) : inst.header.map.location(0, inst.header.text.length);
  return { file: loc.file, range: loc.range, scope: instanceScope(inst), exact: false };
}

/**
 * Errors without a line ("Exim configuration error:" and "... for r1 router:"): on the instance
 * they name, else on the main option they name, else at the top of the file.
 */
function placeWithoutLine(doc: ConfigDocument, error: EximError): Placed {
  const instances = allInstances(doc);
  const words = new Set(error.message.match(/[a-z][a-z0-9_]+/g) ?? []);
  const ctx = error.context ? /^(\S+) (router|transport|authenticator)$/.exec(error.context) : null;
  if (ctx) {
    const inst = instances.find((i) => i.kind === KINDS[ctx[2]] && i.name === ctx[1]);
    if (inst) {
      const line = optionLine(inst.lines, words);
      return line ? { ...optionPlace(line, error.message, words), scope: instanceScope(inst) } : headerPlace(inst);
    }
  }
  // Instances named in the message: "two routers called "r1"", "(a1 and a2)": the last one.
  const names = new Set<string>();
  for (const m of error.message.matchAll(/"([^"]+)"|\(([\w.-]+) and ([\w.-]+)\)/g)) for (const n of m.slice(1)) if (n) names.add(n);
  const kindWord = /\b(router|transport|authenticator)s?\b/.exec(error.message)?.[1];
  const named = instances.filter((i) => names.has(i.name) && (!kindWord || i.kind === KINDS[kindWord]));
  if (named.length > 0) {
    const p = headerPlace(named[named.length - 1]);
    return { ...p, scope: undefined };
  }
  // A main option the message names: the last line that sets it.
  const main = doc.sections.find((s) => s.name === 'main');
  const hit = optionLine(main?.lines ?? [], words);
  if (hit) return optionPlace(hit, error.message, words);
  const lines = doc.read.lines[0] ?? [];
  let first = 0;
  while (first < lines.length - 1 && (lines[first].trim() === '' || lines[first].trim().startsWith('#'))) first++;
  return { file: 0, range: physicalExtent(lines, first), exact: false };
}

/** The last of these lines that sets an option named in the message. */
function optionLine(lines: readonly ConfigLine[], words: Set<string>): ConfigLine | undefined {
  let hit: ConfigLine | undefined;
  for (const line of lines) {
    const node = line.node;
    if (!line.inactive && node.kind === 'option' && words.has(node.name.text.replace(/^no_|^not_/, ''))) hit = line;
  }
  return hit;
}

/** An option line; narrowed to a word of the message found in the value (+connection_id), when there is one. */
function optionPlace(line: ConfigLine, message: string, words: Set<string>): Placed {
  // Only words that stand out: +name or !name, or text Exim quotes.
  const tokens = [...(message.match(/[+!][A-Za-z0-9_.-]+/g) ?? []), ...[...message.matchAll(/"([^"]{2,})"/g)].map((m) => m[1])];
  const node = line.node.kind === 'option' ? line.node : undefined;
  let start = 0;
  let end = line.text.length;
  if (node?.value) {
    for (const t of tokens) {
      const at = line.text.indexOf(t, node.value.start);
      if (at >= 0 && !words.has(t)) {
        start = at;
        end = at + t.length;
        break;
      }
    }
  }
  const loc = line.map.location(start, end);
  const whole = line.map.location(0, line.text.length);
  return { file: loc.file, range: loc.range, scope: { from: whole.range.start.line, to: whole.range.end.line }, exact: false };
}

function codeMatches(pattern: string, code: string): boolean {
  return pattern.endsWith('*') ? code.startsWith(pattern.slice(0, -1)) : pattern === code;
}

/**
 * One of our own diagnostics that reports what Exim reports: a code listed for Exim's message
 * (EXIM_MESSAGE_MEANINGS) where Exim points; for a message we have no entry for and a line Exim
 * gave, any of our errors on that line that Exim would reject too.
 */
function sameMeaning(analysis: Analysis, message: string, placed: Placed, shown: (code: string) => boolean): Diagnostic | undefined {
  const entry = EXIM_MESSAGE_MEANINGS.find((e) => e.pattern.test(message));
  const accepts = (code: string) => (entry ? entry.codes.some((p) => codeMatches(p, code)) : placed.exact && CODES[code]?.eximRejects === true);
  return analysis.diagnostics.find((d) => {
    if (!shown(d.code) || !accepts(d.code)) return false;
    if (placed.scope === undefined) return true;
    return d.file === placed.file && d.range.start.line >= placed.scope.from && d.range.start.line <= placed.scope.to;
  });
}
