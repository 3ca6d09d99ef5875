// What the check with the real Exim binary (`exim -bV -C FILE`) needs to know about Exim, as data:
// which option values Exim expands while it merely reads the configuration (so that a file could
// make `exim -bV` run a program), which parts of an expansion are inert, and how Exim's error
// messages line up with our own diagnostic codes.

import { DRIVER_RULES } from './driverRules';

/**
 * Main options whose values Debian's Exim 4.96 expands while reading the configuration, i.e.
 * during `exim -bV`: found by setting each option of every section to a `${run}` that leaves a
 * trace and seeing which ones ran.  `list` says what kind of list the value is, for the options
 * whose list items can name lookups or named lists themselves.
 */
export const READ_TIME_EXPANDED_OPTIONS: Readonly<Record<string, { list?: 'domain' | 'names' }>> = {
  spool_directory: {},
  log_file_path: {},
  pid_file_path: {},
  localhost_number: {},
  dns_ipv4_lookup: { list: 'domain' },
  never_users: { list: 'names' },
  trusted_users: { list: 'names' },
  trusted_groups: { list: 'names' },
  admin_groups: { list: 'names' },
};

/**
 * Main options whose expansion must succeed for Exim to start (`exim -bV` fails with "failed to
 * expand ..."): the ones above, and smtp_active_hostname, which -bV expands without running
 * anything (a ${run} there leaves no trace) but whose malformed or unknown parts it reports.
 */
export const STARTUP_EXPANDED_OPTIONS: ReadonlySet<string> = new Set([...Object.keys(READ_TIME_EXPANDED_OPTIONS), 'smtp_active_hostname']);

/**
 * Options that make Exim run code at start-up by themselves. `perl_startup` runs Perl when
 * `perl_at_start` is set; the check always passes `-pd`, which delays Perl until it is needed
 * (never, for -bV), so these are listed for the messages only.
 */
export const STARTUP_CODE_OPTIONS: readonly string[] = ['perl_startup', 'perl_at_start'];

/**
 * Expansion items that compute a string from other strings or read local files, and nothing else.
 * Anything else (`run`, `perl`, `dlfunc`, `readsocket`, `acl`, items we do not know) could run a
 * program or talk to one.
 */
export const INERT_EXPANSION_ITEMS: ReadonlySet<string> = new Set([
  'authresults', 'certextract', 'env', 'extract', 'filter', 'hash', 'hmac', 'if', 'imapfolder',
  'length', 'listextract', 'listquote', 'lookup', 'map', 'nhash', 'prvs', 'prvscheck', 'readfile',
  'reduce', 'sg', 'sort', 'srs_encode', 'substr', 'tr',
]);

/** Operators that are not plain string functions: `expand` expands its argument once more, `listnamed` expands a named list. */
export const ACTIVE_EXPANSION_OPERATORS: ReadonlySet<string> = new Set(['expand', 'listnamed']);

/**
 * Expansion conditions that only compare or test strings, numbers and files. The others
 * (`acl`, `pam`, `radius`, `saslauthd`, `ldapauth`, `pwcheck` ...) call other code or servers.
 */
export const INERT_EXPANSION_CONDITIONS: ReadonlySet<string> = new Set([
  '<', '<=', '=', '==', '>', '>=', 'and', 'or', 'bool', 'bool_lax', 'crypteq', 'def', 'eq', 'eqi',
  'exists', 'first_delivery', 'forall', 'forall_json', 'forall_jsons', 'forany', 'forany_json',
  'forany_jsons', 'ge', 'gei', 'gt', 'gti', 'inbound_srs', 'inlist', 'inlisti', 'isip', 'isip4',
  'isip6', 'le', 'lei', 'lt', 'lti', 'match', 'match_address', 'match_domain', 'match_ip',
  'match_local_part', 'queue_running',
]);

/** Conditions whose second argument is an address, domain, host or local-part list (which may hold lookups and named lists). */
export const LIST_MATCHING_CONDITIONS: ReadonlySet<string> = new Set(['match_address', 'match_domain', 'match_ip', 'match_local_part']);

/**
 * Lookup types that read a local file or the password database. Query-style lookups (SQL
 * servers, LDAP, Redis, DNS, sockets, SQLite, which can write files) are left out.
 */
export const INERT_LOOKUP_TYPES: ReadonlySet<string> = new Set([
  'lsearch', 'wildlsearch', 'nwildlsearch', 'iplsearch', 'cdb', 'dbm', 'dbmjz', 'dbmnz', 'dsearch',
  'json', 'lmdb', 'passwd', 'testdb',
]);

/**
 * Exim's configuration error messages, each with the codes of our own checks that report the same
 * problem. An Exim error on a line where one of these codes already is, is not shown again.
 * `*` at the end of a code matches every code with that prefix. Messages that match no entry fall
 * back to "any of our errors that Exim also rejects, on the same line".
 */
export const EXIM_MESSAGE_MEANINGS: readonly { pattern: RegExp; codes: readonly string[] }[] = [
  { pattern: /^(main )?option "[^"]*" unknown$/, codes: ['option-unknown', 'option-wrong-driver', 'option-before-driver', 'macro-malformed', 'not-in-build'] },
  { pattern: /option set for the second time$/, codes: ['option-repeated'] },
  { pattern: /not a boolean option|negation prefix|is not a boolean/i, codes: ['option-negated-non-boolean'] },
  { pattern: /unexpected BOM/, codes: ['bom'] },
  { pattern: /macro name too long/, codes: ['macro-name-too-long'] },
  { pattern: /macro "[^"]*" is already defined/, codes: ['macro-already-defined'] },
  { pattern: /can't redefine an undefined macro/, codes: ['macro-redefine-undefined'] },
  { pattern: /substring of (an )?(existing|previous)/, codes: ['macro-substring'] },
  { pattern: /macro/i, codes: ['macro-*'] },
  { pattern: /\.include specified without filename|\.include.*filename/, codes: ['include-missing-path'] },
  { pattern: /failed to open included configuration file/, codes: ['include-missing', 'include-loop'] },
  { pattern: /relative name not allowed|absolute path/, codes: ['include-not-absolute'] },
  { pattern: /\.endif missing/, codes: ['conditional-unclosed'] },
  { pattern: /without (matching )?\.?ifn?def|without preceding/, codes: ['conditional-unmatched'] },
  { pattern: /nesting|nested too deep/, codes: ['conditional-nesting'] },
  { pattern: /section name|unknown section|already been read/, codes: ['section-unknown', 'section-repeated'] },
  { pattern: /cannot find \w+ driver/, codes: ['driver-unknown', 'not-in-build'] },
  { pattern: /no driver defined/, codes: ['driver-missing'] },
  { pattern: /unknown ACL verb/, codes: ['acl-unknown-verb'] },
  { pattern: /unknown ACL condition\/modifier/, codes: ['acl-unknown-condition', 'acl-missing-equals', 'not-in-build'] },
  { pattern: /^error in ACL:/, codes: ['acl-*'] },
  { pattern: /retry (rule|error)|comma expected|semicolon expected|missing argument|fraction/i, codes: ['retry-*'] },
  { pattern: /rewrite/i, codes: ['rewrite-*'] },
  { pattern: /same public name/, codes: ['auth-public-name-clash'] },
  // The checks of one driver's options (facts/driverRules.ts), by Exim's own wording.
  ...DRIVER_RULES.map((r) => ({ pattern: new RegExp(r.exim.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('%s', '\\S+')), codes: r.test === 'exactlyOne' ? [r.code, 'driver-options-conflict'] : [r.code] })),
  { pattern: /duplicate name "[^"]*" for a named/, codes: ['named-list-duplicate'] },
  { pattern: /too many named/, codes: ['named-list-too-many'] },
  { pattern: /named \w+ list/, codes: ['named-list-*'] },
  { pattern: /is set but we're using/, codes: ['not-in-build'] },
  { pattern: /^failed to expand /, codes: ['expansion-startup'] },
  { pattern: /unknown log_selector setting/, codes: ['option-value', 'not-in-build'] },
  { pattern: /^log_file_path "[^"]*" (does not contain|contains unexpected)|failed to interpret syslog_facility|errors_reply_to/, codes: ['option-value'] },
  {
    pattern: /string value for|expected for|is not a valid value for|value (is )?out of range|maximum|minimum|greater than|less than|too (large|small|big|long)|unrecognized setting|malformed|overflow|bad value|missing value|no value|extra characters|time value|number expected|integer/i,
    codes: ['option-value', 'syntax', 'typographic-quote', 'option-negated-non-boolean'],
  },
];

/**
 * What Exim says when it will not read a file given with -C, each with what the user can do. The
 * texts are ours; the patterns match Exim's stderr.
 */
export const EXIM_REFUSALS: readonly { pattern: RegExp; explain: (binary: string) => string }[] = [
  {
    pattern: /-C Permission denied/i,
    explain: (binary) =>
      `${binary} refuses -C for this file: it was built to accept alternative configuration files only under one directory (ALT_CONFIG_PREFIX). Copy the file under that directory, or check it as root.`,
  },
  {
    pattern: /configuration file (.*) has the wrong owner, group, or mode/,
    explain: (binary) =>
      `${binary} runs with root privilege for this file and so insists that it belongs to root (or the Exim user) and is not writable by group or others. Change its owner or mode (chown root FILE; chmod go-w FILE), or run the check as an ordinary user: Exim then drops its privilege and reads the file as you.`,
  },
  {
    pattern: /failed to open (included )?configuration file (.*?): Permission denied(?: \(euid=(\d+))?/,
    explain: (binary) =>
      `${binary} could not read the file. For a file that is not listed in its TRUSTED_CONFIG_LIST (Debian: /etc/exim4/trusted_configs) Exim gives up root privilege and reads the file as the user who runs it, so that user must be able to read it and every file it includes. Make the files readable, or list the file in TRUSTED_CONFIG_LIST (root-owned, one absolute path per line).`,
  },
  {
    pattern: /exim: permission denied/,
    explain: (binary) =>
      `${binary} refused to run for this user. Exim only lets administrators (root, the Exim user, members of admin_groups) use some options; -bV is normally open to everyone, so the binary may have been built or installed with stricter rules.`,
  },
];
