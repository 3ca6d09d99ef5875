// The leading columns of a retry or rewrite rule as Exim reads them: a word, or a quoted string
// (with backslash escapes) that may hold blanks.

/**
 * How many of the first `n` words are complete (followed by a blank), and the text after them;
 * undefined inside a quoted word.
 */
export function leadingWords(text: string, n: number): { done: number; rest: string } | undefined {
  let p = 0;
  for (let done = 0; done < n; done++) {
    const start = p;
    if (text[p] === '"') {
      p++;
      while (p < text.length && text[p] !== '"') p += text[p] === '\\' ? 2 : 1;
      if (p >= text.length) return undefined;
      p++;
    } else {
      while (p < text.length && !/\s/.test(text[p])) p++;
    }
    if (p >= text.length) return { done, rest: text.slice(start) };
    while (p < text.length && /\s/.test(text[p])) p++;
  }
  return { done: n, rest: text.slice(p) };
}

