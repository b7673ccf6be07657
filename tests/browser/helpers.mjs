// Shared helpers for the browser tests: Debian Chromium, pages, sign-in steps, axe checks.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { timeStep, totp } from '../support/totp.mjs';

export const NEUTRAL_URL = 'https://www.google.com/search?q=weather';
export const VIEWPORTS = {
  phone: { width: 360, height: 740 },
  desktop: { width: 1280, height: 800 },
};
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/** A fresh context (no cookies, no storage) and page; the neutral quick-exit page is faked. */
export async function openPage(
  browser,
  baseURL,
  { viewport = VIEWPORTS.desktop, locale = 'en-GB' } = {},
) {
  const context = await browser.newContext({ baseURL, viewport, locale });
  await context.route('https://www.google.com/**', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html',
      body: '<!doctype html><html lang="en"><title>weather</title><h1>Weather</h1></html>',
    }),
  );
  await delayApiAnswers(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/**
 * For hunting races: with PASSERELLE_TEST_API_DELAY_MS=N, every API call of the page is held back
 * by a random 0..N ms, so parallel calls finish in any order and a test that reads the screen
 * before the app has shown an answer fails here rather than once in a while on CI.
 */
async function delayApiAnswers(context) {
  const most = Number(process.env.PASSERELLE_TEST_API_DELAY_MS || 0);
  if (!(most > 0)) return;
  await context.route(
    (url) => url.pathname.startsWith('/api/'),
    async (route) => {
      await new Promise((r) => setTimeout(r, Math.random() * most));
      await route.continue().catch(() => {});
    },
  );
}

export async function submitLogin(page, username, password) {
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.locator('form button[type="submit"]').click();
}

export async function expectHeading(page, name) {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** A TOTP code for a step later than `afterStep`, with at least 3 s left in its window. */
export async function freshCode(secret, afterStep = -1) {
  for (;;) {
    const now = Date.now();
    const step = timeStep(now);
    const left = 30_000 - (now % 30_000);
    if (step > afterStep && left > 3_000) return { code: totp(secret, now), step };
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** On the enrolment screen: read the key shown as text, confirm with a computed code. */
export async function enrolTwoFactor(page) {
  await expectHeading(page, 'Set up two-step verification');
  const secret = ((await page.locator('#mfa-secret').textContent()) ?? '').replace(/\s+/g, '');
  assert.match(secret, /^[A-Z2-7]{16,}$/, 'the key is shown as base32 text');
  const { code, step } = await freshCode(secret);
  await page.locator('#enrol-code').fill(code);
  await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
  await expectHeading(page, 'Save your recovery codes');
  const codes = (await page.locator('.recovery-codes code').allTextContents()).map((c) => c.trim());
  return { secret, step, codes };
}

export async function leaveRecoveryCodes(page) {
  await page.locator('#recovery-saved').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expectHeading(page, /^Hello/);
}

/** Sign out through the menu (opening it first on narrow screens). */
export async function signOutViaMenu(page) {
  const toggle = page.getByRole('button', { name: 'Menu' });
  if (await toggle.isVisible()) await toggle.click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expectHeading(page, 'Sign in to Passerelle');
}

/** Go to a page of the app through the menu. */
export async function openFromMenu(page, name, { menu = 'Menu', nav = 'Main menu' } = {}) {
  const toggle = page.getByRole('button', { name: menu, exact: true });
  if (await toggle.isVisible()) {
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  }
  await page.getByRole('navigation', { name: nav }).getByRole('link', { name }).click();
}

export async function expectNoAxeViolations(page, label) {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const summary = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  assert.deepEqual(summary, [], `axe violations on ${label}`);
}

export async function expectNoHorizontalScroll(page, label) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  assert.ok(overflow <= 0, `${label} scrolls sideways by ${overflow}px`);
}

/**
 * Sign in from the sign-in screen and reach the home page, enrolling 2FA when the role needs it.
 * Returns the recovery codes when enrolment happened (for a later sign-in), else null.
 */
export async function signInToHome(page, username, password) {
  await page.goto('/');
  await expectHeading(page, 'Sign in to Passerelle');
  await submitLogin(page, username, password);
  const home = page.getByRole('heading', { level: 1, name: /^Hello/ });
  const enrol = page.getByRole('heading', { level: 1, name: 'Set up two-step verification' });
  await home.or(enrol).waitFor();
  if (await enrol.isVisible()) {
    const { codes } = await enrolTwoFactor(page);
    await leaveRecoveryCodes(page);
    return codes;
  }
  return null;
}

/**
 * Call the API from the page (its session cookie), with the CSRF token of GET /me.
 * Resolves with {status, body, etag}.
 */
export async function apiFromPage(page, method, path, { body, ifMatch } = {}) {
  return page.evaluate(
    async ({ method, path, body, ifMatch }) => {
      const me = await (await fetch('/api/v1/me', { cache: 'no-store' })).json();
      const headers = { Accept: 'application/json', 'X-CSRF-Token': me.csrf_token };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (ifMatch !== undefined) headers['If-Match'] = `"${ifMatch}"`;
      const res = await fetch(`/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
      const text = await res.text();
      let parsed = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = text;
      }
      return { status: res.status, body: parsed, etag: res.headers.get('etag') };
    },
    { method, path, body, ifMatch },
  );
}
