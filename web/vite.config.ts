import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { routes } from '../shared/routes.ts';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * The first segment of every API path (`/auth`, `/users`, …): what the dev server sends to the API,
 * with `/config.json` (the bank the local stack runs).
 */
const apiPrefixes = [
  ...new Set(routes.map((route) => `/${route.path.split('/')[1]}`)),
  '/openapi.json',
  '/config.json',
];

/** The API of a running `npm start` (it writes `.local/env.json`), or the default local port. */
function localApiUrl(): string {
  const envFile = fileURLToPath(new URL('../.local/env.json', import.meta.url));
  if (existsSync(envFile)) {
    const { apiUrl } = JSON.parse(readFileSync(envFile, 'utf8')) as { apiUrl?: string };
    if (apiUrl) return apiUrl;
  }
  return 'http://127.0.0.1:3000';
}

/**
 * The portal: a static single-page app in `web/`, built to `web/dist`. In development
 * (`npm run web:dev`) Vite proxies the API's paths to the local stack, so the browser sees one
 * origin, as with `npm start` (which serves `web/dist` itself) and CloudFront.
 */
export default defineConfig(({ command }) => ({
  root: webRoot,
  base: '/',
  publicDir: 'public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No inline polyfill script: the Content-Security-Policy allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
  server:
    command === 'serve'
      ? {
          host: '127.0.0.1',
          port: 5173,
          strictPort: false,
          proxy: Object.fromEntries(apiPrefixes.map((prefix) => [prefix, { target: localApiUrl() }])),
        }
      : undefined,
}));
