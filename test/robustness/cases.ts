// Pathological inputs: what each one is, and what the analysis must say about it (the codes it
// must report where Exim would complain, and those it must not).  They run in a worker with a
// capped heap and a main-thread-sized stack (see pathological.test.ts).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PathologicalCase {
  name: string;
  /**
   * The main file's text; `dir` is a scratch folder for included files.  With `big` (the bench
   * and long fuzzing runs) the cases that are not about a size the issue names run larger.
   */
  make(dir: string, big: boolean): string;
  /** Codes that must be reported. */
  expect?: string[];
  /** Codes that must not be reported. */
  forbid?: string[];
  /** Command-line macros. */
  macros?: Record<string, string>;
}

const MB = 1024 * 1024;
const n = (big: boolean, small: number, large: number) => (big ? large : small);
const head = 'keep_environment =\n';

export const CASES: PathologicalCase[] = [
  // ---- one very long line
  { name: '1 MB single line: a plain option value', make: () => head + 'smtp_banner = ' + 'a'.repeat(MB) + '\n', forbid: ['line-too-long', 'expansion-too-long'] },
  { name: '1 MB single line: dense expansions', make: () => head + 'smtp_banner = ' + '${if eq{$a}{b}{c}{d}}'.repeat(MB / 21) + '\n', expect: ['expansion-too-long'] },
  { name: '1 MB single line: junk in the main section', make: () => 'a'.repeat(MB) + '\n', expect: ['option-unknown'] },
  { name: '1 MB single line: an ACL condition', make: () => head + 'begin acl\nacl_a:\n  accept condition = ' + '${lc:x}'.repeat(MB / 7) + '\n', expect: ['expansion-too-long'] },
  { name: '1 MB single line: a retry rule', make: () => head + 'begin retry\n* * ' + 'F,2h,15m; '.repeat(MB / 10) + '\n', expect: ['line-too-long', 'retry-cutoff-not-increasing'] },
  { name: '1 MB single line: a rewrite rule', make: () => head + 'begin rewrite\n' + 'a'.repeat(MB) + ' b@c Ff\n' },
  { name: 'thousands of broken ${} on one line', make: (_, big) => head + 'smtp_banner = ' + '${} '.repeat(n(big, 4000, 14_000)) + '\n', expect: ['expansion-syntax'] },
  { name: '3 MB single line: over the line limit', make: () => head + 'smtp_banner = ' + 'a'.repeat(3 * MB) + '\n', expect: ['line-too-long'] },

  // ---- deep nesting (Ohm recurses on it)
  { name: '10,000 nested ${if, closed', make: () => head + 'smtp_banner = ' + '${if eq{a}{b}{'.repeat(10_000) + 'y' + '}}'.repeat(10_000) + '\n', expect: ['expansion-too-deep'] },
  { name: '10,000 nested ${if, never closed', make: () => head + 'smtp_banner = ' + '${if eq{a}{b}{'.repeat(10_000) + '\n', expect: ['expansion-too-deep'] },
  { name: '10,000 nested and{{ conditions', make: () => head + 'smtp_banner = ${if ' + 'and{{'.repeat(10_000) + 'eq{a}{b}' + '}}'.repeat(10_000) + '{y}}\n', expect: ['expansion-too-deep'] },
  { name: '10,000 nested forall{ conditions', make: () => head + 'smtp_banner = ${if ' + 'forall{a}{'.repeat(10_000) + 'eq{a}{b}' + '}'.repeat(10_000) + '{y}}\n', expect: ['expansion-too-deep'] },
  { name: '10,000 nested ${lookup in an ACL', make: () => head + 'begin acl\nacl_a:\n  deny condition = ' + '${lookup{'.repeat(10_000) + 'k' + '}lsearch{/f}}'.repeat(10_000) + '\n', expect: ['expansion-too-deep'] },
  { name: '10,000 nested ${lc: in a quoted value', make: () => head + 'smtp_banner = "' + '${lc:'.repeat(10_000) + 'x' + '}'.repeat(10_000) + '"\n', expect: ['expansion-too-deep'] },

  // ---- very many lines
  { name: '100,000 continuation lines in one logical line', make: () => head + 'smtp_banner = a \\\n' + ' b \\\n'.repeat(100_000) + 'c\n', forbid: ['line-too-long'] },
  { name: '100,000 continuation lines with an expansion on each', make: () => head + 'smtp_banner = a \\\n' + ' ${lc:$x} \\\n'.repeat(100_000) + 'c\n', expect: ['expansion-too-long'] },
  { name: '20,000 continuation lines, each with an unknown variable (under the expansion limit)', make: () => head + 'smtp_banner = a \\\n' + '$q\\\n'.repeat(20_000) + 'c\n', expect: ['expansion-unknown-variable'] },
  { name: 'tens of thousands of unknown options', make: (_, big) => Array.from({ length: n(big, 10_000, 100_000) }, (_, i) => `opt${i} = ${i}`).join('\n'), expect: ['option-unknown'] },
  { name: 'hundreds of thousands of repeated options', make: (_, big) => head + 'smtp_banner = x\n'.repeat(n(big, 20_000, 200_000)), expect: ['option-repeated'] },

  // ---- macros
  { name: 'a macro used a hundred thousand times on one line', make: (_, big) => head + 'MAC = x\nsmtp_banner = ' + 'MAC '.repeat(n(big, 30_000, 100_000)) + '\n', forbid: ['line-too-long'] },
  {
    name: 'macros that grow tenfold each (10^11 characters)',
    make: () => {
      let s = head + 'A0 = xxxxxxxxxx\n';
      for (let i = 1; i <= 10; i++) s += `B${String.fromCharCode(65 + i)}${i} = ` + `${i === 1 ? 'A0' : `B${String.fromCharCode(64 + i)}${i - 1}`} `.repeat(10) + '\n';
      return s + 'smtp_banner = BK10\n';
    },
    expect: ['line-too-long'],
  },
  { name: 'twenty thousand macros', make: (_, big) => head + Array.from({ length: n(big, 5000, 20_000) }, (_, i) => `M${i}X = ${i}`).join('\n') + '\nsmtp_banner = M1X M4999X\n', forbid: ['macro-substring'] },
  { name: '2,000 macros each containing the previous name', make: () => head + Array.from({ length: 2000 }, (_, i) => `M${'X'.repeat(i % 60)}${i} = v`).join('\n') + '\n', expect: ['macro-substring'] },

  // ---- characters and line ends
  { name: 'NUL bytes', make: () => head + 'smtp_banner = a\u0000b\n\u0000\u0000\nqualify_domain = x\u0000\n', expect: ['nul-byte'] },
  { name: 'lone surrogates', make: () => head + 'smtp_banner = a\ud800b\udc00\n\ud800 = x\nbegin acl\n\udfff:\n  accept hosts = \udbff\n', forbid: ['nul-byte'] },
  { name: 'CRLF line ends', make: () => head.replace('\n', '\r\n') + 'smtp_banner = a \\\r\n  b\r\nbegin retry\r\n* * F,2h,15m\r\n', forbid: ['cr-line-ends', 'syntax'] },
  { name: 'CR-only line ends', make: () => 'keep_environment =\rsmtp_banner = a \\\r b\r', expect: ['cr-line-ends'] },
  // An old Mac file: Exim reads it all as one line, which maps back to 80,000 editor lines.
  { name: 'a value over 80,000 CR-ended lines', make: (_d, big) => head + 'smtp_banner = ' + 'a\r'.repeat(n(big, 80_000, 400_000)), expect: ['cr-line-ends'], forbid: ['syntax', 'line-too-long'] },
  { name: 'CR-ended lines with continuations, macros and comments', make: (_d, big) => 'M = x\r# c\r' + head + ('smtp_banner = M \\\r  M\r# not a comment \\\n  y\n').repeat(n(big, 5_000, 50_000)), expect: ['cr-line-ends'] },
  { name: 'a BOM', make: () => '\ufeff' + head + 'smtp_banner = x\n', expect: ['bom'] },
  { name: 'a file of only a backslash', make: () => '\\' },
  { name: 'a file of 10,000 backslash lines', make: () => '\\\n'.repeat(10_000) },
  { name: 'an empty file', make: () => '' },
  { name: 'only line ends of every kind', make: () => '\n\r\n\r'.repeat(10_000) },
  { name: 'binary junk', make: () => Array.from({ length: 200_000 }, (_, i) => String.fromCharCode((i * 7919 + (i >> 3) * 104729) % 0xffff)).join('') },

  // ---- includes and directives
  {
    name: 'an .include cycle (a includes b includes a)',
    make: (dir) => {
      writeFileSync(join(dir, 'b.conf'), '.include ' + join(dir, 'main.conf') + '\n');
      return head + '.include ' + join(dir, 'b.conf') + '\n';
    },
    expect: ['include-loop'],
  },
  {
    name: 'an .include of a directory',
    make: (dir) => {
      mkdirSync(join(dir, 'sub'), { recursive: true });
      return head + '.include ' + join(dir, 'sub') + '\n';
    },
    expect: ['include-directory'],
    forbid: ['include-missing'],
  },
  { name: 'an .include of /dev/zero', make: () => head + '.include /dev/zero\n.include_if_exists /dev/zero\n', expect: ['include-not-file'] },
  { name: 'an .include of /dev/null', make: () => head + '.include /dev/null\n', forbid: ['include-missing', 'include-not-file'] },
  { name: 'an .include of a missing file', make: () => head + '.include /nonexistent/exim.conf\n', expect: ['include-missing'] },
  { name: '11 nested .ifdef', make: () => head + 'M = 1\n' + '.ifdef M\n'.repeat(11) + 'smtp_banner = x\n' + '.endif\n'.repeat(11), expect: ['conditional-nesting'] },
  { name: '10 nested .ifdef (the most Exim allows)', make: () => head + 'M = 1\n' + '.ifdef M\n'.repeat(10) + 'smtp_banner = x\n' + '.endif\n'.repeat(10), forbid: ['conditional-nesting', 'conditional-unmatched'] },
  { name: '10,000 .ifdef never closed', make: () => head + '.ifdef M\n'.repeat(10_000), expect: ['conditional-nesting', 'conditional-unclosed'] },
  { name: '10,000 .endif', make: () => head + '.endif\n'.repeat(10_000), expect: ['conditional-unmatched'] },
];
