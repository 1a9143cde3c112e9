/**
 * The bodies the real services answer with, byte for byte where a public record of them exists.
 * The v3 API has two layers that speak differently:
 *
 * - The QuickBooks service itself answers `{"Fault":{"Error":[{"Message","Detail","code"}],"type"},"time"}`
 *   (capitalised; `time` a Pacific timestamp) for what it refuses, e.g. a query it cannot parse:
 *   `{"Fault":{"Error":[{"Message":"Error parsing query","Detail":"QueryParserError: …","code":"4000"}],"type":"ValidationFault"},"time":"2017-04-18T06:05:13.189-07:00"}`
 *   (intuit/QuickBooks-V3-PHP-SDK#8; the general shape on
 *   https://developer.intuit.com/app/developer/qbo/docs/develop/troubleshooting/handling-common-errors).
 * - The gateway in front of it answers authentication and authorization failures in another,
 *   lower-case envelope with an epoch `time`:
 *   `{"warnings":null,"intuitObject":null,"fault":{"error":[{"message":"message=AuthenticationFailed; errorCode=003200; statusCode=401","detail":"Token expired: …","code":"3200","element":null}],"type":"AUTHENTICATION"},"report":null,…,"time":1730024394085,…}`
 *   (routablehq/python-quickbooks#250, 2021; a Go client's notes from 2024) and the same for
 *   `message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403` (frappe/erpnext#29161)
 *   and `message=InternalServerError; errorCode=003100; statusCode=500` (routablehq/python-quickbooks#106).
 *
 * Some faults arrive as XML even to a client that asked for JSON, and a client must not assume
 * it can parse every error body as JSON: the throttle fault `message=ThrottleExceeded;
 * errorCode=003001; statusCode=429` / "The request limit was reached.  Try again later"
 * (routablehq/python-quickbooks#43, "responding with xml when the Accept header … is set to
 * application/json"; intuit/QuickBooks-V3-PHP-SDK#54) and the General Authentication Error an
 * Intuit engineer reproduced for a token used on another company (intuit/oauth-jsclient#91).
 * A 503 comes from the load balancer as an HTML page (minimul/qbo_api#81).
 *
 * Without `Accept: application/json` the service answers XML, its default.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { pacificTime } from './entities';

export type Format = 'json' | 'xml';

export function formatOf(req: http.IncomingMessage): Format {
  return /application\/json/i.test(req.headers.accept ?? '') ? 'json' : 'xml';
}

const XMLNS = 'http://schema.intuit.com/finance/v3';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

/** A refusal from the QuickBooks service (400 ValidationFault, for instance). */
export function serviceFault(
  res: http.ServerResponse,
  format: Format,
  status: number,
  type: string,
  error: { code: string; message: string; detail: string },
  now: number,
): void {
  const time = pacificTime(now, true);
  if (format === 'json')
    return json(res, status, { Fault: { Error: [{ Message: error.message, Detail: error.detail, code: error.code }], type }, time });
  xml(res, status, faultXml(time, type, error));
}

/** A refusal from the gateway (401, 403, 500): its own lower-case envelope. */
export function gatewayFault(
  res: http.ServerResponse,
  format: Format,
  status: number,
  error: { code: string; name: string; detail: string | null; type: 'AUTHENTICATION' | 'SERVICE' },
  now: number,
): void {
  const code = error.code.padStart(6, '0');
  const message = `message=${error.name}; errorCode=${code}; statusCode=${status}`;
  if (format === 'xml') {
    return xml(res, status, faultXml(pacificTime(now, true), error.type, { code: error.code, message, detail: error.detail }));
  }
  json(res, status, {
    warnings: null,
    intuitObject: null,
    fault: { error: [{ message, detail: error.detail, code: error.code, element: null }], type: error.type },
    report: null,
    queryResponse: null,
    batchItemResponse: [],
    attachableResponse: [],
    syncErrorResponse: null,
    requestId: null,
    time: now,
    status: null,
    cdcresponse: [],
  });
}

/** 429: always the XML body, whatever the client accepts. */
export function throttled(res: http.ServerResponse, now: number): void {
  xml(
    res,
    429,
    faultXml(pacificTime(now, true), 'SERVICE', {
      code: '3001',
      message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429',
      detail: 'The request limit was reached.  Try again later',
    }),
  );
}

/** A valid token used on a company it was not issued for: 401 General Authentication Error, in XML. */
export function wrongCompany(res: http.ServerResponse, now: number): void {
  xml(
    res,
    401,
    faultXml(pacificTime(now, true), 'AuthenticationFault', {
      code: '100',
      message: 'General Authentication Error',
      detail: 'AuthenticationErrorGeneral: SRV-110-Authentication Failure , statusCode: 401',
    }),
  );
}

export function serviceUnavailable(res: http.ServerResponse): void {
  const page =
    '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body bgcolor="white">\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>Avi Vantage/</center>\r\n</body>\r\n</html>\r\n';
  send(res, 503, 'text/html', page);
}

/** `{"QueryResponse":{…},"time":…}`, or its XML twin. */
export function queryResponse(res: http.ServerResponse, format: Format, body: Record<string, unknown>, now: number): void {
  const time = pacificTime(now, true);
  if (format === 'json') return json(res, 200, { QueryResponse: body, time });
  const attributes = Object.entries(body)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => ` ${k}="${v}"`)
    .join('');
  const rows = Object.entries(body)
    .filter(([, v]) => Array.isArray(v))
    .map(([k, v]) => element(k, v))
    .join('');
  xml(
    res,
    200,
    `${XML_HEAD}\n<IntuitResponse xmlns="${XMLNS}" time="${time}"><QueryResponse${attributes}>${rows}</QueryResponse></IntuitResponse>`,
  );
}

function faultXml(time: string, type: string, error: { code: string; message: string; detail: string | null }): string {
  const detail = error.detail === null ? '' : `\n            <Detail>${escape(error.detail)}</Detail>`;
  return `${XML_HEAD}\n<IntuitResponse time="${time}" xmlns="${XMLNS}">\n    <Fault type="${type}">\n        <Error code="${error.code}">\n            <Message>${escape(error.message)}</Message>${detail}\n        </Error>\n    </Fault>\n</IntuitResponse>\n`;
}

/** The API's XML for an entity: references as `<CustomerRef name="…">58</CustomerRef>`, `domain`/`sparse` as attributes. */
function element(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join('');
  if (typeof value !== 'object') return `<${name}>${escape(String(value))}</${name}>`;
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  if ('value' in o && keys.every((k) => k === 'value' || k === 'name')) {
    return `<${name}${o.name === undefined ? '' : ` name="${escape(String(o.name))}"`}>${escape(String(o.value))}</${name}>`;
  }
  const attributes = ['domain', 'sparse']
    .filter((k) => k in o)
    .map((k) => ` ${k}="${escape(String(o[k]))}"`)
    .join('');
  const children = keys
    .filter((k) => k !== 'domain' && k !== 'sparse')
    .map((k) => element(k, o[k]))
    .join('');
  return `<${name}${attributes}>${children}</${name}>`;
}

export function json(res: http.ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json;charset=UTF-8', JSON.stringify(body));
}

function xml(res: http.ServerResponse, status: number, body: string): void {
  send(res, status, 'application/xml', body);
}

export function html(res: http.ServerResponse, status: number, title: string, message: string): void {
  send(
    res,
    status,
    'text/html;charset=UTF-8',
    `<!DOCTYPE html><html><head><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1><p>${escape(message)}</p></body></html>`,
  );
}

export function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  // Every Intuit answer carries a transaction id for support requests.
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    intuit_tid: `1-${randomUUID().replace(/-/g, '').slice(0, 24)}`,
  });
  res.end(body);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
