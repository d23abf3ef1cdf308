// Driving chat.html: join a room under a name, say things, read the user list.
import { open, waitForExactText, waitForState } from './pages.js';

/** Opens chat.html in `room` asking for `name`, and waits until the server has assigned `expectedName`. */
export async function joinChat(browser, room, name, expectedName = name) {
  const page = await browser.newPage();
  await open(page, `chat.html?room=${encodeURIComponent(room)}&name=${encodeURIComponent(name)}`);
  await waitForState(page, 'open');
  await waitForExactText(page, '#me', expectedName);
  return page;
}

export async function say(page, text) {
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
}

/** Waits until the page lists exactly these users (in any order: reconnects reorder joins). */
export async function waitForUsers(page, names, timeout = 15_000) {
  const expected = [...names].sort();
  await page.waitForFunction(
    (want) => JSON.stringify([...document.querySelectorAll('#userlist li')].map((li) => li.textContent).sort()) === want,
    JSON.stringify(expected),
    { timeout },
  ).catch(async () => {
    const actual = await page.locator('#userlist li').allTextContents();
    throw new Error(`user list: expected ${JSON.stringify(expected)}, found ${JSON.stringify(actual)}`);
  });
}

/** Waits for the chat line from `name` saying `text`, and returns the line. */
export async function waitForMessage(page, name, text, timeout = 15_000) {
  const line = page.locator('#chatbox .message')
    .filter({ has: page.locator('.name', { hasText: name }) })
    .filter({ has: page.locator('.text').getByText(text, { exact: true }) })
    .first();
  await line.waitFor({ timeout });
  return line;
}
