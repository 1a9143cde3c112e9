// Shared by the emulator's fidelity tests: a tiny script of our own run through the same runtime
// as the add-on, and an HTTP server in a child process (a server in this thread could never
// answer while the emulator blocks on a synchronous request).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../src/local/emulator/index';

/** `run(source)` evaluates source in the script's global scope and returns its value. */
const PROBE_SCRIPT = `
function run(source) { return (0, eval)(source); }
function throwsTypeError() { null.x; }
function spin() { for (;;) {} }
function sleepForever() { for (;;) Utilities.sleep(50); }
function catchesTimeLimit() { try { for (;;) Utilities.sleep(50); } catch (e) { return 'caught'; } }
var counter = 0;
function bump() { counter++; return counter; }
function echo() { return Array.prototype.slice.call(arguments); }
function globalsSeen() {
  return ['setTimeout','setInterval','process','require','URL','fetch','Buffer','TextEncoder','structuredClone','queueMicrotask','module','global']
    .filter(function (n) { return typeof globalThis[n] !== 'undefined'; });
}
`;

export function probeDir(extraFiles: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'emulator-probe-'));
  writeFileSync(path.join(dir, 'Code.js'), PROBE_SCRIPT);
  writeFileSync(path.join(dir, 'appsscript.json'), JSON.stringify({ timeZone: 'America/New_York' }));
  for (const [name, text] of Object.entries(extraFiles)) writeFileSync(path.join(dir, name), text);
  return dir;
}

export function probeEmulator(options: EmulatorOptions = {}, extraFiles: Record<string, string> = {}): Emulator {
  return createEmulator({ scriptFile: path.join(probeDir(extraFiles), 'Code.js'), ...options });
}

/** Runs `source` inside the script as one execution. */
export function run<T = unknown>(em: Emulator, source: string): T {
  return em.call<T>('run', source);
}

const SERVER_SOURCE = `
const http = require('node:http');
let hits = 0;
const server = http.createServer((req, res) => {
  hits++;
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const url = new URL(req.url, 'http://x');
    const body = Buffer.concat(chunks).toString('utf8');
    const delay = Number(url.searchParams.get('delay') || 0);
    const status = Number(url.searchParams.get('status') || 200);
    setTimeout(() => {
      if (url.pathname === '/redirect') { res.writeHead(302, { Location: '/echo?from=redirect' }); res.end(); return; }
      if (url.pathname === '/cookies') { res.setHeader('Set-Cookie', ['a=1', 'b=2']); res.setHeader('X-Custom-Header', 'Yes'); res.end('ok'); return; }
      if (url.pathname === '/hits') { res.end(String(hits)); return; }
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'X-Request-Id': String(hits) });
      res.end(JSON.stringify({ method: req.method, path: url.pathname, query: url.search, headers: req.headers, body, at: Date.now() }));
    }, delay);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

export interface ChildServer {
  base: string;
  close(): void;
}

export async function startChildServer(): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, ['-e', SERVER_SOURCE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
  });
  return { base: `http://127.0.0.1:${port}`, close: () => child.kill() };
}
