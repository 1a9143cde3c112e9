/**
 * What every emulated service shares during one execution: the call counters, the deadline and
 * the script's own realm (values handed to the script are built from its intrinsics, so
 * `x instanceof Array`, `instanceof Date` and `instanceof Error` hold inside it, as in Apps Script).
 */
export interface CallStats {
  sheets: number;
  sheetsByMethod: Record<string, number>;
  urlFetch: number;
  sleptMs: number;
}

export interface Realm {
  array<T>(items: readonly T[]): T[];
  date(time: number): Date;
  error(message: string): Error;
  object<T extends object>(source: T): T;
}

export const TIME_LIMIT_MESSAGE = 'Exceeded maximum execution time';

/**
 * What the execution may touch. A simple trigger runs LIMITED (NONE before the add-on is used in
 * the document): services that need the user's authorization refuse.
 * https://developers.google.com/workspace/add-ons/concepts/editor-auth-lifecycle#authorization_modes
 * https://developers.google.com/apps-script/guides/triggers#restrictions
 */
export type AuthMode = 'NONE' | 'LIMITED' | 'FULL';

/**
 * Called before every service call of an execution, for tests that need a moment inside a run:
 * answering 'exceed-time-limit' ends the execution there, as Apps Script's limit would; the hook
 * may also run another execution (a second user's call arriving meanwhile).
 */
export type ServiceCallHook = (call: {
  functionName: string;
  index: number;
  /** `Class.method` of a Sheets call */ method?: string;
}) => 'exceed-time-limit' | void;

export class Execution {
  timedOut = false;

  /** Service calls this execution has made so far. */
  serviceCalls = 0;

  constructor(
    readonly stats: CallStats,
    private deadline: number,
    private readonly realmOf: () => Realm,
    readonly functionName = '',
    private readonly hook: () => ServiceCallHook | null = () => null,
    readonly authMode: AuthMode = 'FULL',
  ) {}

  /**
   * Services that need authorization fail outside FULL, with Apps Script's message. The exact
   * wording for services without an OAuth scope (PropertiesService) is not documented.
   */
  requireAuthorization(what: string, scope?: string): void {
    if (this.authMode === 'FULL') return;
    this.fail(`You do not have permission to call ${what}.${scope ? ` Required permissions: ${scope}` : ''}`);
  }

  get realm(): Realm {
    return this.realmOf();
  }

  /** A service error as the script sees it: an Error of its own realm. */
  fail(message: string): never {
    throw this.realm.error(message);
  }

  /**
   * Time the execution spends waiting without the thread really waiting: a lock held by an
   * execution that overlaps this one on the same thread can never be released during the wait,
   * so its outcome is known; the time still counts against this execution's limit.
   */
  spend(ms: number): void {
    if (ms >= this.remainingMs()) {
      this.timedOut = true;
      this.fail(TIME_LIMIT_MESSAGE);
    }
    this.deadline -= ms;
    this.stats.sleptMs += ms;
  }

  remainingMs(): number {
    return this.deadline - Date.now();
  }

  /** Every service call passes here: a run past its deadline stops at the next call, as it would be killed. */
  checkDeadline(method?: string): void {
    this.serviceCalls++;
    const call = { functionName: this.functionName, index: this.serviceCalls, ...(method ? { method } : {}) };
    if (this.hook()?.(call) === 'exceed-time-limit') this.timedOut = true;
    if (this.timedOut || Date.now() >= this.deadline) {
      this.timedOut = true;
      this.fail(TIME_LIMIT_MESSAGE);
    }
  }

  /** Depth of service calls in progress: only the script's own calls count, not the emulator's inner ones. */
  depth = 0;

  countSheets(method: string): void {
    this.checkDeadline(method);
    this.stats.sheets++;
    this.stats.sheetsByMethod[method] = (this.stats.sheetsByMethod[method] ?? 0) + 1;
  }
}

const owners = new WeakMap<object, Execution>();

export function bindExecution(target: object, execution: Execution): void {
  owners.set(target, execution);
}

export function executionOf(target: object): Execution {
  const e = owners.get(target);
  if (!e) throw new Error('service object used outside its execution');
  return e;
}

type AnyClass = { prototype: object; name: string };

/**
 * Wraps each method of a service class so that every call counts in stats.sheets (under
 * "Class.method") and checks the deadline. toString stays out: logging an object is not a call.
 */
export function countCalls(cls: AnyClass, label: string): void {
  const proto = cls.prototype as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(proto)) {
    if (name === 'constructor' || name === 'toString') continue;
    const desc = Object.getOwnPropertyDescriptor(proto, name);
    const original = desc?.value;
    if (typeof original !== 'function') continue;
    const key = `${label}.${name}`;
    const wrapped = function (this: object, ...args: unknown[]): unknown {
      const exec = executionOf(this);
      if (exec.depth === 0) exec.countSheets(key);
      exec.depth++;
      try {
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } finally {
        exec.depth--;
      }
    };
    Object.defineProperty(proto, name, { ...desc, value: wrapped });
  }
}
