// Pharmacy portal: verify by QR or code, an unmistakable verdict, dispense all or part (with generic
// substitution where allowed and the ID check for controlled medicines), receipt, today's list, recalls.
import { html, nothing, type TemplateResult } from 'lit';
import { PortalBase, type View } from '../shared/portal';
import { alertBox, checkField, errorBox, selectField, statusBadge, table, textField, toast } from '../shared/ui';
import { api, ApiError, clientError, newIdempotencyKey, qs, type Page } from '../shared/api';
import { drugName, ingredientsText, itemName, type Drug, type Prescription, type RxItem } from '../shared/widgets';
import { fmtDateTime, fmtNumber, lang, t, tMaybe, type Key } from '../shared/i18n';

interface Recall { id: string; drug_ids?: string[]; drugs?: Drug[]; products?: { drug_id: string; trade_name?: string; batch_numbers?: string[] }[]; batch_numbers?: string[]; class?: number; reason?: string; issued_at?: string; created_at?: string }
interface VerifyAnswer { valid: boolean; signature?: string; reason?: string; prescription?: Prescription; recalls?: Recall[] }
interface DispenseAnswer { id: string; prescription_status: string; items: { item_id: string; quantity: number; remaining: number }[] }
interface Line { qty: string; product: string; batch: string }
interface Receipt { id: string; at: string; code: string; prescriptionId?: string; status: string; lines: { name: string; quantity: number; remaining: number; batch?: string; substituted?: string }[] }

type Verdict = 'valid' | 'cancelled' | 'expired' | 'dispensed' | 'forged' | 'not_found' | 'pending' | 'rejected' | 'invalid';
const VERDICT_STYLE: Record<Verdict, { cls: string; icon: string }> = {
  valid: { cls: 'verdict-valid', icon: '✓' }, cancelled: { cls: 'verdict-stop', icon: '✕' }, expired: { cls: 'verdict-stop', icon: '⌛' },
  dispensed: { cls: 'verdict-done', icon: '■' }, forged: { cls: 'verdict-forged', icon: '⚠' }, not_found: { cls: 'verdict-stop', icon: '?' },
  pending: { cls: 'verdict-stop', icon: '…' }, rejected: { cls: 'verdict-stop', icon: '✕' }, invalid: { cls: 'verdict-stop', icon: '✕' },
};

function verdictOf(a: VerifyAnswer | null, notFound: boolean): Verdict | null {
  if (notFound) return 'not_found';
  if (!a) return null;
  if (a.signature === 'bad') return 'forged';
  if (a.valid) return 'valid';
  const r = `${a.reason ?? ''} ${a.prescription?.status ?? ''}`.toLowerCase();
  if (/forg|signature|tamper|alter/.test(a.reason ?? '')) return 'forged';
  if (r.includes('cancel')) return 'cancelled';
  if (r.includes('expir')) return 'expired';
  if (r.includes('dispensed')) return 'dispensed';
  if (r.includes('pending')) return 'pending';
  if (r.includes('reject')) return 'rejected';
  return 'invalid';
}

function localDate(d: Date): string { return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; }
/** The code is the patient's secret (with it, a pharmacy can verify and dispense): the day's list
 * kept in this browser shows only enough of it to tell prescriptions apart. */
function maskCode(code: string): string { return code.length > 5 ? `${code.slice(0, 5)}••-••••` : code; }
function todayKey(userId: string): string { return `hf.dispensings.${userId}.${new Date().toISOString().slice(0, 10)}`; }

class HfPharmacyPortal extends PortalBase {
  static properties = {
    ...PortalBase.properties,
    recalls: { state: true }, code: { state: true }, answer: { state: true }, notFound: { state: true }, verifyErr: { state: true },
    busy: { state: true }, lines: { state: true }, drugs: { state: true }, idChecked: { state: true }, dispenseErr: { state: true },
    receipt: { state: true }, scanning: { state: true }, cameraErr: { state: true }, today: { state: true }, todayServer: { state: true }, recallNames: { state: true },
  };
  declare recalls: Recall[]; declare code: string; declare answer: VerifyAnswer | null; declare notFound: boolean; declare verifyErr: unknown;
  declare busy: boolean; declare lines: Record<string, Line>; declare drugs: Record<string, Drug>; declare idChecked: boolean; declare dispenseErr: unknown;
  declare receipt: Receipt | null; declare scanning: boolean; declare cameraErr: string; declare today: Receipt[]; declare todayServer: unknown[] | null;
  declare recallNames: Record<string, Drug>;
  portal = 'pharmacy' as const;
  roles = ['pharmacist'];
  private dispenseKey = newIdempotencyKey();
  private scanner: { stop(): void; destroy(): void } | null = null;

  constructor() {
    super();
    this.recalls = []; this.code = ''; this.answer = null; this.notFound = false; this.verifyErr = null; this.busy = false; this.lines = {};
    this.drugs = {}; this.idChecked = false; this.dispenseErr = null; this.receipt = null; this.scanning = false; this.cameraErr = '';
    this.today = []; this.todayServer = null; this.recallNames = {};
  }

  views(): View[] {
    return [
      { id: 'verify', label: t('verify_title') }, { id: 'today', label: t('today_dispensings') },
      { id: 'recalls', label: t('recalls') }, { id: 'adverse', label: t('adverse_report') },
    ];
  }

  protected onSignedIn(): void {
    void this.loadRecalls();
    try { this.today = JSON.parse(localStorage.getItem(todayKey(this.session!.user.id)) ?? '[]'); } catch { this.today = []; }
  }

  private async loadRecalls(): Promise<void> {
    try {
      const page = await api.get<Page<Recall>>('/api/v1/recalls?status=active&limit=100');
      this.recalls = page.items ?? [];
      const ids = [...new Set(this.recalls.flatMap((r) => (r.drugs?.length ? [] : r.drug_ids ?? [])))].slice(0, 20);
      const names: Record<string, Drug> = {};
      await Promise.all(ids.map(async (id) => { try { names[id] = await api.get<Drug>(`/api/v1/drugs/${id}`); } catch { /* keep id */ } }));
      this.recallNames = names;
    } catch { this.recalls = []; }
  }

  private async loadToday(): Promise<void> {
    const start = new Date(); start.setHours(0, 0, 0, 0);
    try {
      const page = await api.get<Page<unknown>>(`/api/v1/dispensations${qs({ date: localDate(start), limit: 100 })}`);
      this.todayServer = page.items ?? [];
    } catch { this.todayServer = null; }
  }

  protected updated(): void {
    if (this.view === 'today' && this.todayServer === null && this.session && !this.loadingToday) { this.loadingToday = true; void this.loadToday(); }
    if (this.view !== 'verify' && this.scanning) this.stopScan();
  }
  private loadingToday = false;

  // ---------------------------------------------------------------- verification
  private async verify(body: { code?: string; qr_token?: string }): Promise<void> {
    this.busy = true; this.verifyErr = null; this.notFound = false; this.answer = null; this.receipt = null; this.dispenseErr = null; this.idChecked = false;
    try {
      const a = await api.post<VerifyAnswer>('/api/v1/prescriptions/verify', body);
      this.answer = a;
      this.dispenseKey = newIdempotencyKey();
      const items = a.prescription?.items ?? [];
      const lines: Record<string, Line> = {};
      for (const it of items) lines[it.id!] = { qty: String(it.remaining ?? it.quantity ?? 0), product: '', batch: '' };
      this.lines = lines;
      // Product details (controlled flag, generic equivalents) for each item.
      const drugs: Record<string, Drug> = {};
      await Promise.all([...new Set(items.map((i) => i.drug_id))].map(async (id) => {
        try { drugs[id] = await api.get<Drug>(`/api/v1/drugs/${encodeURIComponent(id)}`); } catch { /* shown by id */ }
      }));
      this.drugs = drugs;
      await this.updateComplete;
      (this.querySelector('[data-testid="verdict"]') as HTMLElement | null)?.focus();
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) this.notFound = true;
      else if (e instanceof ApiError && e.status === 422 && body.code) this.verifyErr = clientError(t('code_typo'));
      else this.verifyErr = e;
    } finally { this.busy = false; }
  }
  private submitCode(e: Event): void {
    e.preventDefault();
    const code = this.code.trim().toUpperCase();
    if (!code) return;
    void this.verify({ code });
  }

  private async startScan(): Promise<void> {
    this.cameraErr = '';
    this.scanning = true;
    await this.updateComplete;
    const video = this.querySelector('#scan-video') as HTMLVideoElement;
    try {
      const { default: QrScanner } = await import('qr-scanner');
      const scanner = new QrScanner(video, (res) => {
        this.stopScan();
        const text = res.data.trim();
        if (/^HF-?[A-Z0-9-]{4,}$/i.test(text)) { this.code = text.toUpperCase(); void this.verify({ code: this.code }); }
        else void this.verify({ qr_token: text });
      }, { returnDetailedScanResult: true, highlightScanRegion: true });
      this.scanner = scanner;
      await scanner.start();
    } catch (e) {
      this.stopScan();
      this.cameraErr = t('camera_error', { detail: String((e as Error)?.message ?? e) });
    }
  }
  private stopScan(): void {
    this.scanner?.stop(); this.scanner?.destroy(); this.scanner = null; this.scanning = false;
  }
  disconnectedCallback(): void { this.stopScan(); super.disconnectedCallback(); }

  // ---------------------------------------------------------------- dispensing
  private drugOf(it: RxItem): Drug | undefined { return this.drugs[it.drug_id] ?? it.drug; }
  private isControlled(it: RxItem): boolean { return Boolean(it.controlled ?? it.drug?.controlled ?? this.drugs[it.drug_id]?.controlled); }
  private equivalents(it: RxItem): Drug[] { const d = this.drugOf(it); return (d?.equivalents ?? d?.generic_equivalents ?? []).filter((x) => x.id !== it.drug_id); }
  private setLine(id: string, patch: Partial<Line>): void { this.lines = { ...this.lines, [id]: { ...this.lines[id], ...patch } }; this.dispenseKey = newIdempotencyKey(); }

  private async dispense(e: Event): Promise<void> {
    e.preventDefault();
    const rx = this.answer?.prescription;
    if (!rx) return;
    const items = rx.items.filter((it) => Number(this.lines[it.id!]?.qty) > 0).map((it) => {
      const l = this.lines[it.id!];
      return { item_id: it.id!, quantity: Number(l.qty), dispensed_drug_id: l.product || undefined, batch_no: l.batch.trim() || undefined };
    });
    if (!items.length) { this.dispenseErr = clientError(t('nothing_to_dispense')); return; }
    const needsId = rx.items.some((it) => Number(this.lines[it.id!]?.qty) > 0 && this.isControlled(it));
    if (needsId && !this.idChecked) { this.dispenseErr = clientError(t('id_check_needed')); return; }
    this.busy = true; this.dispenseErr = null;
    try {
      const ans = await api.create<DispenseAnswer>(`/api/v1/prescriptions/${rx.id}/dispensations`, { items, patient_id_checked: needsId ? this.idChecked : undefined }, this.dispenseKey);
      this.dispenseKey = newIdempotencyKey();
      const byItem = new Map(ans.items.map((i) => [i.item_id, i]));
      const receipt: Receipt = {
        id: ans.id, at: new Date().toISOString(), code: rx.code, prescriptionId: rx.id, status: ans.prescription_status,
        lines: items.map((i) => {
          const it = rx.items.find((x) => x.id === i.item_id)!;
          const sub = i.dispensed_drug_id ? this.equivalents(it).find((d) => d.id === i.dispensed_drug_id) : undefined;
          return { name: this.nameOf(it), quantity: i.quantity, remaining: byItem.get(i.item_id)?.remaining ?? 0, batch: i.batch_no, substituted: sub ? drugName(sub) : undefined };
        }),
      };
      this.receipt = receipt;
      // The prescription as it now stands.
      const updated: Prescription = { ...rx, status: ans.prescription_status, items: rx.items.map((it) => ({ ...it, remaining: byItem.get(it.id!)?.remaining ?? it.remaining })) };
      this.answer = { ...this.answer!, prescription: updated, valid: ans.prescription_status === 'active' || ans.prescription_status === 'partially_dispensed' };
      const lines: Record<string, Line> = {};
      for (const it of updated.items) lines[it.id!] = { qty: String(it.remaining ?? 0), product: '', batch: '' };
      this.lines = lines; this.idChecked = false;
      this.today = [{ ...receipt, code: maskCode(receipt.code) }, ...this.today];
      try { localStorage.setItem(todayKey(this.session!.user.id), JSON.stringify(this.today)); } catch { /* full */ }
      this.todayServer = null; this.loadingToday = false;
      toast(t('dispensed_ok', { status: tMaybe(`st_${ans.prescription_status}`, ans.prescription_status) }), 'success');
    } catch (err) {
      if (err instanceof ApiError && err.is('verification-required')) this.requireVerification(err);
      else this.dispenseErr = err;
    } finally { this.busy = false; }
  }

  /** The server dispenses only soon after this pharmacy verified the prescription: a later visit
   * (or a reloaded portal) needs the patient's code or QR again. The form goes; the code field
   * waits, empty: the code comes from the patient, not from this page. */
  private requireVerification(err: ApiError): void {
    this.answer = null; this.receipt = null; this.lines = {}; this.idChecked = false; this.dispenseErr = null; this.code = '';
    this.verifyErr = err;  // explained in the language on screen (err_verification_required)
    void this.updateComplete.then(() => (this.querySelector('#rx-code') as HTMLElement | null)?.focus());
  }

  /** The code of a prescription dispensed from this browser (the list answer carries only its id). */
  private codeOf(prescriptionId: string): string {
    return this.today.find((r) => r.prescriptionId === prescriptionId)?.code ?? `${prescriptionId.slice(0, 8)}…`;
  }
  private nameOf(it: RxItem): string { const d = this.drugOf(it); return d ? drugName(d) : itemName(it); }

  // ---------------------------------------------------------------- rendering
  private recallBanner(): TemplateResult | typeof nothing {
    if (!this.recalls.length) return nothing;
    return html`<section class="alert recall-banner" role="region" aria-labelledby="recall-h" data-testid="recall-banner">
      <span class="icon" aria-hidden="true">⚠</span><div class="body">
      <h2 id="recall-h" style="margin:0">${t('active_recalls', { n: this.recalls.length })}</h2>
      <ul>${this.recalls.slice(0, 5).map((r) => html`<li>${this.recallText(r)}</li>`)}</ul>
      ${this.recalls.length > 5 ? html`<a href="#recalls">${t('recalls')} →</a>` : nothing}</div></section>`;
  }
  private recallText(r: Recall): TemplateResult {
    const names = r.drugs?.length ? r.drugs.map((d) => drugName(d))
      : (r.drug_ids ?? r.products?.map((p) => p.drug_id) ?? []).map((id) => (this.recallNames[id] ? drugName(this.recallNames[id]) : r.products?.find((p) => p.drug_id === id)?.trade_name ?? id));
    return html`<strong>${names.join(', ')}</strong> — ${r.class ? t('recall_class', { n: r.class }) : ''}
      ${r.batch_numbers?.length ? html` · ${t('batches')}: <span class="ltr">${r.batch_numbers.join(', ')}</span>` : html` · ${t('all_batches')}`}
      ${r.reason ? html` · ${r.reason}` : nothing}`;
  }

  private renderVerdict(v: Verdict): TemplateResult {
    const st = VERDICT_STYLE[v];
    const words = t(`v_${v}` as Key);
    return html`<div class="verdict ${st.cls}" role="alert" tabindex="-1" data-testid="verdict" data-verdict=${v}>
      <span class="v-icon" aria-hidden="true">${st.icon}</span>
      <div><div class="v-words">${words}</div>
        ${v === 'forged' ? html`<div>${t('v_forged_help')}</div>` : nothing}
        ${this.answer?.prescription ? html`<div class="small">${t('prescription_code')}: <span class="ltr">${this.answer.prescription.code}</span> · ${statusBadge(this.answer.prescription.status)}</div>` : nothing}
      </div></div>`;
  }

  private renderVerify(): TemplateResult {
    const v = verdictOf(this.answer, this.notFound);
    const rx = this.answer?.prescription;
    const dispensable = v === 'valid' && rx;
    return html`
      <section class="card" aria-labelledby="verify-h">
        <h1 id="verify-h">${t('verify_title')}</h1>
        <form class="row" @submit=${this.submitCode}>
          ${textField({ id: 'rx-code', label: t('rx_code_input'), hint: t('rx_code_hint'), value: this.code, autocomplete: 'off', dir: 'ltr', testid: 'rx-code-input', onInput: (x) => { this.code = x; } })}
          <div class="btn-row"><button class="btn" type="submit" ?disabled=${this.busy} data-testid="verify-submit">${t('verify')}</button>
          ${this.scanning ? html`<button class="btn btn-secondary" type="button" @click=${() => this.stopScan()}>${t('stop_scan')}</button>`
            : html`<button class="btn btn-secondary" type="button" @click=${() => void this.startScan()} data-testid="scan">${t('scan_qr')}</button>`}</div>
        </form>
        ${this.scanning ? html`<p>${t('camera_hint')}</p><video id="scan-video" style="inline-size:100%;max-inline-size:28rem;border-radius:8px" muted playsinline></video>` : nothing}
        ${this.cameraErr ? alertBox('warning', this.cameraErr) : nothing}
        ${errorBox(this.verifyErr)}
      </section>
      ${v ? this.renderVerdict(v) : nothing}
      ${this.answer?.recalls?.length ? alertBox('danger', html`<p>${t('recall_in_rx')}</p><ul>${this.answer.recalls.map((r) => html`<li>${this.recallText(r)}</li>`)}</ul>`, { testid: 'rx-recall' }) : nothing}
      ${rx && v !== 'forged' ? html`<section class="card" aria-labelledby="items-h">
        <h2 id="items-h">${t('items')}</h2>
        ${rx.patient?.full_name ? html`<p>${t('patient')}: <strong>${lang() === 'ar' && rx.patient.full_name_ar ? rx.patient.full_name_ar : rx.patient.full_name}</strong></p>` : nothing}
        ${dispensable ? this.renderDispenseForm(rx) : this.renderItemsReadOnly(rx)}
      </section>` : nothing}
      ${this.receipt ? this.renderReceipt(this.receipt) : nothing}`;
  }

  private renderItemsReadOnly(rx: Prescription): TemplateResult {
    return table({ caption: t('items'), rows: rx.items, columns: [
      { label: t('drug_search_short'), cell: (it) => this.nameOf(it) },
      { label: t('sig'), cell: (it) => (lang() === 'ar' ? it.sig_ar ?? it.sig_en : it.sig_en ?? it.sig_ar) ?? '—' },
      { label: t('quantity'), cell: (it) => fmtNumber(it.quantity ?? 0) },
      { label: t('remaining'), cell: (it) => fmtNumber(it.remaining ?? 0) },
    ] });
  }

  private renderDispenseForm(rx: Prescription): TemplateResult {
    const anyControlled = rx.items.some((it) => this.isControlled(it) && (it.remaining ?? 0) > 0);
    return html`<form @submit=${this.dispense} novalidate data-testid="dispense-form">
      ${rx.items.map((it, i) => {
        const l = this.lines[it.id!] ?? { qty: '0', product: '', batch: '' };
        const d = this.drugOf(it);
        const eq = this.equivalents(it);
        const left = it.remaining ?? 0;
        return html`<fieldset class="rx-item" data-testid="dispense-item" ?disabled=${left <= 0}>
          <legend>${i + 1}. ${this.nameOf(it)} ${this.isControlled(it) ? html`<span class="badge badge-warn">${t('controlled')}</span>` : nothing}</legend>
          <p class="small">${d ? ingredientsText(d) : ''}</p>
          <p>${(lang() === 'ar' ? it.sig_ar ?? it.sig_en : it.sig_en ?? it.sig_ar) ?? ''}</p>
          <p>${t('quantity')}: <strong>${fmtNumber(it.quantity ?? 0)}</strong> · ${t('remaining')}: <strong data-testid="remaining">${fmtNumber(left)}</strong></p>
          <div class="pickers" style="display:grid;gap:.5rem .75rem;grid-template-columns:repeat(auto-fit,minmax(min(100%,10rem),1fr))">
            ${textField({ id: `qty-${i}`, label: t('dispense_qty'), type: 'number', min: 0, max: left, value: l.qty, inputmode: 'numeric', testid: 'dispense-qty', onInput: (x) => this.setLine(it.id!, { qty: x }) })}
            ${it.substitution_allowed !== false && eq.length ? selectField({ id: `prod-${i}`, label: t('dispensed_product'), value: l.product, testid: 'dispense-product', onInput: (x) => this.setLine(it.id!, { product: x }),
              options: [{ value: '', label: `${t('as_prescribed')}: ${this.nameOf(it)}` }, ...eq.map((e) => ({ value: e.id, label: `${drugName(e)} (${ingredientsText(e)})` }))] })
              : html`<div class="field"><span class="label">${t('dispensed_product')}</span><span>${it.substitution_allowed === false ? t('not_substitutable') : t('as_prescribed')}</span></div>`}
            ${textField({ id: `batch-${i}`, label: t('batch_no'), value: l.batch, dir: 'ltr', onInput: (x) => this.setLine(it.id!, { batch: x }) })}
          </div>
        </fieldset>`;
      })}
      ${anyControlled ? checkField({ label: t('id_checked'), checked: this.idChecked, onChange: (x) => { this.idChecked = x; }, testid: 'id-checked' }) : nothing}
      ${errorBox(this.dispenseErr)}
      <div class="btn-row">
        <button class="btn btn-secondary" type="button" @click=${() => { for (const it of rx.items) this.setLine(it.id!, { qty: String(it.remaining ?? 0) }); }}>${t('dispense_all')}</button>
        <button class="btn btn-ok" type="submit" ?disabled=${this.busy} data-testid="dispense-submit">${t('dispense')}</button>
      </div>
    </form>`;
  }

  private renderReceipt(r: Receipt): TemplateResult {
    return html`<section class="card print-area" aria-labelledby="receipt-h" data-testid="receipt">
      <h2 id="receipt-h">${t('receipt')}</h2>
      <dl class="kv"><dt>${t('prescription_code')}</dt><dd class="ltr">${r.code}</dd><dt>${t('date')}</dt><dd>${fmtDateTime(r.at)}</dd>
        <dt>${t('status')}</dt><dd>${statusBadge(r.status)}</dd><dt>${t('signed_in_as', { name: '' }).replace(/[:\s]+$/, '')}</dt><dd>${this.session?.user.full_name ?? ''}</dd></dl>
      ${table({ rows: r.lines, columns: [
        { label: t('drug_search_short'), cell: (l) => html`${l.name}${l.substituted ? html`<br><span class="small">→ ${l.substituted}</span>` : nothing}` },
        { label: t('dispense_qty'), cell: (l) => fmtNumber(l.quantity) }, { label: t('batch_no'), cell: (l) => l.batch ?? '—' },
        { label: t('remaining'), cell: (l) => fmtNumber(l.remaining) },
      ] })}
      <div class="btn-row no-print"><button class="btn btn-secondary" type="button" @click=${() => window.print()}>${t('print_receipt')}</button>
        <button class="btn btn-secondary" type="button" @click=${() => { this.answer = null; this.receipt = null; this.code = ''; void this.updateComplete.then(() => (this.querySelector('#rx-code') as HTMLElement)?.focus()); }}>${t('new_verification')}</button></div>
    </section>`;
  }

  private renderToday(): TemplateResult {
    const server = this.todayServer as Record<string, unknown>[] | null;
    return html`<section class="card" aria-labelledby="today-h"><h1 id="today-h">${t('today_dispensings')}</h1>
      ${server ? table({ rows: server, testid: 'today-table', columns: [
        { label: t('date'), cell: (r) => fmtDateTime(String(r.dispensed_at ?? r.created_at ?? '')) },
        { label: t('prescription_code'), cell: (r) => html`<span class="ltr">${String(r.prescription_code ?? r.code ?? this.codeOf(String(r.prescription_id ?? '')))}</span>` },
        { label: t('items'), cell: (r) => ((r.items as { quantity?: number; trade_name?: string; drug_id?: string }[] | undefined) ?? []).map((i, n) => html`${n ? ', ' : ''}${i.trade_name ?? html`<hf-drug-name drug-id=${i.drug_id ?? ''}></hf-drug-name>`} ×${fmtNumber(i.quantity ?? 0)}`) },
      ] }) : html`<p class="muted">${t('today_local_note')}</p>
      ${table({ rows: this.today, testid: 'today-table', columns: [
        { label: t('date'), cell: (r) => fmtDateTime(r.at) }, { label: t('prescription_code'), cell: (r) => html`<span class="ltr">${r.code}</span>` },
        { label: t('items'), cell: (r) => r.lines.map((l) => `${l.name} ×${fmtNumber(l.quantity)}`).join(', ') }, { label: t('status'), cell: (r) => statusBadge(r.status) },
      ] })}`}
      <button class="btn btn-secondary" type="button" @click=${() => { this.todayServer = null; this.loadingToday = false; this.requestUpdate(); }}>${t('refresh')}</button>
    </section>`;
  }

  private renderRecalls(): TemplateResult {
    return html`<section class="card" aria-labelledby="recalls-h"><h1 id="recalls-h">${t('recalls')}</h1>
      ${table({ rows: this.recalls, empty: t('none'), columns: [
        { label: t('recall_products'), cell: (r) => this.recallText(r) }, { label: t('date'), cell: (r) => fmtDateTime(r.issued_at ?? r.created_at) },
      ] })}
      <button class="btn btn-secondary" type="button" @click=${() => void this.loadRecalls()}>${t('refresh')}</button></section>`;
  }

  renderView(view: string) {
    return html`${this.recallBanner()}
      ${view === 'verify' ? this.renderVerify() : nothing}
      ${view === 'today' ? this.renderToday() : nothing}
      ${view === 'recalls' ? this.renderRecalls() : nothing}
      ${view === 'adverse' ? html`<hf-adverse-form></hf-adverse-form>` : nothing}`;
  }
}
customElements.define('hf-pharmacy-portal', HfPharmacyPortal);
