/**
 * A broadcast channel (docs/protocol.md §5) with the `json` subprotocol, over a ReconnectingSocket.
 * It remembers the channel's epoch and the last seq it saw, and reconnects with
 * `?since=SEQ&epoch=EPOCH`, so the server replays what was published while it was away.
 *
 * Events (CustomEvents):
 *   subscribed      {channel, seq, epoch, kind}: the server has this client on the channel;
 *                   kind is 'fresh' (first connection), 'resumed' (same epoch: a replay follows)
 *                   or 'new-epoch' (the numbering started over: see `new-epoch`)
 *   resumed         {missed, recovered, lost}: a resume is complete; `missed` messages were
 *                   published while away, `recovered` of them were replayed, `lost` are gone
 *   new-epoch       {previous, epoch, seq, lastSeq}: the server no longer knows the numbering
 *                   this client followed (it restarted, or forgot the channel after it stayed
 *                   empty too long): messages may have been missed, and nobody can say how many
 *   broadcast       the envelope {type, channel, seq, from, text, date}, plus `replay: true` on
 *                   messages replayed after a reconnect
 *   gap             {from, to, missing}: seq numbers that never arrived (dropped as a slow
 *                   consumer); gaps inside a resume are reported by `resumed` instead
 *   seq-reset       {last, seq}: seq went backwards within one epoch (should never happen)
 *   dropped         {count}: the server dropped this many messages for this slow client
 *   error           the server's error frame; `rate-limited` also holds sending
 *   protocol-error  {data} a frame that is not a JSON envelope, or {protocol} when the server
 *                   did not choose `json`
 */
import { ReconnectingSocket, endpointUrl, parseFrame } from './switchboard.js';

/** Follows a channel's `seq`, which rises by one per relayed message, and names what is missing. */
export class SeqTracker {
  #last = null;

  get last() { return this.#last; }

  /** Starts following at `seq`, the channel's position when this client subscribed. */
  start(seq) {
    this.#last = seq;
  }

  /** Returns {kind: 'first'|'next'|'gap'|'reset', …} for the next seq seen. */
  observe(seq) {
    const last = this.#last;
    this.#last = seq;
    if (last === null) return { kind: 'first', seq };
    if (seq === last + 1) return { kind: 'next', seq };
    if (seq > last + 1) return { kind: 'gap', from: last + 1, to: seq - 1, missing: seq - last - 1 };
    return { kind: 'reset', last, seq };
  }
}

export class BroadcastClient extends EventTarget {
  #channel;
  #socket;
  #seq = new SeqTracker();
  #epoch = null;
  #resume = null; // while a replay is under way: {target, missed, recovered, dropped}

  /**
   * @param channel the channel name; `all` is what `/broadcast` itself serves
   * @param options `page`: the page URL endpoints are resolved against; `socket`: ReconnectingSocket options
   */
  constructor(channel, { page = globalThis.location, socket = {} } = {}) {
    super();
    this.#channel = channel;
    const endpoint = endpointUrl(`broadcast/${encodeURIComponent(channel)}`, page);
    this.#socket = new ReconnectingSocket(() => endpoint + this.#resumeQuery(), {
      protocols: ['json'],
      queueLimit: 32,
      ...socket,
    });
    this.#socket.addEventListener('open', (event) => {
      // Without `json` the frames would be bare texts (subprotocol `text`): say so rather than guess.
      if (event.detail.protocol !== 'json') this.#emit('protocol-error', { protocol: event.detail.protocol });
    });
    this.#socket.addEventListener('message', (event) => this.#receive(event.detail.data));
  }

  get channel() { return this.#channel; }
  get socket() { return this.#socket; }
  get lastSeq() { return this.#seq.last; }
  get epoch() { return this.#epoch; }

  connect() { this.#socket.connect(); return this; }
  close() { this.#socket.close(1000, 'leaving'); }

  /** Publishes a text to the channel; returns what ReconnectingSocket.send returned. */
  publish(text) {
    return this.#socket.send(text);
  }

  #receive(data) {
    const frame = parseFrame(data);
    if (frame === null) {
      this.#emit('protocol-error', { data });
      return;
    }
    switch (frame.type) {
      case 'subscribed':
        this.#subscribed(frame);
        break;
      case 'broadcast': {
        // a live message ends a replay, even one whose last envelopes were dropped on the way
        if (this.#resume && frame.replay !== true) this.#finishResume();
        const step = this.#seq.observe(frame.seq);
        if (!this.#resume) {
          if (step.kind === 'gap') this.#emit('gap', step);
          if (step.kind === 'reset') this.#emit('seq-reset', step);
        }
        this.#emit('broadcast', frame);
        if (this.#resume) {
          this.#resume.recovered++;
          if (frame.seq >= this.#resume.target) this.#finishResume();
        }
        break;
      }
      case 'dropped':
        if (this.#resume) {
          this.#resume.dropped += frame.count;
          if (this.#resume.dropped >= this.#resume.missed) this.#finishResume();
        } else {
          this.#emit('dropped', frame);
        }
        break;
      case 'error':
        if (frame.code === 'rate-limited' && Number.isFinite(frame.retryAfterMillis)) {
          this.#socket.holdFor(frame.retryAfterMillis);
        }
        this.#emit('error', frame);
        break;
      default:
        this.#emit('protocol-error', { data });
    }
  }

  /** `?since=…&epoch=…` once this client knows where it is; nothing before its first `subscribed`. */
  #resumeQuery() {
    if (this.#epoch === null || this.#seq.last === null) return '';
    return `?since=${this.#seq.last}&epoch=${encodeURIComponent(this.#epoch)}`;
  }

  #subscribed(frame) {
    const previous = this.#epoch;
    const last = this.#seq.last;
    this.#epoch = frame.epoch;
    this.#resume = null;
    if (previous === null || last === null) {
      this.#seq.start(frame.seq);
      this.#emit('subscribed', { channel: frame.channel, seq: frame.seq, epoch: frame.epoch, kind: 'fresh' });
      return;
    }
    if (previous !== frame.epoch) {
      this.#seq.start(frame.seq);
      this.#emit('subscribed', { channel: frame.channel, seq: frame.seq, epoch: frame.epoch, kind: 'new-epoch' });
      this.#emit('new-epoch', { previous, epoch: frame.epoch, seq: frame.seq, lastSeq: last });
      return;
    }
    this.#emit('subscribed', { channel: frame.channel, seq: frame.seq, epoch: frame.epoch, kind: 'resumed' });
    const missed = Math.max(0, frame.seq - last);
    this.#resume = { target: frame.seq, missed, recovered: 0, dropped: 0 };
    if (missed === 0) this.#finishResume();
  }

  #finishResume() {
    const { missed, recovered } = this.#resume;
    this.#resume = null;
    this.#emit('resumed', { missed, recovered, lost: Math.max(0, missed - recovered) });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
