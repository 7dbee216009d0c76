// Order history, newest first. While a redemption is processing the list
// reloads itself every few seconds. A fulfilled one shows its code behind
// "Show code" and offers "Resend email" (disabled, with the time left,
// while the provider's cooldown runs: the 429 carries retry_after_s).
import { api, query } from './api.js';
import { el, clear, logo, formatPoints, formatTime } from './dom.js';
import { refusalSentence } from './messages.js';

const POLL_MS = 3000;
const PAGE_SIZE = 10;
const STATUS_LABEL = { processing: 'Processing', fulfilled: 'Fulfilled', failed: 'Failed' };
const $ = (id) => document.getElementById(id);

export class OrdersPage {
  constructor(session) {
    this.session = session;
    this.page = 1;
    this.timer = null;
    this.cooldowns = new Map();  // redemption id -> time (ms) the resend opens
    this.revealed = new Map();   // redemption id -> delivery, shown until reload of the page
    $('orders-prev').addEventListener('click', () => { this.page -= 1; this.load(); });
    $('orders-next').addEventListener('click', () => { this.page += 1; this.load(); });
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  async load() {
    this.stop();
    const me = this.session.me;
    let result;
    try {
      result = await api('GET', `/api/members/${encodeURIComponent(me.id)}/redemptions` +
        query({ page: this.page, page_size: PAGE_SIZE }));
    } catch (err) {
      $('orders-status').textContent = refusalSentence(err);
      return;
    }
    if (location.hash !== '#/orders') return;
    // A fulfilled or failed (refunded) order moves the balance: show it.
    this.session.refresh().catch(() => {});
    const list = result.data.slice().sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
    const ul = clear($('orders'));
    for (const r of list) ul.append(this.item(r));
    const processing = list.some((r) => r.status === 'processing');
    $('orders-status').textContent = list.length
      ? (processing ? 'Updating while an order is processing…' : '')
      : 'No orders yet. Pick a gift card to redeem your points.';
    const pages = Math.max(1, result.meta.total_pages);
    $('orders-page-info').textContent = `Page ${result.meta.page} of ${pages}`;
    $('orders-prev').disabled = this.page <= 1;
    $('orders-next').disabled = this.page >= pages;
    if (processing) {
      this.timer = setTimeout(() => this.load(), POLL_MS);
    }
  }

  item(r) {
    const li = el('li', { class: 'order', 'data-id': r.id, 'data-status': r.status },
      logo(r.logo_url, r.gift_card_name, 'small'),
      el('div', { class: 'order-body' },
        el('h2', { class: 'order-name', text: r.gift_card_name }),
        el('p', { class: 'muted', text: `${r.currency} ${r.denomination} · ${formatPoints(r.points)} · ${formatTime(r.created_at)}` }),
        el('p', {},
          el('span', { class: 'badge ' + r.status, text: STATUS_LABEL[r.status] || r.status }),
          el('span', { class: 'muted ref', text: ' Reference ' + r.reference_id }))));
    const body = li.querySelector('.order-body');
    if (r.status === 'failed') {
      body.append(el('p', { class: 'failure', text: r.failure_reason || 'The order could not be completed.' }),
        el('p', { class: 'refund', text: `Your ${formatPoints(r.points)} were returned to your balance (points returned).` }));
    }
    if (r.status === 'fulfilled') body.append(this.fulfilledActions(r));
    return li;
  }

  fulfilledActions(r) {
    const box = el('div', { class: 'actions' });
    const reveal = el('div', { class: 'delivery', 'aria-live': 'polite' });
    const showButton = el('button', { type: 'button', class: 'show-code', 'aria-expanded': 'false', text: 'Show code' });
    showButton.addEventListener('click', async () => {
      if (showButton.getAttribute('aria-expanded') === 'true') {
        clear(reveal);
        showButton.setAttribute('aria-expanded', 'false');
        showButton.textContent = 'Show code';
        return;
      }
      try {
        const full = await api('GET', '/api/redemptions/' + encodeURIComponent(r.id));
        renderDelivery(reveal, full.delivery);
        showButton.setAttribute('aria-expanded', 'true');
        showButton.textContent = 'Hide code';
      } catch (err) {
        clear(reveal).append(el('p', { class: 'error', text: refusalSentence(err) }));
      }
    });
    const resend = el('button', { type: 'button', class: 'resend', text: 'Resend email' });
    const note = el('span', { class: 'muted resend-note', 'aria-live': 'polite' });
    resend.addEventListener('click', () => this.resend(r.id, resend, note));
    this.applyCooldown(r.id, resend, note);
    box.append(showButton, resend, note, reveal);
    return box;
  }

  async resend(id, button, note) {
    button.disabled = true;
    try {
      await api('POST', `/api/redemptions/${encodeURIComponent(id)}/resend-email`);
      note.textContent = 'Email sent.';
      button.disabled = false;
    } catch (err) {
      if (err.status === 429 && err.body.retry_after_s) {
        this.cooldowns.set(id, Date.now() + Number(err.body.retry_after_s) * 1000);
        note.textContent = '';
        this.applyCooldown(id, button, note);
      } else {
        note.textContent = refusalSentence(err);
        button.disabled = false;
      }
    }
  }

  // Disables `button` with a countdown until the cooldown of `id` ends.
  applyCooldown(id, button, note) {
    const until = this.cooldowns.get(id);
    const tick = () => {
      const left = Math.ceil((until - Date.now()) / 1000);
      if (!button.isConnected) return;
      if (left <= 0) {
        button.disabled = false;
        button.textContent = 'Resend email';
        this.cooldowns.delete(id);
        return;
      }
      button.disabled = true;
      const m = Math.floor(left / 60), s = String(left % 60).padStart(2, '0');
      button.textContent = `Resend email (in ${m}:${s})`;
      note.textContent = 'An email was sent recently; you can resend it when the time is up.';
      setTimeout(tick, 1000);
    };
    if (until) tick();
  }
}

function renderDelivery(box, d) {
  clear(box);
  if (!d) { box.append(el('p', { class: 'muted', text: 'The code was sent by email.' })); return; }
  const dl = el('dl', { class: 'code' });
  if (d.code) dl.append(el('dt', { text: 'Code' }), el('dd', { class: 'mono', text: d.code }));
  if (d.pin) dl.append(el('dt', { text: 'PIN' }), el('dd', { class: 'mono', text: d.pin }));
  if (d.url && /^https?:\/\//i.test(d.url)) {
    dl.append(el('dt', { text: 'Link' }),
      el('dd', {}, el('a', { href: d.url, target: '_blank', rel: 'noopener noreferrer', text: 'Open the gift card' })));
  }
  if (d.expires_at) dl.append(el('dt', { text: 'Expires' }), el('dd', { text: formatTime(d.expires_at) }));
  box.append(dl);
}
