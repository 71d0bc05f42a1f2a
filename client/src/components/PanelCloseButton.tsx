import { useT } from '../i18n/I18nProvider';

/**
 * The classroom panel's own close button. It lives in the first download, not in the panel's chunk, because
 * the panel needs it even when that chunk could not be fetched: on a phone the panel is a sheet over the
 * page, and the failure notice inside it must be as easy to dismiss as the panel itself.
 */
export function PanelCloseButton({ onClose }: { onClose(): void }) {
  const t = useT();
  return (
    // A bare "×" keeps the panel's bar on one line in Spanish at 1024 px; its name comes from aria-label.
    <button type="button" className="button secondary small panel-close" onClick={onClose} aria-label={t('panel.close')} title={t('panel.close')}>
      <span aria-hidden="true">×</span>
    </button>
  );
}
