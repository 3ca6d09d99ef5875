// The worker side of harness.ts: runs one job from jobs.ts and posts its result.

import { parentPort, workerData } from 'node:worker_threads';
import { JOBS } from './jobs';

const { job, params } = workerData as { job: string; params: never };
const result = JOBS[job](params, (c) => parentPort!.postMessage({ t: 'case', c }));
parentPort!.postMessage({ t: 'done', r: result });
