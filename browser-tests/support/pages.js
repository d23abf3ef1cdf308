// Small waits and reads on the Switchboard pages (playwright-core has no expect(); these poll).
import assert from 'node:assert/strict';
import { BASE } from './server.js';

export async function open(page, path) {
  await page.goto(`${BASE}/${path}`);
}

/** Waits until the page's status line says the socket is in `state` (open, waiting, closed …). */
export async function waitForState(page, state, timeout = 15_000) {
  await page.locator(`#status[data-state="${state}"]`).waitFor({ timeout });
}

/** Waits for an element under `selector` whose text contains `text`, and returns it. */
export async function waitForLine(page, selector, text, timeout = 15_000) {
  const line = page.locator(selector).filter({ hasText: text }).first();
  await line.waitFor({ timeout });
  return line;
}

/** Waits until the element's whole text is exactly `text`. */
export async function waitForExactText(page, selector, text, timeout = 15_000) {
  await page.waitForFunction(
    ([sel, expected]) => document.querySelector(sel)?.textContent === expected,
    [selector, text],
    { timeout },
  ).catch(async (error) => {
    const actual = await page.locator(selector).textContent().catch(() => '(missing)');
    throw new Error(`${selector}: expected “${text}”, found “${actual}” (${error.message.split('\n')[0]})`);
  });
}

export async function texts(page, selector) {
  return page.locator(selector).allTextContents();
}

/** No console errors and no uncaught exceptions, except ones matching `allowed`. */
export function assertNoProblems(page, allowed = []) {
  const problems = page.problems.filter((p) => !allowed.some((pattern) => pattern.test(p)));
  assert.deepEqual(problems, [], `problems on ${page.url()}`);
}
