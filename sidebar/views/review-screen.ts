/**
 * The conflict review screen, after the seed design: the phone, one card per candidate with
 * [Use This], the merge strategy (one candidate, the recommendation preselected, or a merge field
 * by field), "keep QuickBooks job history", and Apply to All Similar / Skip / Previous / Next.
 * Every action has a key: 1–9 pick, M merge, S skip, ← →, U undo.
 */
import { formatPhone } from '../format';
import { html, type SafeHtml } from '../html';
import { MERGE_FIELDS, type ReviewState, type SidebarState } from '../state';
import type { CandidateCard, ConflictCard } from '../../src/core/rpc';
import { SOURCE_TYPE_LABELS } from '../../src/core/workbook-schema';
import { renderNotice } from './notice';

export function renderReviewScreen(state: SidebarState, review: ReviewState): SafeHtml {
  const busy = state.busy !== null;
  const card = review.card;
  return html`<section class="review" data-testid="review-screen" aria-labelledby="review-title">
<div class="row review-top"><button type="button" class="link-button" data-action="review-close" data-testid="review-close">← Back to steps</button></div>
<h1 id="review-title" data-testid="review-title">Resolve Contact Conflicts (${review.remaining} remaining)</h1>
${renderNotice(review.notice, review.notice?.kind === 'error' ? 'review-error' : 'review-notice')}
${state.busy?.action === 'review' ? html`<p class="busy" role="status"><span class="spinner" aria-hidden="true"></span>${state.busy.label}</p>` : html``}
${card ? renderConflict(card, review, busy) : html`<p data-testid="review-empty">${review.remaining === 0 ? 'Every conflict is decided.' : `${review.remaining} conflicts arrived since the review opened: close and open it again to see them.`}</p>`}
<div class="actions nav" role="group" aria-label="Move through the conflicts">
<button type="button" class="button small-button" data-action="review-skip" data-testid="review-skip"${disabledIf(busy || !card || card.status !== 'pending')} aria-keyshortcuts="S">Skip</button>
<button type="button" class="button small-button" data-action="review-prev" data-testid="review-prev"${disabledIf(busy || review.index <= 0)} aria-keyshortcuts="ArrowLeft">Previous</button>
<button type="button" class="button small-button" data-action="review-next" data-testid="review-next"${disabledIf(busy || review.index >= review.queue.length - 1)} aria-keyshortcuts="ArrowRight">Next</button>
<button type="button" class="button small-button" data-action="review-undo" data-testid="review-undo"${disabledIf(busy || !review.canUndo)} aria-keyshortcuts="U">Undo</button>
</div>
<p class="muted small keys" data-testid="review-keys">Keys: 1–9 use a card · M merge · S skip · ← → move · U undo</p>
</section>`;
}

function renderConflict(card: ConflictCard, review: ReviewState, busy: boolean): SafeHtml {
  const decided = card.status !== 'pending';
  return html`<div class="conflict" data-testid="review-conflict" data-phone="${card.phone}">
<p class="conflict-phone"><span class="phone" data-testid="review-phone">Phone: ${formatPhone(card.phone)}</span>
<span class="muted small">${card.conversations === 1 ? '1 conversation' : `${card.conversations} conversations`}${card.kind ? ` · ${card.kind}` : ''}</span></p>
${decided ? html`<p class="notice notice-info" data-testid="review-decided">Decided: ${card.decision}${card.decidedBy ? ` (${card.decidedBy})` : ''}</p>` : html``}
<p class="muted small why" data-testid="review-why">${card.why}</p>
<ol class="candidates">${card.candidates.map((c) => renderCandidate(c, card, busy || decided))}</ol>
${decided ? html`` : renderStrategy(card, review, busy)}
</div>`;
}

function renderCandidate(c: CandidateCard, card: ConflictCard, disabled: boolean): SafeHtml {
  const types = c.sourceTypes.map((t) => SOURCE_TYPE_LABELS[t] ?? t).join(' + ') || 'Source';
  const recommended = c.n === card.recommended;
  return html`<li class="candidate${recommended ? ' recommended' : ''}" data-testid="candidate" data-n="${c.n}">
<div class="candidate-head"><span class="candidate-n" aria-hidden="true">${c.n}</span><span class="candidate-type">${types}</span>${recommended ? html`<span class="badge">recommended</span>` : html``}</div>
<p class="candidate-file small muted">${c.source}</p>
<dl class="fields">
<dt>Name</dt><dd data-testid="candidate-name">${c.name || '(none)'}</dd>
<dt>Email</dt><dd>${c.emails.join(', ') || '(none)'}</dd>
<dt>Addr</dt><dd>${c.address || '(none)'}</dd>
${c.history.map((h) => html`<dt>${h.label}</dt><dd>${h.value}</dd>`)}
</dl>
<button type="button" class="button small-button${recommended ? ' primary' : ''}" data-action="review-pick" data-n="${c.n}" data-testid="use-this" aria-keyshortcuts="${c.n}"${disabledIf(disabled)}>Use This</button>
</li>`;
}

function renderStrategy(card: ConflictCard, review: ReviewState, busy: boolean): SafeHtml {
  const s = review.strategy;
  const name = (c: CandidateCard) => c.name || '(no name)';
  return html`<fieldset class="strategy" data-testid="strategy">
<legend>Merge Strategy</legend>
${card.candidates.map(
  (
    c,
  ) => html`<label class="choice"><input type="radio" name="strategy" value="${c.n}" data-action="review-strategy" data-testid="strategy-pick"${s.kind === 'pick' && s.candidate === c.n ? html` checked` : html``}>
Use ${c.n}: ${name(c)}${c.n === card.recommended ? html` <span class="muted small">(recommended)</span>` : html``}</label>`,
)}
<label class="choice"><input type="radio" name="strategy" value="merge" data-action="review-strategy" data-testid="strategy-merge"${s.kind === 'merge' ? html` checked` : html``}>Merge (custom)</label>
${s.kind === 'merge' ? renderMerge(card, review) : html``}
${card.candidates.some((c) => c.sourceTypes.includes('quickbooks')) ? html`<label class="choice"><input type="checkbox" data-action="review-keep-history" data-testid="keep-history"${review.keepJobHistory ? html` checked` : html``}>Keep QuickBooks job history</label>` : html``}
<div class="actions">
<button type="button" class="button primary small-button" data-action="review-apply" data-testid="review-apply"${disabledIf(busy)}>Apply</button>
<button type="button" class="button small-button" data-action="review-similar" data-testid="review-similar"${disabledIf(busy || s.kind === 'merge')}>Apply to All Similar</button>
</div>
${review.preview ? renderPreview(review, busy) : html``}
</fieldset>`;
}

function renderMerge(card: ConflictCard, review: ReviewState): SafeHtml {
  return html`<div class="merge" data-testid="merge-fields">${MERGE_FIELDS.map(({ field, label }) => {
    const spec = review.merge[field];
    const typed = 'typed' in spec ? spec.typed : '';
    const from = 'from' in spec ? String(spec.from) : 'typed';
    const valueOf = (c: CandidateCard) => (field === 'emails' ? c.emails.join(', ') : c[field]);
    return html`<div class="merge-field">
<label for="merge-${field}-from">${label}</label>
<select id="merge-${field}-from" data-merge-from="${field}" data-testid="merge-${field}-from">
${card.candidates.map((c) => html`<option value="${c.n}"${from === String(c.n) ? html` selected` : html``}>${c.n}: ${valueOf(c) || '(empty)'}</option>`)}
<option value="typed"${from === 'typed' ? html` selected` : html``}>Type it…</option>
</select>
${from === 'typed' ? html`<input type="text" class="merge-input" data-merge-typed="${field}" data-testid="merge-${field}-typed" aria-label="${label}" value="${typed}">` : html``}
</div>`;
  })}</div>`;
}

function renderPreview(review: ReviewState, busy: boolean): SafeHtml {
  const p = review.preview!;
  return html`<div class="preview notice notice-info" data-testid="similar-preview">
<p class="notice-text" data-testid="similar-count">Applies to ${p.count === 1 ? '1 more conflict' : `${p.count} more conflicts`}: ${p.description}</p>
<ul class="small">${p.examples.map((e) => html`<li>${formatPhone(e.phone)} → ${e.choice}</li>`)}</ul>
<div class="actions">
<button type="button" class="button primary small-button" data-action="review-similar-confirm" data-testid="similar-confirm"${disabledIf(busy)}>Apply to ${p.count + 1}</button>
<button type="button" class="button small-button" data-action="review-similar-cancel" data-testid="similar-cancel"${disabledIf(busy)}>Cancel</button>
</div>
</div>`;
}

function disabledIf(condition: boolean): SafeHtml {
  return condition ? html` disabled` : html``;
}
