#!/usr/bin/env node
// Checks the hand-written docs for ACLs, expansions, lookups and retry rules
// (server/src/facts/docs/{acl,expansion,lookups,retry}.json) against Exim's facts tables.
//
// Fails (exit 1) when a file does not parse, a key the facts call for is missing, a key is not
// backed by the facts, an entry has no summary or carries a field that is not a string, or a link
// points at a spec page/anchor that does not exist (checked only when the local HTML spec is
// installed). Style slips (very long summary, no final period, placeholder words) are reported as
// warnings and do not fail the run.
//
// Facts directory: $EXIM_FACTS_DIR, else ../shared/exim-facts relative to the repository root.
// Usage: node scripts/check-docs-acl-exp.mjs [--quiet]

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const factsDir = process.env.EXIM_FACTS_DIR || resolve(root, '..', 'shared', 'exim-facts');
const docsDir = join(root, 'server', 'src', 'facts', 'docs');
const specHtmlDir = process.env.EXIM_SPEC_HTML_DIR || '/usr/share/doc/exim4-doc-html/spec_html';
const LINK_BASE = 'https://www.exim.org/exim-html-current/doc/html/spec_html/';
const quiet = process.argv.includes('--quiet');

const errors = [];
const warnings = [];

function readJson(path, what) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    errors.push(`${what}: cannot read ${path}: ${e.message}`);
    return undefined;
  }
}

if (!existsSync(factsDir)) {
  console.error(`check-docs-acl-exp: facts directory not found: ${factsDir} (set EXIM_FACTS_DIR)`);
  process.exit(1);
}

const aclFacts = readJson(join(factsDir, 'acl.json'), 'facts');
const expFacts = readJson(join(factsDir, 'expansion.json'), 'facts');
const retryFacts = readJson(join(factsDir, 'retry.json'), 'facts');
if (!aclFacts || !expFacts || !retryFacts) {
  for (const e of errors) console.error('ERROR ' + e);
  process.exit(1);
}

// ---------------------------------------------------------------- expected keys per family

function aclKeys() {
  const keys = [];
  for (const v of aclFacts.verbs) keys.push(`verb/${v.name}`);
  for (const c of aclFacts.conditions_and_modifiers) keys.push(`condition/${c.name}`);
  for (const c of aclFacts.controls) keys.push(`control/${c.name}`);
  for (const v of aclFacts.verify_types) keys.push(`verify/${v.name}`);
  for (const c of aclFacts.callout_options) keys.push(`callout/${c.name}`);
  // "count=<n>" and "unique=<string>" are documented under the bare option name
  for (const r of [...aclFacts.ratelimit_per_options, ...aclFacts.ratelimit_other_options]) {
    keys.push(`ratelimit/${r.split('=')[0]}`);
  }
  for (const o of aclFacts.acl_naming_options) keys.push(`acl_option/${o}`);
  return keys;
}

function expansionKeys() {
  const keys = [];
  for (const i of expFacts.items) keys.push(`item/${i.name}`);
  for (const o of [...expFacts.operators.underscore_names, ...expFacts.operators.main]) keys.push(`operator/${o.name}`);
  for (const c of expFacts.conditions) keys.push(`condition/${c.name}`);
  for (const s of ['dollar', 'braces', 'backslash', 'N', 'fail']) keys.push(`syntax/${s}`);
  return keys;
}

function lookupKeys() {
  const keys = expFacts.lookups.types.map((t) => t.name);
  for (const s of ['partial', 'star', 'starat', 'options']) keys.push(`syntax/${s}`);
  return keys;
}

function retryKeys() {
  const keys = [];
  for (const e of retryFacts.error_names.list) {
    const name = e.name;
    if (/^[A-Za-z0-9_*<>]+$/.test(name)) {
      keys.push(`error/${name}`);
    } else if (name.includes('{mail,rcpt,data}')) {
      // one entry in the facts covers the decade (4dx) and exact-code (4dd) forms of all three commands
      for (const cls of ['mail', 'rcpt', 'data']) keys.push(`error/${cls}_4dx`, `error/${cls}_4dd`);
    } else if (name.startsWith('timeout_<suffix>')) {
      if (e.deprecated && /timeout_dns/.test(e.deprecated)) keys.push('error/timeout_dns');
    } else {
      errors.push(`retry facts: error-name entry ${JSON.stringify(name)} is not understood by this script`);
    }
  }
  for (const letter of Object.keys(retryFacts.letters)) {
    if (/^[A-Z]$/.test(letter)) keys.push(`letter/${letter}`);
  }
  keys.push('senders');
  for (const p of ['*', 'domain', 'address', 'quoted', 'regex', 'lookup']) keys.push(`pattern/${p}`);
  keys.push('rule/no-items');
  for (const o of ['retry_interval_max', 'retry_data_expire', 'delay_after_cutoff']) {
    if (!(o in retryFacts.schedule_algorithm)) errors.push(`retry facts: schedule_algorithm has no ${o}`);
    keys.push(`option/${o}`);
  }
  return keys;
}

const families = [
  { file: 'acl.json', expected: aclKeys() },
  { file: 'expansion.json', expected: expansionKeys() },
  { file: 'lookups.json', expected: lookupKeys() },
  { file: 'retry.json', expected: retryKeys() },
];

// ---------------------------------------------------------------- link targets in the local HTML spec

const anchorCache = new Map();
function anchorsOf(page) {
  if (!anchorCache.has(page)) {
    const p = join(specHtmlDir, page);
    anchorCache.set(page, existsSync(p) ? new Set([...readFileSync(p, 'utf8').matchAll(/id="([^"]+)"/g)].map((m) => m[1])) : null);
  }
  return anchorCache.get(page);
}
const haveSpecHtml = existsSync(specHtmlDir);

// ---------------------------------------------------------------- per-entry checks

const FIELDS = new Set(['summary', 'details', 'example', 'link']);
const PLACEHOLDER = /\b(TODO|TBD|FIXME|lorem|ipsum|XXX)\b/;

let total = 0;
for (const { file, expected } of families) {
  const docs = readJson(join(docsDir, file), 'docs');
  if (docs === undefined) continue;
  if (typeof docs !== 'object' || docs === null || Array.isArray(docs)) {
    errors.push(`${file}: top level must be a JSON object`);
    continue;
  }
  const want = new Set(expected);
  if (want.size !== expected.length) {
    const seen = new Set();
    for (const k of expected) {
      if (seen.has(k)) errors.push(`${file}: the facts produce the key ${k} twice`);
      seen.add(k);
    }
  }
  for (const k of want) if (!(k in docs)) errors.push(`${file}: missing key ${k}`);
  for (const [key, entry] of Object.entries(docs)) {
    total++;
    const where = `${file} ${key}`;
    if (!want.has(key)) errors.push(`${where}: key not backed by the facts`);
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      errors.push(`${where}: entry must be an object`);
      continue;
    }
    for (const f of Object.keys(entry)) if (!FIELDS.has(f)) errors.push(`${where}: unexpected field ${f}`);
    for (const f of FIELDS) {
      if (entry[f] !== undefined && typeof entry[f] !== 'string') errors.push(`${where}: ${f} must be a string`);
      if (f !== 'summary' && typeof entry[f] === 'string' && entry[f].trim() === '') errors.push(`${where}: ${f} is empty`);
    }
    const s = entry.summary;
    if (typeof s !== 'string' || s.trim() === '') {
      errors.push(`${where}: summary missing or empty`);
      continue;
    }
    if (!/[.]$/.test(s.trim())) warnings.push(`${where}: summary does not end with a period`);
    if (s.length > 130) warnings.push(`${where}: summary is ${s.length} characters long`);
    for (const f of FIELDS) {
      if (typeof entry[f] === 'string' && f !== 'example' && PLACEHOLDER.test(entry[f])) {
        warnings.push(`${where}: ${f} contains placeholder-like text`);
      }
    }
    if (entry.link !== undefined) {
      if (!entry.link.startsWith(LINK_BASE)) {
        errors.push(`${where}: link does not point into the Exim spec: ${entry.link}`);
      } else if (haveSpecHtml) {
        const [page, anchor] = entry.link.slice(LINK_BASE.length).split('#');
        const anchors = anchorsOf(page);
        if (anchors === null) errors.push(`${where}: link page ${page} does not exist in the spec`);
        else if (anchor && !anchors.has(anchor)) errors.push(`${where}: anchor #${anchor} not found on ${page}`);
      }
    }
  }
}

if (!quiet) for (const w of warnings) console.warn('warning ' + w);
for (const e of errors) console.error('ERROR ' + e);
if (errors.length) {
  console.error(`check-docs-acl-exp: ${errors.length} error(s) in ${total} entries`);
  process.exit(1);
}
console.log(`check-docs-acl-exp: ${total} entries OK (${warnings.length} warning(s))${haveSpecHtml ? '' : ', spec anchors not checked'}`);
