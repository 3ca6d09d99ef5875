// Checks the driver documentation files against Exim's option tables.
//
//   server/src/facts/docs/router-options.json         generic router options + "<driver>/<option>"
//   server/src/facts/docs/transport-options.json      generic transport options + "<driver>/<option>"
//   server/src/facts/docs/authenticator-options.json  generic authenticator options + "<driver>/<option>"
//   server/src/facts/docs/drivers.json                "routers/<d>", "transports/<d>", "authenticators/<d>"
//   server/src/facts/docs/sections.json               "main" + every section name after "begin"
//
// The expected keys come from options.json and config-structure.json (the facts read off Exim's
// source). Internal table entries (names starting with "*") are not settable and are skipped.
// Fails (exit 1) on a missing or extra key, an entry without a summary, an unknown field, a
// field of the wrong type, or a frequently used option that lacks details or an example.
//
// Usage: node scripts/check-docs-drivers.mjs [facts-dir]
// The facts directory is taken from the argument, else $EXIM_FACTS_DIR, else the first of
// server/src/facts/exim-facts, facts/ and /work/shared/exim-facts that holds options.json.
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docsDir = join(root, 'server/src/facts/docs');

function findFacts() {
  const candidates = [
    process.argv[2],
    process.env.EXIM_FACTS_DIR,
    join(root, 'server/src/facts/exim-facts'),
    join(root, 'facts'),
    '/work/shared/exim-facts',
  ].filter(Boolean);
  for (const dir of candidates) if (existsSync(join(dir, 'options.json'))) return dir;
  console.error(`check-docs-drivers: options.json not found (tried: ${candidates.join(', ')})`);
  process.exit(2);
}

const factsDir = findFacts();
const options = JSON.parse(readFileSync(join(factsDir, 'options.json'), 'utf8'));
const structure = JSON.parse(readFileSync(join(factsDir, 'config-structure.json'), 'utf8'));

const settable = (list) => list.map((o) => o.name).filter((n) => !n.startsWith('*'));

function optionKeys(family) {
  const keys = new Set(settable(options[family].generic));
  for (const [driver, def] of Object.entries(options[family].drivers)) {
    for (const name of settable(def.options)) keys.add(`${driver}/${name}`);
  }
  return keys;
}

const driverKeys = new Set();
for (const family of ['routers', 'transports', 'authenticators']) {
  for (const driver of Object.keys(options[family].drivers)) driverKeys.add(`${family}/${driver}`);
}

const sectionKeys = new Set(['main', ...structure.file_layout.section_table]);

// Options seen in Debian's exim4.conf.template and conf.d, and in Exim's configure.default,
// plus the redirect, DKIM and TLS options the docs brief names: these need details and an example.
const detailed = {
  'router-options.json': [
    'cannot_route_message', 'check_local_user', 'condition', 'debug_print', 'domains', 'driver',
    'expn', 'group', 'ignore_target_hosts', 'local_part_prefix', 'local_part_suffix',
    'local_part_suffix_optional', 'local_parts', 'more', 'require_files', 'senders', 'transport',
    'user', 'verify',
    'dnslookup/same_domain_copy_routing',
    'manualroute/host_find_failed', 'manualroute/route_data', 'manualroute/route_list',
    'manualroute/same_domain_copy_routing',
    'redirect/allow_defer', 'redirect/allow_fail', 'redirect/allow_filter', 'redirect/check_ancestor',
    'redirect/data', 'redirect/directory_transport', 'redirect/file', 'redirect/file_transport',
    'redirect/pipe_transport', 'redirect/reply_transport', 'redirect/skip_syntax_errors',
    'redirect/syntax_errors_text', 'redirect/syntax_errors_to', 'redirect/one_time',
    'redirect/include_directory',
    ...[...optionKeys('routers')].filter((k) => k.startsWith('redirect/forbid_')),
  ],
  'transport-options.json': [
    'current_directory', 'debug_print', 'delivery_date_add', 'driver', 'envelope_to_add', 'group',
    'headers_remove', 'headers_rewrite', 'return_path', 'return_path_add',
    'appendfile/check_string', 'appendfile/create_directory', 'appendfile/create_file',
    'appendfile/directory', 'appendfile/directory_mode', 'appendfile/escape_string',
    'appendfile/file', 'appendfile/maildir_format', 'appendfile/mode', 'appendfile/mode_fail_narrower',
    'pipe/command', 'pipe/message_prefix', 'pipe/message_suffix', 'pipe/path',
    'pipe/return_fail_output', 'pipe/return_output',
    'smtp/helo_data', 'smtp/hosts_try_auth', 'smtp/interface', 'smtp/message_linelength_limit',
    'smtp/multi_domain', 'smtp/protocol',
    ...[...optionKeys('transports')].filter((k) =>
      /^smtp\/(dkim_|tls_|hosts_\w*tls$|hosts_(request|require)_ocsp$|hosts_(require|try)_dane$|dane_|hosts_require_alpn$)/.test(k)),
  ],
  'authenticator-options.json': [
    'driver', 'public_name', 'server_advertise_condition', 'server_condition', 'server_set_id',
    'cram_md5/client_name', 'cram_md5/client_secret', 'cram_md5/server_secret',
    'cyrus_sasl/server_realm', 'dovecot/server_socket', 'plaintext/client_send',
    'plaintext/server_prompts',
  ],
  'drivers.json': [...driverKeys],
  'sections.json': [...sectionKeys],
};

const files = {
  'router-options.json': optionKeys('routers'),
  'transport-options.json': optionKeys('transports'),
  'authenticator-options.json': optionKeys('authenticators'),
  'drivers.json': driverKeys,
  'sections.json': sectionKeys,
};

const fields = new Set(['summary', 'details', 'example', 'link']);
const problems = [];
let entries = 0;

for (const [file, expected] of Object.entries(files)) {
  let docs;
  try {
    docs = JSON.parse(readFileSync(join(docsDir, file), 'utf8'));
  } catch (err) {
    problems.push(`${file}: cannot read or parse: ${err.message}`);
    continue;
  }
  if (docs === null || typeof docs !== 'object' || Array.isArray(docs)) {
    problems.push(`${file}: top level must be an object`);
    continue;
  }
  for (const key of expected) if (!(key in docs)) problems.push(`${file}: missing key "${key}"`);
  for (const [key, entry] of Object.entries(docs)) {
    entries++;
    if (!expected.has(key)) problems.push(`${file}: extra key "${key}" (not in the facts)`);
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push(`${file}: "${key}" is not an object`);
      continue;
    }
    for (const [field, value] of Object.entries(entry)) {
      if (!fields.has(field)) problems.push(`${file}: "${key}" has unknown field "${field}"`);
      else if (typeof value !== 'string' || value.trim() === '') problems.push(`${file}: "${key}".${field} must be a non-empty string`);
    }
    const summary = typeof entry.summary === 'string' ? entry.summary.trim() : '';
    if (!summary) problems.push(`${file}: "${key}" has an empty summary`);
    else if (!summary.endsWith('.')) problems.push(`${file}: "${key}" summary does not end with a period`);
    if (typeof entry.link === 'string' && !entry.link.startsWith('https://')) problems.push(`${file}: "${key}" link is not an https URL`);
    if (typeof entry.example === 'string' && entry.example.split('\n').length > 6) problems.push(`${file}: "${key}" example is longer than 6 lines`);
  }
  for (const key of detailed[file]) {
    const entry = docs[key];
    if (!entry) continue; // already reported as missing
    if (!entry.details) problems.push(`${file}: "${key}" is frequently used and needs details`);
    if (!entry.example) problems.push(`${file}: "${key}" is frequently used and needs an example`);
  }
}

if (problems.length) {
  for (const p of problems) console.error(p);
  console.error(`check-docs-drivers: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`check-docs-drivers: ${entries} entries in ${Object.keys(files).length} files match the facts (${factsDir})`);
