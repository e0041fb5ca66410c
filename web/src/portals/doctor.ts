// Doctor portal: find or register a patient (ID derivation shown while typing), their allergies,
// conditions and active medicines; write a prescription with live CDS alerts, override, sign, print;
// my prescriptions with cancel; adverse reaction report.
import { html, nothing, type TemplateResult } from 'lit';
import { PortalBase, type View } from '../shared/portal';
import { alertBox, badge, checkField, errorBox, selectField, splitList, statusBadge, table, textArea, textField, toast } from '../shared/ui';
import { api, ApiError, newIdempotencyKey, qs, type Page } from '../shared/api';
import { drugName, ingredientsText, itemName, type Drug, type Prescription } from '../shared/widgets';
import { checkNationalId, governorateName } from '../shared/national-id';
import { fmtDate, fmtDateTime, fmtNumber, lang, t, tMaybe, type Key } from '../shared/i18n';

interface Patient {
  id: string; national_id: string; full_name: string; full_name_ar?: string | null; birth_date?: string; sex?: string; governorate?: unknown;
  allergies?: string[]; conditions?: string[]; phone?: string;
}
interface Facility { id: string; name: string; name_ar?: string; type?: string }
interface Me { id: string; role: string; full_name: string; facilities?: Facility[]; facility_ids?: string[] }
interface Alert { severity: string; kind: string; message: string; message_ar?: string; items?: unknown[]; blocking?: boolean }
const isBlocking = (a: Alert) => a.blocking ?? BLOCKING.has(a.severity);
interface Draft {
  key: number; drug: Drug; dose_amount: string; dose_unit: string; times_per_day: string; duration_days: string; quantity: string;
  instructions: string; substitution_allowed: boolean; repeats: string; repeat_interval_days: string;
}

const UNITS = ['tablet', 'capsule', 'mL', 'mg', 'drop', 'puff', 'sachet', 'unit', 'application'];
const DOSES = ['0.5', '1', '1.5', '2', '2.5', '3', '4', '5', '7.5', '10', '15', '20'];
const TIMES = ['1', '2', '3', '4', '6'];
const DAYS = ['1', '3', '5', '7', '10', '14', '21', '28', '30', '60', '90'];
const INSTR = ['', 'after meals', 'before meals', 'with food', 'at bedtime', 'when needed'];
const BLOCKING = new Set(['contraindicated', 'major']);

function unitFor(d: Drug): string {
  const f = (d.form ?? '').toLowerCase();
  if (f.includes('capsule')) return 'capsule';
  if (/syrup|suspension|solution|elixir/.test(f)) return 'mL';
  if (f.includes('drop')) return 'drop';
  if (/inhal|aerosol/.test(f)) return 'puff';
  if (/cream|ointment|gel|lotion/.test(f)) return 'application';
  if (/sachet|powder|granule/.test(f)) return 'sachet';
  if (/inject|vial|ampoule/.test(f)) return 'unit';
  return 'tablet';
}
function kindKey(kind: string): Key {
  const k = kind.toLowerCase();
  if (k.includes('interaction')) return 'kind_interaction';
  if (k.includes('allerg')) return 'kind_allergy';
  if (k.includes('duplicate')) return 'kind_duplicate';
  if (k.includes('dose')) return 'kind_dose';
  if (k.includes('age')) return 'kind_age';
  return 'kind_interaction';
}
const SEV_BOX: Record<string, 'danger' | 'warning' | 'info'> = { contraindicated: 'danger', major: 'danger', moderate: 'warning', minor: 'info' };

class HfDoctorPortal extends PortalBase {
  static properties = {
    ...PortalBase.properties,
    nid: { state: true }, patient: { state: true }, notFound: { state: true }, findErr: { state: true }, busy: { state: true },
    reg: { state: true }, regErr: { state: true }, history: { state: true }, historyErr: { state: true }, accessReason: { state: true },
    me: { state: true }, facilityId: { state: true }, diagnosis: { state: true }, notes: { state: true }, items: { state: true },
    alerts: { state: true }, checking: { state: true }, checkErr: { state: true }, overrides: { state: true }, signErr: { state: true },
    needTotp: { state: true }, needSetup: { state: true }, totpInfo: { state: true }, totp: { state: true }, shown: { state: true }, mine: { state: true }, mineCursor: { state: true },
    mineErr: { state: true }, cancelling: { state: true }, cancelReason: { state: true }, cancelErr: { state: true },
  };
  declare nid: string; declare patient: Patient | null; declare notFound: boolean; declare findErr: unknown; declare busy: boolean;
  declare reg: { full_name: string; full_name_ar: string; phone: string; allergies: string; conditions: string }; declare regErr: unknown;
  declare history: Prescription[] | null; declare historyErr: unknown; declare accessReason: string;
  declare me: Me | null; declare facilityId: string; declare diagnosis: string; declare notes: string; declare items: Draft[];
  declare alerts: Alert[]; declare checking: boolean; declare checkErr: unknown; declare overrides: Record<string, { on: boolean; reason: string }>;
  declare signErr: unknown; declare needTotp: boolean; declare needSetup: boolean; declare totpInfo: string; declare totp: string; declare shown: Prescription | null;
  declare mine: Prescription[] | null; declare mineCursor: string | null; declare mineErr: unknown;
  declare cancelling: string; declare cancelReason: string; declare cancelErr: unknown;
  portal = 'doctor' as const;
  roles = ['doctor'];
  private seq = 0;
  private checkTimer = 0;
  private checkSeq = 0;
  private signKey = newIdempotencyKey();

  constructor() {
    super();
    this.nid = ''; this.patient = null; this.notFound = false; this.findErr = null; this.busy = false;
    this.reg = { full_name: '', full_name_ar: '', phone: '', allergies: '', conditions: '' }; this.regErr = null;
    this.history = null; this.historyErr = null; this.accessReason = 'treatment'; this.me = null; this.facilityId = ''; this.diagnosis = '';
    this.notes = ''; this.items = []; this.alerts = []; this.checking = false; this.checkErr = null; this.overrides = {}; this.signErr = null;
    this.needTotp = false; this.needSetup = false; this.totpInfo = ''; this.totp = ''; this.shown = null; this.mine = null; this.mineCursor = null; this.mineErr = null;
    this.cancelling = ''; this.cancelReason = ''; this.cancelErr = null;
  }

  views(): View[] {
    return [{ id: 'prescribe', label: t('new_prescription') }, { id: 'mine', label: t('my_prescriptions') }, { id: 'adverse', label: t('adverse_report') }];
  }

  protected onSignedIn(): void { void this.loadMe(); }
  private async loadMe(): Promise<void> {
    try {
      this.me = await api.get<Me>('/api/v1/me');
      const fs = this.clinics();
      if (!this.facilityId && fs.length) this.facilityId = fs[0].id;
    } catch { /* shown when signing */ }
  }
  private clinics(): Facility[] {
    const fs = this.me?.facilities ?? [];
    const c = fs.filter((f) => f.type !== 'pharmacy');
    if (c.length) return c;
    if (fs.length) return fs;
    return (this.me?.facility_ids ?? []).map((id) => ({ id, name: id }));
  }

  protected updated(): void {
    if (this.view === 'mine' && this.mine === null && !this.loadingMine && this.session) void this.loadMine(true);
  }
  private loadingMine = false;

  // ---------------------------------------------------------------- patient
  private async find(e: Event): Promise<void> {
    e.preventDefault();
    const c = checkNationalId(this.nid);
    if (!c.ok) return;
    this.busy = true; this.findErr = null; this.notFound = false; this.patient = null; this.history = null;
    try {
      const page = await api.get<Page<Patient>>(`/api/v1/patients${qs({ national_id: c.id })}`);
      if (page.items?.length) this.selectPatient(page.items[0]); else this.notFound = true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) this.notFound = true; else this.findErr = err;
    } finally { this.busy = false; }
  }
  private selectPatient(p: Patient): void {
    this.patient = p; this.notFound = false; this.history = null; this.historyErr = null; this.alerts = []; this.overrides = {};
    this.scheduleCheck();
  }
  private async register(e: Event): Promise<void> {
    e.preventDefault();
    const c = checkNationalId(this.nid);
    this.busy = true; this.regErr = null;
    try {
      const p = await api.create<Patient>('/api/v1/patients', {
        national_id: c.id, full_name: this.reg.full_name.trim(), full_name_ar: this.reg.full_name_ar.trim() || undefined,
        phone: this.reg.phone.trim() || undefined, allergies: splitList(this.reg.allergies), conditions: splitList(this.reg.conditions),
      });
      toast(t('patient_registered'), 'success');
      this.selectPatient({ allergies: splitList(this.reg.allergies), conditions: splitList(this.reg.conditions), ...p });
      this.reg = { full_name: '', full_name_ar: '', phone: '', allergies: '', conditions: '' };
    } catch (err) { this.regErr = err; } finally { this.busy = false; }
  }
  private async loadHistory(): Promise<void> {
    if (!this.patient) return;
    this.historyErr = null;
    try {
      const page = await api.get<Page<Prescription>>(`/api/v1/patients/${this.patient.id}/prescriptions${qs({ reason: this.accessReason, limit: 50 })}`);
      this.history = page.items ?? [];
    } catch (err) { this.historyErr = err; }
  }

  private renderDerived(): TemplateResult {
    const c = checkNationalId(this.nid);
    const l = lang();
    const d = c.ok ? c.derived : c.partial ?? {};
    const err = !c.ok && this.nid.length > 0 && !(c.error === 'nid_err_length' && (c.n ?? 0) < 14) ? t(c.error, { n: c.n ?? 0 }) : '';
    return html`<div aria-live="polite" data-testid="nid-derived">
      ${err ? html`<p class="error-text" role="alert">${err}</p>` : nothing}
      ${d.birthDate || d.governorate || d.sex ? html`<dl class="kv"><dt>${t('birth_date')}</dt><dd data-testid="derived-birth">${d.birthDate ? fmtDate(d.birthDate) : '…'}</dd>
        <dt>${t('age')}</dt><dd>${d.ageYears !== undefined ? t('age_years', { n: d.ageYears }) : '…'}</dd>
        <dt>${t('sex')}</dt><dd data-testid="derived-sex">${d.sex ? t(d.sex === 'male' ? 'sex_male' : 'sex_female') : '…'}</dd>
        <dt>${t('governorate')}</dt><dd data-testid="derived-gov">${d.governorate ? governorateName(d.governorate, l) : '…'}</dd></dl>` : nothing}
    </div>`;
  }

  private renderPatientSearch(): TemplateResult {
    const c = checkNationalId(this.nid);
    return html`<section class="card" aria-labelledby="find-h"><h1 id="find-h">${t('find_patient')}</h1>
      <form @submit=${this.find} novalidate>
        <div class="row">
          ${textField({ id: 'nid', label: t('national_id'), hint: t('nid_hint'), value: this.nid, inputmode: 'numeric', autocomplete: 'off', dir: 'ltr', maxlength: 20, testid: 'nid',
            error: !c.ok && c.error !== 'nid_err_length' && this.nid ? t(c.error) : undefined, onInput: (v) => { this.nid = v; this.notFound = false; } })}
          <div class="btn-row"><button class="btn" type="submit" ?disabled=${!c.ok || this.busy} data-testid="find-patient">${t('find')}</button></div>
        </div>
        <h2 class="small muted">${t('nid_derived')}</h2>
        ${this.renderDerived()}
      </form>
      ${errorBox(this.findErr)}
      ${this.notFound ? html`${alertBox('info', t('patient_not_found'))}
        <form @submit=${this.register} aria-labelledby="reg-h" data-testid="register-form"><h2 id="reg-h">${t('register_patient')}</h2>
          <div class="grid">
            ${textField({ label: t('full_name'), required: true, value: this.reg.full_name, testid: 'reg-name', onInput: (v) => { this.reg = { ...this.reg, full_name: v }; } })}
            ${textField({ label: t('full_name_ar'), value: this.reg.full_name_ar, dir: 'rtl', testid: 'reg-name-ar', onInput: (v) => { this.reg = { ...this.reg, full_name_ar: v }; } })}
            ${textField({ label: t('phone'), type: 'tel', value: this.reg.phone, dir: 'ltr', autocomplete: 'off', onInput: (v) => { this.reg = { ...this.reg, phone: v }; } })}
          </div>
          ${textField({ label: t('allergies'), hint: t('allergies_hint'), value: this.reg.allergies, testid: 'reg-allergies', onInput: (v) => { this.reg = { ...this.reg, allergies: v }; } })}
          ${textField({ label: t('conditions'), hint: t('conditions_hint'), value: this.reg.conditions, onInput: (v) => { this.reg = { ...this.reg, conditions: v }; } })}
          ${errorBox(this.regErr)}
          <button class="btn" type="submit" ?disabled=${this.busy} data-testid="register-submit">${t('register')}</button>
        </form>` : nothing}
    </section>`;
  }

  private renderPatient(p: Patient): TemplateResult {
    const l = lang();
    const active = (this.history ?? []).filter((rx) => rx.status === 'active' || rx.status === 'partially_dispensed');
    return html`<section class="card" aria-labelledby="pt-h" data-testid="patient-card">
      <div class="rx-item-head"><h1 id="pt-h">${l === 'ar' && p.full_name_ar ? p.full_name_ar : p.full_name}</h1>
        <button class="btn btn-secondary btn-small" type="button" @click=${() => { this.patient = null; this.items = []; this.alerts = []; this.nid = ''; }}>${t('change_patient')}</button></div>
      <dl class="kv">
        <dt>${t('national_id')}</dt><dd class="ltr">${p.national_id}</dd>
        <dt>${t('birth_date')}</dt><dd>${fmtDate(p.birth_date)}</dd>
        <dt>${t('sex')}</dt><dd>${p.sex ? tMaybe(`sex_${p.sex}`, p.sex) : '—'}</dd>
        <dt>${t('governorate')}</dt><dd>${governorateName(p.governorate, l)}</dd>
      </dl>
      <div class="grid-2" style="margin-block-start:1rem">
        <div><h2>${t('allergies')}</h2>${p.allergies?.length ? html`<p data-testid="allergies">${p.allergies.map((a) => html`${badge('danger', a)} `)}</p>` : html`<p class="muted">${t('no_allergies')}</p>`}</div>
        <div><h2>${t('conditions')}</h2>${p.conditions?.length ? html`<p>${p.conditions.map((a) => html`${badge('info', a)} `)}</p>` : html`<p class="muted">${t('none')}</p>`}</div>
      </div>
      <h2>${t('active_meds')}</h2>
      ${this.history === null ? html`<div class="row">
          ${selectField({ label: t('access_reason'), value: this.accessReason, onInput: (v) => { this.accessReason = v; }, options: [
            { value: 'treatment', label: t('access_reason_treatment') }, { value: 'follow_up', label: t('access_reason_followup') }, { value: 'emergency', label: t('access_reason_emergency') }] })}
          <div class="btn-row"><button class="btn btn-secondary" type="button" data-testid="show-history" @click=${() => void this.loadHistory()}>${t('show_history')}</button></div>
        </div>${errorBox(this.historyErr)}`
        : active.length ? html`<ul data-testid="active-meds">${active.flatMap((rx) => rx.items.map((it) => html`<li><strong>${itemName(it)}</strong> — ${(l === 'ar' ? it.sig_ar : it.sig_en) ?? ''} <span class="small muted">(${rx.code}, ${fmtDate(rx.issued_at)})</span></li>`))}</ul>`
        : html`<p class="muted" data-testid="active-meds">${t('none')}</p>`}
    </section>`;
  }

  // ---------------------------------------------------------------- prescription draft
  private addDrug(d: Drug): void {
    this.seq += 1;
    this.items = [...this.items, { key: this.seq, drug: d, dose_amount: '1', dose_unit: unitFor(d), times_per_day: '3', duration_days: '7', quantity: '1',
      instructions: '', substitution_allowed: true, repeats: '0', repeat_interval_days: '' }];
    this.changed();
  }
  private setItem(key: number, patch: Partial<Draft>): void {
    this.items = this.items.map((it) => (it.key === key ? { ...it, ...patch } : it));
    this.changed();
  }
  private removeItem(key: number): void { this.items = this.items.filter((it) => it.key !== key); this.changed(); }
  private changed(): void { this.signKey = newIdempotencyKey(); this.scheduleCheck(); }

  private body(withOverrides: boolean): Record<string, unknown> {
    const b: Record<string, unknown> = {
      patient_id: this.patient?.id, facility_id: this.facilityId || undefined, diagnosis_codes: splitList(this.diagnosis),
      items: this.items.map((it) => ({
        drug_id: it.drug.id, dose_amount: Number(it.dose_amount), dose_unit: it.dose_unit, times_per_day: Number(it.times_per_day),
        duration_days: Number(it.duration_days), quantity: Number(it.quantity), route: it.drug.route || undefined, instructions: it.instructions || undefined,
        substitution_allowed: it.substitution_allowed, repeats: Number(it.repeats || 0),
        repeat_interval_days: Number(it.repeats) > 0 && it.repeat_interval_days ? Number(it.repeat_interval_days) : undefined,
      })),
      notes: this.notes.trim() || undefined,
    };
    if (withOverrides) {
      const ov = Object.entries(this.overrides).filter(([, o]) => o.on && o.reason.trim()).map(([kind, o]) => ({ alert_kind: kind, reason: o.reason.trim() }));
      if (ov.length) b.overrides = ov;
      if (this.needTotp && this.totp.trim()) b.totp = this.totp.trim();
    }
    return b;
  }

  private scheduleCheck(): void {
    clearTimeout(this.checkTimer);
    if (!this.patient || !this.items.length) { this.alerts = []; return; }
    this.checkTimer = window.setTimeout(() => void this.runCheck(), 300);
  }
  private async runCheck(): Promise<void> {
    const my = ++this.checkSeq;
    this.checking = true; this.checkErr = null;
    try {
      const ans = await api.post<{ alerts: Alert[] }>('/api/v1/prescriptions/check', this.body(false));
      if (my === this.checkSeq) this.alerts = ans.alerts ?? [];
    } catch (err) { if (my === this.checkSeq) this.checkErr = err; } finally { if (my === this.checkSeq) this.checking = false; }
  }

  private blockingUnresolved(): boolean {
    return this.alerts.some((a) => isBlocking(a) && !(this.overrides[a.kind]?.on && this.overrides[a.kind]?.reason.trim()));
  }

  private async sign(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.patient || !this.items.length) return;
    this.busy = true; this.signErr = null;
    try {
      const rx = await api.create<Prescription>('/api/v1/prescriptions', this.body(true), this.signKey);
      this.signKey = newIdempotencyKey();
      const p = this.patient;
      this.shown = { ...rx, patient: rx.patient ?? { full_name: p.full_name, full_name_ar: p.full_name_ar ?? undefined, national_id: p.national_id },
        prescriber: rx.prescriber ?? { full_name: this.me?.full_name ?? this.session?.user.full_name },
        items: rx.items.map((it, i) => ({ ...it, drug: it.drug ?? this.items[i]?.drug })) };
      toast(t('signed_ok', { code: rx.code }), 'success');
      this.items = []; this.alerts = []; this.overrides = {}; this.notes = ''; this.diagnosis = ''; this.needTotp = false; this.totp = ''; this.totpInfo = '';
      this.mine = null; this.loadingMine = false;
      await this.updateComplete;
      (this.querySelector('#shown-h') as HTMLElement | null)?.focus();
    } catch (err) {
      if (err instanceof ApiError && (err.is('mfa-required') || err.is('mfa-invalid'))) { this.needTotp = true; this.totp = ''; }
      if (err instanceof ApiError && err.is('mfa-enrollment-required')) { this.needSetup = true; this.totpInfo = t('totp_setup_for_signing'); this.busy = false; return; }
      const alerts = err instanceof ApiError ? (err.problem.alerts as Alert[] | undefined) : undefined;
      if (alerts?.length) this.alerts = alerts;
      this.signErr = err;
    } finally { this.busy = false; }
  }

  private renderAlerts(): TemplateResult {
    const seenKinds = new Set<string>();
    return html`<section aria-labelledby="cds-h" data-testid="cds">
      <h2 id="cds-h">${t('safety_checks')} ${this.checking ? html`<span class="small muted">${t('checking')}</span>` : nothing}</h2>
      ${errorBox(this.checkErr)}
      <div aria-live="polite">
      ${!this.items.length ? nothing : this.alerts.length === 0 && !this.checking ? html`<p class="muted">${t('no_alerts')}</p>` : nothing}
      ${this.alerts.map((a, i) => {
        const blocking = isBlocking(a);
        const firstOfKind = blocking && !seenKinds.has(a.kind);
        seenKinds.add(a.kind);
        const ov = this.overrides[a.kind] ?? { on: false, reason: '' };
        return html`<div class="alert alert-${SEV_BOX[a.severity] ?? 'info'}" data-testid="cds-alert" data-severity=${a.severity} data-kind=${a.kind}>
          <span class="icon" aria-hidden="true">${blocking ? '✕' : '⚠'}</span><div class="body">
          <strong>${tMaybe(`sev_${a.severity}`, a.severity)} · ${t(kindKey(a.kind))}</strong>
          <p>${lang() === 'ar' && a.message_ar ? a.message_ar : a.message}</p>
          ${firstOfKind ? html`${checkField({ id: `ov-${i}`, label: t('override'), checked: ov.on, testid: 'override', onChange: (v) => { this.overrides = { ...this.overrides, [a.kind]: { ...ov, on: v } }; this.signKey = newIdempotencyKey(); } })}
            ${ov.on ? textField({ id: `ovr-${i}`, label: t('override_reason'), required: true, value: ov.reason, testid: 'override-reason', onInput: (v) => { this.overrides = { ...this.overrides, [a.kind]: { on: true, reason: v } }; this.signKey = newIdempotencyKey(); } }) : nothing}` : nothing}
          </div></div>`;
      })}
      </div></section>`;
  }

  private renderItem(it: Draft, idx: number): TemplateResult {
    const k = it.key;
    const opt = (vals: string[]) => vals.map((v) => ({ value: v, label: fmtNumber(Number(v)) }));
    return html`<fieldset class="rx-item" data-testid="rx-item">
      <legend>${idx + 1}. ${drugName(it.drug)}</legend>
      <div class="rx-item-head"><span class="small">${ingredientsText(it.drug)}${it.drug.form ? ` · ${it.drug.form}` : ''}
        ${it.drug.controlled ? html` ${badge('warn', t('controlled'))}` : nothing}</span>
        <button type="button" class="btn btn-secondary btn-small" @click=${() => this.removeItem(k)} aria-label="${t('remove')}: ${drugName(it.drug)}">${t('remove')}</button></div>
      <div class="pickers">
        ${selectField({ id: `dose-${k}`, label: t('dose'), value: it.dose_amount, options: opt(DOSES), onInput: (v) => this.setItem(k, { dose_amount: v }) })}
        ${selectField({ id: `unit-${k}`, label: t('dose_unit'), value: it.dose_unit, options: UNITS.map((u) => ({ value: u, label: t(`unit_${u}` as Key) })), onInput: (v) => this.setItem(k, { dose_unit: v }) })}
        ${selectField({ id: `tpd-${k}`, label: t('times_per_day'), value: it.times_per_day, options: opt(TIMES), onInput: (v) => this.setItem(k, { times_per_day: v }) })}
        ${selectField({ id: `days-${k}`, label: t('duration_days'), value: it.duration_days, options: opt(DAYS), onInput: (v) => this.setItem(k, { duration_days: v }) })}
        ${textField({ id: `qty-${k}`, label: t('quantity'), type: 'number', min: 1, max: 99, value: it.quantity, inputmode: 'numeric', testid: 'item-qty', onInput: (v) => this.setItem(k, { quantity: v }) })}
        ${selectField({ id: `instr-${k}`, label: t('instructions'), value: it.instructions, onInput: (v) => this.setItem(k, { instructions: v }),
          options: INSTR.map((v) => ({ value: v, label: v ? t(`instr_${v.replace(/ /g, '_')}` as Key) : t('instr_none') })) })}
        ${selectField({ id: `rep-${k}`, label: t('repeats'), value: it.repeats, options: opt(['0', '1', '2', '3', '4', '5']), onInput: (v) => this.setItem(k, { repeats: v }) })}
        ${Number(it.repeats) > 0 ? textField({ id: `repi-${k}`, label: t('repeat_interval'), type: 'number', min: 1, value: it.repeat_interval_days, onInput: (v) => this.setItem(k, { repeat_interval_days: v }) }) : nothing}
      </div>
      ${checkField({ id: `sub-${k}`, label: t('substitution_allowed'), checked: it.substitution_allowed, onChange: (v) => this.setItem(k, { substitution_allowed: v }) })}
    </fieldset>`;
  }

  private renderEditor(): TemplateResult {
    const fs = this.clinics();
    const blocked = this.blockingUnresolved();
    return html`<section class="card" aria-labelledby="rx-h"><h2 id="rx-h">${t('new_prescription')}</h2>
      <form @submit=${this.sign} novalidate data-testid="rx-form">
        <div class="row">
          ${fs.length > 1 ? selectField({ label: t('facility'), value: this.facilityId, options: fs.map((f) => ({ value: f.id, label: lang() === 'ar' && f.name_ar ? f.name_ar : f.name })), onInput: (v) => { this.facilityId = v; } })
            : fs.length === 1 ? html`<div class="field"><span class="label">${t('facility')}</span><span>${lang() === 'ar' && fs[0].name_ar ? fs[0].name_ar : fs[0].name}</span></div>` : nothing}
          ${textField({ label: t('diagnosis_codes'), hint: t('diagnosis_hint'), value: this.diagnosis, dir: 'ltr', testid: 'diagnosis', onInput: (v) => { this.diagnosis = v; this.signKey = newIdempotencyKey(); } })}
        </div>
        <hf-drug-picker @drug-selected=${(e: CustomEvent<Drug>) => this.addDrug(e.detail)}></hf-drug-picker>
        <h3>${t('items')}</h3>
        ${this.items.length ? this.items.map((it, i) => this.renderItem(it, i)) : html`<p class="muted">${t('no_items')}</p>`}
        ${this.renderAlerts()}
        ${textArea({ label: t('notes'), value: this.notes, onInput: (v) => { this.notes = v; this.signKey = newIdempotencyKey(); } })}
        ${this.totpInfo ? alertBox('info', this.totpInfo) : nothing}
        ${this.needSetup ? html`<hf-totp-setup @totp-enrolled=${() => { this.needSetup = false; this.needTotp = true; this.totpInfo = t('totp_setup_done'); this.signKey = newIdempotencyKey(); }}></hf-totp-setup>` : nothing}
        ${this.needTotp ? textField({ id: 'sign-totp', testid: 'sign-totp', label: t('totp_for_signing'), value: this.totp, inputmode: 'numeric', autocomplete: 'one-time-code', cls: 'otp-input', onInput: (v) => { this.totp = v; } }) : nothing}
        ${blocked ? alertBox('warning', t('override_needed'), { role: 'status' }) : nothing}
        ${errorBox(this.signErr)}
        <div class="btn-row">
          <button class="btn btn-ok" type="submit" ?disabled=${this.busy || !this.items.length || blocked} data-testid="sign">${this.busy ? t('signing') : t('sign_prescription')}</button>
          <button class="btn btn-secondary" type="button" @click=${() => { this.items = []; this.alerts = []; this.overrides = {}; this.notes = ''; this.diagnosis = ''; }}>${t('clear_draft')}</button>
        </div>
      </form></section>`;
  }

  private renderShown(rx: Prescription): TemplateResult {
    return html`<section aria-labelledby="shown-h">
      <h1 id="shown-h" tabindex="-1" class="no-print">${t('prescription')} <span class="ltr">${rx.code}</span></h1>
      <div class="btn-row no-print">
        <button class="btn" type="button" @click=${() => window.print()} data-testid="print">${t('print')}</button>
        <button class="btn btn-secondary" type="button" @click=${() => { this.shown = null; }} data-testid="back">${t('back')}</button>
      </div>
      <hf-rx-sheet .rx=${rx}></hf-rx-sheet>
    </section>`;
  }

  // ---------------------------------------------------------------- my prescriptions
  private async loadMine(reset: boolean): Promise<void> {
    this.loadingMine = true; this.mineErr = null;
    try {
      const page = await api.get<Page<Prescription>>(`/api/v1/prescriptions${qs({ mine: true, limit: 20, cursor: reset ? undefined : this.mineCursor })}`);
      this.mine = reset ? page.items ?? [] : [...(this.mine ?? []), ...(page.items ?? [])];
      this.mineCursor = page.next_cursor ?? null;
    } catch (err) { this.mineErr = err; this.mine = this.mine ?? []; }
  }
  private async open(rx: Prescription): Promise<void> {
    let full = rx;
    try { full = await api.get<Prescription>(`/api/v1/prescriptions/${rx.id}`); } catch { /* show what the list had */ }
    // The prescription answer names no patient: the sheet needs the name to be printed.
    if (!full.patient && full.patient_id) {
      try { const p = await api.get<Patient>(`/api/v1/patients/${full.patient_id}`); full = { ...full, patient: { full_name: p.full_name, full_name_ar: p.full_name_ar ?? undefined } }; } catch { /* printed without */ }
    }
    this.shown = full;
  }
  private async cancelRx(e: Event, rx: Prescription): Promise<void> {
    e.preventDefault();
    this.cancelErr = null;
    try {
      const ans = await api.post<Prescription>(`/api/v1/prescriptions/${rx.id}/cancel`, { reason: this.cancelReason.trim() });
      this.mine = (this.mine ?? []).map((x) => (x.id === rx.id ? { ...x, status: ans?.status ?? 'cancelled' } : x));
      this.cancelling = ''; this.cancelReason = '';
      toast(t('cancelled_ok'), 'success');
    } catch (err) { this.cancelErr = err; }
  }
  private renderMine(): TemplateResult {
    const cancellable = (s: string) => ['active', 'partially_dispensed', 'pending_approval'].includes(s);
    return html`<section class="card" aria-labelledby="mine-h"><h1 id="mine-h">${t('my_prescriptions')}</h1>
      ${errorBox(this.mineErr)}
      ${this.mine === null ? html`<p>${t('loading')}</p>` : table({ rows: this.mine, testid: 'mine-table', columns: [
        { label: t('prescription_code'), cell: (rx) => html`<span class="ltr">${rx.code}</span>` },
        ...(this.mine.some((rx) => rx.patient || rx.patient_name) ? [{ label: t('patient'), cell: (rx: Prescription) => (lang() === 'ar' && rx.patient?.full_name_ar ? rx.patient.full_name_ar : rx.patient?.full_name ?? rx.patient_name ?? '—') }] : []),
        { label: t('items'), cell: (rx) => rx.items.map((it) => itemName(it)).join(lang() === 'ar' ? '، ' : ', ') },
        { label: t('issued_at'), cell: (rx) => fmtDateTime(rx.issued_at) },
        { label: t('status'), cell: (rx) => statusBadge(rx.status) },
        { label: t('actions'), cell: (rx) => html`<div class="btn-row" style="margin:0">
          <button class="btn btn-secondary btn-small" type="button" @click=${() => void this.open(rx)}>${t('view')}</button>
          ${cancellable(rx.status) ? html`<button class="btn btn-danger btn-small" type="button" data-testid="cancel-rx" @click=${() => { this.cancelling = rx.id; this.cancelReason = ''; this.cancelErr = null; }}>${t('cancel_prescription')}</button>` : nothing}</div>
          ${this.cancelling === rx.id ? html`<form @submit=${(e: Event) => void this.cancelRx(e, rx)} data-testid="cancel-form">
            ${textField({ id: `cr-${rx.id}`, label: t('cancel_reason'), required: true, value: this.cancelReason, testid: 'cancel-reason', onInput: (v) => { this.cancelReason = v; } })}
            ${errorBox(this.cancelErr)}
            <div class="btn-row"><button class="btn btn-danger btn-small" type="submit" ?disabled=${!this.cancelReason.trim()}>${t('confirm_cancel')}</button>
            <button class="btn btn-secondary btn-small" type="button" @click=${() => { this.cancelling = ''; }}>${t('close')}</button></div></form>` : nothing}` },
      ] })}
      <div class="btn-row">${this.mineCursor ? html`<button class="btn btn-secondary" type="button" @click=${() => void this.loadMine(false)}>${t('load_more')}</button>` : nothing}
        <button class="btn btn-secondary" type="button" @click=${() => void this.loadMine(true)}>${t('refresh')}</button></div>
    </section>`;
  }

  renderView(view: string) {
    if (this.shown && view !== 'adverse') return this.renderShown(this.shown);
    if (view === 'mine') return this.renderMine();
    if (view === 'adverse') return html`<hf-adverse-form></hf-adverse-form>`;
    return html`${this.patient ? html`${this.renderPatient(this.patient)}${this.renderEditor()}` : this.renderPatientSearch()}`;
  }
}
customElements.define('hf-doctor-portal', HfDoctorPortal);
