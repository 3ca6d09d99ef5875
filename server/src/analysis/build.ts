// What the Exim build a file is checked against lacks.  Exim defines a built-in macro for every
// option (_OPT_MAIN_<NAME>, _OPT_ROUTERS_<NAME>, _OPT_ROUTER_<DRIVER>_<NAME> ...), driver
// (_DRIVER_ROUTER_<NAME> ...), ACL condition and modifier (_ACL_COND_<NAME>, _ACL_MOD_<NAME>) and
// log selector (_LOG_<NAME>) it has.  With the list of a real binary (`exim -bP macros`), a name
// the facts know but that list leaves out is one this Exim rejects: built without the feature, or
// older than the name.  With the default list (every feature) nothing is missing.  A family the
// list has no name of at all (an Exim older than these macros) is not checked.

import { aclConditions, builtinMacroNames, builtinMacroValues, driverNames, expansionConditions, expansionItems, expansionOperators, expansionVariables, findOption, genericOptions, lookupTypes, optionsFor, privateOptions, logSelectorNames, type OptionInfo } from '../facts';
import type { DriverScope } from '../facts/types';
import { unknownInRelease, type ReleaseUnknowns } from '../facts/release';
import { lookupsOf, releaseOf } from '../syntax/macros';

/** An option a build has but refuses to see set: the library that refuses it, and Exim's error. */
export interface RefusedOption {
  library: string;
  exim: string;
  /** The built-in macro of the builds that read it (for an .ifdef around the line). */
  guard: string;
  /** The library of those builds. */
  readBy: string;
}

export interface BuildGaps {
  /** Options the build lacks (the facts' own objects, as findOption returns them). */
  options: ReadonlySet<OptionInfo>;
  /** Drivers the build lacks, as `routers/queryprogram`. */
  drivers: ReadonlySet<string>;
  /** ACL conditions and modifiers the build lacks. */
  acl: ReadonlySet<string>;
  /** Log selectors the build lacks. */
  logSelectors: ReadonlySet<string>;
  /**
   * Lookup types the build lacks, each with how that is known: no _HAVE_LOOKUP_<FLAG> macro (dbm,
   * dbmjz and dbmnz share one), or absent from the lookups exim -bV lists.
   */
  lookups: ReadonlyMap<string, string>;
  /** Expansion names the build lacks, as `variables/dmarc_status`, with the macro it has not. */
  expansion: ReadonlyMap<string, string>;
  /** The built-in macro each missing name would have, by option, `scope/driver` or name. */
  macroOf: ReadonlyMap<OptionInfo | string, string>;
  /** Options the build has but refuses to see set: the library it is built with, and Exim's error. */
  refused: ReadonlyMap<OptionInfo, RefusedOption>;
  /**
   * With the default list, which cannot know the TLS library: options that a build with one of
   * them refuses to see set (the library that refuses, and Exim's error).
   */
  refusedBySome: ReadonlyMap<OptionInfo, RefusedOption>;
}

const NO_GAPS: BuildGaps = { options: new Set(), drivers: new Set(), acl: new Set(), logSelectors: new Set(), lookups: new Map(), expansion: new Map(), macroOf: new Map(), refused: new Map(), refusedBySome: new Map() };

/**
 * Built-in macros taken as defined when the Exim binary's own list is not at hand (see
 * AnalyseOptions.builtinMacros): those of an Exim built with every feature, except the ones that
 * exclude each other (GnuTLS is assumed, as in Debian's build, and a Berkeley DB hints database).
 * Each is `NAME`, or `NAME=value` for the few whose value is not "y".
 */
const NOT_BUILT = new Set(['_HAVE_OPENSSL', '_HAVE_HINTS_SQLITE', '_HAVE_HINTS_TDB', '_HAVE_HINTS_GDBM', '_HAVE_HINTS_NDBM', '_HAVE_EXPERIMENTAL_SPF_PERL']);
export const DEFAULT_BUILTIN_MACROS: readonly string[] = builtinMacroNames
  .filter((n) => !NOT_BUILT.has(n))
  .map((n) => (builtinMacroValues[n] === undefined ? n : `${n}=${builtinMacroValues[n]}`));

/**
 * Options the build has but refuses to see set, by the built-in macro that says so, with Exim's
 * error (given once the whole file is read, with no line).  Not checked against the default list,
 * which has to assume one TLS library.
 */
const REFUSED: readonly { scope: 'main'; option: string; when: string; library: string; exim: string; guard: string; readBy: string }[] = [
  { scope: 'main', option: 'openssl_options', when: '_HAVE_GNUTLS', library: 'GnuTLS', exim: "openssl_options is set but we're using GnuTLS", guard: '_HAVE_OPENSSL', readBy: 'OpenSSL' },
];

/**
 * The built-in macro by which a build shows it has what a build flag of the expansion tables
 * gives (a DISABLE_ flag: the feature unless it is disabled).  A flag with no macro (HAVE_LOCAL_SCAN)
 * is not judged.
 */
const FLAG_MACROS: Readonly<Record<string, string>> = {
  DISABLE_DKIM: '_HAVE_DKIM', DISABLE_EVENT: '_HAVE_EVENT', DISABLE_PRDR: '_HAVE_PRDR', DISABLE_TLS: '_HAVE_TLS',
  DISABLE_TLS_RESUME: '_HAVE_TLS_RESUME', EXIM_HAVE_DMARC: '_HAVE_DMARC', EXIM_HAVE_SPF: '_HAVE_SPF', EXPERIMENTAL_ARC: '_HAVE_ARC',
  EXPERIMENTAL_DCC: '_HAVE_DCC', LOOKUP_LDAP: '_HAVE_LOOKUP_LDAP', SUPPORT_DANE: '_HAVE_DANE', SUPPORT_I18N: '_HAVE_I18N',
  SUPPORT_PROXY: '_HAVE_PROXY', SUPPORT_SOCKS: '_HAVE_SOCKS', SUPPORT_SRS: '_HAVE_SRS', WITH_CONTENT_SCAN: '_HAVE_CONTENT_SCANNING',
  EXIM_PERL: '_HAVE_PERL', EXPAND_DLFUNC: '_HAVE_DLFUNC',
};

const SINGULAR: Record<DriverScope, string> = { routers: 'ROUTER', transports: 'TRANSPORT', authenticators: 'AUTHENTICATOR' };
const SCOPES: readonly DriverScope[] = ['routers', 'transports', 'authenticators'];

const cache = new WeakMap<readonly string[], BuildGaps>();
const ids = new WeakMap<readonly string[], number>();
let nextId = 1;

/** A short name for a built-in macro list, for memo keys: the same list, the same number. */
export function buildId(entries: readonly string[]): number {
  let id = ids.get(entries);
  if (id === undefined) ids.set(entries, (id = nextId++));
  return id;
}

/** The gaps of the build whose built-in macros are `entries` (`NAME` or `NAME=value` each). */
export function buildGaps(entries: readonly string[]): BuildGaps {
  let gaps = cache.get(entries);
  if (!gaps) {
    gaps = computeGaps(entries);
    cache.set(entries, gaps);
  }
  return gaps;
}

function computeGaps(entries: readonly string[]): BuildGaps {
  if (entries === DEFAULT_BUILTIN_MACROS) return { ...NO_GAPS, refusedBySome: refusedTable(() => true) };
  const defined = new Set(entries.map((e) => (e.includes('=') ? e.slice(0, e.indexOf('=')) : e)));
  const families = new Set<string>();
  for (const name of defined) {
    const m = /^_(OPT_MAIN|OPT_ROUTERS|OPT_TRANSPORTS|OPT_AUTHENTICATORS|OPT_ROUTER|OPT_TRANSPORT|OPT_AUTHENTICATOR|DRIVER_ROUTER|DRIVER_TRANSPORT|DRIVER_AUTHENTICATOR|ACL_COND|ACL_MOD|LOG|HAVE_LOOKUP)_/.exec(name);
    if (m) families.add(m[1]);
  }
  const options = new Set<OptionInfo>();
  const drivers = new Set<string>();
  const acl = new Set<string>();
  const logSelectors = new Set<string>();
  const macroOf = new Map<OptionInfo | string, string>();
  /** Whether the build lacks `_FAMILY_REST`; if so, the macro is noted under `key`. */
  const lacks = (key: OptionInfo | string, family: string, rest: string): boolean => {
    const macro = `_${family}_${rest.toUpperCase()}`;
    if (!families.has(family) || defined.has(macro)) return false;
    macroOf.set(key, macro);
    return true;
  };

  for (const o of optionsFor('main')) if (lacks(o, 'OPT_MAIN', o.name)) options.add(o);
  for (const scope of SCOPES) {
    const single = SINGULAR[scope];
    for (const o of genericOptions(scope)) if (lacks(o, `OPT_${scope.toUpperCase()}`, o.name)) options.add(o);
    for (const d of driverNames(scope)) {
      if (lacks(`${scope}/${d}`, `DRIVER_${single}`, d)) drivers.add(`${scope}/${d}`);
      for (const o of privateOptions(scope, d)) if (lacks(o, `OPT_${single}`, `${d}_${o.name}`)) options.add(o);
    }
  }
  for (const c of aclConditions()) if (lacks(`acl/${c.name}`, c.kind === 'modifier' ? 'ACL_MOD' : 'ACL_COND', c.name)) acl.add(c.name);
  for (const s of logSelectorNames()) if (lacks(`log/${s}`, 'LOG', s)) logSelectors.add(s);
  const lookups = new Map<string, string>();
  const knownMacros = new Set(builtinMacroNames);
  const listed = lookupsOf(entries);
  for (const l of lookupTypes()) {
    // Only a flag whose macro Exim defines (LOOKUP_NMH has none) says anything.
    const flag = l.buildFlags?.find((f) => f.startsWith('LOOKUP_') && knownMacros.has(`_HAVE_${f}`));
    if (flag && lacks(`lookup/${l.name}`, 'HAVE_LOOKUP', flag.slice('LOOKUP_'.length))) lookups.set(l.name, `its built-in macros have no _HAVE_${flag}`);
    // exim -bV lists the lookup modules it has; spf (a feature's) and readsock (always there) are
    // not in that list.
    else if (listed && l.buildFlags?.every((f) => f.startsWith('LOOKUP_')) && !listed.has(l.name)) lookups.set(l.name, 'exim -bV does not list it among its lookups');
  }
  const expansion = new Map<string, string>();
  if ([...defined].some((n) => n.startsWith('_HAVE_'))) {
    const tables = { items: expansionItems(), operators: expansionOperators(), conditions: expansionConditions(), variables: expansionVariables() };
    for (const [kind, list] of Object.entries(tables)) {
      for (const x of list as { name: string; buildFlags?: readonly string[] }[]) {
        const macro = x.buildFlags?.map((f) => FLAG_MACROS[f]).find((m) => m !== undefined && knownMacros.has(m) && !defined.has(m));
        if (macro) expansion.set(`${kind}/${x.name}`, macro);
      }
    }
  }
  const refused = refusedTable((r) => defined.has(r.when));
  return { options, drivers, acl, logSelectors, lookups, expansion, macroOf, refused, refusedBySome: new Map() };
}

/** The rows of REFUSED that `applies` picks, by option. */
function refusedTable(applies: (r: (typeof REFUSED)[number]) => boolean): Map<OptionInfo, RefusedOption> {
  const out = new Map<OptionInfo, RefusedOption>();
  for (const r of REFUSED) {
    const option = findOption(r.scope, r.option);
    if (option && applies(r)) out.set(option, { library: r.library, exim: r.exim, guard: r.guard, readBy: r.readBy });
  }
  return out;
}

/**
 * A sentence for hover on a name the build lacks or refuses (`key` as in macroOf or refused), or
 * undefined when the build has it.
 */
export function buildNote(gaps: BuildGaps, key: OptionInfo | string): string | undefined {
  const refused = typeof key === 'string' ? undefined : gaps.refused.get(key);
  if (refused) return `**Not usable with this build of Exim**, which uses ${refused.library}: Exim refuses the file (${refused.exim}).`;
  if (!gaps.macroOf.has(key)) return undefined;
  return `**Not in this build of Exim**: its built-in macros have no \`${gaps.macroOf.get(key)}\` (built without the feature, or older than it), so Exim rejects it.`;
}

/**
 * Whether the Exim of this built-in macro list lacks an expansion name: its build leaves the
 * feature out, or its release is older than the name.
 */
export function lacksExpansionName(entries: readonly string[], kind: keyof ReleaseUnknowns, name: string): boolean {
  return buildGaps(entries).expansion.has(`${kind}/${name}`) || unknownInRelease(kind, name, releaseOf(entries));
}

/** Whether completion should leave a name out: the build lacks it or refuses it. */
export function unusable(gaps: BuildGaps, key: OptionInfo | string): boolean {
  return gaps.macroOf.has(key) || (typeof key !== 'string' && gaps.refused.has(key));
}

/** Why a name is missing: the macro the build's list lacks, and what that means. */
export function lackedBecause(gaps: BuildGaps, key: OptionInfo | string): string {
  return `its built-in macros have no ${gaps.macroOf.get(key)}: built without the feature, or older than it`;
}
