import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, readSettings, settingsRows } from '../../src/core/matching/settings';

describe('settings', () => {
  it('reads thresholds and priorities, completing a partial priority list', () => {
    const { settings, problems } = readSettings([
      { name: 'Auto threshold', value: '0.9' },
      { name: 'Name source priority', value: 'csv, quickbooks' },
    ]);
    expect(problems).toEqual([]);
    expect(settings.autoThreshold).toBe(0.9);
    expect(settings.namePriority).toEqual(['csv', 'quickbooks', 'openphone', 'propertyradar']);
  });
  it('names what it cannot read', () => {
    expect(readSettings([{ name: 'Auto threshold', value: 'high' }]).problems[0]).toContain(
      '"Auto threshold" must be a number from 0 to 1',
    );
    expect(readSettings([{ name: 'Email source priority', value: 'hubspot' }]).problems[0]).toContain('unknown source types: hubspot');
    expect(readSettings([{ name: 'Given name form', value: 'short' }]).problems[0]).toContain(
      '"Given name form" must be one of most-used, formal, nickname',
    );
  });
  it('offers the given-name form, the form most records use unless told otherwise', () => {
    expect(DEFAULT_SETTINGS.givenNameForm).toBe('most-used');
    expect(settingsRows(DEFAULT_SETTINGS).find((r) => r[0] === 'Given name form')?.[1]).toBe('most-used');
    expect(readSettings([{ name: 'Given name form', value: 'Formal' }]).settings.givenNameForm).toBe('formal');
  });
});
