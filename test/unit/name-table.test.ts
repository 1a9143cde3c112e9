// The names a person would write, for every profile and shape of name cell. Inputs come from
// the issue, the source-format reference (PropertyRadar, QuickBooks, OpenPhone, Google, Outlook),
// and public name-parser test suites (python-nameparser's suffix and particle tests are marked
// `np:`), not only from our generator.
import { describe, expect, it } from 'vitest';
import { profileById } from '../../src/core/sources/profiles';
import { rowView } from '../../src/core/sources/read';
import type { ProfileId } from '../../src/core/sources/types';

type Row = [input: string | string[], first: string, last: string, company: string];

/** One record of a profile with its name cells filled and a phone, and the first person it names. */
function named(profile: ProfileId, cells: Record<string, string>, role?: string) {
  const header = Object.keys(cells);
  const people = profileById(profile)!.persons(
    rowView(
      header,
      header.map((h) => cells[h]!),
    ),
  );
  const p = role ? people.find((x) => x.role === role) : people[0];
  return [p?.firstName ?? '', p?.lastName ?? '', p?.company ?? ''];
}

const phone = '(617) 555-0101';
const SHAPES: Record<string, { run: (input: string | string[]) => string[]; rows: Row[] }> = {
  'free text (a CSV Name column)': {
    run: (input) => named('csv', { Name: input as string, Phone: phone }),
    rows: [
      ['John Smith', 'John', 'Smith', ''],
      ['JOHN SMITH', 'John', 'Smith', ''],
      ['john smith', 'John', 'Smith', ''],
      ['Dr. John Doe', 'John', 'Doe', ''],
      ['Mr. John Doe', 'John', 'Doe', ''],
      ['Mrs. Jane Doe', 'Jane', 'Doe', ''],
      ['Rev. Al Sharpton', 'Al', 'Sharpton', ''],
      ['Prof. Ann Lee', 'Ann', 'Lee', ''],
      ['John Smith, Ph. D.', 'John', 'Smith', ''],
      ['John Smith PhD', 'John', 'Smith', ''],
      ['John Smith, CPA', 'John', 'Smith', ''],
      ['Mary Jones MD', 'Mary', 'Jones', ''],
      ['Kenneth Clarke QC MP', 'Kenneth', 'Clarke', ''],
      ['Kenneth Clarke Q.C.', 'Kenneth', 'Clarke', ''], // np:
      ['Joe Dentist D.D.S.', 'Joe', 'Dentist', ''], // np:
      ['John Doe MD PhD', 'John', 'Doe', ''], // np:
      ['John Smith Ph. D.', 'John', 'Smith', ''], // np:
      ['Andrew Perkins (MBA)', 'Andrew', 'Perkins', ''], // np:
      ["Andrew Perkins 'MBA'", 'Andrew', 'Perkins', ''], // np:
      ['Andrew Perkins, Jr., Col. (Ret)', 'Andrew', 'Perkins Jr', ''], // np:
      ['Joe Franklin Jr', 'Joe', 'Franklin Jr', ''], // np:
      ['John Doe jr., MD', 'John', 'Doe Jr', ''], // np:
      ['Jack Ma', 'Jack', 'Ma', ''], // np:
      ['Jack Ma Jr', 'Jack', 'Ma Jr', ''], // np:
      ['John Smith III', 'John', 'Smith III', ''],
      ['JOHN A SAMPLE JR', 'John', 'Sample Jr', ''],
      ['John Smith, Jr.', 'John', 'Smith Jr', ''],
      ['Robert Smith Sr.', 'Robert', 'Smith Sr', ''],
      ['Benjamin (Ben) Franklin', 'Benjamin', 'Franklin', ''],
      ['Robert "Bob" Smith', 'Robert', 'Smith', ''],
      ["William 'Bill' Smith", 'William', 'Smith', ''],
      ['Mr. and Mrs. John and Jane Smith', 'John', 'Smith', ''],
      ['John & Jane Smith', 'John', 'Smith', ''],
      ['John and Jane Smith', 'John', 'Smith', ''],
      ['JOHN & MARY SMITH', 'John', 'Smith', ''],
      ['John Smith & Jane Doe', 'John', 'Smith', ''],
      ['Dr. & Mrs. Paul Adams', 'Paul', 'Adams', ''],
      ['Maria Van Dyke', 'Maria', 'Van Dyke', ''],
      ['Juan de la Cruz', 'Juan', 'de la Cruz', ''],
      ['Jan van der Velt', 'Jan', 'van der Velt', ''],
      ['John St. John', 'John', 'St. John', ''],
      ['Jill St. John', 'Jill', 'St. John', ''], // np:
      ['Paul St. John', 'Paul', 'St. John', ''],
      ['Christine St. Pierre', 'Christine', 'St. Pierre', ''],
      ['Maria Aznar y Lopez', 'Maria', 'Aznar y Lopez', ''],
      ['Ahmed bin Laden', 'Ahmed', 'bin Laden', ''],
      ['Ali al Hassan', 'Ali', 'al Hassan', ''],
      ['Leonardo da Vinci', 'Leonardo', 'da Vinci', ''],
      ['Ludwig van Beethoven', 'Ludwig', 'van Beethoven', ''],
      ['Juan del Sur', 'Juan', 'del Sur', ''], // np:
      ['Rafael Sousa dos Anjos', 'Rafael', 'dos Anjos', ''], // np:
      ['Jean de Mesnil', 'Jean', 'de Mesnil', ''], // np:
      ['de la Vega', '', 'de la Vega', ''], // np:
      ['dos Santos', '', 'dos Santos', ''], // np:
      ['Gina M Le', 'Gina', 'Le', ''],
      ['Anh Le', 'Anh', 'Le', ''],
      ['Anh Do', 'Anh', 'Do', ''], // np:
      ['Van Nguyen', 'Van', 'Nguyen', ''],
      ['Van Johnson', 'Van', 'Johnson', ''], // np:
      ['Van Jeremy Johnson', 'Van', 'Johnson', ''], // np:
      ['Della Reese', 'Della', 'Reese', ''], // np:
      ['Del Toro', 'Del', 'Toro', ''], // np:
      ['JOHN MCDONALD', 'John', 'McDonald', ''],
      ["PATRICK O'BRIEN", 'Patrick', "O'Brien", ''],
      ['MARY SMITH-JONES', 'Mary', 'Smith-Jones', ''],
      ['mary-kate olsen', 'Mary-Kate', 'Olsen', ''],
      ['Jean-Luc Picard', 'Jean-Luc', 'Picard', ''],
      ['John deAngelo', 'John', 'deAngelo', ''],
      ['Ronald McDonald', 'Ronald', 'McDonald', ''],
      ['Travis G', 'Travis', '', ''],
      ['Travis G. Smith', 'Travis', 'Smith', ''],
      ['John Q. Public', 'John', 'Public', ''],
      ['J. Smith', 'J.', 'Smith', ''],
      ['j. smith', 'J.', 'Smith', ''],
      ['Samuel Hughes M', 'Samuel', 'Hughes', ''],
      ['St. John Michael', 'Michael', 'St. John', ''],
      ['Van der Velt Melissa', 'Melissa', 'Van der Velt', ''],
      ['Cher', 'Cher', '', ''],
      ['Lynch', '', 'Lynch', ''],
      ['Nevin', '', 'Nevin', ''],
      ['<script>x</script>M.', '', '', ''],
      ['<b>John Smith</b>', 'John', 'Smith', ''],
      ['John Smith 😀', 'John', 'Smith', ''],
      ['🏠 Jane Doe', 'Jane', 'Doe', ''],
      ['(Unknown)', '', '', ''],
      ['Unknown', '', '', ''],
      ['DO NOT CALL', '', '', ''],
      ['John Smith (DO NOT CALL)', 'John', 'Smith', ''],
      ['DNC - John Smith', 'John', 'Smith', ''],
      ['Frederick Ryan - referral', 'Frederick', 'Ryan', ''],
      ['Kevin Green (cell)', 'Kevin', 'Green', ''],
      ['617-555-0123', '', '', ''],
      ['John Smith 617-555-0123', 'John', 'Smith', ''],
      ['jsmith@example.com', '', '', ''],
      ['John Smith <jsmith@example.com>', 'John', 'Smith', ''],
      ['N/A', '', '', ''],
      ['ACME LLC', '', '', 'Acme LLC'],
      ['Example Holdings, L.L.C.', '', '', 'Example Holdings, L.L.C.'],
      ['Estate of John Doe', '', '', 'Estate of John Doe'],
      ['Doe Family Trust', '', '', 'Doe Family Trust'],
      ['Smith Realty LLC', '', '', 'Smith Realty LLC'],
      ['First National Bank', '', '', 'First National Bank'],
      ['Sullivan Plumbing', '', '', 'Sullivan Plumbing'],
    ],
  },
  'free text, Last, First (lead lists, QuickBooks)': {
    run: (input) => named('csv', { Name: input as string, Phone: phone }),
    rows: [
      ['Smith, John', 'John', 'Smith', ''],
      ['SMITH, JOHN', 'John', 'Smith', ''],
      ['Doe, John, Jr.', 'John', 'Doe Jr', ''],
      ['Doe, John jr., MD', 'John', 'Doe Jr', ''], // np:
      ['Smith, J.R.', 'J.R.', 'Smith', ''],
      ['Smith, John A.', 'John', 'Smith', ''],
      ['St. Pierre, Christine', 'Christine', 'St. Pierre', ''],
      ['de la Cruz, Juan', 'Juan', 'de la Cruz', ''],
      ['Van Dyke, Maria', 'Maria', 'Van Dyke', ''],
      ['Ma, Jack', 'Jack', 'Ma', ''], // np:
      ['Washington Jr. MD, Franklin', 'Franklin', 'Washington Jr', ''], // np:
      ['Clarke, Kenneth, Q.C. M.P.', 'Kenneth', 'Clarke', ''], // np:
      ['Smith, John, PhD', 'John', 'Smith', ''],
      ['Smith, John & Jane', 'John', 'Smith', ''],
      ["O'BRIEN, PATRICK", 'Patrick', "O'Brien", ''],
      ['Smith, Dr. John', 'John', 'Smith', ''],
    ],
  },
  'PropertyRadar Owner (assessor order)': {
    run: (input) => named('propertyradar', { 'Radar ID': 'P1A2B3C4', Owner: input as string, APN: '1' }, 'Owner'),
    rows: [
      ['SMITH JOHN A', 'John', 'Smith', ''],
      ['SMITH JOHN A & JANE B', 'John', 'Smith', ''],
      ['SMITH JOHN & DOE MARY', 'John', 'Smith', ''],
      ['BIANCHI MEGAN', 'Megan', 'Bianchi', ''],
      ['DE LA CRUZ JUAN', 'Juan', 'De la Cruz', ''],
      ['VAN DYKE MARIA L', 'Maria', 'Van Dyke', ''],
      ['ST PIERRE CHRISTINE', 'Christine', 'St Pierre', ''],
      ["O'BRIEN PATRICK J JR", 'Patrick', "O'Brien Jr", ''],
      ['MCDONALD RONALD', 'Ronald', 'McDonald', ''],
      ['SMITH-JONES MARY', 'Mary', 'Smith-Jones', ''],
      ['LE GINA M', 'Gina', 'Le', ''],
      ['NGUYEN VAN', 'Van', 'Nguyen', ''],
      ['SMITH JOHN H ET UX MARY W', 'John', 'Smith', ''],
      ['SMITH JOHN ETAL', 'John', 'Smith', ''],
      ['DOE FAMILY TRUST', '', '', 'Doe Family Trust'],
      ['EXAMPLE HOLDINGS LLC', '', '', 'Example Holdings LLC'],
      ['ESTATE OF JOHN DOE', '', '', 'Estate of John Doe'],
      ['SMITH JOHN TRUSTEE', '', '', 'Smith John Trustee'],
      ['CITY OF QUINCY', '', '', 'City of Quincy'],
    ],
  },
  'PropertyRadar Primary Name beside Primary First': {
    run: (input) =>
      named(
        'propertyradar',
        { 'Radar ID': 'P1A2B3C4', 'Primary Name': input[0]!, 'Primary First': input[1]!, 'Primary Mobile Phone1': phone },
        'Primary',
      ),
    rows: [
      [['BIANCHI MEGAN', 'MEGAN'], 'Megan', 'Bianchi', ''],
      [['MEGAN BIANCHI', 'MEGAN'], 'Megan', 'Bianchi', ''],
      [['WELLS YOLANDA', 'YOLANDA'], 'Yolanda', 'Wells', ''],
      [['VAN DYKE MARIA', 'MARIA'], 'Maria', 'Van Dyke', ''],
      [['MARIA VAN DYKE', 'MARIA'], 'Maria', 'Van Dyke', ''],
      [['ST. JOHN MICHAEL', 'MICHAEL'], 'Michael', 'St. John', ''],
      [['JOHN SMITH JR', 'JOHN'], 'John', 'Smith Jr', ''],
      [['SMITH JOHN A', 'JOHN'], 'John', 'Smith', ''],
      [["O'BRIEN PATRICK", 'PATRICK'], 'Patrick', "O'Brien", ''],
      [['LE GINA', 'GINA'], 'Gina', 'Le', ''],
      [['NGUYEN VAN', 'VAN'], 'Van', 'Nguyen', ''],
      [['VAN NGUYEN', 'VAN'], 'Van', 'Nguyen', ''],
      [['MCCARTHY KEVIN', 'KEVIN'], 'Kevin', 'McCarthy', ''],
      [['KEVIN MCCARTHY', ''], 'Kevin', 'McCarthy', ''],
      [['', 'MEGAN'], 'Megan', '', ''],
    ],
  },
  'QuickBooks Online Customer (display name)': {
    run: (input) =>
      named('quickbooks-online-customers', { Customer: input as string, Company: '', Phone: phone, Email: '', 'Open Balance': '0.00' }),
    rows: [
      ['Smith, John', 'John', 'Smith', ''],
      ['John Smith', 'John', 'Smith', ''],
      ['Smith, John:12 Elm St', 'John', 'Smith', ''],
      ['Smith, John (deleted)', 'John', 'Smith', ''],
      ['Dr. John Smith', 'John', 'Smith', ''],
      ['John Smith, CPA', 'John', 'Smith', ''],
      ['Mr. and Mrs. John and Jane Smith', 'John', 'Smith', ''],
      ['Smith, John, Jr.', 'John', 'Smith Jr', ''],
      ['Smith, John A', 'John', 'Smith', ''],
      ['Cruz, Juan de la', 'Juan', 'Cruz', ''],
      ['de la Cruz, Juan', 'Juan', 'de la Cruz', ''],
      ['Example Holdings LLC', '', '', 'Example Holdings LLC'],
      ['Smith Realty LLC:Unit 4', '', '', 'Smith Realty LLC'],
      ['Benjamin (Ben) Franklin', 'Benjamin', 'Franklin', ''],
      ['FOSTER, RONALD', 'Ronald', 'Foster', ''],
    ],
  },
  'QuickBooks Desktop First / M.I. / Last': {
    run: (input) =>
      named('quickbooks-desktop', {
        Customer: 'Customer',
        'First Name': input[0]!,
        'M.I.': input[1]!,
        'Last Name': input[2]!,
        'Main Phone': phone,
        'Main Email': '',
        'Active Status': 'Active',
        'Bill to 1': '',
      }),
    rows: [
      [['John', 'A', 'Smith'], 'John', 'Smith', ''],
      [['JOHN', '', 'MCDONALD'], 'John', 'McDonald', ''],
      [['Travis G', '', 'Smith'], 'Travis', 'Smith', ''],
      [['Ronald Foster', '', 'Foster'], 'Ronald', 'Foster', ''],
      [['Maria', '', 'Van Dyke'], 'Maria', 'Van Dyke', ''],
      [['Dr. John', '', 'Smith'], 'John', 'Smith', ''],
      [['John', '', 'Smith Jr.'], 'John', 'Smith Jr', ''],
      [['John', '', 'Smith, CPA'], 'John', 'Smith', ''],
    ],
  },
  'OpenPhone First name / Last name': {
    run: (input) =>
      named('openphone', { 'First name': input[0]!, 'Last name': input[1]!, Company: input[2] ?? '', 'Phone number': '+16175550101' }),
    rows: [
      [['John', 'Smith'], 'John', 'Smith', ''],
      [['Ronald Foster', 'Foster'], 'Ronald', 'Foster', ''],
      [['Travis G', 'Smith'], 'Travis', 'Smith', ''],
      [['Travis G.', 'Smith'], 'Travis', 'Smith', ''],
      [['Megan', 'Bianchi'], 'Megan', 'Bianchi', ''],
      [['Bianchi', 'Megan'], 'Bianchi', 'Megan', ''], // the export's own columns decide orientation
      [['JOHN', 'SMITH'], 'John', 'Smith', ''],
      [['john', 'smith'], 'John', 'Smith', ''],
      [['DeShawn', 'McKenzie'], 'DeShawn', 'McKenzie', ''],
      [['j.r.', 'smith'], 'J.R.', 'Smith', ''],
      [['J', 'Smith'], 'J', 'Smith', ''],
      [['Maria', 'van der Velt'], 'Maria', 'van der Velt', ''],
      [['Christine', 'St. Pierre'], 'Christine', 'St. Pierre', ''],
      [['Gina', 'Le'], 'Gina', 'Le', ''],
      [['Van', 'Nguyen'], 'Van', 'Nguyen', ''],
      [['John Smith', ''], 'John', 'Smith', ''],
      [['', 'Smith, John'], 'John', 'Smith', ''],
      [['Smith', ''], 'Smith', '', ''], // a First column is a given name, whatever it holds
      [['Benjamin (Ben)', 'Franklin'], 'Benjamin', 'Franklin', ''],
      [['Bob "Bobby"', 'Smith'], 'Bob', 'Smith', ''],
      [['(Unknown)', ''], '', '', ''],
      [['DO NOT CALL', 'Smith'], '', 'Smith', ''],
      [['<script>x</script>M.', ''], '', '', ''],
      [['John 😀', 'Smith'], 'John', 'Smith', ''],
      [['617-555-0199', ''], '', '', ''],
      [['jsmith@example.com', ''], '', '', ''],
      [['Dr. Ann', 'Lee'], 'Ann', 'Lee', ''],
      [['John', 'Smith Jr'], 'John', 'Smith Jr', ''],
      [['John', 'Smith III'], 'John', 'Smith III', ''],
      [['', '', 'Acme Realty LLC'], '', '', 'Acme Realty LLC'],
      [['Acme', 'Realty LLC'], '', '', 'Acme Realty LLC'],
      [['Mary-Kate', "O'Neil"], 'Mary-Kate', "O'Neil", ''],
    ],
  },
  'Google Contacts First / Middle / Last': {
    run: (input) =>
      named('google-contacts', {
        'First Name': input[0]!,
        'Middle Name': input[1]!,
        'Last Name': input[2]!,
        'Organization Name': input[3] ?? '',
        'Phone 1 - Value': phone,
      }),
    rows: [
      [['John', 'Quincy', 'Adams'], 'John', 'Adams', ''],
      [['John', '', 'Adams'], 'John', 'Adams', ''],
      [['Mary Ann', '', 'Smith'], 'Mary', 'Smith', ''],
      [['Jane', '', 'Doe', 'Acme Inc'], 'Jane', 'Doe', 'Acme Inc'],
      [['', '', '', 'Acme Inc'], '', '', 'Acme Inc'],
      [['JANE', 'B', 'DOE'], 'Jane', 'Doe', ''],
      [['Ronald Foster', '', 'Foster'], 'Ronald', 'Foster', ''],
      [['Luis', '', 'de la Cruz'], 'Luis', 'de la Cruz', ''],
    ],
  },
  'Outlook First / Middle / Last / Suffix': {
    run: (input) =>
      named('outlook', {
        'First Name': input[0]!,
        'Middle Name': input[1]!,
        'Last Name': input[2]!,
        Suffix: input[3]!,
        Company: '',
        'E-mail Address': '',
        'Mobile Phone': phone,
      }),
    rows: [
      [['John', 'A', 'Smith', 'Jr.'], 'John', 'Smith Jr', ''],
      [['John', '', 'Smith', 'III'], 'John', 'Smith III', ''],
      [['John', '', 'Smith', 'PhD'], 'John', 'Smith', ''],
      [['Mary', '', 'St. John', ''], 'Mary', 'St. John', ''],
      [['MARY', '', 'OBRIEN', ''], 'Mary', 'Obrien', ''],
      [['Dr. Paul', '', 'Adams', ''], 'Paul', 'Adams', ''],
    ],
  },
  'CSV First / Last columns': {
    run: (input) => named('csv', { 'First Name': input[0]!, 'Last Name': input[1]!, Phone: phone }),
    rows: [
      [['yolanda', 'wells'], 'Yolanda', 'Wells', ''],
      [['YOLANDA', 'WELLS'], 'Yolanda', 'Wells', ''],
      [['Yolanda', 'Wells'], 'Yolanda', 'Wells', ''],
      [['Ronald Foster', 'Foster'], 'Ronald', 'Foster', ''],
      [['Ronald', 'Ronald Foster'], 'Ronald', 'Foster', ''],
      [['Travis G', 'Mitchell'], 'Travis', 'Mitchell', ''],
      [['N/A', 'Mitchell'], '', 'Mitchell', ''],
    ],
  },
};

describe.each(Object.entries(SHAPES))('%s', (_shape, { run, rows }) => {
  it.each(rows)('%j → %s | %s | %s', (input, first, last, company) => {
    expect(run(input)).toEqual([first, last, company]);
  });
});

it('covers at least 200 name inputs', () => {
  expect(Object.values(SHAPES).reduce((n, s) => n + s.rows.length, 0)).toBeGreaterThanOrEqual(200);
});
