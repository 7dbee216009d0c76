// Building DOM from data: every text goes in as textContent, never as HTML,
// so the provider's texts show exactly as sent.
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v === true) node.setAttribute(k, '');
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function show(node, visible) {
  node.classList.toggle('hidden', !visible);
}

export function formatPoints(n) {
  return Number(n).toLocaleString('en-US') + ' points';
}

// An <img> for a brand logo that falls back to the brand's name.
export function logo(url, name, cls) {
  const box = el('div', { class: 'logo ' + (cls || '') });
  const fallback = () => { clear(box).append(el('span', { class: 'logo-name', text: name })); };
  if (!url) { fallback(); return box; }
  const img = el('img', { src: url, alt: name, loading: 'lazy', width: 160, height: 100 });
  img.addEventListener('error', fallback);
  box.append(img);
  return box;
}

export function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d) ? String(iso) : d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
