// Several sheets changed as one (src/gas/sheet-transaction.ts), on the fake workbook: whatever
// call a run is cut off at, the workbook shows the old sheets or the new ones once recovered.
import { describe, expect, it } from 'vitest';
import { recoverSheetTransaction, SheetTransaction, hasUnfinishedCommit } from '../../src/gas/sheet-transaction';
import { CUT_OFF, FakeProperties, FakeWorkbook } from '../fakes/workbook';

const OLD = {
  Conflicts: [
    ['Phone', 'Status'],
    ['+16175550101', 'resolved'],
  ],
  Contacts: [
    ['Contact ID', 'Phones'],
    ['C1', '+16175550101'],
  ],
  Stale: [['x'], ['1']],
};

function run(workbook: FakeWorkbook, properties: FakeProperties): void {
  new SheetTransaction(workbook, properties)
    .write(
      'Conflicts',
      ['Phone', 'Status'],
      [
        ['+16175550101', 'resolved'],
        ['+16175550102', 'pending'],
      ],
      { dropdowns: [{ column: 'Status', values: ['pending', 'resolved'] }] },
    )
    .write(
      'Contacts',
      ['Contact ID', 'Phones'],
      [
        ['C1', '+16175550101'],
        ['C2', '+16175550103'],
      ],
    )
    .remove('Stale')
    .commit();
}

function newState(): Record<string, string[][]> {
  const w = new FakeWorkbook(OLD);
  run(w, new FakeProperties(w));
  return w.snapshot();
}

describe('sheet transactions', () => {
  it('changes every sheet of the transaction and leaves no staging sheet behind', () => {
    const w = new FakeWorkbook(OLD);
    const p = new FakeProperties(w);
    run(w, p);
    expect(w.snapshot()).toEqual({
      Conflicts: [
        ['Phone', 'Status'],
        ['+16175550101', 'resolved'],
        ['+16175550102', 'pending'],
      ],
      Contacts: [
        ['Contact ID', 'Phones'],
        ['C1', '+16175550101'],
        ['C2', '+16175550103'],
      ],
    });
    expect([...w.sheets.keys()].some((n) => n.startsWith('~'))).toBe(false);
    expect(w.sheets.get('Conflicts')!.layout?.dropdowns?.[0]?.column).toBe('Status');
    expect(hasUnfinishedCommit(p)).toBe(false);
  });

  it('cut off at any call, leaves the old sheets or, once recovered, exactly the new ones', () => {
    const after = newState();
    const total = (() => {
      const w = new FakeWorkbook(OLD);
      run(w, new FakeProperties(w));
      return w.calls.length;
    })();
    const outcomes = new Set<string>();
    for (let cut = 1; cut <= total; cut++) {
      const w = new FakeWorkbook(OLD);
      const p = new FakeProperties(w);
      w.cutOffAt = cut;
      expect(() => run(w, p)).toThrow(CUT_OFF);
      w.cutOffAt = null;
      const outcome = recoverSheetTransaction(w, p);
      outcomes.add(outcome);
      const visible = w.snapshot();
      expect([OLD, after]).toContainEqual(visible);
      expect([...w.sheets.keys()].filter((n) => n.startsWith('~'))).toEqual([]);
      expect(hasUnfinishedCommit(p)).toBe(false);
      // Recovering twice changes nothing more.
      expect(recoverSheetTransaction(w, p)).toBe('none');
      expect(w.snapshot()).toEqual(visible);
    }
    // Both sides of the commit point were exercised.
    expect(outcomes).toEqual(new Set(['none', 'rolled back', 'rolled forward']));
  });

  it('a move replaces the target with the staged sheet and shows it', () => {
    const w = new FakeWorkbook({ people: [['Name'], ['old']] });
    w.insertHidden('~import 1', ['Name']);
    w.writeRows('~import 1', 2, [['new']]);
    new SheetTransaction(w, new FakeProperties(w)).move('~import 1', 'people').commit();
    expect(w.snapshot()).toEqual({ people: [['Name'], ['new']] });
  });
});
