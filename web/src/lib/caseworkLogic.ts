// Pure helpers of the casework screens (no Svelte, no fetch): tested in caseworkLogic.test.ts.
import { AGE_BANDS, type AgeBand, type Consent, type Person, type Task } from './casework';

/** The age band of the anonymous-contact form for an age in years, or null if not an age. */
export function ageBand(age: number): AgeBand | null {
  if (!Number.isFinite(age) || age < 0 || age > 130) return null;
  const years = Math.floor(age);
  if (years <= 14) return '0-14';
  if (years <= 17) return '15-17';
  if (years <= 24) return '18-24';
  if (years <= 34) return '25-34';
  if (years <= 49) return '35-49';
  return '50+';
}

export function isAgeBand(value: string): value is AgeBand {
  return (AGE_BANDS as readonly string[]).includes(value);
}

/**
 * The duration to send for a preset choice or a typed number of minutes: whole minutes from 0
 * to 24 h, or null when nothing (or nothing valid) is given.
 */
export function durationMinutes(preset: string, typed: string): number | null {
  const raw = preset === 'other' ? typed.trim() : preset;
  if (raw === '') return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 24 * 60) return null;
  return n;
}

/** A local calendar day as yyyy-mm-dd (what <input type=date> holds). */
export function localDay(date: Date = new Date()): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/**
 * The due_at of a task: the day alone ("2026-12-01"), or with a local time the UTC instant to the
 * second ("2026-12-01T08:30:00Z"), as the API accepts.
 */
export function dueAt(day: string, time: string): string {
  if (!time) return day;
  const local = new Date(`${day}T${time}:00`);
  if (Number.isNaN(local.getTime())) return day;
  return local.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Split text typed one item per line or comma-separated into trimmed, non-empty, unique items. */
export function splitList(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[\n,;]/)) {
    const item = part.trim();
    if (item && !out.includes(item)) out.push(item);
  }
  return out;
}

/** Tasks to do, the ones late first, then by due date. */
export function sortTasks(tasks: Task[]): Task[] {
  return [...tasks].sort((a, b) => {
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    return a.due_at.localeCompare(b.due_at);
  });
}

/** The consent in force for each purpose (and partner, for sharing): the latest one recorded. */
export function latestConsents(history: Consent[]): Consent[] {
  const latest = new Map<string, Consent>();
  for (const c of history) {
    const key = c.purpose === 'sharing' ? `sharing:${c.partner_name ?? ''}` : c.purpose;
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

// ---- The person form: a flat draft of strings and booleans, to edit and to compare. ----

export interface PersonDraft {
  given_name: string;
  family_name: string;
  aliases: string;
  birth_date: string;
  birth_year: string;
  birth_year_estimated: boolean;
  gender: string;
  nationalities: string[];
  languages: string[];
  phones: string;
  email: string;
  address: string;
  documents: Record<string, string>;
  member: boolean;
  peer_helper: boolean;
}

export type DraftField = keyof PersonDraft;

export const DRAFT_FIELDS: DraftField[] = [
  'given_name',
  'family_name',
  'aliases',
  'birth_date',
  'birth_year',
  'birth_year_estimated',
  'gender',
  'nationalities',
  'languages',
  'phones',
  'email',
  'address',
  'documents',
  'member',
  'peer_helper',
];

export function emptyDraft(): PersonDraft {
  return {
    given_name: '',
    family_name: '',
    aliases: '',
    birth_date: '',
    birth_year: '',
    birth_year_estimated: false,
    gender: 'Unknown',
    nationalities: [],
    languages: [],
    phones: '',
    email: '',
    address: '',
    documents: {},
    member: false,
    peer_helper: false,
  };
}

export function draftFromPerson(p: Person): PersonDraft {
  return {
    given_name: p.given_name,
    family_name: p.family_name,
    aliases: p.aliases.join('\n'),
    birth_date: p.birth_date ?? '',
    // With a birth date the year follows from it; the year field is for an estimate alone.
    birth_year: p.birth_date || p.birth_year == null ? '' : String(p.birth_year),
    birth_year_estimated: p.birth_year_estimated,
    gender: p.gender,
    nationalities: [...p.nationalities],
    languages: [...p.languages],
    phones: p.contact.phones.join('\n'),
    email: p.contact.email,
    address: p.contact.address,
    documents: { ...p.documents },
    member: p.member,
    peer_helper: p.peer_helper,
  };
}

/** A field's value in a comparable, displayable form. */
export function draftValue(draft: PersonDraft, field: DraftField): string {
  const v = draft[field];
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object')
    return Object.keys(v)
      .sort()
      .map((k) => `${k}: ${v[k]}`)
      .join(', ');
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (field === 'aliases' || field === 'phones') return splitList(v).join(', ');
  return v.trim();
}

/** The fields whose value differs between two drafts. */
export function changedFields(before: PersonDraft, after: PersonDraft): DraftField[] {
  return DRAFT_FIELDS.filter((f) => draftValue(before, f) !== draftValue(after, f));
}

/** The JSON body for POST /people (all fields) or PATCH /people/{id} (only `fields`). */
export function personBody(
  draft: PersonDraft,
  fields: DraftField[] = DRAFT_FIELDS,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const has = (f: DraftField) => fields.includes(f);
  if (has('given_name')) body.given_name = draft.given_name.trim();
  if (has('family_name')) body.family_name = draft.family_name.trim();
  if (has('aliases')) body.aliases = splitList(draft.aliases);
  if (has('birth_date') || has('birth_year')) {
    body.birth_date = draft.birth_date || null;
    if (!draft.birth_date) {
      const year = Number(draft.birth_year.trim());
      body.birth_year = draft.birth_year.trim() && Number.isInteger(year) ? year : null;
    }
  }
  if (has('birth_year_estimated')) body.birth_year_estimated = draft.birth_year_estimated;
  if (has('gender')) body.gender = draft.gender;
  if (has('nationalities')) body.nationalities = draft.nationalities;
  if (has('languages')) body.languages = draft.languages;
  if (has('phones') || has('email') || has('address'))
    body.contact = {
      phones: splitList(draft.phones),
      email: draft.email.trim(),
      address: draft.address.trim(),
    };
  if (has('documents')) body.documents = { ...draft.documents };
  if (has('member')) body.member = draft.member;
  if (has('peer_helper')) body.peer_helper = draft.peer_helper;
  return body;
}

export interface ConflictRow {
  field: DraftField;
  /** what the record held when she started editing */
  original: string;
  /** what she typed */
  mine: string;
  /** what the record holds now */
  theirs: string;
  changedByMe: boolean;
  changedByThem: boolean;
  /** both changed it, to different values */
  clash: boolean;
}

/**
 * After a 412: every field that she or the other person changed, with the three values, so she
 * can compare before applying her changes on top of the current version.
 */
export function conflictRows(
  original: PersonDraft,
  mine: PersonDraft,
  current: PersonDraft,
): ConflictRow[] {
  const rows: ConflictRow[] = [];
  for (const field of DRAFT_FIELDS) {
    const o = draftValue(original, field);
    const m = draftValue(mine, field);
    const c = draftValue(current, field);
    const changedByMe = m !== o;
    const changedByThem = c !== o;
    if (!changedByMe && !changedByThem) continue;
    rows.push({
      field,
      original: o,
      mine: m,
      theirs: c,
      changedByMe,
      changedByThem,
      clash: changedByMe && changedByThem && m !== c,
    });
  }
  return rows;
}

/** Her changes re-applied on top of the current version (fields she did not touch follow it). */
export function reapply(
  original: PersonDraft,
  mine: PersonDraft,
  current: PersonDraft,
): PersonDraft {
  const next = plain(current);
  const copy = plain(mine);
  for (const field of changedFields(original, mine)) {
    (next as unknown as Record<string, unknown>)[field] = copy[field];
  }
  return next;
}

/** A deep plain copy (Svelte state proxies cannot be structured-cloned). */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** "Ada Obi" from a person or a brief; family name may be empty. */
export function fullName(p: { given_name: string; family_name: string }): string {
  return [p.given_name, p.family_name].filter(Boolean).join(' ');
}

/** Case list filter for the quick encounter: number or name contains every typed word. */
export function matchesCase(
  c: { number: string; person: { given_name: string; family_name: string } },
  text: string,
): boolean {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const hay = fold(`${c.number} ${c.person.given_name} ${c.person.family_name}`);
  return fold(text)
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}
