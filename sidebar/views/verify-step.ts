/**
 * The verification panel: the seed's four success figures against their goals, and what is left
 * to do. Each figure opens the sheet whose rows it counts.
 */
import { percentOf } from '../format';
import { html, type SafeHtml } from '../html';
import type { DashboardStep, Report } from '../../src/core/rpc';
import { SHEETS } from '../../src/core/workbook-schema';
import type { SidebarState } from '../state';
import { renderNotice } from './notice';
import { renderVerification } from './push-step';

interface Figure {
  id: string;
  label: string;
  value: string;
  goal: string;
  met: boolean;
  sheet: string;
}

export function verificationFigures(r: Report): Figure[] {
  // Floored, as the header's progress is: 79.6% is not yet the 80% goal.
  const share = (n: number) => percentOf(n, r.conversations);
  const named = share(r.conversationsNamed);
  const emails = share(r.conversationsWithEmail);
  return [
    {
      id: 'named',
      label: 'Conversations with a named contact',
      value: `${named}%`,
      goal: 'goal 80%+',
      met: named >= 80,
      sheet: SHEETS.contacts,
    },
    {
      id: 'emails',
      label: 'Conversations with an email',
      value: `${emails}%`,
      goal: 'goal 50%+',
      met: emails >= 50,
      sheet: SHEETS.contacts,
    },
    {
      id: 'quickbooks',
      label: 'QuickBooks customers matched',
      value: `${r.quickbooksMatched} of ${r.quickbooksCustomers}`,
      goal: 'goal: all',
      met: r.quickbooksMatched >= r.quickbooksCustomers,
      sheet: SHEETS.contacts,
    },
    {
      id: 'duplicates',
      label: 'Duplicate contacts',
      value: String(r.duplicateContacts),
      goal: 'goal 0',
      met: r.duplicateContacts === 0,
      sheet: SHEETS.contacts,
    },
    {
      id: 'conflicts',
      label: 'Conflicts left',
      value: String(r.conflictsPending),
      goal: '',
      met: r.conflictsPending === 0,
      sheet: SHEETS.conflicts,
    },
    { id: 'unmapped', label: 'Numbers with no match', value: String(r.unmapped), goal: '', met: r.unmapped === 0, sheet: SHEETS.unmapped },
  ];
}

/**
 * The figures from the sheets, and once contacts are in OpenPhone, the same checked against
 * OpenPhone itself by listing our contacts back.
 */
export function renderVerifyStep(step: DashboardStep, state: SidebarState): SafeHtml {
  const report = state.dashboard?.report;
  const busy = state.busy !== null;
  const pushed = (report?.pushed ?? 0) > 0;
  return html`<section class="card step ${step.available ? 'active' : 'inactive'}" id="step-verify" data-testid="step-verify" data-step="verify">
<h2>${step.title}</h2>
${
  step.available && report
    ? html`<ul class="figures">${verificationFigures(report).map(
        (
          f,
        ) => html`<li><button type="button" class="figure ${f.met ? 'met' : 'unmet'}" data-action="open-sheet" data-sheet="${f.sheet}" data-testid="figure" data-figure="${f.id}"${busy ? html` disabled` : html``}>
<span class="figure-label">${f.label}</span><span class="figure-value">${f.value}</span>${f.goal ? html`<span class="figure-goal small">${f.met ? '✓ ' : ''}${f.goal}</span>` : html``}</button></li>`,
      )}</ul>`
    : html`<p class="step-detail" data-testid="step-verify-detail">${step.detail}</p>`
}
${pushed ? html`<div class="actions"><button type="button" class="button" data-action="verify" data-testid="verify-action"${busy ? html` disabled` : html``}>Check against OpenPhone</button></div>` : html``}
${state.busy?.action === 'verify' ? html`<p class="busy" role="status"><span class="spinner" aria-hidden="true"></span>${state.busy.label}</p>` : html``}
${state.verification ? renderVerification(state.verification) : html``}
${renderNotice(state.verifyNotice, 'verify-error')}
</section>`;
}
