// The engine's entry point: text in; the document, its diagnostics and symbols out.
// Editor-neutral: the language server and the CLI both call this.

import { builtinMacroNames } from '../facts';
import { buildDocument, type BuildOptions, type ConfigDocument } from '../syntax/document';
import type { ReaderHost } from '../syntax/reader';
import { checkAcls } from './acl';
import { checkAclValues } from './aclValues';
import { checkConsistency } from './consistency';
import { CheckContext } from './context';
import { compareDiagnostics, type Diagnostic } from './diagnostic';
import { checkExpansions } from './expansions';
import { checkLookalikes } from './lookalikes';
import { checkLookups } from './lookups';
import { checkOptions } from './options';
import { checkRetry } from './retry';
import { checkRewrite } from './rewrite';
import { checkStructure } from './structure';

export interface AnalyseOptions {
  /** The file's path or URI (used to resolve `.include` and to name files in messages). */
  name?: string;
  host?: ReaderHost;
  /** Macros given with -D on Exim's command line. */
  commandLineMacros?: Record<string, string>;
}

export interface Analysis {
  document: ConfigDocument;
  /** Diagnostics in every file read (`file` is an index into document.read.files). */
  diagnostics: Diagnostic[];
}

/**
 * Built-in macros taken as defined: those of an Exim built with every feature, except the ones that
 * exclude each other (GnuTLS is assumed, as in Debian's build, and a Berkeley DB hints database).
 */
const NOT_BUILT = new Set(['_HAVE_OPENSSL', '_HAVE_TLS1_3', '_HAVE_HINTS_SQLITE', '_HAVE_HINTS_TDB', '_HAVE_HINTS_GDBM', '_HAVE_HINTS_NDBM', '_HAVE_EXPERIMENTAL_SPF_PERL']);
export const DEFAULT_BUILTIN_MACROS: readonly string[] = builtinMacroNames.filter((n) => !NOT_BUILT.has(n));

const CHECKS: ((ctx: CheckContext) => void)[] = [checkStructure, checkOptions, checkConsistency, checkAcls, checkExpansions, checkLookalikes, checkRetry, checkRewrite, checkAclValues, checkLookups];

export function analyse(text: string, options: AnalyseOptions = {}): Analysis {
  const build: BuildOptions = {
    host: options.host,
    builtinMacros: DEFAULT_BUILTIN_MACROS,
    commandLineMacros: options.commandLineMacros,
  };
  const document = buildDocument({ name: options.name ?? 'exim.conf', text }, build);
  const ctx = new CheckContext(document);
  for (const check of CHECKS) check(ctx);
  const diagnostics = ctx.diagnostics.sort(compareDiagnostics);
  return { document, diagnostics };
}
