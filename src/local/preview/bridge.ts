/**
 * google.script.run for the sidebar in the preview: the same chainable runner Apps Script
 * gives a sidebar (withSuccessHandler / withFailureHandler / withUserObject, any server
 * function by name), carried over HTTP to the emulator instead of to Google.
 *
 * The function below runs in the browser: it is injected by its source text, so it must not
 * use anything from outside its own body.
 */

/** Tells the preview page that the workbook may have changed. */
export const RPC_MESSAGE_TYPE = 'contact-enrich-preview:rpc';

type Handler = ((value: unknown, userObject?: unknown) => void) | null;

function installBridge(rpcPath: string, messageType: string): void {
  // Apps Script refuses these argument types before the call leaves the browser.
  function illegalValue(value: unknown, seen: Set<unknown>): string | null {
    if (value === null || value === undefined) return null;
    const t = typeof value;
    if (t === 'function') return 'function';
    if (t !== 'object') return null;
    if (value instanceof Date) return 'Date';
    if (typeof Node !== 'undefined' && value instanceof Node) return 'DOM element';
    if (seen.has(value)) return 'circular reference';
    seen.add(value);
    for (const key of Object.keys(value as object)) {
      const found = illegalValue((value as Record<string, unknown>)[key], seen);
      if (found) return found;
    }
    seen.delete(value);
    return null;
  }

  function later(fn: () => void): void {
    setTimeout(fn, 0);
  }

  function call(name: string, args: unknown[], success: Handler, failure: Handler, userObject: unknown): void {
    const fail = (error: Error) => {
      if (failure) failure(error, userObject);
      else console.error(error);
    };
    for (const arg of args) {
      const illegal = illegalValue(arg, new Set());
      if (illegal) {
        later(() => fail(new Error(`Failed due to illegal value in argument of ${name}: ${illegal}`)));
        return;
      }
    }
    // Arrays keep their length but undefined becomes null, as in Apps Script.
    const body = JSON.stringify({ name, args });
    fetch(rpcPath, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      .then((response) => response.json() as Promise<{ ok: boolean; value?: unknown; error?: string }>)
      .then(
        (answer) => {
          try {
            if (window.parent !== window) window.parent.postMessage({ type: messageType, name }, location.origin);
          } catch {
            // The page beside the sidebar only refreshes its grids; the call itself succeeded.
          }
          if (answer.ok) {
            if (success) success(answer.value === undefined ? null : answer.value, userObject);
          } else {
            fail(new Error(answer.error || 'The server function failed'));
          }
        },
        (e: unknown) => fail(new Error(`The preview server did not answer (${e instanceof Error ? e.message : String(e)}).`)),
      );
  }

  interface Runner {
    withSuccessHandler(fn: Handler): Runner;
    withFailureHandler(fn: Handler): Runner;
    withUserObject(value: unknown): Runner;
  }

  function runner(success: Handler, failure: Handler, userObject: unknown): Runner {
    const base: Runner = {
      withSuccessHandler: (fn) => runner(fn, failure, userObject),
      withFailureHandler: (fn) => runner(success, fn, userObject),
      withUserObject: (value) => runner(success, failure, value),
    };
    return new Proxy(base, {
      get(target, prop) {
        if (typeof prop !== 'string') return undefined;
        if (Object.prototype.hasOwnProperty.call(target, prop)) return (target as unknown as Record<string, unknown>)[prop];
        // Promise resolution probes `then`; a runner is not a thenable.
        if (prop === 'then') return undefined;
        return (...args: unknown[]) => {
          call(prop, args, success, failure, userObject);
        };
      },
    });
  }

  const w = window as unknown as { google?: { script?: Record<string, unknown> } };
  const google = (w.google = w.google || {});
  const script = (google.script = google.script || {});
  script.run = runner(null, null, undefined);
  script.host = {
    origin: location.origin,
    close() {},
    setHeight() {},
    setWidth() {},
    editor: { focus() {} },
  };
}

/** The `<script>` element that installs the bridge. */
export function bridgeScript(rpcPath = '/rpc'): string {
  const source = `(${installBridge.toString()})(${JSON.stringify(rpcPath)}, ${JSON.stringify(RPC_MESSAGE_TYPE)});`;
  return `<script>${source.replace(/<\/script/gi, '<\\/script')}</script>`;
}

/** The sidebar's HTML with the bridge placed before the sidebar's own script. */
export function injectBridge(sidebarHtml: string, rpcPath = '/rpc'): string {
  const script = bridgeScript(rpcPath);
  const at = sidebarHtml.search(/<script\b/i);
  if (at >= 0) return sidebarHtml.slice(0, at) + script + sidebarHtml.slice(at);
  const bodyEnd = sidebarHtml.search(/<\/body>/i);
  if (bodyEnd >= 0) return sidebarHtml.slice(0, bodyEnd) + script + sidebarHtml.slice(bodyEnd);
  return script + sidebarHtml;
}
