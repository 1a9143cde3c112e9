/**
 * Runs the OpenPhone mock as its own process. It prints one JSON line `{url, apiKey}` once it
 * listens, and exits when its standard input closes, so it never outlives the process that
 * started it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { serveLocalTool } from '../local-tool-process';
import { createOpenPhoneMock, DEFAULT_MOCK_API_KEY, type Faults } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    conversations: { type: 'string' },
    seed: { type: 'string' },
    'api-key': { type: 'string', default: DEFAULT_MOCK_API_KEY },
    'participants-file': { type: 'string' },
    'error-shape': { type: 'string', default: 'spec' },
    'rate-limit': { type: 'string' },
    'require-max-results': { type: 'boolean', default: false },
    'exit-with-stdin': { type: 'boolean', default: false },
    // JSON: {"serverErrorRate":0.05,"lostAnswerRate":0.03,"slowRate":0,"slowMs":2000,"seed":7}
    faults: { type: 'string' },
    'no-custom-fields': { type: 'boolean', default: false },
    'other-workspace-key': { type: 'string' },
  },
});

const mock = createOpenPhoneMock({
  apiKey: values['api-key'],
  conversations: values.conversations ? Number(values.conversations) : undefined,
  seed: values.seed ? Number(values.seed) : undefined,
  participants: values['participants-file'] ? (JSON.parse(readFileSync(values['participants-file'], 'utf8')) as string[]) : undefined,
  errorShape: values['error-shape'] === 'live' ? 'live' : 'spec',
  rateLimitPerSecond: values['rate-limit'] ? Number(values['rate-limit']) : undefined,
  requireMaxResults: values['require-max-results'],
  faults: values.faults ? (JSON.parse(values.faults) as Faults) : undefined,
  customFields: values['no-custom-fields'] ? [] : undefined,
  otherWorkspaceKey: values['other-workspace-key'],
});

serveLocalTool(mock.server, Number(values.port), values['exit-with-stdin'], (url) => ({ url, apiKey: values['api-key'] }));
