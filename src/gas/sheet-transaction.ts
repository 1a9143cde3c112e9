/**
 * Several sheets changed as one: a server call that writes more than one sheet (match, a source
 * import's finish, removing a source; later resolve, push and sync) leaves either the old
 * contents or the new ones, never a mix, whatever instant the 6-minute limit or a service error
 * cuts it off.
 *
 * The new contents are first written to hidden staging sheets. Only when all of them are
 * complete is a commit record saved (one property write: the commit point). Then each step is
 * carried out; every step can be repeated safely, so a run cut off after the commit point is
 * finished by the next locked call (roll forward), and one cut off before it leaves only staging
 * sheets, which the next locked call deletes (roll back). Result sheets keep their identity
 * (filters, widths and links to them survive): staged values are copied into them.
 */
import type { PropertyStore, SheetLayout, WorkbookPort } from '../core/ports';

export const STAGING_PREFIX = '~tx ';
const COMMIT_PROPERTY = 'sheetTransaction.commit';

type Step =
  /** The staged values replace the target's content; the target sheet itself stays. */
  | { kind: 'copy'; staged: string; target: string; layout?: SheetLayout }
  /** A staged sheet becomes the target (replacing any sheet of that name); for large new sheets. */
  | { kind: 'move'; staged: string; target: string }
  | { kind: 'remove'; target: string };

interface Staged {
  header: readonly string[];
  rows: readonly (readonly string[])[];
}

export class SheetTransaction {
  private readonly steps: Step[] = [];
  /** What this run staged, so carrying out its own commit needs no read back. */
  private readonly staged = new Map<string, Staged>();

  constructor(
    private readonly workbook: WorkbookPort,
    private readonly properties: PropertyStore,
  ) {}

  /** Stages the sheet's new content now; the sheet itself changes at commit. */
  write(target: string, header: readonly string[], rows: readonly (readonly string[])[], layout?: SheetLayout): this {
    const staged = `${STAGING_PREFIX}${target}`;
    this.workbook.remove(staged);
    this.workbook.write(staged, header, rows, { hidden: true });
    this.staged.set(staged, { header, rows });
    this.steps.push(layout ? { kind: 'copy', staged, target, layout } : { kind: 'copy', staged, target });
    return this;
  }

  /** At commit, the already complete hidden sheet `staged` becomes `target`. */
  move(staged: string, target: string): this {
    this.steps.push({ kind: 'move', staged, target });
    return this;
  }

  remove(target: string): this {
    this.steps.push({ kind: 'remove', target });
    return this;
  }

  commit(): void {
    if (this.steps.length === 0) return;
    this.properties.setProperty(COMMIT_PROPERTY, JSON.stringify(this.steps));
    carryOut(this.workbook, this.steps, this.staged);
    this.properties.deleteProperty(COMMIT_PROPERTY);
  }
}

/**
 * Finishes or undoes a transaction that an earlier execution did not complete. Every locked
 * server call runs this first; it costs one property read when there is nothing to do.
 * Returns what it did, for the log.
 */
export function recoverSheetTransaction(workbook: WorkbookPort, properties: PropertyStore): 'none' | 'rolled forward' | 'rolled back' {
  const raw = properties.getProperty(COMMIT_PROPERTY);
  if (raw) {
    carryOut(workbook, JSON.parse(raw) as Step[], new Map());
    properties.deleteProperty(COMMIT_PROPERTY);
    return 'rolled forward';
  }
  const leftovers = workbook.sheetNames().filter((n) => n.startsWith(STAGING_PREFIX));
  for (const name of leftovers) workbook.remove(name);
  return leftovers.length ? 'rolled back' : 'none';
}

/** Whether an earlier execution left a commit unfinished (readers then wait for its repair). */
export function hasUnfinishedCommit(properties: PropertyStore): boolean {
  return properties.getProperty(COMMIT_PROPERTY) !== null;
}

/** Each step checks what is already done, so carrying out the same list twice is harmless. */
function carryOut(workbook: WorkbookPort, steps: Step[], inMemory: Map<string, Staged>): void {
  for (const step of steps) {
    if (step.kind === 'remove') {
      workbook.remove(step.target);
    } else if (step.kind === 'move') {
      if (!workbook.exists(step.staged)) continue;
      workbook.remove(step.target);
      workbook.rename(step.staged, step.target);
      workbook.show(step.target);
    } else {
      const staged = inMemory.get(step.staged) ?? workbook.read(step.staged);
      if (!staged) continue;
      workbook.write(step.target, staged.header, staged.rows, step.layout);
      workbook.remove(step.staged);
    }
  }
}
