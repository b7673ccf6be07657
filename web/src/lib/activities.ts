// Pure helpers of the activities, media, calls, projects and dashboard screens (no Svelte, no
// fetch): tested in activities.test.ts. The vocabularies mirror src/core/indicators.h and the
// routes of docs/api-v1-activities.md, so that a test can prove each value has words in both
// languages.
import type {
  Application,
  Attendance,
  CallCriterion,
  IndicatorFilters,
  Milestone,
  ProjectFunder,
  ActivitySession,
} from './types';

// ---- Vocabularies ------------------------------------------------------------------------------

export const ACTIVITY_TYPES = [
  'workshop',
  'discussion_group',
  'art_therapy',
  'training',
  'awareness_session',
  'film_debate',
  'podcast_recording',
  'event',
  'outreach_round',
] as const;
export const AUDIENCES = ['members', 'professionals', 'mixed', 'public'] as const;
export const PROFESSIONS = [
  'police_officer',
  'lawyer',
  'magistrate',
  'social_worker',
  'health_worker',
  'teacher',
  'ngo_worker',
  'student',
  'other',
] as const;
export const ATTENDANCE_ROLES = ['participant', 'peer_helper', 'trainee'] as const;
export const MEDIA_KINDS = ['podcast_episode', 'film', 'video', 'article', 'photo_series'] as const;
export const MEDIA_STATUSES = ['in_production', 'ready', 'published', 'taken_down'] as const;
export const MEDIA_PARTS = ['voice', 'face', 'name_credited', 'interview'] as const;
export const CALL_STATUSES = ['draft', 'open', 'reviewing', 'decided', 'closed'] as const;
export const APPLICATION_STATUSES = [
  'received',
  'under_review',
  'selected',
  'not_selected',
  'withdrawn',
] as const;
export const INDICATOR_COUNTS = [
  'people',
  'households',
  'sessions',
  'activities',
  'attendances',
  'outsiders',
  'encounters',
  'referrals',
  'procedures',
  'outcomes',
  'media_items',
  'applications',
] as const;
export const DIMENSIONS = ['gender', 'age_band', 'minor', 'nationality', 'profession'] as const;
/** Categories of the dimensions with words (nationality is a country code, named by Intl). */
export const DIMENSION_CATEGORIES: Record<string, readonly string[]> = {
  age_band: ['0-14', '15-17', '18-24', '25-34', '35-49', '50+', 'unknown'],
  minor: ['minor', 'adult', 'unknown'],
};
/** Report narrative fields, in the order a report tells them (api/report_routes.cpp). */
export const NARRATIVE_KEYS = [
  'context',
  'objectives',
  'activities',
  'results',
  'difficulties',
  'partnerships',
  'outlook',
  'budget',
] as const;
/** HTCDS 2.0 spl_Type: support-plan goal types (outcomes). */
export const GOAL_TYPES = [
  'Education',
  'Financial',
  'Health',
  'LabourExploitationRehabilitation',
  'Legal',
  'Livelihood',
  'RightsBasedTraining',
  'SexualExploitationRehabilitation',
  'SocialCare',
  'Housing',
] as const;
export const VIA = ['cases', 'encounters', 'procedures', 'attendance', 'media'] as const;
export const REPORT_FORMATS = ['pdf', 'xlsx', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

// ---- Indicator definitions (core/indicators.cpp) ---------------------------------------------

/** Where a filter's values come from: a fixed list, or a vocabulary the screen knows. */
export type FilterValues =
  | readonly string[]
  | 'procedure_kinds'
  | 'procedure_statuses'
  | 'genders'
  | 'encounter_types'
  | 'boolean';

export interface FilterSpec {
  name: string;
  /** a scalar in the API (one value), else a list meaning "any of" */
  single: boolean;
  values: FilterValues;
  /** what it may filter */
  counts: readonly string[];
}

const PERSON_COUNTS = [
  'people',
  'households',
  'attendances',
  'encounters',
  'referrals',
  'procedures',
  'outcomes',
] as const;
const GROUP_COUNTS = ['sessions', 'activities', 'attendances', 'outsiders', 'people'] as const;

export const FILTER_SPECS: readonly FilterSpec[] = [
  { name: 'activity_types', single: false, values: ACTIVITY_TYPES, counts: GROUP_COUNTS },
  { name: 'audience', single: true, values: AUDIENCES, counts: GROUP_COUNTS },
  { name: 'international', single: true, values: 'boolean', counts: GROUP_COUNTS },
  {
    name: 'attendance_roles',
    single: false,
    values: ATTENDANCE_ROLES,
    counts: ['attendances', 'people'],
  },
  { name: 'professions', single: false, values: PROFESSIONS, counts: ['outsiders'] },
  {
    name: 'encounter_types',
    single: false,
    values: 'encounter_types',
    counts: ['encounters', 'people'],
  },
  {
    name: 'procedure_kind',
    single: true,
    values: 'procedure_kinds',
    counts: ['procedures', 'outcomes'],
  },
  {
    name: 'statuses',
    single: false,
    values: 'procedure_statuses',
    counts: ['procedures', 'referrals', 'outcomes'],
  },
  { name: 'direction', single: true, values: ['in', 'out'], counts: ['referrals'] },
  { name: 'goal_types', single: false, values: GOAL_TYPES, counts: ['outcomes'] },
  { name: 'media_kinds', single: false, values: MEDIA_KINDS, counts: ['media_items', 'people'] },
  {
    name: 'media_statuses',
    single: false,
    values: MEDIA_STATUSES,
    counts: ['media_items', 'people'],
  },
  {
    name: 'application_statuses',
    single: false,
    values: APPLICATION_STATUSES,
    counts: ['applications'],
  },
  { name: 'via', single: false, values: VIA, counts: ['people', 'households'] },
  { name: 'gender', single: false, values: 'genders', counts: PERSON_COUNTS },
  { name: 'minor', single: true, values: 'boolean', counts: PERSON_COUNTS },
  { name: 'member', single: true, values: 'boolean', counts: PERSON_COUNTS },
];

/** The filters that may refine what `counts` counts, in the order the editor shows them. */
export function filtersFor(counts: string): FilterSpec[] {
  return FILTER_SPECS.filter((f) => f.counts.includes(counts));
}

/** Whether a breakdown by `dimension` exists for an indicator counting `counts`. */
export function dimensionApplies(counts: string, dimension: string): boolean {
  if (dimension === 'profession') return counts === 'outsiders';
  if (!(DIMENSIONS as readonly string[]).includes(dimension)) return false;
  return ['people', 'attendances', 'encounters', 'outcomes'].includes(counts);
}

/** An indicator being edited: every filter as a list of chosen values ("true"/"false" too). */
export interface IndicatorDraft {
  name: string;
  counts: string;
  filters: Record<string, string[]>;
  target: string;
  milestones: { on: string; value: string }[];
}

export function emptyIndicatorDraft(): IndicatorDraft {
  return { name: '', counts: '', filters: {}, target: '', milestones: [] };
}

export function draftFromIndicator(i: {
  name: string;
  counts: string;
  filters: IndicatorFilters;
  target: number | null;
  milestones: Milestone[];
}): IndicatorDraft {
  const filters: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(i.filters ?? {})) {
    if (Array.isArray(value)) filters[name] = [...value];
    else filters[name] = [String(value)];
  }
  return {
    name: i.name,
    counts: i.counts,
    filters,
    target: i.target === null || i.target === undefined ? '' : String(i.target),
    milestones: i.milestones.map((m) => ({ on: m.on, value: String(m.value) })),
  };
}

/** A whole number ≥ 0 typed in a form, or null. */
export function parseCount(typed: string | number | null | undefined): number | null {
  const text = String(typed ?? '').trim();
  if (!/^\d{1,10}$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * The filters the API takes: only those that apply to what is counted, without empty ones;
 * scalar filters as one text or boolean.
 */
export function filtersBody(counts: string, filters: Record<string, string[]>): IndicatorFilters {
  const out: IndicatorFilters = {};
  for (const spec of filtersFor(counts)) {
    const values = (filters[spec.name] ?? []).filter((v) => v !== '');
    if (values.length === 0) continue;
    if (!spec.single) out[spec.name] = [...values];
    else if (spec.values === 'boolean') out[spec.name] = values[0] === 'true';
    else out[spec.name] = values[0];
  }
  return out;
}

export interface DraftError {
  field: string;
  /** a message key of activities.en.ts */
  key: 'activities.error.required' | 'activities.error.count' | 'activities.error.milestone';
}

/** What the form can tell before the server does; the server's checks still apply. */
export function checkIndicatorDraft(d: IndicatorDraft): DraftError[] {
  const errors: DraftError[] = [];
  if (!d.name.trim()) errors.push({ field: 'name', key: 'activities.error.required' });
  if (!d.counts) errors.push({ field: 'counts', key: 'activities.error.required' });
  if (d.target.trim() && parseCount(d.target) === null)
    errors.push({ field: 'target', key: 'activities.error.count' });
  if (d.milestones.some((m) => !/^\d{4}-\d{2}-\d{2}$/.test(m.on) || parseCount(m.value) === null))
    errors.push({ field: 'milestones', key: 'activities.error.milestone' });
  const has = (name: string) => (d.filters[name] ?? []).some((v) => v !== '');
  if (d.counts === 'outcomes' && !has('statuses') && !has('goal_types'))
    errors.push({ field: 'filters.statuses', key: 'activities.error.required' });
  if (
    (d.counts === 'procedures' || d.counts === 'outcomes') &&
    has('statuses') &&
    !has('procedure_kind')
  )
    errors.push({ field: 'filters.procedure_kind', key: 'activities.error.required' });
  return errors;
}

/** The body of POST /projects/{id}/indicators or PATCH /indicators/{id}. */
export function indicatorBody(d: IndicatorDraft): Record<string, unknown> {
  return {
    name: d.name.trim(),
    counts: d.counts,
    filters: filtersBody(d.counts, d.filters),
    target: d.target.trim() ? parseCount(d.target) : null,
    milestones: d.milestones
      .map((m) => ({ on: m.on, value: parseCount(m.value) ?? 0 }))
      .sort((a, b) => a.on.localeCompare(b.on)),
  };
}

// ---- Sessions and attendance -------------------------------------------------------------------

export interface AttendanceTotals {
  /** members present, one line each */
  members: number;
  /** outsiders, the sum of the groups' counts */
  outsiders: number;
  /** outsiders by profession, in the vocabulary's order */
  byProfession: { profession: string; count: number }[];
}

export function attendanceTotals(list: readonly Attendance[]): AttendanceTotals {
  let members = 0;
  let outsiders = 0;
  const by = new Map<string, number>();
  for (const a of list) {
    if (a.person_id) members += 1;
    else {
      const n = a.outsider_count ?? 0;
      outsiders += n;
      const p = a.profession ?? 'other';
      by.set(p, (by.get(p) ?? 0) + n);
    }
  }
  const order = PROFESSIONS as readonly string[];
  const byProfession = [...by.entries()]
    .map(([profession, count]) => ({ profession, count }))
    .sort((x, y) => rank(order, x.profession) - rank(order, y.profession));
  return { members, outsiders, byProfession };
}

function rank(order: readonly string[], value: string): number {
  const i = order.indexOf(value);
  return i < 0 ? order.length : i;
}

/** The attendance line of a member, if she is marked present. */
export function presenceOf(list: readonly Attendance[], personId: string): Attendance | undefined {
  return list.find((a) => a.person_id === personId);
}

/** Sessions of a list split around today: today's, those to come (soonest first), past ones. */
export function splitSessions<T extends Pick<ActivitySession, 'held_on' | 'starts_at'>>(
  sessions: readonly T[],
  today: string,
): { today: T[]; upcoming: T[]; past: T[] } {
  const byTime = (a: T, b: T) =>
    a.held_on.localeCompare(b.held_on) || (a.starts_at ?? '').localeCompare(b.starts_at ?? '');
  const sorted = [...sessions].sort(byTime);
  return {
    today: sorted.filter((s) => s.held_on === today),
    upcoming: sorted.filter((s) => s.held_on > today),
    past: sorted.filter((s) => s.held_on < today).reverse(),
  };
}

/** Themes typed one per line (commas belong to a theme: "Slavery, memory and today"). */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const item = line.trim();
    if (item && !out.includes(item)) out.push(item);
  }
  return out;
}

/** Rows of a repeatable group without the entirely empty ones (a guest, a material). */
export function filledRows<T extends Record<string, string>>(rows: readonly T[]): T[] {
  return rows
    .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.trim()])) as T)
    .filter((r) => Object.values(r).some((v) => v !== ''));
}

/** An http(s) address, as the server accepts links. */
export function isLink(text: string): boolean {
  return /^https?:\/\/[^\s\u0000-\u001f]+$/i.test(text.trim());
}

// ---- Calls for contributions -------------------------------------------------------------------

/**
 * One review's score, 0–100: Σ weight × score / max over Σ weight (a criterion not scored counts
 * as 0), as the server computes it (api/call_routes.cpp). Null without criteria.
 */
export function reviewScore(
  criteria: readonly CallCriterion[],
  scores: Record<string, number | null | undefined>,
): number | null {
  const weights = criteria.reduce((sum, k) => sum + k.weight, 0);
  if (weights === 0) return null;
  let sum = 0;
  for (const k of criteria) {
    const v = scores[k.key];
    if (typeof v === 'number' && Number.isFinite(v) && k.max > 0) sum += (k.weight * v) / k.max;
  }
  return Math.round((sum / weights) * 1000) / 10;
}

/** The mean of the reviews' scores, to one decimal, or null before any review. */
export function applicationScore(
  criteria: readonly CallCriterion[],
  reviews: readonly { scores: Record<string, number> }[],
): number | null {
  if (reviews.length === 0) return null;
  const each = reviews.map((r) => reviewScore(criteria, r.scores));
  if (each.some((s) => s === null)) return null;
  const mean = (each as number[]).reduce((a, b) => a + b, 0) / each.length;
  return Math.round(mean * 10) / 10;
}

/**
 * Applications ranked as the server ranks them: best score first, those not reviewed yet last;
 * on a tie, first received first.
 */
export function rankApplications<T extends Pick<Application, 'score' | 'received_on'>>(
  apps: readonly T[],
): T[] {
  return [...apps].sort((x, y) => {
    const xs = x.score !== null && x.score !== undefined;
    const ys = y.score !== null && y.score !== undefined;
    if (xs !== ys) return xs ? -1 : 1;
    if (xs && ys && x.score !== y.score) return (y.score as number) - (x.score as number);
    return x.received_on.localeCompare(y.received_on);
  });
}

/** A criterion's key made from its label: lower case ASCII, digits and "_", unique in the call. */
export function criterionKey(label: string, taken: readonly string[]): string {
  const base =
    label
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 32) || 'criterion';
  let key = base;
  for (let n = 2; taken.includes(key); n++) key = `${base}_${n}`;
  return key;
}

/** Her own review of an application, if she has given one. */
export function myReview(app: Pick<Application, 'reviews'>, userId: string | undefined) {
  return userId ? app.reviews.find((r) => r.reviewer_id === userId) : undefined;
}

/** Places of a call still free (null when the call sets no number). */
export function placesLeft(
  places: number | null,
  apps: readonly Pick<Application, 'status'>[],
): number | null {
  if (places === null) return null;
  return Math.max(0, places - apps.filter((a) => a.status === 'selected').length);
}

// ---- Money -------------------------------------------------------------------------------------

/** An amount in cents in the language's way: "12 500,00 €", "€12,500.00". */
export function formatCents(cents: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

/** Funders' amounts added up by currency (never across currencies), in order of appearance. */
export function fundingTotals(
  funders: readonly ProjectFunder[],
): { currency: string; cents: number }[] {
  const out: { currency: string; cents: number }[] = [];
  for (const f of funders) {
    const row = out.find((r) => r.currency === f.currency);
    if (row) row.cents += f.amount_cents;
    else out.push({ currency: f.currency, cents: f.amount_cents });
  }
  return out;
}

// ---- Dashboards and reports ----------------------------------------------------------------

/** The query of GET /projects/{id}/dashboard. */
export function dashboardQuery(options: {
  from?: string;
  to?: string;
  dimensions?: readonly string[];
  suppressed?: boolean;
}): string {
  const q = new URLSearchParams();
  if (options.from) q.set('from', options.from);
  if (options.to) q.set('to', options.to);
  if (options.dimensions?.length) q.set('dimensions', options.dimensions.join(','));
  if (options.suppressed) q.set('suppressed', 'true');
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** The query of GET /projects/{id}/report. */
export function reportQuery(format: ReportFormat, from?: string, to?: string): string {
  const q = new URLSearchParams({ format });
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  return `?${q}`;
}

/** The file name the server gives a report: code-from-to.format. */
export function reportFileName(code: string, from: string, to: string, format: ReportFormat) {
  return `${code}-${from}-${to}.${format}`;
}

/** A period picked in the form: both days optional, "to" not before "from". */
export function checkPeriod(from: string, to: string): 'to' | null {
  return from && to && to < from ? 'to' : null;
}

// ---- Edit conflicts ----------------------------------------------------------------------------

/**
 * After a 412: which of the fields we sent someone else has changed meanwhile, by comparing the
 * record the server sent (`current`) with the copy the form started from. (The server's
 * changed_fields lists the fields we sent, not those that differ.)
 */
export function conflictFields(
  current: Record<string, unknown> | null | undefined,
  mine: Record<string, unknown> | null | undefined,
  fields: readonly string[],
): string[] {
  if (!current || !mine) return [];
  return fields.filter(
    (f) => f in current && JSON.stringify(current[f]) !== JSON.stringify(mine[f]),
  );
}

// ---- Words ---------------------------------------------------------------------------------

/** Message-key prefixes of the vocabularies (activities.en.ts has `<prefix>.<value>`). */
export const VOCABULARIES = {
  activityType: ACTIVITY_TYPES,
  audience: AUDIENCES,
  profession: PROFESSIONS,
  attendanceRole: ATTENDANCE_ROLES,
  mediaKind: MEDIA_KINDS,
  mediaStatus: MEDIA_STATUSES,
  mediaPart: MEDIA_PARTS,
  callStatus: CALL_STATUSES,
  applicationStatus: APPLICATION_STATUSES,
  indicatorCounts: INDICATOR_COUNTS,
  dimension: DIMENSIONS,
  narrative: NARRATIVE_KEYS,
  goalType: GOAL_TYPES,
  via: VIA,
  filter: FILTER_SPECS.map((f) => f.name),
  reportFormat: REPORT_FORMATS,
  ageBand: DIMENSION_CATEGORIES.age_band,
  minorCategory: DIMENSION_CATEGORIES.minor,
} as const;
export type Vocabulary = keyof typeof VOCABULARIES;

/**
 * Label functions over the catalog (the app passes i18n's t and hasMessage): a value without
 * words is shown as it is, never hidden.
 */
export function createActivityLabels<K extends string>(
  translate: (key: K) => string,
  has: (key: string) => key is K,
) {
  const word = (vocabulary: Vocabulary, value: string | null | undefined): string => {
    if (!value) return '';
    const key = `${vocabulary}.${value}`;
    return has(key) ? translate(key) : value;
  };
  /** Options of a select or a group of choices, in the vocabulary's order. */
  const options = (vocabulary: Vocabulary): { value: string; label: string }[] =>
    (VOCABULARIES[vocabulary] as readonly string[]).map((v) => ({
      value: v,
      label: word(vocabulary, v),
    }));
  return { word, options };
}

/** The members of `body` that differ from the record as it was read (null when it had none). */
export function changedMembers(
  body: Record<string, unknown>,
  original: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body).filter(
      ([k, v]) => JSON.stringify(v) !== JSON.stringify(original[k] ?? null),
    ),
  );
}
