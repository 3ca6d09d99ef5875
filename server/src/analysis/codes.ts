// Every diagnostic code the engine can produce, with what it means.  A code is a stable name
// for one check: users switch checks off or change their severity by code
// (`exim.diagnostics.overrides`), so codes are never renamed or reused.

import type { Severity } from './diagnostic';

export interface CodeInfo {
  severity: Severity;
  /** What the check finds, in a few words. */
  summary: string;
  /** Exim itself refuses the configuration (as opposed to a warning about what it accepts). */
  eximRejects?: boolean;
}

const E = (summary: string): CodeInfo => ({ severity: 'error', summary, eximRejects: true });
const W = (summary: string): CodeInfo => ({ severity: 'warning', summary });
const I = (summary: string): CodeInfo => ({ severity: 'information', summary });
const H = (summary: string): CodeInfo => ({ severity: 'hint', summary });
/** An error Exim meets only when it uses the configuration (routing, delivering, running an ACL). */
const R = (summary: string): CodeInfo => ({ severity: 'error', summary });

export const CODES: Readonly<Record<string, CodeInfo>> = {
  // file and line reading
  syntax: E('a line that fits no rule of its section'),
  bom: E('a byte order mark at the start of the file'),
  'cr-line-ends': W('lone CR line ends, which Exim does not split at'),
  'nul-byte': W('a NUL character (Exim silently ignores the rest of the line)'),
  'not-utf8': W('the file is not valid UTF-8'),
  'line-too-long': W('a line too long to analyse (over 2 MiB, or a retry rule over 64 KiB)'),
  'directive-ignored': W('a directive Exim ignores because of the character after its name'),
  'inactive-branch': { severity: 'hint', summary: 'lines Exim skips because their .ifdef condition is false' },
  'conditional-nesting': E('.ifdef blocks nested more than 10 deep'),
  'conditional-unmatched': E('.else, .elifdef or .endif without .ifdef'),
  'conditional-unclosed': E('.ifdef without .endif'),
  'include-missing': E('an included file that cannot be read'),
  'include-missing-path': W('.include without a file name (it includes nothing)'),
  'include-not-absolute': E('.include_if_exists with a relative path'),
  'include-loop': E('a file that includes itself'),
  'include-directory': W('an .include of a directory (Exim reads nothing from it)'),
  'include-not-file': E('an .include of a device, pipe or socket'),
  'fragment-section': I('a file without "begin" read as a piece of the section its contents belong to'),
  'section-unknown': E('begin with an unknown section name'),
  'section-repeated': E('a section begun twice'),
  'section-build-option': W('a section only some builds of Exim accept (local_scan, with LOCAL_SCAN_HAS_OPTIONS)'),
  'outside-instance': E('an option or ACL line before any instance header'),
  // macros
  'macro-malformed': E('a line starting with an upper-case letter that is not NAME = value'),
  'macro-already-defined': E('a macro defined again with = instead of =='),
  'macro-redefine-undefined': E('== on a macro that was never defined'),
  'macro-substring': E('a macro whose name contains an earlier macro\'s name'),
  'macro-name-too-long': E('a macro name over 63 characters'),
  // options, drivers, named lists
  'option-unknown': E('an option that does not exist where it is set'),
  'option-wrong-driver': E('an option of another driver'),
  'option-before-driver': E('a private option set before driver ='),
  'option-repeated': E('an option set twice'),
  'option-debian-only': I("an option only Debian's Exim knows (local_scan_path)"),
  'option-obsolete': W('an obsolete option Exim ignores'),
  'option-value-runtime': W('a value Exim accepts when reading but cannot use (message_size_limit = 40MB)'),
  'option-negated-non-boolean': E('no_ or not_ on an option that is not boolean'),
  'tainted-file-name': W('a file name built from data of the message ($local_part, $domain, ...), which Exim 4.94 and later refuse'),
  'no-retry-rules': W('a configuration with an smtp or lmtp transport but no retry rule, so the first temporary failure bounces the message'),
  'no-rcpt-acl': I('a configuration with ACLs but without acl_smtp_rcpt, so Exim refuses every recipient given by SMTP (a warning when other acl_smtp_* options are set)'),
  'tls-cipher-library': W('a tls_require_ciphers value in the syntax of the other TLS library (an OpenSSL cipher list for a GnuTLS build, or the other way round); the main option stops the daemon from starting (an error), a transport\'s defers its deliveries'),
  'route-hosts-named-list': W('a +name in the hosts of a manualroute route, which Exim looks up as a host name'),
  'list-mixed-separator': W('" : " inside an item of a list that chose another separator with <X'),
  'list-regex': W('a regular expression in a list that PCRE2 cannot compile'),
  'list-ipv6-colons': W('an IPv6 address in a list separated by ":", which Exim splits at its colons'),
  'option-list-ignored': W('names at the end of a user or group list that Exim never reads (it counts items by ":" alone)'),
  'option-value': E('a value that does not fit the option\'s type'),
  'driver-missing': E('an instance without driver ='),
  'driver-unknown': E('an unknown driver name'),
  'not-in-build': E('an option, driver, ACL condition or log selector that the Exim checked against was built without (by its built-in macros)'),
  'named-list-malformed': E('a malformed named list definition'),
  'named-list-duplicate': E('two named lists of one kind with the same name'),
  'named-list-too-many': E('more than 16 named lists of one kind'),
  'auth-public-name-clash': E('two server (or client) authenticators with one public name'),
  'router-unseen-one-time': E('unseen and one_time in one router'),
  'router-transport-required': E('a router whose driver needs a transport has none'),
  'router-transport-forbidden': E('a transport on a redirect or iplookup router'),
  'driver-option-required': E('an option the driver needs is missing'),
  'driver-options-conflict': E('two options the driver will not take together'),
  'driver-option-forbidden': E('an option the driver refuses'),
  // ACLs
  'acl-unknown-verb': E('an unknown ACL verb'),
  'acl-unknown-condition': E('an unknown ACL condition or modifier'),
  'acl-negated-verb': E('! before an ACL verb'),
  'acl-negated-modifier': E('! before an ACL modifier'),
  'acl-endpass-verb': E('endpass with a verb other than accept or discard'),
  'acl-missing-equals': E('an ACL condition without = value'),
  'acl-set-variable': E('a bad variable name after set'),
  // ACLs: what Exim finds only when the statement runs
  'acl-condition-not-allowed': W('a condition or modifier used in an ACL type where Exim forbids it'),
  'acl-control-unknown': W('an unknown control= value, or options the control does not take'),
  'acl-control-not-allowed': W('a control= value used in an ACL type where Exim forbids it'),
  'router-unreachable': W('routers that no address reaches: an accept router with no precondition and no unseen comes before them'),
  'acl-unreachable': W('ACL statements that never run: an accept, deny, defer, discard or drop with no condition comes before them'),
  'acl-value': W('a delay, queue, udpsend or malware value Exim cannot read when the statement runs'),
  'acl-ratelimit': W('a ratelimit = value Exim cannot read (bad limit or period, conflicting options)'),
  'acl-verify-unknown': W('an unknown verify= type'),
  'acl-verify-option': W('an unknown verify= option, or options on a verify type that takes none'),
  'acl-verify-not-allowed': W('a verify= type used in an ACL type where Exim forbids it'),
  // expansions (Exim checks them only when it uses the value)
  'expansion-syntax': W('a ${...} that is malformed or not closed'),
  'expansion-startup': E('a malformed or unknown part of an expansion in an option Exim expands as it reads the file (spool_directory, smtp_active_hostname)'),
  'expansion-dollar': W('a $ that starts no variable or item'),
  'expansion-brace-in-argument': W('a { in the text of an argument, which Exim does not nest'),
  'expansion-too-deep': W('an expansion nested too deeply to analyse'),
  'expansion-too-long': I('an expansion too long to analyse (over 64 KiB)'),
  'expansion-regex': W('a match pattern PCRE2 cannot compile'),
  'expansion-unknown-item': W('an unknown expansion item'),
  'expansion-unknown-operator': W('an unknown expansion operator'),
  'expansion-operator-argument': W('an _argument an expansion operator does not take (length_x, sha2_128)'),
  'expansion-unknown-condition': W('an unknown expansion condition'),
  'expansion-unknown-variable': W('an unknown expansion variable'),
  'expansion-arguments': W('the wrong number of arguments for an expansion item or condition'),
  // lookups (in ${lookup} and in list items)
  'lookup-unknown-type': W('an unknown or malformed lookup type'),
  'lookup-not-in-build': W('a lookup type the Exim checked against was built without (by its built-in macros)'),
  'lookup-partial-query': W('partial- or a * default on a query-style lookup'),
  'lookup-key': W('a single-key lookup without {key}, or a query-style lookup with one'),
  // look-alike characters
  'typographic-quote': W('typographic quotes where straight quotes (or none) were meant'),
  'lookalike-space': W('a non-breaking or invisible space'),
  // retry rules: what Exim rejects
  'retry-missing-error': E('a retry rule without an error name'),
  'retry-unknown-error': E('an unknown retry error name'),
  'retry-bad-error-suffix': E('a bad refused_ or timeout_ qualifier'),
  'retry-bad-smtp-code': E('mail_4/rcpt_4/data_4 not followed by xx, dx or dd'),
  'retry-bad-quota-time': E('quota_ with a bad time'),
  'retry-senders-equals': E('senders without ='),
  'retry-unknown-letter': E('an item letter other than F, G or H'),
  'retry-missing-argument': E('an item missing its cutoff, interval or multiplier'),
  'retry-comma-expected': E('a comma missing between arguments'),
  'retry-space-before-comma': E('white space before a comma'),
  'retry-comma-or-semicolon': E('a character that cannot follow an argument'),
  'retry-fraction': E('a fraction in a retry time'),
  'retry-bad-parameters': E('a bad time or multiplier, or one that is zero or below 1'),
  'retry-trailing-comma': E('a comma after the last argument'),
  'retry-extra-argument': E('too many arguments for the item\'s letter'),
  'retry-semicolon-expected': E('items not separated by ;'),
  'retry-trailing-comment': E('a # comment after the items'),
  // retry rules: what Exim accepts but is almost certainly not meant
  'retry-lowercase-letter': I('a lower-case item letter'),
  'retry-abbreviated-error': W('an abbreviated error name that Exim expands'),
  'retry-smtp-error-case': W('RCPT_/MAIL_ in upper case, read as a data_4xx rule'),
  'retry-timeout-dns': W('timeout_dns, which never worked'),
  'retry-senders-swallowed-items': W('senders= followed by the items, which become the sender list'),
  'retry-unreachable': W('a rule that an earlier rule always matches first'),
  'retry-cutoff-not-increasing': W('an item whose cutoff has passed before it is reached'),
  'retry-multiplier-one': W('a G or H multiplier of 1'),
  'retry-interval-capped': W('an interval beyond retry_interval_max'),
  // names: references and definitions
  'undefined-acl': R('an ACL name that no ACL has'),
  'undefined-transport': R('a transport name that no transport has'),
  'undefined-router': E('a router name that no router has'),
  'undefined-named-list': R('a +name for which there is no named list of that kind'),
  'unused-acl': H('an ACL that nothing names'),
  'unused-transport': H('a transport that no router uses'),
  'unused-named-list': H('a named list that no list refers to'),
  'unused-macro': H('a macro that is never used'),
  'duplicate-name': E('two routers, transports, authenticators or ACLs with one name'),
  'confd-order': R('a conf.d fragment that sorts before the header that begins its section'),
  'confd-ignored-file': W('a file in a conf.d folder that update-exim4.conf does not read'),
  // rewrite rules
  'rewrite-missing-replacement': E('a rewrite rule without a replacement'),
  'rewrite-unknown-flag': E('an unknown rewrite flag'),
  'rewrite-s-flag-regex': E('the S flag on a pattern that is not a regular expression'),
  'rewrite-envelope-in-transport': E("envelope or SMTP-time flags in a transport's headers_rewrite"),
  // the check with the real Exim binary (exim -bV), not part of the analysis
  'exim-bv': E('an error the Exim binary itself reports when it reads the configuration (exim -bV)'),
  'exim-check-unsafe': W('a value exim -bV would expand while reading the file that could run a program, so the check with Exim is not run'),
};

export function isKnownCode(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(CODES, code);
}
