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
}

const isUpper = (c: number) => c >= 65 && c <= 90;
const isNameChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

/** The built-in macros of one build: shared by every table made from the same name list. */
interface BuiltinSet {
  id: number;
  list: MacroDefinition[];
  byName: Map<string, MacroDefinition>;
  pattern: RegExp | undefined;
}
const builtinSets = new WeakMap<readonly string[], BuiltinSet>();
let builtinSetCount = 0;

function builtinSet(names: readonly string[]): BuiltinSet {
  let set = builtinSets.get(names);
  if (!set) {
    const list = names.map((name): MacroDefinition => ({ name, value: 'y', builtin: true }));
    set = { id: ++builtinSetCount, list, byName: new Map(list.map((m) => [m.name, m])), pattern: names.length ? namesPattern(names) : undefined };
    builtinSets.set(names, set);
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

export class MacroTable {
  private readonly user: MacroDefinition[] = [];
  private readonly userByName = new Map<string, MacroDefinition>();
  private readonly builtins: BuiltinSet;
  private userPattern: RegExp | undefined;
  /** A hash of the user definitions so far (names and values, in order), for the cache key. */
  private signature = '';
  private hashA = 0x811c9dc5;
  private hashB = 0x01000193;
  /** Bumped on every change, so that caches keyed on the table can tell it changed. */
  version = 0;

  constructor(builtinNames: readonly string[] = []) {
    this.builtins = builtinSet(builtinNames);
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
      this.user.push(m);
      this.userByName.set(name, m);
      this.userPattern = undefined;
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

  /** The earlier macro whose name is part of `name` (Exim refuses such a definition). */
  substringClash(name: string): MacroDefinition | undefined {
    for (const m of this.user) if (m.name !== name && name.includes(m.name)) return m;
    return undefined;
  }

  /**
   * Replaces macros in one physical line.  `startOfLogicalLine` enables Exim's rule that the
   * `NAME =` of a definition is not substituted.  Returns undefined when nothing was replaced.
   */
  substitute(line: string, startOfLogicalLine: boolean): SubstitutedLine | undefined {
    if (this.user.length === 0 && this.builtins.list.length === 0) return undefined;
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
    // The same line under the same definitions was done before (the usual case while editing).
    // `s` is part of the key: the same text is scanned from another place at the start of a
    // logical line (definition lines) than in a continuation.
    const byLine = this.resultsFor(startOfLogicalLine ? 1 : 0);
    const cached = byLine.get(line);
    if (cached !== undefined) return cached ?? undefined;
    const result = this.mayMatch(line, s, withBuiltins) ? this.replace(line, s, withBuiltins) : undefined;
    if (++substitutionCount >= SUBSTITUTION_CACHE_LIMIT) {
      substitutions.clear();
      substitutionCount = 0;
    }
    byLine.set(line, result ?? null);
    return result;
  }

  private replace(line: string, s: number, withBuiltins: boolean): SubstitutedLine | undefined {
    const n = line.length;

    let text = line;
    let from = new Int32Array(n);
    let to = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      from[i] = i;
      to[i] = i + 1;
    }
    const uses: MacroUse[] = [];
    const list = withBuiltins ? this.builtins.list.concat(this.user) : this.user;
    for (const m of list) {
      let at = text.indexOf(m.name, s);
      while (at >= 0) {
        const end = at + m.name.length;
        const srcStart = from[at];
        const srcEnd = to[end - 1];
        uses.push({ name: m.name, start: srcStart, end: srcEnd });
        const v = m.value;
        const nf = new Int32Array(text.length - m.name.length + v.length);
        const nt = new Int32Array(nf.length);
        nf.set(from.subarray(0, at));
        nt.set(to.subarray(0, at));
        nf.fill(srcStart, at, at + v.length);
        nt.fill(srcEnd, at, at + v.length);
        nf.set(from.subarray(end), at + v.length);
        nt.set(to.subarray(end), at + v.length);
        text = text.slice(0, at) + v + text.slice(end);
        from = nf;
        to = nt;
        at = text.indexOf(m.name, at + v.length);
      }
    }
    if (uses.length === 0) return undefined;
    return { text, from, to, uses };
  }

  private mayMatch(line: string, from: number, withBuiltins: boolean): boolean {
    if (this.user.length > 0) {
      this.userPattern ??= namesPattern(this.user.map((m) => m.name));
      this.userPattern.lastIndex = from;
      if (this.userPattern.test(line)) return true;
    }
    const p = withBuiltins ? this.builtins.pattern : undefined;
    if (p) {
      p.lastIndex = from;
      return p.test(line);
    }
    return false;
  }
}

/** One regular expression that finds any of the names (a quick test before the real work). */
const patterns = new Map<string, RegExp>();
function namesPattern(names: readonly string[]): RegExp {
  const key = names.join('\u0000');
  let p = patterns.get(key);
  if (!p) {
    if (patterns.size > 5000) patterns.clear();
    p = new RegExp(names.map(escapeRegExp).join('|'), 'g');
    patterns.set(key, p);
  }
  return p;
}


function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
