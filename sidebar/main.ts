import { server } from './server';
import { escapeHtml } from './html';

const app = document.getElementById('app')!;

async function refresh(): Promise<void> {
  const view = await server.getDashboard();
  app.innerHTML = `<h1>Unmapped Contacts: ${view.unmapped} of ${view.conversations}</h1>` +
    view.steps.map((s) => `<section class="${s.available ? '' : 'inactive'}"><h2>${escapeHtml(s.title)}</h2><p>${escapeHtml(s.detail)}</p></section>`).join('');
}

refresh().catch((e: Error) => {
  app.textContent = e.message;
});
