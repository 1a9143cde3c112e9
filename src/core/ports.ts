/**
 * Small ports through which core logic reaches the outside world. The Apps Script adapters
 * (src/gas) implement them over UrlFetchApp and Utilities; tests implement them with fakes.
 */
export interface HttpRequest {
  url: string;
  method?: 'get' | 'post' | 'patch' | 'delete';
  headers?: Record<string, string>;
  /** JSON text for requests with a body. */
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Http {
  fetch(request: HttpRequest): HttpResponse;
  /** Several requests sent together (UrlFetchApp.fetchAll); answers in the same order. */
  fetchAll(requests: HttpRequest[]): HttpResponse[];
}

export interface Clock {
  now(): number;
  sleep(ms: number): void;
}
