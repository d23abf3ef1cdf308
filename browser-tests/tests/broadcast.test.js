// broadcast.html against /broadcast/{channel} (subprotocol json) and the HTTP publish API.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from '../support/browser.js';
import { feedMessages, publishFromPage, subscribe } from '../support/broadcast.js';
import { assertNoProblems, waitForExactText, waitForLine } from '../support/pages.js';
import { PUBLISH_TOKEN, publish, uniqueName } from '../support/server.js';

describe('broadcast page', () => {
  let browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  test('shows a message published through the HTTP API', { skip: !PUBLISH_TOKEN && 'SWITCHBOARD_PUBLISH_TOKEN is not set' }, async () => {
    const channel = uniqueName('news');
    const page = await subscribe(browser, channel);
    const answer = await publish(channel, 'Published over HTTP <b>not bold</b>');
    assert.equal(answer.status, 202, answer.body);
    assert.equal(answer.json.recipients, 1);
    const line = await waitForLine(page, '#feed .message', 'Published over HTTP');
    assert.equal(await line.locator('.seq').textContent(), `#${answer.json.seq}`);
    assert.equal(await line.locator('.from').textContent(), 'server');
    assert.equal(await line.locator('.text').textContent(), 'Published over HTTP <b>not bold</b>');
    assert.equal(await page.locator('#feed b').count(), 0);
    await waitForExactText(page, '#last-seq', String(answer.json.seq));
    assertNoProblems(page);
    await page.close();
  });

  test('a message published from one page reaches every page on the channel, in seq order', async () => {
    const channel = uniqueName('team');
    const one = await subscribe(browser, channel);
    const two = await subscribe(browser, channel);
    await publishFromPage(one, 'first from one');
    await waitForLine(two, '#feed .message', 'first from one');
    await publishFromPage(two, 'then from two');
    for (const page of [one, two]) {
      await waitForLine(page, '#feed .message', 'then from two');
      const [first, then, ...more] = await feedMessages(page);
      assert.deepEqual([first.text, then.text, more], ['first from one', 'then from two', []]);
      assert.equal(then.seq, first.seq + 1);
      assert.match(first.from, /^conn \d+$/);
      assert.notEqual(first.from, then.from);
      assert.equal(await page.locator('#feed .notice.warn').count(), 0, 'no gaps, drops or refusals');
    }
    assertNoProblems(one);
    assertNoProblems(two);
    await one.close();
    await two.close();
  });

  test('publishing past the rate limit shows rate-limited and holds publishing', async () => {
    const channel = uniqueName('flood');
    const publisher = await subscribe(browser, channel);
    const reader = await subscribe(browser, channel);
    // 100 at once: the per-connection burst (40 by default) is relayed, the rest refused.
    await publishFromPage(publisher, 'flood', 100);
    const refused = await waitForLine(publisher, '#feed .notice', 'Rate limited:');
    assert.match(await refused.textContent(), /Rate limited: (a message was|\d+ messages were) not relayed; publishing paused for (\d+ ms|\d+\.\d s)\.$/);
    await waitForLine(reader, '#feed .message', 'flood (1/100)');
    await publishFromPage(publisher, 'after the flood');
    await waitForLine(reader, '#feed .message', 'after the flood');
    // Refused messages never get a seq, so the reader sees no gap.
    assert.equal(await reader.locator('#feed .notice', { hasText: 'Gap' }).count(), 0);
    assertNoProblems(publisher);
    assertNoProblems(reader);
    await publisher.close();
    await reader.close();
  });
});
