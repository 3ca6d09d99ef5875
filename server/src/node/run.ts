// Running a binary with fixed arguments, a time limit and a cap on its output, in a process group
// of its own (so that whatever it starts goes with it).

import { spawn, type ChildProcess } from 'node:child_process';

/** A plain environment: the binary does not depend on the editor's. */
const EXIM_ENV = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' };

export interface RunOutput {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  tooMuchOutput: boolean;
  /** The process could not be started (ENOENT, EACCES ...). */
  spawnError?: string;
}

/**
 * Runs a binary with fixed arguments the way execFile does (no shell: the arguments go to the
 * program as they are), plus what execFile cannot do: a process group of its own, killed as a
 * whole when the time is up, so that a child it left behind cannot hold the pipes open. No stdin,
 * a minimal environment, `/` as the working directory, and at most `maxOutputBytes` of output.
 */
export function runBinary(binary: string, args: readonly string[], timeoutMs: number, maxOutputBytes: number): Promise<RunOutput> {
  return new Promise((done) => {
    let finished = false;
    let timedOut = false;
    let tooMuchOutput = false;
    let size = 0;
    const chunks: { out: Buffer[]; err: Buffer[] } = { out: [], err: [] };
    let child: ChildProcess;
    const finish = (r: Partial<RunOutput>) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      done({
        stdout: Buffer.concat(chunks.out).toString('utf8'),
        stderr: Buffer.concat(chunks.err).toString('utf8'),
        exitCode: null,
        signal: null,
        timedOut,
        tooMuchOutput,
        ...r,
      });
    };
    const stop = () => {
      killGroup(child.pid);
      // Whatever still holds the pipes, stop waiting for them.
      child.stdout?.destroy();
      child.stderr?.destroy();
      setTimeout(() => finish({ signal: 'SIGKILL' }), 1000).unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, timeoutMs);
    try {
      child = spawn(binary, [...args], { env: EXIM_ENV, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'], detached: true, shell: false, windowsHide: true });
    } catch (e) {
      finish({ spawnError: (e as Error).message });
      return;
    }
    const collect = (into: Buffer[]) => (b: Buffer) => {
      if (tooMuchOutput) return;
      size += b.length;
      if (size > maxOutputBytes) {
        tooMuchOutput = true;
        stop();
        return;
      }
      into.push(b);
    };
    child.stdout?.on('data', collect(chunks.out));
    child.stderr?.on('data', collect(chunks.err));
    child.on('error', (e: NodeJS.ErrnoException) => finish({ spawnError: `${e.code ?? 'error'}: ${e.message}` }));
    child.on('close', (code, signal) => finish({ exitCode: code, signal: timedOut || tooMuchOutput ? signal ?? 'SIGKILL' : signal }));
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
