// A card's page and its checkout. The provider's texts are shown exactly as
// sent (textContent). A checkout is one card + value with ONE idempotency
// key, kept across double clicks and retries after no answer; only a
// refusal (nothing was created) starts a new checkout with a new key.
import { api } from './api.js';
import { el, clear, logo, formatPoints } from './dom.js';
import { refusalSentence } from './messages.js';

const FIELD_LABELS = {
  number: 'Member number', email: 'Email', first_name: 'First name',
  last_name: 'Last name', phone_number: 'Phone number',
};
const FIELD_TYPES = { email: 'email', phone_number: 'tel' };

export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// Refusals: the host answered and made nothing, so a new try is a new checkout.
const REFUSED = new Set([400, 401, 403, 404, 409, 422]);

export class CardPage {
  constructor(session) {
    this.session = session;
    this.card = null;
    this.checkout = null;  // {denomination, points, key, inFlight}
  }

  async load(id) {
    const root = clear(document.getElementById('card-view'));
    root.append(el('p', { class: 'muted', text: 'Loading…' }));
    try {
      this.card = await api('GET', '/api/gift-cards/' + encodeURIComponent(id));
    } catch (err) {
      clear(root).append(el('p', { class: 'error', role: 'alert', text: refusalSentence(err) }),
        el('a', { href: '#/', text: 'Back to gift cards' }));
      return;
    }
    this.checkout = null;
    this.render(root);
  }

  render(root) {
    const card = this.card;
    clear(root).append(
      el('a', { href: '#/', class: 'back', text: '← All gift cards' }),
      el('div', { class: 'card-head' },
        logo(card.logo_url, card.name, 'big'),
        el('div', {},
          el('h1', { id: 'card-name', text: card.name }),
          el('p', { class: 'muted', text: `${card.currency} · ${card.categories.join(', ')} · sold in ${card.countries.join(', ')}` }))),
      textBlock('About this card', 'card-description', card.description),
      textBlock('Terms and conditions', 'card-terms', card.terms_and_conditions),
      textBlock('How to redeem', 'card-instructions', card.redemption_instructions),
      this.denominations(),
      el('div', { id: 'checkout' }));
  }

  denominations() {
    const balance = this.session.me.balance;
    const set = el('fieldset', { class: 'denominations' }, el('legend', { text: 'Choose a value' }));
    for (const [i, d] of this.card.denominations.entries()) {
      const id = 'denom-' + i;
      const short = d.points - balance;
      const input = el('input', { type: 'radio', name: 'denomination', id, value: d.value, disabled: short > 0 });
      input.addEventListener('change', () => this.startCheckout(d));
      set.append(el('div', { class: 'denom' + (short > 0 ? ' unaffordable' : '') },
        input,
        el('label', { for: id },
          el('span', { class: 'denom-value', text: `${this.card.currency} ${d.value}` }),
          el('span', { class: 'denom-points', text: formatPoints(d.points) }),
          short > 0 ? el('span', { class: 'denom-short', text: `${short.toLocaleString('en-US')} more points needed` }) : null)));
    }
    return set;
  }

  // After price_changed: the card's new prices, the same value still chosen.
  async refreshPrices() {
    const c = this.checkout;
    try {
      this.card = await api('GET', '/api/gift-cards/' + encodeURIComponent(this.card.id));
    } catch (e) { /* keep the old page; the sentence says what happened */ }
    const fresh = this.card.denominations.find((d) => d.value === c.denomination);
    if (fresh) c.points = fresh.points;
    const old = document.querySelector('#card-view .denominations');
    old.replaceWith(this.denominations());
    const radio = [...document.querySelectorAll('input[name="denomination"]')].find((r) => r.value === c.denomination);
    if (radio && !radio.disabled) radio.checked = true;
    this.renderCheckout();
  }

  startCheckout(d) {
    this.checkout = { denomination: d.value, points: d.points, key: newIdempotencyKey(), inFlight: false };
    this.renderCheckout();
  }

  renderCheckout(message) {
    const me = this.session.me, c = this.checkout, card = this.card;
    const root = clear(document.getElementById('checkout'));
    const form = el('form', { id: 'checkout-form', class: 'panel', novalidate: true });
    form.append(el('h2', { text: 'Checkout' }));
    const fields = el('fieldset', { class: 'details' }, el('legend', { text: 'Your details for this card' }));
    for (const f of card.required_user_fields) {
      const id = 'field-' + f;
      const value = f === 'number' ? me.id : (me[f] || '');
      fields.append(el('label', { for: id, text: FIELD_LABELS[f] || f }),
        el('input', { id, name: f, type: FIELD_TYPES[f] || 'text', value, readonly: f === 'number',
          required: true, 'aria-describedby': f === 'phone_number' ? 'phone-hint' : null,
          autocomplete: { email: 'email', first_name: 'given-name', last_name: 'family-name', phone_number: 'tel' }[f] || 'off' }));
      if (f === 'phone_number') {
        fields.append(el('p', { id: 'phone-hint', class: 'hint',
          text: 'International format: + then country code and number, no spaces, e.g. +6591234567' }));
      }
    }
    const save = el('button', { type: 'button', id: 'save-details', text: 'Save details' });
    save.addEventListener('click', () => this.saveDetails().catch(() => {}));
    fields.append(save, el('p', { id: 'details-status', class: 'muted', 'aria-live': 'polite' }));
    form.append(fields);
    form.append(el('dl', { class: 'summary' },
      el('dt', { text: 'Gift card' }), el('dd', { text: card.name }),
      el('dt', { text: 'Value' }), el('dd', { text: `${card.currency} ${c.denomination}` }),
      el('dt', { text: 'Points' }), el('dd', { id: 'summary-points', text: formatPoints(c.points) }),
      el('dt', { text: 'Balance after' }), el('dd', { id: 'summary-after', text: formatPoints(me.balance - c.points) })));
    form.append(el('p', { id: 'checkout-error', class: 'error', role: 'alert', text: message || '' }));
    form.append(el('button', { type: 'submit', id: 'redeem', class: 'primary', text: 'Redeem' }));
    form.addEventListener('submit', (e) => { e.preventDefault(); this.redeem(); });
    root.append(form);
  }

  // Changed profile fields, as a PATCH /api/me body (null when none changed).
  changedDetails() {
    const me = this.session.me, out = {};
    for (const f of this.card.required_user_fields) {
      if (f === 'number') continue;
      const v = document.getElementById('field-' + f).value.trim();
      if (v !== (me[f] || '')) out[f] = v;
    }
    return Object.keys(out).length ? out : null;
  }

  async saveDetails() {
    const status = document.getElementById('details-status');
    const body = this.changedDetails();
    if (!body) { status.textContent = 'Your details are saved.'; return; }
    try {
      this.session.me = await api('PATCH', '/api/me', body);
      status.textContent = 'Your details are saved.';
    } catch (err) {
      status.textContent = '';
      document.getElementById('checkout-error').textContent = refusalSentence(err);
      throw err;
    }
  }

  async redeem() {
    const c = this.checkout;
    if (!c || c.inFlight) return;  // a double click: the first one is on its way
    const button = document.getElementById('redeem');
    const error = document.getElementById('checkout-error');
    error.textContent = '';
    c.inFlight = true;
    button.disabled = true;
    button.textContent = 'Redeeming…';
    try {
      if (this.changedDetails()) await this.saveDetails();
      await api('POST', '/api/redemptions', {
        gift_card_id: this.card.id, denomination: c.denomination, currency: this.card.currency,
        expected_points: c.points, idempotency_key: c.key,
      });
      this.checkout = null;
      await this.session.refresh();
      location.hash = '#/orders';
    } catch (err) {
      c.inFlight = false;
      if (err.code === 'unauthenticated') document.dispatchEvent(new Event('session-ended'));
      if (err.code === 'price_changed' && err.body.points !== undefined) c.points = Number(err.body.points);
      if (REFUSED.has(err.status)) c.key = newIdempotencyKey();
      if (err.code === 'price_changed') await this.refreshPrices();
      document.getElementById('checkout-error').textContent = refusalSentence(err);
      const again = document.getElementById('redeem');
      again.disabled = false;
      again.textContent = 'Redeem';
    }
  }
}

function textBlock(title, id, text) {
  return el('section', { class: 'text-block' },
    el('h2', { text: title }),
    el('p', { id, class: 'provider-text', text: text || '' }));
}
