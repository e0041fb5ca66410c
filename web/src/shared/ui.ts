// Shared design system: light-DOM Lit base class, form controls, alerts, tables, badges, toast.
import { LitElement, html, nothing, type TemplateResult, type PropertyValues } from 'lit';
import { LANG_EVENT, t, tMaybe, type Key } from './i18n';
import { explain } from './api';

/** Light DOM (one global stylesheet, labels and print CSS just work) and re-render on language change. */
export class HfElement extends LitElement {
  private onLang = () => this.requestUpdate();
  createRenderRoot(): HTMLElement { return this; }
  connectedCallback(): void { super.connectedCallback(); window.addEventListener(LANG_EVENT, this.onLang); }
  disconnectedCallback(): void { window.removeEventListener(LANG_EVENT, this.onLang); super.disconnectedCallback(); }
  protected updated(_c: PropertyValues): void { /* hook */ }
  /** Emit a bubbling, composed event. */
  emit<T>(name: string, detail?: T): void { this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true })); }
}

let uid = 0;
export function nextId(prefix = 'f'): string { uid += 1; return `${prefix}-${uid}`; }

export type Severity = 'info' | 'success' | 'warning' | 'danger';
const ICONS: Record<Severity, string> = { info: 'ℹ', success: '✓', warning: '⚠', danger: '✕' };

export function alertBox(sev: Severity, body: TemplateResult | string, opts: { heading?: string; role?: 'alert' | 'status' | 'none'; testid?: string } = {}): TemplateResult {
  const role = opts.role ?? (sev === 'danger' || sev === 'warning' ? 'alert' : 'status');
  return html`<div class="alert alert-${sev}" role=${role === 'none' ? nothing : role} data-testid=${opts.testid ?? nothing}>
    <span class="icon" aria-hidden="true">${ICONS[sev]}</span>
    <div class="body">${opts.heading ? html`<strong>${opts.heading}</strong><br>` : nothing}${body}</div>
  </div>`;
}

/** An API error as an actionable sentence plus the field errors. */
export function errorBox(err: unknown): TemplateResult | typeof nothing {
  if (!err) return nothing;
  const e = explain(err);
  return alertBox('danger', html`<p>${e.message}</p>
    ${e.detail ? html`<p class="small">${t('err_server_says', { detail: e.detail })}</p>` : nothing}
    ${e.fields.length ? html`<ul>${e.fields.map((f) => html`<li>${f.field ? html`<code>${f.field}</code>: ` : nothing}${f.message}</li>`)}</ul>` : nothing}`, { testid: 'error' });
}

/** Field error for `name` from an API error (matching errors[].field). */
export function fieldError(err: unknown, name: string): string | undefined {
  if (!err) return undefined;
  const e = explain(err);
  return e.fields.find((f) => f.field === name || f.field.endsWith(`.${name}`))?.message;
}

interface FieldOpts {
  id?: string; label: string; value?: string | number; type?: string; hint?: string; error?: string; required?: boolean;
  autocomplete?: string; inputmode?: string; placeholder?: string; min?: number; max?: number; step?: string; name?: string;
  onInput?: (v: string) => void; pattern?: string; maxlength?: number; dir?: string; testid?: string; cls?: string;
}
export function textField(o: FieldOpts): TemplateResult {
  const id = o.id ?? nextId();
  const hintId = o.hint ? `${id}-hint` : '';
  const errId = o.error ? `${id}-err` : '';
  const described = [hintId, errId].filter(Boolean).join(' ');
  return html`<div class="field">
    <label for=${id}>${o.label}${o.required ? html`<span aria-hidden="true"> *</span>` : nothing}</label>
    ${o.hint ? html`<span class="hint" id=${hintId}>${o.hint}</span>` : nothing}
    <input id=${id} name=${o.name ?? id} type=${o.type ?? 'text'} .value=${o.value === undefined ? '' : String(o.value)}
      ?required=${o.required} autocomplete=${o.autocomplete ?? nothing} inputmode=${o.inputmode ?? nothing}
      placeholder=${o.placeholder ?? nothing} min=${o.min ?? nothing} max=${o.max ?? nothing} step=${o.step ?? nothing}
      maxlength=${o.maxlength ?? nothing} dir=${o.dir ?? nothing} class=${o.cls ?? nothing} data-testid=${o.testid ?? nothing}
      aria-invalid=${o.error ? 'true' : 'false'} aria-describedby=${described || nothing}
      @input=${(e: Event) => o.onInput?.((e.target as HTMLInputElement).value)}>
    ${o.error ? html`<span class="error-text" id=${errId}>${o.error}</span>` : nothing}
  </div>`;
}

export function textArea(o: FieldOpts): TemplateResult {
  const id = o.id ?? nextId();
  const errId = o.error ? `${id}-err` : '';
  return html`<div class="field">
    <label for=${id}>${o.label}${o.required ? html`<span aria-hidden="true"> *</span>` : nothing}</label>
    ${o.hint ? html`<span class="hint" id="${id}-hint">${o.hint}</span>` : nothing}
    <textarea id=${id} ?required=${o.required} .value=${o.value === undefined ? '' : String(o.value)} data-testid=${o.testid ?? nothing}
      aria-invalid=${o.error ? 'true' : 'false'} aria-describedby=${[o.hint ? `${id}-hint` : '', errId].filter(Boolean).join(' ') || nothing}
      @input=${(e: Event) => o.onInput?.((e.target as HTMLTextAreaElement).value)}></textarea>
    ${o.error ? html`<span class="error-text" id=${errId}>${o.error}</span>` : nothing}
  </div>`;
}

export function selectField(o: FieldOpts & { options: { value: string; label: string }[] }): TemplateResult {
  const id = o.id ?? nextId();
  const errId = o.error ? `${id}-err` : '';
  return html`<div class="field">
    <label for=${id}>${o.label}${o.required ? html`<span aria-hidden="true"> *</span>` : nothing}</label>
    ${o.hint ? html`<span class="hint" id="${id}-hint">${o.hint}</span>` : nothing}
    <select id=${id} ?required=${o.required} data-testid=${o.testid ?? nothing} aria-invalid=${o.error ? 'true' : 'false'}
      aria-describedby=${[o.hint ? `${id}-hint` : '', errId].filter(Boolean).join(' ') || nothing}
      @change=${(e: Event) => o.onInput?.((e.target as HTMLSelectElement).value)}>
      ${o.options.map((op) => html`<option value=${op.value} ?selected=${String(o.value ?? '') === op.value}>${op.label}</option>`)}
    </select>
    ${o.error ? html`<span class="error-text" id=${errId}>${o.error}</span>` : nothing}
  </div>`;
}

export function checkField(o: { id?: string; label: string; checked: boolean; onChange: (v: boolean) => void; testid?: string; required?: boolean }): TemplateResult {
  const id = o.id ?? nextId();
  return html`<div class="check"><input type="checkbox" id=${id} .checked=${o.checked} ?required=${o.required} data-testid=${o.testid ?? nothing}
    @change=${(e: Event) => o.onChange((e.target as HTMLInputElement).checked)}><label for=${id}>${o.label}</label></div>`;
}

export function badge(kind: 'ok' | 'warn' | 'danger' | 'info' | 'neutral', text: string): TemplateResult {
  return html`<span class="badge badge-${kind}">${text}</span>`;
}

const STATUS_KIND: Record<string, 'ok' | 'warn' | 'danger' | 'info' | 'neutral'> = {
  active: 'ok', partially_dispensed: 'info', dispensed: 'neutral', cancelled: 'danger', expired: 'warn',
  pending_approval: 'warn', rejected: 'danger', draft: 'neutral',
};
export function statusBadge(status: string): TemplateResult {
  return html`<span class="badge badge-${STATUS_KIND[status] ?? 'neutral'}" data-status=${status}>${tMaybe(`st_${status}`, status)}</span>`;
}

export function table<T>(o: { caption?: string; columns: { label: string; cell: (r: T) => unknown }[]; rows: T[]; empty?: string; testid?: string }): TemplateResult {
  if (!o.rows.length) return html`<p class="muted" data-testid=${o.testid ?? nothing}>${o.empty ?? t('nothing_yet')}</p>`;
  return html`<div class="table-wrap" role="region" aria-label=${o.caption ?? nothing} tabindex="0"><table data-testid=${o.testid ?? nothing}>
    ${o.caption ? html`<caption>${o.caption}</caption>` : nothing}
    <thead><tr>${o.columns.map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead>
    <tbody>${o.rows.map((r) => html`<tr>${o.columns.map((c) => html`<td>${c.cell(r)}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}

export function splitList(s: string): string[] {
  return s.split(/[,،;\n]/).map((x) => x.trim()).filter(Boolean);
}

// ---- toast (one polite live region per page)
let toastHost: HTMLElement | null = null;
export function toast(message: string, kind: 'info' | 'success' | 'danger' = 'info'): void {
  if (!toastHost) {
    toastHost = document.createElement('div');
    toastHost.className = 'hf-toasts';
    toastHost.setAttribute('role', 'status');
    toastHost.setAttribute('aria-live', 'polite');
    document.body.appendChild(toastHost);
  }
  const el = document.createElement('div');
  el.className = `hf-toast ${kind}`;
  el.textContent = message;
  toastHost.appendChild(el);
  setTimeout(() => el.remove(), 6000);
}

export function label(key: Key): string { return t(key); }
