// Regulator (EDA) portal: dashboards (Chart.js), WHO indicators with definitions, controlled alerts,
// filters and CSV; medicine directory (edit, status, bulk upload), recalls, adverse events, approvals.
import { html, nothing, type TemplateResult } from 'lit';
import type { Chart as ChartT } from 'chart.js';
import { PortalBase, type View } from '../shared/portal';
import { alertBox, checkField, errorBox, selectField, splitList, statusBadge, table, textArea, textField, toast } from '../shared/ui';
import { api, qs, getSession, ApiError, type Page } from '../shared/api';
import { drugName, ingredientsText, itemsTable, type Drug, type Prescription } from '../shared/widgets';
import { GOVERNORATES, governorateName } from '../shared/national-id';
import { fmtDate, fmtDateTime, fmtNumber, fmtPercent, lang, locale, t, tMaybe, type Key } from '../shared/i18n';

type Rec = Record<string, unknown>;
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0) || 0);

/** Accepts [{key, count}] or {key: count}. */
function pairs(v: unknown, keyNames: string[]): { key: unknown; row: Rec; label: string; value: number }[] {
  if (Array.isArray(v)) {
    return v.map((r: Rec) => {
      const key = keyNames.map((k) => r[k]).find((x) => x !== undefined) ?? r.name ?? r.label;
      const value = [r.count, r.prescriptions, r.items, r.value, r.total].find((x) => typeof x === 'number' || (typeof x === 'string' && x !== ''));
      return { key, row: r, label: typeof key === 'object' ? '' : str(key), value: num(value) };
    });
  }
  if (v && typeof v === 'object') return Object.entries(v as Rec).map(([label, value]) => ({ key: label, row: {}, label, value: num(value) }));
  return [];
}
const WHO: { key: string; match: RegExp; label: Key; def: Key; pct: boolean }[] = [
  { key: 'avg', match: /avg|average|per_prescription/, label: 'who_avg_drugs', def: 'who_avg_drugs_def', pct: false },
  { key: 'generic', match: /generic/, label: 'who_generic', def: 'who_generic_def', pct: true },
  { key: 'antibiotic', match: /antibiotic/, label: 'who_antibiotic', def: 'who_antibiotic_def', pct: true },
  { key: 'injection', match: /inject/, label: 'who_injection', def: 'who_injection_def', pct: true },
  { key: 'eml', match: /essential|eml/, label: 'who_eml', def: 'who_eml_def', pct: true },
];

function parseIngredients(s: string): { name: string; strength?: string; unit?: string }[] {
  return s.split(/[;+]/).map((x) => x.trim()).filter(Boolean).map((x) => {
    const m = x.match(/^(.*?)\s+([\d.]+)\s*(\S+)?$/);
    return m ? { name: m[1], strength: m[2], unit: m[3] } : { name: x };
  });
}

class HfRegulatorPortal extends PortalBase {
  static properties = {
    ...PortalBase.properties,
    filters: { state: true }, summary: { state: true }, trends: { state: true }, controlled: { state: true }, dashErr: { state: true },
    drugQ: { state: true }, drugs: { state: true }, editing: { state: true }, drugErr: { state: true }, bulkResult: { state: true },
    recalls: { state: true }, recallForm: { state: true }, recallDrugs: { state: true }, recallErr: { state: true }, recallDetail: { state: true },
    aes: { state: true }, aeErr: { state: true }, aeSummary: { state: true }, pending: { state: true }, pendErr: { state: true }, rejecting: { state: true }, rejectReason: { state: true },
  };
  declare filters: { from: string; to: string; governorate: string; interval: string }; declare summary: Rec | null; declare trends: Rec[] | null;
  declare controlled: Rec[] | null; declare dashErr: unknown; declare drugQ: string; declare drugs: Drug[] | null; declare editing: (Drug & { _new?: boolean }) | null;
  declare drugErr: unknown; declare bulkResult: { ok?: number; inserted?: number; updated?: number; error?: unknown } | null; declare recalls: Rec[] | null; declare recallForm: Record<string, string>;
  declare recallDrugs: Drug[]; declare recallErr: unknown; declare recallDetail: Rec | null; declare aes: Rec[] | null; declare aeErr: unknown; declare aeSummary: Rec[] | null;
  declare pending: Prescription[] | null; declare pendErr: unknown; declare rejecting: string; declare rejectReason: string;
  portal = 'regulator' as const;
  roles = ['regulator'];
  private charts: ChartT[] = [];
  private loaded = new Set<string>();

  constructor() {
    super();
    const to = new Date(); const from = new Date(Date.now() - 29 * 864e5);
    this.filters = { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10), governorate: '', interval: 'day' };
    this.summary = null; this.trends = null; this.controlled = null; this.dashErr = null;
    this.drugQ = ''; this.drugs = null; this.editing = null; this.drugErr = null; this.bulkResult = null;
    this.recalls = null; this.recallForm = { batches: '', class: '2', reason: '' }; this.recallDrugs = []; this.recallErr = null; this.recallDetail = null;
    this.aes = null; this.aeErr = null; this.aeSummary = null; this.pending = null; this.pendErr = null; this.rejecting = ''; this.rejectReason = '';
  }

  views(): View[] {
    return [{ id: 'dashboard', label: t('dashboard') }, { id: 'directory', label: t('medicine_directory') }, { id: 'recalls', label: t('recalls') },
      { id: 'adverse', label: t('adverse_events') }, { id: 'approvals', label: t('approvals') }];
  }

  protected updated(): void {
    if (this.view === 'dashboard') void this.drawCharts();
    if (!this.session || this.loaded.has(this.view)) return;
    this.loaded.add(this.view);
    if (this.view === 'dashboard') void this.loadDashboard();
    if (this.view === 'directory') void this.searchDrugs();
    if (this.view === 'recalls') void this.loadRecalls();
    if (this.view === 'adverse') void this.loadAes();
    if (this.view === 'approvals') void this.loadPending();
  }

  // ---------------------------------------------------------------- dashboard
  private range(): Rec {
    const f = this.filters;
    return { from: f.from ? new Date(`${f.from}T00:00:00Z`).toISOString() : '', to: f.to ? new Date(`${f.to}T23:59:59Z`).toISOString() : '', governorate: f.governorate ? governorateName(f.governorate, 'en') : '' };
  }
  private async loadDashboard(): Promise<void> {
    this.dashErr = null;
    const r = this.range() as Record<string, string>;
    try {
      const [s, tr, ca] = await Promise.all([
        api.get<Rec>(`/api/v1/reports/summary${qs(r)}`),
        api.get<Rec>(`/api/v1/reports/trends${qs({ ...r, interval: this.filters.interval })}`).catch((): Rec => ({ points: [] })),
        api.get<Rec>('/api/v1/reports/controlled-alerts').catch((): Rec => ({ items: [] })),
      ]);
      this.summary = s;
      const pts = (tr.series ?? tr.points ?? tr.items ?? tr.data ?? []) as Rec[];
      this.trends = Array.isArray(pts) ? pts : [];
      const ci = (Array.isArray(ca) ? ca : ca.items ?? ca.alerts ?? []) as Rec[];
      this.controlled = ci;
      this.chartsDrawnFor = '';
    } catch (e) { this.dashErr = e; this.summary = this.summary ?? {}; this.trends = this.trends ?? []; this.controlled = this.controlled ?? []; }
  }
  private chartsDrawnFor = '';
  private async drawCharts(): Promise<void> {
    if (!this.summary || !this.trends) return;
    const sig = `${locale()}|${JSON.stringify(this.summary).length}|${this.trends.length}|${this.filters.interval}`;
    const c1 = this.querySelector('#chart-time') as HTMLCanvasElement | null;
    if (!c1 || (sig === this.chartsDrawnFor && this.charts.length && this.charts[0].canvas === c1)) return;
    this.chartsDrawnFor = sig;
    const { Chart, LineController, BarController, CategoryScale, LinearScale, PointElement, LineElement, BarElement, Tooltip, Legend } = await import('chart.js');
    Chart.register(LineController, BarController, CategoryScale, LinearScale, PointElement, LineElement, BarElement, Tooltip, Legend);
    Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
    Chart.defaults.color = '#1b2430';
    this.charts.forEach((c) => c.destroy());
    this.charts = [];
    const rtl = lang() === 'ar';
    const tp = this.trendPoints();
    const c2 = this.querySelector('#chart-gov') as HTMLCanvasElement | null;
    const c3 = this.querySelector('#chart-ing') as HTMLCanvasElement | null;
    const common = { responsive: true, maintainAspectRatio: false, animation: false as const, locale: locale(), plugins: { legend: { rtl, position: 'bottom' as const } } };
    this.charts.push(new Chart(c1, { type: 'line', data: { labels: tp.map((p) => fmtDate(p.period)), datasets: [
      { label: t('total_prescriptions'), data: tp.map((p) => p.rx), borderColor: '#0a5c8a', backgroundColor: '#0a5c8a', tension: 0.2 },
      { label: t('total_dispensations'), data: tp.map((p) => p.disp), borderColor: '#146c2e', backgroundColor: '#146c2e', tension: 0.2 }] },
      options: { ...common, scales: { x: { reverse: rtl }, y: { beginAtZero: true, position: rtl ? 'right' : 'left' } } } }));
    const gov = this.govPairs();
    if (c2) this.charts.push(new Chart(c2, { type: 'bar', data: { labels: gov.map((g) => g.label), datasets: [{ label: t('total_prescriptions'), data: gov.map((g) => g.value), backgroundColor: '#0a5c8a' }] },
      options: { ...common, scales: { x: { reverse: rtl }, y: { beginAtZero: true, position: rtl ? 'right' : 'left' } } } }));
    const ing = this.ingPairs();
    if (c3) this.charts.push(new Chart(c3, { type: 'bar', data: { labels: ing.map((g) => g.label), datasets: [{ label: t('count'), data: ing.map((g) => g.value), backgroundColor: '#7a4d00' }] },
      options: { ...common, indexAxis: 'y', scales: { x: { beginAtZero: true, reverse: rtl }, y: { position: rtl ? 'right' : 'left' } } } }));
  }
  disconnectedCallback(): void { this.charts.forEach((c) => c.destroy()); super.disconnectedCallback(); }

  private trendPoints(): { period: string; rx: number; disp: number }[] {
    return (this.trends ?? []).map((p) => ({ period: str(p.start ?? p.period ?? p.date ?? p.bucket), rx: num(p.prescriptions ?? p.count ?? p.total_prescriptions), disp: num(p.dispensations ?? p.dispensings ?? p.total_dispensations) }));
  }
  private govPairs() { return pairs(this.summary?.by_governorate ?? this.summary?.governorates, ['governorate', 'name']).map((g) => ({ ...g, label: governorateName(g.key, lang()) })); }
  private ingPairs() {
    return pairs(this.summary?.top_ingredients ?? this.summary?.ingredients, ['ingredient', 'name']).slice(0, 10)
      .map((g) => ({ ...g, label: lang() === 'ar' && g.row.name_ar ? str(g.row.name_ar) : g.label }));
  }
  private whoValue(key: RegExp): number | undefined {
    const w = (this.summary?.who_indicators ?? this.summary?.indicators ?? {}) as Rec;
    const k = Object.keys(w).find((x) => key.test(x));
    if (!k) return undefined;
    const v = w[k];
    return typeof v === 'object' && v !== null ? num((v as Rec).value) : num(v);
  }
  private async downloadCsv(): Promise<void> {
    try {
      const r = await fetch(`/api/v1/reports/summary.csv${qs(this.range() as Record<string, string>)}`, { headers: { Authorization: `Bearer ${getSession()?.access_token ?? ''}` } });
      if (!r.ok) throw new ApiError(r.status, { status: r.status });
      const url = URL.createObjectURL(await r.blob());
      const a = document.createElement('a'); a.href = url; a.download = `healthflow-summary-${this.filters.from}-${this.filters.to}.csv`; a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) { this.dashErr = e; }
  }
  private chartBlock(id: string, title: string, rows: { label: string; value: unknown }[], cols: [string, string]): TemplateResult {
    return html`<section class="card" aria-labelledby="${id}-h"><h2 id="${id}-h">${title}</h2>
      <div class="chart-box"><canvas id=${id} role="img" aria-label=${title}></canvas></div>
      <details><summary>${t('chart_table')}</summary>${table({ rows, columns: [{ label: cols[0], cell: (r) => r.label }, { label: cols[1], cell: (r) => (typeof r.value === 'number' ? fmtNumber(r.value) : str(r.value)) }] })}</details></section>`;
  }
  private renderDashboard(): TemplateResult {
    const f = this.filters;
    const s = this.summary ?? {};
    const counts = (s.counts ?? {}) as Rec;
    const totals = (s.totals ?? {}) as Rec;
    const totalRx = num(totals.prescriptions ?? s.total_prescriptions ?? counts.prescriptions ?? s.prescriptions);
    const totalDisp = num(totals.dispensations ?? s.total_dispensations ?? counts.dispensations ?? s.dispensations);
    const tp = this.trendPoints();
    return html`<h1>${t('dashboard')}</h1>
      <form class="card row" @submit=${(e: Event) => { e.preventDefault(); this.loaded.delete('dashboard'); void this.loadDashboard(); }} aria-label=${t('filter')}>
        ${textField({ label: t('from'), type: 'date', value: f.from, onInput: (v) => { this.filters = { ...this.filters, from: v }; } })}
        ${textField({ label: t('to'), type: 'date', value: f.to, onInput: (v) => { this.filters = { ...this.filters, to: v }; } })}
        ${selectField({ label: t('governorate'), value: f.governorate, onInput: (v) => { this.filters = { ...this.filters, governorate: v }; }, options: [{ value: '', label: t('all') }, ...Object.keys(GOVERNORATES).map((g) => ({ value: g, label: governorateName(g, lang()) }))] })}
        ${selectField({ label: t('interval'), value: f.interval, onInput: (v) => { this.filters = { ...this.filters, interval: v }; }, options: ['day', 'week', 'month'].map((i) => ({ value: i, label: t(`interval_${i}` as Key) })) })}
        <div class="btn-row"><button class="btn" type="submit" data-testid="apply-filters">${t('apply')}</button>
          <button class="btn btn-secondary" type="button" @click=${() => void this.downloadCsv()}>${t('download_csv')}</button>
          <a class="btn btn-ghost" href="/api/v1/reports/summary.csv${qs(this.range() as Record<string, string>)}" @click=${(e: Event) => { e.preventDefault(); void this.downloadCsv(); }}>summary.csv</a></div>
      </form>
      ${errorBox(this.dashErr)}
      <div class="grid">
        <div class="card"><h2>${t('total_prescriptions')}</h2><p class="stat" data-testid="stat-prescriptions">${fmtNumber(totalRx)}</p></div>
        <div class="card"><h2>${t('total_dispensations')}</h2><p class="stat" data-testid="stat-dispensations">${fmtNumber(totalDisp)}</p></div>
      </div>
      ${this.chartBlock('chart-time', t('rx_over_time'), tp.map((p) => ({ label: fmtDate(p.period), value: p.rx })), [t('date'), t('total_prescriptions')])}
      <div class="grid-2">
        ${this.chartBlock('chart-gov', t('rx_by_governorate'), this.govPairs(), [t('governorate'), t('count')])}
        ${this.chartBlock('chart-ing', t('top_ingredients'), this.ingPairs(), [t('ingredients'), t('count')])}
      </div>
      <section class="card" aria-labelledby="who-h"><h2 id="who-h">${t('who_indicators')}</h2>
        ${table({ rows: WHO, testid: 'who', columns: [
          { label: t('indicator'), cell: (w) => html`<strong>${t(w.label)}</strong>` },
          { label: t('value'), cell: (w) => { const v = this.whoValue(w.match); return v === undefined ? '—' : w.pct ? fmtPercent(v) : fmtNumber(v, { maximumFractionDigits: 2 }); } },
          { label: t('definition'), cell: (w) => html`<span class="small">${t(w.def)}</span>` },
        ] })}</section>
      <section class="card" aria-labelledby="ca-h"><h2 id="ca-h">${t('controlled_alerts')}</h2><p class="small muted">${t('controlled_alerts_def')}</p>
        ${table({ rows: this.controlled ?? [], empty: t('none'), testid: 'controlled', columns: [
          { label: t('pseudonym'), cell: (r) => html`<code>${str(r.patient_pseudonym ?? r.pseudonym ?? r.patient_ref ?? r.patient)}</code>` },
          { label: t('prescribers'), cell: (r) => fmtNumber(num(r.prescribers ?? r.prescriber_count)) },
          { label: t('pharmacies'), cell: (r) => fmtNumber(num(r.pharmacies ?? r.pharmacy_count)) },
        ] })}</section>`;
  }

  // ---------------------------------------------------------------- medicine directory
  private async searchDrugs(e?: Event): Promise<void> {
    e?.preventDefault();
    if (!this.drugQ.trim()) { this.drugs = []; return; } // the search needs a fragment of a name
    try { this.drugs = (await api.get<Page<Drug>>(`/api/v1/drugs${qs({ q: this.drugQ, limit: 50, include_inactive: true })}`)).items ?? []; } catch (err) { this.drugErr = err; this.drugs = []; }
  }
  private async saveDrug(e: Event): Promise<void> {
    e.preventDefault();
    const d = this.editing; if (!d) return;
    this.drugErr = null;
    // Types as the directory expects them: whole-number pack size, numeric strengths, a schedule for controlled products.
    const body: Rec = { registration_no: d.registration_no, trade_name: d.trade_name, trade_name_ar: d.trade_name_ar, form: d.form, route: d.route,
      atc_code: d.atc_code, requires_approval: Boolean(d.requires_approval), status: d.status ?? 'active',
      ingredients: (d.ingredients ?? []).map((i) => ({ name: i.name, strength: Number(i.strength), unit: i.unit ?? '' })),
      controlled: Boolean(d.controlled), controlled_schedule: d.controlled ? Number(d.controlled_schedule ?? 0) || null : null };
    if (d.pack_size !== undefined && d.pack_size !== '') body.pack_size = Math.trunc(Number(d.pack_size));
    if (d.price !== undefined && d.price !== null && d.price !== '') body.price = typeof d.price === 'object' ? d.price : { amount: String(d.price), currency: 'EGP' };
    for (const k of Object.keys(body)) if (body[k] === undefined || body[k] === '') delete body[k];
    try {
      const saved = d._new ? await api.create<Drug>('/api/v1/drugs', body) : await api.patch<Drug>(`/api/v1/drugs/${d.id}`, body);
      this.drugs = d._new ? [saved, ...(this.drugs ?? [])] : (this.drugs ?? []).map((x) => (x.id === d.id ? { ...x, ...body, ...saved } as Drug : x));
      this.editing = null; toast(t('saved'), 'success');
    } catch (err) { this.drugErr = err; }
  }
  private async bulk(e: Event): Promise<void> {
    e.preventDefault();
    const input = this.querySelector('#bulk-file') as HTMLInputElement;
    const file = input.files?.[0]; if (!file) return;
    this.bulkResult = null;
    try {
      // The server reads the file as drugs.csv (same columns) and applies all rows or none.
      const ans = await api.post<Rec>('/api/v1/drugs/bulk', { csv: await file.text() });
      this.bulkResult = { ok: num(ans?.rows ?? ans?.applied ?? 0), inserted: num(ans?.inserted), updated: num(ans?.updated) };
      if (this.drugQ.trim()) void this.searchDrugs();
    } catch (err) { this.bulkResult = { error: err }; }
  }
  private renderBulkErrors(err: unknown): unknown {
    const fields = err instanceof ApiError ? err.problem.errors ?? [] : [];
    const byLine = new Map<number, string[]>();
    for (const f of fields) {
      const m = str(f.field).match(/line\s*(\d+)/i) ?? str(f.field).match(/(?:items|rows)\[(\d+)\]/);
      const line = m ? Number(m[1]) + (/line/i.test(str(f.field)) ? 0 : 2) : 0; // items[i]: +2 for the header and 1-based lines
      byLine.set(line, [...(byLine.get(line) ?? []), str(f.message)]);
    }
    if (!byLine.size) return errorBox(err);
    return alertBox('danger', html`<p>${t('bulk_row_errors')}</p><ul data-testid="bulk-errors">${[...byLine].sort((a, b) => a[0] - b[0]).map(([r, msgs]) => html`<li>${r ? html`<strong>${t('row_n', { n: r })}</strong>: ` : nothing}${msgs.join('; ')}</li>`)}</ul>`);
  }
  private renderEditor(d: Drug & { _new?: boolean }): TemplateResult {
    const set = (k: keyof Drug) => (v: unknown) => { this.editing = { ...this.editing!, [k]: v }; };
    const price = typeof d.price === 'object' && d.price ? str((d.price as Rec).amount) : str(d.price);
    return html`<section class="card" aria-labelledby="edit-h"><h2 id="edit-h">${d._new ? t('add_drug') : `${t('edit')}: ${drugName(d)}`}</h2>
      <form @submit=${this.saveDrug}><div class="grid">
        ${textField({ label: t('registration_no'), value: d.registration_no ?? '', onInput: set('registration_no'), dir: 'ltr' })}
        ${textField({ label: t('trade_name'), required: true, value: d.trade_name, onInput: set('trade_name'), dir: 'ltr' })}
        ${textField({ label: t('trade_name_ar'), value: d.trade_name_ar ?? '', onInput: set('trade_name_ar'), dir: 'rtl' })}
        ${textField({ label: t('ingredients'), hint: t('ingredients_hint'), value: (d.ingredients ?? []).map((i) => [i.name, i.strength, i.unit].filter(Boolean).join(' ')).join('; '), onInput: (v) => set('ingredients')(parseIngredients(v)), dir: 'ltr' })}
        ${textField({ label: t('form'), value: d.form ?? '', onInput: set('form'), dir: 'ltr' })}
        ${textField({ label: t('route'), value: d.route ?? '', onInput: set('route'), dir: 'ltr' })}
        ${textField({ label: t('pack_size'), value: str(d.pack_size), onInput: set('pack_size'), dir: 'ltr' })}
        ${textField({ label: t('price'), value: price, onInput: (v) => set('price')({ amount: v, currency: 'EGP' }), dir: 'ltr', inputmode: 'decimal' })}
        ${textField({ label: t('atc'), value: d.atc_code ?? '', onInput: set('atc_code'), dir: 'ltr' })}
        ${selectField({ label: t('status'), value: d.status ?? 'active', onInput: set('status'), testid: 'drug-status', options: ['active', 'partially_disabled', 'permanently_disabled', 'recalled'].map((s) => ({ value: s, label: t(`ds_${s}` as Key) })) })}
      </div>
      ${checkField({ label: t('controlled'), checked: Boolean(d.controlled), onChange: set('controlled') })}
      ${d.controlled ? selectField({ label: t('schedule'), value: str(d.controlled_schedule ?? '1'), onInput: (v) => set('controlled_schedule')(Number(v)), options: ['1', '2', '3'].map((x) => ({ value: x, label: x })) }) : nothing}
      ${checkField({ label: t('requires_approval'), checked: Boolean(d.requires_approval), onChange: set('requires_approval') })}
      ${errorBox(this.drugErr)}
      <div class="btn-row"><button class="btn" type="submit" data-testid="save-drug">${t('save')}</button><button class="btn btn-secondary" type="button" @click=${() => { this.editing = null; }}>${t('cancel')}</button></div>
      </form></section>`;
  }
  private renderDirectory(): TemplateResult {
    return html`<h1>${t('medicine_directory')}</h1>
      ${this.editing ? this.renderEditor(this.editing) : nothing}
      <section class="card"><form class="row" @submit=${(e: Event) => void this.searchDrugs(e)}>
        ${textField({ label: t('search'), type: 'search', value: this.drugQ, onInput: (v) => { this.drugQ = v; } })}
        <div class="btn-row"><button class="btn" type="submit">${t('search')}</button>
          <button class="btn btn-secondary" type="button" @click=${() => { this.editing = { id: '', trade_name: '', status: 'active', _new: true }; }}>${t('add_drug')}</button></div>
      </form>
      ${errorBox(this.editing ? null : this.drugErr)}
      ${this.drugs === null ? html`<p>${t('loading')}</p>` : table({ rows: this.drugs, testid: 'drugs', columns: [
        { label: t('trade_name'), cell: (d) => html`<strong>${d.trade_name}</strong>${d.trade_name_ar ? html`<br><span lang="ar" dir="rtl">${d.trade_name_ar}</span>` : nothing}` },
        { label: t('ingredients'), cell: (d) => ingredientsText(d) }, { label: t('form'), cell: (d) => d.form ?? '—' },
        { label: t('status'), cell: (d) => tMaybe(`ds_${d.status ?? 'active'}`, d.status) },
        { label: t('actions'), cell: (d) => html`<button class="btn btn-secondary btn-small" type="button" @click=${() => { this.editing = { ...d }; window.scrollTo({ top: 0 }); }}>${t('edit')}</button>` },
      ] })}</section>
      <section class="card" aria-labelledby="bulk-h"><h2 id="bulk-h">${t('bulk_upload')}</h2><p class="small">${t('bulk_hint')}</p>
        <form @submit=${this.bulk}><div class="field"><label for="bulk-file">${t('choose_file')}</label><input id="bulk-file" type="file" accept=".csv,text/csv" required></div>
        <button class="btn" type="submit">${t('upload')}</button></form>
        ${this.bulkResult?.ok !== undefined ? alertBox('success', t('bulk_ok', { n: this.bulkResult.ok, inserted: this.bulkResult.inserted ?? 0, updated: this.bulkResult.updated ?? 0 })) : nothing}
        ${this.bulkResult?.error ? this.renderBulkErrors(this.bulkResult.error) : nothing}
      </section>`;
  }

  // ---------------------------------------------------------------- recalls
  private async loadRecalls(): Promise<void> {
    try { this.recalls = (await api.get<Page<Rec>>('/api/v1/recalls?limit=100')).items ?? []; } catch (e) { this.recallErr = e; this.recalls = []; }
  }
  private async issueRecall(e: Event): Promise<void> {
    e.preventDefault(); this.recallErr = null;
    try {
      const r = await api.create<Rec>('/api/v1/recalls', { drug_ids: this.recallDrugs.map((d) => d.id), batch_numbers: splitList(this.recallForm.batches), class: Number(this.recallForm.class), reason: this.recallForm.reason.trim() });
      this.recalls = [r, ...(this.recalls ?? [])]; this.recallDrugs = []; this.recallForm = { batches: '', class: '2', reason: '' };
      toast(t('recall_issued'), 'success');
      void this.openRecall(r);
    } catch (err) { this.recallErr = err; }
  }
  private async openRecall(r: Rec): Promise<void> {
    try { this.recallDetail = await api.get<Rec>(`/api/v1/recalls/${str(r.id)}`); } catch (e) { this.recallDetail = { ...r, error: e }; }
  }
  private renderRecalls(): TemplateResult {
    const d = this.recallDetail;
    const affected = (d ? (d.affected_pharmacies ?? d.affected ?? d.affected_dispensings ?? []) : []) as Rec[];
    return html`<h1>${t('recalls')}</h1>
      <section class="card" aria-labelledby="rc-new"><h2 id="rc-new">${t('issue_recall')}</h2>
      <form @submit=${this.issueRecall}>
        <hf-drug-picker .label=${t('recall_products')} testid="recall-drug" @drug-selected=${(e: CustomEvent<Drug>) => { if (!this.recallDrugs.some((x) => x.id === e.detail.id)) this.recallDrugs = [...this.recallDrugs, e.detail]; }}></hf-drug-picker>
        <ul>${this.recallDrugs.map((x) => html`<li>${drugName(x)} <button class="btn btn-secondary btn-small" type="button" @click=${() => { this.recallDrugs = this.recallDrugs.filter((y) => y.id !== x.id); }}>${t('remove')}</button></li>`)}</ul>
        <div class="grid">
          ${textField({ label: t('recall_batches'), value: this.recallForm.batches, dir: 'ltr', onInput: (v) => { this.recallForm = { ...this.recallForm, batches: v }; } })}
          ${selectField({ label: t('recall_class', { n: '' }).trim(), value: this.recallForm.class, onInput: (v) => { this.recallForm = { ...this.recallForm, class: v }; }, options: ['1', '2', '3'].map((c) => ({ value: c, label: t('recall_class', { n: c }) })) })}
        </div>
        ${textArea({ label: t('reason'), required: true, value: this.recallForm.reason, onInput: (v) => { this.recallForm = { ...this.recallForm, reason: v }; } })}
        ${errorBox(this.recallErr)}
        <button class="btn btn-danger" type="submit" ?disabled=${!this.recallDrugs.length}>${t('issue_recall')}</button>
      </form></section>
      ${d ? html`<section class="card" aria-labelledby="rc-d"><h2 id="rc-d">${t('affected_pharmacies')}</h2>
        ${'error' in d ? errorBox(d.error) : table({ rows: affected, empty: t('none'), testid: 'affected', columns: [
          { label: t('ft_pharmacy'), cell: (a) => str(lang() === 'ar' && a.name_ar ? a.name_ar : a.name ?? a.pharmacy_name ?? a.facility_id) },
          { label: t('governorate'), cell: (a) => governorateName(a.governorate, lang()) },
          { label: t('count'), cell: (a) => fmtNumber(num(a.count ?? a.dispensings ?? 1)) },
          { label: t('date'), cell: (a) => fmtDateTime(str(a.last_dispensed_at ?? '')) },
        ] })}</section>` : nothing}
      <section class="card"><h2>${t('recalls')}</h2>
      ${table({ rows: this.recalls ?? [], empty: t('none'), columns: [
        { label: t('date'), cell: (r) => fmtDateTime(str(r.issued_at ?? r.created_at)) },
        { label: t('recall_products'), cell: (r) => ((r.drug_ids as string[] | undefined) ?? ((r.products as Rec[] | undefined) ?? []).map((p) => str(p.drug_id)))
          .map((id, i) => html`${i ? ', ' : ''}<hf-drug-name drug-id=${id}></hf-drug-name>`) },
        { label: t('batches'), cell: (r) => ((r.batch_numbers as string[] | undefined) ?? []).join(', ') || t('all_batches') },
        { label: t('recall_class', { n: '' }).trim(), cell: (r) => str(r.class) }, { label: t('reason'), cell: (r) => str(r.reason) },
        { label: t('actions'), cell: (r) => html`<button class="btn btn-secondary btn-small" type="button" @click=${() => void this.openRecall(r)}>${t('affected_pharmacies')}</button>` },
      ] })}</section>`;
  }

  // ---------------------------------------------------------------- adverse events
  private async loadAes(): Promise<void> {
    try { this.aes = (await api.get<Page<Rec>>('/api/v1/adverse-events?limit=100')).items ?? []; } catch (e) { this.aeErr = e; this.aes = []; }
    try { this.aeSummary = ((await api.get<Rec>('/api/v1/adverse-events/summary')).by_product as Rec[] | undefined) ?? null; } catch { this.aeSummary = null; }
  }
  private async triage(a: Rec, status: string): Promise<void> {
    try { await api.patch(`/api/v1/adverse-events/${str(a.id)}`, { status }); this.aes = (this.aes ?? []).map((x) => (x.id === a.id ? { ...x, status } : x)); toast(t('saved'), 'success'); } catch (e) { this.aeErr = e; }
  }
  private renderAes(): TemplateResult {
    const rows = this.aes ?? [];
    const byProduct = new Map<string, number>();
    for (const a of rows) { const id = str(a.drug_id ?? (a.drug as Drug | undefined)?.id); byProduct.set(id, (byProduct.get(id) ?? 0) + 1); }
    return html`<h1>${t('adverse_events')}</h1>${errorBox(this.aeErr)}
      <section class="card"><h2>${t('triage')}</h2>
      ${table({ rows, empty: t('none'), testid: 'aes', columns: [
        { label: t('date'), cell: (a) => fmtDateTime(str(a.reported_at ?? a.created_at)) },
        { label: t('ae_drug'), cell: (a) => html`<hf-drug-name drug-id=${str(a.drug_id)}></hf-drug-name>` },
        { label: t('ae_reaction'), cell: (a) => html`${str(a.reaction)}${a.narrative ? html`<br><span class="small">${str(a.narrative)}</span>` : nothing}` },
        { label: t('ae_seriousness'), cell: (a) => (a.seriousness === 'serious' ? t('ae_serious') : t('ae_non_serious')) },
        { label: t('ae_age_band'), cell: (a) => html`${str(a.patient_age_band ?? a.patient_age ?? '—')} · ${tMaybe(`sex_${str(a.patient_sex)}`, str(a.patient_sex))}` },
        { label: t('status'), cell: (a) => selectField({ id: `ae-${str(a.id)}`, label: t('status'), value: str(a.status ?? 'received'), onInput: (v) => void this.triage(a, v),
          options: ['received', 'under_review', 'closed'].map((s) => ({ value: s, label: t(`ae_status_${s}` as Key) })) }) },
      ] })}</section>
      <section class="card"><h2>${t('reports_by_product')}</h2>${this.aeSummary
        ? table({ rows: this.aeSummary, testid: 'ae-by-product', columns: [{ label: t('ae_drug'), cell: (r) => html`<hf-drug-name drug-id=${str(r.drug_id)}></hf-drug-name>` },
          { label: t('serious_count'), cell: (r) => fmtNumber(num(r.serious)) }, { label: t('total'), cell: (r) => fmtNumber(num(r.total)) }] })
        : table({ rows: [...byProduct], testid: 'ae-by-product', columns: [{ label: t('ae_drug'), cell: (r) => html`<hf-drug-name drug-id=${r[0]}></hf-drug-name>` }, { label: t('count'), cell: (r) => fmtNumber(r[1]) }] })}</section>`;
  }

  // ---------------------------------------------------------------- approvals
  private async loadPending(): Promise<void> {
    try { this.pending = (await api.get<Page<Prescription>>('/api/v1/prescriptions?status=pending_approval&limit=100')).items ?? []; } catch (e) { this.pendErr = e; this.pending = []; }
  }
  private async decide(rx: Prescription, approve: boolean, e?: Event): Promise<void> {
    e?.preventDefault(); this.pendErr = null;
    try {
      if (approve) await api.post(`/api/v1/prescriptions/${rx.id}/approve`, {}); else await api.post(`/api/v1/prescriptions/${rx.id}/reject`, { reason: this.rejectReason.trim() });
      this.pending = (this.pending ?? []).filter((x) => x.id !== rx.id); this.rejecting = ''; this.rejectReason = '';
      toast(t(approve ? 'approved_ok' : 'rejected_ok'), 'success');
    } catch (err) { this.pendErr = err; }
  }
  private renderApprovals(): TemplateResult {
    return html`<h1>${t('pending_queue')}</h1>${errorBox(this.pendErr)}
      ${this.pending === null ? html`<p>${t('loading')}</p>` : !this.pending.length ? html`<p class="muted">${t('none')}</p>` : this.pending.map((rx) => html`<article class="card" data-testid="pending-rx">
        <h2><span class="ltr">${rx.code}</span> ${statusBadge(rx.status)}</h2><p>${t('issued_at')}: ${fmtDateTime(rx.issued_at)}</p>
        ${itemsTable(rx.items)}
        ${this.rejecting === rx.id ? html`<form @submit=${(e: Event) => void this.decide(rx, false, e)}>
            ${textField({ label: t('reject_reason'), required: true, value: this.rejectReason, onInput: (v) => { this.rejectReason = v; } })}
            <div class="btn-row"><button class="btn btn-danger" type="submit" ?disabled=${!this.rejectReason.trim()}>${t('reject')}</button><button class="btn btn-secondary" type="button" @click=${() => { this.rejecting = ''; }}>${t('cancel')}</button></div></form>`
          : html`<div class="btn-row"><button class="btn btn-ok" type="button" @click=${() => void this.decide(rx, true)}>${t('approve')}</button>
            <button class="btn btn-danger" type="button" @click=${() => { this.rejecting = rx.id; this.rejectReason = ''; }}>${t('reject')}</button></div>`}
      </article>`)}`;
  }

  renderView(view: string) {
    switch (view) {
      case 'directory': return this.renderDirectory();
      case 'recalls': return this.renderRecalls();
      case 'adverse': return this.renderAes();
      case 'approvals': return this.renderApprovals();
      default: return this.renderDashboard();
    }
  }
}
customElements.define('hf-regulator-portal', HfRegulatorPortal);
