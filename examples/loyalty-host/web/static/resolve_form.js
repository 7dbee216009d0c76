// "Resolve" for a needs_attention redemption: the operator says what really
// happened — the member has the card (fulfilled), or the points go back
// (refunded) — and why, in a required note. POST
// /admin/redemptions/{id}/resolve; the host audits it. A second resolve, or a
// webhook that settled it first, answers 409 and nothing moves.
import { api } from './api.js';
import { el } from './dom.js';
import { refusalSentence } from './messages.js';

export const MAX_NOTE = 500;

let forms = 0;

export function resolveForm(r, { onResolved, onSessionEnded }) {
  const n = ++forms;
  const choice = (value, label, hint) => {
    const id = `resolve-${value}-${n}`;
    return el('div', { class: 'choice' },
      el('input', { type: 'radio', name: `resolve-outcome-${n}`, id, value, required: true }),
      el('label', { for: id }, label, el('span', { class: 'hint', text: hint })));
  };
  const noteId = `resolve-note-${n}`;
  const textarea = el('textarea', { id: noteId, name: 'note', rows: 3, maxlength: MAX_NOTE, required: true, 'aria-describedby': `${noteId}-hint` });
  const problem = el('p', { class: 'error', role: 'alert' });
  const submit = el('button', { type: 'submit', class: 'primary', text: 'Resolve' });
  const form = el('form', { class: 'resolve panel', novalidate: true, 'aria-labelledby': `resolve-title-${n}` },
    el('h3', { id: `resolve-title-${n}`, text: 'Resolve' }),
    el('fieldset', { class: 'details' },
      el('legend', { text: 'What happened?' }),
      choice('fulfilled', 'Fulfilled', 'The member has a working card; the points stay spent.'),
      choice('refunded', 'Refund the points', `The member gets ${Number(r.points).toLocaleString('en-US')} points back (only once).`)),
    el('label', { for: noteId, text: 'Note (required)' }),
    textarea,
    el('p', { id: `${noteId}-hint`, class: 'hint', text: `Why, for the audit log: what Ascenda or the member said. At most ${MAX_NOTE} characters.` }),
    problem, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const picked = form.querySelector('input[type="radio"]:checked');
    const note = textarea.value.trim();
    if (!picked) { problem.textContent = 'Choose Fulfilled or Refund the points.'; return; }
    if (!note) { problem.textContent = 'Write a note saying why.'; textarea.focus(); return; }
    problem.textContent = '';
    submit.disabled = true;
    try {
      const fresh = await api('POST', `/admin/redemptions/${encodeURIComponent(r.id)}/resolve`, { outcome: picked.value, note });
      await onResolved(fresh);
    } catch (err) {
      if (err.status === 401) return onSessionEnded();
      problem.textContent = err.code === 'not_needs_attention'
        ? `This redemption was settled meanwhile (${(err.body && err.body.state) || 'no longer needs attention'}); nothing was changed.`
        : err.code === 'invalid_resolution'
          ? (err.body.problems || []).map((p) => p.message).join('; ')
          : refusalSentence(err);
      submit.disabled = false;
    }
  });
  return form;
}
