/**
 * Tells the other tabs of this browser that the session ended here.
 *
 * Why not the `storage` event? It fires in other tabs when *localStorage* changes. Our token lives in
 * sessionStorage, and every tab has its own sessionStorage: a tab opened from this one starts with a copy,
 * but from then on a change in one tab is invisible to the others and fires no event there. So the tabs
 * talk over a BroadcastChannel instead, a message bus shared by all same-origin tabs.
 */
/** `signed-out`: the user pressed Sign out there; `ended`: a check or the server ended the session there. */
export type TabMessage = { type: 'session-ended'; why: 'signed-out' | 'ended' };

const CHANNEL_NAME = 'session-lab.session';

export function openTabChannel(onMessage: (message: TabMessage) => void): {
  post(message: TabMessage): void;
  close(): void;
} {
  // Old browsers and some test environments have no BroadcastChannel; the demo then works in one tab only.
  if (typeof BroadcastChannel === 'undefined') return { post: () => {}, close: () => {} };
  const channel = new BroadcastChannel(CHANNEL_NAME);
  channel.onmessage = (event: MessageEvent<TabMessage>) => {
    if (event.data?.type === 'session-ended') onMessage(event.data);
  };
  return {
    post: (message) => channel.postMessage(message),
    close: () => channel.close(),
  };
}
