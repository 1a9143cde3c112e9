/**
 * Push 1,000 contacts to the OpenPhone mock, as the sidebar does (chunk after chunk), and print
 * the wall time against the lower bound the API's 10 requests a second sets (100 s for 1,000
 * creates), the 429s, and the same with 5% server errors and 3% lost answers injected.
 */
import { createEmulator } from '../src/local/emulator';
import { startOpenPhoneMock, type MockLaunchOptions } from '../src/local/openphone-mock/launch';
import { serverOf } from '../src/local/server-of';
import { matchedWorkbook } from '../test/fixtures/push';

const CONTACTS = 1000;
const BOUND_S = CONTACTS / 10;

async function pushOnce(label: string, faults: MockLaunchOptions['faults']): Promise<Record<string, string | number>> {
  const mock = await startOpenPhoneMock({ conversations: 0, faults });
  const emulator = createEmulator({
    scriptProperties: { OPENPHONE_API_BASE: mock.url },
    userProperties: { OPENPHONE_API_KEY: mock.apiKey },
  });
  try {
    matchedWorkbook(emulator, CONTACTS);
    const server = serverOf(emulator);
    const t = performance.now();
    let p = server.pushNextChunk({ start: true, maxRows: 100 });
    let chunks = 1;
    while (p.state === 'running') {
      p = server.pushNextChunk({ maxRows: 100 });
      chunks++;
    }
    const seconds = (performance.now() - t) / 1000;
    const stats = await mock.stats();
    const contacts = await mock.contacts();
    return {
      run: label,
      'wall (s)': Math.round(seconds * 10) / 10,
      'vs 100 s bound': `+${Math.round((seconds / BOUND_S - 1) * 1000) / 10}%`,
      chunks,
      requests: stats.requests,
      '429s': stats.rateLimited,
      'peak in 1 s': stats.peakPerSecond,
      '500s': stats.serverErrors,
      'lost answers': stats.lostAnswers,
      contacts: contacts.length,
      duplicates: contacts.length - new Set(contacts.map((c) => c.externalId)).size,
    };
  } finally {
    emulator.dispose();
    await mock.stop();
  }
}

export async function runPushBench(): Promise<void> {
  const rows = [
    await pushOnce('clean', undefined),
    await pushOnce('5% 500s + 3% lost', { serverErrorRate: 0.05, lostAnswerRate: 0.03, seed: 3 }),
  ];
  console.log(`push of ${CONTACTS} contacts to the OpenPhone mock (chunks of 100 rows, as the sidebar and the command line push):`);
  console.table(rows);
}
