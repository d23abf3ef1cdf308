// Driving broadcast.html: subscribe to a channel, publish from the page.
import { randomBytes } from 'node:crypto';
import { open, waitForLine, waitForState } from './pages.js';

/** The text of the messages that only prove a subscription is in place. */
export const READY = /^ready [0-9a-f]{8}$/;

export async function publishFromPage(page, text, times = 1) {
  await page.fill('#repeat', String(times));
  await page.fill('#text', text);
  await page.click('#publish');
}

/**
 * Waits until the page's connection is on the channel at the server. The browser's `open` event
 * can come before the server has added the session to the channel (the 101 answer goes out
 * first), so a message published right then could miss the page: the page's own message coming
 * back is the proof that the server has it on the channel.
 */
export async function waitUntilSubscribed(page, timeout = 15_000) {
  await waitForState(page, 'open', timeout);
  const ready = `ready ${randomBytes(4).toString('hex')}`;
  await publishFromPage(page, ready);
  await waitForLine(page, '#feed .message', ready, timeout);
}

export async function subscribe(browser, channel) {
  const page = await browser.newPage();
  await open(page, `broadcast.html?channel=${encodeURIComponent(channel)}`);
  await waitUntilSubscribed(page);
  return page;
}

/** The feed's messages other than the READY ones, as [{seq, from, text}]. */
export async function feedMessages(page) {
  const lines = await page.locator('#feed .message').evaluateAll((elements) => elements.map((line) => ({
    seq: Number(line.querySelector('.seq').textContent.slice(1)),
    from: line.querySelector('.from').textContent,
    text: line.querySelector('.text').textContent,
  })));
  return lines.filter((line) => !READY.test(line.text));
}
