// Where the configuration names one of its own parts: the options whose value is the name of a
// transport or a router, the `+` words in lists that are not list names, and Exim's rules for the
// names themselves.  Read off Exim's source (readconf.c, route.c, match.c).  Which values are lists
// of which kind (where `+name` names a list of that kind) is in ./lists.ts and the option tables.

import type { ListKind } from './lists';
import type { OptionScope } from './types';

/** The keyword that defines a named list of each kind. */
export const LIST_KEYWORD: Readonly<Record<ListKind, string>> = {
  domain: 'domainlist',
  host: 'hostlist',
  address: 'addresslist',
  localpart: 'localpartlist',
};

/** How messages name each kind: "domain list", "host list" ... */
/** How messages name each kind of defined name. */
export const NAME_KIND_WORD: Readonly<Record<'acl' | 'router' | 'transport' | 'authenticator' | 'list' | 'macro', string>> = {
  acl: 'ACL',
  router: 'router',
  transport: 'transport',
  authenticator: 'authenticator',
  list: 'named list',
  macro: 'macro',
};

export const LIST_WORD: Readonly<Record<ListKind, string>> = {
  domain: 'domain list',
  host: 'host list',
  address: 'address list',
  localpart: 'local part list',
};

export interface NamingOption {
  scope: OptionScope;
  /** Set for a driver's private option. */
  driver?: string;
  name: string;
  /** Used only for some of what a redirection or the system filter yields (a file, a pipe, a reply). */
  sometimes?: true;
}

/**
 * Options whose value is the name of a transport.  The router's `transport` and the redirect
 * router's `*_transport` options are expanded; Exim looks the result up when it routes an address
 * ("transport %s not found in %s router").  `shadow_transport` and the system filter's transports
 * are looked up when they are used.
 */
export const TRANSPORT_OPTIONS: readonly NamingOption[] = [
  { scope: 'routers', name: 'transport' },
  { scope: 'routers', driver: 'redirect', name: 'directory_transport', sometimes: true },
  { scope: 'routers', driver: 'redirect', name: 'file_transport', sometimes: true },
  { scope: 'routers', driver: 'redirect', name: 'pipe_transport', sometimes: true },
  { scope: 'routers', driver: 'redirect', name: 'reply_transport', sometimes: true },
  { scope: 'transports', name: 'shadow_transport' },
  { scope: 'main', name: 'system_filter_directory_transport', sometimes: true },
  { scope: 'main', name: 'system_filter_file_transport', sometimes: true },
  { scope: 'main', name: 'system_filter_pipe_transport', sometimes: true },
  { scope: 'main', name: 'system_filter_reply_transport', sometimes: true },
];

/**
 * Options whose value is the name of a router.  Not expanded; Exim resolves them when it reads the
 * routers and stops with `new_router "x" not found for "r" router` when the name is unknown.
 */
export const ROUTER_OPTIONS: readonly NamingOption[] = [
  { scope: 'routers', name: 'pass_router' },
  { scope: 'routers', name: 'redirect_router' },
];

/**
 * Items that start with `+` but are not named lists: match.c checks for these words before it
 * looks for a list name, in the kinds of list listed.
 */
export const PLUS_KEYWORDS: Readonly<Record<ListKind, readonly string[]>> = {
  domain: [],
  host: ['+include_unknown', '+ignore_unknown', '+include_defer', '+ignore_defer'],
  address: ['+caseful'],
  localpart: ['+caseful'],
};

/**
 * Names of routers, transports, authenticators, ACLs and named lists (readconf_readname): a
 * letter, then letters, digits and underscores; Exim keeps at most 63 characters.
 */
export const ITEM_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Macro names: an upper-case letter, then letters, digits and underscores. */
export const MACRO_NAME = /^[A-Z][A-Za-z0-9_]*$/;
export const MAX_NAME_LENGTH = 63;

/** Why `name` cannot be the name of an instance, ACL or named list; undefined when it can. */
export function itemNameProblem(name: string): string | undefined {
  if (name === '') return 'a name cannot be empty';
  if (!/^[A-Za-z]/.test(name)) return `"${name}" must start with a letter`;
  if (!ITEM_NAME.test(name)) return `"${name}" may contain only letters, digits and underscores`;
  if (name.length > MAX_NAME_LENGTH) return `"${name}" is longer than ${MAX_NAME_LENGTH} characters`;
  return undefined;
}

/** Why `name` cannot be a macro name; undefined when it can. */
export function macroNameProblem(name: string): string | undefined {
  if (name === '') return 'a macro name cannot be empty';
  if (!/^[A-Z]/.test(name)) return `a macro name must start with an upper-case letter, and "${name}" does not`;
  if (!MACRO_NAME.test(name)) return `"${name}" may contain only letters, digits and underscores`;
  if (name.length > MAX_NAME_LENGTH) return `"${name}" is longer than ${MAX_NAME_LENGTH} characters`;
  return undefined;
}

const byName = new Map<readonly NamingOption[], Map<string, NamingOption[]>>();

function matches(list: readonly NamingOption[], scope: OptionScope, name: string, driver?: string): boolean {
  let m = byName.get(list);
  if (!m) {
    m = new Map();
    for (const o of list) m.set(o.name, [...(m.get(o.name) ?? []), o]);
    byName.set(list, m);
  }
  return (m.get(name) ?? []).some((o) => o.scope === scope && (o.driver === undefined || o.driver === driver));
}

/** Whether an option (as set in this section, for this driver) names a transport. */
export function namesTransport(scope: OptionScope, name: string, driver?: string): boolean {
  return matches(TRANSPORT_OPTIONS, scope, name, driver);
}

/** Whether an option names a router. */
export function namesRouter(scope: OptionScope, name: string, driver?: string): boolean {
  return matches(ROUTER_OPTIONS, scope, name, driver);
}
