/** Waiting on real processes and sockets: polls with a deadline, never a fixed sleep. */
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Whether something listens on 127.0.0.1 at `port`, or at the port of a `bolt://` URI. */
export const portOpen = (at: number | string) =>
  new Promise<boolean>((resolve) => {
    const port = typeof at === 'number' ? at : Number(new URL(at.replace(/^bolt:/, 'http:')).port);
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Resolves once `condition` holds; throws naming `what` after `ms`. */
export async function until(condition: () => boolean | Promise<boolean>, ms: number, what: string, everyMs = 100) {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(everyMs)) if (await condition()) return;
  if (await condition()) return;
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

/** Whether `check` holds within `ms` (for assertions that state the expectation themselves). */
export async function eventually(check: () => boolean | Promise<boolean>, ms: number, everyMs = 250) {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(everyMs)) if (await check()) return true;
  return check();
}
