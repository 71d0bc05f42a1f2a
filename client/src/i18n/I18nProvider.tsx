import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { en, type MessageKey } from './en';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18nValue {
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

function fill(template: string, values?: Record<string, string | number>): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const t = useCallback<Translate>((key, values) => fill(en[key], values), []);
  const value = useMemo(() => ({ t }), [t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useT(): Translate {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useT() must be used inside <I18nProvider>.');
  return value.t;
}
