// What the Exim build a file is checked against lacks.  Exim defines a built-in macro for every
// option (_OPT_MAIN_<NAME>, _OPT_ROUTERS_<NAME>, _OPT_ROUTER_<DRIVER>_<NAME> ...), driver
// (_DRIVER_ROUTER_<NAME> ...), ACL condition and modifier (_ACL_COND_<NAME>, _ACL_MOD_<NAME>) and
// log selector (_LOG_<NAME>) it has.  With the list of a real binary (`exim -bP macros`), a name
// the facts know but that list leaves out is one this Exim rejects: built without the feature, or
// older than the name.  With the default list (every feature) nothing is missing.  A family the
// list has no name of at all (an Exim older than these macros) is not checked.

import { aclConditions, driverNames, genericOptions, optionsFor, privateOptions, logSelectorNames, type OptionInfo } from '../facts';
import type { DriverScope } from '../facts/types';

export interface BuildGaps {
  /** Options the build lacks (the facts' own objects, as findOption returns them). */
  options: ReadonlySet<OptionInfo>;
  /** Drivers the build lacks, as `routers/queryprogram`. */
  drivers: ReadonlySet<string>;
  /** ACL conditions and modifiers the build lacks. */
  acl: ReadonlySet<string>;
  /** Log selectors the build lacks. */
  logSelectors: ReadonlySet<string>;
  /** The built-in macro each missing name would have, by option, `scope/driver` or name. */
  macroOf: ReadonlyMap<OptionInfo | string, string>;
}

const SINGULAR: Record<DriverScope, string> = { routers: 'ROUTER', transports: 'TRANSPORT', authenticators: 'AUTHENTICATOR' };
const SCOPES: readonly DriverScope[] = ['routers', 'transports', 'authenticators'];

const cache = new WeakMap<readonly string[], BuildGaps>();

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
  const defined = new Set(entries.map((e) => (e.includes('=') ? e.slice(0, e.indexOf('=')) : e)));
  const families = new Set<string>();
  for (const name of defined) {
    const m = /^_(OPT_MAIN|OPT_ROUTERS|OPT_TRANSPORTS|OPT_AUTHENTICATORS|OPT_ROUTER|OPT_TRANSPORT|OPT_AUTHENTICATOR|DRIVER_ROUTER|DRIVER_TRANSPORT|DRIVER_AUTHENTICATOR|ACL_COND|ACL_MOD|LOG)_/.exec(name);
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
  return { options, drivers, acl, logSelectors, macroOf };
}

/** Why a name is missing: the macro the build's list lacks, and what that means. */
export function lackedBecause(gaps: BuildGaps, key: OptionInfo | string): string {
  return `its built-in macros have no ${gaps.macroOf.get(key)}: built without the feature, or older than it`;
}
