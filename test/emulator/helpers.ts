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

// A self-signed certificate made for these tests only (openssl req -x509, 100 years): no client
// trusts it, which is the point of the certificate-validation test.
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDCEyY8cx47/EDY
yr7iGxJWi8nD7F6V7SM9+zx+M8Madj8lmwSa7Mz18ZaOZQZEXiwEOun4U+2FtzUF
x6DKhL9/iK03CCm1bursudCesGdcOYV8fyzlPh+qLDf+rHkvfp3Fj61BSki9+tpW
TxyGXUPtZlLXf+pWV5OO0ANJBwYxShnQNphtrdgqld4jQhw38fPLfPxhD7FtWdKK
yr3qmBca8BSUVUsgWiFA4JxkMBfRxcxAN5q43kzjvm1tCLwH3p6d/E+4jSSwMDPQ
LSbFdm5A+cLaS/yWmT+L78nVWNJgRNwNFTcgZDUUFCrZOkVSYRoZv5gUNntW37Ft
+1EaDTVvAgMBAAECggEAIusOHJ87x+AtjLQB3y2uwXqaPVGYfRIzHpJHAo/uoSK4
XtxC2lsTz4Z9p7YeiAuHkOVGtoLnQAFEHXua/wUebWRaggXKd1XzF8+g7QRhPHMv
BMTe/4oLaXNWSdCfZz+5RFQDALXMW744LYJDaBt8vsiDzDk8IPfV2UKs7KVCZHiX
e7JtS8nkyUOhlBOKZ6IPpROExhW+S+aUIzmjbloOljyNGDQ4naMTUFNXMh9EZVjY
hyTZP8iAiHcvEc+5sAu+6SLKi/otgLC6k1a0cQnCO794/Zs6Ph1xUHiTuOV5wqzc
YtaSCVTehpDdQSG3ck7EjCaITIuF4J1xB2s0bMnjEQKBgQD4IEzpN2xz42nbH7MS
k9sIfkQDcvpt2rG2DL3t0knBm9ZoRaZSvkA3SX3BYfgj9l04xwbpHPebwVUKAEvd
ByPmvkIUtL2JWUk9fdPrkp12Q3OE4U6aT91AXqNIaAonE/tQCq7ppQFALkvCR85n
qntkiP3vwk2bqmkQOCrC8wEGfwKBgQDIO8ChQhrzmMif0FoQdxWT8j2tDKPqbRxp
9bv9797O5UGdAbk7fl09Synw2azG069mC1Zlf/F/NjI10mQbhqcBilioydmKMOSR
eYToI75VtvMjFRbgF6aoJu3ddWaqr9PaSE78/gKY8aZp5HnH1hIs9Bzzk/I4yBrY
YThH5ba5EQKBgQCTitFxFE3fE2lMrSrUbysdf8d9rY8QZ6yorib6FcNZ5wq1ckUW
ip6wwXiP12uwJr0EGAUZ9OmfqnSgv9Bcm/RTLusoWNkjpP4SHJI5UDNlsXItn7QX
ukm8DwpU8dinqBAWZmPf9wgpW94cpoorxoodHACz4vw3Bjv3Mw7qYYlIjQKBgHtq
KN676fS+9NlcCEchvxEDO/SPV/DD88Fzjr2DvWb0cy6cw1jiGAIRc/ZZlF6wVumk
j0ncRDNOakA2PzGgGwueA+t1DjpYzGjF559VeJlIPDAhbYoNydDWvcHD/NWzrfZa
nyTcQymVuCaIhm8fiPBgPf/77k4FOFaqBZB7C9ahAoGBAJWpARimt/bE+kZelBmn
/aRbpcsEyaHBb708XpmrblBhrLqaF0JiWWKZDYVR8bdQ9uQqUu78PL8ph8fzOAUg
0ktmnNfI/faKjjGFFHCLt07NDhh0tuz6QenvtvkrnPtvaE61wyISE343LVtzNAgJ
X8MUrGnivWg4AkOKn+W4r1Vm
-----END PRIVATE KEY-----`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIDJzCCAg+gAwIBAgIUeRQGVJseHd02aIE9wF3Y8nikg/IwDQYJKoZIhvcNAQEL
BQAwFDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwMTE5NTgxMVoYDzIxMjYx
MTA3MTk1ODExWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwggEiMA0GCSqGSIb3DQEB
AQUAA4IBDwAwggEKAoIBAQDCEyY8cx47/EDYyr7iGxJWi8nD7F6V7SM9+zx+M8Ma
dj8lmwSa7Mz18ZaOZQZEXiwEOun4U+2FtzUFx6DKhL9/iK03CCm1bursudCesGdc
OYV8fyzlPh+qLDf+rHkvfp3Fj61BSki9+tpWTxyGXUPtZlLXf+pWV5OO0ANJBwYx
ShnQNphtrdgqld4jQhw38fPLfPxhD7FtWdKKyr3qmBca8BSUVUsgWiFA4JxkMBfR
xcxAN5q43kzjvm1tCLwH3p6d/E+4jSSwMDPQLSbFdm5A+cLaS/yWmT+L78nVWNJg
RNwNFTcgZDUUFCrZOkVSYRoZv5gUNntW37Ft+1EaDTVvAgMBAAGjbzBtMB0GA1Ud
DgQWBBT5B/H0srzEXWBs567YwBM8fcG4rDAfBgNVHSMEGDAWgBT5B/H0srzEXWBs
567YwBM8fcG4rDAPBgNVHRMBAf8EBTADAQH/MBoGA1UdEQQTMBGHBH8AAAGCCWxv
Y2FsaG9zdDANBgkqhkiG9w0BAQsFAAOCAQEAOFH0S8pyGpbyEtpxw+xsX8Wkj8AP
18auBJ+juODVaw7XBfk5qCBnmSOiUkZzQsA6izZbXmGRmTIKhxEG2swMm+sIZOtq
YYn2OJ4qRYfyH3PAqSNhU/LkbHTVBEQT8IeMvt8g1qk59/xhzW7zgmQDKOmM23Hm
/nnSCiND22lyMZozWoUJoh9uaJ4li2lPVQ1VEeHOnZLEggpnDHOnZXJQH+7XYW3j
Ra3cjkwUUHtl9DbVSmKzCC0eI9tj8BYpOC7lbV5hTaN8PP2fc4/W1p87OMcqdKgx
6rn2wW4QKnpNkVM5lUl2ecVCu1oQtV4gHV82cvUvInWhIuAimoiJcBZufQ==
-----END CERTIFICATE-----`;

const SERVER_SOURCE = `
const http = require('node:http');
const https = require('node:https');
let hits = 0;
const handler = (req, res) => {
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
      if (url.pathname === '/big') { const n = Number(url.searchParams.get('bytes')); res.writeHead(200, { 'Content-Length': String(n) }); res.end(Buffer.alloc(n, 120)); return; }
      if (url.pathname === '/bytes') { res.writeHead(200, { 'Content-Type': 'application/octet-stream' }); res.end(Buffer.from(url.searchParams.get('hex'), 'hex')); return; }
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'X-Request-Id': String(hits) });
      res.end(JSON.stringify({ method: req.method, path: url.pathname, query: url.search, headers: req.headers, body, at: Date.now() }));
    }, delay);
  });
};
const server = http.createServer(handler);
const secure = https.createServer({ key: process.env.TEST_KEY, cert: process.env.TEST_CERT }, handler);
server.listen(0, '127.0.0.1', () =>
  secure.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + ' ' + secure.address().port + '\\n')));
`;

export interface ChildServer {
  base: string;
  /** The same routes over HTTPS, with a self-signed certificate. */
  httpsBase: string;
  close(): void;
}

export async function startChildServer(): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, ['-e', SERVER_SOURCE], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, TEST_KEY, TEST_CERT },
  });
  const ports = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
  });
  const [port, securePort] = ports.split(' ');
  return { base: `http://127.0.0.1:${port}`, httpsBase: `https://127.0.0.1:${securePort}`, close: () => child.kill() };
}
