// The mistakes in a regular expression that PCRE2 refuses whatever its options, found without
// compiling it (JavaScript's RegExp reads another dialect): an unclosed or unmatched parenthesis,
// an unclosed character class, a quantifier with nothing to repeat, a backslash at the end.
// Anything else (PCRE-only syntax, \Q...\E, verbs, named groups) is left alone.  Messages and
// offsets are PCRE2's, as Exim quotes them ("missing closing parenthesis at offset 3").

export interface RegexProblem {
  /** Offset in the pattern of the character at fault (PCRE2's offset). */
  offset: number;
  message: string;
}

const QUANTIFIERS = '*+?';

export function regexProblem(pattern: string): RegexProblem | undefined {
  const open: number[] = [];
  /** What the last token was: something a quantifier may follow, a quantifier, or neither. */
  let last: 'item' | 'quantifier' | 'modifier' | 'none' = 'none';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      if (i + 1 >= pattern.length) return { offset: pattern.length, message: '\\ at end of pattern' };
      if (pattern[i + 1] === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        i = end < 0 ? pattern.length : end + 2;
        last = 'item';
        continue;
      }
      i += 2;
      last = 'item';
      continue;
    }
    if (c === '[') {
      if (/^\[([:.=])[a-z]*\1\]/.test(pattern.slice(i))) return { offset: i, message: 'POSIX named classes are supported only within a class' };
      const end = classEnd(pattern, i);
      if (end < 0) return { offset: pattern.length, message: 'missing terminating ] for character class' };
      i = end + 1;
      last = 'item';
      continue;
    }
    if (c === '(') {
      // (?#...) is a comment; (*VERB) and the like are read by rules of their own.
      if (pattern.startsWith('(?#', i)) {
        const end = pattern.indexOf(')', i);
        if (end < 0) return { offset: pattern.length, message: 'missing ) after (?# comment' };
        i = end + 1;
        continue;
      }
      open.push(i);
      i += pattern[i + 1] === '*' ? 2 : pattern[i + 1] === '?' ? 2 + groupSyntax(pattern.slice(i + 2)) : 1;
      last = 'none';
      continue;
    }
    if (c === ')') {
      if (open.length === 0) return { offset: i, message: 'unmatched closing parenthesis' };
      open.pop();
      i++;
      last = 'item';
      continue;
    }
    if (c === '|') {
      i++;
      last = 'none';
      continue;
    }
    if (QUANTIFIERS.includes(c)) {
      // After a quantifier one + or ? makes it possessive or lazy; anything more repeats nothing.
      if (last === 'quantifier' && c !== '*') last = 'modifier';
      else if (last === 'item') last = 'quantifier';
      else return { offset: i, message: 'quantifier does not follow a repeatable item' };
      i++;
      continue;
    }
    // {n}, {n,} and {n,m} repeat like * (any other brace is a literal).
    const braces = c === '{' ? /^\{\d+(?:,\d*)?\}/.exec(pattern.slice(i)) : null;
    if (braces) {
      if (last !== 'item') return { offset: i + braces[0].length - 1, message: 'quantifier does not follow a repeatable item' };
      last = 'quantifier';
      i += braces[0].length;
      continue;
    }
    // ^ and $ are assertions: PCRE2 repeats neither.
    last = c === '^' || c === '$' ? 'none' : 'item';
    i++;
  }
  if (open.length > 0) return { offset: pattern.length, message: 'missing closing parenthesis' };
  return undefined;
}

/** The length of what follows `(?`: a lookaround, a name, `:`, inline options (`(?i)`, `(?-s:`). */
function groupSyntax(rest: string): number {
  const m = /^(?:<[=!]|P?<[A-Za-z_]\w*>|'[A-Za-z_]\w*'|P[=>][A-Za-z_]\w*|[:=!>|]|[-a-zA-Z^]*:?)/.exec(rest);
  return m ? m[0].length : 0;
}

/** The index of the `]` that closes the class opened at `start`, or -1. */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  // A ] first in the class is a literal.
  if (pattern[i] === ']') i++;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '[' && pattern[i + 1] === ':') {
      const end = pattern.indexOf(':]', i + 2);
      if (end >= 0) {
        i = end + 2;
        continue;
      }
    }
    if (c === ']') return i;
    i++;
  }
  return -1;
}
