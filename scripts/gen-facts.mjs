// Builds the project's own compact knowledge tables (server/src/facts/data/*.json) from the
// shared Exim facts (../shared/exim-facts, or $EXIM_FACTS_DIR).
//
// The output keeps only what the language engine uses: names, value types, display defaults,
// build conditions, where things are allowed, and spec links. Source line numbers, raw C
// initialisers and C expressions are left behind. Output is deterministic: entries are sorted,
// keys are ordered, and every table entry sits on its own line so diffs stay reviewable.
//
// Usage: node scripts/gen-facts.mjs [--check]
//   --check  do not write; exit 1 if the committed files differ from what would be generated.
//
// One more input: the text of the Exim spec (Debian's exim4-base installs it as
// /usr/share/doc/exim4-base/spec.txt.gz; override with $EXIM_SPEC_TXT).  Its option headers
// ("|name|Use: main|Type: string*|...") say which options Exim expands (the `*`) and which take
// domain, host, address or local-part lists; the source tables do not record either.

import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const factsDir = resolve(process.env.EXIM_FACTS_DIR || join(root, '..', 'shared', 'exim-facts'));
const outDir = join(root, 'server', 'src', 'facts', 'data');
const checkOnly = process.argv.includes('--check');

function readFacts(name) {
  const file = join(factsDir, name);
  if (!existsSync(file)) fail(`facts file not found: ${file} (set EXIM_FACTS_DIR)`);
  return JSON.parse(readFileSync(file, 'utf8'));
}
function fail(msg) {
  console.error(`gen-facts: ${msg}`);
  process.exit(1);
}
function assert(cond, msg) {
  if (!cond) fail(`unexpected facts shape: ${msg}`);
}

const optionsFacts = readFacts('options.json');
const aclFacts = readFacts('acl.json');
const expFacts = readFacts('expansion.json');
const structFacts = readFacts('config-structure.json');
const specIndex = readFacts('spec-index.json');

// Option headers of the spec: `<use>/<name>` -> { expanded, list }.  <use> is main, routers,
// transports, authenticators or a driver name.
const specTxtPath = process.env.EXIM_SPEC_TXT || '/usr/share/doc/exim4-base/spec.txt.gz';
if (!existsSync(specTxtPath)) fail(`spec text not found: ${specTxtPath} (apt-get install exim4-base, or set EXIM_SPEC_TXT)`);
const specOptionTypes = new Map();
{
  const raw = readFileSync(specTxtPath);
  const text = specTxtPath.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  const re = /^\|([A-Za-z0-9_]+) *\|Use: ([a-z_]+)\*{0,2} *\|Type: ([^|]*)\|/gm;
  for (const m of text.matchAll(re)) {
    const type = m[3].trim();
    const list = /^(domain|host|address|local part) list/.exec(type);
    specOptionTypes.set(`${m[2]}/${m[1]}`, {
      expanded: type.endsWith('*'),
      list: list ? list[1].replace(' ', '') : undefined,
    });
  }
  assert(specOptionTypes.size > 600, `spec option headers (${specOptionTypes.size})`);
}

// ---------------------------------------------------------------------------------------------
// helpers

const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const uniqSorted = (xs) => [...new Set(xs)].sort();

/** Build macro names mentioned in C preprocessor conditions such as `!defined(DISABLE_TLS)`. */
function flagsFromConditions(conds) {
  const out = [];
  for (const c of conds ?? []) {
    for (const m of c.matchAll(/defined\((\w+)\)/g)) out.push(m[1]);
    // bare macro tests such as "HAVE_IPV6"
    if (/^\w+$/.test(c)) out.push(c);
  }
  return uniqSorted(out);
}
function buildFlagsOf(entry) {
  const flags = [...(entry.build_flags ?? []), ...flagsFromConditions(entry.conditions)];
  if (typeof entry.build_flag === 'string' && /^[A-Z][A-Z0-9_]*$/.test(entry.build_flag)) flags.push(entry.build_flag);
  const u = uniqSorted(flags);
  return u.length ? u : undefined;
}
/** Drop undefined/false-y optional fields so entries stay compact. */
function compact(obj) {
  const out = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || v === false) continue;
    if (Array.isArray(v) && v.length === 0 && k !== 'allowedIn') continue;
    out[k] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// spec links

const specBase = specIndex.base_url;
assert(typeof specBase === 'string' && specBase.endsWith('/'), 'spec-index base_url');

// Pages whose option-index entries carry no section anchor: link to the chapter heading instead.
// The ids were read off the chapter headings of Debian's 4.96 HTML spec (spec_html/ch-*.html).
const chapterAnchors = {
  'ch-address_batching_in_local_transports.html': 'CHAPbatching',
  'ch-generic_options_for_routers.html': 'CHAProutergeneric',
  'ch-generic_options_for_transports.html': 'CHAPtransportgeneric',
  'ch-smtp_authentication.html': 'CHAPSMTPAUTH',
  'ch-the_dnslookup_router.html': 'CHAPdnslookup',
  'ch-the_dovecot_authenticator.html': 'CHAPdovecot',
  'ch-the_gsasl_authenticator.html': 'CHAPgsasl',
  'ch-the_heimdalgssapi_authenticator.html': 'CHAPheimdalgss',
  'ch-the_ipliteral_router.html': 'CHID5',
  'ch-the_iplookup_router.html': 'CHID6',
  'ch-the_lmtp_transport.html': 'CHAPLMTP',
  'ch-the_queryprogram_router.html': 'CHAPdriverlast',
  'ch-the_tls_authenticator.html': 'CHAPtlsauth',
  'ch-using_exim_as_a_nonqueueing_client.html': 'CHAPnonqueueing',
};
function linkOf(entry) {
  const anchor = entry.anchor || chapterAnchors[entry.page];
  return specBase + entry.page + (anchor ? `#${anchor}` : '');
}
const squash = (s) => s.replace(/_/g, '');
const scopeKind = { routers: 'router', transports: 'transport', authenticators: 'authenticator' };
const genericPage = {
  main: 'ch-main_configuration.html',
  routers: 'ch-generic_options_for_routers.html',
  transports: 'ch-generic_options_for_transports.html',
  authenticators: 'ch-smtp_authentication.html',
};
/** The spec page that lists a scope's options (driver = undefined for main/generic). */
function pageFor(scope, driver) {
  if (!driver) return genericPage[scope];
  return `ch-the_${squash(driver)}_${scopeKind[scope]}.html`;
}
/**
 * Link for an option: the index entry on the page that documents this scope/driver; for main and
 * generic options with no such page, the first index entry; for options the 4.96 index does not
 * know (newer than 4.96), the place where that scope's other options are documented.
 */
function optionLink(scope, driver, name, fallbackLinks) {
  const entries = specIndex.options[name] ?? [];
  const want = pageFor(scope, driver);
  const onPage = entries.find((e) => squash(e.page) === squash(want));
  if (onPage) return linkOf(onPage);
  if (!driver && entries.length) return linkOf(entries[0]);
  return fallbackLinks.get(`${scope}/${driver ?? ''}`);
}
/** For each scope/driver, the most common link among its indexed options (ties: alphabetical). */
function computeFallbackLinks() {
  const votes = new Map();
  const vote = (key, link) => {
    const m = votes.get(key) ?? new Map();
    m.set(link, (m.get(link) ?? 0) + 1);
    votes.set(key, m);
  };
  const visit = (scope, driver, list) => {
    for (const o of list) {
      const entries = specIndex.options[o.name] ?? [];
      const hit = entries.find((e) => squash(e.page) === squash(pageFor(scope, driver)));
      if (hit) vote(`${scope}/${driver ?? ''}`, linkOf(hit));
    }
  };
  visit('main', undefined, optionsFacts.main);
  for (const scope of ['routers', 'transports', 'authenticators']) {
    visit(scope, undefined, optionsFacts[scope].generic);
    for (const [drv, t] of Object.entries(optionsFacts[scope].drivers)) visit(scope, drv, t.options);
  }
  const out = new Map();
  for (const [key, m] of votes) {
    const best = [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    out.set(key, best[0]);
  }
  // scopes/drivers with no indexed option at all: the chapter page itself
  for (const scope of ['routers', 'transports', 'authenticators']) {
    for (const drv of Object.keys(optionsFacts[scope].drivers)) {
      const key = `${scope}/${drv}`;
      if (out.has(key)) continue;
      const page = pageFor(scope, drv);
      const known = Object.values(specIndex.options).flat().some((e) => e.page === page);
      if (known || chapterAnchors[page]) out.set(key, linkOf({ page, anchor: '' }));
    }
  }
  return out;
}
const fallbackLinks = computeFallbackLinks();

// Section anchors of the HTML spec for entries that are not options (ACL conditions, expansion
// items, lookup types ...). Read off the <h3 id> headings of Debian's 4.96 spec_html pages.
const sectionLink = (page, anchor) => `${specBase}${page}#${anchor}`;
const ACL_PAGE = 'ch-access_control_lists.html';
const EXP_PAGE = 'ch-string_expansions.html';
const LOOKUP_PAGE = 'ch-file_and_database_lookups.html';
const SCAN_PAGE = 'ch-content_scanning_at_acl_time.html';
const AUTH_PAGE = 'ch-dkim_spf_srs_and_dmarc.html';
const aclConditionAnchor = {
  add_header: [ACL_PAGE, 'SECTaddheadacl'],
  remove_header: [ACL_PAGE, 'SECTremoveheadacl'],
  control: [ACL_PAGE, 'SECTcontrols'],
  dnslists: [ACL_PAGE, 'SECTmorednslists'],
  ratelimit: [ACL_PAGE, 'SECTratelimiting'],
  seen: [ACL_PAGE, 'SECTseen'],
  verify: [ACL_PAGE, 'SECTaddressverification'],
  malware: [SCAN_PAGE, 'SECTscanvirus'],
  spam: [SCAN_PAGE, 'SECTscanspamass'],
  decode: [SCAN_PAGE, 'SECTscanmimepart'],
  mime_regex: [SCAN_PAGE, 'SECTscanregex'],
  regex: [SCAN_PAGE, 'SECTscanregex'],
  dkim_signers: [AUTH_PAGE, 'SECDKIMVFY'],
  dkim_status: [AUTH_PAGE, 'SECDKIMVFY'],
  spf: [AUTH_PAGE, 'SECSPF'],
  spf_guess: [AUTH_PAGE, 'SECSPF'],
  dmarc_status: [AUTH_PAGE, 'SECDMARC'],
};
function aclConditionLink(c) {
  const a = aclConditionAnchor[c.name];
  return a ? sectionLink(...a) : undefined;
}
const verifyTypeAnchor = { sender: 'SECTaddressverification', recipient: 'SECTaddressverification', header_sender: 'SECTaddressverification', csa: 'SECTverifyCSA' };
const lookupAnchor = {
  dnsdb: 'SECTdnsdb', ldap: 'SECTldap', ldapdn: 'SECTldap', ldapm: 'SECTldap', ldapauth: 'SECTldap',
  mysql: 'SECTsql', pgsql: 'SECTsql', oracle: 'SECTsql', sqlite: 'SECTsqlite', redis: 'SECTredis', nisplus: 'SECTnisplus',
};

// ---------------------------------------------------------------------------------------------
// options

const stripOpt = (t) => t.replace(/^opt_/, '');

/** Exim prints K/M-scaled integers like this (readconf print_ol). */
function scaled(n, unitK) {
  // unitK: value already counts kilobytes (opt_Kint)
  if (unitK) {
    if (n !== 0 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)}G`;
    if (n !== 0 && n % 1024 === 0) return `${n / 1024}M`;
    return `${n}K`;
  }
  if (n !== 0 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)}M`;
  if (n !== 0 && n % 1024 === 0) return `${n / 1024}K`;
  return String(n);
}

// Defaults the facts leave as a C expression but that are plain constants (sysexits.h values).
const knownDefaults = { 'transports/pipe/temp_errors': '75:73' };

/** Seconds as Exim writes a time: largest units first, e.g. 5400 -> 1h30m. */
function formatTime(secs) {
  if (secs === 0) return '0s';
  let out = '';
  let rest = secs;
  for (const [unit, size] of [['w', 604800], ['d', 86400], ['h', 3600], ['m', 60], ['s', 1]]) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}

function displayDefault(o, type, key) {
  if (key in knownDefaults) return knownDefaults[key];
  // TRUE_UNSET: Exim picks true or false later, depending on how the driver is used.
  if (o.default === 'TRUE_UNSET') return 'context-dependent';
  if (['uid', 'gid', 'expand_uid', 'expand_gid', 'uidlist', 'gidlist'].includes(type)) return null;
  if ('default_time' in o) return o.default_time;
  if ('default_octal' in o) return o.default_octal;
  const d = o.default;
  if (d === undefined || d === null) return null;
  if (typeof d === 'boolean') return d ? 'true' : 'false';
  if (typeof d === 'number') {
    if (type === 'fixed') return d < 0 ? null : (d / 1000).toString();
    if (type === 'Kint') return scaled(d, true);
    if (type === 'mkint') return scaled(d, false);
    if (type === 'time' || (type === 'func' && o.module_type === 'opt_time')) return formatTime(d);
    return String(d);
  }
  if (typeof d === 'string') return d;
  fail(`cannot display default of ${key}: ${JSON.stringify(d)}`);
}

// option_lines.repeatable names the repeatable kinds; the per-option flag says which applies.
const repeatKind = { condition: 'and', list: 'append' };
assert(/ANDed/.test(structFacts.option_lines.repeatable) && /append/.test(structFacts.option_lines.repeatable),
  'option_lines.repeatable wording');

function convertOption(o, scope, driver) {
  const key = driver ? `${scope}/${driver}/${o.name}` : `${scope}/${o.name}`;
  let type = stripOpt(o.type);
  let module;
  if ((type === 'misc_module' || type === 'lookup_module')) {
    module = o.module;
    if (o.module_type) type = stripOpt(o.module_type);
  }
  const entry = { name: o.name, type, default: displayDefault(o, type, key) };
  if (o.type === 'opt_func' && o.module_type) entry.funcParses = stripOpt(o.module_type);
  if (o.hidden) entry.hidden = true;
  const flags = buildFlagsOf(o);
  if (flags) entry.buildFlags = flags;
  if (o.default_build_time) entry.buildDefault = [...o.default_build_time].sort();
  if (o.repeatable) {
    assert(o.repeatable in repeatKind, `repeatable kind ${o.repeatable}`);
    entry.repeat = repeatKind[o.repeatable];
  }
  if (module) entry.module = module;
  const spec = specOptionTypes.get(`${driver ?? scope}/${o.name}`);
  if (spec) {
    entry.expanded = spec.expanded;
    if (spec.list) entry.list = spec.list;
  }
  const link = optionLink(scope, driver, o.name, fallbackLinks);
  if (link) entry.link = link;
  return entry;
}
const settable = (list) => list.filter((o) => !o.name.startsWith('*'));

function convertScope(scope) {
  const f = optionsFacts[scope];
  const drivers = {};
  const driverBuildFlags = {};
  for (const drv of Object.keys(f.drivers).sort()) {
    drivers[drv] = settable(f.drivers[drv].options).map((o) => convertOption(o, scope, drv)).sort(byName);
    driverBuildFlags[drv] = f.drivers[drv].build_flag;
  }
  return {
    generic: settable(f.generic).map((o) => convertOption(o, scope, undefined)).sort(byName),
    drivers,
    driverBuildFlags,
  };
}

const moduleOptionTables = {};
for (const mod of Object.keys(optionsFacts.module_option_tables).sort()) {
  moduleOptionTables[mod] = settable(optionsFacts.module_option_tables[mod].options)
    .map((o) => {
      const type = stripOpt(o.type);
      const e = { name: o.name, type, default: displayDefault(o, type, `module/${mod}/${o.name}`) };
      const flags = buildFlagsOf(o);
      if (flags) e.buildFlags = flags;
      return e;
    })
    .sort(byName);
}

// What each value type accepts, in this project's words (facts: options.json type_syntax).
const typeSyntax = {
  stringptr: 'A string: the rest of the line as written, or a double-quoted string with backslash escapes. Most are expanded when used.',
  bool: 'A boolean: write the name alone to turn it on, `no_` or `not_` before it to turn it off, or `= true|false|yes|no`.',
  bit: 'A boolean (held as a flag bit); written like any other boolean option.',
  bool_verify: 'A boolean that sets both the sender-verify and recipient-verify forms at once.',
  bool_set: 'A boolean; Exim also remembers whether it was set explicitly.',
  expand_bool: 'A boolean, or a string containing `$` that is expanded at use time and must give true/false/yes/no.',
  int: 'An integer: decimal, 0x hex or leading-0 octal, optional sign, optional K/M/G/T multiplier (powers of 1024).',
  mkint: 'An integer with an optional K/M/G/T multiplier; shown by `exim -bP` with a K or M suffix.',
  octint: 'An integer read as octal (such as a file mode: 0600); K/M/G/T multipliers allowed.',
  Kint: 'A size counted in kilobytes: a plain number is K; the suffixes K, M, G, T ... scale from there.',
  fixed: 'A non-negative fixed-point number with up to three decimals, such as `0.5` or `8`.',
  time: 'A time: one or more number+unit pairs (units w, d, h, m, s; lowercase), added together, e.g. `1h30m`.',
  timelist: 'A colon-separated list of times in increasing order, e.g. `6h:12h:1d`.',
  uid: 'A user name or numeric uid, resolved when the configuration is read.',
  gid: 'A group name or numeric gid, resolved when the configuration is read.',
  expand_uid: 'A user name or uid, or a string containing `$` that is expanded later to one.',
  expand_gid: 'A group name or gid, or a string containing `$` that is expanded later to one.',
  uidlist: 'A colon-separated list of user names or uids.',
  gidlist: 'A colon-separated list of group names or gids.',
  rewrite: 'A colon-separated list of header rewriting rules (key, replacement, flags); envelope flags are not allowed.',
  func: 'A value checked by an option-specific parser.',
  void: 'Internal; cannot be set in the configuration.',
  lookup_module: 'An option provided by a lookup module; its value type is that of the module option.',
  misc_module: 'An option provided by an optional module; its value type is that of the module option.',
};
for (const t of Object.keys(optionsFacts.type_syntax)) {
  assert(stripOpt(t) in typeSyntax, `no type_syntax text for ${t}`);
}

const logSelectors = optionsFacts.log_selector_names
  .map((s) => compact({ name: s.name, buildFlags: buildFlagsOf(s) }))
  .sort(byName);

const optionCounts = {};
for (const [k, v] of Object.entries(optionsFacts.counts)) optionCounts[k] = v.settable;

const optionsOut = {
  main: settable(optionsFacts.main).map((o) => convertOption(o, 'main', undefined)).sort(byName),
  routers: convertScope('routers'),
  transports: convertScope('transports'),
  authenticators: convertScope('authenticators'),
  moduleOptionTables,
  logSelectors,
  typeSyntax,
  counts: optionCounts,
};

// ---------------------------------------------------------------------------------------------
// ACL

const aclTypes = aclFacts.where_contexts.map((w) => w.where);
const namingOptions = {};
for (const w of aclFacts.where_contexts) {
  for (const opt of w.acl_option.split('|').map((s) => s.trim())) {
    if (/^acl_\w+$/.test(opt)) namingOptions[opt] = w.where;
  }
}
for (const opt of aclFacts.acl_naming_options) assert(opt in namingOptions, `no ACL type for ${opt}`);
assert(Object.keys(namingOptions).length === aclFacts.acl_naming_options.length, 'acl naming option count');

const unsetMatch = /^(.*?) are checked even when unset/.exec(aclFacts.acl_option_value.unset_behaviour);
assert(unsetMatch, 'acl_option_value.unset_behaviour wording');
const denyWhenUnset = unsetMatch[1].split(',').map((s) => s.trim()).sort();
for (const o of denyWhenUnset) assert(o in namingOptions, `unset-deny option ${o}`);
const advertisedOnlyWhenSet = /(\w+(?:\/\w+)+) are only advertised/.exec(aclFacts.acl_option_value.unset_behaviour);
assert(advertisedOnlyWhenSet, 'advertised-when-set wording');

const aclOptionEntries = Object.keys(namingOptions).sort().map((opt) => compact({
  option: opt,
  aclType: namingOptions[opt],
  denyWhenUnset: denyWhenUnset.includes(opt),
}));

const verbs = aclFacts.verbs
  .map((v) => ({ name: v.name, messageUsedOn: [...v.message_used_on] }))
  .sort(byName);

const conditions = aclFacts.conditions_and_modifiers.map((c) => compact({
  name: c.name,
  kind: c.kind,
  negatable: c.negatable,
  takesValue: c.takes_value,
  expanded: c.expanded_before_use,
  allowedIn: c.allowed_in,
  forbiddenIn: c.forbidden_in,
  onlyWithVerbs: c.only_with_verbs,
  buildFlags: buildFlagsOf(c),
  link: aclConditionLink(c),
})).sort(byName);
for (const c of conditions) {
  c.negatable = !!c.negatable;
  c.takesValue = !!c.takesValue;
}

const controls = aclFacts.controls.map((c) => compact({
  name: c.name,
  hasOptions: c.has_options,
  pseudo: c.pseudo,
  allowedIn: c.allowed_in,
  buildFlags: buildFlagsOf(c),
})).sort(byName);
for (const c of controls) c.hasOptions = !!c.hasOptions;

/** "callout[=<time>|...] (prefix match on ...)" -> structured option */
function verifyOption(text) {
  const m = /^(\w+)/.exec(text);
  assert(m, `verify option ${text}`);
  return compact({ name: m[1], value: /^\w+\[=/.test(text) ? 'optional' : undefined, prefixMatch: /prefix match/.test(text) });
}
const verifyOptionsByType = {};
for (const [key, list] of Object.entries(aclFacts.verify_options)) {
  if (!Array.isArray(list)) continue;
  for (const t of key.split('|')) verifyOptionsByType[t] = list.map(verifyOption).sort(byName);
}
const senderForm = /^sender=<address>/.test(aclFacts.verify_options.sender_form);
const verifyTypes = aclFacts.verify_types.map((v) => compact({
  name: v.name,
  optionsAllowed: v.options_allowed,
  options: verifyOptionsByType[v.name] ?? [],
  prefixMatch: /prefix/.test(v.match) ? 6 : undefined,
  valueForm: v.name === 'sender' && senderForm ? 'sender=<address>' : undefined,
  allowedIn: v.allowed_in,
  buildFlags: buildFlagsOf(v),
  link: verifyTypeAnchor[v.name] ? sectionLink(ACL_PAGE, verifyTypeAnchor[v.name]) : undefined,
})).sort(byName);
for (const v of verifyTypes) v.optionsAllowed = !!v.optionsAllowed;
for (const t of Object.keys(verifyOptionsByType)) assert(verifyTypes.some((v) => v.name === t), `verify type ${t}`);

// Kept in Exim's table order: a callout option matches when the written word starts with the
// option name, first hit wins (so postmaster_mailfrom must come before postmaster).
const calloutOptions = aclFacts.callout_options.map((c) => compact({
  name: c.name,
  takesValue: c.takes_value,
  valueIsTime: c.value_is_time,
}));
assert(calloutOptions.findIndex((c) => c.name === 'postmaster_mailfrom') < calloutOptions.findIndex((c) => c.name === 'postmaster'),
  'callout option order');
for (const c of calloutOptions) c.takesValue = !!c.takesValue;

const ratelimitOptions = [
  ...aclFacts.ratelimit_per_options.map((n) => ({ name: n, group: 'per' })),
  ...aclFacts.ratelimit_other_options.map((n) => {
    const m = /^(\w+)(?:=(.*))?$/.exec(n);
    assert(m, `ratelimit option ${n}`);
    return compact({ name: m[1], group: 'other', value: m[2] });
  }),
].sort(byName);

const aclCounts = { ...aclFacts.counts };

const aclOut = {
  aclTypes,
  whereNames: aclFacts.acl_wherenames,
  verbs,
  conditions,
  controls,
  verifyTypes,
  calloutOptions,
  ratelimitOptions,
  namingOptions: aclOptionEntries,
  // links for entries without a more specific one of their own
  defaultLinks: {
    verbs: sectionLink(ACL_PAGE, 'SECID200'),
    conditions: sectionLink(ACL_PAGE, 'SECTaclconditions'),
    modifiers: sectionLink(ACL_PAGE, 'SECTACLmodi'),
    controls: sectionLink(ACL_PAGE, 'SECTcontrols'),
    verifyTypes: sectionLink(ACL_PAGE, 'SECTaclconditions'),
    calloutOptions: sectionLink(ACL_PAGE, 'CALLaddparcall'),
    ratelimitOptions: sectionLink(ACL_PAGE, 'SECTratelimiting'),
  },
  counts: aclCounts,
};

// ---------------------------------------------------------------------------------------------
// expansions

const items = expFacts.items.map((i) => {
  let min = i.min_args;
  let max = i.max_args;
  if (typeof i.args === 'number') min = max = i.args;
  return compact({
    name: i.name,
    form: i.form,
    minArgs: typeof min === 'number' ? min : undefined,
    maxArgs: typeof max === 'number' ? max : undefined,
    yesNo: i.yes_no,
    failArg: i.fail_arg,
    variants: i.variants,
    options: i.options,
    buildFlags: buildFlagsOf(i),
  });
}).sort(byName);

const opArgNames = new Set(expFacts.operators.operators_accepting_underscore_args);
const operators = [
  ...expFacts.operators.underscore_names.map((o) => ({ o, table: 'underscore' })),
  ...expFacts.operators.main.map((o) => ({ o, table: 'main' })),
].map(({ o, table }) => {
  let argForm;
  if (o.underscore_arg) {
    const m = /^(\$\{[^}]*\})/.exec(o.underscore_arg);
    if (m) argForm = m[1];
  }
  return compact({
    name: o.name,
    table,
    takesArgs: opArgNames.has(o.name),
    argForm,
    buildFlags: buildFlagsOf(o),
  });
}).sort((a, b) => byName(a, b) || (a.table < b.table ? -1 : 1));
for (const n of opArgNames) assert(operators.some((o) => o.name === n), `operator ${n}`);

const condShape = {};
for (const [shape, spec] of Object.entries(expFacts.condition_syntax)) {
  if (typeof spec !== 'object') continue;
  const names = spec.names ?? [shape];
  for (const n of names) condShape[n] = { shape, form: spec.form, min: spec.min_args, max: spec.max_args };
}
const expConditions = expFacts.conditions.map((c) => {
  const s = condShape[c.name];
  assert(s, `no condition_syntax for ${c.name}`);
  return compact({
    name: c.name,
    shape: s.shape,
    form: s.form,
    minArgs: s.min,
    maxArgs: s.max,
    buildFlags: buildFlagsOf(c),
  });
}).sort(byName);

const variables = expFacts.variables.map((v) => compact({
  name: v.name,
  vtype: v.vtype.replace(/^vtype_/, ''),
  module: v.module,
  buildFlags: buildFlagsOf(v),
})).sort(byName);

function dynamicVariable(d) {
  const e = { pattern: d.pattern };
  const range = /n = (\d+)\.\.\w+ \(default (\d+)\)/.exec(d.rule) ?? /\$(\d+)\.\.\$\w+ \((\d+)\)/.exec(d.rule);
  if (range) {
    e.min = Number(range[1]);
    e.max = Number(range[2]);
  }
  const flags = buildFlagsOf(d);
  if (flags) e.buildFlags = flags;
  return e;
}
const dynamicVariables = expFacts.dynamic_variables.map(dynamicVariable)
  .sort((a, b) => (a.pattern < b.pattern ? -1 : 1));
for (const p of ['auth<n>', 'regex<n>', '<n> / {<n>}']) {
  const d = dynamicVariables.find((x) => x.pattern === p);
  assert(d && typeof d.max === 'number', `range for dynamic variable ${p}`);
}

const lk = expFacts.lookups;
function pickError(list, re) {
  const e = list.find((x) => re.test(x));
  assert(e, `error message matching ${re}`);
  return e;
}
// type_specific_options is keyed by a type name, a "<x> family", or a "/"-separated list of types.
function typeSpecificOptions(name) {
  const out = [];
  for (const [key, opts] of Object.entries(lk.type_specific_options)) {
    const fam = /^(\w+) family$/.exec(key);
    const names = fam ? null : key.split('/').filter((n) => /^\w+$/.test(n));
    if (fam ? name.endsWith(fam[1]) : names.includes(name)) out.push(...opts);
  }
  return out.length ? out : undefined;
}
const lookupTypes = lk.types.map((t) => {
  const flags = [];
  for (const m of t.build_flag.matchAll(/\b([A-Z][A-Z0-9_]+)\b/g)) flags.push(m[1]);
  const queryStyle = /querystyle|absfilequery/.test(t.type_flags);
  return compact({
    name: t.name,
    style: queryStyle ? 'query' : 'single-key',
    absfile: /lookup_absfile/.test(t.type_flags),
    fileThenQuery: t.type_flags === 'lookup_absfilequery',
    noFile: t.type_flags === '0',
    options: typeSpecificOptions(t.name),
    buildFlags: flags.length ? uniqSorted(flags) : undefined,
    link: lookupAnchor[t.name] ? sectionLink(LOOKUP_PAGE, lookupAnchor[t.name]) : undefined,
  });
}).sort(byName);
assert(/\[partial\[<n>\]\(<affix>\)\|partial\[<n>\]-\]<type>\[\*\|\*@\]\[,<opt>/.test(lk.type_syntax), 'lookup type_syntax');
const partialDefault = /optional digits \(default (\d+)\)/.exec(lk.partial);
assert(partialDefault, 'lookup partial default length');

const lookupSyntax = {
  form: lk.type_syntax,
  partialDefaultLength: Number(partialDefault[1]),
  partialDefaultAffix: '*.',
  partialAndStarQueryStyle: false,
  genericOptions: [...lk.generic_options].sort(),
  dnsdbRecordTypes: lk.dnsdb_record_types.map((r) => compact({ name: r.name, buildFlags: buildFlagsOf(r) })),
  dnsdbModifiers: [...lk.dnsdb_modifiers],
  errors: {
    unknown: pickError(lk.errors, /^unknown lookup type/),
    format: pickError(lk.errors, /^format error in lookup type/),
    partial: pickError(lk.errors, /"partial" is not permitted/),
    star: pickError(lk.errors, /defaults using "\*"/),
    missingKey: pickError(lk.errors, /^missing \{key\}/),
    keyNotAllowed: pickError(lk.errors, /single key was given/),
  },
};
assert(/'\*\.'/.test(lk.partial), 'partial affix');

const expOut = {
  items,
  operators,
  operatorRule: {
    underscoreFirst: true,
    badArgError: expFacts.operators.bad_arg_error,
  },
  conditions: expConditions,
  variables,
  dynamicVariables,
  variableErrors: {
    unknown: expFacts.variable_syntax.unknown_error,
    dollar: expFacts.variable_syntax.dollar_error,
    brace: expFacts.variable_syntax.brace_error,
  },
  lookupTypes,
  lookupSyntax,
  // links for entries without a more specific one of their own
  defaultLinks: {
    items: sectionLink(EXP_PAGE, 'SECTexpansionitems'),
    operators: sectionLink(EXP_PAGE, 'SECTexpop'),
    conditions: sectionLink(EXP_PAGE, 'SECTexpcond'),
    variables: sectionLink(EXP_PAGE, 'SECTexpvar'),
    singleKeyLookups: sectionLink(LOOKUP_PAGE, 'SECTsinglekeylookups'),
    queryLookups: sectionLink(LOOKUP_PAGE, 'SECTquerystylelookups'),
    partialLookups: sectionLink(LOOKUP_PAGE, 'SECTpartiallookup'),
    defaultValueLookups: sectionLink(LOOKUP_PAGE, 'SECTdefaultvaluelookups'),
  },
  counts: { ...expFacts.counts },
};

// ---------------------------------------------------------------------------------------------
// config structure

const fl = structFacts.file_layout;
/** The build option a local_scan section needs, and Exim's error without it. */
function localScanNeeds() {
  const m = /^([A-Z_]+) at build time, else '(.*)'$/.exec(structFacts.local_scan_section.requires);
  assert(m, 'local_scan_section.requires');
  return { buildOption: m[1], error: m[2] };
}
assert(/an 's' is appended/.test(fl.section_name_rule) && /case-insensitive/.test(fl.section_name_rule), 'section rule');
const pre = structFacts.preprocessor;
const directives = pre.directives.map((d) => compact({
  name: d.directive,
  stack: d.stack === 'none' ? undefined : d.stack,
  syntax: d.syntax,
  absolutePathOnly: /non-absolute/.test(d.relative_path ?? '') || undefined,
  missingFileSkipped: /silently/.test(d.missing_file ?? '') || undefined,
})).sort(byName);

// One-line meanings of rewrite flags, in this project's words (facts: rewrite_section.flags).
const rewriteMeaning = {
  q: 'quit: apply no further rewrite rules after this one',
  w: 'whole: in headers, replace the whole address including any display name',
  h: 'all header lines (same as s f t c b r together)',
  s: 'the Sender: header',
  f: 'the From: header',
  t: 'the To: header',
  c: 'the Cc: header',
  b: 'the Bcc: header',
  r: 'the Reply-To: header',
  E: 'all envelope addresses (same as F and T together)',
  F: 'the envelope sender',
  T: 'the envelope recipients',
  Q: 'qualify an unqualified address before rewriting',
  R: 'repeat the rule on its own result (up to 10 times)',
  S: 'rewrite at SMTP time, as the address arrives (the key must be a regex)',
};
const rewriteFlags = structFacts.rewrite_section.flags.map((f) => {
  assert(f.flag in rewriteMeaning, `rewrite flag ${f.flag}`);
  return { flag: f.flag, meaning: rewriteMeaning[f.flag] };
}).sort((a, b) => (a.flag < b.flag ? -1 : a.flag > b.flag ? 1 : 0));
const headerFlagsMatch = /from E F T h s f t c b r S/.exec(structFacts.rewrite_section.default_flags);
assert(headerFlagsMatch, 'rewrite default_flags wording');

const macros = structFacts.macros;
const builtinMacros = macros.builtin_feature_macros
  .map((m) => compact({ name: m.name, buildFlags: buildFlagsOf(m) }))
  .sort(byName);
// Patterns such as _OPT_MAIN_<OPTION> (expanded into concrete names by the accessors), and the
// few fixed names listed beside them (_HAVE_TLS1_3, _RESUME_DECODE ...).
const generatedMacroPatterns = [];
const extraMacroNames = [];
for (const p of macros.builtin_generated_macro_patterns) {
  const head = p.split(' (')[0].trim();
  if (head.includes('<')) generatedMacroPatterns.push(head);
  else for (const w of head.split(/\s*\/\s*/)) if (/^_[A-Z0-9_]+$/.test(w)) extraMacroNames.push(w);
}
assert(generatedMacroPatterns.includes('_OPT_MAIN_<OPTION>') && extraMacroNames.length > 0, 'generated macro patterns');
// Built-in macros the facts do not list, read off a real Exim (`exim4 -C /dev/null -bP macros`,
// Debian's 4.96): the DKIM header lists (the only ones whose value is not "y"), the DKIM crypto
// features, and one _HAVE_MALWARE_<SCANNER> per scanner built in (Exim's default build leaves
// out aveserver, kavdaemon and mksd).
const observedMacroValues = {
  "_DKIM_OVERSIGN_HEADERS": "+From:+Sender:+Reply-To:+Subject:+Date:+Message-ID:+To:+Cc:+MIME-Version:+Content-Type:+Content-Transfer-Encoding:+Content-ID:+Content-Description:+Resent-Date:+Resent-From:+Resent-Sender:+Resent-To:+Resent-Cc:+Resent-Message-ID:+In-Reply-To:+References:+List-Id:+List-Help:+List-Unsubscribe:+List-Subscribe:+List-Post:+List-Owner:+List-Archive",
  "_DKIM_SIGN_HEADERS": "From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:Content-ID:Content-Description:Resent-Date:Resent-From:Resent-Sender:Resent-To:Resent-Cc:Resent-Message-ID:In-Reply-To:References:List-Id:List-Help:List-Unsubscribe:List-Subscribe:List-Post:List-Owner:List-Archive",
};
for (const name of ['_CRYPTO_HASH_SHA3', '_CRYPTO_SIGN_ED25519', ...Object.keys(observedMacroValues)]) extraMacroNames.push(name);
for (const scanner of ['AVAST', 'CLAMD', 'CMDLINE', 'DRWEB', 'FPROT6D', 'FPROTD', 'FSECURE', 'SOCK', 'SOPHIE']) extraMacroNames.push(`_HAVE_MALWARE_${scanner}`);
const builtinMacroValue = /expand to '(\w)'/.exec(macros.builtin_value);
assert(builtinMacroValue, 'builtin macro value');

const named = structFacts.main_section_lines.named_lists;
const structOut = {
  sections: [...fl.section_table].sort(),
  sectionNameRule: { caseInsensitive: true, appendS: true, maxLength: 22 },
  sectionErrors: [...fl.errors],
  sectionBuildNeeds: { local_scans: localScanNeeds() },
  directives,
  maxIfNesting: pre.max_nesting,
  preprocessorErrors: [...pre.errors],
  rewriteFlags,
  transportRewriteForbiddenFlags: ['E', 'F', 'T', 'S'],
  namedListKeywords: [...named.keywords].sort(),
  namedListCacheSuffix: '_cache',
  namedListErrors: [...named.errors],
  builtinMacros,
  builtinMacroValue: builtinMacroValue[1],
  extraMacroNames: extraMacroNames.sort(),
  builtinMacroValues: observedMacroValues,
  generatedMacroPatterns,
  optionErrors: [...structFacts.option_lines.errors],
  booleanErrors: [...structFacts.option_lines.booleans.errors],
  driverErrors: [...structFacts.driver_sections.errors],
  macroErrors: [...macros.errors],
  aclErrors: [...aclFacts.section_syntax.errors],
  aclRuntimeErrors: [...aclFacts.section_syntax.runtime_errors],
  rewriteErrors: [...structFacts.rewrite_section.errors],
};
assert(/E\/F\/T\/S flags are rejected/.test(structFacts.rewrite_section.transport_headers_rewrite), 'transport rewrite flags');
assert(/\(22 chars\)|truncated to 22 chars/.test(fl.section_start), 'section name length');

// ---------------------------------------------------------------------------------------------
// output

/**
 * JSON with a fixed key order ("name"-like key first, then alphabetical) where any object or
 * array made only of scalars (or scalar arrays) is written on one line.
 */
const leadKeys = ['name', 'pattern', 'flag', 'option'];
function orderKeys(obj) {
  const keys = Object.keys(obj);
  const lead = leadKeys.filter((k) => keys.includes(k));
  return [...lead, ...keys.filter((k) => !lead.includes(k)).sort()];
}
function isFlat(v) {
  if (v === null || typeof v !== 'object') return true;
  const vals = Array.isArray(v) ? v : Object.values(v);
  return vals.every((x) => x === null || typeof x !== 'object' || (Array.isArray(x) && x.every((y) => y === null || typeof y !== 'object')));
}
function oneLine(v) {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(oneLine).join(', ')}]`;
  return `{${orderKeys(v).map((k) => `${JSON.stringify(k)}: ${oneLine(v[k])}`).join(', ')}}`;
}
function render(v, indent = '') {
  if (isFlat(v) && (indent !== '' || v === null || typeof v !== 'object')) return oneLine(v);
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + render(x, inner)).join(',\n')}\n${indent}]`;
  }
  const keys = orderKeys(v);
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${render(v[k], inner)}`).join(',\n')}\n${indent}}`;
}

const outputs = {
  'options.json': optionsOut,
  'acl.json': aclOut,
  'expansion.json': expOut,
  'structure.json': structOut,
};

let stale = false;
if (!checkOnly) mkdirSync(outDir, { recursive: true });
for (const [file, data] of Object.entries(outputs)) {
  const text = render(data) + '\n';
  JSON.parse(text); // self-check
  const path = join(outDir, file);
  if (checkOnly) {
    const old = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (old !== text) {
      console.error(`gen-facts: ${file} is out of date`);
      stale = true;
    }
  } else {
    writeFileSync(path, text);
    console.log(`wrote ${join('server/src/facts/data', file)} (${text.length} bytes)`);
  }
}
if (stale) process.exit(1);
