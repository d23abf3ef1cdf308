/**
 * Small DOM helpers shared by the pages. Everything that came from the server or from a
 * person is put on the page with textContent, never as HTML.
 */

/** Lines kept in a log on screen; older ones are removed from the page (they are only a view). */
export const LOG_LINES_KEPT = 500;

export function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`missing #${id}`);
  return element;
}

/** An element with a class and text, or with children given as elements or strings. */
export function el(tag, className, ...children) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  for (const child of children) {
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function timeOf(millis) {
  return Number.isFinite(millis) ? new Date(millis).toLocaleTimeString() : '';
}

/** Appends a line to a log and keeps the newest in view, if the reader had not scrolled up. */
export function appendLine(log, line) {
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
  log.append(line);
  while (log.childElementCount > LOG_LINES_KEPT) log.firstElementChild.remove();
  if (atBottom) log.scrollTop = log.scrollHeight;
}

/** A notice line: connection events, errors, drops. `kind` is 'info', 'warn' or 'error'. */
export function notice(log, text, kind = 'info') {
  appendLine(log, el('p', `notice ${kind}`, el('time', '', timeOf(Date.now())), ' ', text));
}

// The last counted notice of each log, so that a run of the same event is one line with a count.
const lastCounted = new WeakMap();

/**
 * A notice for an event that comes in runs (a burst refused by the rate limit): while it is
 * still the log's last line, the next one of the same `key` updates it with `render(count, …)`
 * instead of adding a line.
 */
export function countedNotice(log, key, render, kind = 'warn') {
  const last = lastCounted.get(log);
  if (last && last.key === key && last.line === log.lastElementChild) {
    last.count++;
    last.text.textContent = render(last.count);
    return;
  }
  const text = document.createTextNode(render(1));
  const line = el('p', `notice ${kind}`, el('time', '', timeOf(Date.now())), ' ', text);
  appendLine(log, line);
  lastCounted.set(log, { key, line, text, count: 1 });
}

/** A duration for people: `40 ms`, `2.5 s`. */
export function seconds(millis) {
  return millis < 1000 ? `${Math.round(millis)} ms` : `${(millis / 1000).toFixed(1)} s`;
}

/**
 * Shows a ReconnectingSocket's state in a status element (data-state carries it for styling
 * and tests) and reports its transport events in a log.
 */
export function followSocket(socket, status, log, { describe = (s) => s.url, previewOf = preview } = {}) {
  const show = (state, text) => {
    status.dataset.state = state;
    status.textContent = text;
  };
  show('connecting', `Connecting to ${describe(socket)}…`);
  socket.addEventListener('state', ({ detail }) => {
    if (detail.state === 'connecting') show('connecting', `Connecting to ${describe(socket)}…`);
    if (detail.state === 'open') show('open', `Connected to ${describe(socket)}.`);
  });
  socket.addEventListener('open', ({ detail }) => {
    if (detail.reconnected) notice(log, 'Reconnected.');
  });
  socket.addEventListener('close', ({ detail }) => {
    const { code, reason, explanation, reconnectInMillis, discarded } = detail;
    const head = `Disconnected (${code}${reason ? ` ${reason}` : ''}): ${explanation}`;
    if (reconnectInMillis !== null) {
      show('waiting', `${head} Reconnecting in ${seconds(reconnectInMillis)}…`);
      countedNotice(log, `close ${code} ${reason}`, (count) => `${head} Reconnecting in ${seconds(reconnectInMillis)}`
        + `${count > 1 ? ` (attempt ${count})` : ''}.`);
    } else {
      const lost = discarded ? ` ${discarded} unsent message${discarded === 1 ? ' was' : 's were'} discarded.` : '';
      show('closed', `${head} Not reconnecting.${lost}`);
      if (code !== 1000 || reason !== 'leaving') notice(log, `${head} Not reconnecting.${lost}`, 'error');
    }
  });
  socket.addEventListener('overflow', ({ detail }) => {
    notice(log, `Offline queue full (${detail.limit} messages): dropped the oldest unsent one, `
      + `${previewOf(detail.dropped)} (${detail.droppedTotal} dropped so far).`, 'warn');
  });
}

export function preview(data) {
  if (typeof data !== 'string') return `${data.byteLength} bytes`;
  return `“${data.length > 60 ? `${data.slice(0, 60)}…` : data}”`;
}
