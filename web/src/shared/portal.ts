// Login (with second factor and enrolment) and the portal shell every portal extends.
import { html, nothing, type TemplateResult } from 'lit';
import './styles.css';
import { HfElement, alertBox, errorBox, textField, toast } from './ui';
import { qrDataUrl } from './widgets';
import { api, ApiError, getSession, logout, setSession, SESSION_EXPIRED_EVENT, type Session } from './api';
import { isRtl, lang, setArabicDigits, setLang, t, tMaybe, useArabicDigits, type Key } from './i18n';

export type PortalId = 'doctor' | 'pharmacy' | 'patient' | 'admin' | 'regulator';
export const PORTAL_OF_ROLE: Record<string, PortalId> = {
  doctor: 'doctor', pharmacist: 'pharmacy', patient: 'patient', admin: 'admin', facility_admin: 'admin', regulator: 'regulator',
};
export function portalName(p: PortalId): string { return t(`portal_${p}` as Key); }
export function roleName(r: string): string { return tMaybe(`role_${r}`, r); }

// ---------------------------------------------------------------- login
type Step = 'credentials' | 'totp' | 'enroll';
interface LoginAnswer { access_token: string; refresh_token: string; user: Session['user'] }

export class HfLogin extends HfElement {
  static properties = {
    portal: {}, roles: { attribute: false }, notice: {},
    step: { state: true }, username: { state: true }, password: { state: true }, code: { state: true }, error: { state: true },
    busy: { state: true }, enrollUri: { state: true }, enrollQr: { state: true }, enrollSecret: { state: true }, wrongRole: { state: true }, info: { state: true },
  };
  declare portal: PortalId; declare roles: string[]; declare notice: string;
  declare step: Step; declare username: string; declare password: string; declare code: string; declare error: unknown; declare busy: boolean;
  declare enrollUri: string; declare enrollQr: string; declare enrollSecret: string; declare wrongRole: string; declare info: string;
  private enrollToken = '';
  constructor() {
    super();
    this.portal = 'doctor'; this.roles = []; this.notice = ''; this.step = 'credentials'; this.username = ''; this.password = ''; this.code = '';
    this.error = null; this.busy = false; this.enrollUri = ''; this.enrollQr = ''; this.enrollSecret = ''; this.wrongRole = ''; this.info = '';
  }

  private async login(totp?: string): Promise<void> {
    this.busy = true; this.error = null; this.wrongRole = '';
    try {
      const body: Record<string, string> = { username: this.username.trim(), password: this.password };
      if (totp) body.totp = totp;
      const ans = await api.post<LoginAnswer>('/api/v1/auth/login', body, { anonymous: true });
      if (!this.roles.includes(ans.user.role)) {
        this.wrongRole = ans.user.role;
        try { await api.post('/api/v1/auth/logout', undefined, { token: ans.access_token }); } catch { /* ignore */ }
        return;
      }
      const s: Session = { access_token: ans.access_token, refresh_token: ans.refresh_token, user: ans.user };
      setSession(s);
      this.password = ''; this.code = ''; this.step = 'credentials';
      this.emit('logged-in', s);
    } catch (e) {
      if (e instanceof ApiError && e.is('mfa-enrollment-required')) {
        const p = e.problem as Record<string, unknown>;
        this.enrollToken = String(p.enrollment_token ?? p.enrolment_token ?? p.token ?? p.mfa_token ?? '');
        await this.startEnroll();
      } else if (e instanceof ApiError && (e.is('mfa-required') || e.is('mfa-invalid'))) {
        // Just after enrolment the confirmed code is spent: ask for the next one without an error.
        if (totp && this.step === 'totp') this.error = new ApiError(401, { type: 'code-rejected' });
        this.step = 'totp'; this.code = '';
        this.focusSoon('#login-code');
      } else this.error = e;
    } finally { this.busy = false; }
  }
  private async startEnroll(): Promise<void> {
    try {
      const ans = await api.post<{ otpauth_uri: string; secret: string }>('/api/v1/auth/totp/enroll', {}, { token: this.enrollToken });
      this.enrollUri = ans.otpauth_uri; this.enrollSecret = ans.secret; this.code = '';
      this.enrollQr = await qrDataUrl(ans.otpauth_uri);
      this.step = 'enroll';
      this.focusSoon('#enroll-code');
    } catch (e) { this.error = e; }
  }
  private async confirmEnroll(e: Event): Promise<void> {
    e.preventDefault();
    this.busy = true; this.error = null;
    try {
      await api.post('/api/v1/auth/totp/confirm', { totp: this.code.trim() }, { token: this.enrollToken });
      this.info = t('enroll_done');
      const code = this.code.trim();
      this.busy = false;
      await this.login(code); // may answer mfa-required (codes are single-use): then the user types the next one
    } catch (err) { this.error = err; this.busy = false; }
  }
  private focusSoon(sel: string): void { void this.updateComplete.then(() => (this.querySelector(sel) as HTMLElement | null)?.focus()); }

  private submitCredentials(e: Event): void { e.preventDefault(); void this.login(); }
  private submitCode(e: Event): void { e.preventDefault(); void this.login(this.code.trim()); }

  private renderError(): TemplateResult | typeof nothing {
    if (this.error instanceof ApiError && this.error.is('code-rejected')) return alertBox('danger', t('err_401_code'));
    if (this.error instanceof ApiError && this.error.status === 401 && this.step !== 'credentials') return alertBox('danger', t('err_401_code'));
    return errorBox(this.error);
  }

  render() {
    const title = t('login_title', { portal: portalName(this.portal) });
    return html`<div class="login-wrap"><section class="card" aria-labelledby="login-h">
      <h1 id="login-h">${title}</h1>
      ${this.notice ? alertBox('warning', this.notice, { testid: 'login-notice' }) : nothing}
      ${this.info ? alertBox('info', this.info) : nothing}
      ${this.wrongRole ? alertBox('danger', html`<p>${t('wrong_portal', { role: roleName(this.wrongRole) })}</p>
        ${PORTAL_OF_ROLE[this.wrongRole] ? html`<a href="/${PORTAL_OF_ROLE[this.wrongRole]}/">${t('go_to_portal', { portal: portalName(PORTAL_OF_ROLE[this.wrongRole]) })}</a>` : nothing}`, { testid: 'wrong-portal' }) : nothing}
      ${this.renderError()}
      ${this.step === 'credentials' ? html`<form @submit=${this.submitCredentials} data-testid="login-form">
        ${textField({ id: 'login-username', label: t('username'), value: this.username, autocomplete: 'username', required: true, onInput: (v) => { this.username = v; }, dir: 'ltr' })}
        ${textField({ id: 'login-password', label: t('password'), type: 'password', value: this.password, autocomplete: 'current-password', required: true, onInput: (v) => { this.password = v; }, dir: 'ltr' })}
        <button class="btn" type="submit" ?disabled=${this.busy} data-testid="login-submit">${this.busy ? t('signing_in') : t('sign_in')}</button>
      </form>` : nothing}
      ${this.step === 'totp' ? html`<form @submit=${this.submitCode} data-testid="totp-form">
        <h2>${t('totp_title')}</h2><p>${t('totp_prompt')}</p>
        ${textField({ id: 'login-code', label: t('totp_code'), value: this.code, autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 8, required: true, cls: 'otp-input', onInput: (v) => { this.code = v; } })}
        <div class="btn-row"><button class="btn" type="submit" ?disabled=${this.busy}>${t('verify')}</button>
        <button class="btn btn-secondary" type="button" @click=${() => { this.step = 'credentials'; this.error = null; this.info = ''; }}>${t('start_over')}</button></div>
      </form>` : nothing}
      ${this.step === 'enroll' ? html`<form @submit=${this.confirmEnroll} data-testid="enroll-form">
        <h2>${t('enroll_title')}</h2><p>${t('enroll_text')}</p>
        <div class="qr-box"><img src=${this.enrollQr} alt=${t('enroll_title')}></div>
        <p>${t('enroll_secret')}: <code class="ltr" data-testid="enroll-secret">${this.enrollSecret}</code></p>
        ${textField({ id: 'enroll-code', label: t('totp_code'), value: this.code, autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 8, required: true, cls: 'otp-input', onInput: (v) => { this.code = v; } })}
        <button class="btn" type="submit" ?disabled=${this.busy}>${t('enroll_confirm')}</button>
      </form>` : nothing}
    </section></div>`;
  }
}
customElements.define('hf-login', HfLogin);

// ---------------------------------------------------------------- language switch (header and landing)
export function langSwitch(): TemplateResult {
  return html`<button type="button" class="btn btn-ghost btn-small" lang=${lang() === 'ar' ? 'en' : 'ar'} data-testid="lang-switch"
    title=${t('switch_language_label')} @click=${() => setLang(lang() === 'ar' ? 'en' : 'ar')}>${t('switch_language')}</button>
    ${isRtl() ? html`<span class="hf-digits"><input type="checkbox" id="hf-digits" .checked=${useArabicDigits()}
      @change=${(e: Event) => setArabicDigits((e.target as HTMLInputElement).checked)}><label for="hf-digits">${t('arabic_digits')}</label></span>` : nothing}`;
}

// ---------------------------------------------------------------- portal shell
export interface View { id: string; label: string }

export abstract class PortalBase extends HfElement {
  static properties = { session: { state: true }, view: { state: true }, expired: { state: true } };
  declare session: Session | null; declare view: string; declare expired: boolean;
  abstract portal: PortalId;
  abstract roles: string[];
  abstract views(): View[];
  abstract renderView(view: string): unknown;
  private everIn = false;
  private onHash = () => { this.view = this.currentView(); };
  private onExpired = () => { this.expired = true; this.session = null; };

  constructor() {
    super();
    this.session = getSession();
    this.expired = false;
    this.view = '';
  }
  connectedCallback(): void {
    super.connectedCallback();
    if (this.session && !this.roles.includes(this.session.user.role)) this.session = null;
    this.view = this.currentView();
    window.addEventListener('hashchange', this.onHash);
    window.addEventListener(SESSION_EXPIRED_EVENT, this.onExpired);
    document.title = `${portalName(this.portal)} · ${t('app_name')}`;
  }
  disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHash);
    window.removeEventListener(SESSION_EXPIRED_EVENT, this.onExpired);
    super.disconnectedCallback();
  }
  protected currentView(): string {
    const h = location.hash.replace(/^#\/?/, '').split('/')[0];
    const ids = this.views().map((v) => v.id);
    return ids.includes(h) ? h : ids[0];
  }
  /** Called once after sign-in (and again after a new sign-in). */
  protected onSignedIn(): void { /* portals override */ }

  private loggedIn(e: CustomEvent<Session>): void {
    const prev = this.everIn ? this.lastUserId : '';
    this.session = e.detail;
    this.expired = false;
    if (prev && prev !== e.detail.user.id) { location.reload(); return; }
    this.lastUserId = e.detail.user.id;
    if (!this.everIn) this.onSignedIn();
    this.everIn = true;
  }
  private lastUserId = '';

  private async signOut(): Promise<void> {
    await logout();
    this.session = null; this.everIn = false; this.expired = false;
    toast(t('logged_out'));
    location.hash = '';
    location.reload();
  }

  render() {
    document.title = `${portalName(this.portal)} · ${t('app_name')}`;
    if (this.session && !this.everIn) { this.everIn = true; this.lastUserId = this.session.user.id; queueMicrotask(() => this.onSignedIn()); }
    const s = this.session;
    const views = this.views();
    const name = s ? (lang() === 'ar' && s.user.full_name_ar ? s.user.full_name_ar : s.user.full_name) : '';
    return html`<a class="skip-link" href="#main" @click=${(e: Event) => { e.preventDefault(); (this.querySelector('#main') as HTMLElement | null)?.focus(); }}>${t('skip_to_content')}</a>
      <header class="hf-header"><div class="hf-header-inner">
        <a class="hf-brand" href="/"><span class="logo" aria-hidden="true">℞</span><span>${t('app_name')}</span>
          <span class="hf-portal-name">· ${portalName(this.portal)}</span></a>
        <div class="hf-header-tools">
          ${s ? html`<span class="hf-user" data-testid="signed-in-as">${t('signed_in_as', { name })}</span>` : nothing}
          ${langSwitch()}
          ${s ? html`<button type="button" class="btn btn-ghost btn-small" data-testid="logout" @click=${() => void this.signOut()}>${t('logout')}</button>` : nothing}
        </div>
      </div></header>
      ${s && views.length > 1 ? html`<nav class="hf-nav no-print" aria-label=${t('main_nav')}><ul>
        ${views.map((v) => html`<li><a href="#${v.id}" aria-current=${v.id === this.view ? 'page' : nothing} data-testid="nav-${v.id}">${v.label}</a></li>`)}
      </ul></nav>` : nothing}
      <main id="main" tabindex="-1">
        ${!s ? html`<hf-login .portal=${this.portal} .roles=${this.roles} .notice=${this.expired ? t('session_expired') : ''}
            @logged-in=${this.loggedIn}></hf-login>` : nothing}
        ${this.everIn ? html`<div ?hidden=${!s} ?inert=${!s}>${this.renderView(this.view)}</div>` : nothing}
      </main>`;
  }
}
