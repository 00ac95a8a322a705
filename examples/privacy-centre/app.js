// The privacy centre: a feed that says why, and the user's controls, on `tacit-host serve`'s JSON API.
// Plain DOM, no framework, no build step. Text from the server is always set as text, never as HTML.
'use strict';

const state = { token: '', seed: 0, view: 'feed', info: null, topics: [] };

// ---------------------------------------------------------------------------------------------------
// The token arrives in the URL fragment once; it is kept for this tab only and removed from the address bar.
function takeToken() {
  const m = /(?:^#|&)token=([0-9a-f]{64})/.exec(location.hash);
  if (m) {
    sessionStorage.setItem('tacit-token', m[1]);
    history.replaceState(null, '', location.pathname + location.search);
  }
  state.token = sessionStorage.getItem('tacit-token') || '';
}
(function start() {
  takeToken();
  // A stable exploration seed per tab, so the feed does not reshuffle on every action.
  let seed = sessionStorage.getItem('tacit-seed');
  if (!seed) {
    seed = String(1 + Math.floor(Math.random() * 1e9));
    sessionStorage.setItem('tacit-seed', seed);
  }
  state.seed = seed;
})();

async function api(path, body) {
  const init = { headers: { 'X-Tacit-Token': state.token } };
  if (body !== undefined) {
    init.method = 'POST';
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch('/api/' + path, init);
  const json = await res.json().catch(() => ({ error: 'BAD_RESPONSE', message: res.statusText }));
  if (!res.ok) {
    const err = new Error(json.message || json.error);
    err.code = json.error;
    throw err;
  }
  return json;
}

// ---------------------------------------------------------------------------------------------------
// Small DOM helpers.
const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

function say(text) { $('status').textContent = text; }
function showError(e) {
  const box = $('error');
  box.textContent = e ? (e.message || String(e)) : '';
  box.hidden = !e;
}

function iso(ms) {
  if (!ms) return '—';
  return new Date(ms).toISOString().replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC');
}

function fixed(x, d) { return typeof x === 'number' ? x.toFixed(d) : '—'; }

// Titles of catalog items by id (the id itself for an item the catalog no longer has).
async function itemTitles(ids) {
  if (!ids.length) return {};
  return api('titles?ids=' + encodeURIComponent(ids.join(',')));
}

function labelOf(topic) {
  const t = state.topics.find((x) => x.id === topic);
  return t ? t.label : topic;
}

// Runs an action, reports errors in the alert region, then redraws (and moves focus to the view's heading).
async function run(fn, done, focus) {
  showError(null);
  try {
    await fn();
    await refresh();
    if (done) say(done);
    if (focus) show(state.view, true);
  } catch (e) {
    showError(e);
  }
}

function act(body, done) { return run(() => api('act', body), done); }

// ---------------------------------------------------------------------------------------------------
// Views.
function show(view, focus) {
  state.view = view;
  for (const s of document.querySelectorAll('.view')) s.hidden = s.id !== 'view-' + view;
  for (const a of document.querySelectorAll('nav a')) {
    if (a.dataset.view === view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (focus) {
    const h = document.querySelector('#view-' + view + ' h1');
    if (h) { h.setAttribute('tabindex', '-1'); h.focus(); }
  }
}

async function refresh() {
  const info = await api('state');
  state.info = info;
  $('tacit-version').textContent = info.tacit_version;
  for (const s of document.querySelectorAll('.policy-version')) s.textContent = info.policy_version;
  document.querySelector('nav').hidden = !info.profile;
  if (!info.profile) { show('deleted'); return; }
  if (info.catalog && !state.topics.length) state.topics = await api('topics');
  const asked = info.consents.some((c) => c.state !== 'unknown');
  if (state.view === 'deleted') state.view = 'feed';
  if (!info.declared.length && !asked && sessionStorage.getItem('tacit-onboarded') !== '1' &&
      state.view !== 'onboarding') {
    state.view = 'onboarding';
  }
  if (state.view === 'onboarding') renderOnboarding();
  if (state.view === 'feed') await renderFeed();
  if (state.view === 'interests') await renderInterests();
  if (state.view === 'privacy') await renderPrivacy();
  show(state.view);
}

// Onboarding: the catalog's topics grouped under their root, sensitive ones apart and never preselected.
function renderOnboarding() {
  const box = $('topic-groups');
  box.replaceChildren();
  const declared = new Set(state.info.declared);
  const roots = state.topics.filter((t) => !t.parent);
  const groups = roots.map((r) => ({ root: r, topics: state.topics.filter((t) => t.parent === r.id && !t.sensitive) }));
  const sensitive = state.topics.filter((t) => t.sensitive);
  const chip = (t) => el('span', { class: 'chip' },
    el('input', { type: 'checkbox', id: 'topic-' + t.id, name: 'topic', value: t.id, checked: declared.has(t.id) }),
    el('label', { for: 'topic-' + t.id, text: t.label }));
  for (const g of groups) {
    const list = g.topics.length ? g.topics : [g.root];
    box.append(el('fieldset', {}, el('legend', { text: g.root.label }), el('div', { class: 'chips' }, ...list.map(chip))));
  }
  if (sensitive.length) {
    box.append(el('fieldset', {},
      el('legend', { text: 'Only if you want them' }),
      el('p', { class: 'hint', text: 'tacit never guesses these from what you read; they are used only if you pick them.' }),
      el('div', { class: 'chips' }, ...sensitive.map(chip))));
  }
  for (const c of state.info.consents) {
    const box = $('ob-' + c.purpose);
    if (box) box.checked = c.state === 'given';
  }
}

function itemCard(item, index) {
  const whyId = 'why-' + index;
  const reasons = el('ul', {});
  for (const r of item.reasons) {
    const controls = el('div', { class: 'controls' });
    for (const c of r.controls) {
      controls.append(el('button', {
        type: 'button', text: c.label,
        onclick: () => act(c, c.action === 'not-interested-topic' ? 'Done: nothing about ' + labelOf(c.topic) + ' from now on.' : 'Done.'),
      }));
    }
    if (!r.controls.length && (r.kind === 'popular' || r.kind === 'fresh' || r.kind === 'exploring')) {
      controls.append(el('span', { class: 'hint', text: 'Not based on anything you did.' }));
    }
    reasons.append(el('li', { 'data-kind': r.kind }, el('span', { class: 'reason', text: r.text }), controls));
  }
  const why = el('div', { class: 'why', id: whyId, hidden: true },
    el('p', { class: 'hint', text: 'Why am I seeing this?' }), reasons);
  const whyBtn = el('button', {
    type: 'button', class: 'why-toggle', 'aria-expanded': 'false', 'aria-controls': whyId,
    text: 'Why am I seeing this?',
    onclick: (ev) => {
      const open = why.hidden;
      why.hidden = !open;
      ev.currentTarget.setAttribute('aria-expanded', String(open));
    },
  });
  const titleId = 'title-' + index;
  return el('li', { class: 'item', 'data-item': item.id, 'aria-labelledby': titleId },
    el('h2', { id: titleId, text: item.title || 'Untitled article' }),
    el('p', { class: 'topics', text: item.topics.map((t) => t.label).join(' · ') }),
    el('div', { class: 'row' },
      el('button', { type: 'button', class: 'primary', text: 'Read', 'aria-describedby': titleId,
                     onclick: () => act({ action: 'open', item: item.id }, 'Opened “' + item.title + '”.') }),
      whyBtn,
      el('button', { type: 'button', class: 'not-interested', text: 'Not interested in this', 'aria-describedby': titleId,
                     onclick: () => act({ action: 'not-interested-item', item: item.id }, 'Got it: you will not see “' + item.title + '” again.') })),
    why);
}

async function renderFeed() {
  const feed = await api('feed?k=8&seed=' + state.seed + '&locale=' + encodeURIComponent(navigator.language || state.info.locale));
  $('paused-note').hidden = !state.info.paused;
  const list = $('feed');
  list.replaceChildren(...feed.items.map(itemCard));
  $('feed-empty').hidden = feed.items.length > 0;
}

async function renderInterests() {
  const ex = await api('export');
  const declared = $('declared');
  declared.replaceChildren();
  for (const d of ex.declared_interests) {
    declared.append(el('li', {}, el('span', { text: d.label || labelOf(d.topic) }),
      el('button', { type: 'button', text: 'Remove', 'aria-label': 'Remove ' + (d.label || d.topic),
                     onclick: () => act({ action: 'undeclare', topic: d.topic }, 'Removed.') })));
  }
  if (!ex.declared_interests.length) declared.append(el('li', { text: 'Nothing yet.' }));
  const inferred = $('inferred');
  inferred.replaceChildren();
  const used = ex.inferred_interests.length ? ex.inferred_interests[0].used_in_ranking : true;
  $('inferred-note').textContent = used ? 'Used to pick your feed.' :
    'Not used to pick your feed (no personalisation consent, or paused).';
  for (const i of ex.inferred_interests) {
    const name = i.label || labelOf(i.topic);
    inferred.append(el('li', {}, el('span', {}, el('strong', { text: name }), el('span', { class: 'hint', text: i.evidence })),
      el('span', { class: 'row' },
        el('button', { type: 'button', text: 'Forget this', 'aria-label': 'Forget what was inferred about ' + name,
                       onclick: () => act({ action: 'forget-inferred', topic: i.topic }, 'Forgotten.') }),
        el('button', { type: 'button', text: 'Delete the history', 'aria-label': 'Delete what you did about ' + name,
                       onclick: () => act({ action: 'forget-behaviour', topic: i.topic }, 'Deleted.') }))));
  }
  if (!ex.inferred_interests.length) inferred.append(el('li', { text: 'Nothing.' }));
  const blocked = $('blocked');
  blocked.replaceChildren();
  for (const t of ex.not_interested_topics) blocked.append(el('li', { text: 'Topic: ' + labelOf(t.id) + ' (since ' + iso(t.at) + ')' }));
  const titles = await itemTitles(ex.not_interested_items.map((t) => t.id));
  for (const t of ex.not_interested_items) blocked.append(el('li', { text: 'Article: ' + titles[t.id] + ' (since ' + iso(t.at) + ')' }));
  if (!blocked.children.length) blocked.append(el('li', { text: 'Nothing.' }));
}

function planHash(r) { return r.plan_sha256 || r.plan_hash || ''; }

function reportTable(reports, sent) {
  if (!reports.length) return el('p', { class: 'empty', text: sent ? 'Nothing has been sent.' : 'Nothing would be sent.' });
  const head = ['Metric', 'Period no.', 'Randomised answer', 'ε', 'Plan', 'Made', 'Size'];
  const rows = reports.map((r) => {
    const c = r.content || {};
    const answer = c.randomised_bits !== undefined ? 'bits ' + c.randomised_bits :
      c.randomised_value !== undefined ? 'value ' + c.randomised_value + (c.domain ? ' of ' + c.domain : '') : '—';
    return el('tr', {},
      el('td', { text: r.metric }),
      el('td', { text: r.period_start ? r.period_start : String(r.period) }),
      el('td', { text: answer + (c.mechanism ? ' (' + c.mechanism + ')' : '') }),
      el('td', { text: fixed(r.epsilon_spent, 2) }),
      el('td', {}, planHash(r) ? el('code', { text: planHash(r).slice(0, 12) + '…', title: planHash(r) }) : '—'),
      el('td', { text: iso(r.sent_at || r.created_at) }),
      el('td', { text: (r.sealed_bytes || 0) + ' B' }));
  });
  const table = el('table', {},
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, ...rows));
  return el('div', {},
    el('p', { class: 'hint', text: reports.length + (reports.length === 1 ? ' report' : ' reports') +
      ', each sealed to the brand’s key; each holds ' + ((reports[0].content || {}).contains || 'a randomised answer only') + '.' }),
    el('div', { class: 'table-wrap' }, table));
}

// The ε spent and its bounds: per rolling 24 hours and 365 days (a plan's budget), or one capped window.
function budgetText(b) {
  if (b.last_365_days && b.last_365_days.epsilon_bound > 0) {
    return 'ε ' + fixed(b.last_24h.epsilon_spent, 2) + ' of ' + fixed(b.last_24h.epsilon_bound, 2) + ' in the last 24 hours, ' +
      fixed(b.last_365_days.epsilon_spent, 2) + ' of ' + fixed(b.last_365_days.epsilon_bound, 2) + ' in the last 365 days';
  }
  if (b.epsilon_cap) return 'ε ' + fixed(b.epsilon_spent, 2) + ' spent of ' + fixed(b.epsilon_cap, 2) + ' (' + fixed(b.epsilon_left, 2) + ' left)';
  return 'nothing is measured';
}

async function renderPrivacy() {
  const [ex, preview] = await Promise.all([api('export'), api('preview')]);
  const consents = $('consents');
  consents.replaceChildren();
  const names = { personalization: 'Personalisation from what you read', measurement: 'Aggregated, privacy-protected statistics' };
  for (const c of state.info.consents) {
    const given = c.state === 'given';
    const desc = c.state === 'unknown' ? 'not asked yet (counts as no)' :
      c.state + ' (consent text ' + c.policy_version + ', ' + c.at.replace('T', ' ').replace(/:\d\dZ$/, ' UTC') + ')';
    consents.append(el('li', { 'data-purpose': c.purpose },
      el('span', {}, el('strong', { text: names[c.purpose] || c.purpose }), el('span', { class: 'hint consent-state', text: desc })),
      el('button', { type: 'button', role: 'switch', 'aria-checked': String(given), id: 'consent-' + c.purpose,
                     'aria-label': names[c.purpose] || c.purpose, text: given ? 'On' : 'Off',
                     onclick: () => run(() => api('consent', { purpose: c.purpose, state: given ? 'revoked' : 'given' }),
                       (names[c.purpose] || c.purpose) + (given ? ': off.' : ': on.')) })));
  }
  const paused = state.info.paused;
  $('pause-text').textContent = paused ?
    'Paused: nothing you do is recorded, and the feed uses only what you said and what is popular.' :
    'While paused, nothing you do is recorded and the feed uses only what you said and what is popular.';
  const pause = $('pause-toggle');
  pause.textContent = paused ? 'Resume personalisation' : 'Pause personalisation';
  pause.onclick = () => act({ action: paused ? 'resume' : 'pause' }, paused ? 'Resumed.' : 'Paused.');

  const titles = await itemTitles(ex.not_interested_items.map((t) => t.id));
  const p = ex.profile || {};
  const b = ex.privacy_budget || {};
  const facts = [
    ['Where', 'On this device only, encrypted'],
    ['You said you like', ex.declared_interests.map((d) => d.label || d.topic).join(', ') || 'nothing yet'],
    ['Inferred from what you read', ex.inferred_interests.map((i) => (i.label || i.topic) + ' (' + i.engagements + ' engagements)').join(', ') || 'nothing'],
    ['Things you did, stored', String(p.events_stored) + (p.paused ? ' (paused)' : '')],
    ['You told us no', [...ex.not_interested_topics.map((t) => labelOf(t.id)), ...ex.not_interested_items.map((t) => titles[t.id])].join(', ') || 'nothing'],
    ['Reports sent', String(ex.sent_log.length) + ' (waiting: ' + ex.outbox.length + ')'],
    ['Privacy budget', budgetText(b)],
    ['Measurement plan', ex.measurement_plan && ex.measurement_plan.sha256 ?
      'version ' + ex.measurement_plan.version + ', SHA-256 ' + ex.measurement_plan.sha256 + ' (the same for everyone with this app)' :
      'none: nothing is measured'],
    ['Consent changes', String(ex.consent_history.length)],
  ];
  $('knows').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
  const link = $('download-export');
  if (link.dataset.url) URL.revokeObjectURL(link.dataset.url);
  link.dataset.url = URL.createObjectURL(new Blob([JSON.stringify(ex, null, 2)], { type: 'application/json' }));
  link.href = link.dataset.url;

  const prev = $('preview');
  prev.replaceChildren(reportTable(preview.reports, false));
  for (const why of preview.blocked || []) prev.append(el('p', { class: 'hint blocked', text: 'Not reporting: ' + why }));
  $('send-row').hidden = !(state.info.can_send && preview.reports.length);
  $('sent').replaceChildren(reportTable(ex.sent_log, true));
}

// ---------------------------------------------------------------------------------------------------
// Wiring.
document.addEventListener('DOMContentLoaded', () => {
  for (const a of document.querySelectorAll('nav a')) {
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      state.view = a.dataset.view;
      say('');
      run(async () => {}, '', true);
    });
  }
  $('onboarding-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const topics = [...document.querySelectorAll('#topic-groups input:checked')].map((i) => i.value);
    run(async () => {
      await api('act', { action: 'declare', topics });
      for (const purpose of ['personalization', 'measurement']) {
        const given = $('ob-' + purpose).checked;
        const now = state.info.consents.find((c) => c.purpose === purpose);
        if (given || (now && now.state === 'given')) await api('consent', { purpose, state: given ? 'given' : 'revoked' });
      }
      sessionStorage.setItem('tacit-onboarded', '1');
      state.view = 'feed';
    }, topics.length ? 'Saved: ' + topics.map(labelOf).join(', ') + '.' : 'Saved.');
  });
  $('onboarding-skip').addEventListener('click', () => {
    sessionStorage.setItem('tacit-onboarded', '1');
    state.view = 'feed';
    run(async () => {});
  });
  $('edit-interests').addEventListener('click', () => { state.view = 'onboarding'; run(async () => {}, '', true); });
  document.querySelector('[data-act="resume"]').addEventListener('click', () => act({ action: 'resume' }, 'Resumed.'));
  $('send').addEventListener('click', () => run(async () => {
    const r = await api('send', {});
    say(r.sent + (r.sent === 1 ? ' report' : ' reports') + ' sent.');
  }));
  $('delete').addEventListener('click', () => { $('delete-confirm').hidden = false; $('delete-yes').focus(); });
  $('delete-no').addEventListener('click', () => { $('delete-confirm').hidden = true; $('delete').focus(); });
  $('delete-yes').addEventListener('click', () => run(async () => {
    await api('delete', {});
    $('delete-confirm').hidden = true;
    sessionStorage.removeItem('tacit-onboarded');
    state.topics = [];
    state.view = 'deleted';
  }, 'Everything is deleted.'));
  $('start-again').addEventListener('click', () => run(async () => {
    await api('start', {});
    state.view = 'onboarding';
  }));
  window.addEventListener('hashchange', () => {
    takeToken();
    if (state.token) run(async () => {});
  });
  if (!state.token) {
    showError(new Error('Open this page with the link tacit-host serve printed (it carries the access token).'));
    return;
  }
  run(async () => {});
});
