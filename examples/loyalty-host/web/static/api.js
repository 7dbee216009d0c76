// The host's JSON API, as the pages use it: same origin, session cookies,
// and X-Requested-With: fetch on every request that changes something (the
// host's CSRF check). Every failure is an ApiError carrying the host's
// {"error", "message", ...} body.
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `request failed (${status})`);
    this.status = status;
    this.code = (body && body.error) || (status === 0 ? 'network' : 'http_' + status);
    this.body = body || {};
  }
}

export async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (method !== 'GET' && method !== 'HEAD') init.headers['X-Requested-With'] = 'fetch';
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { error: 'network', message: 'The server cannot be reached.' });
  }
  let data = null;
  const text = await response.text();
  if (text) {
    try { data = JSON.parse(text); } catch (e) { data = null; }
  }
  if (!response.ok) {
    const err = new ApiError(response.status, data);
    const retry = response.headers.get('Retry-After');
    if (retry && err.body.retry_after_s === undefined) err.body.retry_after_s = Number(retry);
    throw err;
  }
  return data;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.append(k, String(v));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}
