import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderApp } from '../test/test-utils';
import { ROUTES } from '../routes';

// The classroom panel's chunk cannot be fetched: the network dropped, or a new version replaced the file.
vi.mock('../classroom/ClassroomPanel', () => {
  throw new Error('Failed to fetch dynamically imported module');
});

describe('the frame when the classroom panel cannot be downloaded', () => {
  it('says so inside the panel and offers a reload, and the page beside it keeps working', async () => {
    // React reports the error it caught to the console; the test reads the screen instead.
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { user } = renderApp({ route: ROUTES.home.path });
    const heading = screen.getByRole('heading', { level: 1 });

    await user.click(screen.getByRole('button', { name: 'Inspector' }));

    const panel = screen.getByRole('complementary', { name: 'Classroom panel' });
    expect(await screen.findByRole('alert')).toHaveTextContent('The classroom panel could not be downloaded');
    expect(panel).toContainElement(screen.getByRole('alert'));
    expect(screen.getByRole('button', { name: 'Reload' })).toBeInTheDocument();
    expect(heading).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Inspector' })).toHaveAttribute('aria-expanded', 'true');
    quiet.mockRestore();
  });

  it('can be closed from inside, as the panel itself can, and hands the focus back to the Inspector button', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { user } = renderApp({ route: ROUTES.home.path });
    await user.click(screen.getByRole('button', { name: 'Inspector' }));
    const panel = screen.getByRole('complementary', { name: 'Classroom panel' });
    await screen.findByRole('alert');

    await user.click(within(panel).getByRole('button', { name: 'Close the panel' }));

    expect(screen.queryByRole('complementary', { name: 'Classroom panel' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Inspector' })).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getByRole('button', { name: 'Inspector' })).toHaveFocus();
    quiet.mockRestore();
  });
});
