import {
  DESCRIPTION_MAX_LENGTH,
  NAME_MAX_LENGTH,
  PHONE_NUMBER_PATTERN,
  SESSION_ID_PATTERN,
  validateDescription,
  validateName,
  validatePhoneNumber,
  validateSessionId,
} from '@inbox-hub/client';
import type { Messages } from '../i18n/index.js';
import { html, type SafeHtml } from './html.js';

/** The create form's fields as typed. */
export interface CreateValues {
  sessionId: string;
  name: string;
  phoneNumber: string;
  description: string;
}

/** Which message key explains each refused field. */
type FieldError = 'invalidSessionId' | 'invalidName' | 'invalidPhone' | 'invalidDescription';

/** The form as typed plus what is wrong with it. */
export interface CreateForm {
  values: CreateValues;
  errors: Partial<Record<keyof CreateValues, FieldError>>;
}

/** Reads the form fields, trimmed, from a parsed body. */
export function readCreateValues(body: Record<string, unknown>): CreateValues {
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
  return {
    sessionId: text('sessionId'),
    name: text('name'),
    phoneNumber: text('phoneNumber'),
    description: text('description'),
  };
}

/**
 * Validates the form with the client's own validators, so the server refuses exactly what the API would
 * (the browser checks the same patterns first).
 */
export function validateCreate(values: CreateValues): CreateForm {
  const errors: CreateForm['errors'] = {};
  const check = (field: keyof CreateValues, key: FieldError, validate: () => unknown) => {
    try {
      validate();
    } catch {
      errors[field] = key;
    }
  };
  check('sessionId', 'invalidSessionId', () => validateSessionId(values.sessionId));
  check('name', 'invalidName', () => validateName(values.name));
  if (values.phoneNumber !== '')
    check('phoneNumber', 'invalidPhone', () => validatePhoneNumber(values.phoneNumber));
  check('description', 'invalidDescription', () => validateDescription(values.description));
  return { values, errors };
}

/** A regular expression as an HTML `pattern` (which is anchored already). */
function pattern(re: RegExp): string {
  return re.source.replace(/^\^/, '').replace(/\$$/, '');
}

interface FieldSpec {
  name: keyof CreateValues;
  label: string;
  hint: string;
  optional?: boolean;
  attrs: SafeHtml;
  textarea?: boolean;
}

function field(t: Messages, form: CreateForm | undefined, spec: FieldSpec): SafeHtml {
  const id = `create-${spec.name}`;
  const errorKey = form?.errors[spec.name];
  const value = form?.values[spec.name] ?? '';
  const describedBy = `${id}-hint ${id}-error`;
  const invalid = errorKey ? html` aria-invalid="true"` : '';
  const errorMessageKey: Record<keyof CreateValues, FieldError> = {
    sessionId: 'invalidSessionId',
    name: 'invalidName',
    phoneNumber: 'invalidPhone',
    description: 'invalidDescription',
  };
  const message = t[errorMessageKey[spec.name]];
  return html`<div class="field">
<label for="${id}">${spec.label}${spec.optional ? html` <span class="optional">(${t.optional})</span>` : ''}</label>
${
  spec.textarea
    ? html`<textarea id="${id}" name="${spec.name}" rows="2" aria-describedby="${describedBy}" data-invalid-message="${message}"${invalid}${spec.attrs}>${value}</textarea>`
    : html`<input id="${id}" name="${spec.name}" value="${value}" aria-describedby="${describedBy}" data-invalid-message="${message}"${invalid}${spec.attrs}>`
}
<p class="hint" id="${id}-hint">${spec.hint}</p>
<p class="error" id="${id}-error"${errorKey ? '' : html` hidden`}>${errorKey ? t[errorKey] : ''}</p>
</div>`;
}

/** The "new session" form. It works without JavaScript; the script adds the same checks before sending. */
export function createFormSection(t: Messages, csrf: string, form: CreateForm | undefined): SafeHtml {
  const hasErrors = form && Object.keys(form.errors).length > 0;
  return html`<section class="create" aria-labelledby="create-heading">
<h2 id="create-heading">${t.createTitle}</h2>
<p>${t.createIntro}</p>
${hasErrors ? html`<p class="banner banner-error" role="alert" id="create-errors">${t.formHasErrors}</p>` : ''}
<form method="post" action="/sessions" id="create-form" novalidate data-error-summary="${t.formHasErrors}">
<input type="hidden" name="csrf" value="${csrf}">
${field(t, form, {
  name: 'sessionId',
  label: t.fieldSessionId,
  hint: t.createSessionIdHint,
  attrs: html` required maxlength="100" pattern="${pattern(SESSION_ID_PATTERN)}" autocomplete="off" spellcheck="false"`,
})}
${field(t, form, {
  name: 'name',
  label: t.createName,
  hint: t.createNameHint,
  attrs: html` required maxlength="${NAME_MAX_LENGTH}" autocomplete="off"`,
})}
${field(t, form, {
  name: 'phoneNumber',
  label: t.fieldPhone,
  hint: t.createPhoneHint,
  optional: true,
  attrs: html` inputmode="numeric" pattern="${pattern(PHONE_NUMBER_PATTERN)}" autocomplete="off"`,
})}
${field(t, form, {
  name: 'description',
  label: t.createDescription,
  hint: t.createDescriptionHint,
  optional: true,
  textarea: true,
  attrs: html` maxlength="${DESCRIPTION_MAX_LENGTH}"`,
})}
<button type="submit">${t.createSubmit}</button>
</form>
</section>`;
}
