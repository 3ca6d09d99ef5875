// The mistakes in a regular expression that PCRE2 refuses whatever its options, found without
// compiling it (JavaScript's RegExp reads another dialect): an unclosed or unmatched parenthesis,
// an unclosed character class, a quantifier with nothing to repeat or with bad numbers, a range
// out of order in a class, a backslash at the end, two groups of one name, a reference to a group
// that does not exist.  Where the pattern holds what this reading does not follow (extended mode,
// branch resets, conditions, (?n) or (?J)) the checks it could get wrong are left out: a mistake
// missed is better than one invented.  Messages and offsets are PCRE2's as Exim quotes them
// ("missing closing parenthesis at offset 3"); the offset counts bytes, as PCRE2 does.

export interface RegexProblem {
  /** Offset in the pattern (in UTF-8 bytes) of the character at fault: PCRE2's offset. */
  offset: number;
  message: string;
}

/** An option setting that turns on extended mode (blanks and `#` comments): not read here. */
const EXTENDED = /\(\?[\^a-zA-Z-]*x[\^a-zA-Z-]*[):]/;
/** What renumbers groups or reads references by rules of its own: the reference checks stay off. */
const RENUMBERS = /\(\?\||\(\?\(|\(\?[\^a-zA-Z-]*n[\^a-zA-Z-]*[):]/;
/** What lets two groups share a name. */
const SHARED_NAMES = /\(\?\||\(\?[\^a-zA-Z-]*J[\^a-zA-Z-]*[):]/;
/** The letters PCRE2 (10.42, Debian 12's) takes as options in `(?i)`, `(?-s:` ... */
const OPTION_LETTERS = 'imnsxJU';
const QUANTIFIER_LIMIT = 65535;
const NO_GROUP = 'reference to non-existent subpattern';

export function regexProblem(pattern: string): RegexProblem | undefined {
  if (EXTENDED.test(pattern)) return undefined;
  const found = new Scan(pattern).run();
  return found && { offset: utf8Length(pattern.slice(0, found.at)), message: found.message };
}

/** A problem at a UTF-16 index of the pattern. */
interface Found {
  at: number;
  message: string;
}

/** A reference checked once the whole pattern is read: PCRE2 allows references forward. */
interface Reference {
  at: number;
  group: number | string;
}

class Scan {
  private readonly open: number[] = [];
  /** Capturing groups opened so far. */
  private groups = 0;
  private readonly names = new Set<string>();
  private readonly references: Reference[] = [];
  private readonly numbersKnown: boolean;
  /** Where the first construct that renumbers groups starts: groups before it are counted right. */
  private readonly renumbered: number;
  private readonly namesShared: boolean;
  /** What the last token was: something a quantifier may follow, a quantifier, or neither. */
  private last: 'item' | 'quantifier' | 'modifier' | 'none' = 'none';
  private i = 0;

  constructor(private readonly p: string) {
    const renumbered = p.search(RENUMBERS);
    this.renumbered = renumbered < 0 ? p.length : renumbered;
    this.numbersKnown = renumbered < 0;
    this.namesShared = SHARED_NAMES.test(p);
  }

  run(): Found | undefined {
    const p = this.p;
    while (this.i < p.length) {
      const c = p[this.i];
      const problem = c === '\\' ? this.escape() : c === '[' ? this.characterClass() : c === '(' ? this.group() : c === ')' ? this.close() : this.other(c);
      if (problem) return problem;
    }
    if (this.open.length > 0) return { at: p.length, message: 'missing closing parenthesis' };
    return this.missingGroup();
  }

  private escape(): Found | undefined {
    const p = this.p;
    const i = this.i;
    if (i + 1 >= p.length) return { at: p.length, message: '\\ at end of pattern' };
    const next = p[i + 1];
    if (next === 'c' && i + 2 >= p.length) return { at: p.length, message: '\\c at end of pattern' };
    // \b, \A and the like are assertions: PCRE2 repeats none of them.
    this.last = 'bBAZzG'.includes(next) ? 'none' : 'item';
    if (next === 'Q') {
      const end = p.indexOf('\\E', i + 2);
      this.i = end < 0 ? p.length : end + 2;
      return undefined;
    }
    const reference = i < this.renumbered ? backReference(p, i) : undefined;
    const named = /^\\(?:k[<'{]|g[{<'])([A-Za-z_]\w*)[>'}]/.exec(p.slice(i));
    if (named) {
      this.references.push({ at: i + 3, group: named[1] });
      this.i = i + named[0].length;
      return undefined;
    }
    if (reference) {
      this.i = reference.end;
      if (reference.relative !== undefined) return this.relative(reference.relative, reference.at);
      if (this.numbersKnown) this.references.push({ at: reference.at, group: reference.group });
      return undefined;
    }
    this.i = escapeEnd(p, i);
    return undefined;
  }

  /** `\g{-2}` and the like: the group counted back from here must exist already. */
  private relative(back: number, at: number): Found | undefined {
    return back > this.groups ? { at, message: NO_GROUP } : undefined;
  }

  private characterClass(): Found | undefined {
    const p = this.p;
    const i = this.i;
    if (/^\[([:.=])[a-z]*\1\]/.test(p.slice(i))) return { at: i, message: 'POSIX named classes are supported only within a class' };
    const read = readClass(p, i);
    if ('message' in read) return read;
    this.i = read.end + 1;
    this.last = 'item';
    return undefined;
  }

  private group(): Found | undefined {
    const p = this.p;
    const i = this.i;
    // (?#...) is a comment; (*VERB) and the like are read by rules of their own.
    if (p.startsWith('(?#', i)) {
      const end = p.indexOf(')', i);
      if (end < 0) return { at: p.length, message: 'missing ) after (?# comment' };
      this.i = end + 1;
      return undefined;
    }
    this.last = 'none';
    if (p[i + 1] === '*') {
      this.open.push(i);
      this.i = i + 2;
      return undefined;
    }
    if (p[i + 1] !== '?') {
      this.open.push(i);
      this.groups++;
      this.i = i + 1;
      return undefined;
    }
    const rest = p.slice(i + 2);
    const call = /^(?:(P[=>]|&)([A-Za-z_]\w*)|([-+]?)(\d+))\)/.exec(rest);
    if (call) {
      // A subroutine call or a named back reference: an item, not a group.
      this.i = i + 2 + call[0].length;
      this.last = 'item';
      const close = this.i - 1;
      if (call[2] !== undefined) this.references.push({ at: i + 2 + call[1].length, group: call[2] });
      else if (call[3] === '-') return i < this.renumbered ? this.relative(Number(call[4]), close) : undefined;
      else if (!this.numbersKnown) return undefined;
      else if (call[3] === '+') this.references.push({ at: close, group: this.groups + Number(call[4]) });
      else this.references.push({ at: close, group: Number(call[4]) });
      return undefined;
    }
    const name = /^P?<([A-Za-z_]\w*)>|^'([A-Za-z_]\w*)'/.exec(rest);
    this.open.push(i);
    if (name) {
      const text = name[1] ?? name[2];
      this.groups++;
      this.i = i + 2 + name[0].length;
      if (this.names.has(text) && !this.namesShared) return { at: this.i, message: 'two named subpatterns have the same name (PCRE2_DUPNAMES not set)' };
      this.names.add(text);
      return undefined;
    }
    const options = /^(\^?)([a-zA-Z]*)(?:-([a-zA-Z]*))?[):]/.exec(rest);
    if (options && !/^[PRC]/.test(rest)) {
      const on = options[2];
      const off = options[3] ?? '';
      const bad = [...on].findIndex((l) => !OPTION_LETTERS.includes(l));
      if (bad >= 0) return { at: i + 2 + options[1].length + bad, message: 'unrecognized character after (? or (?-' };
      const badOff = [...off].findIndex((l) => !OPTION_LETTERS.includes(l));
      if (badOff >= 0) return { at: i + 3 + options[1].length + on.length + badOff, message: 'unrecognized character after (? or (?-' };
      if (options[0].endsWith(')')) {
        // `(?i)` alone sets options for what follows: nothing a quantifier may repeat.
        this.open.pop();
        this.i = i + 2 + options[0].length;
        return undefined;
      }
    }
    this.i = i + 2 + groupSyntax(rest);
    return undefined;
  }

  private close(): Found | undefined {
    if (this.open.length === 0) return { at: this.i, message: 'unmatched closing parenthesis' };
    this.open.pop();
    this.i++;
    this.last = 'item';
    return undefined;
  }

  private other(c: string): Found | undefined {
    const i = this.i;
    if (c === '|') {
      this.i++;
      this.last = 'none';
      return undefined;
    }
    if (c === '*' || c === '+' || c === '?') {
      // After a quantifier one + or ? makes it possessive or lazy; anything more repeats nothing.
      if (this.last === 'quantifier' && c !== '*') this.last = 'modifier';
      else if (this.last === 'item') this.last = 'quantifier';
      else return { at: i, message: 'quantifier does not follow a repeatable item' };
      this.i++;
      return undefined;
    }
    // {n}, {n,} and {n,m} repeat like * (any other brace is a literal).
    const braces = c === '{' ? /^\{(\d+)(?:,(\d*))?\}/.exec(this.p.slice(i)) : null;
    if (braces) {
      // PCRE2 reads the numbers before it asks what they repeat.
      const close = i + braces[0].length - 1;
      const low = Number(braces[1]);
      if (low > QUANTIFIER_LIMIT) return { at: i + 1 + braces[1].length, message: 'number too big in {} quantifier' };
      if (braces[2]) {
        if (Number(braces[2]) > QUANTIFIER_LIMIT) return { at: close, message: 'number too big in {} quantifier' };
        if (Number(braces[2]) < low) return { at: close, message: 'numbers out of order in {} quantifier' };
      }
      if (this.last !== 'item') return { at: close, message: 'quantifier does not follow a repeatable item' };
      this.last = 'quantifier';
      this.i += braces[0].length;
      return undefined;
    }
    // ^ and $ are assertions: PCRE2 repeats neither.
    this.last = c === '^' || c === '$' ? 'none' : 'item';
    this.i++;
    return undefined;
  }

  /** The first reference, in the pattern's order, to a group the whole pattern does not have. */
  private missingGroup(): Found | undefined {
    for (const r of this.references) {
      const exists = typeof r.group === 'number' ? r.group <= this.groups : this.names.has(r.group);
      if (!exists) return { at: r.at, message: NO_GROUP };
    }
    return undefined;
  }
}

/**
 * A numbered back reference at `i` (a backslash): `\1`..`\9` (and any number starting 8 or 9),
 * `\gN`, `\g{N}`, `\g<N>`, `\g'N'`, `\g-N`, `\g{-N}`.  `\12` and the like are octal escapes
 * unless that many groups come before; they are left alone.  `at` is where PCRE2 reports it.
 */
function backReference(p: string, i: number): { end: number; at: number; group: number; relative?: number } | undefined {
  const rest = p.slice(i + 1);
  let m = /^[1-9]\d*/.exec(rest);
  if (m) {
    if (m[0].length > 1 && m[0][0] !== '8' && m[0][0] !== '9') return undefined;
    return { end: i + 1 + m[0].length, at: i + m[0].length, group: Number(m[0]) };
  }
  if ((m = /^g(\d+)/.exec(rest))) return { end: i + 1 + m[0].length, at: i + m[0].length, group: Number(m[1]) };
  if ((m = /^g\{(\d+)\}/.exec(rest)) || (m = /^g<(\d+)>/.exec(rest)) || (m = /^g'(\d+)'/.exec(rest))) {
    return { end: i + 1 + m[0].length, at: i + m[0].length, group: Number(m[1]) };
  }
  if ((m = /^g-(\d+)/.exec(rest))) return { end: i + 1 + m[0].length, at: i + 1 + m[0].length, group: 0, relative: Number(m[1]) };
  if ((m = /^g\{-(\d+)\}/.exec(rest))) return { end: i + 1 + m[0].length, at: i + 2, group: 0, relative: Number(m[1]) };
  return undefined;
}

const CLOSERS: Record<string, string> = { '{': '}', '<': '>', "'": "'" };

/** The end of the escape at `i` that is not a reference: `\x{...}`, `\p{...}` and `\cX` are longer. */
function escapeEnd(p: string, i: number): number {
  const next = p[i + 1];
  if (next === 'c') return Math.min(i + 3, p.length);
  const closer = 'xopPNgk'.includes(next) ? CLOSERS[p[i + 2]] : undefined;
  if (closer && (p[i + 2] === '{' || 'gk'.includes(next))) {
    const close = p.indexOf(closer, i + 3);
    if (close >= 0) return close + 1;
  }
  return i + 2;
}

/** The length of what follows `(?`: a lookaround, a name, `:`, inline options (`(?i)`, `(?-s:`). */
function groupSyntax(rest: string): number {
  const m = /^(?:<[=!]|P?<[A-Za-z_]\w*>|'[A-Za-z_]\w*'|P[=>][A-Za-z_]\w*|[:=!>|]|[-a-zA-Z^]*:?)/.exec(rest);
  return m ? m[0].length : 0;
}

/** One member of a class: a character (its code, when known) or a class of its own (`\d`, `[:alpha:]`). */
interface Member {
  end: number;
  code?: number;
  isClass?: boolean;
  /** The pattern ends inside this escape (`\\` or `\\c` last). */
  atEnd?: string;
}

const ESCAPE_CODES: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, e: 27, a: 7 };

/** The member of a class at `i` (not its closing `]`). */
function member(p: string, i: number): Member {
  const c = p[i];
  if (c === '[' && p[i + 1] === ':') {
    const end = p.indexOf(':]', i + 2);
    if (end >= 0) return { end: end + 2, isClass: true };
  }
  if (c !== '\\') {
    const code = p.charCodeAt(i);
    return code < 128 ? { end: i + 1, code } : { end: i + 1 };
  }
  const next = p[i + 1] ?? '';
  if (next === '' || (next === 'c' && i + 2 >= p.length)) return { end: p.length, atEnd: next === '' ? '\\ at end of pattern' : '\\c at end of pattern' };
  if (/[pP]/.test(next)) {
    const braced = p[i + 2] === '{' ? p.indexOf('}', i + 3) : -1;
    return { end: braced >= 0 ? braced + 1 : i + 3, isClass: true };
  }
  if (/[dDsSwWhHvV]/.test(next)) return { end: i + 2, isClass: true };
  if (next === 'x') {
    const m = /^\{([0-9a-fA-F]+)\}|^[0-9a-fA-F]{0,2}/.exec(p.slice(i + 2))!;
    return { end: i + 2 + m[0].length, code: parseInt(m[1] ?? (m[0] || '0'), 16) };
  }
  const octal = /^[0-7]{1,3}/.exec(p.slice(i + 1));
  if (octal) return { end: i + 1 + octal[0].length, code: parseInt(octal[0], 8) };
  if (next in ESCAPE_CODES) return { end: i + 2, code: ESCAPE_CODES[next] };
  if (/[^A-Za-z0-9]/.test(next) && next.charCodeAt(0) < 128) return { end: i + 2, code: next.charCodeAt(0) };
  return { end: escapeEnd(p, i) };
}

/** Reads the class opened at `start`: the index of the `]` that closes it, or what PCRE2 refuses. */
function readClass(p: string, start: number): { end: number } | Found {
  let i = start + 1;
  if (p[i] === '^') i++;
  // A ] first in the class is a literal.
  let first = true;
  while (i < p.length) {
    if (p[i] === ']' && !first) return { end: i };
    first = false;
    if (p.startsWith('\\Q', i)) {
      const end = p.indexOf('\\E', i + 2);
      if (end < 0) break;
      i = end + 2;
      continue;
    }
    if (p.startsWith('\\E', i)) {
      i += 2;
      continue;
    }
    const low = member(p, i);
    if (low.atEnd) return { at: p.length, message: low.atEnd };
    i = low.end;
    if (p[i] !== '-' || i + 1 >= p.length || p[i + 1] === ']') continue;
    const dash = i;
    const high = member(p, dash + 1);
    if (high.atEnd) return { at: p.length, message: high.atEnd };
    i = high.end;
    if (low.isClass) return { at: dash, message: 'invalid range in character class' };
    if (high.isClass) return { at: p[dash + 1] === '[' ? dash + 2 : dash + 3, message: 'invalid range in character class' };
    if (low.code !== undefined && high.code !== undefined && high.code < low.code) return { at: high.end - 1, message: 'range out of order in character class' };
  }
  return { at: p.length, message: 'missing terminating ] for character class' };
}

function utf8Length(s: string): number {
  let n = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      n += 4;
      k++;
    } else n += 3;
  }
  return n;
}
