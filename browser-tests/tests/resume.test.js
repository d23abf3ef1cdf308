// broadcast.html loses its connection while the server stays up (a proxy in between drops it),
// reconnects by itself with the last seq and epoch it saw, and recovers every message it missed.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from '../support/browser.js';
import { feedMessages, publishFromPage, subscribe, waitUntilSubscribed } from '../support/broadcast.js';
import { assertNoProblems, waitForLine, waitForState } from '../support/pages.js';
import { startProxy } from '../support/proxy.js';
import { PUBLISH_TOKEN, publish, uniqueName } from '../support/server.js';

// The browser may log the dropped connection itself.
const DROPPED = [/^console\.error: WebSocket connection to 'ws:\/\/[^']+\/broadcast\/[^']+' failed/];

/** Every seq from the first to the last message on the page, once each. */
function assertNoGapsOrRepeats(messages) {
  const seqs = messages.map((message) => message.seq);
  const first = seqs[0];
  assert.deepEqual(seqs, seqs.map((_, i) => first + i), `seqs on the page: ${seqs.join(' ')}`);
}

describe('broadcast resume', () => {
  let browser;
  let proxy;
  before(async () => {
    browser = await launchBrowser();
    proxy = await startProxy();
  });
  after(async () => {
    await proxy?.close();
    await browser?.close();
  });

  /** A broadcast page that reaches the server through the proxy, subscribed to `channel`. */
  async function pageBehindProxy(channel) {
    const page = await browser.newPage();
    await page.goto(`${proxy.base}/broadcast.html?channel=${encodeURIComponent(channel)}`);
    await waitUntilSubscribed(page);
    return page;
  }

  test('a page whose connection drops recovers every message published meanwhile', async () => {
    const channel = uniqueName('resume');
    const away = await pageBehindProxy(channel);
    const publisher = await subscribe(browser, channel);
    await publishFromPage(publisher, 'before the drop');
    await waitForLine(away, '#feed .message', 'before the drop');

    proxy.hold();
    proxy.cut();
    await waitForLine(away, '#feed .notice', 'Disconnected (1006');
    for (let i = 1; i <= 5; i++) {
      await publishFromPage(publisher, `while away ${i}`);
      await waitForLine(publisher, '#feed .message', `while away ${i}`);
    }
    proxy.release();

    await waitForState(away, 'open');
    await waitForLine(away, '#feed .notice', 'Resumed: 5 missed messages recovered.');
    await publishFromPage(publisher, 'after the drop');
    await waitForLine(away, '#feed .message', 'after the drop');

    const messages = await feedMessages(away);
    assert.deepEqual(messages.map((m) => m.text), ['before the drop', 'while away 1', 'while away 2', 'while away 3',
      'while away 4', 'while away 5', 'after the drop']);
    assertNoGapsOrRepeats(messages);
    assert.equal(await away.locator('#feed .message.replay').count(), 5);
    assert.equal(await away.locator('#feed .notice.warn').filter({ hasNotText: 'Disconnected (1006' }).count(), 0,
      'no gap, drop or restart notice');
    assertNoProblems(away, DROPPED);
    assertNoProblems(publisher);
    await away.close();
    await publisher.close();
  });

  test('a page that was the channel\'s only subscriber recovers what the server published while it was away',
    { skip: !PUBLISH_TOKEN && 'SWITCHBOARD_PUBLISH_TOKEN is not set' }, async () => {
      const channel = uniqueName('alone');
      const away = await pageBehindProxy(channel);
      proxy.hold();
      proxy.cut();
      await waitForLine(away, '#feed .notice', 'Disconnected (1006');
      const seqs = [];
      for (let i = 1; i <= 3; i++) {
        // nobody is subscribed once the server has seen the drop, yet the channel keeps its numbering
        const answer = await publish(channel, `to an empty channel ${i}`);
        assert.equal(answer.status, 202, answer.body);
        seqs.push(answer.json.seq);
      }
      proxy.release();
      await waitForLine(away, '#feed .notice', 'Resumed: 3 missed messages recovered.');
      const messages = await feedMessages(away);
      assert.deepEqual(messages.map((m) => m.text), ['to an empty channel 1', 'to an empty channel 2', 'to an empty channel 3']);
      assert.deepEqual(messages.map((m) => m.seq), seqs);
      assert.equal(await away.locator('#feed .notice.warn').filter({ hasNotText: 'Disconnected (1006' }).count(), 0,
        'no gap, drop or restart notice');
      assertNoProblems(away, DROPPED);
      await away.close();
    });
});
