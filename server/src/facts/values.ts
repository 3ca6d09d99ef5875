// Options whose value must be one of a few words, which Exim checks when it reads the driver.
// Keys: `<scope>/<option>` for main and generic options, `<scope>:<driver>/<option>` for private ones.

export interface EnumeratedValues {
  values: readonly string[];
  /** Words that take a suffix: `reroute:<domain>` for a router's `self`. */
  prefixes?: readonly string[];
  /** Exim's complaint (its wording). */
  exim: string;
  /** Compared without regard to case, and with this prefix allowed in front (syslog_facility). */
  caseless?: boolean;
  optionalPrefix?: string;
}

const HOST_FAILURE_ACTIONS = ['ignore', 'decline', 'defer', 'fail', 'freeze', 'pass'];

export const ENUMERATED_OPTION_VALUES: Readonly<Record<string, EnumeratedValues>> = {
  'routers:manualroute/host_find_failed': { values: HOST_FAILURE_ACTIONS, exim: 'unrecognized setting for host_find_failed option' },
  'routers:manualroute/host_all_ignored': { values: HOST_FAILURE_ACTIONS, exim: 'unrecognized setting for host_all_ignored option' },
  'routers/self': { values: ['freeze', 'defer', 'fail', 'send', 'pass'], prefixes: ['reroute:'], exim: 'is not valid for the self option' },
  // Exim's own list of facility names (not every name syslog.h has), checked with exim4 -bV.
  'main/syslog_facility': {
    values: ['mail', 'user', 'news', 'uucp', 'daemon', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'],
    caseless: true,
    optionalPrefix: 'log_',
    exim: 'failed to interpret syslog_facility',
  },
};

export function enumeratedValues(scope: string, name: string, driver?: string): EnumeratedValues | undefined {
  return (driver ? ENUMERATED_OPTION_VALUES[`${scope}:${driver}/${name}`] : undefined) ?? ENUMERATED_OPTION_VALUES[`${scope}/${name}`];
}

/**
 * Options whose value is a command that Exim splits into arguments before expanding each one
 * (transport_set_up_command): in "double quotes" backslash escapes are interpreted first, in
 * 'single quotes' nothing is.
 */
export const COMMAND_OPTIONS: ReadonlySet<string> = new Set([
  'routers:queryprogram/command',
  'transports:pipe/command',
  'transports:lmtp/command',
  'transports/transport_filter',
]);

export function isCommandOption(scope: string, name: string, driver?: string): boolean {
  return (driver !== undefined && COMMAND_OPTIONS.has(`${scope}:${driver}/${name}`)) || COMMAND_OPTIONS.has(`${scope}/${name}`);
}

/** Main options whose value Exim reads as one mail address when it reads the configuration. */
export const ADDRESS_OPTIONS: ReadonlySet<string> = new Set(['main/errors_reply_to']);

/**
 * Options Exim expands when it uses them and then reads as an integer: a bad value passes
 * `exim -bV` and fails later.  Checked with exim4 -bh (`effect`: what then happens).
 */
export const EXPANDED_INTEGER_OPTIONS: Readonly<Record<string, { effect: string; exim: string }>> = {
  'main/message_size_limit': { effect: 'answers every SMTP connection with "421 Temporary local problem"', exim: 'invalid message_size_limit: invalid integer "%v"' },
};
