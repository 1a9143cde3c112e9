/** What the push entry points answer the sidebar and the command line (JSON-like values only). */
import type { PlanCounts } from './plan';

export interface KeyCheck {
  /** The workspace's own numbers, so the user sees which workspace the key opens. */
  numbers: string[];
  message: string;
}

export interface PushPlanView extends PlanCounts {
  /** New rows OpenPhone already has (found by externalId): linked, not created. */
  alreadyInOpenPhone: number;
  apiCalls: number;
  seconds: number;
  quotaPerDay: number;
  usedToday: number;
  /** Contacts that can be written today within the UrlFetch quota. */
  fitsToday: number;
  customFields: { mapped: string[]; missing: string[] };
  /** Rows OpenPhone would refuse, with why (the first 20). */
  problems: Array<{ contactId: string; row: number; message: string }>;
  lines: string[];
}

export type PushState = 'idle' | 'running' | 'done' | 'cancelled' | 'quota' | 'stopped';

export interface PushProgress {
  state: PushState;
  total: number;
  done: number;
  created: number;
  linked: number;
  updated: number;
  errors: number;
  /** Rows with nothing to push, and rows skipped by the settings, as the sheet stands now. */
  unchanged: number;
  skipped: number;
  /** Seconds left at the API's 10 requests a second. */
  etaSeconds: number;
  message: string;
  startedAt: string;
}

export interface PushVerification {
  /** Listed back from OpenPhone (our source), not from the sheet. */
  inOpenPhone: number;
  created: number;
  updated: number;
  named: number;
  phoneOnly: number;
  withEmail: number;
  quickbooksMatched: number;
  duplicates: number;
  /** Pushed rows whose OpenPhone contact differs from the sheet or is missing. */
  mismatched: number;
  missing: number;
  rowsPushed: number;
  checkedAt: string;
}
