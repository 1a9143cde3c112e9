// The mock must be as strict as the real API (reference: openphone-api.md §1–§3, §5.1, §8).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenPhoneMock, type MockHandle } from '../../src/local/openphone-mock/launch';

let mock: MockHandle;
beforeAll(async () => {
  mock = await startOpenPhoneMock({ conversations: 250, apiKey: 'test-key' });
});
afterAll(async () => {
  await mock.stop();
});

const get = (path: string, key: string | null = 'test-key') =>
  fetch(`${mock.url}${path}`, { headers: key === null ? {} : { Authorization: key } });
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('OpenPhone mock', () => {
  it('takes the raw key in Authorization and rejects a missing key or a Bearer prefix (§1)', async () => {
    expect((await get('/v1/phone-numbers')).status).toBe(200);
    const missing = await get('/v1/conversations?maxResults=10', null);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ code: '1000401', status: 401, title: 'Unauthorized' });
    expect((await get('/v1/conversations?maxResults=10', 'Bearer test-key')).status).toBe(401);
    await pause(1100);
  });

  it('allows 10 requests per rolling second per key and answers 429 with Retry-After beyond (§3.2)', async () => {
    const answers = await Promise.all(Array.from({ length: 15 }, () => get('/v1/phone-numbers')));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    const limited = answers.find((a) => a.status === 429)!;
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toEqual({ message: 'API rate limit exceeded' });
    await pause(1100);
    expect((await get('/v1/phone-numbers')).status).toBe(200);
  });

  it('pages conversations with opaque tokens until nextPageToken is null; totalItems is not the count (§2, §5.1)', async () => {
    await pause(1100);
    const ids: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const res = await get(`/v1/conversations?maxResults=100${token ? `&pageToken=${token}` : ''}`);
      const body = (await res.json()) as {
        data: Array<{ id: string; participants: string[] }>;
        nextPageToken: string | null;
        totalItems: number;
      };
      ids.push(...body.data.map((c) => c.id));
      expect(body.data.every((c) => c.id.startsWith('CN') && c.participants.every((p) => /^\+1\d{10}$/.test(p)))).toBe(true);
      token = body.nextPageToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(250);
  });

  it('rejects maxResults outside 1–100 with the documented error body', async () => {
    await pause(1100);
    const res = await get('/v1/conversations?maxResults=101');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: '1000400', status: 400, docs: 'https://openphone.com/docs' });
    const bad = await get('/v1/conversations?maxResults=10&pageToken=garbage');
    expect(bad.status).toBe(400);
  });

  it('answers unknown routes with an HTML 404, as the live API does (§3.1)', async () => {
    await pause(1100);
    const res = await get('/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
  });
});
