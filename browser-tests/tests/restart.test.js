// A server restart as a person at the pages sees it: every page reconnects by itself, chat pages
// claim their names again and send what was typed meanwhile, a broadcast page is told that the
// server restarted (a new epoch) and that messages may have been missed.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchBrowser } from '../support/browser.js';
import { waitUntilSubscribed } from '../support/broadcast.js';
import { joinChat, say, waitForMessage, waitForUsers } from '../support/chat.js';
import { assertNoProblems, open, waitForExactText, waitForLine, waitForState } from '../support/pages.js';
import { PUBLISH_TOKEN, SERVER_CONTROL, publish, restartServer, uniqueName } from '../support/server.js';

// While the server is down the browser itself logs each refused connection attempt as an error.
const REFUSED_WHILE_DOWN = [/^console\.error: WebSocket connection to 'ws:\/\/[^']+\/(chat|broadcast)\/[^']+' failed/];
const BACK_WITHIN = 120_000;

// Skipped, and counted as skipped, when the tests run against a server they did not start.
const SKIP = !SERVER_CONTROL && 'needs a server this run started (run.sh without SWITCHBOARD_URL)';

describe('server restart', () => {
  let browser;
  before(async () => { if (!SKIP) browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  test('both chat pages reconnect, re-join under their names and chat again', { skip: SKIP }, async () => {
    const room = uniqueName('room');
    const channel = uniqueName('news');
    const alice = await joinChat(browser, room, 'alice');
    const bob = await joinChat(browser, room, 'bob');
    await say(alice, 'before the restart');
    await waitForMessage(bob, 'alice', 'before the restart');

    const feed = await browser.newPage();
    await open(feed, `broadcast.html?channel=${channel}`);
    await waitUntilSubscribed(feed);
    if (PUBLISH_TOKEN) {
      for (const text of ['news 1', 'news 2']) assert.equal((await publish(channel, text)).status, 202);
      await waitForLine(feed, '#feed .message', 'news 2');
    }

    const restarting = restartServer();
    await waitForLine(alice, '#chatbox .notice', 'Disconnected (1001', 60_000);
    await waitForLine(bob, '#chatbox .notice', 'Disconnected (1001', 60_000);
    await waitForExactText(bob, '#me', 'not connected');
    await say(bob, 'typed while the server was down');
    await waitForLine(bob, '#chatbox .notice', 'Queued until connected (1 waiting).');
    await restarting;

    for (const [page, name] of [[alice, 'alice'], [bob, 'bob']]) {
      await waitForState(page, 'open', BACK_WITHIN);
      await waitForExactText(page, '#me', name, BACK_WITHIN);
      await waitForLine(page, '#chatbox .notice', 'Reconnected.');
      await waitForUsers(page, ['alice', 'bob'], BACK_WITHIN);
    }
    // The queued message went out after bob had his name back.
    await waitForMessage(alice, 'bob', 'typed while the server was down', BACK_WITHIN);
    await say(alice, 'after the restart');
    await waitForMessage(bob, 'alice', 'after the restart');
    await say(bob, 'all good here');
    await waitForMessage(alice, 'bob', 'all good here');

    await waitUntilSubscribed(feed, BACK_WITHIN);
    await waitForLine(feed, '#feed .notice', 'Server restarted: messages may have been missed');
    assert.equal(await feed.locator('#feed .notice', { hasText: 'Resumed' }).count(), 0);
    if (PUBLISH_TOKEN) {
      assert.equal((await publish(channel, 'news after restart')).status, 202);
      await waitForLine(feed, '#feed .message', 'news after restart');
    }

    if (process.env.SWITCHBOARD_SCREENSHOTS) {
      await bob.screenshot({ path: join(process.env.SWITCHBOARD_SCREENSHOTS, 'chat-after-restart.png') });
      await feed.screenshot({ path: join(process.env.SWITCHBOARD_SCREENSHOTS, 'broadcast-after-restart.png') });
    }
    for (const page of [alice, bob, feed]) {
      assertNoProblems(page, REFUSED_WHILE_DOWN);
      await page.close();
    }
  });
});
