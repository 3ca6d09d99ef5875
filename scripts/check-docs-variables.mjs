// Checks server/src/facts/docs/variables.json against Exim's expansion facts.
//
// Keys must be exactly: every name in expansion.json `variables` (without `$`) plus
// "pattern/<pattern>" for every entry in `dynamic_variables`. Every entry needs a
// one-sentence summary; the variables admins meet most often also need details and
// an example. Links, when present, must point into the Exim HTML spec.
//
// Facts are read from $EXIM_FACTS_DIR, else ../shared/exim-facts (relative to the
// repository root), else /work/shared/exim-facts.
// Usage: node scripts/check-docs-variables.mjs   (exit code 1 on any problem)
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const docsPath = join(root, 'server/src/facts/docs/variables.json');

function factsDir() {
  const candidates = [process.env.EXIM_FACTS_DIR, join(root, '../shared/exim-facts'), '/work/shared/exim-facts'];
  for (const dir of candidates) {
    if (dir && existsSync(join(dir, 'expansion.json'))) return dir;
  }
  throw new Error('cannot find expansion.json: set EXIM_FACTS_DIR');
}

// Variables found in Debian's exim4 configs and Exim's default configure, plus the
// families the docs brief names as common; these must carry details and an example.
const COMMON = [
  'acl_verify_message', 'authenticated_id', 'dnslist_domain', 'dnslist_matched', 'dnslist_text',
  'dnslist_value', 'domain', 'home', 'host', 'host_address', 'host_lookup_failed', 'local_part',
  'local_part_data', 'local_user_uid', 'malware_name', 'max_received_linelength', 'message_size',
  'prdr_requested', 'primary_hostname', 'rcpt_count', 'received_port', 'recipients_count',
  'sender_address', 'sender_address_domain', 'sender_address_local_part', 'sender_helo_name',
  'sender_host_address', 'sending_ip_address', 'smtp_active_hostname', 'spam_bar', 'spam_report',
  'spam_score', 'spam_score_int', 'spf_received', 'tls_in_cipher', 'tls_out_cipher', 'tod_full',
  'value', 'version_number',
  'pattern/acl_c<x>...', 'pattern/acl_m<x>...', 'pattern/auth<n>', 'pattern/<n> / {<n>}',
  'pattern/header_<name>: | h_<name>:',
];
const COMMON_PREFIXES = ['dkim_', 'tls_in_', 'tod_'];

const SPEC = 'https://www.exim.org/exim-html-current/doc/html/spec_html/';

const facts = JSON.parse(readFileSync(join(factsDir(), 'expansion.json'), 'utf8'));
const docs = JSON.parse(readFileSync(docsPath, 'utf8'));

const expected = new Set([
  ...facts.variables.map((v) => v.name),
  ...facts.dynamic_variables.map((d) => `pattern/${d.pattern}`),
]);
const problems = [];
const actual = new Set(Object.keys(docs));

for (const key of expected) if (!actual.has(key)) problems.push(`missing key: ${key}`);
for (const key of actual) if (!expected.has(key)) problems.push(`extra key: ${key}`);

const needsFull = (key) => COMMON.includes(key) || COMMON_PREFIXES.some((p) => key.startsWith(p));
const allowed = new Set(['summary', 'details', 'example', 'link']);

for (const [key, entry] of Object.entries(docs)) {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    problems.push(`${key}: entry is not an object`);
    continue;
  }
  for (const field of Object.keys(entry)) {
    if (!allowed.has(field)) problems.push(`${key}: unknown field "${field}"`);
    else if (typeof entry[field] !== 'string' || entry[field].trim() === '') problems.push(`${key}: empty ${field}`);
  }
  const summary = typeof entry.summary === 'string' ? entry.summary.trim() : '';
  if (!summary) problems.push(`${key}: empty summary`);
  else {
    if (!summary.endsWith('.')) problems.push(`${key}: summary does not end with a period`);
    if (summary.length > 110) problems.push(`${key}: summary is ${summary.length} characters (limit 110)`);
  }
  if (expected.has(key) && needsFull(key)) {
    if (!entry.details) problems.push(`${key}: common variable without details`);
    if (!entry.example) problems.push(`${key}: common variable without example`);
  }
  if (entry.link !== undefined) {
    if (!entry.link.startsWith(SPEC)) problems.push(`${key}: link does not start with ${SPEC}`);
    else if (!/^[a-z0-9_-]+\.html(#[A-Za-z0-9_.-]+)?$/.test(entry.link.slice(SPEC.length))) {
      problems.push(`${key}: link is not a spec page URL: ${entry.link}`);
    }
  }
  for (const field of ['summary', 'details', 'example']) {
    if (typeof entry[field] === 'string' && /\b(TODO|TBD|lorem|FIXME)\b/i.test(entry[field])) {
      problems.push(`${key}: placeholder text in ${field}`);
    }
  }
}

if (problems.length) {
  console.error(`check-docs-variables: ${problems.length} problem(s)`);
  for (const p of problems) console.error('  ' + p);
  process.exit(1);
}
console.log(`check-docs-variables: ok (${actual.size} entries; ${[...actual].filter((k) => docs[k].example).length} with examples)`);
