// Running Debian's Exim on a configuration file, for the differential tests.
import { execFile, spawn } from 'node:child_process';
import { EXIM } from './binary';

export interface EximVerdict {
  ok: boolean;
  /** Line of Exim's configuration error; undefined when it accepted the file or failed otherwise. */
  line?: number;
  /** Exim's configuration error, or undefined when it accepted the file or failed for another reason. */
  error?: string;
  /** Everything Exim wrote to stderr (for messages when it failed without a configuration error). */
  stderr: string;
}

/** What `exim4 -bV -C file` says of the file (in the C locale, with a plain PATH). */
export function runExim(file: string): Promise<EximVerdict> {
  return new Promise((resolve) => {
    execFile(EXIM!, ['-bV', '-C', file], { timeout: 20_000, env: { PATH: '/usr/sbin:/usr/bin:/bin', LC_ALL: 'C' } }, (err, stdout, stderr) => {
      if (!err) return resolve({ ok: true, stderr });
      const m = /configuration error in line (\d+) of [^\n]*:\n\s*(.*)/.exec(stderr + stdout);
      resolve(m ? { ok: false, line: Number(m[1]), error: m[2].trim(), stderr } : { ok: false, stderr });
    });
  });
}

/** `f` on every item, at most `size` at a time; the results in the items' order. */
export async function pool<T, R>(items: readonly T[], size: number, f: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await f(items[i], i);
      }
    }),
  );
  return out;
}

/** What `exim4 -bh 192.0.2.1 -C file` logs of an SMTP session given as `input`, stdout and stderr together. */
export function runSession(file: string, input: string): Promise<string> {
  return new Promise((resolve) => {
    const p = spawn(EXIM!, ['-bh', '192.0.2.1', '-C', file], { env: { PATH: '/usr/sbin:/usr/bin:/bin', LC_ALL: 'C' } });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 20_000);
    p.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
    p.stdin.on('error', () => undefined);
    p.stdin.end(input);
  });
}
