// The operator dashboard's browser script: live list over server-sent events, filters, countdowns and
// the create form's checks. Plain JavaScript, no build step; the page works without it (forms post normally).

(() => {
  document.documentElement.classList.add('js');
  const strings = JSON.parse(document.getElementById('strings')?.textContent || '{}');
  const list = document.getElementById('session-list');
  const live = document.getElementById('live-status');
  const announcer = document.getElementById('announcer');
  const filterForm = document.querySelector('form.filters');
  const statusSelect = document.getElementById('filter-status');
  const searchInput = document.getElementById('filter-q');
  // Server clock minus browser clock: QR expiries are on the server's clock.
  let offset = 0;

  const format = (template, values) =>
    template.replace(/\{(\w+)\}/g, (whole, key) =>
      Object.hasOwn(values, key) ? String(values[key]) : whole,
    );

  function tickCountdowns() {
    const now = Date.now() + offset;
    for (const el of document.querySelectorAll('.countdown[data-expires-at]')) {
      const seconds = Math.ceil((Number(el.dataset.expiresAt) - now) / 1000);
      const text = seconds > 0 ? format(strings.qrExpiresIn, { seconds }) : strings.qrRefreshing;
      if (el.textContent !== text) el.textContent = text;
    }
  }

  function localizeTimes(root) {
    const formatter = new Intl.DateTimeFormat(document.documentElement.lang, {
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    for (const el of root.querySelectorAll('time[datetime]'))
      el.textContent = formatter.format(new Date(el.dateTime));
  }

  function applyFilters() {
    if (!list) return;
    const status = statusSelect?.value || '';
    const q = (searchInput?.value || '').trim().toLowerCase();
    const cards = list.querySelectorAll('.card');
    let shown = 0;
    for (const card of cards) {
      const match = (!status || card.dataset.status === status) && (!q || card.dataset.search.includes(q));
      card.hidden = !match;
      if (match) shown += 1;
    }
    const noMatch = list.querySelector('[data-state="no-match"]');
    if (noMatch) noMatch.hidden = cards.length === 0 || shown > 0;
  }

  function updateUrl() {
    const params = new URLSearchParams();
    if (statusSelect?.value) params.set('status', statusSelect.value);
    if (searchInput?.value) params.set('q', searchInput.value);
    const query = params.toString();
    history.replaceState(null, '', query ? `/?${query}` : '/');
  }

  /** Swaps in the new list region, touching only the cards whose content changed so focus and images stay. */
  function render(html) {
    const next = document.createElement('div');
    next.innerHTML = html;
    const nextCards = next.querySelector('#session-cards');
    const currentCards = list.querySelector('#session-cards');
    if (!nextCards || !currentCards) {
      list.innerHTML = html;
    } else {
      for (const child of [...list.children]) if (child !== currentCards) child.remove();
      for (const child of [...next.children]) if (child !== nextCards) list.insertBefore(child, currentCards);
      const changes = [];
      let index = 0;
      // Match cards by their session, among the cards only: never by a document-wide id, which a session's
      // name could make equal to an element of the page.
      const current = new Map();
      for (const child of currentCards.children)
        if (child.dataset.session) current.set(child.dataset.session, child);
      for (const card of [...nextCards.children]) {
        const existing = card.dataset.session ? current.get(card.dataset.session) : undefined;
        let node = existing;
        if (!existing) {
          node = card;
        } else if (existing.dataset.key !== card.dataset.key) {
          if (existing.dataset.status !== card.dataset.status) changes.push(card);
          existing.replaceWith(card);
          node = card;
        }
        if (currentCards.children[index] !== node)
          currentCards.insertBefore(node, currentCards.children[index] || null);
        index += 1;
      }
      while (currentCards.children.length > index) currentCards.lastElementChild.remove();
      if (changes.length > 0 && announcer) {
        announcer.textContent = changes
          .map((card) =>
            format(strings.announce, { name: card.dataset.name, status: card.dataset.statusLabel }),
          )
          .join('. ');
      }
    }
    list.setAttribute('aria-busy', 'false');
    localizeTimes(list);
    applyFilters();
    tickCountdowns();
  }

  function connect() {
    const events = new EventSource('/events');
    events.addEventListener('open', () => {
      if (live) live.textContent = strings.liveOn;
    });
    events.addEventListener('snapshot', (event) => {
      const data = JSON.parse(event.data);
      offset = data.at - Date.now();
      render(data.html);
      if (live) live.textContent = strings.liveOn;
    });
    events.addEventListener('error', () => {
      if (live) live.textContent = strings.liveLost;
      // A closed stream (not a retrying one) means the sign-in expired: reload to reach the sign-in page.
      if (events.readyState === EventSource.CLOSED) setTimeout(() => location.reload(), 3000);
    });
  }

  function setupCreateForm() {
    const form = document.getElementById('create-form');
    if (!form) return;
    const fields = [...form.querySelectorAll('[data-invalid-message]')];
    const showError = (field, invalid) => {
      const error = document.getElementById(`${field.id}-error`);
      field.toggleAttribute('aria-invalid', invalid);
      if (invalid) field.setAttribute('aria-invalid', 'true');
      if (error) {
        error.hidden = !invalid;
        error.textContent = invalid ? field.dataset.invalidMessage : '';
      }
    };
    const invalid = (field) => {
      const value = field.value.trim();
      if (field.required && value === '') return true;
      if (value !== '' && field.pattern && !new RegExp(`^(?:${field.pattern})$`).test(value)) return true;
      return field.maxLength > 0 && value.length > field.maxLength;
    };
    form.addEventListener('submit', (event) => {
      const bad = fields.filter(invalid);
      for (const field of fields) showError(field, bad.includes(field));
      if (bad.length > 0) {
        event.preventDefault();
        bad[0].focus();
      }
    });
    for (const field of fields) {
      field.addEventListener('input', () => {
        if (field.getAttribute('aria-invalid') === 'true' && !invalid(field)) showError(field, false);
      });
    }
  }

  if (filterForm) {
    filterForm.addEventListener('submit', (event) => {
      event.preventDefault();
      applyFilters();
      updateUrl();
    });
    statusSelect?.addEventListener('change', () => {
      applyFilters();
      updateUrl();
    });
    searchInput?.addEventListener('input', () => {
      applyFilters();
      updateUrl();
    });
  }

  setupCreateForm();
  if (list) {
    localizeTimes(list);
    applyFilters();
    connect();
  }
  setInterval(tickCountdowns, 1000);
})();
