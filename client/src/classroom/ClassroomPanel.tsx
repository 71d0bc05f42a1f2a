import { useAuth } from '../auth/AuthProvider';
import { PanelCloseButton } from '../components/PanelCloseButton';
import { useNow } from '../lib/useNow';
import { DemoControls } from './DemoControls';
import { EventTimeline } from './EventTimeline';
import { useClassroomT } from './messages';
import { SessionInspector, useCountdownText } from './SessionInspector';
import { StoryDiagram } from './StoryDiagram';

/**
 * The teaching layer, loaded only when the teacher or student opens it: the story diagram, the demo
 * controls, the inspector and the timeline. None of it is needed for the session itself to work.
 *
 * The bar at the top stays in view while the panel scrolls, so the flag and its countdown can be watched
 * while a demo control is pressed further down; it also holds the panel's own close button, which a phone
 * needs because there the panel is a sheet over the page.
 */
export default function ClassroomPanel({ onClose }: { onClose(): void }) {
  const t = useClassroomT();
  const { authenticated, session } = useAuth();
  const countdown = useCountdownText(useNow());
  return (
    <div className="classroom">
      <div className="panel-bar">
        <span className={authenticated ? 'flag on' : 'flag off'}>
          {authenticated ? t('inspector.flag.on') : t('inspector.flag.off')}
        </span>
        {/* Without a session there is no `exp` to count down to; the flag says all there is. */}
        {session ? <span className="panel-bar-exp">{t('bar.exp', { countdown })}</span> : null}
        <PanelCloseButton onClose={onClose} />
      </div>
      <StoryDiagram />
      <DemoControls />
      <SessionInspector />
      <EventTimeline />
    </div>
  );
}
