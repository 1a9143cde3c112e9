/**
 * Blocking HTTP for UrlFetchApp: the script runs synchronously, so requests go to a persistent
 * worker thread that does the network I/O while the caller sleeps on Atomics.wait. The server on
 * the other end must live in another thread or process: this one is blocked until the answer.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

export interface WireRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  followRedirects: boolean;
  /** False only when the script passed validateHttpsCertificates: false. */
  validateCertificates: boolean;
  /** A longer answer is abandoned and fails with code ETOOLARGE. */
  maxResponseBytes: number;
}

export type WireResult =
  | { ok: true; status: number; headers: Array<[string, string]>; body: Uint8Array; url: string }
  | { ok: false; code: string; message: string };

// Inline CommonJS so the worker needs no file of its own, whether this module runs from the
// TypeScript sources or from a bundle. node:http keeps header names as the server sent them.
const WORKER_SOURCE = String.raw`
const { workerData } = require('node:worker_threads');
const http = require('node:http');
const https = require('node:https');
const zlib = require('node:zlib');
const { port, signal } = workerData;
const flag = new Int32Array(signal);

function once(req, timeoutMs) {
  return new Promise((resolve) => {
    let url;
    try { url = new URL(req.url); } catch (e) { resolve({ ok: false, code: 'EINVALIDURL', message: String(e && e.message) }); return; }
    const lib = url.protocol === 'https:' ? https : http;
    const headers = Object.assign({}, req.headers);
    if (req.body && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length')) headers['Content-Length'] = String(req.body.length);
    const r = lib.request(url, { method: req.method, headers, rejectUnauthorized: req.validateCertificates }, (res) => {
      const chunks = [];
      let size = 0;
      res.on('data', (c) => {
        size += c.length;
        if (size > req.maxResponseBytes) {
          resolve({ ok: false, code: 'ETOOLARGE', message: 'response too large' });
          r.destroy();
          return;
        }
        chunks.push(c);
      });
      res.on('error', (e) => resolve({ ok: false, code: e.code || 'ERESPONSE', message: String(e.message) }));
      res.on('end', () => {
        let body = Buffer.concat(chunks);
        const enc = String(res.headers['content-encoding'] || '').toLowerCase();
        try {
          if (enc === 'gzip') body = zlib.gunzipSync(body);
          else if (enc === 'deflate') body = zlib.inflateSync(body);
          else if (enc === 'br') body = zlib.brotliDecompressSync(body);
        } catch (e) {}
        if (body.length > req.maxResponseBytes) { resolve({ ok: false, code: 'ETOOLARGE', message: 'response too large' }); return; }
        const pairs = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
        resolve({ ok: true, status: res.statusCode, headers: pairs, body: new Uint8Array(body), url: url.href });
      });
    });
    r.setTimeout(timeoutMs, () => r.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    r.on('error', (e) => resolve({ ok: false, code: e.code || 'EREQUEST', message: String(e.message) }));
    if (req.body) r.end(Buffer.from(req.body)); else r.end();
  });
}

async function send(req, timeoutMs) {
  let current = req;
  for (let hops = 0; ; hops++) {
    const res = await once(current, timeoutMs);
    if (!res.ok || !current.followRedirects || res.status < 300 || res.status >= 400 || res.status === 304) return res;
    const location = res.headers.find(([k]) => k.toLowerCase() === 'location');
    if (!location || hops >= 10) return res;
    const keepMethod = res.status === 307 || res.status === 308;
    current = Object.assign({}, current, {
      url: new URL(location[1], current.url).href,
      method: keepMethod ? current.method : 'GET',
      body: keepMethod ? current.body : undefined,
    });
  }
}

port.on('message', async ({ id, requests, timeoutMs }) => {
  const results = await Promise.all(requests.map((r) => send(r, timeoutMs)));
  port.postMessage({ id, results });
  Atomics.add(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

export class SyncHttp {
  #worker: Worker | undefined;
  #port: MessagePort | undefined;
  #flag = new Int32Array(new SharedArrayBuffer(4));
  #nextId = 1;

  #start(): MessagePort {
    if (this.#port) return this.#port;
    const { port1, port2 } = new MessageChannel();
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { port: port2, signal: this.#flag.buffer },
      transferList: [port2],
    });
    // Neither the worker nor its port may keep the process alive once the caller is done.
    this.#worker.unref();
    port1.unref();
    this.#port = port1;
    return port1;
  }

  /**
   * Sends the requests concurrently and blocks until all have answered. Returns undefined when
   * `deadline` passes first (the worker's late answer is then discarded).
   */
  send(requests: WireRequest[], timeoutMs: number, deadline: number): WireResult[] | undefined {
    const port = this.#start();
    const id = this.#nextId++;
    port.postMessage({ id, requests, timeoutMs });
    for (;;) {
      const seen = Atomics.load(this.#flag, 0);
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const message = m.message as { id: number; results: WireResult[] };
        if (message.id === id) return message.results;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) return undefined;
      Atomics.wait(this.#flag, 0, seen, remaining);
    }
  }

  dispose(): void {
    this.#port?.close();
    void this.#worker?.terminate();
    this.#port = undefined;
    this.#worker = undefined;
  }
}
