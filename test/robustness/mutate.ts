// Real configurations and the damage a user (or a paste) can do to them, as fast-check
// arbitraries.  Seeds are read in place: the repository's examples, Debian's template and conf.d
// files when installed, and the corpus beside the project when present (never copied).
//
// A mutation is plain data (kind and integers), applied to the text when the case runs, so that
// fast-check can shrink a failing case to the fewest and smallest edits.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { CORPUS, HAVE_CORPUS, ROOT } from '../helpers';

export interface Seed {
  /** Where the text comes from (the analysis uses it as the file name, so includes resolve). */
  path: string;
  text: string;
}

export interface Seeds {
  seeds: Seed[];
  /** What could not be found (said in the test output). */
  missing: string[];
}

function readDir(dir: string, out: Seed[], recurse = false): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) {
      if (recurse) readDir(path, out, true);
    } else if (st.isFile() && st.size < 1024 * 1024) {
      out.push({ path, text: readFileSync(path, 'utf8') });
    }
  }
}

let cached: Seeds | undefined;

/** Every seed configuration at hand. */
export function loadSeeds(): Seeds {
  if (cached) return cached;
  const seeds: Seed[] = [];
  const missing: string[] = [];
  readDir(join(ROOT, 'examples'), seeds);
  const debian = '/etc/exim4/exim4.conf.template';
  if (existsSync(debian)) {
    seeds.push({ path: debian, text: readFileSync(debian, 'utf8') });
    if (existsSync('/etc/exim4/conf.d')) readDir('/etc/exim4/conf.d', seeds, true);
  } else {
    missing.push(`Debian's ${debian} (install exim4-config)`);
  }
  if (HAVE_CORPUS) {
    seeds.push({ path: join(CORPUS, 'configure.default'), text: readFileSync(join(CORPUS, 'configure.default'), 'utf8') });
    readDir(join(CORPUS, 'exim-test-suite'), seeds);
    readDir(join(CORPUS, 'exim-test-suite-aux'), seeds);
  } else {
    missing.push(`the corpus at ${CORPUS}`);
  }
  cached = { seeds, missing };
  return cached;
}

// ------------------------------------------------------------------ mutations

export type Mutation =
  | { k: 'deleteLine'; at: number; count: number }
  | { k: 'duplicateLine'; at: number }
  | { k: 'swapLines'; a: number; b: number }
  | { k: 'insert'; at: number; text: string }
  | { k: 'deleteChars'; at: number; count: number }
  | { k: 'cut'; at: number }
  | { k: 'joinLines'; at: number }
  | { k: 'backslashAtEnd'; at: number }
  | { k: 'unbalance'; at: number; char: string; remove: boolean }
  | { k: 'swapSections'; a: number; b: number }
  | { k: 'typo'; at: number; how: number };

/** Pieces of the language (and of what goes wrong with it) worth inserting anywhere. */
const TOKENS = [
  '${', '}', '{', '${if ', '${if eq{$a}{b}{', '${lookup{', '}lsearch{/etc/aliases}}', '${lc:', '$', '$h_subject:', '\\', '\\\n', '\\N', '"', "'",
  '\n', '\r', '\r\n', '\u0000', '\ufeff', '\u00a0', '\u200b', '\u201c', '\u201d', '\ud800', '\udc00', '\u{1F600}', '\uFFFD',
  '.ifdef MAC\n', '.ifndef X\n', '.elifdef Y\n', '.else\n', '.endif\n', '.include /dev/zero\n', '.include /tmp\n', '.include /dev/null\n',
  '.include_if_exists /nonexistent/x\n', '.include missing.conf\n', '.ifdef\tX\n',
  'begin acl\n', 'begin routers\n', 'begin transports\n', 'begin authenticators\n', 'begin retry\n', 'begin rewrite\n', 'begin local_scan\n', 'begin foo\n',
  'MAC = x\n', 'MAC', 'MAC == y\n', '==', '=', ':', ';', ',', '#', '\t', ' ', '  ', '*',
  'F,2h,15m', 'G,16h,1h,1.5', ' * f,2h,15m\n', 'timeout_connect_MX', 'senders=', 'driver = ', 'driver = smtp\n', 'router:\n',
  'accept ', 'deny ', 'require ', 'verify = recipient\n', 'condition = ', 'set acl_m_x = ', 'control = ', '!', 'endpass\n',
  'no_', 'not_', 'hide ', 'domainlist d = a : b\n', 'hostlist ', '+local_domains', 'keep_environment =\n', 'primary_hostname = ',
  'local_delivery_date_add', 'retry_interval_max = 1d\n', '0', '1.5', '-1', '99999999999999999999', '2h', 'K', 'M',
];

const char = fc.oneof(
  fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
);

export const insertText: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...TOKENS), { minLength: 2, maxLength: 6 }).map((t) => t.join('')) },
  { weight: 1, arbitrary: fc.array(char, { maxLength: 12 }).map((c) => c.join('')) },
);

const pos = fc.nat({ max: 1 << 20 });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ k: fc.constant('deleteLine' as const), at: pos, count: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ k: fc.constant('duplicateLine' as const), at: pos }),
  fc.record({ k: fc.constant('swapLines' as const), a: pos, b: pos }),
  { arbitrary: fc.record({ k: fc.constant('insert' as const), at: pos, text: insertText }), weight: 4 },
  fc.record({ k: fc.constant('deleteChars' as const), at: pos, count: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ k: fc.constant('cut' as const), at: pos }),
  fc.record({ k: fc.constant('joinLines' as const), at: pos }),
  fc.record({ k: fc.constant('backslashAtEnd' as const), at: pos }),
  fc.record({ k: fc.constant('unbalance' as const), at: pos, char: fc.constantFrom('{', '}', '"', "'"), remove: fc.boolean() }),
  fc.record({ k: fc.constant('swapSections' as const), a: pos, b: pos }),
  { arbitrary: fc.record({ k: fc.constant('typo' as const), at: pos, how: fc.nat({ max: 4 }) }), weight: 2 },
);

export const mutations = (max = 6) => fc.array(mutation, { minLength: 1, maxLength: max });

/** Where a mutation with a position applies: positions are taken modulo the text's size. */
const within = (at: number, size: number) => (size <= 0 ? 0 : at % size);

export function applyMutation(text: string, m: Mutation): string {
  const lines = text.split('\n');
  switch (m.k) {
    case 'deleteLine': {
      lines.splice(within(m.at, lines.length), m.count);
      return lines.join('\n');
    }
    case 'duplicateLine': {
      const i = within(m.at, lines.length);
      lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
    case 'swapLines': {
      const a = within(m.a, lines.length);
      const b = within(m.b, lines.length);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 'insert': {
      const at = within(m.at, text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'deleteChars': {
      const at = within(m.at, text.length + 1);
      return text.slice(0, at) + text.slice(at + m.count);
    }
    case 'cut':
      return text.slice(0, within(m.at, text.length + 1));
    case 'joinLines': {
      if (lines.length < 2) return text;
      const i = within(m.at, lines.length - 1);
      lines.splice(i, 2, lines[i] + ' ' + lines[i + 1]);
      return lines.join('\n');
    }
    case 'backslashAtEnd': {
      const i = within(m.at, lines.length);
      lines[i] += '\\';
      return lines.join('\n');
    }
    case 'unbalance': {
      if (m.remove) {
        const found: number[] = [];
        for (let i = text.indexOf(m.char); i >= 0; i = text.indexOf(m.char, i + 1)) found.push(i);
        if (found.length === 0) return text;
        const at = found[within(m.at, found.length)];
        return text.slice(0, at) + text.slice(at + 1);
      }
      const at = within(m.at, text.length + 1);
      return text.slice(0, at) + m.char + text.slice(at);
    }
    case 'swapSections': {
      const starts = lines.flatMap((l, i) => (/^\s*begin\s/i.test(l) ? [i] : []));
      if (starts.length < 2) return text;
      const bounds = starts.map((s, i) => [s, i + 1 < starts.length ? starts[i + 1] : lines.length] as const);
      let a = within(m.a, bounds.length);
      let b = within(m.b, bounds.length);
      if (a === b) return text;
      if (a > b) [a, b] = [b, a];
      const [as, ae] = bounds[a];
      const [bs, be] = bounds[b];
      return [...lines.slice(0, as), ...lines.slice(bs, be), ...lines.slice(ae, bs), ...lines.slice(as, ae), ...lines.slice(be)].join('\n');
    }
    case 'typo': {
      // A slip in the word at (or after) the position: two letters swapped, one dropped or
      // doubled, a case change, or an F/G/H in lower case.
      const re = /[A-Za-z_]{2,}/g;
      re.lastIndex = within(m.at, text.length + 1);
      const w = re.exec(text) ?? /[A-Za-z_]{2,}/.exec(text);
      if (!w) return text;
      const word = w[0];
      const i = within(m.at >> 3, word.length - 1);
      let typo: string;
      switch (m.how) {
        case 0: typo = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2); break;
        case 1: typo = word.slice(0, i) + word.slice(i + 1); break;
        case 2: typo = word.slice(0, i) + word[i] + word.slice(i); break;
        case 3: typo = word.toUpperCase() === word ? word.toLowerCase() : word.toUpperCase(); break;
        default: typo = word.replace(/[FGH](?=,)/g, (c) => c.toLowerCase()); break;
      }
      return text.slice(0, w.index) + typo + text.slice(w.index + word.length);
    }
  }
}

export function applyMutations(text: string, ms: readonly Mutation[]): string {
  return ms.reduce(applyMutation, text);
}

/** Cases of the engine fuzzing test in `npm test`; FUZZ_RUNS replaces it for a longer run. */
export const ENGINE_RUNS = 1000;

/**
 * How many cases a fuzzing test runs: `base` in `npm test`; with FUZZ_RUNS=N, base scaled by
 * N / ENGINE_RUNS (so the engine test runs N cases and the others grow with it).
 */
export function runs(base: number): number {
  const env = Number(process.env.FUZZ_RUNS);
  return Number.isFinite(env) && env > 0 ? Math.max(1, Math.round((base * env) / ENGINE_RUNS)) : base;
}

/** fast-check parameters: FUZZ_SEED replays a run (fast-check prints the seed of a failure). */
export function fcParams(numRuns: number): fc.Parameters<unknown> {
  const seed = Number(process.env.FUZZ_SEED);
  return { numRuns, ...(Number.isFinite(seed) && process.env.FUZZ_SEED ? { seed } : {}) };
}

/** Whether a long run was asked for (then node:test's timeouts are lifted). */
export const LONG_RUN = Number(process.env.FUZZ_RUNS) > 0;
