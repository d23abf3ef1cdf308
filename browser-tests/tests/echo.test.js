// echo.html against /echo: text and binary round trips, and the 1009 close explained.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from '../support/browser.js';
import { assertNoProblems, open, waitForLine, waitForState } from '../support/pages.js';

describe('echo page', () => {
  let browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  test('sends text and shows the same text coming back', async () => {
    const page = await browser.newPage();
    await open(page, 'echo.html');
    await waitForState(page, 'open');
    await page.fill('#text', 'héllo <b>wörld</b>');
    await page.click('#send-text');
    const line = await waitForLine(page, '#log .received', 'héllo');
    assert.equal(await line.textContent(), '← text “héllo <b>wörld</b>” ✓ same as sent');
    assert.equal(await page.locator('#log b').count(), 0, 'text from the server is never parsed as HTML');
    assertNoProblems(page);
    await page.close();
  });

  test('sends bytes and shows the same bytes coming back', async () => {
    const page = await browser.newPage();
    await open(page, 'echo.html');
    await waitForState(page, 'open');
    await page.fill('#size', '70000');
    await page.click('#send-bytes');
    const line = await waitForLine(page, '#log .received', 'binary, 70000 bytes');
    assert.match(await line.textContent(), /✓ same as sent$/);
    await page.fill('#text', 'AB');
    await page.click('#send-utf8');
    const utf8 = await waitForLine(page, '#log .received', 'binary, 2 bytes');
    assert.equal(await utf8.textContent(), '← binary, 2 bytes: 41 42 ✓ same as sent');
    assertNoProblems(page);
    await page.close();
  });

  test('explains a close with 1009 for a message over 1 MiB and does not reconnect', async () => {
    const page = await browser.newPage();
    await open(page, 'echo.html');
    await waitForState(page, 'open');
    await page.fill('#size', String(1048576 + 1));
    await page.click('#send-bytes');
    await waitForState(page, 'closed');
    assert.match(await page.locator('#status').textContent(), /^Disconnected \(1009.*\): A message was too big for the server\. Not reconnecting\.$/);
    assertNoProblems(page);
    await page.close();
  });
});
