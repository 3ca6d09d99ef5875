// The engine's entry point: text in; the document, its diagnostics and symbols out.
// Editor-neutral: the language server and the CLI both call this.

import { buildDocument, type BuildOptions, type ConfigDocument, type SectionName } from '../syntax/document';
import type { ReaderHost, RootFile } from '../syntax/reader';
import { checkAcls } from './acl';
import { DEFAULT_BUILTIN_MACROS } from './build';
import { CODES } from './codes';
import { checkAclValues } from './aclValues';
import { checkConsistency } from './consistency';
import { checkDriverRules } from './driverRules';
import { CheckContext } from './context';
import { compareDiagnostics, type Diagnostic } from './diagnostic';
import { checkExpansions } from './expansions';
import { reread } from './incremental';
import { checkLookalikes } from './lookalikes';
import { checkLookups } from './lookups';
import { checkIpv6Lists } from './ipv6Lists';
import { checkRegexLists } from './regexLists';
import { checkRouteLists } from './routeList';
import { checkTaint } from './taint';
import { checkTlsCiphers } from './tlsCiphers';
import { checkRcptAcl } from './rcptAcl';
import { checkMixedSeparators } from './mixedSeparators';
import { fragmentSection, type FragmentGuess } from './fragment';
import { checkAclFlow } from './aclFlow';
import { checkRouterFlow } from './routerFlow';
import { checkOptions } from './options';
import { checkReferences } from './references';
import { checkRetry } from './retry';
import { checkRewrite } from './rewrite';
import { checkStructure } from './structure';

export interface AnalyseOptions {
  /** The file's path or URI (used to resolve `.include` and to name files in messages). */
  name?: string;
  host?: ReaderHost;
  /** Macros given with -D on Exim's command line. */
  commandLineMacros?: Record<string, string>;
  /**
   * The built-in macros of the Exim the file is for, as `exim -bP macros` lists them (`NAME=value`,
   * or a bare `NAME` for the value "y"); DEFAULT_BUILTIN_MACROS when not given.  Pass the same
   * array each time: tables made from it are shared.
   */
  builtinMacros?: readonly string[];
  /**
   * The whole configuration this file is a piece of.  The roots are read in order (their texts
   * from `host`, except this file's own, which is `text`); the file keeps index 0.  When the
   * reading never reaches the file, it is analysed on its own.
   */
  whole?: WholeConfig;
  /**
   * The analysis of this document before the edit that gave `text`: when the edit stays inside one
   * line, only that line is read again (see incremental.ts).  It must not be used afterwards.
   */
  previous?: Analysis;
}

export interface WholeConfig {
  /** Root files, read one after the other as one configuration; `section`: a conf.d folder's. */
  roots: { path: string; section?: string }[];
  /** What the whole is, for people: "the conf.d tree /etc/exim4/conf.d", "the main file ...". */
  description: string;
  /** Findings about the file's place in the whole, reported on its first line. */
  notes?: { code: string; message: string }[];
}

export interface Analysis {
  document: ConfigDocument;
  /** Diagnostics in every file read (`file` is an index into document.read.files). */
  diagnostics: Diagnostic[];
  /** Set when the file was analysed as a piece of a whole configuration. */
  whole?: WholeConfig;
  /** Set when the file, which has no "begin", was read in the section its contents belong to. */
  fragment?: SectionName;
}

export { DEFAULT_BUILTIN_MACROS };

const CHECKS: ((ctx: CheckContext) => void)[] = [checkStructure, checkOptions, checkConsistency, checkDriverRules, checkAcls, checkAclFlow, checkRouterFlow, checkExpansions, checkLookalikes, checkRetry, checkRewrite, checkAclValues, checkLookups, checkIpv6Lists, checkRegexLists, checkMixedSeparators, checkRouteLists, checkTaint, checkTlsCiphers, checkRcptAcl, checkReferences];

export function analyse(text: string, options: AnalyseOptions = {}): Analysis {
  const previous = options.previous;
  const fragment = options.whole ? undefined : fragmentSection(text);
  if (previous && !options.whole && !previous.whole && !fragment && !previous.fragment) {
    const document = previous.document.macros.builtinEntries === builtinsOf(options) ? reread(previous.document, text, builtinsOf(options), options.commandLineMacros) : undefined;
    if (document) return check(document);
  }
  if (options.whole) {
    const within = analyseWithin(text, options, options.whole);
    if (within) return within;
  }
  const name = options.name ?? 'exim.conf';
  if (fragment) return { ...check(buildDocument([{ name, text, section: fragment.section, inAcl: fragment.inAcl }], buildOptions(options)), undefined, [fragmentNote(fragment)]), fragment: fragment.section };
  return check(buildDocument({ name, text }, buildOptions(options)));
}

const SECTION_WORD: Partial<Record<SectionName, string>> = { acls: 'acl', retrys: 'retry', rewrites: 'rewrite' };

function fragmentNote(f: FragmentGuess): { code: string; message: string } {
  const section = SECTION_WORD[f.section] ?? f.section;
  const read = f.inAcl ? 'it is read as statements inside an ACL, as an .include between the lines of an ACL would read it' : `it is read as a piece of the ${section} section, as an .include after "begin ${section}" or a Debian conf.d folder would read it`;
  return {
    code: 'fragment-section',
    message: `this file has no "begin" line and ${f.because}: ${read} (exim -bV would read it as main options; to check it within its configuration: exim-lint --main MAIN_FILE FILE)`,
  };
}

/**
 * The file analysed as a piece of `whole`; undefined when reading the whole never reaches it (so
 * that the caller can try another whole, or the file on its own).
 */
export function analyseWithin(text: string, options: AnalyseOptions, whole: WholeConfig): Analysis | undefined {
  const name = options.name ?? 'exim.conf';
  const roots: RootFile[] = [];
  for (const r of whole.roots) {
    const rootText = r.path === name ? text : options.host?.readFile(r.path);
    if (rootText !== undefined) roots.push({ name: r.path, text: rootText, section: r.section });
  }
  if (roots.length === 0) return undefined;
  const document = buildDocument(roots, { ...buildOptions(options), focus: name });
  return document.read.focusRead ? check(document, whole) : undefined;
}

function buildOptions(options: AnalyseOptions): BuildOptions {
  return { host: options.host, builtinMacros: builtinsOf(options), commandLineMacros: options.commandLineMacros };
}

function builtinsOf(options: AnalyseOptions): readonly string[] {
  return options.builtinMacros ?? DEFAULT_BUILTIN_MACROS;
}

function check(document: ConfigDocument, whole?: WholeConfig, notes: readonly { code: string; message: string }[] = []): Analysis {
  const ctx = new CheckContext(document);
  ctx.whole = whole !== undefined;
  for (const c of CHECKS) c(ctx);
  for (const n of [...(whole?.notes ?? []), ...notes]) {
    const first = document.read.lines[0]?.[0] ?? '';
    ctx.diagnostics.push({ file: 0, range: { start: { line: 0, character: 0 }, end: { line: 0, character: first.length } }, severity: CODES[n.code]?.severity ?? 'warning', code: n.code, message: n.message });
  }
  const diagnostics = ctx.diagnostics.sort(compareDiagnostics);
  return whole ? { document, diagnostics, whole } : { document, diagnostics };
}
