// The privacy centre in a real browser (Debian's Chromium, driven by playwright-core): tacit-host serve
// with the Northwind Journal catalog, a person's first visit to deleting everything.
//   node tests/browser/privacy_centre.cjs   (env: see tests/browser/run.sh)
'use strict';
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { chromium } = require(path.join(process.env.PLAYWRIGHT_DIR, 'playwright-core'));

const host = process.env.TACIT_HOST;
const work = process.env.WORK;
const shots = process.env.SHOTS;
const catalog = path.join(work, 'v1', 'catalog.signed');
const profile = path.join(work, 'profile');
const keyFile = profile + '.key';
const T0 = 1780304400000;  // 2026-06-01 09:00 UTC, the day the demo catalog was written for
const DAY = 86400000;

let passed = 0;
let live = null;  // the running server, stopped whatever happens
let current = null;  // the page, for a screenshot on failure
let failed = 0;
function check(cond, what) {
  if (cond) { passed++; console.log('ok   ' + what); }
  else { failed++; console.log('FAIL ' + what); }
}

// Starts `tacit-host serve` at a fixed time; resolves with its URL (token included) and the process.
async function startServer(now) {
  const urlFile = path.join(work, 'url');
  fs.rmSync(urlFile, { force: true });
  const proc = spawn(host, ['--profile', profile, '--key-file', keyFile, '--brand-key', path.join(work, 'keys', 'sign.pk'),
    '--brand-id', 'northwind-journal', '--plan', path.join(work, 'v1', 'plan.signed'), '--now', String(now),
    'serve', '--catalog', catalog,
    '--outbox', path.join(work, 'sent'), '--url-file', urlFile], { stdio: ['ignore', 'inherit', 'inherit'] });
  live = proc;
  for (let i = 0; i < 200 && !fs.existsSync(urlFile); i++) await new Promise((r) => setTimeout(r, 50));
  if (!fs.existsSync(urlFile)) throw new Error('tacit-host serve did not start');
  return { proc, url: fs.readFileSync(urlFile, 'utf8') };
}

function stopServer(s) {
  live = null;
  return new Promise((resolve) => { s.proc.on('exit', resolve); s.proc.kill('SIGTERM'); });
}

// The whole feed (not just the page's first screen), through the page's own token.
async function feedIds(page) {
  return page.evaluate(async () => {
    const r = await fetch('/api/feed?k=100&seed=1', { headers: { 'X-Tacit-Token': sessionStorage.getItem('tacit-token') } });
    return (await r.json()).items.map((i) => i.id);
  });
}

async function visibleItems(page) {
  return page.locator('#feed > li.item').evaluateAll((els) => els.map((e) => e.dataset.item));
}

async function main() {
  fs.mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await desktop.newPage();
  current = page;
  page.on('pageerror', (e) => check(false, 'no script error: ' + e.message));

  // --- First visit: onboarding asks, never infers.
  let server = await startServer(T0);
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'What do you like?' }).waitFor();
  check(!page.url().includes('token='), 'the token is removed from the address bar');
  const noToken = await page.evaluate(async () => (await fetch('/api/state')).status);
  check(noToken === 403, 'an API call without the token is refused (' + noToken + ')');
  const sensitive = page.getByLabel('faith and spirituality');
  check(await sensitive.count() === 1 && !(await sensitive.isChecked()), 'a sensitive topic is offered, never preselected');
  // Keyboard: the topic chips are real checkboxes reached with Tab and ticked with Space.
  await page.getByLabel('hiking', { exact: true }).focus();
  await page.keyboard.press('Space');
  await page.getByLabel('jazz').check();
  await page.getByLabel(/use what you read on this device/).check();
  await page.getByLabel(/send the brand privacy-protected/).check();
  check(await page.getByLabel('hiking', { exact: true }).isChecked(), 'a topic is picked with the keyboard');
  await page.screenshot({ path: path.join(shots, 'onboarding-desktop.png'), fullPage: true });
  await page.getByRole('button', { name: 'Show my feed' }).click();

  // --- The feed: every item says why, each reason beside its control.
  await page.getByRole('heading', { name: 'For you', exact: true }).waitFor();
  await page.locator('#feed > li.item').first().waitFor();
  const cards = page.locator('#feed > li.item');
  const n = await cards.count();
  check(n >= 5, 'the feed shows items (' + n + ')');
  check(await page.getByRole('button', { name: 'Why am I seeing this?' }).count() === n, 'every item has "Why am I seeing this?"');
  const declaredCard = cards.filter({ has: page.locator('[data-kind="declared"]') }).first();
  await declaredCard.getByRole('button', { name: 'Why am I seeing this?' }).click();
  const reason = declaredCard.locator('[data-kind="declared"]').first();
  check(await reason.isVisible(), 'the reasons open');
  const reasonText = await reason.locator('.reason').textContent();
  check(/you said you like (hiking|jazz)/i.test(reasonText), 'a declared reason names the topic: "' + reasonText + '"');
  check(await reason.getByRole('button', { name: /^Not interested in (hiking|jazz)$/ }).count() === 1,
    'the reason is linked to "not interested in this topic"');
  check(await declaredCard.getByRole('button', { name: 'Why am I seeing this?' }).getAttribute('aria-expanded') === 'true',
    'the disclosure says it is expanded');
  await page.screenshot({ path: path.join(shots, 'feed-desktop.png'), fullPage: true });

  // Reading builds an inferred signal, with its own "stop using this signal" control.
  await cards.nth(1).getByRole('button', { name: 'Read' }).click();
  await page.getByText(/^Opened /).waitFor();
  const inferred = await page.evaluate(async () => {
    const r = await fetch('/api/feed?k=100&seed=1', { headers: { 'X-Tacit-Token': sessionStorage.getItem('tacit-token') } });
    return (await r.json()).items.flatMap((i) => i.reasons).filter((r) => r.kind === 'inferred' || r.kind === 'similar');
  });
  check(inferred.length > 0 && inferred.every((r) => r.controls.some((c) => /Stop using this signal/.test(c.label))),
    'reasons from behaviour carry "stop using this signal"');

  // --- "Not interested in this" removes the item, for good.
  const gone = await cards.first().getAttribute('data-item');
  await cards.first().getByRole('button', { name: 'Not interested in this' }).click();
  await page.getByText(/you will not see/).waitFor();
  check(!(await visibleItems(page)).includes(gone), '"not interested" removes the item at once');
  await page.reload();
  await page.locator('#feed > li.item').first().waitFor();
  check(!(await visibleItems(page)).includes(gone), 'it stays gone after a reload');
  check(!(await feedIds(page)).includes(gone), 'it is in no ranking after a reload');

  // --- Restart the server a week later: the item stays gone; reports are due.
  await stopServer(server);
  server = await startServer(T0 + 8 * DAY);
  await page.goto(server.url);
  await page.locator('#feed > li.item').first().waitFor();
  check(!(await visibleItems(page)).includes(gone), 'it stays gone after a server restart');
  check(!(await feedIds(page)).includes(gone), 'it is in no ranking after a server restart');

  // --- Privacy: what tacit knows, what would be sent, what was sent.
  await page.getByRole('link', { name: 'Privacy' }).click();
  await page.getByRole('heading', { name: 'What would be sent next' }).waitFor();
  const knows = await page.locator('#knows').textContent();
  check(/hiking/.test(knows) && /jazz/.test(knows), 'what tacit knows lists the declared interests');
  const previewRows = await page.locator('#preview tbody tr').count();
  check(previewRows > 0, 'with measurement consent the preview shows the next reports (' + previewRows + ')');
  const consentState = await page.locator('[data-purpose="measurement"] .consent-state').textContent();
  check(/given \(consent text 2026-05/.test(consentState), 'consent shows its policy version: "' + consentState + '"');
  await page.getByRole('button', { name: 'Send these reports now' }).click();
  await page.locator('#sent tbody tr').first().waitFor();
  const sentRows = await page.locator('#sent tbody tr').count();
  const sentEps = await page.locator('#sent tbody tr td:nth-child(4)').first().textContent();
  check(sentRows === previewRows && /^\d+\.\d\d$/.test(sentEps), 'the sent log lists each report with its ε (' + sentRows + ', ε ' + sentEps + ')');
  check(fs.readdirSync(path.join(work, 'sent')).length === sentRows, 'the reports were written by the transport');
  // The brand's collector opens them and writes its dashboard (checked at the end).
  if (process.env.COLLECTOR) {
    execFileSync(process.env.COLLECTOR, ['--sk', path.join(work, 'keys', 'report.sk'), '--pk', path.join(work, 'keys', 'report.pk'),
      '--plan', path.join(work, 'v1', 'plan.signed'), '--brand-pk', path.join(work, 'keys', 'sign.pk'),
      '--state', path.join(work, 'collector-state'), '--in', path.join(work, 'sent'), '--out', path.join(work, 'collector')]);
  }

  // --- Phone size.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const p2 = await phone.newPage();
  await p2.goto(page.url());  // no token in this URL: the tab's session storage does not carry over
  await p2.getByRole('alert').waitFor();
  check(/Open this page with the link/.test(await p2.getByRole('alert').textContent()), 'a page without the token is told how to get in');
  await p2.goto(server.url);
  await p2.locator('#feed > li.item').first().waitFor();
  const width = await p2.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 390, 'the feed fits a phone without sideways scrolling (' + width + ' px)');
  const firstWhy = p2.locator('#feed > li.item').first();
  await firstWhy.getByRole('button', { name: 'Why am I seeing this?' }).click();
  await p2.screenshot({ path: path.join(shots, 'feed-phone.png') });
  await p2.getByRole('link', { name: 'Privacy' }).click();
  await p2.getByRole('heading', { name: 'What would be sent next' }).waitFor();
  await p2.screenshot({ path: path.join(shots, 'privacy-phone.png'), fullPage: true });
  await phone.close();

  // --- Consent off empties the preview: a week later new reports are due; revoking deletes them.
  await stopServer(server);
  server = await startServer(T0 + 16 * DAY);
  await page.goto(server.url);
  await page.locator('#feed > li.item').first().waitFor();
  await page.getByRole('link', { name: 'Privacy' }).click();
  await page.locator('#preview tbody tr').first().waitFor();
  check(await page.locator('#preview tbody tr').count() > 0, 'the next week\'s reports are in the preview');
  await page.getByRole('switch', { name: 'Aggregated, privacy-protected statistics' }).click();
  await page.getByText('Aggregated, privacy-protected statistics: off.').waitFor();
  check(await page.locator('#preview tbody tr').count() === 0 &&
        await page.locator('#preview .empty').textContent() === 'Nothing would be sent.', 'consent off empties the preview');
  const previewJson = await page.evaluate(async () => {
    const r = await fetch('/api/preview', { headers: { 'X-Tacit-Token': sessionStorage.getItem('tacit-token') } });
    return r.json();
  });
  check(previewJson.reports.length === 0, 'the preview API agrees (no reports)');
  await page.screenshot({ path: path.join(shots, 'privacy-desktop.png'), fullPage: true });

  // --- Delete everything: no profile file is left.
  check(fs.existsSync(profile), 'a profile exists before deleting');
  await page.getByRole('button', { name: 'Delete everything' }).click();
  await page.getByRole('button', { name: 'Yes, delete everything' }).click();
  await page.getByRole('heading', { name: 'Everything is deleted' }).waitFor();
  check(!fs.existsSync(profile), 'delete leaves no profile directory');
  check(!fs.existsSync(keyFile), 'delete leaves no key file');
  const left = fs.readdirSync(work).filter((f) => f.startsWith('profile'));
  check(left.length === 0, 'nothing named profile* is left (' + left.join(', ') + ')');
  await page.getByRole('button', { name: 'Start again' }).click();
  await page.getByRole('heading', { name: 'What do you like?' }).waitFor();
  check(!(await page.getByLabel('hiking', { exact: true }).isChecked()), 'a new profile starts empty');

  // --- The brand's dashboard renders (report.html from tacit-collector).
  const report = process.env.COLLECTOR ? path.join(work, 'collector', 'report.html') : '';
  if (report) {
    const r = await desktop.newPage();
    await r.goto('file://' + report);
    await r.locator('svg').first().waitFor();
    const bars = await r.locator('svg [data-estimate]').count();
    check(bars > 0, 'the dashboard charts estimates (' + bars + ')');
    check(await r.locator('section[data-small="true"] .flag').count() > 0, 'groups below the minimum n are marked');
    check(!/period \d/.test(await r.locator('h2').first().textContent()), 'periods are dates, not indexes');
    const text = await r.locator('body').textContent();
    check(/\d{4}-\d\d-\d\d/.test(text), 'the dashboard shows dates');
    check(/95%/.test(text), 'the dashboard shows 95% intervals');
    await r.screenshot({ path: path.join(shots, 'dashboard-desktop.png'), fullPage: true });
  }

  await stopServer(server);
  await browser.close();
  console.log(passed + ' passed, ' + failed + ' failed');
  process.exit(failed ? 1 : 0);
}

// The whole run is bounded; a hang fails instead of blocking ctest.
setTimeout(() => { console.error('timed out'); if (live) live.kill('SIGKILL'); process.exit(1); }, 150000).unref();
main().catch(async (e) => {
  console.error(e);
  if (current) await current.screenshot({ path: path.join(shots, 'failure.png'), fullPage: true }).catch(() => {});
  if (live) live.kill('SIGKILL'); console.log(passed + ' passed, ' + (failed + 1) + ' failed'); process.exit(1); });
