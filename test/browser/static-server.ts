// A tiny dependency-free static file server over the built site (dist/), for browser tests and
// screenshots. Bound to 127.0.0.1 on a free port; whoever starts it closes it.
//
//   const server = await serveStatic('dist');   // { url: 'http://127.0.0.1:PORT', close() }
//   ...
//   await server.close();
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface StaticServer {
  /** Origin without a trailing slash, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  // Pagefind's index files (fragments, index chunks, metadata, per-language wasm) are binary.
  '.pagefind': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream',
  '.pf_filter': 'application/octet-stream',
};

/** Types a static host compresses (text, and WebAssembly); images and fonts are compressed already. */
export function isCompressible(contentType: string): boolean {
  return /^(text\/|application\/(json|javascript|xml|manifest\+json|wasm)|image\/svg\+xml)/.test(contentType);
}

/** Whether an Accept-Encoding header accepts gzip (and does not refuse it with q=0). */
export function acceptsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Maps a URL path to a file under root: `/a/` and `/a` (when a/ is a folder) give `a/index.html`.
 * Returns undefined for a miss or for a path that would leave root.
 */
export async function resolveFile(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const target = resolve(root, '.' + (decoded.startsWith('/') ? decoded : '/' + decoded));
  if (target !== root && !target.startsWith(root + sep)) return undefined;
  if (decoded.endsWith('/')) {
    const index = join(target, 'index.html');
    return (await isFile(index)) ? index : undefined;
  }
  if (await isFile(target)) return target;
  const index = join(target, 'index.html');
  return (await isFile(index)) ? index : undefined;
}

export async function serveStatic(dir = 'dist'): Promise<StaticServer> {
  const root = resolve(dir);
  if (!(await isFile(join(root, 'index.html')))) {
    throw new Error(`static-server: ${root}/index.html not found; build the site first (npm run build)`);
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const file = await resolveFile(root, path);
    if (file === undefined) {
      const notFound = join(root, '404.html');
      const body = (await isFile(notFound)) ? await readFile(notFound) : Buffer.from('Not found\n');
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    // A folder asked for without its slash: redirect like a real static host would.
    if (!path.endsWith('/') && file.endsWith(sep + 'index.html') && !path.endsWith('index.html')) {
      res.writeHead(301, { location: path + '/' }).end();
      return;
    }
    // Compressed as a static host (Netlify, Cloudflare Pages) would send it, so that Lighthouse and the
    // browser tests see the bytes a reader downloads; gzip level 9, as scripts/budgets.ts measures.
    const type = contentTypeFor(file);
    const raw = await readFile(file);
    const gzip = isCompressible(type) && acceptsGzip(req.headers['accept-encoding']);
    const body = gzip ? gzipSync(raw, { level: 9 }) : raw;
    res.writeHead(200, {
      'content-type': type,
      'content-length': body.length,
      'cache-control': 'no-store',
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(String(error));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', fail);
      ok();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((ok, fail) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? fail(error) : ok()));
      }),
  };
}
