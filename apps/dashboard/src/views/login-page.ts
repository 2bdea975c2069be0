import type { Messages } from '../i18n/index.js';
import { html, type SafeHtml } from './html.js';

/** The operator's sign-in form. */
export function loginPage(t: Messages, csrf: string, error?: string, user = ''): SafeHtml {
  return html`<div class="narrow">
<h1>${t.loginTitle}</h1>
<p>${t.loginIntro}</p>
${error ? html`<p class="banner banner-error" role="alert">${error}</p>` : ''}
<form method="post" action="/login" class="stack">
<input type="hidden" name="csrf" value="${csrf}">
<div class="field">
<label for="login-user">${t.loginUser}</label>
<input id="login-user" name="user" value="${user}" autocomplete="username" required autofocus>
</div>
<div class="field">
<label for="login-password">${t.loginPassword}</label>
<input id="login-password" name="password" type="password" autocomplete="current-password" required>
</div>
<button type="submit">${t.loginSubmit}</button>
</form>
</div>`;
}
