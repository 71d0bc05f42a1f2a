import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type Messages, type MessageKey } from './en';

export type Language = 'en' | 'es';
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18nValue {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);
const LANGUAGE_KEY = 'session-lab.language';

/** Replaces `{name}` placeholders with values; a placeholder without a value is left as it is. */
export function fill(template: string, values?: Record<string, string | number>): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

/**
 * A choice made with the language switch wins, and is kept in localStorage (not sessionStorage) so it holds
 * for every tab and every visit. Before anyone has chosen, the page follows the browser's preferred
 * languages, in their order: a Spanish-speaking class sees Spanish on its very first visit.
 */
function readLanguage(): Language {
  try {
    const chosen = window.localStorage.getItem(LANGUAGE_KEY);
    if (chosen === 'es' || chosen === 'en') return chosen;
  } catch {
    // No storage: fall through to the browser's preference.
  }
  const preferred = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language];
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'es' || primary === 'en') return primary;
  }
  return 'en';
}

/**
 * The English sentences of the pages loaded on demand (en-pages.ts), once they are here. They arrive with the
 * first of those pages to be opened (components/onDemand.tsx waits for both), so every page that uses them
 * finds them; they never change afterwards, so a module-level value is enough.
 */
let englishPageSentences: Readonly<Partial<Record<MessageKey, string>>> = {};
let englishPageSentencesLoading: Promise<void> | undefined;

export function loadEnglishPageSentences(): Promise<void> {
  englishPageSentencesLoading ??= import('./en-pages').then(
    (module) => {
      englishPageSentences = module.enPages;
    },
    (error: unknown) => {
      // Forget a failed fetch, so the next page opened asks the network again.
      englishPageSentencesLoading = undefined;
      throw error;
    },
  );
  return englishPageSentencesLoading;
}

/**
 * English ships with the first page (and the pages loaded on demand bring theirs, above); Spanish is a
 * separate chunk fetched the first time it is chosen, so a visitor who never switches never downloads it.
 * Until it arrives the page stays in English.
 */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(readLanguage);
  const [spanish, setSpanish] = useState<Messages | null>(null);

  useEffect(() => {
    if (language !== 'es' || spanish) return;
    let current = true;
    void import('./es').then((module) => {
      if (current) setSpanish(module.es);
    });
    return () => {
      current = false;
    };
  }, [language, spanish]);

  const messages: Readonly<Partial<Messages>> = language === 'es' && spanish ? spanish : en;
  const shownLanguage: Language = messages === en ? 'en' : 'es';

  useEffect(() => {
    document.documentElement.lang = shownLanguage;
  }, [shownLanguage]);

  const setLanguage = useCallback((next: Language) => {
    try {
      window.localStorage.setItem(LANGUAGE_KEY, next);
    } catch {
      // Without storage the choice simply lasts until the next reload.
    }
    setLanguageState(next);
  }, []);

  // A key with no sentence anywhere shows itself, which a test or a look at the page catches at once.
  const t = useCallback<Translate>((key, values) => fill(messages[key] ?? englishPageSentences[key] ?? key, values), [messages]);
  const value = useMemo(() => ({ language: shownLanguage, setLanguage, t }), [shownLanguage, setLanguage, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useT() and useLanguage() must be used inside <I18nProvider>.');
  return value;
}

export function useT(): Translate {
  return useI18n().t;
}

/** Clock times ("14:05:09" or "2:05:09 PM") in the language the page is shown in, not the browser's. */
export function useFormatTime(): (time: number | Date) => string {
  const { language } = useI18n();
  return useCallback((time) => new Date(time).toLocaleTimeString(language), [language]);
}

export function useLanguage(): Pick<I18nValue, 'language' | 'setLanguage'> {
  const { language, setLanguage } = useI18n();
  return { language, setLanguage };
}
