// Runs a fuzzing job in a worker thread, watched: the worker says which case it is on before
// each one, and a case that does not finish within the watchdog's time is a hang (the worker is
// stopped and the case reported).  The worker's heap is capped, so runaway memory ends the
// worker with an error instead of taking the machine down.

import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface JobOptions {
  /** A case (one heartbeat to the next) taking longer than this is a hang. */
  hangMs: number;
  /** Heap cap of the worker. */
  maxHeapMb?: number;
  /** Stack of the worker (1 MB is about the main thread's). */
  stackMb?: number;
}

export interface JobFailure {
  kind: 'hang' | 'crash' | 'memory';
  message: string;
  /** The case the worker was on. */
  lastCase?: unknown;
}

export async function runJob<R>(job: string, params: unknown, options: JobOptions): Promise<{ result?: R; failure?: JobFailure }> {
  const worker = new Worker(join(__dirname, 'worker.js'), {
    workerData: { job, params },
    resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 1536, stackSizeMb: options.stackMb ?? 4 },
    stdout: false,
    stderr: false,
  });
  let lastCase: unknown;
  let result: R | undefined;
  let failure: JobFailure | undefined;
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        failure = { kind: 'hang', message: `a case ran for more than ${options.hangMs} ms`, lastCase };
        void worker.terminate();
      }, options.hangMs);
    };
    arm();
    worker.on('message', (m: { t: 'case'; c: unknown } | { t: 'done'; r: R }) => {
      if (m.t === 'case') {
        lastCase = m.c;
        arm();
      } else {
        result = m.r;
      }
    });
    worker.on('error', (e: Error & { code?: string }) => {
      failure ??= {
        kind: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash',
        message: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `the worker ran out of its ${options.maxHeapMb ?? 1536} MB heap` : String(e.stack ?? e),
        lastCase,
      };
    });
    worker.on('exit', () => {
      clearTimeout(timer);
      if (!result && !failure) failure = { kind: 'crash', message: 'the worker ended without a result', lastCase };
      resolve({ result, failure });
    });
  });
}

export function describeFailure(f: JobFailure): string {
  return `${f.kind}: ${f.message}${f.lastCase !== undefined ? `\nlast case: ${JSON.stringify(f.lastCase).slice(0, 4000)}` : ''}`;
}
