// The operator console: sign-in (cookie lh_admin), then hash views
//   #settings     plugin settings, a form generated from the settings schema
//   #redemptions  redemptions by internal state, search, detail, Resync
//   #health       GET /healthz
//   #audit        the audit log
import { api } from './api.js';
import { el, clear, show } from './dom.js';
import { refusalSentence } from './messages.js';
import { SettingsForm } from './settings_form.js';
import { RedemptionsView } from './admin_redemptions.js';

const $ = (id) => document.getElementById(id);
const views = { settings: 'settings-view', redemptions: 'redemptions-view', health: 'health-view', audit: 'audit-view' };
const state = { signedIn: false, plugins: [], auditPage: 1 };
const settings = new SettingsForm(onSessionEnded);
const redemptions = new RedemptionsView(onSessionEnded);

function onSessionEnded() {
  state.signedIn = false;
  route();
}

function showOnly(id) {
  for (const v of ['sign-in-view', ...Object.values(views)]) show($(v), v === id);
  show($('nav'), state.signedIn);
  show($('who'), state.signedIn);
  $('operator-name').textContent = sessionStorage.getItem('operator') || '';
  for (const a of document.querySelectorAll('#nav a')) {
    if (views[a.getAttribute('href').slice(1)] === id) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function pluginNames() {
  const health = await api('GET', '/healthz');
  return health.plugins.map((p) => p.name);
}

// Signed in when an admin route answers; 401/403 shows the sign-in.
async function probe() {
  state.plugins = await pluginNames().catch(() => []);
  if (!state.plugins.length) return false;
  try {
    await api('GET', '/admin/audit?page_size=1');
    return true;
  } catch (err) {
    return false;
  }
}

async function route() {
  if (!state.signedIn) { showOnly('sign-in-view'); return; }
  const name = (location.hash || '#settings').slice(1);
  const view = views[name] ? name : 'settings';
  showOnly(views[view]);
  if (view === 'settings') await settings.load(state.plugins);
  if (view === 'redemptions') await redemptions.load();
  if (view === 'health') await loadHealth();
  if (view === 'audit') await loadAudit();
  $('main').focus({ preventScroll: true });
}

async function loadHealth() {
  const root = clear($('health'));
  let h;
  try { h = await api('GET', '/healthz'); } catch (err) { root.append(el('p', { class: 'error', text: refusalSentence(err) })); return; }
  root.append(el('p', {}, 'Host: ', el('span', { class: 'badge ' + (h.status === 'ok' ? 'fulfilled' : 'processing'), text: h.status })));
  for (const p of h.plugins) {
    root.append(el('section', { class: 'panel' },
      el('h2', { text: `${p.name} ${p.version}` }),
      el('p', {}, 'State: ', el('strong', { text: p.state })),
      p.notes.length ? el('ul', {}, p.notes.map((n) => el('li', { text: n }))) : el('p', { class: 'muted', text: 'No notes.' })));
  }
  root.append(el('h2', { text: 'Refused plugins' }));
  if (!h.refused_plugins.length) root.append(el('p', { class: 'muted', text: 'None.' }));
  for (const r of h.refused_plugins) {
    root.append(el('p', {}, el('strong', { text: r.file }), ` — ${r.error}: ${r.message}`));
  }
}

async function loadAudit() {
  const tbody = clear($('audit-rows'));
  let page;
  try {
    page = await api('GET', `/admin/audit?page=${state.auditPage}&page_size=20`);
  } catch (err) {
    if (err.status === 401) return onSessionEnded();
    tbody.append(el('tr', {}, el('td', { colspan: 5, class: 'error', text: refusalSentence(err) })));
    return;
  }
  for (const e of page.data) {
    tbody.append(el('tr', {},
      el('td', { text: e.at }), el('td', { text: e.actor }), el('td', { text: e.action }),
      el('td', { text: e.target }),
      el('td', {}, el('pre', { class: 'json', text: changeText(e) }))));
  }
  const pages = Math.max(1, page.meta.total_pages);
  $('a-page-info').textContent = `Page ${page.meta.page} of ${pages}`;
  $('a-prev').disabled = state.auditPage <= 1;
  $('a-next').disabled = state.auditPage >= pages;
}

function changeText(e) {
  const out = [];
  if (e.before !== null && e.before !== undefined) out.push('before: ' + JSON.stringify(e.before));
  if (e.after !== null && e.after !== undefined) out.push('after: ' + JSON.stringify(e.after));
  return out.join('\n');
}

async function signIn(event) {
  event.preventDefault();
  const button = event.target.querySelector('button');
  button.disabled = true;
  $('sign-in-error').textContent = '';
  try {
    const name = $('op-name').value.trim();
    await api('POST', '/admin/session', { name, password: $('op-password').value });
    $('op-password').value = '';
    sessionStorage.setItem('operator', name);
    state.signedIn = true;
    state.plugins = await pluginNames().catch(() => []);
    await route();
  } catch (err) {
    $('sign-in-error').textContent = err.code === 'invalid_credentials'
      ? 'That operator name and password do not match. Check them and try again.'
      : refusalSentence(err);
  } finally {
    button.disabled = false;
  }
}

async function signOut() {
  try { await api('DELETE', '/admin/session'); } catch (e) { /* signed out anyway */ }
  sessionStorage.removeItem('operator');
  onSessionEnded();
}

async function start() {
  $('sign-in-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', signOut);
  $('a-prev').addEventListener('click', () => { state.auditPage -= 1; loadAudit(); });
  $('a-next').addEventListener('click', () => { state.auditPage += 1; loadAudit(); });
  window.addEventListener('hashchange', route);
  state.signedIn = await probe();
  await route();
}

start();
