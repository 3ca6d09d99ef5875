// What Exim checks about the set of options of one router, transport or authenticator once the
// instance is read (each driver's init function): options it needs, options it refuses, options
// that exclude each other.  Exim stops with a configuration error, so `exim -bV` reports these
// (without a line number).  Each rule was checked against Exim 4.96 (Debian's exim4 -bV).

export type DriverKind = 'router' | 'transport' | 'authenticator';

export interface DriverRule {
  kind: DriverKind;
  /** The drivers the rule is for; '*' for every driver of that kind. */
  drivers: readonly string[] | '*';
  /**
   * required: at least one of `options` must be set;
   * forbidden: none of them may be set;
   * atMostOne: no two of them may be set together;
   * exactlyOne: required and atMostOne at once (one message for both);
   * together: either all of them are set or none is.
   */
  test: 'required' | 'forbidden' | 'atMostOne' | 'exactlyOne' | 'together';
  options: readonly string[];
  /** The rule applies only when one of these boolean options is on. */
  when?: readonly string[];
  /** The rule applies only when all of these options are set as well. */
  whenAll?: readonly string[];
  /** The rule applies only when this option's value, as written, fits `pattern` (`says` how, in words). */
  whenValue?: { option: string; pattern: RegExp; says: string };
  /** The rule does not apply when one of these boolean options is on. */
  unless?: readonly string[];
  code: string;
  /** For `forbidden`: why, in a few words. */
  why?: string;
  /** Exim's message; `%s` stands for the instance's name. */
  exim: string;
}

export const DRIVER_RULES: readonly DriverRule[] = [
  // routers (route.c: the ri_yestransport and ri_notransport flags of each driver)
  { kind: 'router', drivers: ['accept', 'dnslookup', 'ipliteral'], test: 'required', options: ['transport'], unless: ['verify_only'], code: 'router-transport-required', exim: 'a transport is required for this router' },
  { kind: 'router', drivers: ['iplookup', 'redirect'], test: 'forbidden', options: ['transport'], code: 'router-transport-forbidden', why: 'the driver decides itself where the addresses go', exim: 'a transport must not be defined for this router' },
  { kind: 'router', drivers: '*', test: 'atMostOne', options: ['unseen', 'one_time'], code: 'router-unseen-one-time', exim: '"unseen" may not be used with "one_time"' },
  { kind: 'router', drivers: ['redirect'], test: 'required', options: ['file', 'data'], code: 'driver-option-required', exim: 'one of "file" or "data" must be specified' },
  { kind: 'router', drivers: ['redirect'], test: 'atMostOne', options: ['file', 'data'], code: 'driver-options-conflict', exim: 'only one of "file" or "data" must be specified' },
  { kind: 'router', drivers: ['redirect'], test: 'required', options: ['user', 'check_local_user'], when: ['allow_filter'], code: 'driver-option-required', exim: '"user" or "check_local_user" must be set with "allow_filter"' },
  { kind: 'router', drivers: ['manualroute'], test: 'exactlyOne', options: ['route_list', 'route_data'], code: 'driver-option-required', exim: 'route_list or route_data (but not both) must be specified' },
  { kind: 'router', drivers: ['queryprogram'], test: 'required', options: ['command'], code: 'driver-option-required', exim: 'a command specification is required' },
  { kind: 'router', drivers: ['queryprogram'], test: 'required', options: ['command_user'], code: 'driver-option-required', exim: 'command_user must be specified' },
  { kind: 'router', drivers: ['iplookup'], test: 'required', options: ['port'], code: 'driver-option-required', exim: 'a port must be specified' },
  { kind: 'router', drivers: ['iplookup'], test: 'required', options: ['hosts'], code: 'driver-option-required', exim: 'a host list must be specified' },

  // transports
  { kind: 'transport', drivers: '*', test: 'atMostOne', options: ['body_only', 'headers_only'], code: 'driver-options-conflict', exim: '%s transport: body_only and headers_only are mutually exclusive' },
  { kind: 'transport', drivers: ['smtp'], test: 'forbidden', options: ['shadow_transport'], code: 'driver-option-forbidden', why: 'only local transports can have a shadow', exim: 'shadow transport not allowed on non-local transport %s' },
  { kind: 'transport', drivers: ['appendfile'], test: 'atMostOne', options: ['file', 'directory'], code: 'driver-options-conflict', exim: 'only one of "file" or "directory" can be specified' },
  { kind: 'transport', drivers: ['appendfile'], test: 'atMostOne', options: ['maildir_format', 'mailstore_format'], code: 'driver-options-conflict', exim: 'only one of maildir and mailstore may be specified' },
  { kind: 'transport', drivers: ['appendfile'], test: 'forbidden', options: ['quota_filecount'], when: ['file'], code: 'driver-option-forbidden', why: 'it limits the files of a "directory" delivery', exim: 'quota_filecount must not be set without "directory"' },
  { kind: 'transport', drivers: ['appendfile'], test: 'forbidden', options: ['quota_directory'], when: ['file'], code: 'driver-option-forbidden', why: 'it is for "directory" deliveries', exim: 'quota_directory must not be set without "directory"' },
  { kind: 'transport', drivers: ['appendfile'], test: 'required', options: ['quota'], when: ['quota_filecount'], whenAll: ['directory'], code: 'driver-option-required', exim: 'quota must be set if quota_filecount is set' },
  { kind: 'transport', drivers: ['appendfile'], test: 'required', options: ['quota'], when: ['quota_directory'], whenAll: ['directory'], code: 'driver-option-required', exim: 'quota must be set if quota_directory is set' },
  // A user given by name brings its group from the password file; a number brings none.
  { kind: 'transport', drivers: ['appendfile', 'autoreply', 'lmtp', 'pipe'], test: 'required', options: ['group'], whenValue: { option: 'user', pattern: /^\s*\d+\s*$/, says: '"user" is a number' }, code: 'driver-option-required', exim: 'user set without group for the %s transport' },
  { kind: 'transport', drivers: ['lmtp'], test: 'exactlyOne', options: ['command', 'socket'], code: 'driver-option-required', exim: 'one (and only one) of command or socket must be set for the %s transport' },
  { kind: 'transport', drivers: ['pipe'], test: 'atMostOne', options: ['restrict_to_path', 'use_shell'], code: 'driver-options-conflict', exim: 'both restrict_to_path and use_shell set for %s transport' },

  // authenticators
  { kind: 'authenticator', drivers: ['cram_md5'], test: 'required', options: ['public_name'], code: 'driver-option-required', exim: 'no public name specified for the %s authenticator' },
  { kind: 'authenticator', drivers: ['spa'], test: 'together', options: ['client_username', 'client_password'], code: 'driver-option-required', exim: 'one of client_username and client_password cannot be set without the other' },
];

/**
 * The generic router options that can make a router pass an address on (Exim's preconditions,
 * tested before the router runs, and options whose forced expansion failure declines) or leave it
 * out of verification, and `unseen` (a copy goes on to the next router).  A router with none of them takes every address that reaches it, when its
 * driver is one of TAKES_EVERY_ADDRESS.
 */
export const ROUTER_PASS_OPTIONS: ReadonlySet<string> = new Set([
  'address_test', 'check_local_user', 'condition', 'domains', 'expn', 'local_part_prefix', 'local_part_suffix',
  'local_parts', 'require_files', 'senders', 'verify', 'verify_only', 'verify_recipient', 'verify_sender', 'unseen',
  // A forced failure in their expansion makes the router decline (Exim's own test 0380 does so).
  'address_data', 'set',
]);

/** Router drivers that never decline an address: accept routes it to its transport, always. */
export const TAKES_EVERY_ADDRESS: ReadonlySet<string> = new Set(['accept']);
