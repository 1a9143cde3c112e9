/**
 * Data validation rules: the builder, the rule, and what Sheets enforces on a script's writes:
 * a rule that rejects invalid input (setAllowInvalid(false)) refuses every value its criterion
 * does not accept, whatever the criterion.
 * https://developers.google.com/apps-script/reference/spreadsheet/data-validation-builder
 * https://developers.google.com/apps-script/reference/spreadsheet/data-validation
 * https://developers.google.com/apps-script/reference/spreadsheet/data-validation-criteria
 * Sheets' help (https://support.google.com/docs/answer/186103) describes the criteria; where it
 * leaves a detail open, the stricter reading is taken: a number rule refuses text that looks like
 * a number in a text (@) cell, a date rule refuses plain numbers, text rules compare the text the
 * cell shows, and a custom formula that refers to cells cannot be checked, so the write is refused.
 */
import { evaluateFormula } from './formula';
import { bindExecution, executionOf, type Execution } from './execution';
import { wallClock } from './time-zone';
import { isDateValue, type CellValue, type ValidationModel } from './workbook-model';

export const DataValidationCriteria = {
  VALUE_IN_LIST: 'VALUE_IN_LIST',
  VALUE_IN_RANGE: 'VALUE_IN_RANGE',
  CHECKBOX: 'CHECKBOX',
  DATE_IS_VALID_DATE: 'DATE_IS_VALID_DATE',
  DATE_AFTER: 'DATE_AFTER',
  DATE_BEFORE: 'DATE_BEFORE',
  DATE_BETWEEN: 'DATE_BETWEEN',
  DATE_NOT_BETWEEN: 'DATE_NOT_BETWEEN',
  DATE_EQUAL_TO: 'DATE_EQUAL_TO',
  DATE_ON_OR_AFTER: 'DATE_ON_OR_AFTER',
  DATE_ON_OR_BEFORE: 'DATE_ON_OR_BEFORE',
  NUMBER_BETWEEN: 'NUMBER_BETWEEN',
  NUMBER_NOT_BETWEEN: 'NUMBER_NOT_BETWEEN',
  NUMBER_EQUAL_TO: 'NUMBER_EQUAL_TO',
  NUMBER_NOT_EQUAL_TO: 'NUMBER_NOT_EQUAL_TO',
  NUMBER_GREATER_THAN: 'NUMBER_GREATER_THAN',
  NUMBER_GREATER_THAN_OR_EQUAL_TO: 'NUMBER_GREATER_THAN_OR_EQUAL_TO',
  NUMBER_LESS_THAN: 'NUMBER_LESS_THAN',
  NUMBER_LESS_THAN_OR_EQUAL_TO: 'NUMBER_LESS_THAN_OR_EQUAL_TO',
  TEXT_CONTAINS: 'TEXT_CONTAINS',
  TEXT_DOES_NOT_CONTAIN: 'TEXT_DOES_NOT_CONTAIN',
  TEXT_EQUAL_TO: 'TEXT_EQUAL_TO',
  TEXT_IS_VALID_EMAIL: 'TEXT_IS_VALID_EMAIL',
  TEXT_IS_VALID_URL: 'TEXT_IS_VALID_URL',
  CUSTOM_FORMULA: 'CUSTOM_FORMULA',
} as const;

const C = DataValidationCriteria;
const NUMBER_RULES: Record<string, (v: number, a: number, b: number) => boolean> = {
  [C.NUMBER_BETWEEN]: (v, a, b) => v >= Math.min(a, b) && v <= Math.max(a, b),
  [C.NUMBER_NOT_BETWEEN]: (v, a, b) => v < Math.min(a, b) || v > Math.max(a, b),
  [C.NUMBER_EQUAL_TO]: (v, a) => v === a,
  [C.NUMBER_NOT_EQUAL_TO]: (v, a) => v !== a,
  [C.NUMBER_GREATER_THAN]: (v, a) => v > a,
  [C.NUMBER_GREATER_THAN_OR_EQUAL_TO]: (v, a) => v >= a,
  [C.NUMBER_LESS_THAN]: (v, a) => v < a,
  [C.NUMBER_LESS_THAN_OR_EQUAL_TO]: (v, a) => v <= a,
};
// Dates compare as calendar days of the spreadsheet's time zone.
const DATE_RULES: Record<string, (v: number, a: number, b: number) => boolean> = {
  [C.DATE_IS_VALID_DATE]: () => true,
  [C.DATE_AFTER]: (v, a) => v > a,
  [C.DATE_BEFORE]: (v, a) => v < a,
  [C.DATE_BETWEEN]: (v, a, b) => v >= Math.min(a, b) && v <= Math.max(a, b),
  [C.DATE_NOT_BETWEEN]: (v, a, b) => v < Math.min(a, b) || v > Math.max(a, b),
  [C.DATE_EQUAL_TO]: (v, a) => v === a,
  [C.DATE_ON_OR_AFTER]: (v, a) => v >= a,
  [C.DATE_ON_OR_BEFORE]: (v, a) => v <= a,
};
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_TEXT = /^(?:(?:https?|ftp):\/\/)?[^\s/.:]+(?:\.[^\s/.:]+)+(?::\d+)?(?:[/?#]\S*)?$/i;
const CELL_REFERENCE = /(?:^|[^A-Za-z_])\$?[A-Za-z]{1,3}\$?\d+(?![\w(])|!/;

function dayOf(time: number, timeZone: string): number {
  const w = wallClock(time, timeZone);
  return Math.floor(Date.UTC(w.year, w.month - 1, w.day) / 86400000);
}

export interface ValidationInput {
  value: CellValue;
  /** The text the cell would show. */
  text: string;
  timeZone: string;
  /** The shown texts of the cells a VALUE_IN_RANGE rule names. */
  rangeTexts(a1: string): string[];
}

/**
 * Whether the rule accepts the value; undefined when the emulator cannot decide (a custom formula
 * that refers to cells), which the caller refuses.
 */
export function accepts(rule: ValidationModel, input: ValidationInput): boolean | undefined {
  const { value, text } = input;
  const [a, b] = rule.values;
  switch (rule.criteria) {
    case C.VALUE_IN_LIST:
      return rule.values.includes(text);
    case C.VALUE_IN_RANGE:
      return input.rangeTexts(a ?? '').includes(text);
    case C.CHECKBOX:
      if (rule.values.length === 0) return typeof value === 'boolean';
      return rule.values.includes(text);
    case C.TEXT_CONTAINS:
      return text.toLowerCase().includes((a ?? '').toLowerCase());
    case C.TEXT_DOES_NOT_CONTAIN:
      return !text.toLowerCase().includes((a ?? '').toLowerCase());
    case C.TEXT_EQUAL_TO:
      return text === a;
    case C.TEXT_IS_VALID_EMAIL:
      return EMAIL.test(text);
    case C.TEXT_IS_VALID_URL:
      return URL_TEXT.test(text);
    case C.CUSTOM_FORMULA: {
      const formula = (a ?? '').replace(/^=/, '');
      if (CELL_REFERENCE.test(formula)) return undefined;
      const result = evaluateFormula(formula);
      return result === true || (typeof result === 'number' && result !== 0);
    }
  }
  const numberRule = NUMBER_RULES[rule.criteria];
  if (numberRule) return typeof value === 'number' && numberRule(value, Number(a), Number(b));
  const dateRule = DATE_RULES[rule.criteria];
  if (dateRule) {
    if (!isDateValue(value) || Number.isNaN(value.getTime())) return false;
    const day = (t: string | undefined) => (t === undefined ? NaN : dayOf(Number(t), input.timeZone));
    return dateRule(dayOf(value.getTime(), input.timeZone), day(a), day(b));
  }
  return undefined;
}

const models = new WeakMap<object, ValidationModel>();

export class DataValidation {
  constructor(exec: Execution, model: ValidationModel) {
    bindExecution(this, exec);
    models.set(this, { ...model, values: [...model.values] });
  }

  static modelOf(rule: unknown): ValidationModel | undefined {
    return typeof rule === 'object' && rule !== null ? models.get(rule) : undefined;
  }

  #model(): ValidationModel {
    return models.get(this)!;
  }

  getCriteriaType(): string {
    return this.#model().criteria;
  }

  getCriteriaValues(): unknown[] {
    const m = this.#model();
    const realm = executionOf(this).realm;
    if (m.criteria === C.VALUE_IN_LIST) return realm.array([realm.array(m.values), m.showDropdown]);
    if (NUMBER_RULES[m.criteria]) return realm.array(m.values.map(Number));
    if (DATE_RULES[m.criteria]) return realm.array(m.values.map((v) => realm.date(Number(v))));
    return realm.array([...m.values]);
  }

  getAllowInvalid(): boolean {
    return this.#model().allowInvalid;
  }

  getHelpText(): string | null {
    return this.#model().helpText ?? null;
  }

  copy(): DataValidationBuilder {
    return new DataValidationBuilder(executionOf(this), this.#model());
  }

  toString(): string {
    return 'DataValidation';
  }
}

export class DataValidationBuilder {
  #rule: ValidationModel;

  constructor(exec: Execution, from?: ValidationModel) {
    bindExecution(this, exec);
    // setAllowInvalid defaults to true: a new rule only warns.
    this.#rule = from ? { ...from, values: [...from.values] } : { criteria: '', values: [], showDropdown: true, allowInvalid: true };
  }

  requireValueInList(values: unknown[], showDropdown?: boolean): DataValidationBuilder {
    if (!Array.isArray(values))
      executionOf(this).fail(
        "The parameters (String) don't match the method signature for SpreadsheetApp.DataValidationBuilder.requireValueInList.",
      );
    this.#rule = {
      ...this.#rule,
      criteria: DataValidationCriteria.VALUE_IN_LIST,
      values: values.map(String),
      showDropdown: showDropdown ?? true,
    };
    return this;
  }

  /** The range is kept as sheet-qualified A1 notation, so the rule still names it from any other sheet. */
  requireValueInRange(
    range: { getA1Notation(): string; getSheet(): { getName(): string } },
    showDropdown?: boolean,
  ): DataValidationBuilder {
    const sheet = range.getSheet().getName().replace(/'/g, "''");
    this.#rule = {
      ...this.#rule,
      criteria: DataValidationCriteria.VALUE_IN_RANGE,
      values: [`'${sheet}'!${range.getA1Notation()}`],
      showDropdown: showDropdown ?? true,
    };
    return this;
  }

  /** requireCheckbox(): TRUE/FALSE; requireCheckbox(checked) and requireCheckbox(checked, unchecked): those values. */
  requireCheckbox(...values: unknown[]): DataValidationBuilder {
    return this.#set(
      C.CHECKBOX,
      values.map((v) => (typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v))),
    );
  }

  #set(criteria: string, values: string[]): DataValidationBuilder {
    this.#rule = { ...this.#rule, criteria, values };
    return this;
  }

  #numbers(method: string, criteria: string, args: unknown[]): DataValidationBuilder {
    if (!args.every((a) => typeof a === 'number' && Number.isFinite(a))) {
      executionOf(this).fail(
        `The parameters (${args.map((a) => typeof a).join(',')}) don't match the method signature for SpreadsheetApp.DataValidationBuilder.${method}.`,
      );
    }
    return this.#set(criteria, args.map(String));
  }

  #dates(method: string, criteria: string, args: unknown[]): DataValidationBuilder {
    if (!args.every((a) => isDateValue(a) && !Number.isNaN(a.getTime()))) {
      executionOf(this).fail(
        `The parameters (${args.map((a) => (isDateValue(a) ? 'Date' : typeof a)).join(',')}) don't match the method signature for SpreadsheetApp.DataValidationBuilder.${method}.`,
      );
    }
    return this.#set(
      criteria,
      args.map((a) => String((a as Date).getTime())),
    );
  }

  requireNumberBetween(start: number, end: number): DataValidationBuilder {
    return this.#numbers('requireNumberBetween', C.NUMBER_BETWEEN, [start, end]);
  }
  requireNumberNotBetween(start: number, end: number): DataValidationBuilder {
    return this.#numbers('requireNumberNotBetween', C.NUMBER_NOT_BETWEEN, [start, end]);
  }
  requireNumberEqualTo(number: number): DataValidationBuilder {
    return this.#numbers('requireNumberEqualTo', C.NUMBER_EQUAL_TO, [number]);
  }
  requireNumberNotEqualTo(number: number): DataValidationBuilder {
    return this.#numbers('requireNumberNotEqualTo', C.NUMBER_NOT_EQUAL_TO, [number]);
  }
  requireNumberGreaterThan(number: number): DataValidationBuilder {
    return this.#numbers('requireNumberGreaterThan', C.NUMBER_GREATER_THAN, [number]);
  }
  requireNumberGreaterThanOrEqualTo(number: number): DataValidationBuilder {
    return this.#numbers('requireNumberGreaterThanOrEqualTo', C.NUMBER_GREATER_THAN_OR_EQUAL_TO, [number]);
  }
  requireNumberLessThan(number: number): DataValidationBuilder {
    return this.#numbers('requireNumberLessThan', C.NUMBER_LESS_THAN, [number]);
  }
  requireNumberLessThanOrEqualTo(number: number): DataValidationBuilder {
    return this.#numbers('requireNumberLessThanOrEqualTo', C.NUMBER_LESS_THAN_OR_EQUAL_TO, [number]);
  }

  requireDate(): DataValidationBuilder {
    return this.#set(C.DATE_IS_VALID_DATE, []);
  }
  requireDateAfter(date: Date): DataValidationBuilder {
    return this.#dates('requireDateAfter', C.DATE_AFTER, [date]);
  }
  requireDateBefore(date: Date): DataValidationBuilder {
    return this.#dates('requireDateBefore', C.DATE_BEFORE, [date]);
  }
  requireDateBetween(start: Date, end: Date): DataValidationBuilder {
    return this.#dates('requireDateBetween', C.DATE_BETWEEN, [start, end]);
  }
  requireDateNotBetween(start: Date, end: Date): DataValidationBuilder {
    return this.#dates('requireDateNotBetween', C.DATE_NOT_BETWEEN, [start, end]);
  }
  requireDateEqualTo(date: Date): DataValidationBuilder {
    return this.#dates('requireDateEqualTo', C.DATE_EQUAL_TO, [date]);
  }
  requireDateOnOrAfter(date: Date): DataValidationBuilder {
    return this.#dates('requireDateOnOrAfter', C.DATE_ON_OR_AFTER, [date]);
  }
  requireDateOnOrBefore(date: Date): DataValidationBuilder {
    return this.#dates('requireDateOnOrBefore', C.DATE_ON_OR_BEFORE, [date]);
  }

  requireTextContains(text: string): DataValidationBuilder {
    return this.#set(C.TEXT_CONTAINS, [String(text)]);
  }
  requireTextDoesNotContain(text: string): DataValidationBuilder {
    return this.#set(C.TEXT_DOES_NOT_CONTAIN, [String(text)]);
  }
  requireTextEqualTo(text: string): DataValidationBuilder {
    return this.#set(C.TEXT_EQUAL_TO, [String(text)]);
  }
  requireTextIsEmail(): DataValidationBuilder {
    return this.#set(C.TEXT_IS_VALID_EMAIL, []);
  }
  requireTextIsUrl(): DataValidationBuilder {
    return this.#set(C.TEXT_IS_VALID_URL, []);
  }

  requireFormulaSatisfied(formula: string): DataValidationBuilder {
    this.#rule = { ...this.#rule, criteria: DataValidationCriteria.CUSTOM_FORMULA, values: [String(formula)] };
    return this;
  }

  setAllowInvalid(allowInvalidData: boolean): DataValidationBuilder {
    this.#rule = { ...this.#rule, allowInvalid: Boolean(allowInvalidData) };
    return this;
  }

  setHelpText(helpText: string): DataValidationBuilder {
    this.#rule = { ...this.#rule, helpText: String(helpText) };
    return this;
  }

  getAllowInvalid(): boolean {
    return this.#rule.allowInvalid;
  }

  build(): DataValidation {
    const exec = executionOf(this);
    if (!this.#rule.criteria) exec.fail('You must specify a criteria type for the data validation rule.');
    return new DataValidation(exec, this.#rule);
  }

  toString(): string {
    return 'DataValidationBuilder';
  }
}
