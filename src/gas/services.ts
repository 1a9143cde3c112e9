/** Apps Script implementations of the core ports, and the add-on's stored settings. */
import type { Clock, Http, HttpRequest, HttpResponse } from '../core/ports';
import { DEFAULT_API_BASE } from '../core/openphone/client';
import type { MatchServices } from './match';
import type { UploadServices } from './source-upload';
import { actingUser } from './acting-user';
import { activeWorkbook } from './workbook';

const API_KEY_PROPERTY = 'OPENPHONE_API_KEY';
const API_BASE_PROPERTY = 'OPENPHONE_API_BASE';

export const gasHttp: Http = {
  fetch(request) {
    return toResponse(UrlFetchApp.fetch(request.url, toParams(request)));
  },
  fetchAll(requests) {
    const all = UrlFetchApp.fetchAll(requests.map((r) => ({ url: r.url, ...toParams(r) })));
    return all.map(toResponse);
  },
};

export const gasClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => Utilities.sleep(Math.ceil(ms)),
};

/** The key is a secret of the person who entered it: user properties, never a sheet. */
export function apiKey(): string {
  return PropertiesService.getUserProperties().getProperty(API_KEY_PROPERTY) ?? '';
}

export function saveApiKey(key: string): void {
  const props = PropertiesService.getUserProperties();
  if (key) props.setProperty(API_KEY_PROPERTY, key);
  else props.deleteProperty(API_KEY_PROPERTY);
}

/** Admins may point the add-on at another API host (the API is also served as api.quo.com). */
export function apiBase(): string {
  return PropertiesService.getScriptProperties().getProperty(API_BASE_PROPERTY) || DEFAULT_API_BASE;
}

/** The services a workbook-changing call works with: this spreadsheet and its document properties. */
export function documentServices(): UploadServices & MatchServices {
  return {
    workbook: activeWorkbook(),
    properties: PropertiesService.getDocumentProperties(),
    now: () => new Date(),
    newId: () => Utilities.getUuid().slice(0, 8),
    user: actingUser,
  };
}

function toParams(request: HttpRequest): GoogleAppsScript.URL_Fetch.URLFetchRequestOptions {
  const params: GoogleAppsScript.URL_Fetch.URLFetchRequestOptions = {
    method: request.method ?? 'get',
    headers: request.headers ?? {},
    // 4xx/5xx bodies carry the API's reason; the client decides what is an error.
    muteHttpExceptions: true,
    followRedirects: true,
  };
  if (request.body !== undefined) {
    params.contentType = request.contentType ?? 'application/json';
    params.payload = request.body;
  }
  return params;
}

function toResponse(response: GoogleAppsScript.URL_Fetch.HTTPResponse): HttpResponse {
  const headers: Record<string, string> = {};
  const raw = response.getHeaders() as Record<string, unknown>;
  for (const k of Object.keys(raw)) headers[k] = String(raw[k]);
  return { status: response.getResponseCode(), headers, body: response.getContentText() };
}
