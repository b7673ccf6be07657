import { t, type MessageKey } from '../i18n/index.svelte';
import type { DraftField, PersonDraft } from './caseworkLogic';
import {
  countryName,
  documentKindLabel,
  documentStatusLabel,
  genderLabel,
  languageName,
} from './labels';

const LABELS: Record<DraftField, MessageKey> = {
  given_name: 'person.givenName',
  family_name: 'person.familyName',
  aliases: 'person.aliases',
  birth_date: 'person.birthDate',
  birth_year: 'person.birthYear',
  birth_year_estimated: 'person.birthEstimated',
  gender: 'person.gender',
  nationalities: 'person.nationalities',
  languages: 'person.languages',
  phones: 'person.phones',
  email: 'person.email',
  address: 'person.address',
  documents: 'person.documentsHeading',
  member: 'person.member',
  peer_helper: 'person.peerHelper',
};

export function fieldLabel(field: DraftField): string {
  return t(LABELS[field]);
}

/** A draft field's value in words, for the conflict and merge tables. */
export function fieldText(draft: PersonDraft, field: DraftField): string {
  const v = draft[field];
  switch (field) {
    case 'gender':
      return genderLabel(draft.gender);
    case 'nationalities':
      return draft.nationalities.map(countryName).join(', ');
    case 'languages':
      return draft.languages.map(languageName).join(', ');
    case 'documents':
      return Object.entries(draft.documents)
        .map(([k, s]) => `${documentKindLabel(k)}: ${documentStatusLabel(s)}`)
        .join(', ');
    default:
      if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
      if (typeof v === 'string')
        return v
          .split('\n')
          .map((x) => x.trim())
          .filter(Boolean)
          .join(', ');
      return String(v);
  }
}
