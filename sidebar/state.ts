/** What the sidebar shows, as plain data; views render it and main.ts changes it. */
import type { DashboardView } from '../src/core/rpc';

export type NoticeKind = 'success' | 'error' | 'info';

export interface Notice {
  kind: NoticeKind;
  text: string;
  /** Extra lines shown folded under the notice (e.g. unreadable phone numbers). */
  details?: string[];
}

export type BusyAction = 'csv' | 'openphone' | 'save-key' | 'clear-key' | 'refresh';

export interface Busy {
  action: BusyAction;
  label: string;
}

export interface SidebarState {
  dashboard: DashboardView | null;
  busy: Busy | null;
  /** Outcome of the last import, shown in the Import card. */
  importNotice: Notice | null;
  /** Outcome of the last key change, shown in the key settings. */
  keyNotice: Notice | null;
  /** The dashboard itself could not be read. */
  loadError: string | null;
  /** The key settings stay open after the user opened them, across re-renders. */
  keySettingsOpen: boolean;
}

export function initialState(): SidebarState {
  return { dashboard: null, busy: null, importNotice: null, keyNotice: null, loadError: null, keySettingsOpen: false };
}
