// The emulator's console: reads and changes everything through the control API (/_emulator) and the Graph
// surface, exactly as a script would. No framework, no build step: the file is served as written.
'use strict';

const KEY_STORE = 'photosettings.controlKey';
const KEY_HEADER = 'X-Emulator-Key';
const SVG = 'http://www.w3.org/2000/svg';
const $ = id => document.getElementById(id);

const view = {
  tenantId: new URLSearchParams(location.hash.slice(1)).get('tenant'),
  tenants: [],
  timeline: null,
  // Versions seen pending in this tab, so those that matured or were superseded stay drawn (faded or marked).
  seen: new Map(),
  photos: new Map(),
  appToken: null,
  rendered: new Map(),
};

class KeyNeeded extends Error {}

// ---- talking to the emulator -------------------------------------------------------------------------------

async function call(method, path, body, accept, token) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  const key = sessionStorage.getItem(KEY_STORE);
  if (key && path.startsWith('/_emulator')) headers[KEY_HEADER] = key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (accept) headers.Accept = accept;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  if (response.status === 401 && path.startsWith('/_emulator')) {
    askForKey(key
      ? 'The emulator refused that key. Enter the value of Emulator:Control:ApiKey.'
      : 'This emulator\'s control API needs its key (Emulator:Control:ApiKey). It is kept in this tab only (sessionStorage).');
    throw new KeyNeeded();
  }
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    const errors = problem?.errors ? Object.values(problem.errors).flat().join(' ') : '';
    const graph = problem?.error?.message ?? '';
    throw new Error(`${method} ${path} answered ${response.status}: ${[problem?.detail ?? problem?.title ?? '', errors, graph].filter(Boolean).join(' ')}`);
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) return response.json();
  if (type.startsWith('text/')) return response.text();
  return response.blob();
}

const control = (method, path, body, accept) => call(method, `/_emulator${path}`, body, accept);

// ---- small helpers -----------------------------------------------------------------------------------------

function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'onclick') element.addEventListener('click', value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

function svg(tag, attributes, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

const time = value => value ? new Date(value).toISOString().replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC') : '';

function span(milliseconds) {
  const minutes = Math.round(Math.abs(milliseconds) / 60000);
  const hours = Math.floor(minutes / 60), rest = minutes % 60;
  // Days only past two of them: "24 h 0 min" reads better than "1 d 0 min" for the guide's delay.
  if (hours >= 48) return `${Math.floor(hours / 24)} d ${hours % 24} h`;
  return hours ? `${hours} h ${rest} min` : `${rest} min`;
}

const countdown = (at, now) => new Date(at) > new Date(now) ? `in ${span(new Date(at) - new Date(now))}` : `${span(new Date(now) - new Date(at))} ago`;

function roleName(id, names) { return names?.[id] ?? id; }

function describe(settings, names) {
  if (!settings) return '';
  if (settings.source === 'onPremises') return 'onPremises (managed on-premises)';
  // An unset source (null, Graph's default) takes photos from the cloud and from on-premises alike.
  const source = settings.source ?? 'unset (cloud or on-premises)';
  return settings.allowedRoles.length === 0
    ? `${source}, everyone may change`
    : `${source}, only ${settings.allowedRoles.map(r => roleName(r, names)).join(', ')}`;
}

function say(text, isError) {
  $('status').textContent = text;
  $('status').classList.toggle('error', Boolean(isError));
}

function fail(error) {
  if (error instanceof KeyNeeded) return;
  say(error.message, true);
}

// Replaces a table body or list only when what it shows changed, so polling never steals keyboard focus.
function fill(container, key, rows) {
  const signature = JSON.stringify(key);
  if (view.rendered.get(container.id) === signature) return;
  view.rendered.set(container.id, signature);
  container.replaceChildren(...rows);
}

// ---- the key prompt ----------------------------------------------------------------------------------------

function askForKey(message) {
  $('key-message').textContent = message;
  $('key-prompt').hidden = false;
  $('console').hidden = true;
  $('key-input').focus();
}

$('key-form').addEventListener('submit', event => {
  event.preventDefault();
  sessionStorage.setItem(KEY_STORE, $('key-input').value);
  $('key-input').value = '';
  $('key-prompt').hidden = true;
  refresh();
});

$('key-forget').addEventListener('click', () => {
  sessionStorage.removeItem(KEY_STORE);
  location.reload();
});

// ---- reading ------------------------------------------------------------------------------------------------

async function refresh() {
  try {
    const [tenants, clock] = await Promise.all([control('GET', '/tenants'), control('GET', '/clock')]);
    $('console').hidden = false;
    $('key-prompt').hidden = true;
    $('key-forget').hidden = !sessionStorage.getItem(KEY_STORE);
    $('global-now').textContent = time(clock.now);
    $('global-offset').textContent = clock.offset;
    view.tenants = tenants;
    if (!tenants.some(t => t.id === view.tenantId)) view.tenantId = tenants[0]?.id ?? null;
    // Each tenant's access view gives its configured and effective settings, its clock and its roles' names.
    const summaries = await Promise.all(tenants.slice(0, 50).map(t => control('GET', `/tenants/${t.id}/photoAccess`)));
    renderTenants(tenants, summaries);
    if (view.tenantId) await refreshTenant();
    await refreshJournal();
  } catch (error) {
    fail(error);
  }
}

async function refreshTenant() {
  const id = view.tenantId;
  const [timeline, access] = await Promise.all([
    control('GET', `/tenants/${id}/photoUpdateSettings?limit=200`),
    control('GET', `/tenants/${id}/photoAccess`),
  ]);
  view.timeline = timeline;
  for (const change of timeline.pending) view.seen.set(`${id}|${change.requestedAt}|${change.effectiveAt}`, { tenant: id, ...change });
  view.roleNames = access.roleNames;
  renderTimeline(timeline, access.roleNames);
  renderSettingsForm(access);
  await renderAccess(access, timeline);
  await refreshSettings(id);
}

async function refreshJournal() {
  const [entries, faults] = await Promise.all([control('GET', '/requests'), control('GET', '/faults')]);
  const latest = entries.slice(-50).reverse();
  fill($('journal').tBodies[0], latest, latest.map(e => h('tr', { class: e.fault ? 'faulted' : null },
    h('td', {}, time(e.time)), h('td', {}, e.method), h('td', {}, e.path + (e.query ?? '')),
    h('td', { class: e.status >= 400 ? 'bad' : null }, e.status), h('td', {}, tenantName(e.tenantId)), h('td', {}, e.fault ?? ''))));
  fill($('faults'), faults, faults.length === 0
    ? [h('li', { class: 'muted' }, 'No fault rules.')]
    : faults.map(rule => h('li', {},
      `${rule.method ?? 'any method'} ${rule.path ?? '*'}${rule.status ? ` → ${rule.status}` : ''}${latency(rule)}`,
      rule.count ? `, ${rule.count} time(s)` : '', ` (matched ${rule.matched ?? 0}, faulted ${rule.faulted ?? 0}) `,
      h('button', { type: 'button', 'aria-label': `Remove fault rule ${rule.id}`, onclick: () => act(() => control('DELETE', `/faults/${encodeURIComponent(rule.id)}`), 'Fault rule removed.') }, 'Remove'))));
}

function latency(rule) {
  if (rule.latencyMs) return ` after ${rule.latencyMs} ms`;
  return rule.latency ? ` after ${rule.latency.minMs}-${rule.latency.maxMs} ms` : '';
}

function tenantName(id) {
  return view.tenants.find(t => t.id === id)?.displayName ?? id ?? '';
}

// ---- drawing ------------------------------------------------------------------------------------------------

function renderTenants(tenants, summaries) {
  fill($('tenants').tBodies[0], { tenants, summaries, selected: view.tenantId }, tenants.map((tenant, i) => {
    const summary = summaries[i];
    return h('tr', {},
      h('th', { scope: 'row' }, h('button', {
        type: 'button', class: 'link', 'aria-pressed': String(tenant.id === view.tenantId),
        onclick: () => { view.tenantId = tenant.id; location.hash = `tenant=${tenant.id}`; refresh(); },
      }, tenant.displayName), h('div', { class: 'muted' }, tenant.id)),
      h('td', {}, tenant.identityModel ?? 'cloudOnly'),
      h('td', {}, summary ? describe(summary.configured, summary.roleNames) : ''),
      h('td', {}, summary ? describe(summary.effective, summary.roleNames) : ''),
      h('td', {}, summary ? time(summary.now) : ''));
  }));
}

// ---- acting -------------------------------------------------------------------------------------------------

async function act(action, done) {
  try {
    await action();
    say(done);
    view.appToken = null;
    await refresh();
  } catch (error) {
    fail(error);
  }
}

const advanceTenant = by => act(() => control('POST', `/tenants/${view.tenantId}/clock/advance`, { by }), `${tenantName(view.tenantId)}'s clock moved forward by ${by}.`);
const advanceAll = by => act(() => control('POST', '/clock/advance', { by }), `Every tenant's clock moved forward by ${by}.`);

$('tenant-1h').addEventListener('click', () => advanceTenant('PT1H'));
$('tenant-24h').addEventListener('click', () => advanceTenant('PT24H'));
$('global-1h').addEventListener('click', () => advanceAll('PT1H'));
$('global-24h').addEventListener('click', () => advanceAll('PT24H'));
$('tenant-next').addEventListener('click', () => {
  // The earliest change pending in any setting: they all wait on this one clock.
  const next = [...(view.timeline?.pending ?? []), ...(view.settingTimelines ?? []).flatMap(t => t.pending)]
    .sort((a, b) => new Date(a.effectiveAt) - new Date(b.effectiveAt))[0];
  if (!next) { say('No change is pending in this tenant.'); return; }
  const seconds = Math.max(0, Math.ceil((new Date(next.effectiveAt) - new Date(view.timeline.now)) / 1000));
  advanceTenant(`PT${seconds}S`);
});

$('tenant-advance-form').addEventListener('submit', event => {
  event.preventDefault();
  advanceTenant($('tenant-by').value.trim());
});

$('journal-clear').addEventListener('click', () => act(() => control('DELETE', '/requests'), 'Journal cleared.'));

$('fault-form').addEventListener('submit', event => {
  event.preventDefault();
  const rule = { path: $('fault-path').value, status: Number($('fault-status').value), count: Number($('fault-count').value) };
  if ($('fault-method').value) rule.method = $('fault-method').value;
  act(() => control('POST', '/faults', rule), 'Fault rule added.');
});

$('settings-form').addEventListener('submit', event => {
  event.preventDefault();
  const body = {
    source: $('settings-source').value || null,
    allowedRoles: [...$('settings-roles').querySelectorAll('input:checked')].map(input => input.value),
  };
  act(async () => {
    view.appToken ??= await control('POST', '/tokens', { tenantId: view.tenantId }, 'text/plain');
    await call('PATCH', '/beta/admin/people/photoUpdateSettings', body, undefined, view.appToken);
  }, `PATCH sent: ${describe(body, view.roleNames)}. It takes effect after the propagation delay.`);
});

$('tenant-reset').addEventListener('click', () => act(async () => {
  await control('POST', `/tenants/${view.tenantId}/reset`);
  // A reset forgets the tenant's versions: none of them was superseded.
  for (const [key, version] of view.seen) if (version.tenant === view.tenantId) view.seen.delete(key);
}, `${tenantName(view.tenantId)} reset.`));

$('state-export').addEventListener('click', () => act(async () => {
  const state = await control('GET', '/state');
  const link = h('a', { href: URL.createObjectURL(new Blob([JSON.stringify(state, null, 2)], { type: 'application/json' })), download: 'photosettings-state.json' });
  document.body.append(link);
  link.click();
  link.remove();
}, 'State exported (photosettings-state.json).'));

$('import-form').addEventListener('submit', event => {
  event.preventDefault();
  const file = $('import-file').files[0];
  if (!file) return;
  act(async () => {
    await control('PUT', '/state', await file.text());
    view.seen.clear();
  }, `State imported from ${file.name}.`);
});

// The journal refreshes by itself; the rest follows every action and, more slowly, the passing of real time.
let ticks = 0;
async function poll() {
  try {
    if (!$('console').hidden) {
      if (++ticks % 5 === 0) await refresh(); else await refreshJournal();
    }
  } catch (error) {
    fail(error);
  }
  setTimeout(poll, 2000);
}

refresh().then(() => setTimeout(poll, 2000));
