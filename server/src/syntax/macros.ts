// Exim's macros: the table of definitions, and substitution on a physical line the way
// Exim's macros_expand() does it, keeping track of where every character came from.

export interface MacroDefinition {
  name: string;
  value: string;
  /** Built-in macros (`_HAVE_TLS`, `_OPT_MAIN_...`) expand to "y" and have no definition site. */
  builtin: boolean;
  /** Where it was defined: index of the logical line in the document, when defined in the file. */
  definedAt?: number;
}

/** One replacement made on a physical line. */
export interface MacroUse {
  name: string;
  /** Column range of the replaced text in the physical line. */
  start: number;
  end: number;
}

export interface SubstitutedLine {
  text: string;
  /** For each character of `text`: the column range in the physical line it came from. */
  from: Int32Array;
  to: Int32Array;
  uses: MacroUse[];
  /** Substitution made the line longer than MAX_LINE_LENGTH: `text` is the line as it was. */
  tooLong?: boolean;
}

const isUpper = (c: number) => c >= 65 && c <= 90;
const isNameChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

/** Exim reads lines of any length; past this many characters a line is left out of the analysis. */
export const MAX_LINE_LENGTH = 2 * 1024 * 1024;

/**
 * Macro names, for finding every name that occurs in a text in one pass (a trie on the names'
 * characters).  `index` orders the names the way substitution goes through them.
 */
interface TrieNode {
  next: Map<number, TrieNode>;
  /** Index of the name that ends here, or -1. */
  index: number;
}

class NameIndex {
  private readonly root: TrieNode = { next: new Map(), index: -1 };
  maxLength = 0;

  add(name: string, index: number): void {
    let node = this.root;
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      let n = node.next.get(c);
      if (!n) {
        n = { next: new Map(), index: -1 };
        node.next.set(c, n);
      }
      node = n;
    }
    node.index = index;
    if (name.length > this.maxLength) this.maxLength = name.length;
  }

  /**
   * Calls `found` with the index of every name that starts at a position in [from, to) of `text`
   * (a name may run past `to`).  Stops early, returning true, when `found` returns true.
   */
  scan(text: string, from: number, to: number, found: (index: number) => boolean | void): boolean {
    const root = this.root.next;
    if (root.size === 0) return false;
    const end = Math.min(to, text.length);
    for (let p = Math.max(0, from); p < end; p++) {
      let node = root.get(text.charCodeAt(p));
      for (let q = p + 1; node; q++) {
        if (node.index >= 0 && found(node.index)) return true;
        if (q >= text.length) break;
        node = node.next.get(text.charCodeAt(q));
      }
    }
    return false;
  }
}

/** The built-in macros of one build: shared by every table made from the same name list. */
interface BuiltinSet {
  id: number;
  list: MacroDefinition[];
  byName: Map<string, MacroDefinition>;
  names: NameIndex;
}
const builtinSets = new WeakMap<readonly string[], BuiltinSet>();
let builtinSetCount = 0;

/**
 * The entry of a built-in macro list that gives the Exim release (`exim_version=4.96`, from
 * `exim -bP macros exim_version`): not a macro.
 */
export const RELEASE_ENTRY = 'exim_version=';

/** The Exim release a built-in macro list names, if it does. */
export function releaseOf(entries: readonly string[]): string | undefined {
  const entry = entries.find((e) => e.startsWith(RELEASE_ENTRY));
  return entry?.slice(RELEASE_ENTRY.length);
}

/**
 * The entry of a built-in macro list that gives the lookup types the binary has, as `exim -bV`
 * lists them (`exim_lookups=lsearch wildlsearch ...`): not a macro.  A lookup built as a module
 * has its macro even where the module is not installed (Debian's json).
 */
export const LOOKUPS_ENTRY = 'exim_lookups=';

const lookupSets = new WeakMap<readonly string[], ReadonlySet<string> | undefined>();

/** The lookup types a built-in macro list says the binary has, if it says. */
export function lookupsOf(entries: readonly string[]): ReadonlySet<string> | undefined {
  if (lookupSets.has(entries)) return lookupSets.get(entries);
  const entry = entries.find((e) => e.startsWith(LOOKUPS_ENTRY));
  const set = entry === undefined ? undefined : new Set(entry.slice(LOOKUPS_ENTRY.length).split(' ').filter(Boolean));
  lookupSets.set(entries, set);
  return set;
}

/** Entries that are not macros: the release and the lookups (real ones start with an underscore). */
const notMacro = (entry: string) => entry.startsWith(RELEASE_ENTRY) || entry.startsWith(LOOKUPS_ENTRY);

/**
 * `entries`: `NAME`, or `NAME=value` for the few built-in macros whose value is not "y" (the form
 * `exim -bP macros` prints); the `exim_version=` and `exim_lookups=` entries are skipped.
 */
function builtinSet(entries: readonly string[]): BuiltinSet {
  let set = builtinSets.get(entries);
  if (!set) {
    const list = entries.filter((entry) => !notMacro(entry)).map((entry): MacroDefinition => {
      const eq = entry.indexOf('=');
      return eq < 0 ? { name: entry, value: 'y', builtin: true } : { name: entry.slice(0, eq), value: entry.slice(eq + 1), builtin: true };
    });
    const index = new NameIndex();
    list.forEach((m, i) => index.add(m.name, i));
    set = { id: ++builtinSetCount, list, byName: new Map(list.map((m) => [m.name, m])), names: index };
    builtinSets.set(entries, set);
  }
  return set;
}

/**
 * Results of substitution by macro table contents, then by line: unchanged lines are not redone.
 * (Two levels rather than one key, so that no string is built per line.)
 */
const substitutions = new Map<string, Map<string, SubstitutedLine | null>>();
let substitutionCount = 0;
const SUBSTITUTION_CACHE_LIMIT = 100_000;

export function clearSubstitutionCache(): void {
  substitutions.clear();
  substitutionCount = 0;
}

/** A min-heap of macro indices still to try on a line, each index once. */
class Pending {
  private readonly heap: number[] = [];
  private readonly queued = new Set<number>();

  push(i: number): void {
    if (this.queued.has(i)) return;
    this.queued.add(i);
    const h = this.heap;
    h.push(i);
    let k = h.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (h[parent] <= h[k]) break;
      [h[parent], h[k]] = [h[k], h[parent]];
      k = parent;
    }
  }

  pop(): number | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < h.length && h[l] < h[m]) m = l;
        if (r < h.length && h[r] < h[m]) m = r;
        if (m === k) break;
        [h[m], h[k]] = [h[k], h[m]];
        k = m;
      }
    }
    return top;
  }
}

export class MacroTable {
  private readonly user: MacroDefinition[] = [];
  private readonly userByName = new Map<string, MacroDefinition>();
  private readonly userIndex = new Map<string, number>();
  private readonly userNames = new NameIndex();
  private readonly builtins: BuiltinSet;
  /** A hash of the user definitions so far (names and values, in order), for the cache key. */
  private signature = '';
  private hashA = 0x811c9dc5;
  private hashB = 0x01000193;
  /** Bumped on every change, so that caches keyed on the table can tell it changed. */
  version = 0;

  /** `builtins`: the built-in macros, each `NAME` (its value "y") or `NAME=value`. */
  constructor(readonly builtinEntries: readonly string[] = []) {
    this.builtins = builtinSet(builtinEntries);
  }

  get(name: string): MacroDefinition | undefined {
    return this.userByName.get(name) ?? this.builtins.byName.get(name);
  }

  userMacros(): readonly MacroDefinition[] {
    return this.user;
  }

  /** Adds a definition (or replaces the value of an existing user macro, for `==`). */
  define(name: string, value: string, definedAt?: number): void {
    const existing = this.userByName.get(name);
    if (existing) {
      existing.value = value;
      existing.definedAt = definedAt;
    } else {
      const m: MacroDefinition = { name, value, builtin: false, definedAt };
      this.userIndex.set(name, this.user.length);
      this.userNames.add(name, this.user.length);
      this.user.push(m);
      this.userByName.set(name, m);
    }
    this.mix(name);
    this.mix(value);
    this.signature = `${this.user.length}.${this.hashA >>> 0}.${this.hashB >>> 0}`;
    this.version++;
  }

  private mix(text: string): void {
    let a = this.hashA;
    let b = this.hashB;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b + c, 0x5bd1e995) ^ (b >>> 15);
    }
    this.hashA = Math.imul(a ^ 0xff, 0x01000193);
    this.hashB = b ^ 0x9e3779b9;
  }

  /** The cached results for this table's definitions (found again only after a definition). */
  private results: (Map<string, SubstitutedLine | null> | undefined)[] = [];
  private resultsVersion = -1;

  private resultsFor(start: 0 | 1): Map<string, SubstitutedLine | null> {
    if (this.resultsVersion !== this.version || substitutions.size === 0) {
      this.results = [];
      this.resultsVersion = this.version;
    }
    let m = this.results[start];
    if (!m) {
      const key = `${this.builtins.id}.${this.signature}.${start}`;
      m = substitutions.get(key);
      if (!m) substitutions.set(key, (m = new Map()));
      this.results[start] = m;
    }
    return m;
  }

  /** The earliest-defined macro whose name is part of `name` (Exim refuses such a definition). */
  substringClash(name: string): MacroDefinition | undefined {
    let first = -1;
    this.userNames.scan(name, 0, name.length, (i) => {
      if (this.user[i].name !== name && (first < 0 || i < first)) first = i;
    });
    return first >= 0 ? this.user[first] : undefined;
  }

  /**
   * Replaces macros in one physical line.  `startOfLogicalLine` enables Exim's rule that the
   * `NAME =` of a definition is not substituted.  Returns undefined when nothing was replaced.
   */
  substitute(line: string, startOfLogicalLine: boolean): SubstitutedLine | undefined {
    if (this.user.length === 0 && this.builtins.list.length === 0) return undefined;
    // The same line under the same definitions was done before (the usual case while editing).
    // Where the scan starts depends on the line and on whether it starts a logical line.
    const byLine = this.resultsFor(startOfLogicalLine ? 1 : 0);
    const cached = byLine.get(line);
    if (cached !== undefined) return cached ?? undefined;
    const result = this.scan(line, startOfLogicalLine);
    if (++substitutionCount >= SUBSTITUTION_CACHE_LIMIT) {
      substitutions.clear();
      substitutionCount = 0;
    }
    byLine.set(line, result ?? null);
    return result;
  }

  private scan(line: string, startOfLogicalLine: boolean): SubstitutedLine | undefined {
    const n = line.length;
    let s = 0;
    while (s < n && isSpace(line.charCodeAt(s))) s++;
    if (startOfLogicalLine && s < n && isUpper(line.charCodeAt(s))) {
      let t = s;
      while (t < n && isNameChar(line.charCodeAt(t))) t++;
      while (t < n && isSpace(line.charCodeAt(t))) t++;
      if (line.charCodeAt(t) === 61 /* = */) s = t;
    }
    // Only text from the first upper-case letter (or `_` + upper-case letter) on is scanned, and
    // built-in macros are considered only when that first candidate is an underscore.
    while (s < n) {
      const c = line.charCodeAt(s);
      if (isUpper(c) || (c === 95 && isUpper(line.charCodeAt(s + 1)))) break;
      s++;
    }
    if (s >= n) return undefined;
    const withBuiltins = line.charCodeAt(s) === 95;
    return this.mayMatch(line, s, withBuiltins) ? this.replace(line, s, withBuiltins) : undefined;
  }

  /**
   * Exim's order: each macro in turn (the built-ins first when they take part), every occurrence
   * from the scan start on, a replacement not scanned again for the same macro.  Only the macros
   * that occur are visited: those in the line, and those a replacement brings in (within a name's
   * length of the replacement, as a name may span its edges).
   */
  private replace(line: string, s: number, withBuiltins: boolean): SubstitutedLine | undefined {
    const builtinCount = withBuiltins ? this.builtins.list.length : 0;
    const definition = (i: number) => (i < builtinCount ? this.builtins.list[i] : this.user[i - builtinCount]);
    const maxName = Math.max(this.userNames.maxLength, withBuiltins ? this.builtins.names.maxLength : 0);
    const pending = new Pending();
    const collect = (text: string, from: number, to: number, after: number) => {
      if (withBuiltins) this.builtins.names.scan(text, from, to, (i) => void (i > after && pending.push(i)));
      this.userNames.scan(text, from, to, (i) => void (i + builtinCount > after && pending.push(i + builtinCount)));
    };
    collect(line, s, line.length, -1);

    let text = line;
    let from: Int32Array | undefined;
    let to: Int32Array | undefined;
    const uses: MacroUse[] = [];
    for (let i = pending.pop(); i !== undefined; i = pending.pop()) {
      const m = definition(i);
      const name = m.name;
      const v = m.value;
      let at = text.indexOf(name, s);
      if (at < 0) continue;
      if (!from || !to) {
        from = new Int32Array(text.length);
        to = new Int32Array(text.length);
        for (let k = 0; k < text.length; k++) {
          from[k] = k;
          to[k] = k + 1;
        }
      }
      // Every occurrence, left to right, in one pass over the text.
      const hits: number[] = [];
      for (; at >= 0; at = text.indexOf(name, at + name.length)) hits.push(at);
      const length = text.length + hits.length * (v.length - name.length);
      if (length > MAX_LINE_LENGTH) return { text: line, from: new Int32Array(0), to: new Int32Array(0), uses, tooLong: true };
      const nf = new Int32Array(length);
      const nt = new Int32Array(length);
      const parts: string[] = [];
      let read = 0;
      let write = 0;
      const inserted: number[] = [];
      for (const h of hits) {
        nf.set(from.subarray(read, h), write);
        nt.set(to.subarray(read, h), write);
        parts.push(text.slice(read, h), v);
        write += h - read;
        const srcStart = from[h];
        const srcEnd = to[h + name.length - 1];
        uses.push({ name, start: srcStart, end: srcEnd });
        nf.fill(srcStart, write, write + v.length);
        nt.fill(srcEnd, write, write + v.length);
        inserted.push(write);
        write += v.length;
        read = h + name.length;
      }
      nf.set(from.subarray(read), write);
      nt.set(to.subarray(read), write);
      parts.push(text.slice(read));
      text = parts.join('');
      from = nf;
      to = nt;
      // Names of later macros that the replacements brought in, inside them or across their edges.
      for (const w of inserted) collect(text, Math.max(s, w - maxName + 1), w + v.length, i);
    }
    if (uses.length === 0 || !from || !to) return undefined;
    return { text, from, to, uses };
  }

  private mayMatch(line: string, from: number, withBuiltins: boolean): boolean {
    if (this.userNames.scan(line, from, line.length, () => true)) return true;
    return withBuiltins && this.builtins.names.scan(line, from, line.length, () => true);
  }
}
