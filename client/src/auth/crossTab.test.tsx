import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { installFakeServer } from '../test/fakeServer';
import { renderApp } from '../test/test-utils';
import { makeToken } from '../test/tokens';
import { ROUTES } from '../routes';

const CHANNEL = 'session-lab.session';

describe('several tabs', () => {
  let server: ReturnType<typeof installFakeServer> | undefined;
  const channels: BroadcastChannel[] = [];
  afterEach(() => {
    server?.restore();
    for (const channel of channels.splice(0)) channel.close();
  });

  function otherTab() {
    const channel = new BroadcastChannel(CHANNEL);
    channels.push(channel);
    return channel;
  }

  it('ends the session here when the user signs out in another tab', async () => {
    server = installFakeServer({});
    renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken() });
    await screen.findByRole('heading', { name: 'Dashboard' });

    act(() => otherTab().postMessage({ type: 'session-ended', why: 'signed-out' }));

    expect(await screen.findByRole('alertdialog', { name: 'You signed out in another tab' })).toHaveTextContent(/signed out in another tab of this browser/);
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('tells the other tabs when this one signs out', async () => {
    server = installFakeServer({});
    const received: unknown[] = [];
    otherTab().onmessage = (event) => received.push(event.data);
    const { user } = renderApp({ route: ROUTES.dashboard.path, storedToken: makeToken() });

    await user.click(await screen.findByRole('button', { name: 'Sign out' }));

    await expect.poll(() => received).toEqual([{ type: 'session-ended', why: 'signed-out' }]);
  });
});
