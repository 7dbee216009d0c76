// Redemptions for operators: GET /admin/redemptions by internal state, a
// search by member or reference id (over the loaded page: the API has no
// such filter), a detail and "Resync". The operator view never carries the
// card's code.
import { api, query } from './api.js';
import { el, clear, show, formatTime } from './dom.js';
import { refusalSentence } from './messages.js';

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 100;

export class RedemptionsView {
  constructor(onSessionEnded) {
    this.onSessionEnded = onSessionEnded;
    this.page = 1;
    this.rows = [];
    $('redemption-filters').addEventListener('submit', (e) => e.preventDefault());
    $('r-state').addEventListener('change', () => { this.page = 1; this.load(); });
    $('r-search').addEventListener('input', () => this.render());
    $('r-prev').addEventListener('click', () => { this.page -= 1; this.load(); });
    $('r-next').addEventListener('click', () => { this.page += 1; this.load(); });
  }

  async load() {
    try {
      const reply = await api('GET', '/admin/redemptions' + query({ status: $('r-state').value, page: this.page, page_size: PAGE_SIZE }));
      this.rows = reply.data;
      this.meta = reply.meta;
    } catch (err) {
      if (err.status === 401) return this.onSessionEnded();
      $('redemptions-status').textContent = refusalSentence(err);
      return;
    }
    this.render();
  }

  render() {
    const needle = $('r-search').value.trim().toLowerCase();
    const rows = this.rows.filter((r) => !needle || r.member_id.toLowerCase().includes(needle) ||
      r.reference_id.toLowerCase().includes(needle) || r.id.toLowerCase().includes(needle));
    const tbody = clear($('redemption-rows'));
    for (const r of rows) {
      const open = el('button', { type: 'button', text: 'Details', 'aria-label': 'Details of ' + r.reference_id });
      open.addEventListener('click', () => this.detail(r));
      tbody.append(el('tr', {},
        el('td', { text: formatTime(r.created_at) }), el('td', { text: r.member_id }),
        el('td', { text: `${r.gift_card_name} (${r.currency} ${r.denomination})` }),
        el('td', {}, el('span', { class: 'badge ' + r.status, text: r.state }), r.parked ? ' parked' : ''),
        el('td', { class: 'ref', text: r.reference_id }), el('td', {}, open)));
    }
    const pages = Math.max(1, this.meta.total_pages);
    $('redemptions-status').textContent = `${rows.length} shown of ${this.meta.total_count} redemption(s)` + (needle ? ' on this page' : '');
    $('r-page-info').textContent = `Page ${this.meta.page} of ${pages}`;
    $('r-prev').disabled = this.page <= 1;
    $('r-next').disabled = this.page >= pages;
  }

  detail(r, message) {
    const box = clear($('redemption-detail'));
    show(box, true);
    const dl = el('dl', { class: 'summary' });
    const add = (k, v) => dl.append(el('dt', { text: k }), el('dd', { text: v === undefined || v === null || v === '' ? '—' : String(v) }));
    add('Redemption', r.id);
    add('Reference', r.reference_id);
    add('Member', r.member_id);
    add('Gift card', `${r.gift_card_name} (${r.gift_card_id})`);
    add('Value', `${r.currency} ${r.denomination}`);
    add('Points', r.points);
    add('State', r.state + (r.parked ? ' (parked: created again until Ascenda has the order)' : ''));
    add('Member status', r.status);
    add('Failure', r.failure_reason);
    add('Created', formatTime(r.created_at));
    add('Updated', formatTime(r.updated_at));
    const resync = el('button', { type: 'button', id: 'resync', class: 'primary', text: 'Resync' });
    const note = el('p', { role: 'status', text: message || '' });
    resync.addEventListener('click', async () => {
      resync.disabled = true;
      try {
        const fresh = await api('POST', `/admin/redemptions/${encodeURIComponent(r.id)}/resync`);
        this.detail(fresh, `Resynced: now ${fresh.state}.`);
        this.load();
      } catch (err) {
        if (err.status === 401) return this.onSessionEnded();
        note.textContent = refusalSentence(err);
        resync.disabled = false;
      }
    });
    box.append(el('h2', { text: 'Redemption ' + r.reference_id }), dl, resync, note);
    box.scrollIntoView({ block: 'nearest' });
  }
}
