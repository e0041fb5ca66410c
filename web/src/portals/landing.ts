import { html } from 'lit';
import '../shared/styles.css';
import { HfElement } from '../shared/ui';
import { langSwitch, portalName, type PortalId } from '../shared/portal';
import { t, type Key } from '../shared/i18n';

const PORTALS: { id: PortalId; icon: string }[] = [
  { id: 'doctor', icon: '✚' }, { id: 'pharmacy', icon: '℞' }, { id: 'patient', icon: '♥' }, { id: 'admin', icon: '⚙' }, { id: 'regulator', icon: '▦' },
];

class HfLanding extends HfElement {
  render() {
    document.title = `${t('app_name')} · ${t('app_tagline')}`;
    return html`<a class="skip-link" href="#main">${t('skip_to_content')}</a>
    <header class="hf-header"><div class="hf-header-inner">
      <a class="hf-brand" href="/"><span class="logo" aria-hidden="true">℞</span><span>${t('app_name')}</span></a>
      <div class="hf-header-tools">${langSwitch()}</div>
    </div></header>
    <main id="main" tabindex="-1">
      <h1>${t('app_tagline')}</h1>
      <h2>${t('landing_title')}</h2>
      <ul class="grid" style="list-style:none;padding:0;margin:0 0 1rem">
        ${PORTALS.map((p) => html`<li class="card">
          <h3><span aria-hidden="true">${p.icon}</span> ${portalName(p.id)}</h3>
          <p>${t(`portal_${p.id}_desc` as Key)}</p>
          <a class="btn" href="/${p.id}/" data-testid="portal-link-${p.id}">${t('open_portal', { portal: portalName(p.id) })}</a>
        </li>`)}
      </ul>
      <section class="card" aria-labelledby="demo-h">
        <h2 id="demo-h">${t('demo_title')}</h2>
        <p>${t('demo_text')}</p>
        <p><a href="/docs">${t('landing_api_docs')}</a></p>
      </section>
    </main>`;
  }
}
customElements.define('hf-landing', HfLanding);
