// Patient portal: my prescriptions with a large QR, what was dispensed where, allergies, access log.
import { html, nothing, type TemplateResult } from 'lit';
import '../shared/widgets';
import { PortalBase, roleName, type View } from '../shared/portal';
import { alertBox, badge, errorBox, statusBadge, table } from '../shared/ui';
import { api, qs, type Page } from '../shared/api';
import { itemsTable, type Prescription } from '../shared/widgets';
import { governorateName } from '../shared/national-id';
import { fmtDate, fmtDateTime, fmtNumber, lang, t, tMaybe } from '../shared/i18n';

interface Me { id: string; patient_id?: string; full_name: string }
interface Patient { id: string; full_name: string; full_name_ar?: string; national_id?: string; birth_date?: string; sex?: string; governorate?: string; allergies?: string[]; conditions?: string[] }
type Rec = Record<string, unknown>;

const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'object' ? String((v as Rec).full_name ?? (v as Rec).name ?? (v as Rec).id ?? '') : String(v));

class HfPatientPortal extends PortalBase {
  static properties = {
    ...PortalBase.properties,
    me: { state: true }, patient: { state: true }, rxs: { state: true }, err: { state: true }, disp: { state: true }, log: { state: true }, logErr: { state: true },
  };
  declare me: Me | null; declare patient: Patient | null; declare rxs: Prescription[] | null; declare err: unknown;
  declare disp: Record<string, Rec[] | 'loading' | { error: unknown }>; declare log: Rec[] | null; declare logErr: unknown;
  portal = 'patient' as const;
  roles = ['patient'];
  constructor() { super(); this.me = null; this.patient = null; this.rxs = null; this.err = null; this.disp = {}; this.log = null; this.logErr = null; }

  views(): View[] {
    return [{ id: 'prescriptions', label: t('my_prescriptions') }, { id: 'allergies', label: t('my_allergies') }, { id: 'access', label: t('access_log') }];
  }

  protected onSignedIn(): void { void this.load(); }
  private async load(): Promise<void> {
    this.err = null;
    try {
      this.me = await api.get<Me>('/api/v1/me');
      const pid = this.me.patient_id;
      if (!pid) { this.rxs = []; return; }
      const [p, list] = await Promise.all([
        api.get<Patient>(`/api/v1/patients/${pid}`).catch(() => null),
        api.get<Page<Prescription>>(`/api/v1/patients/${pid}/prescriptions${qs({ limit: 100 })}`).catch(() => api.get<Page<Prescription>>('/api/v1/prescriptions?mine=true&limit=100')),
      ]);
      this.patient = p;
      this.rxs = list.items ?? [];
    } catch (e) { this.err = e; this.rxs = []; }
  }
  private async loadLog(): Promise<void> {
    const pid = this.me?.patient_id;
    if (!pid) return;
    this.logErr = null;
    try { this.log = (await api.get<Page<Rec>>(`/api/v1/patients/${pid}/access-log${qs({ limit: 100 })}`)).items ?? []; } catch (e) { this.logErr = e; this.log = []; }
  }
  private async loadDisp(id: string): Promise<void> {
    this.disp = { ...this.disp, [id]: 'loading' };
    try { this.disp = { ...this.disp, [id]: (await api.get<Page<Rec>>(`/api/v1/prescriptions/${id}/dispensations`)).items ?? [] }; } catch (e) { this.disp = { ...this.disp, [id]: { error: e } }; }
  }
  protected updated(): void {
    if (this.view === 'access' && this.log === null && this.me?.patient_id && !this.logLoading) { this.logLoading = true; void this.loadLog(); }
  }
  private logLoading = false;

  private renderRx(rx: Prescription): TemplateResult {
    const live = rx.status === 'active' || rx.status === 'partially_dispensed';
    const d = this.disp[rx.id];
    const pr = rx.prescriber;
    const doctor = pr ? (lang() === 'ar' ? pr.full_name_ar || pr.name_ar || pr.full_name || pr.name : pr.full_name || pr.name) : rx.prescriber_name;
    return html`<article class="card" aria-labelledby="rx-${rx.id}" data-testid="patient-rx" data-status=${rx.status}>
      <h3 id="rx-${rx.id}">${t('prescription')} <span class="ltr">${rx.code}</span> ${statusBadge(rx.status)}</h3>
      <div class="grid-2">
        <div>
          <dl class="kv"><dt>${t('issued_at')}</dt><dd>${fmtDate(rx.issued_at)}</dd><dt>${t('expires_at')}</dt><dd>${fmtDate(rx.expires_at)}</dd>
            ${doctor ? html`<dt>${t('prescriber')}</dt><dd>${doctor}</dd>` : nothing}</dl>
          ${itemsTable(rx.items)}
        </div>
        ${live ? html`<div><hf-server-qr large rx-id=${rx.id} code=${rx.code}></hf-server-qr><p class="small">${t('scan_hint')}</p></div>` : nothing}
      </div>
      <h4>${t('dispensed_where')}</h4>
      ${d === undefined ? html`<button class="btn btn-secondary btn-small" type="button" data-testid="show-dispensings" @click=${() => void this.loadDisp(rx.id)}>${t('dispensings')}</button>`
        : d === 'loading' ? html`<p>${t('loading')}</p>`
        : 'error' in d ? errorBox((d as { error: unknown }).error)
        : table({ rows: d as Rec[], empty: t('no_dispensings'), testid: 'dispensings', columns: [
          { label: t('date'), cell: (r) => fmtDateTime(str(r.dispensed_at ?? r.created_at)) },
          { label: t('ft_pharmacy'), cell: (r) => { const ph = r.pharmacy as Rec | undefined; return ph ? str(lang() === 'ar' && ph.name_ar ? ph.name_ar : ph.name) : str(r.pharmacy_name ?? r.facility_name ?? '') || html`<span class="small ltr">${str(r.pharmacy_id).slice(0, 8)}</span>`; } },
          { label: t('items'), cell: (r) => ((r.items as Rec[] | undefined) ?? []).map((i, n) => html`${n ? ', ' : ''}${i.trade_name ? str(i.trade_name) : html`<hf-drug-name drug-id=${str(i.dispensed_drug_id ?? i.drug_id)}></hf-drug-name>`} ×${fmtNumber(Number(i.quantity ?? 0))}`) },
        ] })}
    </article>`;
  }

  private renderPrescriptions(): TemplateResult {
    if (this.rxs === null) return html`<p>${t('loading')}</p>`;
    const live = this.rxs.filter((r) => r.status === 'active' || r.status === 'partially_dispensed' || r.status === 'pending_approval');
    const past = this.rxs.filter((r) => !live.includes(r));
    return html`<h1>${t('active_and_past')}</h1>
      ${errorBox(this.err)}
      ${this.me && !this.me.patient_id ? alertBox('warning', t('no_patient_link')) : nothing}
      ${live.map((r) => this.renderRx(r))}
      ${past.length ? html`<h2>${t('st_dispensed')} / ${t('st_expired')} / ${t('st_cancelled')}</h2>${past.map((r) => this.renderRx(r))}` : nothing}
      ${!this.rxs.length && this.me?.patient_id ? html`<p class="muted">${t('nothing_yet')}</p>` : nothing}`;
  }

  private renderAllergies(): TemplateResult {
    const p = this.patient;
    return html`<section class="card" aria-labelledby="al-h"><h1 id="al-h">${t('my_allergies')}</h1>
      ${!p ? html`<p>${t('loading')}</p>` : html`
        <dl class="kv"><dt>${t('full_name')}</dt><dd>${lang() === 'ar' && p.full_name_ar ? p.full_name_ar : p.full_name}</dd>
          <dt>${t('birth_date')}</dt><dd>${fmtDate(p.birth_date)}</dd><dt>${t('sex')}</dt><dd>${p.sex ? tMaybe(`sex_${p.sex}`, p.sex) : '—'}</dd>
          <dt>${t('governorate')}</dt><dd>${governorateName(p.governorate, lang())}</dd></dl>
        <h2>${t('allergies')}</h2>${p.allergies?.length ? html`<p data-testid="my-allergies">${p.allergies.map((a) => html`${badge('danger', a)} `)}</p>` : html`<p>${t('no_allergies')}</p>`}
        <h2>${t('conditions')}</h2>${p.conditions?.length ? html`<p>${p.conditions.map((a) => html`${badge('info', a)} `)}</p>` : html`<p>${t('none')}</p>`}`}
    </section>`;
  }

  private renderAccess(): TemplateResult {
    return html`<section class="card" aria-labelledby="log-h"><h1 id="log-h">${t('access_log')}</h1>
      ${errorBox(this.logErr)}
      ${this.log === null ? html`<p>${t('loading')}</p>` : table({ rows: this.log, testid: 'access-log', columns: [
        { label: t('when'), cell: (r) => fmtDateTime(str(r.at ?? r.occurred_at ?? r.created_at ?? r.time)) },
        { label: t('who'), cell: (r) => { const a = r.actor as Rec | string | undefined; return typeof a === 'object' && a ? html`${str(a.name)}${a.facility ? html`<br><span class="small">${str(a.facility)}</span>` : nothing}` : str(r.actor_name ?? a); } },
        { label: t('role'), cell: (r) => roleName(str((r.actor as Rec | undefined)?.role ?? r.actor_role ?? r.role)) },
        { label: t('action'), cell: (r) => str((lang() === 'ar' ? r.description_ar : r.description_en) || r.action) },
        { label: t('why'), cell: (r) => str(r.reason ?? r.purpose ?? '') || '—' },
      ] })}
      <button class="btn btn-secondary" type="button" @click=${() => void this.loadLog()}>${t('refresh')}</button></section>`;
  }

  renderView(view: string) {
    if (view === 'allergies') return this.renderAllergies();
    if (view === 'access') return this.renderAccess();
    return this.renderPrescriptions();
  }
}
customElements.define('hf-patient-portal', HfPatientPortal);
