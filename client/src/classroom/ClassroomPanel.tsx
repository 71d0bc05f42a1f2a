import { DemoControls } from './DemoControls';
import { EventTimeline } from './EventTimeline';
import { SessionInspector } from './SessionInspector';

/**
 * The teaching layer, loaded only when the teacher or student opens it: the inspector, the timeline and
 * the demo controls. None of it is needed for the session itself to work.
 */
export default function ClassroomPanel() {
  return (
    <div className="classroom">
      <SessionInspector />
      <EventTimeline />
      <DemoControls />
    </div>
  );
}
