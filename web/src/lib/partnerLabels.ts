// Words for the partner directory's vocabularies and the packet items, in the current language.
import { hasMessage, t } from '../i18n/index.svelte';
import {
  MECHANISMS,
  PACKET_ITEMS,
  PARTNER_KINDS,
  PARTNER_SERVICES,
  sortPacketItems,
  type PartnerField,
} from './partners';
import { LANGUAGE_CODES } from './casework';
import { languageName } from './labels';

function label(prefix: string, value: string | null | undefined): string {
  if (!value) return '';
  const key = `${prefix}.${value}`;
  return hasMessage(key) ? t(key) : value;
}

export const partnerKindLabel = (v: string | null | undefined) => label('partnerKind', v);
export const partnerServiceLabel = (v: string) => label('partnerService', v);
export const mechanismLabel = (v: string | null | undefined) => label('partnerMechanism', v);
export const packetItemLabel = (v: string) => label('packetItem', v);

export const packetItemsText = (items: readonly string[]) =>
  sortPacketItems(items).map(packetItemLabel).join(', ');

type Option = { value: string; label: string };

export const partnerKindOptions = (): Option[] =>
  PARTNER_KINDS.map((k) => ({ value: k, label: partnerKindLabel(k) }));
export const partnerServiceOptions = (): Option[] =>
  PARTNER_SERVICES.map((s) => ({ value: s, label: partnerServiceLabel(s) }));
export const mechanismOptions = (): Option[] =>
  MECHANISMS.map((m) => ({ value: m, label: mechanismLabel(m) }));
export const packetItemOptions = (): Option[] =>
  PACKET_ITEMS.map((i) => ({ value: i, label: packetItemLabel(i) }));

/** Languages a partner may speak: ISO 639-1, so the two-letter codes of the pickers. */
export const partnerLanguageOptions = (): Option[] =>
  LANGUAGE_CODES.filter((c) => c.length === 2).map((c) => ({
    value: c,
    label: `${languageName(c)} (${c})`,
  }));

const FIELD_LABELS: Record<PartnerField, string> = {
  name: 'partners.form.name',
  kind: 'partners.form.kind',
  mechanism: 'partners.form.mechanism',
  services: 'partners.form.services',
  languages: 'partners.form.languages',
  country: 'partners.form.country',
  region: 'partners.form.region',
  city: 'partners.form.city',
  address: 'partners.form.address',
  latitude: 'partners.form.latitude',
  longitude: 'partners.form.longitude',
  address_confidential: 'partners.form.confidentialField',
  phone: 'partners.form.phone',
  email: 'partners.form.email',
  website: 'partners.form.website',
  contact_name: 'partners.form.contactName',
  notes: 'partners.form.notes',
  active: 'partners.form.activeField',
};

/** A partner field's name in words (edit conflicts). */
export function partnerFieldLabel(field: PartnerField): string {
  const key = FIELD_LABELS[field];
  return key && hasMessage(key) ? t(key) : field;
}
