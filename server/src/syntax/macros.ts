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

export class MacroTable {
  private readonly user: MacroDefinition[] = [];
  private readonly byName = new Map<string, MacroDefinition>();
  private builtins: MacroDefinition[] = [];
  private userPattern: RegExp | undefined;
  private builtinPattern: RegExp | undefined;
  /** Bumped on every change, so that caches keyed on the table can tell it changed. */
  version = 0;

  constructor(builtinNames: Iterable<string> = []) {
    for (const name of builtinNames) {
      const m: MacroDefinition = { name, value: 'y', builtin: true };
      this.builtins.push(m);
      this.byName.set(name, m);
    }
  }

  get(name: string): MacroDefinition | undefined {
    return this.byName.get(name);
  }

  userMacros(): readonly MacroDefinition[] {
    return this.user;
  }

  /** Adds a definition (or replaces the value of an existing user macro, for `==`). */
  define(name: string, value: string, definedAt?: number): void {
    const existing = this.byName.get(name);
    if (existing && !existing.builtin) {
      existing.value = value;
      existing.definedAt = definedAt;
    } else {
      const m: MacroDefinition = { name, value, builtin: false, definedAt };
      this.user.push(m);
      this.byName.set(name, m);
    }
    this.userPattern = undefined;
    this.version++;
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
    if (this.user.length === 0 && this.builtins.length === 0) return undefined;
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
    if (!this.mayMatch(line, s, withBuiltins)) return undefined;

    let text = line;
    let from = new Int32Array(n);
    let to = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      from[i] = i;
      to[i] = i + 1;
    }
    const uses: MacroUse[] = [];
    const list = withBuiltins ? this.builtins.concat(this.user) : this.user;
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
      this.userPattern ??= new RegExp(this.user.map((m) => escapeRegExp(m.name)).join('|'));
      this.userPattern.lastIndex = 0;
      if (this.userPattern.test(from > 0 ? line.slice(from) : line)) return true;
    }
    if (withBuiltins && this.builtins.length > 0) {
      this.builtinPattern ??= new RegExp(this.builtins.map((m) => escapeRegExp(m.name)).join('|'));
      return this.builtinPattern.test(line.slice(from));
    }
    return false;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
