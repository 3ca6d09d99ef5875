// exim-lint --fix: applies the preferred fix of each finding to the files given, pass after pass,
// and writes each file back when it changed (its line ends and BOM kept).  A file is analysed as
// the lint run analyses it, inside its conf.d tree or the Debian template when it is a piece of
// one, so that a fix never answers a finding that only a file read alone would have.

import { writeFileSync } from 'node:fs';
import { analyse, analyseWithin, type Analysis } from '../analysis/analyse';
import { fixText, type AppliedFix } from '../features/fixAll';
import { fileHost, readTextFile } from './fileHost';
import { wholeOf } from './pieces';

export interface FileFixResult {
  path: string;
  fixes: AppliedFix[];
  /** Why the file was left alone. */
  skipped?: string;
  /** The text read and the text fixed (the same when nothing was fixed). */
  before?: string;
  after?: string;
}

/** Fixes the file at `path`, writing it back when it changed unless `write` is false. */
export function fixFile(path: string, builtinMacros?: readonly string[], write = true): FileFixResult {
  const read = readTextFile(path);
  if (!read) return { path, fixes: [], skipped: 'it cannot be read' };
  if (read.invalidUtf8) return { path, fixes: [], skipped: 'it is not valid UTF-8, and writing it back would change the bytes that are not' };
  const whole = wholeOf(path);
  const analyseText = (text: string): Analysis => {
    const options = { name: path, host: fileHost((p) => (p === path ? text : undefined)), builtinMacros };
    return (whole && analyseWithin(text, options, whole)) ?? analyse(text, options);
  };
  const r = fixText(read.text, analyseText);
  if (write && r.text !== read.text) writeFileSync(path, r.text);
  return { path, fixes: r.fixes, before: read.text, after: r.text };
}
