// Reading configuration files from disk for the CLI and the language server (Node only).

import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { ReaderHost, SpecialFile } from '../syntax/reader';

/** Files larger than this are not read as configuration (a device, a log, a mistake). */
export const MAX_CONFIG_FILE_BYTES = 64 * 1024 * 1024;

export interface DecodedText {
  text: string;
  /** The bytes were not valid UTF-8 (invalid sequences were replaced by U+FFFD). */
  invalidUtf8: boolean;
}

export function decodeBytes(bytes: Uint8Array): DecodedText {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), invalidUtf8: false };
  } catch {
    return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), invalidUtf8: true };
  }
}

/** Reads a regular file as text; undefined when it cannot be read or is not a regular file. */
export function readTextFile(path: string): DecodedText | undefined {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_CONFIG_FILE_BYTES) return undefined;
    return decodeBytes(readFileSync(path));
  } catch {
    return undefined;
  }
}

export function resolveInclude(path: string, includingFile: string): string {
  if (isAbsolute(path)) return path;
  return resolve(dirname(includingFile), path);
}

/** What a path is when it is not a readable regular file (see SpecialFile); undefined otherwise. */
export function specialFile(path: string): SpecialFile | undefined {
  try {
    const st = statSync(path);
    if (st.isFile()) return st.size > MAX_CONFIG_FILE_BYTES ? 'tooLarge' : undefined;
    if (st.isDirectory()) return 'directory';
    // /dev/null reads as empty; every other device, pipe or socket may never end (/dev/zero) or
    // block (a FIFO, a terminal), so it is never read.
    if (st.isCharacterDevice() && realpathSync(path) === '/dev/null') return 'empty';
    return 'endless';
  } catch {
    return undefined;
  }
}

/** A host that reads included files from disk; `overrides` supplies texts of open documents. */
export function fileHost(overrides?: (path: string) => string | undefined): ReaderHost {
  return {
    readFile(path: string): string | undefined {
      const open = overrides?.(path);
      if (open !== undefined) return open;
      return readTextFile(path)?.text;
    },
    resolve: resolveInclude,
    special(path: string): SpecialFile | undefined {
      return overrides?.(path) !== undefined ? undefined : specialFile(path);
    },
  };
}
