// What every family of checks gets: the document, a place to put diagnostics, and a few facts
// about the configuration that several checks need (read once).

import type { ConfigDocument, ConfigLine } from '../syntax/document';
import { buildGaps, type BuildGaps } from './build';
import { CODES } from './codes';
import { toDiagnostic, type Diagnostic, type LineDiagnostic, type Severity } from './diagnostic';

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  /**
   * The document is the whole configuration (a main file with its includes, or a conf.d tree), as
   * opposed to a file read on its own that may be a piece of something larger.
   */
  whole = false;
  private mainOptionLines: Map<string, ConfigLine> | undefined;

  constructor(readonly doc: ConfigDocument) {}

  /** Reports a diagnostic given in a logical line's offsets (severity: the code's, unless given). */
  report(line: ConfigLine, d: LineDiagnostic, severity?: Severity): void {
    let s = d.severity ?? severity ?? CODES[d.code]?.severity ?? 'error';
    if (line.inactive) {
      // Exim skips the line today; it is a problem for the day the branch is used.
      if (s === 'error') s = 'warning';
      d = { ...d, severity: s, message: `in a skipped .ifdef branch: ${d.message}` };
    }
    this.diagnostics.push(toDiagnostic(line, d, s));
  }

  /** The lines of false .ifdef branches (parsed, but not part of what Exim reads). */
  inactiveLines(): ConfigLine[] {
    return (this.inactive ??= this.doc.lines.filter((l) => l.inactive));
  }

  private inactive: ConfigLine[] | undefined;

  /** Whether a line of a skipped .ifdef branch lies between two lines of the document. */
  skippedBetween(from: ConfigLine, to: ConfigLine): boolean {
    return this.inactiveLines().some((l) => l.index > from.index && l.index < to.index);
  }

  /** What the Exim build the file is checked against lacks (by its built-in macros). */
  get gaps(): BuildGaps {
    return buildGaps(this.doc.macros.builtinEntries);
  }

  /** The last line that sets a main option (by its name as written, without `no_`). */
  mainOption(name: string): ConfigLine | undefined {
    if (!this.mainOptionLines) {
      this.mainOptionLines = new Map();
      for (const line of this.doc.sections[0]?.lines ?? []) {
        if (line.node.kind === 'option') this.mainOptionLines.set(line.node.name.text, line);
      }
    }
    return this.mainOptionLines.get(name);
  }
}
