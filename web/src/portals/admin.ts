// Admin portal: facilities, staff (create, approve, suspend), API keys (shown once, revoke),
// the audit log with filters and chain verification, system status.
import { html, nothing, type TemplateResult } from 'lit';
import { PortalBase, roleName, type View } from '../shared/portal';
import { alertBox, badge, checkField, errorBox, selectField, table, textField, toast } from '../shared/ui';
import { api, qs, type Page } from '../shared/api';
import { GOVERNORATES, governorateName } from '../shared/national-id';
import { fmtDateTime, fmtNumber, lang, t, tMaybe } from '../shared/i18n';

interface Facility { id: string; type: string; name: string; name_ar?: string; license_no?: string; governorate?: unknown; address?: string; status?: string }
interface User { id: string; role: string; username: string; full_name: string; full_name_ar?: string; status?: string; facility_ids?: string[]; license_no?: string }
interface ApiKey { id: string; name: string; facility_id?: string; permissions?: string[]; created_at?: string; key?: string; prefix?: string }
type Rec = Record<string, unknown>;
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const ROLES = ['doctor', 'pharmacist', 'patient', 'facility_admin', 'regulator', 'admin'];
const PERMISSIONS = ['drugs:read', 'patients:read', 'patients:write', 'prescriptions:read', 'prescriptions:write', 'dispensations:read', 'dispensations:write', 'events:read', 'fhir:read', 'fhir:write'];

class HfAdminPortal extends PortalBase {
  static properties = {
    ...PortalBase.properties,
    facilities: { state: true }, facErr: { state: true }, facForm: { state: true },
    users: { state: true }, userErr: { state: true }, userForm: { state: true }, userFilter: { state: true },
    keys: { state: true }, keyErr: { state: true }, keyForm: { state: true }, newKey: { state: true },
    audit: { state: true }, auditErr: { state: true }, auditFilter: { state: true }, chain: { state: true },
    health: { state: true }, version: { state: true },
  };
  declare facilities: Facility[] | null; declare facErr: unknown; declare facForm: Record<string, string>;
  declare users: User[] | null; declare userErr: unknown; declare userForm: Record<string, string> & { facility_ids?: string }; declare userFilter: { role: string; status: string };
  declare keys: ApiKey[] | null; declare keyErr: unknown; declare keyForm: Record<string, string>; declare newKey: ApiKey | null;
  declare audit: Rec[] | null; declare auditErr: unknown; declare auditFilter: Record<string, string>; declare chain: Rec | null;
  declare health: { status: number; body: Rec } | null; declare version: Rec | null;
  portal = 'admin' as const;
  roles = ['admin', 'facility_admin'];
  private selectedFacilities = new Set<string>();
  private keyPerms = new Set<string>(['drugs:read', 'prescriptions:read']);
  private loaded = new Set<string>();

  constructor() {
    super();
    this.facilities = null; this.facErr = null; this.facForm = { type: 'clinic', name: '', name_ar: '', license_no: '', governorate: '01', address: '' };
    this.users = null; this.userErr = null; this.userForm = { role: 'doctor', username: '', password: '', full_name: '', full_name_ar: '', national_id: '', license_no: '', phone: '' };
    this.userFilter = { role: '', status: '' };
    this.keys = null; this.keyErr = null; this.keyForm = { name: '', facility_id: '', permissions: '' }; this.newKey = null;
    this.audit = null; this.auditErr = null; this.auditFilter = { actor: '', patient_id: '', action: '', from: '', to: '' }; this.chain = null;
    this.health = null; this.version = null;
  }

  views(): View[] {
    return [{ id: 'staff', label: t('staff') }, { id: 'facilities', label: t('facilities') }, { id: 'keys', label: t('api_keys') }, { id: 'audit', label: t('audit_log') }, { id: 'system', label: t('system_status') }];
  }

  protected updated(): void {
    if (!this.session || this.loaded.has(this.view)) return;
    this.loaded.add(this.view);
    if (this.view === 'staff') { void this.loadUsers(); void this.loadFacilities(); }
    if (this.view === 'facilities') void this.loadFacilities();
    if (this.view === 'keys') { void this.loadKeys(); void this.loadFacilities(); }
    if (this.view === 'audit') void this.loadAudit();
    if (this.view === 'system') void this.loadSystem();
  }

  // ---------------------------------------------------------------- facilities
  private async loadFacilities(): Promise<void> {
    try { this.facilities = (await api.get<Page<Facility>>('/api/v1/facilities?limit=100')).items ?? []; } catch (e) { this.facErr = e; this.facilities = this.facilities ?? []; }
  }
  private async createFacility(e: Event): Promise<void> {
    e.preventDefault(); this.facErr = null;
    try {
      const f = await api.create<Facility>('/api/v1/facilities', { ...this.facForm, governorate: governorateName(this.facForm.governorate, 'en') });
      this.facilities = [...(this.facilities ?? []), { ...this.facForm, ...f } as Facility];
      this.facForm = { ...this.facForm, name: '', name_ar: '', license_no: '', address: '' };
      toast(t('facility_created'), 'success');
    } catch (err) { this.facErr = err; }
  }
  private facName(id: string): string { const f = this.facilities?.find((x) => x.id === id); return f ? (lang() === 'ar' && f.name_ar ? f.name_ar : f.name) : id.slice(0, 8); }
  private renderFacilities(): TemplateResult {
    const f = this.facForm;
    const set = (k: string) => (v: string) => { this.facForm = { ...this.facForm, [k]: v }; };
    return html`<section class="card" aria-labelledby="fac-h"><h1 id="fac-h">${t('facilities')}</h1>
      ${this.facilities === null ? html`<p>${t('loading')}</p>` : table({ rows: this.facilities, testid: 'facilities', columns: [
        { label: t('name'), cell: (x) => html`${x.name}${x.name_ar ? html`<br><span lang="ar" dir="rtl">${x.name_ar}</span>` : nothing}` },
        { label: t('facility_type'), cell: (x) => tMaybe(`ft_${x.type}`, x.type) }, { label: t('license_no'), cell: (x) => x.license_no ?? '—' },
        { label: t('governorate'), cell: (x) => governorateName(x.governorate, lang()) }, { label: t('status'), cell: (x) => tMaybe(`us_${x.status ?? 'active'}`, x.status) },
      ] })}</section>
      <section class="card" aria-labelledby="facn-h"><h2 id="facn-h">${t('add_facility')}</h2>
      <form @submit=${this.createFacility}><div class="grid">
        ${selectField({ label: t('facility_type'), value: f.type, onInput: set('type'), options: ['clinic', 'hospital', 'pharmacy'].map((x) => ({ value: x, label: tMaybe(`ft_${x}`, x) })) })}
        ${textField({ label: t('name'), required: true, value: f.name, onInput: set('name'), testid: 'fac-name' })}
        ${textField({ label: t('name_ar'), value: f.name_ar, onInput: set('name_ar'), dir: 'rtl' })}
        ${textField({ label: t('license_no'), required: true, value: f.license_no, onInput: set('license_no'), dir: 'ltr' })}
        ${selectField({ label: t('governorate'), value: f.governorate, onInput: set('governorate'), options: Object.keys(GOVERNORATES).map((g) => ({ value: g, label: governorateName(g, lang()) })) })}
        ${textField({ label: t('address'), value: f.address, onInput: set('address') })}
      </div>${errorBox(this.facErr)}<button class="btn" type="submit">${t('add_facility')}</button></form></section>`;
  }

  // ---------------------------------------------------------------- staff
  private async loadUsers(): Promise<void> {
    this.userErr = null;
    try { this.users = (await api.get<Page<User>>(`/api/v1/users${qs({ ...this.userFilter, limit: 100 })}`)).items ?? []; } catch (e) { this.userErr = e; this.users = this.users ?? []; }
  }
  private async createUser(e: Event): Promise<void> {
    e.preventDefault(); this.userErr = null;
    const u = this.userForm;
    try {
      const body: Rec = { role: u.role, username: u.username.trim(), password: u.password, full_name: u.full_name.trim(), facility_ids: [...this.selectedFacilities] };
      for (const k of ['full_name_ar', 'national_id', 'license_no', 'phone']) if (u[k]?.trim()) body[k] = u[k].trim();
      const created = await api.create<User>('/api/v1/users', body);
      this.users = [{ ...body, status: 'active', ...created } as User, ...(this.users ?? [])];
      this.userForm = { ...this.userForm, username: '', password: '', full_name: '', full_name_ar: '', national_id: '', license_no: '', phone: '' };
      this.selectedFacilities.clear();
      toast(t('user_created'), 'success');
    } catch (err) { this.userErr = err; }
  }
  private async setStatus(u: User, status: string): Promise<void> {
    this.userErr = null;
    try {
      const ans = await api.patch<User>(`/api/v1/users/${u.id}`, { status });
      this.users = (this.users ?? []).map((x) => (x.id === u.id ? { ...x, ...ans, status: ans?.status ?? status } : x));
      toast(t(status === 'suspended' ? 'user_suspended' : 'user_activated', { name: u.full_name }), 'success');
    } catch (err) { this.userErr = err; }
  }
  private renderStaff(): TemplateResult {
    const u = this.userForm;
    const set = (k: string) => (v: string) => { this.userForm = { ...this.userForm, [k]: v }; };
    return html`<section class="card" aria-labelledby="staff-h"><h1 id="staff-h">${t('staff')}</h1>
      <form class="row" @submit=${(e: Event) => { e.preventDefault(); void this.loadUsers(); }}>
        ${selectField({ label: t('role'), value: this.userFilter.role, onInput: (v) => { this.userFilter = { ...this.userFilter, role: v }; }, options: [{ value: '', label: t('all') }, ...ROLES.map((r) => ({ value: r, label: roleName(r) }))] })}
        ${selectField({ label: t('status'), value: this.userFilter.status, onInput: (v) => { this.userFilter = { ...this.userFilter, status: v }; }, options: [{ value: '', label: t('all') }, ...['active', 'suspended', 'pending'].map((s) => ({ value: s, label: tMaybe(`us_${s}`, s) }))] })}
        <div class="btn-row"><button class="btn btn-secondary" type="submit">${t('filter')}</button></div>
      </form>
      ${errorBox(this.userErr)}
      ${this.users === null ? html`<p>${t('loading')}</p>` : table({ rows: this.users, testid: 'users', columns: [
        { label: t('name'), cell: (x) => html`<strong>${lang() === 'ar' && x.full_name_ar ? x.full_name_ar : x.full_name}</strong><br><span class="small ltr">${x.username}</span>` },
        { label: t('role'), cell: (x) => roleName(x.role) },
        { label: t('facilities_of_user'), cell: (x) => (x.facility_ids ?? []).map((id) => this.facName(id)).join(', ') || '—' },
        { label: t('status'), cell: (x) => badge(x.status === 'suspended' ? 'danger' : x.status === 'active' || !x.status ? 'ok' : 'warn', tMaybe(`us_${x.status ?? 'active'}`, x.status)) },
        { label: t('actions'), cell: (x) => x.status === 'suspended' || x.status === 'pending'
          ? html`<button class="btn btn-secondary btn-small" type="button" data-testid="activate-${x.username}" @click=${() => void this.setStatus(x, 'active')}>${t('activate')}</button>`
          : html`<button class="btn btn-danger btn-small" type="button" data-testid="suspend-${x.username}" @click=${() => void this.setStatus(x, 'suspended')} ?disabled=${x.id === this.session?.user.id}>${t('suspend')}</button>` },
      ] })}</section>
      <section class="card" aria-labelledby="newu-h"><h2 id="newu-h">${t('add_user')}</h2>
      <form @submit=${this.createUser} data-testid="user-form"><div class="grid">
        ${selectField({ label: t('role'), value: u.role, onInput: set('role'), options: ROLES.map((r) => ({ value: r, label: roleName(r) })) })}
        ${textField({ label: t('username'), required: true, value: u.username, onInput: set('username'), dir: 'ltr', autocomplete: 'off', testid: 'new-username' })}
        ${textField({ label: t('password'), type: 'password', required: true, value: u.password, onInput: set('password'), dir: 'ltr', autocomplete: 'new-password', testid: 'new-password' })}
        ${textField({ label: t('full_name'), required: true, value: u.full_name, onInput: set('full_name'), testid: 'new-fullname' })}
        ${textField({ label: t('full_name_ar'), value: u.full_name_ar, onInput: set('full_name_ar'), dir: 'rtl' })}
        ${textField({ label: t('national_id'), value: u.national_id, onInput: set('national_id'), dir: 'ltr', inputmode: 'numeric' })}
        ${textField({ label: t('license_no'), value: u.license_no, onInput: set('license_no'), dir: 'ltr' })}
        ${textField({ label: t('phone'), type: 'tel', value: u.phone, onInput: set('phone'), dir: 'ltr' })}
      </div>
      <fieldset><legend>${t('facilities')}</legend>
        ${(this.facilities ?? []).map((f) => checkField({ label: `${lang() === 'ar' && f.name_ar ? f.name_ar : f.name} (${tMaybe(`ft_${f.type}`, f.type)})`, checked: this.selectedFacilities.has(f.id),
          onChange: (v) => { if (v) this.selectedFacilities.add(f.id); else this.selectedFacilities.delete(f.id); this.requestUpdate(); } }))}
      </fieldset>
      <button class="btn" type="submit" data-testid="create-user">${t('add_user')}</button></form></section>`;
  }

  // ---------------------------------------------------------------- API keys
  private async loadKeys(): Promise<void> {
    try { this.keys = (await api.get<Page<ApiKey>>('/api/v1/api-keys')).items ?? []; } catch (e) { this.keyErr = e; this.keys = this.keys ?? []; }
  }
  private async createKey(e: Event): Promise<void> {
    e.preventDefault(); this.keyErr = null;
    try {
      const k = await api.create<ApiKey>('/api/v1/api-keys', { name: this.keyForm.name.trim(), facility_id: this.keyForm.facility_id || this.facilities?.[0]?.id, permissions: [...this.keyPerms] });
      this.newKey = k;
      const { key: _secret, ...rest } = k;
      this.keys = [rest, ...(this.keys ?? [])];
      this.keyForm = { name: '', facility_id: this.keyForm.facility_id, permissions: '' };
    } catch (err) { this.keyErr = err; }
  }
  private async revoke(k: ApiKey): Promise<void> {
    try { await api.del(`/api/v1/api-keys/${k.id}`); this.keys = (this.keys ?? []).filter((x) => x.id !== k.id); toast(t('revoked'), 'success'); } catch (err) { this.keyErr = err; }
  }
  private renderKeys(): TemplateResult {
    const shown = this.newKey?.key ?? (this.newKey as Rec | null)?.api_key;
    return html`<section class="card" aria-labelledby="keys-h"><h1 id="keys-h">${t('api_keys')}</h1>
      ${shown ? alertBox('warning', html`<p>${t('key_shown_once')}</p><p><code class="ltr" data-testid="new-key">${str(shown)}</code>
        <button class="btn btn-secondary btn-small" type="button" @click=${() => { void navigator.clipboard?.writeText(str(shown)); toast(t('copied')); }}>${t('copy')}</button>
        <button class="btn btn-secondary btn-small" type="button" @click=${() => { this.newKey = null; }}>${t('close')}</button></p>`) : nothing}
      ${errorBox(this.keyErr)}
      ${this.keys === null ? html`<p>${t('loading')}</p>` : table({ rows: this.keys, testid: 'keys', columns: [
        { label: t('key_name'), cell: (k) => k.name }, { label: t('facility'), cell: (k) => (k.facility_id ? this.facName(k.facility_id) : '—') },
        { label: t('permissions'), cell: (k) => (k.permissions ?? []).join(', ') }, { label: t('created_at'), cell: (k) => fmtDateTime(k.created_at) },
        { label: t('actions'), cell: (k) => html`<button class="btn btn-danger btn-small" type="button" @click=${() => void this.revoke(k)}>${t('revoke')}</button>` },
      ] })}
      <form @submit=${this.createKey}><h2>${t('create_key')}</h2><div class="grid">
        ${textField({ label: t('key_name'), required: true, value: this.keyForm.name, onInput: (v) => { this.keyForm = { ...this.keyForm, name: v }; } })}
        ${selectField({ label: t('facility'), required: true, value: this.keyForm.facility_id, onInput: (v) => { this.keyForm = { ...this.keyForm, facility_id: v }; }, options: (this.facilities ?? []).map((f) => ({ value: f.id, label: lang() === 'ar' && f.name_ar ? f.name_ar : f.name })) })}
      </div>
      <fieldset><legend>${t('permissions')}</legend><div class="grid">
        ${PERMISSIONS.map((p) => checkField({ label: p, checked: this.keyPerms.has(p), onChange: (v) => { if (v) this.keyPerms.add(p); else this.keyPerms.delete(p); this.requestUpdate(); } }))}
      </div></fieldset>
      <button class="btn" type="submit" data-testid="create-key">${t('create_key')}</button></form></section>`;
  }

  // ---------------------------------------------------------------- audit
  private async loadAudit(): Promise<void> {
    this.auditErr = null;
    const f = this.auditFilter;
    try {
      this.audit = (await api.get<Page<Rec>>(`/api/v1/audit${qs({ actor: f.actor, patient_id: f.patient_id, action: f.action, from: f.from ? new Date(f.from).toISOString() : '', to: f.to ? new Date(`${f.to}T23:59:59`).toISOString() : '', limit: 100 })}`)).items ?? [];
    } catch (e) { this.auditErr = e; this.audit = this.audit ?? []; }
  }
  private async verifyChain(): Promise<void> {
    try { this.chain = await api.get<Rec>('/api/v1/audit/verify'); } catch (e) { this.chain = { error: e }; }
  }
  private renderAudit(): TemplateResult {
    const f = this.auditFilter;
    const set = (k: string) => (v: string) => { this.auditFilter = { ...this.auditFilter, [k]: v }; };
    const c = this.chain;
    return html`<section class="card" aria-labelledby="audit-h"><h1 id="audit-h">${t('audit_log')}</h1>
      <div class="btn-row"><button class="btn btn-secondary" type="button" data-testid="verify-chain" @click=${() => void this.verifyChain()}>${t('verify_chain')}</button></div>
      ${c ? ('error' in c ? errorBox(c.error) : c.ok ? alertBox('success', t('chain_ok', { n: Number(c.entries ?? 0) }), { testid: 'chain' }) : alertBox('danger', t('chain_bad', { id: str(c.first_bad_entry) }), { testid: 'chain' })) : nothing}
      <form class="row" @submit=${(e: Event) => { e.preventDefault(); void this.loadAudit(); }}>
        ${textField({ label: t('actor'), value: f.actor, onInput: set('actor'), dir: 'ltr' })}
        ${textField({ label: t('patient_id'), value: f.patient_id, onInput: set('patient_id'), dir: 'ltr' })}
        ${textField({ label: t('action'), value: f.action, onInput: set('action'), dir: 'ltr' })}
        ${textField({ label: t('from'), type: 'date', value: f.from, onInput: set('from') })}
        ${textField({ label: t('to'), type: 'date', value: f.to, onInput: set('to') })}
        <div class="btn-row"><button class="btn" type="submit">${t('filter')}</button></div>
      </form>
      ${errorBox(this.auditErr)}
      ${this.audit === null ? html`<p>${t('loading')}</p>` : table({ rows: this.audit, testid: 'audit', columns: [
        { label: t('when'), cell: (r) => fmtDateTime(str(r.at ?? r.occurred_at ?? r.created_at)) },
        { label: t('who'), cell: (r) => html`${str(r.actor_name ?? r.actor_username ?? '') || html`<span class="small ltr">${str(r.actor_id ?? r.actor).slice(0, 8)}</span>`}<br><span class="small">${roleName(str(r.actor_role ?? r.role))}</span>` },
        { label: t('action'), cell: (r) => html`<code>${str(r.action)}</code>` },
        { label: t('patient_id'), cell: (r) => html`<span class="small ltr">${str(r.patient_id).slice(0, 8) || '—'}</span>` },
        { label: t('source_ip'), cell: (r) => html`<span class="small ltr">${str(r.source_ip) || '—'}</span>` },
        { label: t('outcome'), cell: (r) => str(r.outcome) || '—' },
        { label: t('reason'), cell: (r) => str(r.reason) || '—' },
      ] })}</section>`;
  }

  // ---------------------------------------------------------------- system
  private async loadSystem(): Promise<void> {
    try { const r = await fetch('/health', { headers: { Accept: 'application/json' } }); this.health = { status: r.status, body: await r.json().catch(() => ({})) }; } catch { this.health = { status: 0, body: {} }; }
    try { const r = await fetch('/version', { headers: { Accept: 'application/json' } }); this.version = await r.json(); } catch { this.version = {}; }
  }
  private renderSystem(): TemplateResult {
    const h = this.health; const v = this.version;
    const checks = (h?.body.checks ?? {}) as Record<string, Rec>;
    const ok = h?.status === 200 && h.body.status === 'ok';
    return html`<section class="card" aria-labelledby="sys-h"><h1 id="sys-h">${t('system_status')}</h1>
      ${!h ? html`<p>${t('loading')}</p>` : alertBox(ok ? 'success' : 'danger', html`${t('health')}: <strong data-testid="health-status">${ok ? t('ok') : t('unavailable')}</strong>`)}
      ${h ? table({ rows: Object.entries(checks), columns: [
        { label: t('name'), cell: ([k]) => (k === 'database' ? t('database') : k === 'migrations' ? t('migrations') : k) },
        { label: t('status'), cell: ([, c]) => badge(c.status === 'ok' ? 'ok' : 'danger', c.status === 'ok' ? t('ok') : str(c.status)) },
        { label: t('value'), cell: ([, c]) => (c.latency_ms !== undefined ? `${t('latency')}: ${fmtNumber(Number(c.latency_ms))} ms` : c.current !== undefined ? `${fmtNumber(Number(c.current))} / ${fmtNumber(Number(c.latest))}` : '') },
      ] }) : nothing}
      ${v ? html`<dl class="kv" data-testid="version"><dt>${t('version')}</dt><dd>${str(v.version)}</dd><dt>${t('commit')}</dt><dd class="ltr"><code>${str(v.commit).slice(0, 12)}</code></dd>
        <dt>${t('build_time')}</dt><dd>${fmtDateTime(str(v.build_time))}</dd><dt>${t('schema_version')}</dt><dd>${str(v.schema_version)}</dd></dl>` : nothing}
      <div class="btn-row"><button class="btn btn-secondary" type="button" @click=${() => void this.loadSystem()}>${t('refresh')}</button></div></section>`;
  }

  renderView(view: string) {
    switch (view) {
      case 'facilities': return this.renderFacilities();
      case 'keys': return this.renderKeys();
      case 'audit': return this.renderAudit();
      case 'system': return this.renderSystem();
      default: return this.renderStaff();
    }
  }
}
customElements.define('hf-admin-portal', HfAdminPortal);
