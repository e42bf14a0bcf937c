/** Debian's chromium, as the browser tests start it: headless, and kept off the network. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/core/paths.js';
import { EXPLORER_DIST } from '../../src/http/explorer.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(PROJECT_ROOT, 'test', 'screenshots');
/** Without the background-networking flags Chromium calls home at every start, on a network that refuses it. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Fails with what to install when Chromium is missing; makes the screenshots' folder. */
export function requireChromium(what: string) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: ${what} needs it. Install it with ` +
        '`apt-get update && apt-get install -y chromium` (.ci/run does), or set CHROMIUM_PATH.',
    );
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
}

const EXPLORER_SRC = join(PROJECT_ROOT, 'src', 'explorer');

/** The newest modification time under a folder, the bundle itself left out. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** `npm install` builds the explorer's bundle; rebuild it when the sources changed since, so a test sees them. */
export function ensureBundle() {
  const index = join(EXPLORER_DIST, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newest(EXPLORER_SRC)) return;
  execFileSync(
    process.execPath,
    [join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(EXPLORER_SRC, 'vite.config.ts')],
    { cwd: PROJECT_ROOT, stdio: 'pipe' },
  );
}
