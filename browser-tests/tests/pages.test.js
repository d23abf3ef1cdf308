// Every page of the browser client loads its scripts and styles from the WAR, connects, and logs no errors.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from '../support/browser.js';
import { assertNoProblems, open, waitForState } from '../support/pages.js';

describe('pages', () => {
  let browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  test('/index.html loads without console errors and links to every page', async () => {
    const page = await browser.newPage();
    const failed = [];
    page.on('response', (response) => { if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`); });
    page.on('requestfailed', (request) => failed.push(`${request.failure()?.errorText} ${request.url()}`));
    await open(page, 'index.html');
    await page.waitForLoadState('networkidle');
    const links = await page.$$eval('a', (anchors) => anchors.map((a) => a.getAttribute('href')));
    assert.deepEqual(links.filter((href) => href.endsWith('.html')).sort(), ['broadcast.html', 'chat.html', 'echo.html']);
    assert.deepEqual(failed, []);
    assertNoProblems(page);
    await page.close();
  });

  for (const path of ['chat.html', 'broadcast.html', 'echo.html']) {
    test(`/${path} loads without console errors or failed requests`, async () => {
      const page = await browser.newPage();
      const failed = [];
      page.on('response', (response) => { if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`); });
      page.on('requestfailed', (request) => failed.push(`${request.failure()?.errorText} ${request.url()}`));
      await open(page, path);
      await waitForState(page, 'open');
      await page.waitForLoadState('networkidle');
      assert.deepEqual(failed, []);
      assertNoProblems(page);
      await page.close();
    });
  }
});
