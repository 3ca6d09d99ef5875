// Exim's ways of reading quoted strings, with a map from each character of the result back to
// the offset it came from (so that errors inside a dequoted value still get a column).

/** Maps offsets in a derived string back to offsets in the string it was derived from. */
export interface OffsetMap {
  /** `source[i]` is the offset, in the original, of character `i` of the derived string. */
  source: number[];
  /** The offset in the original just past the derived string's last character. */
  end: number;
}

export function mapOffset(map: OffsetMap | undefined, offset: number): number {
  if (!map) return offset;
  if (offset >= map.source.length) return offset === map.source.length ? map.end : map.end;
  return map.source[offset < 0 ? 0 : offset];
}

const isOctal = (c: string | undefined) => c !== undefined && c >= '0' && c <= '7';
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/**
 * Interprets the backslash escape at `text[at]` (which is `\`), as Exim's string_interpret_escape()
 * does: \b \f \n \r \t \v, up to three octal digits, \x with up to two hex digits; any other
 * character stands for itself.  Returns the character and the offset just past the escape.
 */
export function interpretEscape(text: string, at: number): { char: string; next: number } {
  let p = at + 1;
  if (p >= text.length) return { char: '\\', next: p };
  const c = text[p];
  if (isOctal(c)) {
    let code = c.charCodeAt(0) - 48;
    for (let n = 0; n < 2 && isOctal(text[p + 1]); n++) code = code * 8 + text.charCodeAt(++p) - 48;
    return { char: String.fromCharCode(code & 0xff), next: p + 1 };
  }
  switch (c) {
    case 'b': return { char: '\b', next: p + 1 };
    case 'f': return { char: '\f', next: p + 1 };
    case 'n': return { char: '\n', next: p + 1 };
    case 'r': return { char: '\r', next: p + 1 };
    case 't': return { char: '\t', next: p + 1 };
    case 'v': return { char: '\v', next: p + 1 };
    case 'x': {
      let code = 0;
      for (let n = 0; n < 2 && isHex(text[p + 1]); n++) code = code * 16 + parseInt(text[++p], 16);
      return { char: String.fromCharCode(code), next: p + 1 };
    }
    default:
      return { char: c, next: p + 1 };
  }
}

export interface Dequoted {
  value: string;
  /** Whether the closing quote was found. */
  closed: boolean;
  /** Offset just past the closing quote (or the end of the text). */
  end: number;
  map: OffsetMap;
}

/**
 * Reads a quoted string starting at `text[start]` (a `"`), interpreting backslash escapes, up to
 * the closing quote or the end of the text.
 */
export function readQuoted(text: string, start: number, limit = text.length): Dequoted {
  const out: string[] = [];
  const source: number[] = [];
  let p = start + 1;
  while (p < limit && text[p] !== '"') {
    if (text[p] === '\\' && p + 1 < limit) {
      const e = interpretEscape(text, p);
      out.push(e.char);
      source.push(p);
      p = e.next;
    } else {
      out.push(text[p]);
      source.push(p);
      p++;
    }
  }
  const closed = p < limit && text[p] === '"';
  const valueEnd = p;
  if (closed) p++;
  return { value: out.join(''), closed, end: p, map: { source, end: valueEnd } };
}
