// Configuration-file structure: section names, preprocessor directives, rewrite flags, named-list
// keywords and the built-in macro names.

import structJson from './data/structure.json';
import { docFor } from './docs';
import { aclData } from './acl';
import { expansionData } from './expansion';
import { optionsData } from './options';
import type { BuiltinMacroInfo, DirectiveInfo, Doc, DriverScope, RewriteFlagInfo, StructureData } from './types';

export const structureData = structJson as unknown as StructureData;

/** Canonical section names as Exim stores them: acls, authenticators, local_scans, retrys ... */
export const sectionNames: readonly string[] = structureData.sections;

/**
 * The section a `begin WORD` line selects, using Exim's rule: case-insensitive, and an `s` is
 * appended when the word does not already end in one. So `acl` -> acls, `Routers` -> routers,
 * `retry` -> retrys; `retries` is not accepted (undefined).
 */
export function sectionName(word: string): string | undefined {
  let w = word.trim().toLowerCase().slice(0, structureData.sectionNameRule.maxLength);
  if (!w.endsWith('s')) w += 's';
  return structureData.sections.includes(w) ? w : undefined;
}

/** Docs for a section (keys of sections.json: main, acls, routers ...). */
export function sectionDoc(section: string): Doc | undefined {
  return docFor('sections', section);
}

/** Docs for a driver (drivers.json: routers/redirect, transports/smtp ...). */
export function driverDoc(scope: DriverScope, driver: string): Doc | undefined {
  return docFor('drivers', `${scope}/${driver}`);
}

export const directives: readonly DirectiveInfo[] = structureData.directives;

/** A preprocessor directive by name, with its leading dot (`.ifdef`, `.include_if_exists` ...). */
export function directive(name: string): DirectiveInfo | undefined {
  return structureData.directives.find((d) => d.name === name);
}

export const rewriteFlags: readonly RewriteFlagInfo[] = structureData.rewriteFlags;

/** Flag letters not allowed in a transport's headers_rewrite rules. */
export const transportRewriteForbiddenFlags: readonly string[] = structureData.transportRewriteForbiddenFlags;

/** domainlist, hostlist, addresslist, localpartlist (each may carry the `_cache` suffix). */
export const namedListKeywords: readonly string[] = structureData.namedListKeywords;

/** The list type of a named-list keyword, accepting the `_cache` form; undefined otherwise. */
export function namedListKeyword(word: string): { keyword: string; cache: boolean } | undefined {
  const suffix = structureData.namedListCacheSuffix;
  const cache = word.endsWith(suffix);
  const base = cache ? word.slice(0, -suffix.length) : word;
  return structureData.namedListKeywords.includes(base) ? { keyword: base, cache } : undefined;
}

/** Feature macros (_HAVE_TLS, _HAVE_DKIM ...), with the build flags each depends on. */
export const builtinFeatureMacros: readonly BuiltinMacroInfo[] = structureData.builtinMacros;

const upper = (s: string) => s.toUpperCase();
const plainName = (s: string) => /^[A-Za-z0-9_]+$/.test(s);

/** Concrete names for one `_PREFIX_<...>` pattern of the facts. */
function namesForPattern(pattern: string): string[] {
  const drivers = (scope: DriverScope) => Object.keys(optionsData[scope].drivers).sort();
  const singular: Record<DriverScope, string> = { routers: 'ROUTER', transports: 'TRANSPORT', authenticators: 'AUTHENTICATOR' };
  for (const scope of ['routers', 'transports', 'authenticators'] as const) {
    const S = singular[scope];
    if (pattern === `_OPT_${upper(scope)}_<GENERIC_OPTION>`) {
      return optionsData[scope].generic.map((o) => `_OPT_${upper(scope)}_${upper(o.name)}`);
    }
    if (pattern === `_OPT_${S}_<DRIVER>_<OPTION>`) {
      return drivers(scope).flatMap((d) => optionsData[scope].drivers[d].map((o) => `_OPT_${S}_${upper(d)}_${upper(o.name)}`));
    }
    if (pattern === `_DRIVER_${S}_<DRIVER>`) return drivers(scope).map((d) => `_DRIVER_${S}_${upper(d)}`);
  }
  switch (pattern) {
    case '_OPT_MAIN_<OPTION>':
      return optionsData.main.map((o) => `_OPT_MAIN_${upper(o.name)}`);
    case '_LOG_<LOG_SELECTOR>':
      return optionsData.logSelectors.map((s) => `_LOG_${upper(s.name)}`);
    case '_ACL_COND_<NAME>':
      return aclData.conditions.filter((c) => c.kind === 'condition').map((c) => `_ACL_COND_${upper(c.name)}`);
    case '_ACL_MOD_<NAME>':
      return aclData.conditions.filter((c) => c.kind === 'modifier').map((c) => `_ACL_MOD_${upper(c.name)}`);
    case '_EXP_ITEM_<NAME>':
      return expansionData.items.map((i) => `_EXP_ITEM_${upper(i.name)}`);
    case '_EXP_OP_<NAME>':
      return expansionData.operators.map((o) => `_EXP_OP_${upper(o.name)}`);
    case '_EXP_COND_<NAME>':
      return expansionData.conditions.filter((c) => plainName(c.name)).map((c) => `_EXP_COND_${upper(c.name)}`);
    case '_EXP_VAR_<NAME>':
      return expansionData.variables.map((v) => `_EXP_VAR_${upper(v.name)}`);
    default:
      return [];
  }
}

/**
 * Names Exim may predefine as macros: the feature macros (_HAVE_*, _EXP_*), one name per table
 * entry (_OPT_MAIN_<OPTION>, _DRIVER_ROUTER_<DRIVER>, _LOG_<SELECTOR>, _EXP_VAR_<NAME> ...), and
 * a few fixed names. Which of them exist depends on how Exim was built.
 */
export const builtinMacroNames: readonly string[] = [
  ...new Set([
    ...structureData.builtinMacros.map((m) => m.name),
    ...structureData.extraMacroNames,
    ...structureData.generatedMacroPatterns.flatMap(namesForPattern),
  ]),
].sort();

const builtinMacroSet = new Set(builtinMacroNames);
/** Patterns whose members cannot be listed (OpenSSL option names): `_OPT_OPENSSL_<X>_X`. */
const openPatterns = structureData.generatedMacroPatterns
  .filter((p) => namesForPattern(p).length === 0)
  .map((p) => new RegExp(`^${p.replace(/<[A-Z_]+>/g, '[A-Z0-9_]+')}$`));

/** Whether `name` is (or could be) one of Exim's built-in macros. */
export function isBuiltinMacroName(name: string): boolean {
  return builtinMacroSet.has(name) || openPatterns.some((re) => re.test(name));
}

/** Sections that only a build with an option of Local/Makefile accepts (local_scan). */
export const sectionBuildNeeds: Readonly<Record<string, { buildOption: string; error: string }>> = structureData.sectionBuildNeeds;

/** The value every built-in macro expands to ("y"), except those in builtinMacroValues. */
export const builtinMacroValue: string = structureData.builtinMacroValue;

/** The built-in macros with a value of their own (the DKIM header lists). */
export const builtinMacroValues: Readonly<Record<string, string>> = structureData.builtinMacroValues;

/** Exim's error wordings for configuration-structure problems (printf-style placeholders kept). */
export const configErrors = {
  section: structureData.sectionErrors,
  preprocessor: structureData.preprocessorErrors,
  namedList: structureData.namedListErrors,
  option: structureData.optionErrors,
  boolean: structureData.booleanErrors,
  driver: structureData.driverErrors,
  macro: structureData.macroErrors,
  acl: structureData.aclErrors,
  aclRuntime: structureData.aclRuntimeErrors,
  rewrite: structureData.rewriteErrors,
} as const;

/** Maximum nesting depth of .ifdef-style blocks. */
export const maxIfNesting: number = structureData.maxIfNesting;
