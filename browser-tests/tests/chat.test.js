// chat.html against /chat/{room}: the MDN chat protocol as a person sees it.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchBrowser } from '../support/browser.js';
import { joinChat, say, waitForMessage, waitForUsers } from '../support/chat.js';
import { assertNoProblems, open, waitForExactText, waitForLine, waitForState } from '../support/pages.js';
import { uniqueName } from '../support/server.js';

describe('chat page', () => {
  let browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  test('two pages chat in one room', async () => {
    const room = uniqueName('room');
    const alice = await joinChat(browser, room, 'alice');
    const bob = await joinChat(browser, room, 'bob');
    await waitForUsers(alice, ['alice', 'bob']);
    await waitForUsers(bob, ['alice', 'bob']);

    await say(alice, 'Hi Bob, the switchboard is up.');
    const own = await waitForMessage(alice, 'alice', 'Hi Bob, the switchboard is up.');
    await waitForMessage(bob, 'alice', 'Hi Bob, the switchboard is up.');
    assert.match(await own.getAttribute('class'), /\bmine\b/, "the sender's own message is marked as its own");

    await say(bob, 'Hello Alice! Reconnects are handled too.');
    await waitForMessage(alice, 'bob', 'Hello Alice! Reconnects are handled too.');
    await waitForMessage(bob, 'bob', 'Hello Alice! Reconnects are handled too.');
    await say(alice, 'Great, see you in the lobby.');
    await waitForMessage(bob, 'alice', 'Great, see you in the lobby.');
    assert.equal(await alice.locator('#userlist li.me').textContent(), 'alice');

    if (process.env.SWITCHBOARD_SCREENSHOTS) {
      await alice.screenshot({ path: join(process.env.SWITCHBOARD_SCREENSHOTS, 'chat.png') });
    }
    assertNoProblems(alice);
    assertNoProblems(bob);
    await alice.close();
    await bob.close();
  });

  test('a name collision shows the name the server assigned instead', async () => {
    const room = uniqueName('room');
    const first = await joinChat(browser, room, 'carol');
    const second = await joinChat(browser, room, 'carol', 'carol1');
    await waitForLine(second, '#chatbox .notice', 'Your name is carol1: “carol” is taken or not allowed.');
    await waitForUsers(first, ['carol', 'carol1']);
    await waitForUsers(second, ['carol', 'carol1']);
    assert.equal(await second.locator('#userlist li.me').textContent(), 'carol1');

    await say(second, 'I am the second carol');
    await waitForMessage(first, 'carol1', 'I am the second carol');
    assertNoProblems(first);
    assertNoProblems(second);
    await first.close();
    await second.close();
  });

  test('a rename is announced to the room', async () => {
    const room = uniqueName('room');
    const erin = await joinChat(browser, room, 'erin');
    const frank = await joinChat(browser, room, 'frank');
    await frank.fill('#name', 'francis');
    await frank.click('#set-name');
    await waitForExactText(frank, '#me', 'francis');
    await waitForLine(erin, '#chatbox .notice', 'frank is now francis.');
    await waitForUsers(erin, ['erin', 'francis']);
    assertNoProblems(erin);
    assertNoProblems(frank);
    await erin.close();
    await frank.close();
  });

  test('text from the server is shown as text, never parsed as HTML', async () => {
    const room = uniqueName('room');
    const page = await joinChat(browser, room, 'gina');
    // The server strips tags; an entity is not a tag and must reach the screen literally.
    await say(page, '5 &lt; 6 &amp; <i>7</i>');
    await waitForMessage(page, 'gina', '5 &lt; 6 &amp; 7');
    assert.equal(await page.locator('#chatbox i').count(), 0);
    assertNoProblems(page);
    await page.close();
  });

  test('a newcomer sees the room history, marked as replayed', async () => {
    const room = uniqueName('room');
    const hank = await joinChat(browser, room, 'hank');
    await say(hank, 'first words');
    await say(hank, 'second words');
    await waitForMessage(hank, 'hank', 'second words');
    const ivy = await joinChat(browser, room, 'ivy');
    const replayed = await waitForMessage(ivy, 'hank', 'first words');
    await waitForMessage(ivy, 'hank', 'second words');
    assert.match(await replayed.getAttribute('class'), /\breplay\b/);
    assertNoProblems(hank);
    assertNoProblems(ivy);
    await hank.close();
    await ivy.close();
  });

  test('sending past the rate limit shows the refusal and holds sending until retryAfterMillis', async () => {
    const room = uniqueName('room');
    const page = await joinChat(browser, room, 'jack');
    // 45 messages at once: the burst (20 by default) goes through, the rest is refused.
    await page.evaluate(() => {
      const text = document.getElementById('text');
      const form = document.getElementById('send-form');
      for (let i = 1; i <= 45; i++) {
        text.value = `burst ${i}`;
        form.requestSubmit();
      }
    });
    const refused = await waitForLine(page, '#chatbox .notice', 'Sending too fast: the server did not deliver');
    assert.match(await refused.textContent(), /Sending too fast: the server did not deliver (a message|\d+ messages); sending paused for (\d+ ms|\d+\.\d s)\.$/);
    await waitForMessage(page, 'jack', 'burst 1');
    await say(page, 'after the burst');
    await waitForMessage(page, 'jack', 'after the burst');
    assertNoProblems(page);
    await page.close();
  });

  test('a room name that is not allowed is explained and never connected to', async () => {
    const page = await browser.newPage();
    const sockets = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await open(page, 'chat.html?room=not%20allowed');
    await waitForState(page, 'closed');
    assert.match(await page.locator('#status').textContent(), /^“not allowed” is not a room name/);
    assert.deepEqual(sockets, []);
    assertNoProblems(page);
    await page.close();
  });
});
