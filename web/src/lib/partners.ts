// Pure helpers of the partner directory screens and of sharing consents (no Svelte, no fetch):
// tested in partners.test.ts. Vocabularies: docs/procedures.md, "Partner directory" and
// "Packet"; the server checks them (src/core/procedures.h).
import type { Partner } from './types';

/** HTCDS org_Type. */
export const PARTNER_KINDS = [
  'NGO',
  'LawEnforcement',
  'HealthServiceOrganisation',
  'CentralGovernmentOrganisation',
  'LocalGovernmentOrganisation',
  'ImmigrationService',
  'LegalService',
  'CorporateBusiness',
  'SchoolOrCollege',
] as const;

/** National mechanisms: at most one partner each. */
export const MECHANISMS = [
  'acse',
  'psp_commission',
  'civi',
  'siao_115',
  'ase',
  'juvenile_judge',
  'ofpra',
  'cnda',
  'pad',
  'volunteer_lawyers',
] as const;

export const PARTNER_SERVICES = [
  'shelter',
  'emergency_housing',
  'housing',
  'health',
  'mental_health',
  'legal_advice',
  'legal_representation',
  'asylum_support',
  'administrative_support',
  'exit_programme',
  'child_protection',
  'safe_relocation',
  'compensation',
  'language_classes',
  'training',
  'employment',
  'voluntary_return',
  'interpreting',
  'outreach',
  'peer_support',
] as const;

/** What a referral packet may hold, and so what a sharing consent may cover, in this order. */
export const PACKET_ITEMS = [
  'given_name',
  'family_name',
  'aliases',
  'birth_year',
  'gender',
  'nationalities',
  'languages',
  'phone',
  'documents',
  'needs',
  'exploitation_types',
  'children',
  'situation',
] as const;

/** The server lists at most this many partners at once. */
export const PARTNER_LIST_LIMIT = 1000;

// ---- Finding partners ----

export interface PartnerFilters {
  q: string;
  kind: string;
  service: string;
  language: string;
  country: string;
  mechanism: string;
  includeInactive: boolean;
}

export function noFilters(): PartnerFilters {
  return {
    q: '',
    kind: '',
    service: '',
    language: '',
    country: '',
    mechanism: '',
    includeInactive: false,
  };
}

/**
 * The query string of GET /partners for these filters (without "?"): only the filters set.
 * The text goes to the server only when asked: the screens match it themselves (see
 * matchesText), which also finds "Ac.Sé" from "acse"; they send it when the directory is larger
 * than one answer.
 */
export function filtersToQuery(filters: PartnerFilters, withText = true): string {
  const query = new URLSearchParams();
  const text = filters.q.trim();
  if (withText && text) query.set('q', text);
  for (const key of ['kind', 'service', 'language', 'country', 'mechanism'] as const) {
    const value = filters[key].trim();
    if (value) query.set(key, value);
  }
  if (filters.includeInactive) query.set('include_inactive', 'true');
  return query.toString();
}

/** How many filters other than the text are set (to open the filters on a phone). */
export function activeFilterCount(filters: PartnerFilters): number {
  return (
    ['kind', 'service', 'language', 'country', 'mechanism'].filter(
      (k) => filters[k as keyof PartnerFilters] !== '',
    ).length + (filters.includeInactive ? 1 : 0)
  );
}

/** Text folded for matching: no case, no accents, no punctuation or spaces ("Ac.Sé" → "acse"). */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Does the partner match what was typed? Name, town, region and mechanism code, plus any words
 * the screen adds (the mechanism's name in the reader's language), folded.
 */
export function matchesText(
  partner: Pick<Partner, 'name' | 'city' | 'region' | 'mechanism'>,
  text: string,
  extra: string[] = [],
): boolean {
  const wanted = fold(text);
  if (!wanted) return true;
  const haystack = [
    partner.name,
    partner.city ?? '',
    partner.region ?? '',
    partner.mechanism ?? '',
    ...extra,
  ];
  return haystack.some((h) => fold(h).includes(wanted));
}

/** By name as the reader's language sorts them (the server sorts bytes: "ASE" before "Ac.Sé"). */
export function byName<P extends { name: string }>(partners: P[], locale: string): P[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  return [...partners].sort((a, b) => collator.compare(a.name, b.name));
}

/** National mechanisms first (they are few and sought by name), then organisations; by name. */
export function splitByMechanism<P extends Pick<Partner, 'mechanism'>>(
  partners: P[],
): { mechanisms: P[]; organisations: P[] } {
  return {
    mechanisms: partners.filter((p) => p.mechanism),
    organisations: partners.filter((p) => !p.mechanism),
  };
}

// ---- Export and import files ----

export type FileFormat = 'csv' | 'geojson';

/** The format of a file to import, from its name; null when it is neither. */
export function formatOfFile(name: string): FileFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.geojson') || lower.endsWith('.json')) return 'geojson';
  return null;
}

export function exportFileName(format: FileFormat, day: string): string {
  return `partners-${day}.${format === 'csv' ? 'csv' : 'geojson'}`;
}

export function contentTypeOf(format: FileFormat): string {
  return format === 'csv' ? 'text/csv; charset=utf-8' : 'application/geo+json';
}

export interface ImportError {
  /**
   * The data row (CSV, 1 = the first row after the header) or the feature (GeoJSON), counted
   * from 1 as the server counts; null for the file or its header.
   */
  row: number | null;
  /** the column or property; '' when the whole row (or the whole file) is wrong */
  column: string;
  /** a column of the header row is wrong (unknown, twice) */
  header: boolean;
  message: string;
}

/**
 * The errors of a refused import (422 `errors: [{field: "row.3.kind", message}]`): the file's
 * and its header's first, then by row in the server's order.
 */
export function importErrors(
  errors: { field: string; message: string }[] | undefined,
): ImportError[] {
  const out = (errors ?? []).map((e, index) => {
    const row = /^row\.(\d+)(?:\.(.+))?$/.exec(e.field);
    const header = /^header\.(.*)$/.exec(e.field);
    const error: ImportError = row
      ? { row: Number(row[1]), column: row[2] ?? '', header: false, message: e.message }
      : header
        ? { row: null, column: header[1], header: true, message: e.message }
        : {
            row: null,
            column: e.field === 'file' || e.field === 'body' ? '' : e.field,
            header: false,
            message: e.message,
          };
    return { error, index };
  });
  out.sort((a, b) => {
    const ra = a.error.row ?? -1;
    const rb = b.error.row ?? -1;
    return ra !== rb ? ra - rb : a.index - b.index;
  });
  return out.map((x) => x.error);
}

type Translate = (key: string, params?: Record<string, string | number>) => string;

/**
 * One import error in words, e.g. "Row 4: kind — This value is not valid." A CSV row is
 * numbered as a spreadsheet shows it (the header is row 1, so the server's data row 3 is row 4):
 * that is where she opens the file to correct it. The column is named as written in the file.
 */
export function formatImportError(error: ImportError, format: FileFormat, t: Translate): string {
  const { column, message } = error;
  if (error.header) return t('partners.import.headerError', { column, message });
  if (error.row === null)
    return column ? t('partners.import.fileFieldError', { column, message }) : message;
  if (format === 'geojson')
    return column
      ? t('partners.import.featureError', { row: error.row, column, message })
      : t('partners.import.featureErrorWhole', { row: error.row, message });
  const row = error.row + 1;
  return column
    ? t('partners.import.rowError', { row, column, message })
    : t('partners.import.rowErrorWhole', { row, message });
}

// ---- The partner form ----

export interface PartnerDraft {
  name: string;
  kind: string;
  mechanism: string;
  services: string[];
  languages: string[];
  country: string;
  region: string;
  city: string;
  address: string;
  latitude: string;
  longitude: string;
  address_confidential: boolean;
  phone: string;
  email: string;
  website: string;
  contact_name: string;
  notes: string;
  active: boolean;
}

export type PartnerField = keyof PartnerDraft;

export const PARTNER_FIELDS: PartnerField[] = [
  'name',
  'kind',
  'mechanism',
  'services',
  'languages',
  'country',
  'region',
  'city',
  'address',
  'latitude',
  'longitude',
  'address_confidential',
  'phone',
  'email',
  'website',
  'contact_name',
  'notes',
  'active',
];

/** Fields a reader who may not see a confidential address can neither see nor send. */
export const LOCATION_FIELDS: PartnerField[] = ['address', 'latitude', 'longitude'];

/** Is this error's field one the form shows next to its input ("services.2" is services)? */
export function isFormField(field: string, locationHidden = false): boolean {
  const base = field.split('.')[0] as PartnerField;
  return PARTNER_FIELDS.includes(base) && !(locationHidden && LOCATION_FIELDS.includes(base));
}

export function emptyPartnerDraft(): PartnerDraft {
  return {
    name: '',
    kind: '',
    mechanism: '',
    services: [],
    languages: [],
    country: '',
    region: '',
    city: '',
    address: '',
    latitude: '',
    longitude: '',
    address_confidential: false,
    phone: '',
    email: '',
    website: '',
    contact_name: '',
    notes: '',
    active: true,
  };
}

const coordinate = (n: number | null) => (n === null || n === undefined ? '' : String(n));

export function draftFromPartner(p: Partner): PartnerDraft {
  return {
    name: p.name,
    kind: p.kind,
    mechanism: p.mechanism ?? '',
    services: [...p.services],
    languages: [...p.languages],
    country: p.country ?? '',
    region: p.region ?? '',
    city: p.city ?? '',
    address: p.address ?? '',
    latitude: coordinate(p.latitude),
    longitude: coordinate(p.longitude),
    address_confidential: p.address_confidential,
    phone: p.phone ?? '',
    email: p.email ?? '',
    website: p.website ?? '',
    contact_name: p.contact_name ?? '',
    notes: p.notes ?? '',
    active: p.active,
  };
}

function same(a: PartnerDraft[PartnerField], b: PartnerDraft[PartnerField]): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => x === b[i]);
  return typeof a === 'string' && typeof b === 'string' ? a.trim() === b.trim() : a === b;
}

export function changedPartnerFields(original: PartnerDraft, draft: PartnerDraft): PartnerField[] {
  return PARTNER_FIELDS.filter((f) => !same(original[f], draft[f]));
}

/** A typed coordinate as a number, null when empty, NaN when not a number. */
export function parseCoordinate(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (!t) return null;
  return /^[-+]?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
}

/**
 * The JSON body of POST /partners (all fields) or PATCH (the given ones): empty text as null.
 * Without the location when the reader may not see it: sending it would erase the address.
 */
export function partnerBody(
  draft: PartnerDraft,
  fields: PartnerField[] = PARTNER_FIELDS,
  { locationHidden = false } = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    if (locationHidden && LOCATION_FIELDS.includes(f)) continue;
    const v = draft[f];
    if (f === 'latitude' || f === 'longitude') body[f] = parseCoordinate(draft[f]);
    else if (typeof v === 'string')
      body[f] = f === 'name' || f === 'kind' ? v.trim() : v.trim() || null;
    else if (Array.isArray(v)) body[f] = [...v];
    else body[f] = v;
  }
  return body;
}

export type PartnerCheck =
  | 'partners.form.nameRequired'
  | 'partners.form.kindRequired'
  | 'partners.form.latitudeInvalid'
  | 'partners.form.longitudeInvalid'
  | 'partners.form.coordinatesBoth';

/** What the form can tell before sending: the required fields and the coordinates. */
export function checkPartnerDraft(
  draft: PartnerDraft,
  { locationHidden = false } = {},
): { field: PartnerField; key: PartnerCheck }[] {
  const out: { field: PartnerField; key: PartnerCheck }[] = [];
  if (!draft.name.trim()) out.push({ field: 'name', key: 'partners.form.nameRequired' });
  if (!draft.kind) out.push({ field: 'kind', key: 'partners.form.kindRequired' });
  if (locationHidden) return out;
  const lat = parseCoordinate(draft.latitude);
  const lon = parseCoordinate(draft.longitude);
  if (lat !== null && (Number.isNaN(lat) || lat < -90 || lat > 90))
    out.push({ field: 'latitude', key: 'partners.form.latitudeInvalid' });
  if (lon !== null && (Number.isNaN(lon) || lon < -180 || lon > 180))
    out.push({ field: 'longitude', key: 'partners.form.longitudeInvalid' });
  if ((lat === null) !== (lon === null))
    out.push({
      field: lat === null ? 'latitude' : 'longitude',
      key: 'partners.form.coordinatesBoth',
    });
  return out;
}

/** After an edit conflict: the current version with the fields she changed on top. */
export function reapplyPartner(
  original: PartnerDraft,
  mine: PartnerDraft,
  current: PartnerDraft,
): PartnerDraft {
  const next: PartnerDraft = {
    ...current,
    services: [...current.services],
    languages: [...current.languages],
  };
  for (const f of changedPartnerFields(original, mine)) {
    (next as unknown as Record<string, unknown>)[f] = Array.isArray(mine[f])
      ? [...(mine[f] as string[])]
      : mine[f];
  }
  return next;
}

// ---- Sharing consents ----

export interface ConsentLike {
  id: string;
  purpose: string;
  partner_id?: string | null;
  partner_name: string | null;
  status: string;
  given_on: string;
  created_at?: string;
  data_items?: string[];
}

/** Which consent a record belongs to: its purpose, and for sharing the partner it names. */
export function consentKey(c: ConsentLike): string {
  if (c.purpose !== 'sharing') return c.purpose;
  return c.partner_id ? `sharing:id:${c.partner_id}` : `sharing:name:${c.partner_name ?? ''}`;
}

/** The consent in force for each purpose (and partner): the latest one recorded. */
export function latestByPartner<T extends ConsentLike>(history: T[]): T[] {
  const latest = new Map<string, T>();
  for (const c of history) {
    const key = consentKey(c);
    const seen = latest.get(key);
    if (
      !seen ||
      c.given_on > seen.given_on ||
      (c.given_on === seen.given_on && (c.created_at ?? '') >= (seen.created_at ?? ''))
    )
      latest.set(key, c);
  }
  return [...latest.values()];
}

/** Packet items in their usual order, unknown ones (from a newer server) last. */
export function sortPacketItems(items: readonly string[]): string[] {
  const order = PACKET_ITEMS as readonly string[];
  const rank = (x: string) => (order.includes(x) ? order.indexOf(x) : order.length);
  return [...new Set(items)].sort((a, b) => rank(a) - rank(b));
}

/** The partner a consent names, in words: its directory name, else the name typed long ago. */
export function consentPartnerName(c: ConsentLike, names: Map<string, string>): string {
  return (c.partner_id && names.get(c.partner_id)) || c.partner_name || '';
}
