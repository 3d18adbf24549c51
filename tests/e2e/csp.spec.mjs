// A strict Content-Security-Policy (no 'unsafe-inline', no 'unsafe-eval'; only
// 'wasm-unsafe-eval' for the wasm): the app served by scripts/serve.mjs runs under
// the one scripts/csp.mjs builds, the <trail-view> widget runs on a host page whose
// own policy is strict, and so does the iframe mode; nothing is refused on the way
// (no securitypolicyviolation event, no CSP error in the console).
import { test, expect } from '@playwright/test';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { LOGS, NOW, table, histogram, download } from './helpers.mjs';
import { APP_PORT, CONFIGURED_PORT, SUBPATH_PORT } from './playwright.config.mjs';
import { policy as cspPolicy } from '../../scripts/csp.mjs';

/** The hash of index.html's one inline script (it writes <base>), from the source:
 * the same for every build, so an admin's copy of the policy stays valid. */
const BASE_SCRIPT = (() => {
  const html = fs.readFileSync(new URL('../../index.html', import.meta.url), 'utf8');
  const [, text] = html.match(/<script>([\s\S]*?)<\/script>/);
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
})();

/** A policy as { directive: 'value …' }. */
const directives = (policy) => Object.fromEntries((policy ?? '').split(';').map((d) => d.trim()).filter(Boolean)
  .map((d) => { const [name, ...values] = d.split(/\s+/); return [name, values.join(' ')]; }));

/** The app's policy with the given connect-src and frame-ancestors. */
const appPolicy = (connect, ancestors) => ({
  'default-src': "'none'",
  'script-src': `'self' 'wasm-unsafe-eval' ${BASE_SCRIPT}`,
  'style-src': "'self'",
  'img-src': "'self'",
  'connect-src': connect,
  'frame-ancestors': ancestors,
  'base-uri': "'self'",
  'form-action': "'self'",
  'object-src': "'none'",
});

/** Records what the policy refuses, in every frame of `page`: violation events
 * (window.cspViolations of each frame) and the console's CSP errors (the list returned). */
async function watch(page) {
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.cspViolations.push(`${e.effectiveDirective} refused ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    }, true);
  });
  const errors = [];
  page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** Violations recorded so far in each frame of `page`. */
const violations = (page) => Promise.all(page.frames().map((f) => f.evaluate(() => window.cspViolations ?? [])
  .catch(() => []))).then((lists) => lists.flat());

test('the app runs under the strict policy: rows, facets, histogram, entry panel, export', async ({ page }) => {
  const errors = await watch(page);
  await page.clock.setFixedTime(NOW);
  const response = await page.goto(`/?${new URLSearchParams({ source: `${LOGS}/logs/e2e.json` })}`);
  expect(directives(response.headers()['content-security-policy'])).toEqual(appPolicy('*', "'self'"));
  await expect(page.getByText('Loaded 20 entries')).toBeVisible();
  await expect(table(page).locator('tbody tr.tv-row')).toHaveCount(20);
  // A facet's bars are as long as their counts: the top value's spans its button.
  const top = page.getByRole('group', { name: 'Action (type)' }).getByRole('button').first();
  const [bar, button] = await top.evaluate((b) => [b.querySelector('.tv-facet__bar').getBoundingClientRect().width,
    b.getBoundingClientRect().width]);
  expect(bar).toBeGreaterThan(button * 0.9);
  // Columns are as wide as their content asks (the id column is narrower than the type's).
  const widths = await table(page).locator('colgroup col').evaluateAll((cols) => cols.map((c) => c.getBoundingClientRect().width));
  expect(new Set(widths.map(Math.round)).size).toBeGreaterThan(1);
  await expect(histogram(page).getByRole('option').first()).toBeVisible();
  await table(page).locator('tbody tr.tv-row').first().locator('td').first().click();
  await expect(page.getByRole('complementary', { name: 'Entry details' })).toBeVisible();
  await page.getByRole('button', { name: 'Export' }).click();
  const file = await download(page, page.getByRole('dialog', { name: 'Export' }).getByRole('button', { name: 'Download' }));
  expect(file.name).toMatch(/\.csv$/);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Dark mode' }).click();
  await expect(page.locator('.tv-root')).toHaveAttribute('data-theme', 'dark');
  expect(await violations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('a deployment that lists allowedSources can connect only to those origins', async ({ page }) => {
  const errors = await watch(page);
  const response = await page.goto(`http://127.0.0.1:${CONFIGURED_PORT}/`);
  expect(directives(response.headers()['content-security-policy']))
    .toEqual(appPolicy("'self' http://127.0.0.1:4174", "'self'"));
  await expect(page.getByText('Loaded 60 entries')).toBeVisible();
  expect(errors).toEqual([]);
  expect(await violations(page)).toEqual([]);
  // Even a request the app never makes is refused by the browser.
  const elsewhere = await page.evaluate(() => fetch('http://localhost:4174/health').then(() => 'fetched', () => 'refused'));
  expect(elsewhere).toBe('refused');
  expect((await violations(page)).join()).toContain('connect-src refused http://localhost:4174/health');
});

test('the widget runs on a host page with a strict policy of its own', async ({ page }) => {
  const errors = await watch(page);
  const bundle = `http://127.0.0.1:${APP_PORT}/`;
  const response = await page.goto(`${LOGS}/host/strict/portal.html?${new URLSearchParams({ bundle, source: `${LOGS}/logs/e2e.json` })}`);
  const host = directives(response.headers()['content-security-policy']);
  expect(host['script-src']).not.toMatch(/'unsafe-(inline|eval)'/);
  expect(host['style-src']).not.toContain("'unsafe-inline'");
  const org = page.locator('trail-view#org');
  await expect(org.getByRole('status').filter({ hasText: /^Loaded 20 entries/ })).toBeVisible();
  await expect(org.getByRole('table', { name: 'Audit log entries' }).locator('tbody tr.tv-row')).toHaveCount(10);
  await expect(page.locator('trail-view#booking').getByRole('table', { name: 'Audit log entries' }).locator('tbody tr.tv-row'))
    .toHaveCount(4);
  // The widget's own rules apply: a block that scrolls inside at the height the host set.
  expect(await org.evaluate((el) => getComputedStyle(el).display)).toBe('block');
  expect(await org.evaluate((el) => el.shadowRoot.querySelector('.tv-widget').getBoundingClientRect().height)).toBe(560);
  expect(await org.evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('.tv-widget')).overflowY)).toBe('auto');
  await org.getByRole('table', { name: 'Audit log entries' }).locator('tbody tr.tv-row').first().click();
  await expect(org.getByRole('group', { name: 'Entry details' })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('the iframe mode runs under the strict policy, framed only by the origins the deployment allows', async ({ page, context }) => {
  const errors = await watch(page);
  const bundle = `http://127.0.0.1:${SUBPATH_PORT}/admin/audit/`;
  const hostUrl = (origin) => `${origin}/host/strict/iframe.html?${new URLSearchParams({ bundle, source: `${LOGS}/logs/e2e.json` })}`;
  const framed = page.waitForResponse((r) => new URL(r.url()).pathname === '/admin/audit/embed');
  await page.goto(hostUrl(LOGS));
  expect(directives((await framed).headers()['content-security-policy'])).toEqual(appPolicy('*', `'self' ${LOGS}`));
  const f = page.frameLocator('iframe#trailview');
  await expect(f.getByRole('status').filter({ hasText: /^Loaded 20 entries/ })).toBeVisible();
  await expect(f.getByRole('table', { name: 'Audit log entries' }).locator('tbody tr.tv-row')).toHaveCount(10);
  await f.getByRole('table', { name: 'Audit log entries' }).locator('tbody tr.tv-row').first().click();
  await expect(f.getByRole('complementary', { name: 'Entry details' })).toBeVisible();
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(f.locator('.tv-root')).toHaveAttribute('data-theme', 'dark');
  expect(await violations(page)).toEqual([]);
  expect(errors).toEqual([]);

  // A page of an origin the deployment does not list: the browser does not show the app.
  const other = await context.newPage();
  const refused = [];
  other.on('console', (m) => { if (/frame-ancestors/.test(m.text())) refused.push(m.text()); });
  await other.goto(hostUrl(LOGS.replace('127.0.0.1', 'localhost')));
  await expect.poll(() => refused.length).toBeGreaterThan(0);
  await expect(other.frameLocator('iframe#trailview').getByRole('table')).toHaveCount(0);
  expect(await other.evaluate(() => window.trailviewMessages)).toEqual([]);
});

test('the example host pages in the bundle run under their policy, and load no widget.js from elsewhere', async ({ page }) => {
  const errors = await watch(page);
  const response = await page.goto(`/examples/portal.html?${new URLSearchParams({ source: `${LOGS}/logs/e2e.json` })}`);
  const policy = directives(response.headers()['content-security-policy']);
  expect(policy['script-src']).toMatch(/^'self' 'wasm-unsafe-eval' 'sha256-[^']+'$/);
  expect(policy['style-src']).toMatch(/^'self' 'sha256-[^']+'$/);
  await expect(page.locator('trail-view#org').getByRole('status').filter({ hasText: /^Loaded 20 entries/ })).toBeVisible();
  await page.goto(`/examples/iframe.html?${new URLSearchParams({ source: `${LOGS}/logs/e2e.json` })}`);
  await expect(page.frameLocator('iframe#trailview').getByRole('status').filter({ hasText: /^Loaded 20 entries/ })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  expect(errors).toEqual([]);
  // A link that points the example at another origin's widget.js: refused, as any
  // script an attacker would have run on the app's origin.
  await page.goto(`/examples/portal.html?${new URLSearchParams({ bundle: `http://127.0.0.1:${SUBPATH_PORT}/admin/audit/` })}`);
  await expect.poll(async () => (await violations(page)).join('\n'))
    .toContain(`script-src-elem refused http://127.0.0.1:${SUBPATH_PORT}/admin/audit/widget.js`);
  await expect(page.locator('trail-view#org').getByRole('table')).toHaveCount(0);
});

test('the policy follows trailview.json as the app reads it', () => {
  const policy = (config) => directives(cspPolicy({ html: '<script>x()</script><script src="a.js"></script>', config }));
  const x = `'sha256-${createHash('sha256').update('x()').digest('base64')}'`;
  // No file, a malformed one, or no allowedSources: any endpoint, framed by its own origin only.
  for (const config of [null, '{"allowedSources": ', '{"source": "https://api.example/a"}', '{"allowedSources": "https://a.example"}']) {
    expect(policy(config)).toEqual({ ...appPolicy('*', "'self'"), 'script-src': `'self' 'wasm-unsafe-eval' ${x}` });
  }
  const configured = policy(`\uFEFF${JSON.stringify({
    source: 'https://api.example.com/audit?limit=5',
    allowedSources: ['https://logs.example.org/audit/', ' clickhouse+https://ch.example:8443/?table=a.b ', 'HTTPS://API.example.com:443/x', 'not a url', 7],
    embedOrigins: ['https://portal.example/', 'http://127.0.0.1:4174', 'https://*.example', 'https://a.example/path',
      'https://user@b.example', 'https://bücher.example', '*', 42],
  })}`);
  expect(configured['connect-src']).toBe("'self' https://logs.example.org https://ch.example:8443 https://api.example.com");
  expect(configured['frame-ancestors']).toBe("'self' https://portal.example http://127.0.0.1:4174");
});
