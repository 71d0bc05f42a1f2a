import { useSyncExternalStore } from 'react';
import { useHeightAsCssVariable } from '../components/useHeightAsCssVariable';
import { useFormatTime } from '../i18n/I18nProvider';
import { clock } from '../lib/clock';
import { useNow } from '../lib/useNow';
import { formatOffset } from './describeEvent';
import { useClassroomT } from './messages';

/**
 * A strip under the header, shown whenever the demo clock is not the real time, with the panel open or
 * closed. A shifted clock changes how every check ends; a teacher who forgot the shift (or a student who
 * opens the page after them) must see it, and undo it, without hunting for the right button in the panel.
 * On a phone the open panel is a sheet over the page: there the banner stays above the sheet, at the top of the
 * screen while the page scrolls (styles.css), so a class watching the sheet still sees the clock was moved.
 */
export default function ClockBanner({ panelOpen }: { panelOpen: boolean }) {
  const t = useClassroomT();
  const formatTime = useFormatTime();
  const skew = useSyncExternalStore(clock.subscribe, clock.skewMs, clock.skewMs);
  const sessionShift = useSyncExternalStore(clock.subscribe, clock.sessionShiftMs, clock.sessionShiftMs);
  const browserNow = useNow();
  // The phone's sheet leaves the banner's height free above it, below the header's (styles.css).
  const measure = useHeightAsCssVariable('--clock-banner-height');
  if (skew === 0 && sessionShift === 0) return null;
  const realNow = browserNow - skew - sessionShift;

  return (
    <section ref={measure} className={panelOpen ? 'clock-banner with-panel' : 'clock-banner'} aria-label={t('clockBanner.label')}>
      <strong className="clock-banner-label">{t('clockBanner.label')}</strong>
      <div className="clock-banner-text">
        {skew !== 0 ? <p>{t('clockBanner.skew', { offset: formatOffset(skew) })}</p> : null}
        {sessionShift !== 0 ? <p>{t('clockBanner.expire', { offset: formatOffset(sessionShift) })}</p> : null}
        <p className="clock-banner-times">
          {t('clockBanner.times', { browser: formatTime(browserNow), real: formatTime(realNow) })}
        </p>
      </div>
      <button type="button" className="button small" onClick={() => clock.reset()}>
        {t('clockBanner.reset')}
      </button>
    </section>
  );
}
