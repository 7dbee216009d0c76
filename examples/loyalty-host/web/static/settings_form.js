// A plugin's settings as a form generated from its schema (GET
// /admin/plugins/{name}/settings): type -> input, description as help,
// defaults shown, secrets write-only ("set" / "not set", blank keeps the
// stored value). A 422 shows every problem beside its field; nothing changed.
import { api } from './api.js';
import { el, clear } from './dom.js';
import { refusalSentence } from './messages.js';

const $ = (id) => document.getElementById(id);

export class SettingsForm {
  constructor(onSessionEnded) {
    this.onSessionEnded = onSessionEnded;
    this.plugin = null;
    this.schema = [];
    $('plugin-select').addEventListener('change', () => this.fetch($('plugin-select').value));
    $('settings-form').addEventListener('submit', (e) => { e.preventDefault(); this.save(); });
  }

  async load(plugins) {
    const select = clear($('plugin-select'));
    for (const p of plugins) select.append(el('option', { value: p, text: p }));
    if (this.plugin && plugins.includes(this.plugin)) select.value = this.plugin;
    if (plugins.length) await this.fetch(select.value);
  }

  async fetch(plugin) {
    this.plugin = plugin;
    try {
      this.render(await api('GET', `/admin/plugins/${encodeURIComponent(plugin)}/settings`));
    } catch (err) {
      if (err.status === 401) return this.onSessionEnded();
      $('settings-status').textContent = refusalSentence(err);
    }
  }

  render(reply) {
    this.schema = reply.settings;
    const root = clear($('settings-fields'));
    for (const s of reply.settings) root.append(settingField(s));
  }

  // Only what the operator changed: a blank secret keeps the stored one.
  changes() {
    const out = {};
    for (const s of this.schema) {
      const input = $(inputId(s.key));
      if (s.type === 'boolean') {
        const now = input.checked;
        if (now !== currentBool(s)) out[s.key] = now;
        continue;
      }
      const v = input.value;
      if (s.secret) { if (v !== '') out[s.key] = v; continue; }
      if (v === displayValue(s)) continue;
      out[s.key] = s.type === 'integer' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v;
    }
    return out;
  }

  async save() {
    const status = $('settings-status');
    for (const p of document.querySelectorAll('#settings-fields .problem')) clear(p);
    for (const i of document.querySelectorAll('#settings-fields [aria-invalid]')) i.removeAttribute('aria-invalid');
    const body = this.changes();
    if (!Object.keys(body).length) { status.textContent = 'Nothing changed.'; status.className = 'muted'; return; }
    try {
      this.render(await api('PUT', `/admin/plugins/${encodeURIComponent(this.plugin)}/settings`, body));
      status.textContent = `Saved ${Object.keys(body).length} setting(s).`;
      status.className = 'ok';
    } catch (err) {
      if (err.status === 401) return this.onSessionEnded();
      if (err.status === 422 && Array.isArray(err.body.problems)) {
        const general = [];
        for (const p of err.body.problems) {
          const box = $(inputId(p.key) + '-problem');
          if (box) {
            box.append(el('span', { class: 'problem-line', text: p.message }));
            $(inputId(p.key)).setAttribute('aria-invalid', 'true');
          } else general.push(`${p.key}: ${p.message}`);
        }
        status.textContent = `Nothing was saved: ${err.body.problems.length} problem(s) to fix. ` + general.join(' ');
        status.className = 'error';
        const first = document.querySelector('#settings-fields [aria-invalid]');
        if (first) first.focus();
      } else {
        status.textContent = refusalSentence(err);
        status.className = 'error';
      }
    }
  }
}

function inputId(key) { return 's-' + key.replace(/[^a-zA-Z0-9_-]/g, '-'); }

function currentBool(s) {
  const v = s.value !== null && s.value !== undefined ? s.value : s.default;
  return v === true || v === 'true';
}

function displayValue(s) {
  if (s.value === null || s.value === undefined) return '';
  return typeof s.value === 'object' ? '' : String(s.value);
}

function settingField(s) {
  const id = inputId(s.key);
  const helpId = id + '-help';
  const problemId = id + '-problem';
  const described = `${helpId} ${problemId}`;
  let input;
  if (s.type === 'boolean') {
    input = el('input', { id, name: s.key, type: 'checkbox', 'aria-describedby': described });
    input.checked = currentBool(s);
  } else if (s.secret) {
    input = el('input', { id, name: s.key, type: 'password', autocomplete: 'new-password',
      placeholder: s.value && s.value.set ? 'set — type to replace' : 'not set', 'aria-describedby': described });
  } else {
    const type = { integer: 'number', url: 'url' }[s.type] || 'text';
    input = el('input', { id, name: s.key, type, value: displayValue(s), 'aria-describedby': described,
      placeholder: s.default !== null && s.default !== undefined && s.default !== '' ? String(s.default) : null,
      inputmode: s.type === 'integer' ? 'numeric' : null });
  }
  const facts = [];
  if (s.secret) facts.push(s.value && s.value.set ? 'Secret: set' : 'Secret: not set');
  if (s.default !== null && s.default !== undefined && s.default !== '') facts.push('Default: ' + String(s.default));
  if (s.required) facts.push('Required');
  if (s.validation) facts.push('Allowed: ' + s.validation);
  return el('div', { class: 'setting', 'data-key': s.key },
    el('label', { for: id, text: s.key }),
    el('p', { id: helpId, class: 'hint' }, s.description || '', facts.length ? el('br') : null, facts.join(' · ')),
    input,
    el('p', { id: problemId, class: 'problem', role: 'alert' }));
}
