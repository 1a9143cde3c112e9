/** The OpenPhone API key: it can be saved or removed, never read back. */
import { html, type SafeHtml } from '../html';
import type { SidebarState } from '../state';
import { renderNotice } from './notice';

export function renderKeySettings(state: SidebarState): SafeHtml {
  const hasKey = state.dashboard?.hasOpenPhoneKey === true;
  const busy = state.busy !== null;
  const disabled = busy ? html` disabled` : html``;
  // Open by default when there is no key yet: that is the next thing to do for the API route.
  const open = state.keySettingsOpen || !hasKey;
  return html`<details class="settings" id="key-settings" data-testid="key-settings"${open ? html` open` : html``}>
<summary>OpenPhone API key</summary>
<p class="key-status small ${hasKey ? 'ok' : 'muted'}" data-testid="api-key-status">${hasKey ? '✓ Key saved' : 'No key saved'}</p>
<form class="key-form" data-action="save-key" autocomplete="off">
<label class="visually-hidden" for="api-key-input">OpenPhone API key</label>
<input type="password" id="api-key-input" name="key" data-testid="api-key-input" placeholder="${hasKey ? 'Replace key' : 'Paste API key'}" autocomplete="off" spellcheck="false"${disabled}>
<button type="submit" class="button primary small-button" data-testid="api-key-save"${disabled}>Save</button>
${hasKey ? html`<button type="button" class="button small-button" data-action="clear-key" data-testid="api-key-remove"${disabled}>Remove</button>` : html``}
</form>
<p class="small muted">Stored for your Google account only; it is never shown again.</p>
${renderNotice(state.keyNotice, state.keyNotice?.kind === 'error' ? 'api-key-error' : 'api-key-notice')}
</details>`;
}
