// UI language: English and French message catalogs with identical keys.
// Only the chosen language is ever written to browser storage.
import { en, type MessageKey } from './en';
import { fr } from './fr';

export type Lang = 'en' | 'fr';
export const LANGS: readonly Lang[] = ['en', 'fr'];
/** Each language's name in that language (for the switch). */
export const LANGUAGE_NAMES: Record<Lang, string> = { en: 'English', fr: 'Français' };

const catalogs: Record<Lang, Record<MessageKey, string>> = { en, fr };
const STORAGE_KEY = 'passerelle.language';

export function isLang(value: unknown): value is Lang {
  return value === 'en' || value === 'fr';
}

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    /* storage may be disabled */
  }
  const preferred = (navigator.languages?.[0] ?? navigator.language ?? '').toLowerCase();
  return preferred.startsWith('fr') ? 'fr' : 'en';
}

export const i18n = $state<{ lang: Lang }>({ lang: initialLang() });

export function setLang(lang: Lang): void {
  i18n.lang = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* ignore */
  }
}

export type Params = Record<string, string | number>;

export function locale(): string {
  return i18n.lang === 'fr' ? 'fr-FR' : 'en-GB';
}

function interpolate(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = params[name];
    if (value === undefined) return match;
    return typeof value === 'number' ? new Intl.NumberFormat(locale()).format(value) : value;
  });
}

/** Whether a key is in the catalogs (for labels built from values sent by the server). */
export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/** Translate a key into the current language (reactive: reads i18n.lang). */
export function t(key: MessageKey, params?: Params): string {
  return interpolate(catalogs[i18n.lang][key] ?? en[key], params);
}

type PluralBase = MessageKey extends infer K ? (K extends `${infer B}_one` ? B : never) : never;

/** Plural forms: keys `<base>_one` and `<base>_other`, chosen with Intl.PluralRules. */
export function tn(base: PluralBase, count: number, params?: Params): string {
  const form = new Intl.PluralRules(locale()).select(count) === 'one' ? 'one' : 'other';
  return t(`${base}_${form}` as MessageKey, { count, ...params });
}

export type { MessageKey };
