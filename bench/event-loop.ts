/**
 * How long the event loop waited while some work ran: a callback turning on every pass of the loop
 * records the longest gap (perf_hooks' monitorEventLoopDelay misses a stall that begins as it is
 * enabled, which is the stall that matters here).
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';

export async function watchLoop<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; longest: number }> {
  let done = false;
  let longest = 0;
  const spin = (async () => {
    for (let last = performance.now(); !done; ) {
      await yieldToLoop();
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }
  })();
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  done = true;
  await spin;
  return { result, ms, longest };
}
