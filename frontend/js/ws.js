// graphql-transport-ws over a WebSocket to /graphql, written out because the protocol is small:
// connection_init → connection_ack, then subscribe / next / error / complete per id, ping ↔ pong.
// One shared connection; it reconnects with back-off and re-subscribes what is still wanted —
// except when the server closes it because the session ended (4401) or was never there (4403):
// reconnecting cannot help then, so the subscriptions are dropped and the person is sent to sign in.

const PROTOCOL = 'graphql-transport-ws';
let socket = null;
let acknowledged = false;
let nextId = 1;
let retryDelay = 500;
let retryTimer = null;
const subscriptions = new Map(); // id -> { query, variables, onNext, onError }
const statusListeners = new Set();
let status = 'idle'; // idle | connecting | live | retrying | ended
let onSessionEnded = () => {};

/** Close codes of graphql-transport-ws after which a new connection would be refused as well. */
export const SESSION_CLOSE_CODES = new Set([4401, 4403]);

/** `fn(code)` runs when the server closes the socket because the session ended (4401) or is missing (4403). */
export function setSessionEndedHandler(fn) {
  onSessionEnded = fn;
}

function setStatus(next) {
  status = next;
  statusListeners.forEach((fn) => fn(next));
}

export function connectionStatus() {
  return status;
}

export function onStatus(fn) {
  statusListeners.add(fn);
  return () => statusListeners.delete(fn);
}

function url() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/graphql`;
}

function send(message) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function sendSubscribe(id, sub) {
  send({ id, type: 'subscribe', payload: { query: sub.query, variables: sub.variables } });
}

function connect() {
  if (socket || subscriptions.size === 0) return;
  setStatus('connecting');
  acknowledged = false;
  socket = new WebSocket(url(), PROTOCOL);
  socket.onopen = () => send({ type: 'connection_init', payload: {} });
  socket.onmessage = (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch (_) {
      return;
    }
    const sub = subscriptions.get(message.id);
    switch (message.type) {
      case 'connection_ack':
        acknowledged = true;
        retryDelay = 500;
        setStatus('live');
        subscriptions.forEach((s, id) => sendSubscribe(id, s));
        break;
      case 'ping':
        send({ type: 'pong' });
        break;
      case 'next':
        if (sub) sub.onNext(message.payload?.data, message.payload?.errors);
        break;
      case 'error':
        if (sub) sub.onError?.(message.payload);
        subscriptions.delete(message.id);
        break;
      case 'complete':
        subscriptions.delete(message.id);
        break;
      default:
        break;
    }
  };
  socket.onclose = (event) => {
    socket = null;
    acknowledged = false;
    if (SESSION_CLOSE_CODES.has(event?.code)) {
      subscriptions.clear();
      clearTimeout(retryTimer);
      retryDelay = 500;
      setStatus('ended');
      onSessionEnded(event.code);
      return;
    }
    if (subscriptions.size === 0) {
      setStatus('idle');
      return;
    }
    setStatus('retrying');
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 15000);
  };
}

/** Subscribe; returns a function that unsubscribes (sending `complete`). */
export function subscribe(query, variables, onNext, onError) {
  const id = String(nextId++);
  const sub = { query, variables, onNext, onError };
  subscriptions.set(id, sub);
  if (socket && acknowledged) sendSubscribe(id, sub);
  else connect();
  return () => {
    if (!subscriptions.delete(id)) return;
    if (acknowledged) send({ id, type: 'complete' });
    if (subscriptions.size === 0 && socket) {
      socket.close(1000, 'no subscriptions');
    }
  };
}

/** Close the connection (on sign-out: the next connection carries the new session's cookie). */
export function closeAll() {
  subscriptions.clear();
  clearTimeout(retryTimer);
  if (socket) socket.close(1000, 'signed out');
}
