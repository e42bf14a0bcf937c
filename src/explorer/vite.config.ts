import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The explorer's bundle: `npm run build` (run by `npm install`/`npm ci` through `prepare`) writes
 * it to src/explorer/dist/, which src/http/explorer.ts serves at `/` and `/assets/*`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  // No public/ folder: every asset is imported and bundled.
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    target: 'es2022',
    // Cytoscape is most of the bundle; one chunk keeps the page to two requests.
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
  },
});
