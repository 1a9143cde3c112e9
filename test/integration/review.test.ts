// Conflict review through the built bundle in the emulator: decisions from the sidebar's calls and
// from the sheet's Decision cells agree, rules decide what is similar, every decision is logged and
// can be undone, two reviewers never decide one phone twice, and bad input changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, displayValues, newWorkbook, type Emulator, type WorkbookModel } from '../../src/local/emulator';
import { serverOf, type AddOnServer } from '../../src/local/server-of';
import { sheet, table, uploadSource } from './workbook';

let emulators: Emulator[] = [];
afterEach(() => {
  for (const e of emulators) e.dispose();
  emulators = [];
});

const QBO = [
  'Customer,Company,Street Address,City,State,Country,Zip,Phone,Email,Attachments,Open Balance,Notes',
  '"Smith, John",,1 Elm St,Quincy,MA,USA,02169,617-555-0101,john@smith.example,,250.00,',
  '"Park, Dana",,3 Oak St,Quincy,MA,USA,02169,617-555-0103,dana@park.example,,0.00,',
  '"Wu, Lee",,5 Ash St,Quincy,MA,USA,02169,617-555-0105,lee@wu.example,,0.00,',
  '"Ortiz, Ana",,7 Fir St,Quincy,MA,USA,02169,617-555-0108,,,0.00,',
].join('\n');
// A lead list whose people compete with the customers for their phones.
const LEADS = [
  'Name,Phone,Email',
  'Mary Jones,617-555-0101,',
  'Tom Reyes,617-555-0103,',
  'Kim Bell,617-555-0105,',
  'Bob Stone,617-555-0102,bob@stone.example',
  'Bill Stone,617-555-0102,',
].join('\n');
const CONVERSATIONS = 'Phone\n617-555-0101\n617-555-0102\n617-555-0103\n617-555-0104\n617-555-0105\n';

function workbookWithConflicts(): { emulator: Emulator; server: AddOnServer } {
  const emulator = createEmulator({ workbook: newWorkbook('review') });
  emulators.push(emulator);
  const server = serverOf(emulator);
  uploadSource(emulator, 'customers.csv', QBO, { profileId: 'quickbooks-online-customers' });
  uploadSource(emulator, 'leads.csv', LEADS);
  server.importConversationsCsv('c.csv', CONVERSATIONS);
  server.runMatch();
  return { emulator, server };
}

function records(workbook: WorkbookModel, name: string): Array<Record<string, string>> {
  const [header = [], ...rows] = table(workbook, name);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const conflictOf = (w: WorkbookModel, phone: string) => records(w, 'Conflicts').find((r) => r.Phone === phone)!;
const contactsOf = (w: WorkbookModel) => records(w, 'Contacts').map(({ Confidence: _c, ...r }) => r);
const candidateNumber = (w: WorkbookModel, phone: string, name: string) => {
  const row = conflictOf(w, phone);
  return Number(['1', '2', '3'].find((n) => row[`${n} Name`] === name));
};

/** A reviewer typing into the Conflicts sheet, which they may have sorted: the row is found by its phone. */
function typeDecision(workbook: WorkbookModel, phone: string, column: string, value: string): void {
  const s = sheet(workbook, 'Conflicts');
  const header = displayValues(s)[0]!;
  const row = s.cells.find((r) => String(r[0]?.value) === phone)!;
  row[header.indexOf(column)] = { ...row[header.indexOf(column)], value, numberFormat: '@' };
}

describe('conflict review', () => {
  it('the review queue puts QuickBooks customers and busy phones first, and every conflict has dropdown choices', () => {
    const { emulator, server } = workbookWithConflicts();
    const queue = server.getReviewQueue();
    expect(queue.remaining).toBe(queue.phones.length);
    expect(queue.phones.slice(0, 3).sort()).toEqual(['+16175550101', '+16175550103', '+16175550105']);
    expect(queue.phones.at(-1)).toBe('+16175550102');
    const s = sheet(emulator.workbook, 'Conflicts');
    const header = displayValues(s)[0]!;
    const decisionCell = s.cells[1]![header.indexOf('Decision')]!;
    // The dropdown offers the candidates by number (their names stand in `N Name` beside it).
    expect(decisionCell.validation?.values).toEqual(['1', '2', 'merge', 'skip', 'none of these']);
    // Confidence is a number, so "less than 0.7" filters work.
    expect(typeof s.cells[1]![header.indexOf('Confidence')]!.value).toBe('number');
  });

  it('picking a card resolves the conflict, makes the contact, logs who and when; undo puts everything back', () => {
    const { emulator, server } = workbookWithConflicts();
    const w = emulator.workbook;
    const contactsBefore = contactsOf(w);
    const jones = candidateNumber(w, '+16175550101', 'Mary Jones');
    const card = server.getConflict('+16175550101');
    expect(card.candidates.map((c) => c.name).sort()).toEqual(['John Smith', 'Mary Jones']);
    expect(card.candidates.find((c) => c.name === 'John Smith')!.history).toContainEqual({ label: 'Open balance', value: '250.00' });

    const result = server.decideConflict('+16175550101', { decision: { kind: 'pick', candidate: jones } });
    expect(result).toMatchObject({ status: 'decided', decision: `${jones}: Mary Jones`, by: 'user@example.com' });
    expect(conflictOf(w, '+16175550101')).toMatchObject({ Status: 'resolved', Decision: String(jones), 'Decided By': 'user@example.com' });
    const mary = contactsOf(w).find((c) => c['First Name'] === 'Mary')!;
    expect(mary).toMatchObject({ Phones: '+16175550101', 'Last Name': 'Jones', Status: 'resolved' });
    // The QuickBooks history stays on the contact although the lead's name was chosen.
    expect(mary['QuickBooks Open Balance']).toBe('250.00');
    const log = records(w, 'Decision Log');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      Action: 'decide',
      Phone: '+16175550101',
      By: 'user@example.com',
      Before: 'pending',
      After: `resolved: ${jones}: Mary Jones`,
    });

    expect(server.undoLastDecision().message).toBe('Undid the decision for +16175550101: 1 conflict back to pending.');
    expect(conflictOf(w, '+16175550101')).toMatchObject({ Status: 'pending', Decision: '', 'Decided By': '' });
    expect(contactsOf(w)).toEqual(contactsBefore);
    expect(() => server.undoLastDecision()).toThrow('There is nothing to undo');
  });

  it('a decision counts its QuickBooks customer as matched at once, and match then marks its records applied and the others rejected', () => {
    const { emulator, server } = workbookWithConflicts();
    const w = emulator.workbook;
    const before = server.getReport().quickbooksMatched;
    server.decideConflict('+16175550101', { decision: { kind: 'pick', candidate: candidateNumber(w, '+16175550101', 'John Smith') } });
    expect(server.getReport().quickbooksMatched).toBe(before + 1);
    server.runMatch();
    const matches = records(w, 'Matches').filter((m) => m.Phone === '+16175550101');
    expect(matches.map((m) => [m['Source Type'], m.Status]).sort()).toEqual([
      ['csv', 'rejected'],
      ['quickbooks', 'applied'],
    ]);
    expect(matches.find((m) => m.Status === 'applied')!['Applied By']).toBe('user@example.com');
    expect(server.getReport().quickbooksMatched).toBe(before + 1);
  });

  it('a customer reached on two phones stays one contact when a reviewer decides the second phone', () => {
    const emulator = createEmulator({ workbook: newWorkbook('two phones') });
    emulators.push(emulator);
    const server = serverOf(emulator);
    const qbo =
      'Customer,Company,Street Address,City,State,Country,Zip,Phone,Email,Attachments,Open Balance,Notes\n"Smith, John",,1 Elm St,Quincy,MA,USA,02169,"Phone:617-555-0101 Mobile:617-555-0111",john@smith.example,,0.00,\n';
    uploadSource(emulator, 'customers.csv', qbo, { profileId: 'quickbooks-online-customers' });
    uploadSource(emulator, 'leads.csv', 'Name,Phone\nMary Jones,617-555-0101\n');
    server.importConversationsCsv('c.csv', 'Phone\n617-555-0101\n617-555-0111\n');
    server.runMatch();
    const w = emulator.workbook;
    expect(contactsOf(w).map((c) => c.Phones)).toEqual(['+16175550111']);
    server.decideConflict('+16175550101', { decision: { kind: 'pick', candidate: candidateNumber(w, '+16175550101', 'John Smith') } });
    expect(contactsOf(w).map((c) => [c['First Name'], c.Phones])).toEqual([['John', '+16175550111, +16175550101']]);
    expect(server.getReport().duplicateContacts).toBe(0);
    server.runMatch();
    expect(contactsOf(w)).toHaveLength(1);
  });

  it('keeps one log row per entry through undo, rule removal and more decisions', () => {
    const { emulator, server } = workbookWithConflicts();
    const w = emulator.workbook;
    server.applyToSimilar('+16175550101', { decision: { kind: 'pick', candidate: candidateNumber(w, '+16175550101', 'John Smith') } });
    server.undoLastDecision();
    server.decideConflict('+16175550103', { decision: { kind: 'skip' } });
    server.decideConflict('+16175550105', { decision: { kind: 'skip' } });
    const log = records(w, 'Decision Log');
    expect(new Set(log.map((e) => e.Entry)).size).toBe(log.length);
    // 3 decisions, 3 undos, 2 more decisions.
    expect(log.map((e) => e.Action)).toEqual(['decide', 'rule', 'rule', 'undo', 'undo', 'undo', 'decide', 'decide']);
    expect(log.filter((e) => e.Action !== 'undo' && e['Undone By']).length).toBe(3);
  });

  it('merging takes each field from a candidate or as typed; skip and none of these do what they say', () => {
    const { emulator, server } = workbookWithConflicts();
    const w = emulator.workbook;
    const smith = candidateNumber(w, '+16175550101', 'John Smith');
    const jones = candidateNumber(w, '+16175550101', 'Mary Jones');
    server.decideConflict('+16175550101', {
      decision: { kind: 'merge' },
      merge: {
        firstName: { from: jones },
        lastName: { from: smith },
        company: { typed: 'Smith & Jones' },
        emails: { from: smith },
        address: { typed: '9 New St, Quincy, MA' },
      },
    });
    expect(contactsOf(w).find((c) => (c.Phones ?? '').includes('+16175550101'))).toMatchObject({
      'First Name': 'Mary',
      'Last Name': 'Smith',
      Company: 'Smith & Jones',
      Emails: 'john@smith.example',
      Address: '9 New St, Quincy, MA',
      Status: 'resolved',
    });
    expect(conflictOf(w, '+16175550101')).toMatchObject({ Decision: 'merge', 'Final Company': 'Smith & Jones' });

    server.decideConflict('+16175550103', { decision: { kind: 'skip' } });
    expect(conflictOf(w, '+16175550103').Status).toBe('skipped');
    expect(contactsOf(w).some((c) => (c.Phones ?? '').includes('+16175550103'))).toBe(false);

    server.decideConflict('+16175550105', { decision: { kind: 'none' } });
    expect(contactsOf(w).find((c) => c.Phones === '+16175550105')).toMatchObject({ 'First Name': '', Status: 'phone-only' });
  });

  it('a Decision typed in a sorted and filtered sheet, applied, gives the contacts the sidebar gives', () => {
    const bySidebar = workbookWithConflicts();
    const bySheet = workbookWithConflicts();
    const smith = candidateNumber(bySidebar.emulator.workbook, '+16175550101', 'John Smith');
    bySidebar.server.decideConflict('+16175550101', { decision: { kind: 'pick', candidate: smith } });
    bySidebar.server.decideConflict('+16175550103', { decision: { kind: 'none' } });

    // The reviewer sorts the sheet by Confidence (descending) and hides a row, then picks from the dropdowns.
    const s = sheet(bySheet.emulator.workbook, 'Conflicts');
    const header = displayValues(s)[0]!;
    const confidence = header.indexOf('Confidence');
    s.cells = [s.cells[0]!, ...s.cells.slice(1).sort((a, b) => Number(b[confidence]?.value) - Number(a[confidence]?.value))];
    typeDecision(bySheet.emulator.workbook, '+16175550101', 'Decision', String(smith));
    typeDecision(bySheet.emulator.workbook, '+16175550103', 'Decision', 'none of these');
    const applied = bySheet.server.applyDecisions();
    expect(applied.decided).toBe(2);
    // The sidebar's [Apply] finds its decisions applied already and does the Unmapped part alike.
    expect(bySidebar.server.applyDecisions().decided).toBe(0);
    expect(contactsOf(bySheet.emulator.workbook)).toEqual(contactsOf(bySidebar.emulator.workbook));
    expect(conflictOf(bySheet.emulator.workbook, '+16175550101').Status).toBe('resolved');
    // Applying again changes nothing: each decision is applied once.
    expect(bySheet.server.applyDecisions().decided).toBe(0);
  });

  it('apply to all similar previews its reach, decides the similar conflicts, and keeps deciding them after a new match; removing it reopens them', () => {
    const { emulator, server } = workbookWithConflicts();
    const w = emulator.workbook;
    const smith = candidateNumber(w, '+16175550101', 'John Smith');
    const input = { decision: { kind: 'pick' as const, candidate: smith } };
    const preview = server.previewSimilar('+16175550101', input);
    expect(preview.count).toBe(2);
    expect(preview.description).toBe('Different people between CSV and QuickBooks: take the recommendation');
    expect(preview.examples.map((e) => e.choice).sort()).toEqual(['Dana Park', 'Lee Wu']);

    const rule = server.applyToSimilar('+16175550101', input);
    expect(rule.decided).toBe(3);
    for (const phone of ['+16175550101', '+16175550103', '+16175550105']) expect(conflictOf(w, phone).Status).toBe('resolved');
    expect(conflictOf(w, '+16175550103').Rule).toBe(rule.ruleId);
    expect(server.getRules()).toEqual([expect.objectContaining({ ruleId: rule.ruleId, decided: 2 })]);

    // A new conversation whose phone has the same pattern is decided by the rule when match runs again.
    uploadSource(emulator, 'leads-2.csv', 'Name,Phone\nZoe Quinn,617-555-0108\n');
    server.importConversationsCsv('c.csv', `${CONVERSATIONS}617-555-0108\n`);
    server.runMatch();
    expect(conflictOf(w, '+16175550108')).toMatchObject({ Status: 'resolved', Rule: rule.ruleId });
    expect(contactsOf(w).find((c) => c.Phones === '+16175550108')).toMatchObject({ 'First Name': 'Ana', 'Last Name': 'Ortiz' });

    // Removing the rule reopens what it decided, but not the conflict the reviewer decided.
    const removed = server.removeRule(rule.ruleId);
    expect(removed.undone).toBe(3);
    expect(conflictOf(w, '+16175550101').Status).toBe('resolved');
    for (const phone of ['+16175550103', '+16175550105', '+16175550108']) expect(conflictOf(w, phone).Status).toBe('pending');
    expect(server.getRules()).toEqual([]);
  });

  it('two reviewers: the second to decide a phone is told who decided it, and nothing changes', () => {
    const { emulator, server } = workbookWithConflicts();
    const other = createEmulator({ workbook: emulator.workbook, userEmail: 'second@example.com' });
    emulators.push(other);
    server.decideConflict('+16175550101', { decision: { kind: 'skip' } });
    const before = JSON.stringify(emulator.workbook.sheets);
    const late = serverOf(other).decideConflict('+16175550101', { decision: { kind: 'pick', candidate: 1 } });
    expect(late).toMatchObject({ status: 'already-decided', decision: 'skip', by: 'user@example.com' });
    expect(JSON.stringify(emulator.workbook.sheets)).toBe(before);
    // Undo is each reviewer's own: the second has nothing to undo, the first undoes theirs.
    expect(() => serverOf(other).undoLastDecision()).toThrow('There is nothing to undo: you have made no decision since your last undo.');
    expect(server.undoLastDecision().phones).toEqual(['+16175550101']);
  });

  it('a reviewer whose address Google hides is logged under a pseudonym until they give a name', () => {
    const { emulator } = workbookWithConflicts();
    const anonymous = createEmulator({ workbook: emulator.workbook, userEmail: '', temporaryActiveUserKey: 'k9front-desk-key' });
    emulators.push(anonymous);
    const server = serverOf(anonymous);
    expect(server.getDashboard().reviewer).toEqual({ name: 'user k9front-', anonymous: true });
    server.decideConflict('+16175550101', { decision: { kind: 'skip' } });
    expect(conflictOf(emulator.workbook, '+16175550101')['Decided By']).toBe('user k9front-');
    expect(() => server.saveReviewerName('   ')).toThrow('Type the name to log your decisions under.');
    expect(server.saveReviewerName('Dana  (front desk)').reviewer).toEqual({ name: 'Dana (front desk)', anonymous: false });
    server.decideConflict('+16175550103', { decision: { kind: 'skip' } });
    expect(records(emulator.workbook, 'Decision Log').map((e) => e.By)).toEqual(['user k9front-', 'Dana (front desk)']);
  });

  it('a decision reopens when a candidate it was made on comes back with other details, saying what changed', () => {
    const { emulator, server } = workbookWithConflicts();
    const w = emulator.workbook;
    server.decideConflict('+16175550101', { decision: { kind: 'pick', candidate: candidateNumber(w, '+16175550101', 'John Smith') } });
    // Someone corrects John Smith's email in the customers sheet: the same record, other details.
    const customers = sheet(w, 'customers');
    const header = displayValues(customers)[0]!;
    customers.cells.find((r) => String(r[0]?.value) === 'Smith, John')![header.indexOf('Email')] = {
      value: 'jsmith@newmail.example',
      numberFormat: '@',
    };
    server.runMatch();
    const row = conflictOf(w, '+16175550101');
    expect(row.Status).toBe('pending');
    expect(row.Why).toMatch(/^new data since the decision \(John Smith: email changed\)/);
    // A re-import with nothing changed keeps every decision.
    server.decideConflict('+16175550101', { decision: { kind: 'skip' } });
    server.runMatch();
    expect(conflictOf(w, '+16175550101').Status).toBe('skipped');
  });

  it('a decision writes only its own cells: what a reviewer types elsewhere on the row meanwhile stays', () => {
    const { emulator, server } = workbookWithConflicts();
    server.decideConflict('+16175550103', { decision: { kind: 'skip' } });
    let dataRanges = 0;
    emulator.onServiceCall = ({ functionName, method }) => {
      // The decision has read Conflicts, Contacts and the log; before it writes, a note lands on the row.
      if (functionName === 'decideConflict' && method === 'Sheet.getDataRange' && ++dataRanges === 4) {
        typeDecision(emulator.workbook, '+16175550101', 'Why', 'checked with the customer by phone');
      }
    };
    server.decideConflict('+16175550101', { decision: { kind: 'skip' } });
    emulator.onServiceCall = null;
    expect(dataRanges).toBeGreaterThanOrEqual(4);
    expect(conflictOf(emulator.workbook, '+16175550101')).toMatchObject({ Status: 'skipped', Why: 'checked with the customer by phone' });
  });

  it('a card gone stale cannot decide: when match changed the candidates, nothing is decided', () => {
    const { emulator, server } = workbookWithConflicts();
    const card = server.getConflict('+16175550101');
    uploadSource(emulator, 'more.csv', 'Name,Phone\nAaron Aames,617-555-0101\n');
    server.runMatch();
    const before = JSON.stringify(emulator.workbook.sheets);
    const late = server.decideConflict('+16175550101', { decision: { kind: 'pick', candidate: 2 }, candidateKeys: card.candidateKeys });
    expect(late.status).toBe('changed');
    expect(JSON.stringify(emulator.workbook.sheets)).toBe(before);
    const fresh = server.getConflict('+16175550101');
    expect(fresh.candidates).toHaveLength(3);
    expect(server.decideConflict('+16175550101', { decision: { kind: 'skip' }, candidateKeys: fresh.candidateKeys }).status).toBe(
      'decided',
    );
  });

  it('Status set to resolved with no Decision leaves the conflict pending, in review, match and the report', () => {
    const { emulator, server } = workbookWithConflicts();
    const pending = server.getReport().conflictsPending;
    typeDecision(emulator.workbook, '+16175550101', 'Status', 'resolved');
    expect(server.getReport().conflictsPending).toBe(pending);
    expect(server.getReviewQueue().phones).toContain('+16175550101');
    server.runMatch();
    expect(conflictOf(emulator.workbook, '+16175550101').Status).toBe('pending');
  });

  it('a Decision typed into the sheet while match runs is not lost', () => {
    const { emulator, server } = workbookWithConflicts();
    const smith = candidateNumber(emulator.workbook, '+16175550101', 'John Smith');
    let typed = false;
    emulator.onServiceCall = ({ functionName, method }) => {
      // Once match has read the sheets and begun writing its results, a reviewer picks in the sheet.
      if (functionName === 'runMatch' && method === 'Spreadsheet.insertSheet' && !typed) {
        typed = true;
        typeDecision(emulator.workbook, '+16175550101', 'Decision', String(smith));
      }
    };
    server.runMatch();
    emulator.onServiceCall = null;
    expect(typed).toBe(true);
    expect(conflictOf(emulator.workbook, '+16175550101').Decision).toBe(String(smith));
  });

  it('a name typed into Unmapped while match runs is not lost', () => {
    const { emulator, server } = workbookWithConflicts();
    let typed = false;
    emulator.onServiceCall = ({ functionName, method }) => {
      if (functionName === 'runMatch' && method === 'Spreadsheet.insertSheet' && !typed) {
        typed = true;
        const s = sheet(emulator.workbook, 'Unmapped');
        const header = displayValues(s)[0]!;
        s.cells.find((r) => String(r[0]?.value) === '+16175550104')![header.indexOf('Name')] = {
          value: 'Walk-in Customer',
          numberFormat: '@',
        };
      }
    };
    server.runMatch();
    emulator.onServiceCall = null;
    expect(typed).toBe(true);
    expect(records(emulator.workbook, 'Unmapped').find((r) => r.Phone === '+16175550104')!.Name).toBe('Walk-in Customer');
  });

  it('typed names in Unmapped become manual contacts, the rest phone-only; the export neutralises formulas', () => {
    const { emulator, server } = workbookWithConflicts();
    const w = emulator.workbook;
    const s = sheet(w, 'Unmapped');
    const header = displayValues(s)[0]!;
    const row = s.cells.find((r) => String(r[0]?.value) === '+16175550104')!;
    row[header.indexOf('Name')] = { value: 'Walk-in Customer', numberFormat: '@' };
    row[header.indexOf('Email')] = { value: 'walkin@example.com', numberFormat: '@' };
    expect(server.applyDecisions()).toMatchObject({ manualContacts: 1, phoneOnly: 0 });
    expect(contactsOf(w).find((c) => c.Phones === '+16175550104')).toMatchObject({
      'First Name': 'Walk-in',
      'Last Name': 'Customer',
      Emails: 'walkin@example.com',
      Status: 'manual',
    });
    row[header.indexOf('Name')] = { value: '=HYPERLINK("http://x")', numberFormat: '@' };
    const exported = server.exportUnmapped();
    expect(exported.csv.split('\r\n')[0]).toBe('"Phone","Conversation ID","Name","Email","Reason"');
    expect(exported.csv).toContain(`"'+16175550104"`);
    expect(exported.csv).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  describe('bad input changes nothing', () => {
    it('a Decision that names no candidate, or a typed email that is not one, is refused naming the phone', () => {
      const { emulator, server } = workbookWithConflicts();
      typeDecision(emulator.workbook, '+16175550101', 'Decision', '7');
      const before = JSON.stringify(emulator.workbook.sheets);
      expect(() => server.applyDecisions()).toThrow(
        'Conflicts, phone +16175550101: the Decision "7" names candidate 7, but this phone has 2 candidates.',
      );
      typeDecision(emulator.workbook, '+16175550101', 'Decision', 'merge');
      typeDecision(emulator.workbook, '+16175550101', 'Final Email', 'not-an-email');
      const typed = JSON.stringify(emulator.workbook.sheets);
      expect(() => server.applyDecisions()).toThrow(
        'Conflicts, phone +16175550101: "not-an-email" in Final Email is not an email address.',
      );
      expect(JSON.stringify(emulator.workbook.sheets)).toBe(typed);
      expect(before).not.toBe(typed);
    });

    it('a rule whose pattern matches nothing else, and a merge as a rule, are refused', () => {
      const { emulator, server } = workbookWithConflicts();
      const before = JSON.stringify(emulator.workbook.sheets);
      expect(() => server.applyToSimilar('+16175550102', { decision: { kind: 'pick', candidate: 1 } })).toThrow(
        /No other pending conflict is like this one|same kinds of source/,
      );
      expect(() => server.applyToSimilar('+16175550101', { decision: { kind: 'merge' } })).toThrow(
        'cannot be applied to similar conflicts',
      );
      expect(JSON.stringify(emulator.workbook.sheets)).toBe(before);
    });
  });
});
