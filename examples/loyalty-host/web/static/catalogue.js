// The catalogue grid: filters (category, country, currency, name, "only
// cards I can afford"), sort and paging, all answered by GET /api/gift-cards.
// "Afford" is affordable=true: the host keeps the cards whose cheapest value
// the signed-in member's balance covers (as the host knows it now), so
// paging and the count are over every such card.
import { api, query } from './api.js';
import { el, clear, logo, formatPoints } from './dom.js';
import { refusalSentence } from './messages.js';

export const CATEGORIES = ['Beauty and Health', 'Dining', 'Electronics', 'Entertainment',
  'Experiences', 'Fashion', 'Home and Garden', 'Jewelry', 'Malls and Hypermarkets',
  'Online Shopping', 'Others', 'Transport', 'Young Ones'];
const COUNTRIES = { AU: 'Australia', CA: 'Canada', DE: 'Germany', FR: 'France',
  GB: 'United Kingdom', HK: 'Hong Kong', JP: 'Japan', SG: 'Singapore', US: 'United States' };
const CURRENCIES = ['AUD', 'CAD', 'EUR', 'GBP', 'HKD', 'JPY', 'SGD', 'USD'];
const PAGE_SIZE = 24;

const $ = (id) => document.getElementById(id);

export function priceRange(card) {
  const points = card.denominations.map((d) => d.points);
  if (!points.length) return 'not available';
  const lo = Math.min(...points), hi = Math.max(...points);
  return lo === hi ? formatPoints(lo) : `${lo.toLocaleString('en-US')} – ${formatPoints(hi)}`;
}

export class CataloguePage {
  constructor(session) {
    this.session = session;
    this.page = 1;
    this.totalPages = 1;
    this.seq = 0;
    fillSelect($('f-category'), CATEGORIES.map((c) => [c, c]));
    fillSelect($('f-currency'), CURRENCIES.map((c) => [c, c]));
    fillSelect($('f-country'), Object.entries(COUNTRIES));
    let timer = null;
    $('filters').addEventListener('submit', (e) => e.preventDefault());
    $('filters').addEventListener('input', (e) => {
      clearTimeout(timer);
      timer = setTimeout(() => { this.page = 1; this.load(); }, e.target.id === 'f-q' ? 250 : 0);
    });
    $('prev').addEventListener('click', () => { this.page -= 1; this.load(); });
    $('next').addEventListener('click', () => { this.page += 1; this.load(); });
  }

  // The country filter starts at the member's country.
  resetForMember() {
    const country = this.session.me && this.session.me.country;
    const select = $('f-country');
    if (country && !select.querySelector(`option[value="${CSS.escape(country)}"]`)) {
      select.append(el('option', { value: country, text: country }));
    }
    select.value = country || '';
    this.page = 1;
  }

  async load() {
    const seq = ++this.seq;
    const params = {
      category: $('f-category').value, country: $('f-country').value,
      currency: $('f-currency').value, q: $('f-q').value.trim(), sort: $('f-sort').value,
      page: this.page, page_size: PAGE_SIZE,
      affordable: $('f-afford').checked && this.session.me ? 'true' : '',
    };
    $('catalogue-status').textContent = 'Loading…';
    let result;
    try {
      result = await api('GET', '/api/gift-cards' + query(params));
    } catch (err) {
      if (seq === this.seq) $('catalogue-status').textContent = refusalSentence(err);
      return;
    }
    if (seq !== this.seq) return;  // a newer filter answered first
    this.render(result);
  }

  render(result) {
    const afford = $('f-afford').checked && this.session.me;
    const grid = clear($('grid'));
    for (const card of result.data) grid.append(cardTile(card));
    const meta = result.meta;
    this.totalPages = Math.max(1, meta.total_pages);
    let status = `${meta.total_count.toLocaleString('en-US')} gift cards`;
    if (afford) status += ' you can afford';
    if (!meta.total_count) {
      status = afford ? 'No gift card is within your points yet. Clear “Only cards I can afford” to see them all.'
        : 'No gift cards match. Try fewer filters.';
    }
    $('catalogue-status').textContent = status;
    $('page-info').textContent = `Page ${meta.page} of ${this.totalPages}`;
    $('prev').disabled = meta.page <= 1;
    $('next').disabled = meta.page >= this.totalPages;
  }
}

function fillSelect(select, entries) {
  for (const [value, label] of entries) select.append(el('option', { value, text: label }));
}

function cardTile(card) {
  return el('li', { class: 'tile' },
    el('a', { href: '#/card/' + encodeURIComponent(card.id), class: 'tile-link' },
      logo(card.logo_url, card.name),
      el('span', { class: 'tile-name', text: card.name }),
      el('span', { class: 'tile-price', text: priceRange(card) }),
      el('span', { class: 'tile-meta', text: `${card.currency} · ${card.countries.join(', ')}` })));
}
