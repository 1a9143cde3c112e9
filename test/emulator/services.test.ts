// Fidelity of the smaller services; each test names the reference page it follows.
import { afterEach, describe, expect, test } from 'vitest';
import type { Emulator } from '../../src/local/emulator/index';
import { probeEmulator, run } from './helpers';

let em: Emulator;
afterEach(() => em?.dispose());

describe('PropertiesService', () => {
  test('get/set/delete, null when missing, setProperties(obj, deleteAllOthers) — https://developers.google.com/apps-script/reference/properties/properties#setProperties(Object,Boolean)', () => {
    em = probeEmulator({ userProperties: { KEY: 'k1' } });
    const v = run(
      em,
      `var p = PropertiesService.getUserProperties();
      var a = [p.getProperty('KEY'), p.getProperty('MISSING')];
      p.setProperty('N', 5); p.setProperties({ A: 'a', B: 'b' });
      a.push(p.getKeys().sort(), p.getProperty('N'));
      p.setProperties({ ONLY: '1' }, true); a.push(p.getProperties());
      p.deleteProperty('ONLY'); a.push(p.getKeys());
      PropertiesService.getDocumentProperties().setProperty('cursor', '7'); a`,
    );
    expect(v).toEqual(['k1', null, ['A', 'B', 'KEY', 'N'], '5', { ONLY: '1' }, []]);
    expect(em.properties.document).toEqual({ cursor: '7' });
    expect(em.properties.user).toEqual({});
  });

  test('9 KB per value and 500 KB per store — https://developers.google.com/apps-script/guides/services/quotas', () => {
    em = probeEmulator();
    expect(() => run(em, `PropertiesService.getScriptProperties().setProperty('big', new Array(9 * 1024 + 2).join('x'))`)).toThrow(
      'Argument too large: value',
    );
    expect(() =>
      run(
        em,
        `var p = PropertiesService.getScriptProperties(); var v = new Array(9 * 1024).join('x'); for (var i = 0; i < 60; i++) p.setProperty('k' + i, v);`,
      ),
    ).toThrow('You have exceeded the property storage quota. Please remove some properties and try again.');
    expect(Object.keys(em.properties.script).length).toBeLessThan(60);
  });
});

test('CacheService: put/get/getAll/remove, 100 KB per value, expiry — https://developers.google.com/apps-script/reference/cache/cache#put(String,String,Integer)', () => {
  em = probeEmulator();
  const v = run(
    em,
    `var c = CacheService.getScriptCache(); c.put('a', '1'); c.putAll({ b: '2', c: '3' }); c.remove('c');
    c.put('short', 'x', 1);
    [c.get('a'), c.get('nope'), c.getAll(['a', 'b', 'c'])]`,
  );
  expect(v).toEqual(['1', null, { a: '1', b: '2' }]);
  expect(() => run(em, `CacheService.getUserCache().put('big', new Array(100 * 1024 + 2).join('x'))`)).toThrow('Argument too large: value');
  expect(run(em, `Utilities.sleep(1100); CacheService.getScriptCache().get('short')`)).toBe(null);
});

describe('LockService', () => {
  test('tryLock, hasLock, releaseLock; locks end with the execution — https://developers.google.com/apps-script/reference/lock/lock#tryLock(Integer)', () => {
    em = probeEmulator();
    expect(
      run(
        em,
        `var l = LockService.getDocumentLock(); var got = l.tryLock(1000); var had = l.hasLock(); l.releaseLock(); [got, had, l.hasLock(), LockService.getScriptLock().tryLock(10)]`,
      ),
    ).toEqual([true, true, false, true]);
    expect(run(em, `LockService.getScriptLock().hasLock()`)).toBe(false);
  });

  test('a lock held by another execution: tryLock waits then answers false, waitLock throws — https://developers.google.com/apps-script/reference/lock/lock#waitLock(Integer)', () => {
    em = probeEmulator({ locksHeldElsewhere: ['document'] });
    const started = Date.now();
    expect(run(em, `LockService.getDocumentLock().tryLock(200)`)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(() => run(em, `LockService.getDocumentLock().waitLock(50)`)).toThrow(
      'Lock timeout: another process was holding the lock for too long.',
    );
  });
});

describe('Utilities', () => {
  test('sleep really waits and counts — https://developers.google.com/apps-script/reference/utilities/utilities#sleep(Integer)', () => {
    em = probeEmulator();
    const started = Date.now();
    run(em, `Utilities.sleep(150)`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    expect(em.stats.sleptMs).toBe(150);
    expect(() => run(em, `Utilities.sleep(300001)`)).toThrow('Invalid argument: milliseconds');
  });

  test('computeDigest returns signed bytes — https://developers.google.com/apps-script/reference/utilities/utilities#computeDigest(DigestAlgorithm,String)', () => {
    em = probeEmulator();
    const v = run<number[][]>(
      em,
      `[Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, 'abc'), Utilities.computeDigest(Utilities.DigestAlgorithm.MD5, '')]`,
    );
    // SHA-256("abc") = ba7816bf…; 0xba is -70 as a signed byte.
    expect(v[0]!.slice(0, 4)).toEqual([-70, 120, 22, -65]);
    expect(v[0]).toHaveLength(32);
    // MD5("") = d41d8cd9…
    expect(v[1]!.slice(0, 2)).toEqual([-44, 29]);
    expect(v.flat().every((b) => b >= -128 && b <= 127)).toBe(true);
  });

  test('base64Encode/Decode, newBlob, formatDate, getUuid — https://developers.google.com/apps-script/reference/utilities/utilities#base64Encode(String)', () => {
    em = probeEmulator();
    const v = run(
      em,
      `var enc = Utilities.base64Encode('héllo');
      [enc, Utilities.newBlob(Utilities.base64Decode(enc)).getDataAsString(), Utilities.base64Decode('/w==')[0],
       Utilities.newBlob('x', 'text/plain', 'a.txt').getName(),
       Utilities.formatDate(new Date(Date.UTC(2026, 0, 2, 15, 4, 5)), 'America/New_York', "yyyy-MM-dd'T'HH:mm:ss Z"),
       /^[0-9a-f-]{36}$/.test(Utilities.getUuid())]`,
    );
    expect(v).toEqual(['aMOpbGxv', 'héllo', -1, 'a.txt', '2026-01-02T10:04:05 -0500', true]);
  });
});

test('Session: the active user and the script time zone from the manifest — https://developers.google.com/apps-script/reference/base/session', () => {
  em = probeEmulator({ userEmail: 'ops@example.org' });
  expect(run(em, `[Session.getActiveUser().getEmail(), Session.getEffectiveUser().getEmail(), Session.getScriptTimeZone()]`)).toEqual([
    'ops@example.org',
    'ops@example.org',
    'America/New_York',
  ]);
});

describe('Ui and HtmlService', () => {
  test('menus, alerts and the Button enums — https://developers.google.com/apps-script/reference/base/ui#alert(String,ButtonSet)', () => {
    em = probeEmulator();
    const v = run(
      em,
      `var ui = SpreadsheetApp.getUi();
      ui.createMenu('Tools').addItem('Run', 'run').addSeparator().addItem('Other', 'other').addToUi();
      ui.createAddonMenu().addItem('Open', 'open').addToUi();
      [ui.alert('Done'), ui.alert('Sure?', ui.ButtonSet.YES_NO) === ui.Button.YES, ui.alert('Title', 'Body', ui.ButtonSet.OK)]`,
    );
    expect(v).toEqual(['OK', true, 'OK']);
    expect(em.ui.alerts).toEqual(['Done', 'Sure?', 'Title: Body']);
    expect(em.ui.menus).toEqual([
      {
        title: 'Tools',
        items: [
          { caption: 'Run', functionName: 'run' },
          { caption: 'Other', functionName: 'other' },
        ],
      },
      { title: 'Contact Enrichment', addon: true, items: [{ caption: 'Open', functionName: 'open' }] },
    ]);
  });

  test('createHtmlOutputFromFile reads the project file and throws when missing; showSidebar records title and HTML — https://developers.google.com/apps-script/reference/html/html-service#createHtmlOutputFromFile(String)', () => {
    em = probeEmulator({}, { 'Panel.html': '<p>hi</p>' });
    run(em, `SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutputFromFile('Panel').setTitle('Panel').setWidth(500))`);
    expect(em.ui.sidebars).toEqual([{ title: 'Panel', html: '<p>hi</p>' }]);
    run(em, `SpreadsheetApp.getUi().showModalDialog(HtmlService.createHtmlOutput('<b>x</b>').setWidth(400).setHeight(200), 'Dialog')`);
    expect(em.ui.dialogs).toEqual([{ title: 'Dialog', html: '<b>x</b>', modal: true, width: 400, height: 200 }]);
    expect(() => run(em, `HtmlService.createHtmlOutputFromFile('Missing')`)).toThrow('No HTML file named Missing was found.');
  });
});

test('ScriptApp minimal and Logger/console captured — https://developers.google.com/apps-script/reference/script/script-app#getProjectTriggers()', () => {
  em = probeEmulator();
  expect(
    run(
      em,
      `Logger.log('n=%s', 3); console.log('hello', { a: 1 }); console.error('bad'); [ScriptApp.getProjectTriggers().length, ScriptApp.AuthMode.FULL]`,
    ),
  ).toEqual([0, 'FULL']);
  expect(em.logs).toEqual(['n=3', 'hello { a: 1 }', 'ERROR: bad']);
});
