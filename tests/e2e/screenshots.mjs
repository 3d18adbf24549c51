// Screenshots of the main views for README.md, taken in headless Chromium from the
// release bundle with the demo log: `make screenshots` (writes public/screenshots/).
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serveDist } from '../../scripts/serve.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const out = (name) => path.join(root, 'public', 'screenshots', name);
const app = await serveDist({ dist: path.join(root, 'dist') });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const shoot = async ({ url, file, scheme = 'light', before }) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: scheme, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date('2026-11-01T00:00:00Z'));
  await page.goto(app.base + url);
  await page.getByText(/Loaded [\d,]+ entries/).waitFor();
  if (before) await before(page);
  await page.waitForTimeout(300);
  await page.screenshot({ path: out(file) });
  await context.close();
  console.log('wrote', out(file));
};
try {
  await shoot({ url: '/', file: 'organization.png' });
  await shoot({
    url: '/?q=settings.retention&range=90d',
    file: 'entry-details.png',
    before: async (page) => page.locator('tbody tr.tv-row td').first().click(),
  });
  await shoot({ url: '/apps/Room%20Booking?range=30d&f.category=!%3Dstudio', file: 'app-dark.png', scheme: 'dark' });
  await shoot({
    url: '/?f.type=email.*',
    file: 'export.png',
    before: async (page) => page.getByRole('button', { name: 'Export' }).click(),
  });
} finally {
  await browser.close();
  await app.close();
}
