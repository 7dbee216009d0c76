// The storefront: sign-in, the header (name and balance) and the hash routes
//   #/            the catalogue        (catalogue.js)
//   #/card/<id>   a card and checkout  (card_page.js)
//   #/orders      order history        (orders.js)
import { api } from './api.js';
import { show, formatPoints } from './dom.js';
import { refusalSentence } from './messages.js';
import { CataloguePage } from './catalogue.js';
import { CardPage } from './card_page.js';
import { OrdersPage } from './orders.js';

const $ = (id) => document.getElementById(id);

const session = {
  me: null,
  async refresh() {
    this.me = await api('GET', '/api/me');
    renderHeader();
    return this.me;
  },
};

const views = ['sign-in-view', 'catalogue-view', 'card-view', 'orders-view'];
const catalogue = new CataloguePage(session);
const cardPage = new CardPage(session);
const orders = new OrdersPage(session);

function showView(id) {
  for (const v of views) show($(v), v === id);
  for (const a of document.querySelectorAll('#nav a')) {
    const current = (id === 'orders-view') === (a.getAttribute('href') === '#/orders');
    if (current && id !== 'sign-in-view') a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function renderHeader() {
  const me = session.me;
  show($('who'), !!me);
  show($('nav'), !!me);
  if (!me) return;
  $('member-name').textContent = `${me.first_name} ${me.last_name}`;
  $('balance').textContent = formatPoints(me.balance);
}

async function route() {
  if (!session.me) {
    showView('sign-in-view');
    orders.stop();
    return;
  }
  const hash = location.hash || '#/';
  const card = hash.match(/^#\/card\/(.+)$/);
  if (hash === '#/orders') {
    showView('orders-view');
    await orders.load();
  } else if (card) {
    orders.stop();
    showView('card-view');
    await cardPage.load(decodeURIComponent(card[1]));
  } else {
    orders.stop();
    showView('catalogue-view');
    await catalogue.load();
  }
  $('main').focus({ preventScroll: true });
}

async function signIn(event) {
  event.preventDefault();
  const button = event.target.querySelector('button');
  $('sign-in-error').textContent = '';
  button.disabled = true;
  try {
    await api('POST', '/api/session', {
      member_id: $('member-id').value.trim(),
      password: $('password').value,
    });
    $('password').value = '';
    await session.refresh();
    catalogue.resetForMember();
    await route();
  } catch (err) {
    $('sign-in-error').textContent = refusalSentence(err);
  } finally {
    button.disabled = false;
  }
}

async function signOut() {
  try { await api('DELETE', '/api/session'); } catch (e) { /* signed out anyway */ }
  session.me = null;
  renderHeader();
  location.hash = '#/';
  await route();
}

async function start() {
  $('sign-in-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', signOut);
  window.addEventListener('hashchange', route);
  document.addEventListener('session-ended', () => { session.me = null; renderHeader(); route(); });
  try {
    await session.refresh();
    catalogue.resetForMember();
  } catch (e) {
    session.me = null;
  }
  renderHeader();
  await route();
}

start();
