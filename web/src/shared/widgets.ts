// Shared widgets: server QR view, enrolment QR, drug search combobox, adverse-reaction form, prescription sheet.
import { html, nothing, type TemplateResult } from 'lit';
import { HfElement, alertBox, errorBox, nextId, selectField, textArea, textField, toast, statusBadge } from './ui';
import { api, qs, type Page } from './api';
import { both, fmtDateIn, fmtNumber, lang, t, fmtDate } from './i18n';

// ---------------------------------------------------------------- types
export interface Ingredient { name: string; name_ar?: string; strength?: string | number; unit?: string }
export interface Drug {
  id: string; trade_name: string; trade_name_ar?: string; ingredients?: Ingredient[]; form?: string; route?: string;
  controlled?: boolean; status?: string; pack_size?: string | number; price?: unknown; atc_code?: string; registration_no?: string;
  requires_approval?: boolean; equivalents?: Drug[]; generic_equivalents?: Drug[]; controlled_schedule?: number | null;
}
export interface RxItem {
  id?: string; drug_id: string; drug?: Drug; trade_name?: string; trade_name_ar?: string; dose_amount?: number; dose_unit?: string;
  times_per_day?: number; duration_days?: number; quantity?: number; route?: string; instructions?: string; substitution_allowed?: boolean;
  repeats?: number; repeat_interval_days?: number; sig_en?: string; sig_ar?: string; remaining?: number; controlled?: boolean;
}
export interface Prescription {
  id: string; code: string; status: string; issued_at?: string; expires_at?: string; qr_token?: string; items: RxItem[];
  patient_id?: string; patient?: { id?: string; full_name?: string; full_name_ar?: string; national_id?: string; birth_date?: string; sex?: string };
  prescriber?: { id?: string; full_name?: string; full_name_ar?: string; name?: string; name_ar?: string; license_no?: string };
  facility?: { id?: string; name?: string; name_ar?: string };
  diagnosis_codes?: string[]; notes?: string; alerts?: unknown[]; patient_name?: string; prescriber_name?: string;
}

export function drugName(d: Partial<Drug> | undefined, l = lang()): string {
  if (!d) return '—';
  return (l === 'ar' && d.trade_name_ar) ? d.trade_name_ar : (d.trade_name ?? d.trade_name_ar ?? '—');
}
export function ingredientsText(d: Partial<Drug> | undefined): string {
  return (d?.ingredients ?? []).map((i) => [lang() === 'ar' && i.name_ar ? i.name_ar : i.name, i.strength, i.unit].filter((x) => x !== undefined && x !== '').join(' ')).join(' + ');
}
export function itemName(it: RxItem, l = lang()): string {
  if (it.drug) return drugName(it.drug, l);
  if (it.trade_name || it.trade_name_ar) return drugName({ trade_name: it.trade_name ?? '', trade_name_ar: it.trade_name_ar }, l);
  return it.drug_id;
}

// ---------------------------------------------------------------- a product's name from its id (cached)
const drugCache = new Map<string, Promise<Drug | null>>();
export function drugById(id: string): Promise<Drug | null> {
  if (!drugCache.has(id)) drugCache.set(id, api.get<Drug>(`/api/v1/drugs/${encodeURIComponent(id)}`).catch(() => null));
  return drugCache.get(id)!;
}
export class HfDrugName extends HfElement {
  static properties = { drugId: { attribute: 'drug-id' }, drug: { state: true } };
  declare drugId: string; declare drug: Drug | null;
  private loadedFor = '';
  constructor() { super(); this.drugId = ''; this.drug = null; }
  protected willUpdate(): void {
    if (this.drugId && this.drugId !== this.loadedFor) { this.loadedFor = this.drugId; void drugById(this.drugId).then((d) => { this.drug = d; }); }
  }
  render() { return this.drug ? drugName(this.drug) : html`<span class="small ltr">${this.drugId.slice(0, 8)}…</span>`; }
}
customElements.define('hf-drug-name', HfDrugName);

// ---------------------------------------------------------------- server-rendered QR (needs the bearer token)
export class HfServerQr extends HfElement {
  static properties = { rxId: { attribute: 'rx-id' }, code: {}, large: { type: Boolean }, svgUrl: { state: true }, failed: { state: true } };
  declare rxId: string; declare code: string; declare large: boolean; declare svgUrl: string; declare failed: boolean;
  private loadedFor = '';
  constructor() { super(); this.rxId = ''; this.code = ''; this.large = false; this.svgUrl = ''; this.failed = false; }
  protected willUpdate(): void {
    if (this.rxId && this.rxId !== this.loadedFor) { this.loadedFor = this.rxId; void this.load(); }
  }
  private async load(): Promise<void> {
    try {
      const svg = await api.get<string>(`/api/v1/prescriptions/${encodeURIComponent(this.rxId)}/qr.svg`, { text: true });
      if (this.svgUrl) URL.revokeObjectURL(this.svgUrl);
      this.svgUrl = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
      this.failed = false;
    } catch { this.failed = true; }
  }
  disconnectedCallback(): void { super.disconnectedCallback(); if (this.svgUrl) URL.revokeObjectURL(this.svgUrl); this.svgUrl = ''; this.loadedFor = ''; }
  render() {
    return html`<div class="qr-box ${this.large ? 'qr-large' : ''}">
      ${this.svgUrl ? html`<img src=${this.svgUrl} alt=${t('qr_alt', { code: this.code })} data-testid="rx-qr">`
        : this.failed ? html`<p class="small">${t('qr_unavailable')}</p>` : html`<p class="small">${t('loading')}</p>`}
      <span class="big-code" data-testid="rx-code">${this.code}</span>
    </div>`;
  }
}
customElements.define('hf-server-qr', HfServerQr);

/** A QR code drawn in the browser (the otpauth URI at enrolment); the generator loads on demand. */
export async function qrDataUrl(text: string): Promise<string> {
  const { default: qrcode } = await import('qrcode-generator');
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  return qr.createDataURL(6, 2);
}

// ---------------------------------------------------------------- second-factor set-up for a signed-in user
export class HfTotpSetup extends HfElement {
  static properties = { uri: { state: true }, secret: { state: true }, qr: { state: true }, code: { state: true }, error: { state: true }, busy: { state: true } };
  declare uri: string; declare secret: string; declare qr: string; declare code: string; declare error: unknown; declare busy: boolean;
  constructor() { super(); this.uri = ''; this.secret = ''; this.qr = ''; this.code = ''; this.error = null; this.busy = false; }
  connectedCallback(): void { super.connectedCallback(); void this.start(); }
  private async start(): Promise<void> {
    try {
      const ans = await api.post<{ otpauth_uri: string; secret: string }>('/api/v1/auth/totp/enroll', {});
      this.uri = ans.otpauth_uri; this.secret = ans.secret; this.qr = await qrDataUrl(ans.otpauth_uri);
    } catch (e) { this.error = e; }
  }
  private async confirm(e: Event): Promise<void> {
    e.preventDefault(); e.stopPropagation();
    this.busy = true; this.error = null;
    try { await api.post('/api/v1/auth/totp/confirm', { totp: this.code.trim() }); this.emit('totp-enrolled'); } catch (err) { this.error = err; } finally { this.busy = false; }
  }
  render() {
    return html`<section class="card" aria-labelledby="totp-setup-h" data-testid="totp-setup"><h3 id="totp-setup-h">${t('enroll_title')}</h3>
      <p>${t('enroll_text')}</p>
      ${this.qr ? html`<div class="qr-box"><img src=${this.qr} alt=${t('enroll_title')}></div>
        <p>${t('enroll_secret')}: <code class="ltr" data-testid="setup-secret">${this.secret}</code></p>` : html`<p>${t('loading')}</p>`}
      ${textField({ id: 'setup-code', label: t('totp_code'), value: this.code, inputmode: 'numeric', autocomplete: 'one-time-code', cls: 'otp-input', onInput: (v) => { this.code = v; } })}
      ${errorBox(this.error)}
      <button class="btn" type="button" ?disabled=${this.busy || !this.secret} @click=${this.confirm} data-testid="setup-confirm">${t('enroll_confirm').replace(/ and sign in|وتسجيل الدخول/, '')}</button>
    </section>`;
  }
}
customElements.define('hf-totp-setup', HfTotpSetup);

// ---------------------------------------------------------------- drug search combobox
export class HfDrugPicker extends HfElement {
  static properties = {
    label: {}, keep: { type: Boolean }, testid: {}, q: { state: true }, results: { state: true }, open: { state: true },
    active: { state: true }, searched: { state: true }, error: { state: true },
  };
  declare label: string; declare keep: boolean; declare testid: string; declare q: string; declare results: Drug[];
  declare open: boolean; declare active: number; declare searched: boolean; declare error: unknown;
  private inputId = nextId('drug');
  private listId = nextId('drug-list');
  private timer = 0;
  private ctrl: AbortController | null = null;
  constructor() { super(); this.label = ''; this.keep = false; this.testid = 'drug-search'; this.q = ''; this.results = []; this.open = false; this.active = -1; this.searched = false; this.error = null; }

  private onInput(v: string): void {
    this.q = v;
    clearTimeout(this.timer);
    if (v.trim().length < 2) { this.results = []; this.open = false; this.searched = false; return; }
    this.timer = window.setTimeout(() => void this.search(v.trim()), 120);
  }
  private async search(q: string): Promise<void> {
    this.ctrl?.abort();
    this.ctrl = new AbortController();
    try {
      const page = await api.get<Page<Drug>>(`/api/v1/drugs${qs({ q, limit: 10 })}`, { signal: this.ctrl.signal });
      if (q !== this.q.trim()) return;
      this.results = page.items ?? [];
      this.open = true; this.searched = true; this.active = this.results.length ? 0 : -1; this.error = null;
    } catch (e) {
      if ((e as Error).name === 'AbortError') return;
      this.error = e; this.open = false;
    }
  }
  private choose(d: Drug): void {
    this.open = false;
    this.q = this.keep ? drugName(d) : '';
    this.results = this.keep ? this.results : [];
    this.emit('drug-selected', d);
  }
  private onKey(e: KeyboardEvent): void {
    if (e.key === 'ArrowDown') { e.preventDefault(); if (!this.open && this.results.length) this.open = true; else this.active = Math.min(this.results.length - 1, this.active + 1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); this.active = Math.max(0, this.active - 1); }
    else if (e.key === 'Enter') { if (this.open && this.results[this.active]) { e.preventDefault(); this.choose(this.results[this.active]); } }
    else if (e.key === 'Escape') { this.open = false; }
  }
  protected updated(): void {
    if (this.open && this.active >= 0) this.querySelector(`#${this.listId}-${this.active}`)?.scrollIntoView({ block: 'nearest' });
  }
  render() {
    const expanded = this.open && this.results.length > 0;
    return html`<div class="field combo">
      <label for=${this.inputId}>${this.label || t('drug_search')}</label>
      <input id=${this.inputId} type="text" role="combobox" autocomplete="off" aria-autocomplete="list"
        aria-expanded=${expanded ? 'true' : 'false'} aria-controls=${this.listId}
        aria-activedescendant=${expanded && this.active >= 0 ? `${this.listId}-${this.active}` : nothing}
        .value=${this.q} data-testid=${this.testid}
        @input=${(e: Event) => this.onInput((e.target as HTMLInputElement).value)} @keydown=${this.onKey}
        @blur=${() => setTimeout(() => { this.open = false; }, 150)}>
      <ul role="listbox" id=${this.listId} ?hidden=${!expanded} aria-label=${this.label || t('drug_search_short')}>
        ${this.results.map((d, i) => html`<li role="option" id="${this.listId}-${i}" aria-selected=${i === this.active ? 'true' : 'false'}
          @mousedown=${(e: Event) => { e.preventDefault(); this.choose(d); }} data-testid="drug-option">
          <strong>${drugName(d)}</strong>${d.controlled ? html` <span class="badge badge-warn">${t('controlled')}</span>` : nothing}
          <span class="opt-sub">${ingredientsText(d)}${d.form ? ` · ${d.form}` : ''}${lang() === 'ar' ? '' : d.trade_name_ar ? ` · ${d.trade_name_ar}` : ''}</span>
        </li>`)}
      </ul>
      <span class="visually-hidden" role="status">${this.searched ? (this.results.length ? t('drug_results', { n: this.results.length }) : t('drug_no_match', { q: this.q })) : ''}</span>
      ${this.searched && !this.results.length && this.q.trim().length >= 2 ? html`<span class="hint">${t('drug_no_match', { q: this.q })}</span>` : nothing}
      ${errorBox(this.error)}
    </div>`;
  }
}
customElements.define('hf-drug-picker', HfDrugPicker);

// ---------------------------------------------------------------- adverse reaction report (doctor, pharmacist)
export class HfAdverseForm extends HfElement {
  static properties = { drug: { state: true }, age: { state: true }, sex: { state: true }, reaction: { state: true }, seriousness: { state: true }, outcome: { state: true }, description: { state: true }, error: { state: true }, busy: { state: true }, done: { state: true }, prescriptionId: { attribute: 'prescription-id' } };
  declare drug: Drug | null; declare age: string; declare sex: string; declare reaction: string; declare seriousness: string; declare outcome: string;
  declare description: string; declare error: unknown; declare busy: boolean; declare done: boolean; declare prescriptionId: string;
  private key = crypto.randomUUID();
  private drugErr = false;
  constructor() { super(); this.drug = null; this.age = '18-44'; this.sex = 'female'; this.reaction = ''; this.seriousness = 'non_serious'; this.outcome = 'recovering'; this.description = ''; this.error = null; this.busy = false; this.done = false; this.prescriptionId = ''; }
  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.drug) { this.drugErr = true; this.requestUpdate(); return; }
    this.busy = true; this.error = null;
    try {
      // The report carries no patient identifier: an age group, not a birth date (DOMAIN.md).
      await api.create('/api/v1/adverse-events', {
        drug_id: this.drug.id, patient_age_band: this.age, patient_sex: this.sex, reaction: this.reaction.trim(),
        seriousness: this.seriousness, outcome: this.outcome, narrative: this.description.trim() || undefined,
      }, this.key);
      this.done = true; this.key = crypto.randomUUID();
      toast(t('ae_sent'), 'success');
      this.drug = null; this.reaction = ''; this.description = '';
    } catch (err) { this.error = err; } finally { this.busy = false; }
  }
  render() {
    return html`<section class="card" aria-labelledby="ae-h"><h2 id="ae-h">${t('adverse_report')}</h2>
      ${this.done ? alertBox('success', t('ae_sent')) : nothing}
      <form @submit=${this.submit} novalidate>
        <hf-drug-picker keep .label=${t('ae_drug')} testid="ae-drug" @drug-selected=${(e: CustomEvent<Drug>) => { this.drug = e.detail; this.drugErr = false; this.done = false; }}></hf-drug-picker>
        ${this.drug ? html`<p class="small">✓ <strong>${drugName(this.drug)}</strong> — ${ingredientsText(this.drug)}</p>` : nothing}
        ${this.drugErr ? html`<p class="error-text" role="alert">${t('ae_choose_drug')}</p>` : nothing}
        <div class="row">
          ${selectField({ label: t('ae_age_band'), value: this.age, onInput: (v) => { this.age = v; }, options: ['0-1', '2-11', '12-17', '18-44', '45-64', '65+'].map((b) => ({ value: b, label: b })) })}
          ${selectField({ label: t('sex'), value: this.sex, onInput: (v) => { this.sex = v; }, options: [{ value: 'female', label: t('sex_female') }, { value: 'male', label: t('sex_male') }, { value: 'unknown', label: t('sex_unknown') }] })}
        </div>
        ${textField({ label: t('ae_reaction'), value: this.reaction, required: true, onInput: (v) => { this.reaction = v; }, testid: 'ae-reaction' })}
        <div class="row">
          ${selectField({ label: t('ae_seriousness'), value: this.seriousness, onInput: (v) => { this.seriousness = v; }, options: [{ value: 'non_serious', label: t('ae_non_serious') }, { value: 'serious', label: t('ae_serious') }] })}
          ${selectField({ label: t('ae_outcome'), value: this.outcome, onInput: (v) => { this.outcome = v; }, options: ['recovered', 'recovering', 'not_recovered', 'fatal', 'unknown'].map((o) => ({ value: o, label: t(`ae_outcome_${o}` as 'ae_outcome_recovered') })) })}
        </div>
        ${textArea({ label: t('ae_description'), hint: t('ae_narrative_hint'), value: this.description, onInput: (v) => { this.description = v; } })}
        ${errorBox(this.error)}
        <button class="btn" type="submit" ?disabled=${this.busy} data-testid="ae-submit">${t('submit')}</button>
      </form></section>`;
  }
}
customElements.define('hf-adverse-form', HfAdverseForm);

// ---------------------------------------------------------------- prescription sheet (screen + A5 print, both languages)
export class HfRxSheet extends HfElement {
  static properties = { rx: { attribute: false }, patientName: { attribute: false } };
  declare rx: Prescription | null; declare patientName: string;
  constructor() { super(); this.rx = null; this.patientName = ''; }
  render() {
    const rx = this.rx;
    if (!rx) return nothing;
    const title = both('print_title');
    const row = (k: Parameters<typeof both>[0], en: string, ar: string) => { const b = both(k); return html`<div class="en"><span class="muted">${b.en}:</span> ${en}</div><div class="ar"><span class="muted">${b.ar}:</span> ${ar}</div>`; };
    const pName = rx.patient?.full_name ?? rx.patient_name ?? this.patientName ?? '';
    const pNameAr = rx.patient?.full_name_ar || pName;
    const dName = rx.prescriber?.full_name ?? rx.prescriber?.name ?? rx.prescriber_name ?? '';
    const dNameAr = rx.prescriber?.full_name_ar || rx.prescriber?.name_ar || dName;
    return html`<article class="rx-sheet print-area" data-testid="rx-sheet" aria-label=${t('prescription')}>
      <div class="rx-head">
        <div class="en"><strong>HealthFlow</strong><br>${title.en}</div>
        <div class="ar"><strong>هيلث فلو</strong><br>${title.ar}</div>
      </div>
      <div class="bi">
        ${row('patient', pName, pNameAr)}
        ${dName ? row('prescriber', dName, dNameAr) : nothing}
        ${rx.facility?.name ? row('facility', rx.facility.name, rx.facility.name_ar || rx.facility.name) : nothing}
        ${row('issued_at', fmtDateIn('en', rx.issued_at), fmtDateIn('ar', rx.issued_at))}
        ${row('expires_at', fmtDateIn('en', rx.expires_at), fmtDateIn('ar', rx.expires_at))}
        ${rx.diagnosis_codes?.length ? row('diagnosis_codes', rx.diagnosis_codes.join(', '), rx.diagnosis_codes.join('، ')) : nothing}
      </div>
      <ol>
        ${rx.items.map((it) => html`<li><div class="bi">
          <div class="en"><strong>${itemName(it, 'en')}</strong> — ${both('quantity').en}: ${it.quantity ?? ''}<br>${it.sig_en ?? ''}</div>
          <div class="ar"><strong>${itemName(it, 'ar')}</strong> — ${both('quantity').ar}: ${it.quantity ?? ''}<br>${it.sig_ar ?? ''}</div>
        </div></li>`)}
      </ol>
      ${rx.notes ? html`<p>${rx.notes}</p>` : nothing}
      <div class="rx-foot">
        <hf-server-qr rx-id=${rx.id} code=${rx.code}></hf-server-qr>
        <div><p class="ltr">${both('scan_hint').en}</p><p dir="rtl" lang="ar">${both('scan_hint').ar}</p>
          <p>${statusBadge(rx.status)}</p></div>
      </div>
    </article>`;
  }
}
customElements.define('hf-rx-sheet', HfRxSheet);

export function itemsTable(items: RxItem[], extra?: { label: string; cell: (it: RxItem) => unknown }[]): TemplateResult {
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${t('items')}><table>
    <thead><tr><th scope="col">${t('drug_search_short')}</th><th scope="col">${t('sig')}</th><th scope="col">${t('quantity')}</th><th scope="col">${t('remaining')}</th>${(extra ?? []).map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead>
    <tbody>${items.map((it) => html`<tr><td><strong>${itemName(it)}</strong>${it.drug?.controlled || it.controlled ? html` <span class="badge badge-warn">${t('controlled')}</span>` : nothing}</td>
      <td>${lang() === 'ar' ? (it.sig_ar ?? it.sig_en) : (it.sig_en ?? it.sig_ar)}</td><td>${it.quantity !== undefined ? fmtNumber(it.quantity) : '—'}</td>
      <td>${it.remaining !== undefined ? fmtNumber(it.remaining) : '—'}</td>${(extra ?? []).map((c) => html`<td>${c.cell(it)}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}

export { fmtDate };
