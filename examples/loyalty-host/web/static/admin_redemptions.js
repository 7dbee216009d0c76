// Redemptions for operators: GET /admin/redemptions by internal state, and a
// search on the server by member id or by reference (or redemption) id —
// the same text is asked for as both, the answers put together. Typing
// first narrows the rows already shown, then the server's answer replaces
// them. A detail (GET /admin/redemptions/{id}: order id, attempts, errors
// and the state history), "Resync", and for a needs_attention redemption
// "Resolve" (fulfilled, or the points back) with a required note. The
// operator view never carries the card's code.
import { api, query } from './api.js';
import { el, clear, show, formatTime } from './dom.js';
import { refusalSentence } from './messages.js';
import { resolveForm } from './resolve_form.js';

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 100;
const SEARCH_DELAY_MS = 250;

export class RedemptionsView {
  constructor(onSessionEnded) {
    this.onSessionEnded = onSessionEnded;
    this.page = 1;
    this.rows = [];
    this.meta = { page: 1, total_pages: 1, total_count: 0 };
    this.searched = '';
    this.generation = 0;
    $('redemption-filters').addEventListener('submit', (e) => { e.preventDefault(); this.page = 1; this.load(); });
    $('r-state').addEventListener('change', () => { this.page = 1; this.load(); });
    $('r-search').addEventListener('input', () => {
      this.render();
      clearTimeout(this.timer);
      this.timer = setTimeout(() => { this.page = 1; this.load(); }, SEARCH_DELAY_MS);
    });
    $('r-prev').addEventListener('click', () => { this.page -= 1; this.load(); });
    $('r-next').addEventListener('click', () => { this.page += 1; this.load(); });
  }

  async fetchPage(needle) {
    const base = { status: $('r-state').value, page: this.page, page_size: PAGE_SIZE };
    if (!needle) return api('GET', '/admin/redemptions' + query(base));
    const [byMember, byReference] = await Promise.all([
      api('GET', '/admin/redemptions' + query({ ...base, member_id: needle })),
      api('GET', '/admin/redemptions' + query({ ...base, reference_id: needle })),
    ]);
    const seen = new Set(byMember.data.map((r) => r.id));
    const data = byMember.data.concat(byReference.data.filter((r) => !seen.has(r.id)));
    data.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
    return { data, meta: {
      page: this.page,
      total_count: byMember.meta.total_count + byReference.meta.total_count - (byMember.data.length + byReference.data.length - data.length),
      total_pages: Math.max(byMember.meta.total_pages, byReference.meta.total_pages),
    } };
  }

  async load() {
    const generation = ++this.generation;
    const needle = $('r-search').value.trim();
    let reply;
    try {
      reply = await this.fetchPage(needle);
    } catch (err) {
      if (err.status === 401) return this.onSessionEnded();
      $('redemptions-status').textContent = refusalSentence(err);
      return;
    }
    if (generation !== this.generation) return;  // a newer search is under way
    this.rows = reply.data;
    this.meta = reply.meta;
    this.searched = needle;
    this.render();
  }

  render() {
    const needle = $('r-search').value.trim().toLowerCase();
    const local = needle !== this.searched.toLowerCase();  // the server has not answered it yet
    const rows = this.rows.filter((r) => !local || !needle || r.member_id.toLowerCase().includes(needle) ||
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
    const what = this.searched ? ` matching “${this.searched}”` : '';
    $('redemptions-status').textContent = local && needle
      ? `${rows.length} shown on this page; searching all redemptions…`
      : `${rows.length} shown of ${this.meta.total_count} redemption(s)${what}`;
    $('r-page-info').textContent = `Page ${this.meta.page} of ${pages}`;
    $('r-prev').disabled = this.page <= 1;
    $('r-next').disabled = this.page >= pages;
  }

  // The listed row first, then the operator's detail when the provider has it.
  async detail(r, message) {
    this.renderDetail(r, null, message);
    try {
      const full = await api('GET', `/admin/redemptions/${encodeURIComponent(r.id)}`);
      this.renderDetail(full, full, message);
    } catch (err) {
      if (err.status === 401) return this.onSessionEnded();
      if (err.status !== 501) $('redemption-detail-note').textContent = refusalSentence(err);
    }
  }

  renderDetail(r, full, message) {
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
    if (full) {
      add('Ascenda order', full.order_id);
      add('Item status', full.item_status);
      add('Create attempts without an answer', full.submit_attempts);
      add('Lookups in this state', full.reconcile_checks);
      add('Error code', full.failure_code);
      add('Error', full.failure_reason);
      add('Points returned', full.refunded ? 'yes' : 'no');
    } else {
      add('Failure', r.failure_reason);
    }
    add('Created', formatTime(r.created_at));
    add('Updated', formatTime(r.updated_at));
    const resync = el('button', { type: 'button', id: 'resync', class: 'primary', text: 'Resync' });
    const note = el('p', { id: 'redemption-detail-note', role: 'status', text: message || '' });
    resync.addEventListener('click', async () => {
      resync.disabled = true;
      try {
        const fresh = await api('POST', `/admin/redemptions/${encodeURIComponent(r.id)}/resync`);
        await this.detail(fresh, `Resynced: now ${fresh.state}.`);
        this.load();
      } catch (err) {
        if (err.status === 401) return this.onSessionEnded();
        note.textContent = refusalSentence(err);
        resync.disabled = false;
      }
    });
    box.append(el('h2', { text: 'Redemption ' + r.reference_id }), dl, resync, note);
    if (full && r.state === 'needs_attention') {
      box.append(resolveForm(r, {
        onResolved: async (fresh) => { await this.detail(fresh, `Resolved: now ${fresh.state}.`); this.load(); },
        onSessionEnded: this.onSessionEnded,
      }));
    }
    if (full) box.append(historyList(full.history || []));
    box.scrollIntoView({ block: 'nearest' });
  }
}

// The state changes, oldest first: a list, which reads the same at any width.
function historyList(history) {
  const items = history.map((h) => el('li', {},
    el('span', { class: 'history-when', text: formatTime(h.at) }),
    el('span', { class: 'history-move', text: h.from_state ? `${h.from_state} → ${h.to_state}` : h.to_state }),
    el('span', { class: 'history-event', text: h.event.replace(/_/g, ' ') }),
    h.note ? el('span', { class: 'history-note', text: h.note }) : null));
  return el('section', { class: 'history', 'aria-labelledby': 'history-title' },
    el('h3', { id: 'history-title', text: 'State history' }),
    el('ol', { id: 'history-rows', class: 'history-list' }, items));
}
