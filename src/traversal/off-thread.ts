/**
 * The index's costly, pure steps (sorting the ids, building the CSR: about 1 s at a million entities)
 * run in a worker thread, so that a build or a compaction never stalls the requests being served.
 * Should no worker start (a runtime without worker threads, say), the step runs here, as before, and
 * the log says so.
 */
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger.js';
import { buildCsr, type Csr } from '../topology/csr.js';
import { buildParts, Topology, type TopologyInput, type TopologyParts } from '../topology/snapshot.js';
import { type BuildJob, type BuildReply, WORKER_MARK } from './build-worker.js';

/** The worker's entry beside this module: JavaScript once built; TypeScript under tsx or vitest, which the worker loads through tsx. */
function spawn(): Worker {
  const self = fileURLToPath(import.meta.url);
  const entry = pathToFileURL(join(dirname(self), `build-worker${extname(self)}`));
  if (extname(self) !== '.ts') return new Worker(entry, { workerData: WORKER_MARK });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData: WORKER_MARK });
}

class WorkerUnavailable extends Error {}

/** Runs one job in a new worker; rejects with WorkerUnavailable if none starts, before anything is sent. */
function inWorker<T>(job: BuildJob, transfer: () => ArrayBuffer[]): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let worker: Worker;
    try {
      worker = spawn();
    } catch (error) {
      return reject(new WorkerUnavailable(String(error)));
    }
    worker.unref();
    let sent = false;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      outcome();
    };
    worker.on('message', (reply: BuildReply) => {
      if ('ready' in reply) {
        sent = true;
        worker.postMessage(job, transfer());
      } else if ('result' in reply) settle(() => resolve(reply.result as T));
      else {
        const { name, message } = reply.error;
        settle(() => reject(name === 'RangeError' ? new RangeError(message) : new Error(message)));
      }
    });
    const failed = (why: string) =>
      settle(() => reject(sent ? new Error(`the topology worker failed: ${why}`) : new WorkerUnavailable(why)));
    worker.once('error', (error) => failed(error.message));
    worker.once('exit', (code) => failed(`it exited (code ${code}) before it answered`));
  });
}

/** Runs `job` in a worker, its result adopted here, or runs it here if no worker starts. */
async function offThread<T>(job: BuildJob, transfer: () => ArrayBuffer[], adopt: (made: T) => T, here: () => T, logger?: Logger) {
  try {
    return adopt(await inWorker<T>(job, transfer));
  } catch (error) {
    if (!(error instanceof WorkerUnavailable)) throw error;
    logger?.warn({ reason: error.message }, 'topology index: no worker thread started; building on the event loop');
    return here();
  }
}

/**
 * Copies, made here, of arrays a worker made. Memory a worker allocates comes from its own arena of
 * the C allocator, which stays resident while anything in it lives: kept, the index's arrays pinned
 * the worker's freed scratch too (about 30 MB more RSS at a million entities, measured). Copying
 * them (a few ms) lets the whole arena go.
 */
const adoptCsr = (csr: Csr): Csr => ({
  offsets: csr.offsets.slice(),
  neighbours: csr.neighbours.slice(),
  types: csr.types.slice(),
  segments: csr.segments.slice(),
});

/** Topology.build in a worker. The input's arrays are transferred: unusable here afterwards. */
export async function buildOffThread(input: TopologyInput, logger?: Logger): Promise<Topology> {
  const { kinds, from, to, types, segments } = input;
  const buffers = () => [kinds, from, to, types, ...(segments ? [segments] : [])].map((a) => a.buffer as ArrayBuffer);
  const adopt = (parts: TopologyParts): TopologyParts => ({
    blob: parts.blob.slice(),
    starts: parts.starts.slice(),
    kinds: parts.kinds.slice(),
    csr: adoptCsr(parts.csr),
  });
  return Topology.fromParts(await offThread({ job: 'build', input }, buffers, adopt, () => buildParts(input), logger));
}

/**
 * `t.compacted()`, its CSR built in a worker and the rest in steps between which the event loop
 * turns; `t` must not change until this resolves, and stays valid and unchanged.
 */
export async function compactOffThread(t: Topology, logger?: Logger): Promise<Topology> {
  const steps = t.compaction();
  let step = steps.next();
  while (!step.done) {
    await new Promise((resolve) => setImmediate(resolve));
    step = steps.next();
  }
  const c = step.value;
  if (c instanceof Topology) return c;
  const { n, from, to, types, segments } = c;
  const buffers = () => [from, to, types, segments].map((a) => a.buffer as ArrayBuffer);
  const here = () => buildCsr(n, from, to, types, segments);
  return c.finish(await offThread({ job: 'csr', n, from, to, types, segments }, buffers, adoptCsr, here, logger));
}
