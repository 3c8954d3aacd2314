// photoUpdateSettings's own views on the selected tenant: its timeline drawn on the tenant's clock, who may change a
// photo now and after each pending change (the access matrix, with each user's photo), and the form's roles. Loaded
// before console.js, whose helpers (view, $, h, svg, fill, control, time, countdown, describe, roleName, tenantName,
// KeyNeeded) these functions use when they run.
'use strict';

function renderTimeline(timeline, roleNames) {
  const id = view.tenantId;
  const now = new Date(timeline.now).getTime();
  $('timeline-tenant').textContent = `· ${tenantName(id)}`;
  $('tenant-now').textContent = time(timeline.now);
  $('effective').textContent = describe(timeline.effective, roleNames);
  $('effective-since').textContent = timeline.effectiveSince ? `since ${time(timeline.effectiveSince)}` : '(the default: no change has matured)';
  $('pending-count').textContent = `(${timeline.pendingTotal})`;
  $('superseded').textContent = timeline.superseded > 0
    ? `${timeline.superseded} pending change(s) were superseded at the cap (Emulator:Propagation:MaxPendingChanges).` : '';
  const pendingKeys = new Set(timeline.pending.map(p => `${id}|${p.requestedAt}|${p.effectiveAt}`));
  fill($('pending'), timeline, timeline.pending.length === 0
    ? [h('li', { class: 'muted' }, 'Nothing pending: what is configured is in effect.')]
    : timeline.pending.map(p => h('li', {}, `${describe(p.settings, roleNames)}: effective ${time(p.effectiveAt)} (${countdown(p.effectiveAt, timeline.now)}), requested ${time(p.requestedAt)}`)));

  // The drawing: from two hours before now (or the oldest change it shows) to the last pending change, at least a day ahead.
  const history = [...view.seen.values()].filter(v => v.tenant === id);
  const times = [now - 2 * 3600e3, now + 24 * 3600e3, ...history.map(v => new Date(v.effectiveAt).getTime())];
  if (timeline.effectiveSince) times.push(new Date(timeline.effectiveSince).getTime());
  const margin = (Math.max(...times) - Math.min(...times)) * 0.04;
  const from = Math.min(...times) - margin, to = Math.max(...times) + margin;
  const x = t => 40 + (920 * (t - from)) / Math.max(1, to - from);
  // Labels lean inwards near the ends, so none is cut off.
  const anchor = at => at > 760 ? 'end' : at < 240 ? 'start' : 'middle';
  const drawing = $('timeline');
  drawing.replaceChildren();
  drawing.append(svg('title', {}, `Settings timeline of ${tenantName(id)}`));
  drawing.append(svg('line', { class: 'axis', x1: 40, y1: 90, x2: 960, y2: 90 }));
  if (timeline.effectiveSince) {
    const at = x(new Date(timeline.effectiveSince).getTime());
    drawing.append(svg('circle', { class: 'matured', cx: at, cy: 90, r: 9 }));
    drawing.append(svg('text', { x: at, y: 125, 'text-anchor': anchor(at), class: 'faded' }, `in effect since ${time(timeline.effectiveSince)}`));
  }
  history.forEach((version, i) => {
    const at = x(new Date(version.effectiveAt).getTime());
    const key = `${id}|${version.requestedAt}|${version.effectiveAt}`;
    const matured = new Date(version.effectiveAt).getTime() <= now;
    const state = pendingKeys.has(key) ? 'pending' : matured ? 'matured' : 'superseded';
    const row = i % 2 === 0 ? 50 : 150;
    drawing.append(svg('circle', { class: state, cx: at, cy: 90, r: 8 }));
    const label = state === 'pending' ? countdown(version.effectiveAt, timeline.now) : state;
    drawing.append(svg('text', { x: at, y: row, 'text-anchor': anchor(at), class: state === 'pending' ? '' : 'faded' },
      `${shortSettings(version.settings, roleNames)} · ${label}`));
  });
  const nowX = x(now);
  drawing.append(svg('line', { class: 'now', x1: nowX, y1: 20, x2: nowX, y2: 160 }));
  drawing.append(svg('text', { x: nowX + (nowX > 760 ? -6 : 6), y: 30, 'text-anchor': nowX > 760 ? 'end' : 'start' }, `now ${time(timeline.now)}`));
}

function shortSettings(settings, roleNames) {
  if (settings.source === 'onPremises') return 'onPremises';
  return settings.allowedRoles.length === 0 ? 'everyone' : settings.allowedRoles.map(r => roleName(r, roleNames)).join(', ');
}

function verdictText(verdict, settings, roleNames) {
  switch (verdict) {
    case 'allowed': return 'May change';
    case 'managedOnPremises': return 'Blocked: managed on-premises';
    default: return `Blocked: needs ${settings.allowedRoles.map(r => roleName(r, roleNames)).join(' or ')}`;
  }
}

function afterText(subject, timeline, roleNames) {
  if (subject.changes.length === 0) {
    return timeline.pendingTotal === 0 ? 'No change pending' : subject.now === 'allowed' ? 'Still may change' : 'Still blocked';
  }
  return subject.changes.map(change => `${change.verdict === 'allowed' ? 'May change' : 'Blocked'} from ${time(change.at)} (${countdown(change.at, timeline.now)})`).join('; then ');
}

async function renderAccess(access, timeline) {
  const names = access.roleNames;
  const rows = [];
  for (const user of access.users) {
    rows.push(h('tr', {},
      h('td', {}, await avatar(user)),
      h('th', { scope: 'row' }, user.displayName, h('div', { class: 'muted' }, user.userPrincipalName)),
      h('td', {}, user.roles.length ? user.roles.map(r => roleName(r, names)).join(', ') : 'none'),
      h('td', { class: user.now === 'allowed' ? 'ok' : 'bad' }, verdictText(user.now, timeline.effective, names)),
      h('td', { class: user.after === 'allowed' ? 'ok' : 'bad' }, afterText(user, timeline, names))));
  }
  fill($('access').tBodies[0], { access, pending: timeline.pendingTotal, photos: access.users.map(u => u.photoETag) }, rows);
  fill($('applications'), access.applications, access.applications.length === 0
    ? [h('li', { class: 'muted' }, 'No registered applications.')]
    : access.applications.map(app => h('li', {}, `${app.displayName} (${app.appId}): `,
      h('span', { class: app.now === 'allowed' ? 'ok' : 'bad' }, verdictText(app.now, timeline.effective, names)), ` · after: ${afterText(app, timeline, names)}`)));
}

// A user's 48x48 photo through Graph, with an application token minted by the control API; initials without one.
async function avatar(user) {
  const initials = h('span', { class: 'avatar', 'aria-label': `${user.displayName} has no photo` }, user.displayName.split(/\s+/).map(w => w[0]).join('').slice(0, 2));
  if (!user.photoETag) return initials;
  const key = `${user.id}|${user.photoETag}`;
  if (!view.photos.has(key)) {
    try {
      view.appToken ??= await control('POST', '/tokens', { tenantId: view.tenantId }, 'text/plain');
      const fetchPhoto = path => fetch(path, { headers: { Authorization: `Bearer ${view.appToken}` } });
      let response = await fetchPhoto(`/v1.0/users/${user.id}/photos/48x48/$value`);
      // A photo smaller than 48x48 has no 48x48 size (as in Graph): show the original.
      if (response.status === 404) response = await fetchPhoto(`/v1.0/users/${user.id}/photo/$value`);
      if (response.status === 401) view.appToken = null;
      view.photos.set(key, response.ok ? URL.createObjectURL(await response.blob()) : null);
    } catch (error) {
      if (error instanceof KeyNeeded) throw error;
      view.photos.set(key, null);
    }
  }
  const url = view.photos.get(key);
  return url ? h('img', { class: 'avatar', src: url, width: 48, height: 48, alt: `Photo of ${user.displayName}` }) : initials;
}

// The roles the form offers: every role the tenant's users hold or its settings name, and its custom roles.
function renderSettingsForm(access) {
  const tenant = view.tenants.find(t => t.id === view.tenantId);
  const roles = { ...access.roleNames };
  for (const role of tenant?.customRoles ?? []) roles[role.id] = role.displayName;
  const entries = Object.entries(roles).sort((a, b) => a[1].localeCompare(b[1]));
  const configured = new Set(access.configured.allowedRoles);
  fill($('settings-roles'), { tenant: view.tenantId, entries, configured: access.configured }, entries.map(([id, name]) =>
    h('label', {}, h('input', { type: 'checkbox', value: id, checked: configured.has(id) }), name)));
  if (view.rendered.get('settings-source') !== `${view.tenantId}|${access.configured.source}`) {
    view.rendered.set('settings-source', `${view.tenantId}|${access.configured.source}`);
    $('settings-source').value = access.configured.source ?? '';
  }
}
