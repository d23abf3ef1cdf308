// chat.html on two nodes of one cluster (Tomcat and Payara Micro sharing a Redis): one room.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from '../support/browser.js';
import { say, waitForMessage, waitForUsers } from '../support/chat.js';
import { assertNoProblems, waitForExactText, waitForState } from '../support/pages.js';
import { uniqueName } from '../support/server.js';

const NODE_A = process.env.SWITCHBOARD_CLUSTER_A ?? '';
const NODE_B = process.env.SWITCHBOARD_CLUSTER_B ?? '';
// Skipped, and counted as skipped, when the tests run against a server they did not start.
const SKIP = !(NODE_A && NODE_B) && 'no cluster to test: run.sh starts one (cluster.sh)';

async function joinChatOn(browser, node, room, name, expectedName = name) {
  const page = await browser.newPage();
  await page.goto(`${node}/chat.html?room=${encodeURIComponent(room)}&name=${encodeURIComponent(name)}`);
  await waitForState(page, 'open');
  await waitForExactText(page, '#me', expectedName);
  return page;
}

describe('chat across a cluster', () => {
  let browser;
  before(async () => { if (!SKIP) browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  test('a page on the Tomcat node and a page on the Payara node chat in one room', { skip: SKIP }, async () => {
    const room = uniqueName('cluster');
    const alice = await joinChatOn(browser, NODE_A, room, 'alice');
    const bob = await joinChatOn(browser, NODE_B, room, 'bob');
    await waitForUsers(alice, ['alice', 'bob']);
    await waitForUsers(bob, ['alice', 'bob']);

    await say(alice, 'Hello from the Tomcat node');
    await waitForMessage(bob, 'alice', 'Hello from the Tomcat node');
    await say(bob, 'Hello back from the Payara node');
    await waitForMessage(alice, 'bob', 'Hello back from the Payara node');
    await waitForMessage(bob, 'bob', 'Hello back from the Payara node');

    const order = async (page) => page.locator('#chatbox .message .text').allTextContents();
    assert.deepEqual(await order(alice), await order(bob), 'both pages show the room in one order');

    // names are unique in the room across nodes, ignoring case
    const carol = await joinChatOn(browser, NODE_B, room, 'ALICE', 'ALICE1');
    await waitForUsers(alice, ['alice', 'bob', 'ALICE1']);
    assertNoProblems(alice);
    assertNoProblems(bob);
    assertNoProblems(carol);
    await alice.close();
    await bob.close();
    await carol.close();
  });
});
