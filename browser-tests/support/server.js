// Where the WAR under test is, and how to restart it (only when run.sh started it).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';

/** The WAR's base URL, without a trailing slash. */
export const BASE = (process.env.SWITCHBOARD_URL ?? 'http://127.0.0.1:18280/switchboard').replace(/\/+$/, '');

export const PUBLISH_TOKEN = process.env.SWITCHBOARD_PUBLISH_TOKEN ?? '';

/** server.sh, when this run started the server itself and may therefore restart it. */
export const SERVER_CONTROL = process.env.SWITCHBOARD_SERVER_CONTROL ?? '';

/** A room or channel name of its own for each test, so tests never see each other's traffic. */
export function uniqueName(prefix) {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Stops and starts the cargo Tomcat: every session closes with 1001, then the port refuses. */
export async function restartServer() {
  if (!SERVER_CONTROL) throw new Error('SWITCHBOARD_SERVER_CONTROL is not set: run the tests through run.sh');
  await promisify(execFile)(SERVER_CONTROL, ['restart'], { timeout: 330_000 });
}

/** POST BASE/api/broadcast/{channel} with the bearer token. */
export async function publish(channel, text, token = PUBLISH_TOKEN) {
  const response = await fetch(`${BASE}/api/broadcast/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain; charset=utf-8' },
    body: text,
  });
  const body = await response.text();
  return { status: response.status, body, json: response.headers.get('content-type')?.includes('json') ? JSON.parse(body) : null };
}
