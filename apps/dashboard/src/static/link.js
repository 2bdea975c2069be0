// The "customer link" page: a copy button for the link. Plain JavaScript, no build step.

(() => {
  const button = document.getElementById('copy-link');
  const input = document.getElementById('link-url');
  const status = document.getElementById('copy-status');
  if (!button || !input || !status) return;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      status.textContent = button.dataset.copied;
    } catch {
      input.select();
      status.textContent = button.dataset.failed;
    }
  });
})();
