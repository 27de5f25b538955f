import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { repoRoot } from './paths.ts';

/** Where `npm run web:build` writes the portal. */
export const defaultPortalDir = join(repoRoot, 'web/dist');

/**
 * The Content-Security-Policy of the portal, the same string locally and on CloudFront
 * (its response-headers policy): scripts, styles and API calls from the portal's own origin
 * only, images also as `data:` URLs (the anti-phishing images and the token's QR code come
 * as data URLs), no framing, no plugins, no `<base>`, and DOM sinks only through lit-html's
 * Trusted Types policy.
 */
export const PORTAL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
].join('; ');

/** The security headers of every portal file (CloudFront sends the same, plus HTTPS only). */
export const portalSecurityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': PORTAL_CSP,
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains; preload',
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The file under `dir` that a URL path names, or undefined (no file, or a path that leaves `dir`). */
function fileFor(dir: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = resolve(dir, `.${decoded}`);
  if (!file.startsWith(dir + sep)) return undefined;
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

function send(request: IncomingMessage, response: ServerResponse, file: string): void {
  const immutable = file.includes(`${sep}assets${sep}`);
  response.writeHead(200, {
    ...portalSecurityHeaders,
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': statSync(file).size,
    // Hashed file names never change; the page itself is revalidated every time.
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (request.method === 'HEAD') response.end();
  else createReadStream(file).pipe(response);
}

/**
 * Serves the built portal beside the API on one origin: for a GET or HEAD whose path is no
 * API route, the file of that path (`/assets/…`, `/favicon.svg`), or `index.html` to a
 * browser asking for a page. Answers false (the API's 404 follows) for anything else, and
 * always when the portal has not been built.
 */
export function portalServer(dir: string = defaultPortalDir, config?: unknown) {
  const root = resolve(dir);
  const configBody = config === undefined ? undefined : Buffer.from(JSON.stringify(config));
  return (request: IncomingMessage, response: ServerResponse, url: URL): boolean => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    // Served even before the portal is built: Vite's dev server (`npm run web:dev`) proxies it here.
    if (configBody && url.pathname === '/config.json') {
      // The bank's brand and texts, as the stack writes /config.json next to the portal in AWS.
      response.writeHead(200, {
        ...portalSecurityHeaders,
        'Content-Type': CONTENT_TYPES['.json'] as string,
        'Content-Length': configBody.length,
        'Cache-Control': 'no-cache',
      });
      response.end(request.method === 'HEAD' ? undefined : configBody);
      return true;
    }
    const index = join(root, 'index.html');
    if (!existsSync(index)) return false;
    const file = fileFor(root, url.pathname);
    if (file) {
      send(request, response, file);
      return true;
    }
    if (url.pathname.startsWith('/assets/')) return false;
    if (!/\btext\/html\b/.test(request.headers.accept ?? '')) return false;
    send(request, response, index);
    return true;
  };
}
