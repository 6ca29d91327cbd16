// REST calls with the signed-in session, and problem+json errors turned into exceptions.
const KEY = 'parley.session';

export const session = {
  save(opened) { localStorage.setItem(KEY, JSON.stringify(opened)); },
  clear() { localStorage.removeItem(KEY); },
  token() { return JSON.parse(localStorage.getItem(KEY) || 'null')?.token; },
  user() {
    const opened = JSON.parse(localStorage.getItem(KEY) || 'null');
    if (!opened) return null;
    if (opened.expiresAt && new Date(opened.expiresAt) < new Date()) { this.clear(); return null; }
    return opened.user;
  },
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.type = (problem.type || '').replace('urn:parley:problem:', '');
    this.fields = problem.errors || [];
  }
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    if (response.status === 401 && token) session.clear();
    throw new ApiError(response.status, data || {});
  }
  return data;
}
