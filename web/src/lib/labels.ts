// Words for the controlled vocabularies, in the current language.
import { hasMessage, locale, t } from '../i18n/index.svelte';
import { COMMON_COUNTRIES, LANGUAGE_CODES } from './casework';

function label(prefix: string, value: string | null | undefined): string {
  if (!value) return '';
  const key = `${prefix}.${value}`;
  return hasMessage(key) ? t(key) : value;
}

export const genderLabel = (v: string | null | undefined) => label('gender', v);
export const caseStatusLabel = (v: string | null | undefined) => label('caseStatus', v);
export const victimStatusLabel = (v: string | null | undefined) => label('victimStatus', v);
export const exploitationLabel = (v: string) => label('exploitation', v);
export const controlLabel = (v: string) => label('control', v);
export const recruitmentLabel = (v: string) => label('recruitment', v);
export const memberRoleLabel = (v: string) => label('memberRole', v);
export const encounterTypeLabel = (v: string) => label('encounterType', v);
export const consentPurposeLabel = (v: string) => label('consentPurpose', v);
export const consentMethodLabel = (v: string) => label('consentMethod', v);
export const noteLevelLabel = (v: string) => label('noteLevel', v);
export const noteTabLabel = (v: string) => label('notes.tab', v);
export const documentKindLabel = (v: string) => label('document', v);
export const documentStatusLabel = (v: string) => label('documentStatus', v);
export const duplicateReasonLabel = (v: string) => label('duplicate.reason', v);

function displayNames(type: 'region' | 'language'): Intl.DisplayNames | null {
  try {
    return new Intl.DisplayNames([locale()], { type, fallback: 'none' });
  } catch {
    return null;
  }
}

export function countryName(code: string): string {
  return displayNames('region')?.of(code) ?? code;
}

export function languageName(code: string): string {
  const known = displayNames('language')?.of(code);
  if (known) return known;
  // Languages the browser may not name (Nigerian Pidgin, Edo…).
  const key = `languageName.${code}`;
  return hasMessage(key) ? t(key) : code;
}

let allCodes: string[] | null = null;

/** Every ISO 3166-1 alpha-2 code the browser can name. */
function allCountryCodes(): string[] {
  if (allCodes) return allCodes;
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const out: string[] = [];
  for (let a = 65; a <= 90; a++)
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      // Skip the reserved and grouping codes (EU, UN, XK-like user-assigned ones…).
      if (['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ'].includes(code)) continue;
      try {
        const name = names.of(code);
        if (name && name !== code) out.push(code);
      } catch {
        /* not a region */
      }
    }
  allCodes = out;
  return out;
}

/** Country options: the common ones first, then all others by name. */
export function countryOptions(): { value: string; label: string }[] {
  const common = COMMON_COUNTRIES.map((c) => ({ value: c, label: countryName(c) }));
  const collator = new Intl.Collator(locale());
  const rest = allCountryCodes()
    .filter((c) => !COMMON_COUNTRIES.includes(c))
    .map((c) => ({ value: c, label: countryName(c) }))
    .sort((x, y) => collator.compare(x.label, y.label));
  return [...common, ...rest];
}

export function languageOptions(): { value: string; label: string }[] {
  return LANGUAGE_CODES.map((c) => ({ value: c, label: `${languageName(c)} (${c})` }));
}
