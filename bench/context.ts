/**
 * What the parts of one benchmark run share, handed to them by bench/run.ts's main rather than held
 * in module state: the options, and a registry of the child processes and clean-up steps to undo on
 * exit. Also the progress lines on stderr.
 */
import type { ChildProcess } from 'node:child_process';
import type { ServerName, Shape } from './mix.js';

export interface Options {
  entities: number;
  seed: number;
  /** Seconds measured per cell. */
  duration: number;
  /** Seconds per server and shape. */
  warmup: number;
  connections: number;
  shapes: Shape[];
  servers: ServerName[];
  batchSize: number;
  skipImport: boolean;
  /** `--import` as given: bulk, batched, or absent for the default. */
  import: string | undefined;
  /** `--api-flags`: node flags for our API, added to `npm start`'s. */
  apiFlags: string;
  out: string;
}

export interface Run {
  options: Options;
  /** A child process to kill on exit, unless it has exited by then. */
  track(child: ChildProcess): void;
  /** A step to run on exit, after the children are killed; the last added runs first. */
  onCleanup(step: () => Promise<void>): void;
}

/** A run whose `cleanup` kills the tracked children and then runs the clean-up steps, newest first. */
export function createRun(options: Options): Run & { cleanup(): Promise<void> } {
  const children = new Set<ChildProcess>();
  const steps: (() => Promise<void>)[] = [];
  return {
    options,
    track(child) {
      children.add(child);
      child.on('exit', () => children.delete(child));
    },
    onCleanup(step) {
      steps.push(step);
    },
    async cleanup() {
      for (const child of children) child.kill('SIGTERM');
      for (const step of [...steps].reverse()) await step().catch(() => {});
    },
  };
}

export const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
/** One line, rewritten in place on a terminal. */
export const status = (line: string) => {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K[bench] ${line}`);
};
export const endStatus = () => {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
};
