/**
 * SpreadsheetML written and read directly, row by row, for workbooks of millions of cells.
 * The writer produces the plain subset every spreadsheet program reads: inline strings, one
 * cell style per distinct number format, list validations grouped into ranges. The reader only
 * accepts that subset, from files this writer stamped; anything else is reported as unfamiliar
 * so the caller can use a general reader.
 */
import { utcWallClock, wallClock, zonedTime } from './time-zone';
import { DataValidationCriteria } from './data-validation';
import { isDateValue, type CellModel, type ValidationModel } from './workbook-model';
import type { ZipReader, ZipWriter } from './zip-archive';

export const GENERAL = 'General';
export const DATE_FORMAT = 'yyyy-mm-dd';
/** docProps/app.xml's Application: the files this module may read back itself. */
const STAMP = 'Contact Enrich xlsx 1';
const TEXT_FORMAT_ID = 49;
const FIRST_CUSTOM_FORMAT = 164;
const PART_SIZE = 1 << 18;

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export class UnfamiliarPackage extends Error {}

export interface SheetOut {
  xlsxName: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  frozenRows: number;
  cells: CellModel[][];
}

export interface SheetIn {
  xlsxName: string;
  sheetId: number;
  state: string;
  path: string;
}

// Excel stores wall-clock dates, as a day count from 1899-12-30.
export function toExcelDate(d: Date, timeZone: string): Date {
  const w = wallClock(d.getTime(), timeZone);
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, d.getTime() % 1000));
}

export function fromExcelDate(d: Date, timeZone: string): Date {
  return new Date(zonedTime(utcWallClock(d), timeZone));
}

// Time zone offsets change only on quarter hours, so within one quarter hour a single
// conversion gives the offset for every date: a column of dates costs one lookup per distinct
// quarter hour instead of one per cell.
const QUARTER_HOUR = 900_000;

class DateShifter {
  private readonly toExcelOffsets = new Map<number, number>();
  private readonly fromExcelOffsets = new Map<number, number>();

  constructor(private readonly timeZone: string) {}

  toExcelMs(d: Date): number {
    const t = d.getTime();
    if (!(t >= 0)) return toExcelDate(d, this.timeZone).getTime();
    const bucket = Math.floor(t / QUARTER_HOUR) * QUARTER_HOUR;
    let offset = this.toExcelOffsets.get(bucket);
    if (offset === undefined) this.toExcelOffsets.set(bucket, (offset = toExcelDate(new Date(bucket), this.timeZone).getTime() - bucket));
    return t + offset;
  }

  /** Whole seconds, like the wall clock fields it stands for. */
  fromExcel(d: Date): Date {
    const t = d.getTime();
    if (!(t >= 0)) return fromExcelDate(d, this.timeZone);
    const bucket = Math.floor(t / QUARTER_HOUR) * QUARTER_HOUR;
    let offset = this.fromExcelOffsets.get(bucket);
    if (offset === undefined)
      this.fromExcelOffsets.set(bucket, (offset = fromExcelDate(new Date(bucket), this.timeZone).getTime() - bucket));
    return new Date(t - (t % 1000) + offset);
  }
}

const DAY_MS = 86_400_000;
const EPOCH_SERIAL = 25569;

/** Whether a number format shows a date: its letters outside quotes and brackets. */
const dateFormats = new Map<string, boolean>();

export function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  let date = dateFormats.get(fmt);
  if (date === undefined) dateFormats.set(fmt, (date = /[ymdhMsb]/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''))));
  return date;
}

// ---------------------------------------------------------------- escaping

// XML 1.0 forbids these control characters: they are exactly what must be escaped.
// eslint-disable-next-line no-control-regex
const TEXT_SPECIAL = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|_(?=x[0-9A-Fa-f]{4}_)/;
const TEXT_SPECIAL_ALL = new RegExp(TEXT_SPECIAL.source, 'g');
// eslint-disable-next-line no-control-regex
const ATTR_SPECIAL_ALL = /[&<>"\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function hex4(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

// Characters XML cannot carry are written the way Excel writes them (_xHHHH_), and a literal
// _xHHHH_ is itself escaped so it reads back unchanged; a CR would otherwise become LF.
const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeText(s: string): string {
  if (!TEXT_SPECIAL.test(s)) return s;
  return s.replace(TEXT_SPECIAL_ALL, (ch) => {
    if (XML_ENTITIES[ch]) return XML_ENTITIES[ch];
    if (ch === '\r') return '&#13;';
    if (ch === '_') return '_x005F_';
    return `_x${hex4(ch.charCodeAt(0))}_`;
  });
}

// Attribute values keep tabs and line breaks as character references; other control characters
// cannot be carried at all.
function escapeAttr(s: string): string {
  return s.replace(ATTR_SPECIAL_ALL, (ch) => XML_ENTITIES[ch] ?? (/[\t\n\r]/.test(ch) ? `&#${ch.charCodeAt(0)};` : ''));
}

const ENTITY = /&(lt|gt|amp|quot|apos|#\d+|#x[0-9A-Fa-f]+);/g;
const EXCEL_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

function unescapeXml(s: string): string {
  if (s.includes('&')) {
    s = s.replace(ENTITY, (_, e: string) => {
      switch (e) {
        case 'lt':
          return '<';
        case 'gt':
          return '>';
        case 'amp':
          return '&';
        case 'quot':
          return '"';
        case 'apos':
          return "'";
        default:
          return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
      }
    });
  }
  return s;
}

function unescapeText(s: string): string {
  s = unescapeXml(s);
  return s.includes('_x') ? s.replace(EXCEL_ESCAPE, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

function columnLetters(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}

// ---------------------------------------------------------------- writing

/** One cell style per distinct number format, shared by every cell that uses it. */
class Styles {
  private readonly byFormat = new Map<string, number>([[GENERAL, 0]]);
  private readonly xfs: number[] = [0];
  private readonly custom = new Map<string, number>();

  index(format: string): number {
    let i = this.byFormat.get(format);
    if (i === undefined) {
      let id = format === '@' ? TEXT_FORMAT_ID : this.custom.get(format);
      if (id === undefined) {
        id = FIRST_CUSTOM_FORMAT + this.custom.size;
        this.custom.set(format, id);
      }
      i = this.xfs.length;
      this.xfs.push(id);
      this.byFormat.set(format, i);
    }
    return i;
  }

  xml(): string {
    const numFmts = [...this.custom].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeAttr(code)}"/>`).join('');
    const xfs = this.xfs
      .map((id, i) =>
        i === 0
          ? '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
          : `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`,
      )
      .join('');
    return (
      `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
      (this.custom.size ? `<numFmts count="${this.custom.size}">${numFmts}</numFmts>` : '') +
      '<fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfs.length}">${xfs}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>'
    );
  }
}

interface RuleRanges {
  xml: string;
  /** Per column, runs of consecutive rows [first, last] (1-based). */
  runs: Map<number, Array<[number, number]>>;
}

function ruleXml(rule: ValidationModel): string | undefined {
  if (rule.criteria !== DataValidationCriteria.VALUE_IN_LIST && rule.criteria !== DataValidationCriteria.VALUE_IN_RANGE) return undefined;
  const formula = rule.criteria === DataValidationCriteria.VALUE_IN_LIST ? `"${rule.values.join(',')}"` : (rule.values[0] ?? '');
  return (
    `type="list" allowBlank="1"${rule.allowInvalid ? '' : ' showErrorMessage="1"'}` +
    `${rule.helpText ? ` showInputMessage="1" prompt="${escapeAttr(rule.helpText)}"` : ''}\u0000${escapeText(formula)}`
  );
}

function* sheetXml(sheet: SheetOut, styles: Styles, dates: DateShifter): Generator<string> {
  let out = `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`;
  out += '<sheetViews><sheetView workbookViewId="0">';
  if (sheet.frozenRows > 0)
    out += `<pane ySplit="${sheet.frozenRows}" topLeftCell="A${sheet.frozenRows + 1}" activePane="bottomLeft" state="frozen"/>`;
  out += '</sheetView></sheetViews><sheetData>';
  const letters: string[] = [];
  const rules = new Map<string, RuleRanges>();
  const rows = sheet.cells;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const n = r + 1;
    let line = '';
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (!cell) continue;
      if (cell.validation) {
        const key = ruleXml(cell.validation);
        if (key !== undefined) {
          let ranges = rules.get(key);
          if (!ranges) rules.set(key, (ranges = { xml: key, runs: new Map() }));
          let runs = ranges.runs.get(c);
          if (!runs) ranges.runs.set(c, (runs = []));
          const last = runs[runs.length - 1];
          if (last && last[1] === n - 1) last[1] = n;
          else runs.push([n, n]);
        }
      }
      const text = cellXml(cell, styles, dates);
      if (text === undefined) continue;
      line += `<c r="${letters[c] ?? (letters[c] = columnLetters(c))}${n}"${text}`;
    }
    if (line) out += `<row r="${n}">${line}</row>`;
    if (out.length >= PART_SIZE) {
      yield out;
      out = '';
    }
  }
  out += '</sheetData>';
  if (rules.size) {
    out += `<dataValidations count="${rules.size}">`;
    for (const { xml, runs } of rules.values()) {
      const [attrs, formula] = xml.split('\u0000') as [string, string];
      const sqref: string[] = [];
      for (const [c, list] of runs) {
        const col = letters[c] ?? (letters[c] = columnLetters(c));
        for (const [a, b] of list) sqref.push(a === b ? `${col}${a}` : `${col}${a}:${col}${b}`);
      }
      out += `<dataValidation ${attrs} sqref="${sqref.join(' ')}"><formula1>${formula}</formula1></dataValidation>`;
    }
    out += '</dataValidations>';
  }
  yield `${out}</worksheet>`;
}

/** The rest of a `<c r="…"` element, or undefined for a cell with nothing to write. */
function cellXml(cell: CellModel, styles: Styles, dates: DateShifter): string | undefined {
  const v = cell.value;
  const date = isDateValue(v);
  const format = cell.numberFormat && cell.numberFormat !== GENERAL ? cell.numberFormat : date ? DATE_FORMAT : GENERAL;
  const s = format === GENERAL ? '' : ` s="${styles.index(format)}"`;
  let type = '';
  let value: string | undefined;
  if (typeof v === 'string') {
    if (v !== '') {
      if (cell.formula) {
        type = v.startsWith('#') ? ' t="e"' : ' t="str"';
        value = escapeText(v);
      } else {
        const first = v.charCodeAt(0);
        const last = v.charCodeAt(v.length - 1);
        const space = first <= 32 || last <= 32 || v.includes('\n') ? ' xml:space="preserve"' : '';
        return `${s} t="inlineStr"><is><t${space}>${escapeText(v)}</t></is></c>`;
      }
    }
  } else if (typeof v === 'number') {
    if (Number.isFinite(v)) value = String(v);
    else {
      type = ' t="e"';
      value = '#NUM!';
    }
  } else if (typeof v === 'boolean') {
    type = ' t="b"';
    value = v ? '1' : '0';
  } else if (date) {
    const serial = EPOCH_SERIAL + dates.toExcelMs(v) / DAY_MS;
    if (Number.isFinite(serial)) value = String(serial);
  }
  const f = cell.formula ? `<f>${escapeText(cell.formula.replace(/^=/, ''))}</f>` : '';
  if (value === undefined) return f ? `${s}>${f}</c>` : s ? `${s}/>` : undefined;
  return `${s}${type}>${f}<v>${value}</v></c>`;
}

export async function writeXlsxPackage(zip: ZipWriter, title: string, sheets: SheetOut[], timeZone: string): Promise<void> {
  const styles = new Styles();
  const dates = new DateShifter(timeZone);
  for (let i = 0; i < sheets.length; i++) await zip.addParts(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(sheets[i]!, styles, dates));
  zip.addText('xl/styles.xml', styles.xml());
  const sheetTypes = sheets
    .map(
      (_, i) =>
        `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    )
    .join('');
  zip.addText(
    '[Content_Types].xml',
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      sheetTypes +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
      '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
      '</Types>',
  );
  zip.addText(
    '_rels/.rels',
    `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
      `<Relationship Id="rId3" Type="${REL_NS}/extended-properties" Target="docProps/app.xml"/>` +
      '</Relationships>',
  );
  zip.addText(
    'docProps/app.xml',
    `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>${STAMP}</Application></Properties>`,
  );
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  zip.addText(
    'docProps/core.xml',
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ` +
      'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      `<dc:title>${escapeText(title)}</dc:title>` +
      `<dcterms:created xsi:type="dcterms:W3CDTF">${now}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${now}</dcterms:modified>` +
      '</cp:coreProperties>',
  );
  // Excel opens on the active tab, which must be a visible one.
  const active = Math.max(
    0,
    sheets.findIndex((s) => s.state === 'visible'),
  );
  const sheetList = sheets
    .map(
      (s, i) =>
        `<sheet name="${escapeAttr(s.xlsxName)}" sheetId="${i + 1}"${s.state === 'visible' ? '' : ` state="${s.state}"`} r:id="rId${i + 1}"/>`,
    )
    .join('');
  zip.addText(
    'xl/workbook.xml',
    `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView activeTab="${active}"/></bookViews><sheets>${sheetList}</sheets></workbook>`,
  );
  zip.addText(
    'xl/_rels/workbook.xml.rels',
    `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
      `<Relationship Id="rId${sheets.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>` +
      '</Relationships>',
  );
}

// ---------------------------------------------------------------- reading

/** The package's sheets and title, when the file is one this module wrote. */
export async function readPackageIndex(
  zip: ZipReader,
): Promise<{ title: string; sheets: SheetIn[]; formats: Array<string | undefined> } | undefined> {
  if (!zip.has('docProps/app.xml') || !(await zip.text('docProps/app.xml')).includes(`<Application>${STAMP}</Application>`))
    return undefined;
  const rels = new Map<string, string>();
  for (const m of (await zip.text('xl/_rels/workbook.xml.rels')).matchAll(/<Relationship Id="([^"]+)" Type="[^"]*" Target="([^"]+)"\/>/g))
    rels.set(m[1]!, m[2]!);
  const sheets: SheetIn[] = [];
  for (const m of (await zip.text('xl/workbook.xml')).matchAll(
    /<sheet name="([^"]*)" sheetId="(\d+)"(?: state="(\w+)")? r:id="([^"]+)"\/>/g,
  )) {
    const target = rels.get(m[4]!);
    if (!target) throw new UnfamiliarPackage(`sheet ${m[1]} has no part`);
    sheets.push({ xlsxName: unescapeXml(m[1]!), sheetId: Number(m[2]), state: m[3] ?? 'visible', path: `xl/${target}` });
  }
  const styles = await zip.text('xl/styles.xml');
  const custom = new Map<number, string>();
  for (const m of styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"\/>/g)) custom.set(Number(m[1]), unescapeXml(m[2]!));
  const xfs = /<cellXfs[^>]*>([^]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
  const formats = [...xfs.matchAll(/<xf numFmtId="(\d+)"/g)].map((m) => {
    const id = Number(m[1]);
    return id === 0 ? undefined : id === TEXT_FORMAT_ID ? '@' : custom.get(id);
  });
  const title = /<dc:title>([^]*?)<\/dc:title>/.exec(zip.has('docProps/core.xml') ? await zip.text('docProps/core.xml') : '')?.[1];
  return { title: title ? unescapeText(title) : '', sheets, formats };
}

const CELL_OPEN = Buffer.from('<c r="');
const ROW_CLOSE = Buffer.from('</row>');
const SHEET_DATA = Buffer.from('<sheetData>');
const SHEET_DATA_CLOSE = Buffer.from('</sheetData>');
const F_CLOSE = Buffer.from('</f>');
const V_CLOSE = Buffer.from('</v>');
const T_CLOSE = Buffer.from('</t></is>');
const [LT, GT, SLASH, QUOTE, SPACE, A, Z, ZERO, NINE] = ['<', '>', '/', '"', ' ', 'A', 'Z', '0', '9'].map((ch) => ch.charCodeAt(0)) as [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];
const [LOWER_C, LOWER_F, LOWER_V, LOWER_I, LOWER_S, LOWER_T] = ['c', 'f', 'v', 'i', 's', 't'].map((ch) => ch.charCodeAt(0)) as [
  number,
  number,
  number,
  number,
  number,
  number,
];

/**
 * A sheet's cells and frozen rows, read as its XML is inflated. The cells are scanned in the
 * bytes, so each value is a string of its own rather than a slice pinning a whole chunk of XML.
 */
export async function readSheetPart(
  zip: ZipReader,
  sheet: SheetIn,
  formats: Array<string | undefined>,
  timeZone: string,
): Promise<{ cells: CellModel[][]; frozenRows: number }> {
  const cells: CellModel[][] = [];
  const dates = new DateShifter(timeZone);
  const place = (r: number, c: number, cell: CellModel): void => {
    while (cells.length <= r) cells.push([]);
    const line = cells[r]!;
    while (line.length < c) line.push({ value: '' });
    line[c] = cell;
  };
  const unfamiliar = (at: number): never => {
    throw new UnfamiliarPackage(`${sheet.path}: unexpected XML at byte ${at}`);
  };
  const readRows = (buf: Buffer, limit: number): void => {
    let i = buf.indexOf(CELL_OPEN);
    while (i >= 0 && i < limit) {
      i += CELL_OPEN.length;
      let c = 0;
      for (let ch = buf[i]!; ch >= A && ch <= Z; ch = buf[++i]!) c = c * 26 + ch - 64;
      let r = 0;
      for (let ch = buf[i]!; ch >= ZERO && ch <= NINE; ch = buf[++i]!) r = r * 10 + ch - ZERO;
      if (buf[i++] !== QUOTE || c === 0 || r === 0) unfamiliar(i);
      let style = 0;
      if (buf[i] === SPACE && buf[i + 1] === LOWER_S) {
        i += 4;
        for (let ch = buf[i]!; ch >= ZERO && ch <= NINE; ch = buf[++i]!) style = style * 10 + ch - ZERO;
        i++;
      }
      let type = 0;
      if (buf[i] === SPACE && buf[i + 1] === LOWER_T) {
        type = buf[i + 4]!;
        i = buf.indexOf(QUOTE, i + 4) + 1;
      }
      if (style >= formats.length) unfamiliar(i);
      const format = formats[style];
      const out: CellModel = { value: '' };
      if (buf[i] === SLASH) {
        i += 2;
      } else {
        if (buf[i++] !== GT) unfamiliar(i);
        if (buf[i] === LT && buf[i + 1] === LOWER_F) {
          const end = buf.indexOf(F_CLOSE, i);
          out.formula = `=${unescapeText(buf.toString('utf8', i + 3, end))}`;
          i = end + F_CLOSE.length;
        }
        if (buf[i] === LT && buf[i + 1] === LOWER_V) {
          const end = buf.indexOf(V_CLOSE, i);
          out.value = cellValue(type, buf.toString('utf8', i + 3, end), format, dates);
          i = end + V_CLOSE.length;
        } else if (buf[i] === LT && buf[i + 1] === LOWER_I && buf[i + 2] === LOWER_S) {
          const start = buf.indexOf(GT, i + 5) + 1;
          const end = buf.indexOf(T_CLOSE, start);
          out.value = unescapeText(buf.toString('utf8', start, end));
          i = end + T_CLOSE.length;
        }
        if (buf[i] !== LT || buf[i + 1] !== SLASH || buf[i + 2] !== LOWER_C || buf[i + 3] !== GT) unfamiliar(i);
        i += 4;
      }
      if (format && !(format === DATE_FORMAT && isDateValue(out.value))) out.numberFormat = format;
      if (out.value !== '' || out.formula || out.numberFormat) place(r - 1, c - 1, out);
      i = buf.indexOf(CELL_OPEN, i);
    }
  };
  let pending: Buffer = Buffer.alloc(0);
  let phase: 'head' | 'rows' | 'tail' = 'head';
  let frozenRows = 0;
  const tail: Buffer[] = [];
  for await (const piece of zip.pieces(sheet.path)) {
    if (phase === 'tail') {
      tail.push(piece);
      continue;
    }
    pending = pending.length ? Buffer.concat([pending, piece]) : piece;
    if (phase === 'head') {
      const at = pending.indexOf(SHEET_DATA);
      if (at < 0) continue;
      const pane = /<pane ySplit="(\d+)"[^>]*state="frozen"\/>/.exec(pending.toString('utf8', 0, at));
      frozenRows = pane ? Number(pane[1]) : 0;
      pending = pending.subarray(at + SHEET_DATA.length);
      phase = 'rows';
    }
    const end = pending.indexOf(SHEET_DATA_CLOSE);
    if (end >= 0) {
      readRows(pending, end);
      tail.push(pending.subarray(end + SHEET_DATA_CLOSE.length));
      pending = Buffer.alloc(0);
      phase = 'tail';
    } else {
      const last = pending.lastIndexOf(ROW_CLOSE);
      if (last < 0) continue;
      const cut = last + ROW_CLOSE.length;
      readRows(pending, cut);
      pending = Buffer.from(pending.subarray(cut));
    }
  }
  const column = (letters: string): number => columnIndex(letters);
  if (phase !== 'tail') throw new UnfamiliarPackage(`${sheet.path} has no sheetData`);
  for (const m of Buffer.concat(tail)
    .toString('utf8')
    .matchAll(/<dataValidation ([^>]*)>([^]*?)<\/dataValidation>/g)) {
    const attrs = m[1]!;
    const formula = unescapeText(/<formula1>([^]*?)<\/formula1>/.exec(m[2]!)?.[1] ?? '');
    const prompt = /prompt="([^"]*)"/.exec(attrs)?.[1];
    const inList = formula.startsWith('"');
    const rule = (): ValidationModel => ({
      criteria: inList ? DataValidationCriteria.VALUE_IN_LIST : DataValidationCriteria.VALUE_IN_RANGE,
      values: inList ? formula.slice(1, -1).split(',') : [formula],
      showDropdown: true,
      allowInvalid: !attrs.includes('showErrorMessage="1"'),
      ...(prompt ? { helpText: unescapeXml(prompt) } : {}),
    });
    for (const ref of (/sqref="([^"]*)"/.exec(attrs)?.[1] ?? '').split(' ')) {
      const range = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(ref);
      if (!range) continue;
      const c0 = column(range[1]!);
      const c1 = range[3] ? column(range[3]) : c0;
      const r1 = range[4] ? Number(range[4]) : Number(range[2]);
      for (let r = Number(range[2]) - 1; r < r1; r++) {
        for (let c = c0; c <= c1; c++) {
          const existing = cells[r]?.[c];
          if (existing) existing.validation = rule();
          else place(r, c, { value: '', validation: rule() });
        }
      }
    }
  }
  return { cells, frozenRows };
}

function cellValue(type: number, v: string, format: string | undefined, dates: DateShifter): CellModel['value'] {
  switch (type) {
    case 0:
    case 110: {
      const n = Number(v);
      return isDateFormat(format) ? dates.fromExcel(new Date(Math.round((n - EPOCH_SERIAL) * DAY_MS))) : n;
    }
    case 98:
      return v !== '0';
    case 101:
    case 115:
      return unescapeText(v);
    default:
      throw new UnfamiliarPackage(`cell type ${String.fromCharCode(type)}`);
  }
}
