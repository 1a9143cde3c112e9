/**
 * The server functions the sidebar may call, with their argument and result types. The
 * sidebar's typed wrapper around google.script.run and the Apps Script entry file both use
 * this one list, so a renamed or retyped function fails to compile on both sides.
 * Only JSON-like values cross: google.script.run rejects Dates and functions.
 */
import type { Report } from './report';

export type { Report };
export interface ImportProblem {
  row: number;
  value: string;
  reason: string;
}

export interface ConversationImportSummary {
  source: string;
  rows: number;
  distinctPhones: number;
  duplicatesCollapsed: number;
  rowsWithoutPhone: number;
  problems: ImportProblem[];
  problemCount: number;
}

export interface DashboardStep {
  id: 'import' | 'match' | 'review' | 'push' | 'verify';
  title: string;
  available: boolean;
  detail: string;
}

export interface DashboardView {
  conversations: number;
  unmapped: number;
  hasOpenPhoneKey: boolean;
  steps: DashboardStep[];
}

export interface ServerFunctions {
  getDashboard(): DashboardView;
  getReport(): Report;
  importConversationsCsv(fileName: string, text: string): ConversationImportSummary;
  importConversationsFromOpenPhone(): ConversationImportSummary;
  saveOpenPhoneApiKey(key: string): DashboardView;
  clearOpenPhoneApiKey(): DashboardView;
}

export type ServerFunctionName = keyof ServerFunctions;
