/**
 * The topology index's worker: builds a snapshot's arrays (or a compaction's CSR) off the event
 * loop, and hands them back transferred. One job per worker; it says `ready` once loaded, so that the
 * caller sends (and gives up) its arrays only to a worker that runs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildParts, type TopologyInput } from '../topology/build.js';
import { buildCsr, csrBuffers } from '../topology/csr.js';

export type BuildJob =
  | { job: 'build'; input: TopologyInput }
  | { job: 'csr'; n: number; from: Int32Array; to: Int32Array; types: Uint8Array; segments: Uint8Array };

export type BuildReply = { ready: true } | { result: unknown } | { error: { name: string; message: string } };

/** Marks the workers this module is meant to serve (not, say, a test runner's thread that imports it). */
export const WORKER_MARK = 'kg-topology-worker';

const port = parentPort;
if (port && workerData === WORKER_MARK) {
  port.once('message', (message: BuildJob) => {
    try {
      if (message.job === 'build') {
        const parts = buildParts(message.input);
        port.postMessage({ result: parts } satisfies BuildReply, [
          parts.blob.buffer as ArrayBuffer,
          parts.starts.buffer as ArrayBuffer,
          parts.kinds.buffer as ArrayBuffer,
          ...csrBuffers(parts.csr),
        ]);
      } else {
        const csr = buildCsr(message.n, message.from, message.to, message.types, message.segments);
        port.postMessage({ result: csr } satisfies BuildReply, csrBuffers(csr));
      }
    } catch (error) {
      const { name, message: text } = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ error: { name, message: text } } satisfies BuildReply);
    }
  });
  port.postMessage({ ready: true } satisfies BuildReply);
}
