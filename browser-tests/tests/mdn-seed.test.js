// The seed's MDN chat client, pasted into a page (fixtures/mdn-chat.html), chats through /chat.
// The page is served from the server's own origin by Playwright routing, never from the WAR, so
// its Origin is the server's loopback origin and passes the handshake's Origin check.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launchBrowser } from '../support/browser.js';
import { assertNoProblems } from '../support/pages.js';
import { BASE, uniqueName } from '../support/server.js';

const FIXTURE = await readFile(new URL('../fixtures/mdn-chat.html', import.meta.url), 'utf8');
const PAGE_URL = `${BASE}/mdn-chat.html`;
const NAME_INPUT = '<input id="name" type="text" value="alice">';

/**
 * Opens the MDN client with `name` in its name box (instead of the fixture's "alice": a name of
 * the test's own, so the lobby's other users and history cannot interfere) and waits for its
 * `id`, on which the seed's own onmessage calls setUsername(). Records the frames it receives.
 */
async function openMdnClient(browser, name) {
  assert.ok(FIXTURE.includes(NAME_INPUT), `the fixture has ${NAME_INPUT}`);
  const html = FIXTURE.replace(NAME_INPUT, NAME_INPUT.replace('alice', name));
  const page = await browser.newPage();
  page.sockets = [];
  page.received = [];
  page.on('websocket', (ws) => {
    page.sockets.push(ws.url());
    ws.on('framereceived', (frame) => page.received.push(JSON.parse(frame.payload)));
  });
  await page.route(PAGE_URL, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  await page.goto(PAGE_URL);
  await page.waitForFunction(() => typeof window.clientID === 'number').catch(async () => {
    const state = await page.evaluate(() => ({ readyState: exampleSocket.readyState, protocol: exampleSocket.protocol }));
    throw new Error(`no id: socket ${JSON.stringify(state)}, sockets ${JSON.stringify(page.sockets)}, `
      + `received ${JSON.stringify(page.received)}, problems ${JSON.stringify(page.problems)}`);
  });
  return page;
}

/** What the seed has written into its chatbox iframe: {text, html}. */
async function chatbox(page) {
  return page.evaluate(() => {
    const body = document.getElementById('chatbox').contentDocument.body;
    return { text: body?.textContent ?? '', html: body?.innerHTML ?? '' };
  });
}

/** Waits until the chatbox's markup contains `html` and its rendered text contains `text`. */
async function waitForChatbox(page, html, text, timeout = 15_000) {
  await page.waitForFunction(([wantHtml, wantText]) => {
    const body = document.getElementById('chatbox').contentDocument.body;
    return !!body && body.innerHTML.includes(wantHtml) && body.textContent.includes(wantText);
  }, [html, text], { timeout }).catch(async () => {
    const actual = await chatbox(page);
    throw new Error(`chatbox: expected markup “${html}” and text “${text}”, found ${JSON.stringify(actual)}`);
  });
}

/** The names in the seed's userlistbox (it writes each followed by <br>). */
async function userList(page) {
  return page.evaluate(() => document.getElementById('userlistbox').innerHTML.split('<br>').filter((name) => name !== ''));
}

async function waitForUsers(page, names, timeout = 15_000) {
  await page.waitForFunction(
    (want) => {
      const users = document.getElementById('userlistbox').innerHTML.split('<br>');
      return want.every((name) => users.includes(name));
    },
    names,
    { timeout },
  ).catch(async () => {
    throw new Error(`userlistbox: expected ${JSON.stringify(names)}, found ${JSON.stringify(await userList(page))}`);
  });
}

async function sendText(page, text) {
  await page.fill('#text', text);
  await page.click('#send'); // onclick="sendText()": the seed's own function
  assert.equal(await page.inputValue('#text'), '', "the seed's sendText() blanks the text box");
}

describe('the MDN example client from the seed', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
    // A page that route.fulfill() answers has no server address, so Chromium's Local Network
    // Access checks count it as public and block its WebSocket to the loopback server
    // (net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS). The WAR's own pages come from the
    // loopback address and need nothing; this grants the served fixture what they have, for the
    // server's origin only.
    await browser.context.grantPermissions(['local-network-access'], { origin: new URL(BASE).origin });
  });
  after(async () => { await browser?.close(); });

  test('two unmodified MDN clients chat through /chat', async () => {
    const name = uniqueName('alice');
    const taken = `${name}1`;

    const a = await openMdnClient(browser, name);
    await waitForChatbox(a, `<b>User <em>${name}</em> signed in at `, `User ${name} signed in at `);

    // The second page asks for the same name: the server assigns another, and the seed renders
    // the rejectusername notice.
    const b = await openMdnClient(browser, name);
    await waitForChatbox(
      b,
      `<b>Your username has been set to <em>${taken}</em> because the name you chose is in use.</b>`,
      `Your username has been set to ${taken} because the name you chose is in use.`,
    );
    await waitForChatbox(a, `<b>User <em>${taken}</em> signed in at `, `User ${taken} signed in at `);
    await waitForUsers(a, [name, taken]);
    await waitForUsers(b, [name, taken]);
    for (const page of [a, b]) {
      const ours = (await userList(page)).filter((user) => user === name || user === taken);
      assert.deepEqual(ours, [name, taken], 'the user list is in order of joining');
    }

    await sendText(a, 'hello from the MDN client');
    await waitForChatbox(b, `<b>${name}</b>: hello from the MDN client<br>`, `${name}: hello from the MDN client`);
    await waitForChatbox(a, `<b>${name}</b>: hello from the MDN client<br>`, `${name}: hello from the MDN client`);
    // The seed prints the server's date with toLocaleTimeString(): a real time, not "Invalid Date".
    assert.match((await chatbox(b)).text, new RegExp(`\\((\\d{1,2}:\\d{2}:\\d{2}[^)]*)\\) ${name}: hello from the MDN client`));

    await sendText(b, 'hi, the other alice here');
    await waitForChatbox(a, `<b>${taken}</b>: hi, the other alice here<br>`, `${taken}: hi, the other alice here`);

    for (const page of [a, b]) {
      assert.deepEqual(page.sockets, [BASE.replace(/^http/, 'ws') + '/chat'], 'one socket, to /chat');
      const socket = await page.evaluate(() => ({ protocol: exampleSocket.protocol, readyState: exampleSocket.readyState }));
      assert.deepEqual(socket, { protocol: 'json', readyState: 1 }, 'the server chose "json" and kept the socket open');
      assert.equal(page.received[0].type, 'id', 'the first frame is the id');
      // The seed's onopen sends a line of plain text: the server answers bad-json (which the
      // seed's switch ignores) and the connection stays open.
      assert.deepEqual(page.received.filter((msg) => msg.type === 'error').map((msg) => msg.code), ['bad-json']);
    }
    assertNoProblems(a);
    assertNoProblems(b);
    await a.close();
    await b.close();
  });
});
