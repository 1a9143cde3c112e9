/**
 * Data validation rules: the builder, the rule, and the part Sheets enforces on a script's
 * writes (a list rule that rejects invalid input).
 * https://developers.google.com/apps-script/reference/spreadsheet/data-validation-builder
 * https://developers.google.com/apps-script/reference/spreadsheet/data-validation
 */
import { bindExecution, executionOf, type Execution } from './execution';
import type { ValidationModel } from './workbook-model';

export const DataValidationCriteria = {
  VALUE_IN_LIST: 'VALUE_IN_LIST',
  VALUE_IN_RANGE: 'VALUE_IN_RANGE',
  CHECKBOX: 'CHECKBOX',
  NUMBER_BETWEEN: 'NUMBER_BETWEEN',
  TEXT_IS_VALID_EMAIL: 'TEXT_IS_VALID_EMAIL',
  CUSTOM_FORMULA: 'CUSTOM_FORMULA',
} as const;

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
    return m.criteria === DataValidationCriteria.VALUE_IN_LIST ? realm.array([realm.array(m.values), m.showDropdown]) : realm.array([...m.values]);
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
    if (!Array.isArray(values)) executionOf(this).fail("The parameters (String) don't match the method signature for SpreadsheetApp.DataValidationBuilder.requireValueInList.");
    this.#rule = { ...this.#rule, criteria: DataValidationCriteria.VALUE_IN_LIST, values: values.map(String), showDropdown: showDropdown ?? true };
    return this;
  }

  requireValueInRange(range: { getA1Notation(): string }, showDropdown?: boolean): DataValidationBuilder {
    this.#rule = { ...this.#rule, criteria: DataValidationCriteria.VALUE_IN_RANGE, values: [range.getA1Notation()], showDropdown: showDropdown ?? true };
    return this;
  }

  requireCheckbox(...values: unknown[]): DataValidationBuilder {
    this.#rule = { ...this.#rule, criteria: DataValidationCriteria.CHECKBOX, values: values.map(String) };
    return this;
  }

  requireNumberBetween(start: number, end: number): DataValidationBuilder {
    this.#rule = { ...this.#rule, criteria: DataValidationCriteria.NUMBER_BETWEEN, values: [String(start), String(end)] };
    return this;
  }

  requireTextIsEmail(): DataValidationBuilder {
    this.#rule = { ...this.#rule, criteria: DataValidationCriteria.TEXT_IS_VALID_EMAIL, values: [] };
    return this;
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
