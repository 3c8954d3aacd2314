// Every declared setting on the selected tenant's one clock. The list comes from the server (GET /_emulator/settings),
// so a setting declared tomorrow shows here without a change to this file. Loaded before console.js, whose helpers
// (control, call, h, fill, time, span, countdown) these functions use when they run.
'use strict';

const PENDING_SHOWN = 20;
let declaredSettings = null;

// The ISO 8601 durations the server writes (XmlConvert: P1D, PT7H, PT1H30M, PT0S) as milliseconds.
function durationMs(text) {
  const parts = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text ?? '');
  if (!parts) return null;
  const [, d = 0, hh = 0, mm = 0, ss = 0] = parts;
  return ((Number(d) * 24 + Number(hh)) * 60 + Number(mm)) * 60000 + Number(ss) * 1000;
}

// A setting's value as its Graph resource writes it, in one line: "isEnabledInOrganization: true".
function valueText(value) {
  if (value === null || value === undefined) return 'unset';
  if (Array.isArray(value)) return value.length === 0 ? '[]' : value.map(valueText).join(', ');
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0 ? '{}' : entries.map(([name, inner]) => `${name}: ${typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? `{${valueText(inner)}}` : valueText(inner)}`).join('; ');
  }
  // A role id reads as its name, as everywhere else on the page.
  return view.roleNames?.[value] ?? String(value);
}

// A collection's value (an array of items) as its count and each item's name: "2 items: CustomAttribute1, Alias".
// The name is the property a person would recognise, not the service-made id where the item has a better one.
function settingText(value) {
  if (!Array.isArray(value)) return valueText(value);
  if (value.length === 0) return 'none';
  const label = item => String(item?.directoryPropertyName ?? item?.sourceId ?? item?.name ?? item?.displayName ?? item?.id ?? valueText(item));
  return `${value.length} ${value.length === 1 ? 'item' : 'items'}: ${value.map(label).join(', ')}`;
}

async function refreshSettings(tenantId) {
  declaredSettings ??= await control('GET', '/settings');
  const timelines = await Promise.all(declaredSettings.map(setting =>
    call('GET', `${setting.timeline.replace('{tenantId}', encodeURIComponent(tenantId))}?limit=${PENDING_SHOWN}`)));
  view.settingTimelines = timelines;
  renderSettings(tenantId, declaredSettings, timelines);
}

function renderSettings(tenantId, settings, timelines) {
  $('all-settings-tenant').textContent = `· ${tenantName(tenantId)}`;
  $('all-settings-now').textContent = time(timelines[0]?.now);
  fill($('all-settings-rows'), { tenantId, settings, timelines }, settings.map((setting, i) => {
    const timeline = timelines[i];
    const delay = durationMs(setting.delay);
    const pending = timeline.pending.map(p => h('li', {},
      `${settingText(p.settings)}: effective ${time(p.effectiveAt)} (${countdown(p.effectiveAt, timeline.now)})`));
    if (timeline.pendingTotal > timeline.pending.length) pending.push(h('li', { class: 'muted' }, `and ${timeline.pendingTotal - timeline.pending.length} more`));
    return h('tr', { 'data-setting': setting.name },
      h('th', { scope: 'row' }, setting.name, h('div', { class: 'muted' }, setting.versions.join(', '))),
      h('td', {}, delay === null ? setting.delay : `${setting.mode === 'Random' ? 'up to ' : ''}${span(delay)}`),
      h('td', { class: 'configured' }, settingText(timeline.configured)),
      h('td', { class: 'effective' }, settingText(timeline.effective),
        h('div', { class: 'muted' }, timeline.effectiveSince ? `since ${time(timeline.effectiveSince)}` : 'the default')),
      h('td', { class: 'pending' }, pending.length === 0 ? h('span', { class: 'muted' }, 'Nothing pending') : h('ol', {}, pending),
        timeline.superseded > 0 ? h('div', { class: 'muted' }, `${timeline.superseded} superseded at the cap`) : null));
  }));
}
