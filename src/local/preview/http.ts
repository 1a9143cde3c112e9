/**
 * The preview's HTTP side, over any backend that can run a server function and describe the
 * workbook: the page, the sidebar with its bridge, /rpc and /api/workbook.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { injectBridge } from './bridge';
import { GRID_ROW_LIMIT, pageHtml, type WorkbookView } from './page';

export interface PreviewBackend {
  /** Runs one server function; throws an Error whose message the sidebar shows. */
  rpc(name: string, args: unknown[]): Promise<unknown>;
  workbook(sheet: string | null, limit: number): WorkbookView;
  sidebarHtml(): Promise<string>;
  /** The browser back from an OAuth consent at the script's /usercallback: the page the script answers. */
  userCallback(parameters: Record<string, string>): Promise<string>;
}

export interface RpcAnswer {
  ok: boolean;
  value?: unknown;
  error?: string;
}

/** Sidebar uploads arrive as text inside JSON; the sidebar itself refuses files over 50 MB. */
const MAX_BODY_BYTES = 120 * 1024 * 1024;
const FUNCTION_NAME = /^[A-Za-z_$][\w$]*$/;

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface HttpHandle {
  url: string;
  close(): Promise<void>;
}

export async function listen(backend: PreviewBackend, port: number, host = '127.0.0.1'): Promise<HttpHandle> {
  let origin = '';
  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `Preview error: ${e instanceof Error ? e.message : String(e)}`);
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // Only this machine's browser, by this server's own name: a web page elsewhere must not
    // reach the workbook through a renamed host (DNS rebinding) or a cross-site form post.
    const hostHeader = req.headers.host ?? '';
    const port = new URL(origin).port;
    if (hostHeader !== `127.0.0.1:${port}` && hostHeader !== `localhost:${port}`) {
      return send(res, 403, 'text/plain; charset=utf-8', 'Forbidden host');
    }
    const url = new URL(req.url ?? '/', origin);
    if (req.method === 'GET' && url.pathname === '/') {
      const view = backend.workbook(null, 0);
      return send(res, 200, 'text/html; charset=utf-8', pageHtml(view.title, escapeHtml));
    }
    if (req.method === 'GET' && url.pathname === '/sidebar') {
      return send(res, 200, 'text/html; charset=utf-8', injectBridge(await backend.sidebarHtml()));
    }
    if (req.method === 'GET' && url.pathname === '/api/workbook') {
      const limit = Math.max(0, Math.min(Number(url.searchParams.get('limit') ?? GRID_ROW_LIMIT) || 0, 10_000));
      return sendJson(res, 200, backend.workbook(url.searchParams.get('sheet'), limit));
    }
    if (url.pathname === '/rpc') {
      if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'POST only');
      const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const from = req.headers.origin;
      if (
        contentType !== 'application/json' ||
        (from !== undefined && from !== origin && from !== origin.replace('127.0.0.1', 'localhost'))
      ) {
        return send(res, 403, 'text/plain; charset=utf-8', 'Forbidden');
      }
      return sendJson(res, 200, await runRpc(await readBody(req)));
    }
    // The script's own callback page, as https://script.google.com/macros/d/{id}/usercallback serves it.
    if (req.method === 'GET' && /^\/macros\/d\/[\w-]+\/usercallback$/.test(url.pathname)) {
      try {
        return send(res, 200, 'text/html; charset=utf-8', await backend.userCallback(Object.fromEntries(url.searchParams)));
      } catch (e) {
        return send(res, 400, 'text/html; charset=utf-8', `<p>${escapeHtml(e instanceof Error ? e.message : String(e))}</p>`);
      }
    }
    if (url.pathname === '/favicon.ico') return send(res, 204, 'text/plain', '');
    send(res, 404, 'text/plain; charset=utf-8', 'Not found');
  }

  async function runRpc(body: string): Promise<RpcAnswer> {
    let request: { name?: unknown; args?: unknown };
    try {
      request = JSON.parse(body) as typeof request;
    } catch {
      return { ok: false, error: 'The request was not JSON.' };
    }
    const name = request.name;
    const args = request.args ?? [];
    if (typeof name !== 'string' || !FUNCTION_NAME.test(name) || !Array.isArray(args)) {
      return { ok: false, error: 'The request must be {name, args}.' };
    }
    try {
      const value = await backend.rpc(name, args);
      return { ok: true, value: value === undefined ? null : value };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  origin = `http://${host}:${address.port}`;
  return {
    url: `${origin}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('The request is too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}
