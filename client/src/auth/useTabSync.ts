import { useCallback, useEffect, useRef } from 'react';
import { openTabChannel, type TabMessage } from '../lib/tabChannel';

/**
 * The tab-sync job of the AuthProvider: signing out or a session ending in another tab of this browser ends
 * it here too (lib/tabChannel.ts says why over a BroadcastChannel). Returns the function that tells the others.
 */
export function useTabSync(onOtherTabEnded: (why: TabMessage['why']) => void): (message: TabMessage) => void {
  const channel = useRef<ReturnType<typeof openTabChannel> | null>(null);
  // The latest handler, so the channel is opened once and not reopened on every change of the provider.
  const handler = useRef(onOtherTabEnded);
  useEffect(() => {
    handler.current = onOtherTabEnded;
  }, [onOtherTabEnded]);

  useEffect(() => {
    const opened = openTabChannel((message) => handler.current(message.why));
    channel.current = opened;
    return () => {
      opened.close();
      if (channel.current === opened) channel.current = null;
    };
  }, []);

  return useCallback((message: TabMessage) => channel.current?.post(message), []);
}
