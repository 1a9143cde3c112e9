/**
 * The spreadsheet's user interface, recorded instead of shown. There is no user at the keyboard:
 * alerts answer with their affirmative button and prompts with empty text.
 * https://developers.google.com/apps-script/reference/base/ui
 * https://developers.google.com/apps-script/reference/base/menu
 */
import { executionOf, bindExecution, type Execution } from './execution';

export interface MenuRecord {
  title: string;
  items: Array<{ caption: string; functionName: string }>;
  /** True for the add-on's own menu (Extensions > add-on name). */
  addon?: boolean;
}

export interface UiRecord {
  menus: MenuRecord[];
  alerts: string[];
  toasts: Array<{ message: string; title: string }>;
  sidebars: Array<{ title: string; html: string }>;
  dialogs: Array<{ title: string; html: string; modal: boolean; width?: number; height?: number }>;
}

export function newUiRecord(): UiRecord {
  return { menus: [], alerts: [], toasts: [], sidebars: [], dialogs: [] };
}

export const Button = { CLOSE: 'CLOSE', OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO' } as const;
export const ButtonSet = { OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL' } as const;

/** What an HtmlOutput hands to showSidebar / showModalDialog. */
export interface Displayable {
  getTitle(): string;
  getContent(): string;
  getWidth?(): number | undefined;
  getHeight?(): number | undefined;
}

function affirmative(buttons: unknown): string {
  return buttons === ButtonSet.YES_NO || buttons === ButtonSet.YES_NO_CANCEL ? Button.YES : Button.OK;
}

class Menu {
  readonly #record: MenuRecord;
  readonly #ui: UiRecord;

  constructor(exec: Execution, ui: UiRecord, title: string, addon: boolean) {
    bindExecution(this, exec);
    this.#ui = ui;
    this.#record = { title, items: [], ...(addon ? { addon } : {}) };
  }

  addItem(caption: string, functionName: string): Menu {
    this.#record.items.push({ caption: String(caption), functionName: String(functionName) });
    return this;
  }

  addSeparator(): Menu {
    return this;
  }

  addSubMenu(menu: Menu): Menu {
    this.#record.items.push(...menu.#record.items);
    return this;
  }

  /** A menu added again under the same title replaces the earlier one. */
  addToUi(): void {
    const menus = this.#ui.menus;
    const at = menus.findIndex((m) => m.title === this.#record.title && !!m.addon === !!this.#record.addon);
    const copy = { ...this.#record, items: this.#record.items.map((i) => ({ ...i })) };
    if (at >= 0) menus[at] = copy;
    else menus.push(copy);
  }

  toString(): string {
    return 'Menu';
  }
}

class PromptResponse {
  constructor(
    private readonly text: string,
    private readonly button: string,
  ) {}
  getResponseText(): string {
    return this.text;
  }
  getSelectedButton(): string {
    return this.button;
  }
}

export class Ui {
  readonly Button = Button;
  readonly ButtonSet = ButtonSet;
  readonly #record: UiRecord;
  readonly #addonTitle: string;

  constructor(exec: Execution, record: UiRecord, addonTitle: string) {
    bindExecution(this, exec);
    this.#record = record;
    this.#addonTitle = addonTitle;
  }

  createMenu(caption: string): Menu {
    return new Menu(executionOf(this), this.#record, String(caption), false);
  }

  createAddonMenu(): Menu {
    return new Menu(executionOf(this), this.#record, this.#addonTitle, true);
  }

  /** alert(prompt), alert(prompt, buttons), alert(title, prompt, buttons). */
  alert(...args: unknown[]): string {
    executionOf(this).checkDeadline();
    const [title, prompt, buttons] = args.length >= 3 ? args : [undefined, args[0], args[1]];
    this.#record.alerts.push(title === undefined ? String(prompt) : `${String(title)}: ${String(prompt)}`);
    return affirmative(buttons);
  }

  /** prompt(prompt), prompt(prompt, buttons), prompt(title, prompt, buttons). */
  prompt(...args: unknown[]): PromptResponse {
    executionOf(this).checkDeadline();
    const [title, prompt, buttons] = args.length >= 3 ? args : [undefined, args[0], args[1]];
    this.#record.alerts.push(title === undefined ? String(prompt) : `${String(title)}: ${String(prompt)}`);
    return new PromptResponse('', affirmative(buttons));
  }

  /** All sidebars are 300 pixels wide; the output's width is ignored. */
  showSidebar(userInterface: Displayable): void {
    executionOf(this).checkDeadline();
    this.#record.sidebars.push({ title: userInterface.getTitle(), html: userInterface.getContent() });
  }

  showModalDialog(userInterface: Displayable, title: string): void {
    this.#dialog(userInterface, title, true);
  }

  showModelessDialog(userInterface: Displayable, title: string): void {
    this.#dialog(userInterface, title, false);
  }

  #dialog(userInterface: Displayable, title: string, modal: boolean): void {
    executionOf(this).checkDeadline();
    this.#record.dialogs.push({
      title: String(title),
      html: userInterface.getContent(),
      modal,
      width: userInterface.getWidth?.(),
      height: userInterface.getHeight?.(),
    });
  }

  toString(): string {
    return 'Ui';
  }
}

export function createUi(exec: Execution, record: UiRecord, addonTitle: string): Ui {
  return new Ui(exec, record, addonTitle);
}
