// QuickBooks customers counted as customers: one display name across the Online and Desktop
// exports of one company (compared without case), jobs (`Parent:Job`) rolled up into their parent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report';
import { createEmulator, newWorkbook, type Emulator } from '../../src/local/emulator';
import { uploadSource } from './workbook';

const ONLINE = [
  'Customer,Company,Street Address,City,State,Country,Zip,Phone,Email,Attachments,Open Balance,Notes',
  '"Sample, John",,12 Example St,Quincy,MA,USA,02169,(617) 555-0111,john.sample@example.com,,"1,250.00",',
  '"Sample, John:Kitchen",,12 Example St,Quincy,MA,USA,02169,(617) 555-0111,,,0.00,Job',
  '"Sample, John:Basement",,12 Example St,Quincy,MA,USA,02169,,,,0.00,Job',
  'Example Holdings LLC,Example Holdings LLC,PO Box 123,Boston,MA,USA,02101,617.555.0112,ap@example.com,,0.00,',
  'Example Holdings LLC:40 Testing Rd,Example Holdings LLC,40 Testing Rd,Newton,MA,USA,02458,,,,350.00,Job',
  '"Lee, Ann",,3 Oak Rd,Newton,MA,USA,02458,(508) 555-0113,,,0.00,',
  '"Diaz, Bo",,4 Elm St,Quincy,MA,USA,02169,(508) 555-0119,,,0.00,',
].join('\n');

const DESKTOP = [
  ',Active Status,Customer,Balance,Balance Total,Company,First Name,M.I.,Last Name,Main Phone,Main Email,Bill to 1,Job Status,Job Description',
  ',Active,"SAMPLE, JOHN",0.00,0.00,,John,,Sample,617.555.0111,john.sample@example.com,John Sample,,',
  ',Active,"SAMPLE, JOHN:Driveway",0.00,0.00,,John,,Sample,617.555.0111,,John Sample,Closed,Crack repair',
  ',Active,Example Holdings LLC,0.00,350.00,Example Holdings LLC,,,,(617) 555-0112,ap@example.com,Example Holdings LLC,,',
  ',Active,"Nguyen, Van",0.00,0.00,,Van,,Nguyen,(617) 555-0114,,Van Nguyen,,',
  ',Active,"Park, Jin",0.00,0.00,,Jin,,Park,(617) 555-0118,,Jin Park,,',
].join('\n');

// Bo Diaz's number now belongs to someone else in the OpenPhone export: a conflict, not a match.
const OPENPHONE = ['First name,Last name,Company,Role,Email,Phone number,Address', 'Carla,Mendes,,,,+15085550119,'].join('\n');
// Jin Park has no conversation: not among the customers the metric counts.
const CONVERSATIONS = [
  'Conversation ID,Phone',
  ...['+16175550111', '+16175550112', '+15085550113', '+16175550114', '+15085550119', '+16175550199'].map((p, i) => `CN${i},${p}`),
].join('\n');

let emulator: Emulator;
let report: Report;

beforeAll(() => {
  emulator = createEmulator({ workbook: newWorkbook('quickbooks') });
  uploadSource(emulator, 'quickbooks-online.csv', ONLINE);
  uploadSource(emulator, 'quickbooks-desktop.csv', DESKTOP);
  uploadSource(emulator, 'openphone.csv', OPENPHONE);
  emulator.call('importConversationsCsv', 'conversations.csv', CONVERSATIONS);
  emulator.call('runMatch');
  report = emulator.call<Report>('getReport');
});
afterAll(() => emulator.dispose());

describe('QuickBooks figures of the report', () => {
  it('counts each customer once across Online and Desktop, jobs rolled into their parent', () => {
    // Sample John (3 Online rows, 2 Desktop rows), Example Holdings (2 + 1), Ann Lee, Van Nguyen, Bo Diaz.
    expect(report.quickbooksCustomers).toBe(5);
  });

  it('counts as matched the customers applied to a contact', () => {
    // Bo Diaz's number is contested by another person: in review, not matched yet.
    expect(report.quickbooksMatched).toBe(4);
    expect(report.conflictsPending).toBe(1);
  });
});
