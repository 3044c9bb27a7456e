// Hourglass dashboard: buttons post JSON to the API with the page's antiforgery token, and the page's content is
// fetched again whenever the engine reports an event (server-sent events from /api/v1/events), so it stays live
// without reloading. Everything works the same on every page; pages need no script of their own.
(() => {
  'use strict';
  const meta = () => document.querySelector('meta[name="hourglass-antiforgery"]');
  const flash = (text, ok) => {
    const box = document.getElementById('flash');
    if (!box) return;
    box.textContent = text;
    box.className = ok ? 'ok' : 'bad';
    box.hidden = false;
  };

  // A form someone is filling in is not replaced under their fingers.
  let editing = false;
  document.addEventListener('input', (e) => { if (e.target.closest('#content form')) editing = true; });

  let pending = null;
  async function refresh() {
    pending = null;
    const active = document.activeElement;
    if (editing || (active && active.closest && active.closest('#content') && active.matches('input, select, textarea'))) return;
    let response;
    try {
      response = await fetch(location.href, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
    } catch { return; }
    if (response.redirected && new URL(response.url).pathname === '/login') { location.href = response.url; return; }
    if (!response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const next = page.getElementById('content');
    const current = document.getElementById('content');
    if (next && current) current.replaceWith(document.importNode(next, true));
    const token = page.querySelector('meta[name="hourglass-antiforgery"]');
    if (token && meta()) meta().content = token.content;
  }
  const soon = () => { if (!pending) pending = setTimeout(refresh, 250); };

  document.addEventListener('submit', async (e) => {
    const form = e.target.closest('form[data-action]');
    if (!form) return;
    e.preventDefault();
    const body = {};
    for (const [name, value] of new FormData(form)) {
      if (value === '') continue;
      const field = form.elements[name];
      if (field && field.dataset && field.dataset.list !== undefined) body[name] = value.split(',').map((v) => v.trim()).filter(Boolean);
      else if (field && field.type === 'checkbox') body[name] = true;
      else body[name] = value;
    }
    const button = form.querySelector('button');
    if (button) button.disabled = true;
    try {
      const response = await fetch(form.dataset.action, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-Hourglass-Antiforgery': meta() ? meta().content : '' },
        body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => ({}));
      if (response.ok && form.dataset.change !== undefined) flash(`Job ${answer.id} is ${answer.state}.`, true);
      else if (response.ok) flash(`${response.status === 202 ? 'Queued' : 'Already queued'} as job ${answer.id} (${answer.kind}).`, true);
      else flash(answer.error || `Refused (${response.status}).`, false);
      if (response.ok) { editing = false; form.reset(); }
    } catch {
      flash('The server did not answer: is hourglass serve running?', false);
    } finally {
      if (button) button.disabled = false;
    }
    soon();
  });

  const live = document.getElementById('live');
  if (window.EventSource && live) {
    const events = new EventSource('/api/v1/events');
    events.onopen = () => live.classList.add('on');
    events.onmessage = soon;
    events.onerror = () => live.classList.remove('on'); // the browser reconnects by itself
  }
  // Ages move even when nothing happens.
  setInterval(soon, 30000);
})();
