/**
 * The sidebar's wiring: one state object, rendered whole after every change, and the actions
 * that call the server. Rendering is cheap at this size and leaves no stale corner behind.
 */
import { errorMessage, formatBytes, importResultLine, problemLines } from './format';
import { MAX_UPLOAD_BYTES, readFileAsText } from './files';
import { server } from './server';
import { initialState, type Busy, type Notice, type SidebarState } from './state';
import { renderApp } from './views/app';

const app = document.getElementById('app')!;
let state: SidebarState = initialState();

function setState(change: Partial<SidebarState>): void {
  state = { ...state, ...change };
  render();
}

function render(): void {
  app.innerHTML = renderApp(state).markup;
  app.setAttribute('aria-busy', state.busy ? 'true' : 'false');
}

/** Runs one server action at a time, then re-reads the dashboard whatever the outcome. */
async function run(busy: Busy, action: () => Promise<Partial<SidebarState> | void>): Promise<void> {
  if (state.busy) return;
  setState({ busy });
  let change: Partial<SidebarState> = {};
  try {
    change = (await action()) ?? {};
  } catch (e) {
    change = failureFor(busy, errorMessage(e));
  }
  try {
    const dashboard = await server.getDashboard();
    setState({ ...change, dashboard, loadError: null, busy: null });
  } catch (e) {
    setState({ ...change, loadError: errorMessage(e), busy: null });
  }
}

function failureFor(busy: Busy, message: string): Partial<SidebarState> {
  const notice: Notice = { kind: 'error', text: message };
  if (busy.action === 'save-key' || busy.action === 'clear-key') return { keyNotice: notice };
  if (busy.action === 'refresh') return { loadError: message };
  return { importNotice: notice };
}

function importedNotice(summary: Parameters<typeof importResultLine>[0]): Notice {
  return { kind: 'success', text: importResultLine(summary), details: problemLines(summary) };
}

function importCsv(file: File): Promise<void> {
  return run({ action: 'csv', label: `Importing ${file.name}…` }, async () => {
    if (file.size > MAX_UPLOAD_BYTES) {
      throw new Error(`${file.name}: the file is ${formatBytes(file.size)}; files up to ${formatBytes(MAX_UPLOAD_BYTES)} can be uploaded. Export only the conversations list.`);
    }
    const text = await readFileAsText(file);
    const summary = await server.importConversationsCsv(file.name, text);
    return { importNotice: importedNotice(summary) };
  });
}

function loadFromOpenPhone(): Promise<void> {
  return run({ action: 'openphone', label: 'Loading conversations from OpenPhone…' }, async () => {
    const summary = await server.importConversationsFromOpenPhone();
    return { importNotice: importedNotice(summary) };
  });
}

function saveKey(key: string): Promise<void> {
  const trimmed = key.trim();
  if (!trimmed) {
    setState({ keyNotice: { kind: 'error', text: 'Paste your OpenPhone API key first.' }, keySettingsOpen: true });
    return Promise.resolve();
  }
  return run({ action: 'save-key', label: 'Saving key…' }, async () => {
    const dashboard = await server.saveOpenPhoneApiKey(trimmed);
    return { dashboard, keyNotice: { kind: 'success', text: 'Key saved' }, keySettingsOpen: true };
  });
}

function clearKey(): Promise<void> {
  return run({ action: 'clear-key', label: 'Removing key…' }, async () => {
    const dashboard = await server.clearOpenPhoneApiKey();
    return { dashboard, keyNotice: { kind: 'info', text: 'Key removed' }, keySettingsOpen: true };
  });
}

function refresh(): Promise<void> {
  return run({ action: 'refresh', label: 'Loading…' }, async () => ({ loadError: null }));
}

// Delegated listeners: the markup is replaced on every render, the root element is not.
app.addEventListener('change', (event) => {
  const input = event.target as HTMLInputElement;
  if (input.id !== 'conversations-file') return;
  const file = input.files?.[0];
  input.value = '';
  if (file) void importCsv(file);
});

app.addEventListener('click', (event) => {
  const target = (event.target as Element).closest<HTMLElement>('[data-action]');
  if (!target || target.tagName === 'FORM' || (target as HTMLButtonElement).disabled) return;
  switch (target.dataset.action) {
    case 'load-openphone':
      void loadFromOpenPhone();
      break;
    case 'clear-key':
      void clearKey();
      break;
    case 'refresh':
      void refresh();
      break;
  }
});

app.addEventListener('submit', (event) => {
  const form = event.target as HTMLFormElement;
  if (form.dataset.action !== 'save-key') return;
  event.preventDefault();
  const input = form.elements.namedItem('key') as HTMLInputElement | null;
  void saveKey(input?.value ?? '');
});

// Remembers whether the user opened or closed the key settings, so a re-render keeps it.
app.addEventListener('toggle', (event) => {
  const el = event.target as HTMLElement;
  if (el.id === 'key-settings') state = { ...state, keySettingsOpen: (el as HTMLDetailsElement).open };
}, true);

render();
void refresh();
