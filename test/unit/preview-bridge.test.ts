import { describe, expect, it } from 'vitest';
import { bridgeScript, injectBridge } from '../../src/local/preview/bridge';

describe('preview bridge injection', () => {
  const sidebar =
    '<!DOCTYPE html><html><head><style>a{}</style></head><body><main id="app"></main><script>SIDEBAR()</script></body></html>';

  it('puts the bridge right before the sidebar script', () => {
    const out = injectBridge(sidebar);
    const bridgeAt = out.indexOf('google');
    const sidebarAt = out.indexOf('SIDEBAR()');
    expect(bridgeAt).toBeGreaterThan(out.indexOf('<main'));
    expect(bridgeAt).toBeLessThan(sidebarAt);
    expect(out.replace(bridgeScript(), '')).toBe(sidebar);
  });

  it('falls back to the end of the body when the sidebar has no script', () => {
    const out = injectBridge('<html><body><p>x</p></body></html>');
    expect(out.endsWith('</body></html>')).toBe(true);
    expect(out).toContain('<script>');
  });

  it('is one script that cannot close itself early', () => {
    const script = bridgeScript('/rpc');
    expect(script.match(/<\/script/gi)).toHaveLength(1);
    expect(script).toContain('"/rpc"');
  });
});
