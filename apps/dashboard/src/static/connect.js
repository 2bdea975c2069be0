// The customer's connect page: receives this link's QR over server-sent events, ticks its countdown and
// says "connected" at the end. Plain JavaScript, no build step.

(() => {
  const strings = JSON.parse(document.getElementById('strings')?.textContent || '{}');
  const state = document.getElementById('connect-state');
  const live = document.getElementById('live-status');
  if (!state) return;
  let offset = 0;
  const format = (template, values) =>
    template.replace(/\{(\w+)\}/g, (whole, key) =>
      Object.hasOwn(values, key) ? String(values[key]) : whole,
    );

  function tick() {
    const now = Date.now() + offset;
    for (const el of state.querySelectorAll('.countdown[data-expires-at]')) {
      const seconds = Math.ceil((Number(el.dataset.expiresAt) - now) / 1000);
      const text = seconds > 0 ? format(strings.qrExpiresIn, { seconds }) : strings.qrRefreshing;
      if (el.textContent !== text) el.textContent = text;
    }
  }

  // A page that opens already connected (or refused) has nothing to follow.
  if (state.querySelector('[data-state="connected"]')) return;
  const events = new EventSource(state.dataset.events);
  events.addEventListener('state', (event) => {
    const data = JSON.parse(event.data);
    offset = data.at - Date.now();
    state.innerHTML = data.html;
    tick();
    if (live) live.textContent = data.status === 'connected' ? strings.connected : '';
    if (data.status === 'connected') {
      events.close();
      state.querySelector('h2')?.setAttribute('tabindex', '-1');
      state.querySelector('h2')?.focus();
    }
  });
  events.addEventListener('open', () => {
    if (live && live.textContent === strings.liveLost) live.textContent = '';
  });
  events.addEventListener('error', () => {
    if (live) live.textContent = strings.liveLost;
  });
  setInterval(tick, 1000);
})();
