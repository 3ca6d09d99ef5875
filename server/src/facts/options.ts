// Option tables: main options, generic and private driver options, module option tables.

import optionsJson from './data/options.json';
import { docFor, type DocFamily } from './docs';
import type { DriverScope, OptionInfo, OptionRecord, OptionScope, OptionsData } from './types';

export const optionsData = optionsJson as unknown as OptionsData;

const driverScopes: readonly DriverScope[] = ['routers', 'transports', 'authenticators'];
const docFamilyOf: Record<OptionScope, DocFamily> = {
  main: 'main-options',
  routers: 'router-options',
  transports: 'transport-options',
  authenticators: 'authenticator-options',
};

interface ScopeIndex {
  generic: Map<string, OptionInfo>;
  /** driver -> option name -> info */
  drivers: Map<string, Map<string, OptionInfo>>;
  /** private option name -> drivers that define it */
  owners: Map<string, string[]>;
}

let index: Map<OptionScope, ScopeIndex> | undefined;

function makeInfo(rec: OptionRecord, scope: OptionScope, driver?: string): OptionInfo {
  const family = docFamilyOf[scope];
  let doc = docFor(family, driver ? `${driver}/${rec.name}` : rec.name);
  // The acl_smtp_* options are also described from the ACL side.
  if (!doc && scope === 'main') doc = docFor('acl', `acl_option/${rec.name}`);
  const info: OptionInfo = { ...rec, scope };
  if (driver) info.driver = driver;
  if (doc) info.doc = doc;
  if (!info.link && doc?.link) info.link = doc.link;
  return info;
}

function buildIndex(): Map<OptionScope, ScopeIndex> {
  const out = new Map<OptionScope, ScopeIndex>();
  out.set('main', {
    generic: new Map(optionsData.main.map((r) => [r.name, makeInfo(r, 'main')])),
    drivers: new Map(),
    owners: new Map(),
  });
  for (const scope of driverScopes) {
    const t = optionsData[scope];
    const drivers = new Map<string, Map<string, OptionInfo>>();
    const owners = new Map<string, string[]>();
    for (const [drv, list] of Object.entries(t.drivers)) {
      drivers.set(drv, new Map(list.map((r) => [r.name, makeInfo(r, scope, drv)])));
      for (const r of list) {
        const o = owners.get(r.name);
        if (o) o.push(drv);
        else owners.set(r.name, [drv]);
      }
    }
    for (const o of owners.values()) o.sort();
    out.set(scope, {
      generic: new Map(t.generic.map((r) => [r.name, makeInfo(r, scope)])),
      drivers,
      owners,
    });
  }
  return out;
}

function scopeIndex(scope: OptionScope): ScopeIndex {
  index ??= buildIndex();
  const s = index.get(scope);
  if (!s) throw new Error(`unknown option scope ${String(scope)}`);
  return s;
}

/**
 * Look an option up the way Exim does: main options in the main table; for a driver instance the
 * generic table first, then the private table of `driver` (when given). Names are case-sensitive.
 */
export function findOption(scope: OptionScope, name: string, driver?: string): OptionInfo | undefined {
  const s = scopeIndex(scope);
  const g = s.generic.get(name);
  if (g || scope === 'main' || driver === undefined) return g;
  return s.drivers.get(driver)?.get(name);
}

/**
 * Resolve the option word of a setting line, including the `no_` / `not_` prefixes Exim strips
 * before the lookup. `negated` is true when such a prefix was present; whether that is allowed
 * (boolean types only) is for the caller to check with isBooleanType().
 */
export function resolveOptionWord(
  scope: OptionScope,
  word: string,
  driver?: string,
): { option: OptionInfo; negated: boolean } | undefined {
  const m = /^(no|not)_(.+)$/.exec(word);
  if (m) {
    const option = findOption(scope, m[2], driver);
    return option ? { option, negated: true } : undefined;
  }
  const option = findOption(scope, word, driver);
  return option ? { option, negated: false } : undefined;
}

/** Every option settable in this context (for completion): main, or generic + the driver's own. */
export function optionsFor(scope: OptionScope, driver?: string): OptionInfo[] {
  const s = scopeIndex(scope);
  const out = [...s.generic.values()];
  if (scope !== 'main' && driver !== undefined) out.push(...(s.drivers.get(driver)?.values() ?? []));
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Generic options of a driver section (routers, transports, authenticators). */
export function genericOptions(scope: DriverScope): OptionInfo[] {
  return [...scopeIndex(scope).generic.values()];
}

/** Private options of one driver ([] for an unknown driver or one without options, like accept). */
export function privateOptions(scope: DriverScope, driver: string): OptionInfo[] {
  return [...(scopeIndex(scope).drivers.get(driver)?.values() ?? [])];
}

/** Driver names Exim knows for this section, sorted. */
export function driverNames(scope: DriverScope): string[] {
  return Object.keys(optionsData[scope].drivers).sort();
}

export function isDriverName(scope: DriverScope, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(optionsData[scope].drivers, name);
}

/** The Local/Makefile setting that includes a driver (ROUTER_REDIRECT, AUTH_GSASL ...). */
export function driverBuildFlag(scope: DriverScope, driver: string): string | undefined {
  return optionsData[scope].driverBuildFlags[driver];
}

/** Which drivers define `name` as a private option (for "this belongs to another driver"). */
export function optionOwners(scope: OptionScope, name: string): string[] {
  if (scope === 'main') return [];
  return [...(scopeIndex(scope).owners.get(name) ?? [])];
}

const booleanTypes = new Set(['bool', 'bit', 'bool_verify', 'bool_set', 'expand_bool']);

/** Types that take the boolean forms (NAME, no_NAME, not_NAME, NAME = true|false|yes|no). */
export function isBooleanType(type: string): boolean {
  return booleanTypes.has(type);
}

/** Short description of what a value type accepts (keys: type names without `opt_`). */
export function typeSyntax(type: string): string | undefined {
  return optionsData.typeSyntax[type];
}

/** Options provided by lookup/misc modules (ldap, mysql, dkim ...), by module name. */
export function moduleOptions(module: string): OptionRecord[] {
  return [...(optionsData.moduleOptionTables[module] ?? [])];
}

export function logSelectorNames(): string[] {
  return optionsData.logSelectors.map((s) => s.name);
}

export function isLogSelector(name: string): boolean {
  return optionsData.logSelectors.some((s) => s.name === name);
}

/** Settable-option counts from the facts (keys: main, routers_generic, router:redirect ...). */
export function optionCounts(): Record<string, number> {
  return { ...optionsData.counts };
}

/**
 * Main options outside Exim's own tables that Debian's Exim 4.96 still accepts: one Debian adds
 * with a patch, and obsolete ones kept so that old files still load.  Checked with exim4 -bV.
 */
export const OTHER_MAIN_OPTIONS: Readonly<Record<string, { origin: 'debian' | 'obsolete'; about: string }>> = {
  local_scan_path: { origin: 'debian', about: "the path of a local_scan() module for Debian's Exim to load at start (the sa-exim package sets it)" },
  drop_cr: { origin: 'obsolete', about: 'a leftover from Exim 3 (Exim 4 deals with CR LF line ends itself and ignores the setting)' },
};
