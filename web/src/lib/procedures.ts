// Pure helpers of the procedure, referral and deadline screens (no Svelte, no fetch): tested in
// procedures.test.ts. The screens render whatever GET /procedure-kinds sends; the catalog below
// mirrors docs/procedures.md only so that a test can prove every value the server may send has
// words in both languages.
import type {
  DeadlineItem,
  Procedure,
  ProcedureArea,
  ProcedureFieldSpec,
  ProcedureFieldType,
  ProcedureFieldValue,
  ProcedureKindSpec,
  ProcedureTransitionSpec,
} from './types';

// ---- The catalog of docs/procedures.md -------------------------------------------------------

interface FieldMirror {
  name: string;
  type: ProcedureFieldType;
  choices?: readonly string[];
}
interface KindMirror {
  kind: string;
  area: ProcedureArea;
  statuses: readonly string[];
  fields: readonly FieldMirror[];
  steps: readonly { kind: string; fields: readonly FieldMirror[] }[];
  deadlines: readonly string[];
}

const date = (name: string): FieldMirror => ({ name, type: 'date' });
const text = (name: string): FieldMirror => ({ name, type: 'text' });
const longText = (name: string): FieldMirror => ({ name, type: 'long_text' });
const amount = (name: string): FieldMirror => ({ name, type: 'amount' });
const bool = (name: string): FieldMirror => ({ name, type: 'boolean' });
const choice = (name: string, choices: readonly string[]): FieldMirror => ({
  name,
  type: 'choice',
  choices,
});

export const PROCEDURE_CATALOG: readonly KindMirror[] = [
  {
    kind: 'referral',
    area: 'referral',
    statuses: ['draft', 'sent', 'accepted', 'completed', 'declined', 'failed', 'withdrawn'],
    fields: [
      date('received_on'),
      date('travel_on'),
      text('placement'),
      text('contact_person'),
      longText('details'),
      longText('outcome'),
    ],
    steps: [],
    deadlines: ['next_step'],
  },
  {
    kind: 'criminal_proceedings',
    area: 'legal',
    statuses: [
      'complaint_filed',
      'investigation',
      'prosecution',
      'trial',
      'judgment',
      'appeal',
      'final_decision',
      'dismissed',
    ],
    fields: [
      date('complaint_on'),
      choice('complaint_to', ['police', 'gendarmerie', 'prosecutor']),
      text('police_unit'),
      text('case_reference'),
      bool('civil_party'),
      date('civil_party_on'),
      text('court'),
      choice('verdict', ['conviction', 'partial_conviction', 'acquittal']),
      date('verdict_on'),
      date('appeal_on'),
      date('final_decision_on'),
      amount('damages_awarded'),
    ],
    steps: [
      {
        kind: 'hearing',
        fields: [
          text('court'),
          choice('purpose', ['preliminary', 'trial', 'appeal', 'civil_interests', 'other']),
          longText('outcome'),
        ],
      },
    ],
    deadlines: ['next_step', 'hearing'],
  },
  {
    kind: 'compensation',
    area: 'legal',
    statuses: ['preparing', 'filed', 'decided', 'paid', 'rejected', 'abandoned'],
    fields: [
      choice('body', ['civi', 'sarvi', 'court', 'other']),
      date('offence_on'),
      date('final_decision_on'),
      date('filed_on'),
      amount('amount_claimed'),
      date('decided_on'),
      amount('amount_awarded'),
      date('paid_on'),
      text('reference'),
    ],
    steps: [
      { kind: 'hearing', fields: [text('court'), longText('outcome')] },
      { kind: 'expert_assessment', fields: [longText('outcome')] },
    ],
    deadlines: ['next_step', 'civi_claim'],
  },
  {
    kind: 'residence_permit',
    area: 'legal',
    statuses: ['preparing', 'submitted', 'granted', 'refused', 'appeal', 'ended'],
    fields: [
      choice('permit_type', [
        'aps',
        'temporary_private_life',
        'resident_card',
        'refugee_card',
        'other',
      ]),
      text('prefecture'),
      date('submitted_on'),
      date('receipt_until'),
      date('granted_on'),
      date('valid_from'),
      date('valid_until'),
      text('reference'),
    ],
    steps: [
      { kind: 'renewal', fields: [date('submitted_on'), date('valid_until')] },
      { kind: 'receipt', fields: [date('receipt_until')] },
    ],
    deadlines: ['next_step', 'permit_renewal', 'receipt_expiry'],
  },
  {
    kind: 'asylum',
    area: 'legal',
    statuses: [
      'preparing',
      'registered',
      'ofpra_pending',
      'ofpra_rejected',
      'cnda_pending',
      'ofpra_granted',
      'cnda_granted',
      'cnda_rejected',
      'closed',
    ],
    fields: [
      choice('procedure_type', ['normal', 'accelerated', 'dublin']),
      date('registered_on'),
      date('ofpra_lodged_on'),
      date('interview_on'),
      date('decision_on'),
      date('notified_on'),
      date('cnda_lodged_on'),
      date('cnda_hearing_on'),
      date('cnda_decision_on'),
      choice('protection', ['refugee', 'subsidiary']),
      text('reference'),
    ],
    steps: [],
    deadlines: ['next_step', 'ofpra_interview', 'cnda_appeal', 'cnda_hearing'],
  },
  {
    kind: 'exit_programme',
    area: 'general',
    statuses: [
      'preparing',
      'submitted',
      'commission_scheduled',
      'opinion_given',
      'authorised',
      'in_programme',
      'refused',
      'ended',
    ],
    fields: [
      choice('doc_request_form', ['present', 'missing']),
      choice('doc_proof_of_situation', ['present', 'missing']),
      choice('doc_sworn_statement', ['present', 'missing']),
      choice('doc_id_copy', ['present', 'missing']),
      date('submitted_on'),
      date('commission_on'),
      choice('opinion', ['favourable', 'unfavourable']),
      date('decision_on'),
      date('start_on'),
      date('allowance_until'),
      date('permit_until'),
      date('ended_on'),
    ],
    steps: [{ kind: 'renewal', fields: [date('decided_on')] }],
    deadlines: [
      'next_step',
      'psp_commission',
      'psp_renewal',
      'psp_end',
      'allowance_end',
      'permit_end',
    ],
  },
  {
    kind: 'housing',
    area: 'general',
    statuses: ['preparing', 'applied', 'offered', 'housed', 'refused', 'withdrawn', 'ended'],
    fields: [
      choice('mechanism', [
        'emergency_115',
        'siao',
        'dalo',
        'rental_intermediation',
        'acse_placement',
        'social_housing',
        'other',
      ]),
      { name: 'household_size', type: 'integer' },
      date('applied_on'),
      date('offered_on'),
      date('housed_on'),
      choice('housing_type', [
        'emergency_shelter',
        'hotel',
        'hostel',
        'shared_flat',
        'intermediated_rental',
        'social_housing',
        'private_rental',
      ]),
      choice('tenancy_6m', ['held', 'lost']),
      choice('tenancy_12m', ['held', 'lost']),
      text('reference'),
    ],
    steps: [],
    deadlines: ['next_step', 'tenancy_check_6m', 'tenancy_check_12m'],
  },
  {
    kind: 'child_protection',
    area: 'general',
    statuses: ['reported', 'assessment', 'judge_seized', 'measure_ordered', 'closed'],
    fields: [
      choice('report_type', ['information_preoccupante', 'signalement']),
      date('reported_on'),
      choice('reported_to', ['crip', 'prosecutor', 'juvenile_judge']),
      date('follow_up_on'),
      choice('measure', ['placement', 'educational_assistance', 'other']),
      date('measure_on'),
      longText('details'),
    ],
    steps: [],
    deadlines: ['next_step', 'protection_follow_up'],
  },
  {
    kind: 'ad_hoc_administrator',
    area: 'general',
    statuses: ['requested', 'appointed', 'ended'],
    fields: [
      bool('held_by_association'),
      text('administrator_name'),
      choice('appointed_by', ['prosecutor', 'juvenile_judge', 'investigating_judge', 'court']),
      text('court'),
      date('appointed_on'),
      date('ended_on'),
      text('lawyer_name'),
    ],
    steps: [],
    deadlines: ['next_step'],
  },
  {
    kind: 'guardianship',
    area: 'general',
    statuses: ['requested', 'opened', 'ended'],
    fields: [
      choice('guardian', ['ase', 'family_member', 'association', 'other']),
      text('guardian_name'),
      text('court'),
      date('opened_on'),
      date('review_on'),
      date('ended_on'),
    ],
    steps: [],
    deadlines: ['next_step', 'guardianship_review'],
  },
  {
    kind: 'age_assessment',
    area: 'general',
    statuses: [
      'requested',
      'in_progress',
      'concluded_adult',
      'contested',
      'concluded_minor',
      'closed',
    ],
    fields: [
      date('requested_on'),
      date('concluded_on'),
      date('contested_on'),
      choice('assessed_by', ['department', 'mandated_association', 'other']),
      bool('bone_test'),
    ],
    steps: [],
    deadlines: ['next_step'],
  },
];

export const PROCEDURE_AREAS: readonly ProcedureArea[] = ['referral', 'legal', 'general'];

export const REFERRAL_REASONS = [
  'safe_relocation',
  'shelter',
  'housing',
  'health',
  'mental_health',
  'legal_support',
  'asylum',
  'exit_programme',
  'child_protection',
  'voluntary_return',
  'employment_training',
  'language',
  'family_tracing',
  'AdditionalServicesRequired',
  'MigrationOrChangeOfLocation',
  'Other',
] as const;

/** Items of data a referral's packet may hold (and a sharing consent may cover). */
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

/** What a new outgoing referral carries unless the worker chooses otherwise: the least. */
export const DEFAULT_PACKET_ITEMS: readonly string[] = ['given_name', 'family_name', 'languages'];

export const REFERRAL_DIRECTIONS = ['out', 'in'] as const;

/** A status change is stored as a step of this kind. */
export const TRANSITION_STEP = 'transition';

/** Kinds whose procedure names a partner (the one it is addressed to, or who runs it). */
export const KINDS_WITH_PARTNER: readonly string[] = ['referral', 'housing'];
/** Kinds whose procedure names the lawyer following it. */
export const KINDS_WITH_LAWYER: readonly string[] = ['criminal_proceedings'];

/** Every deadline kind the server computes (core::deadlines_of). */
export function deadlineKinds(): string[] {
  const out: string[] = [];
  for (const k of PROCEDURE_CATALOG) for (const d of k.deadlines) if (!out.includes(d)) out.push(d);
  return out;
}

// ---- Words: message keys, most specific first ------------------------------------------------

export const labelKeys = {
  kind: (kind: string) => [`procedure.kind.${kind}`],
  area: (area: string) => [`procedure.area.${area}`],
  status: (status: string, kind?: string) => [
    ...(kind ? [`procedure.status.${kind}.${status}`] : []),
    `procedure.status.${status}`,
  ],
  field: (kind: string, name: string) => [
    `procedure.field.${kind}.${name}`,
    `procedure.field.${name}`,
  ],
  choice: (field: string, value: string) => [
    `procedure.choice.${field}.${value}`,
    `procedure.choice.${value}`,
  ],
  step: (kind: string) => [`procedure.step.${kind}`],
  deadline: (kind: string) => [`procedure.deadline.${kind}`],
  reason: (reason: string) => [`referral.reason.${reason}`],
  item: (item: string) => [`referral.item.${item}`],
  direction: (direction: string) => [`referral.direction.${direction}`],
};

/** The first of `candidates` the catalog has, or null. */
export function firstKey(candidates: string[], has: (key: string) => boolean): string | null {
  return candidates.find(has) ?? null;
}

/**
 * Label functions over a catalog (the app passes i18n's t and hasMessage). A value without
 * words is shown as it is, never hidden.
 */
export function createLabels<K extends string>(
  translate: (key: K) => string,
  has: (key: string) => key is K,
) {
  const pick = (candidates: string[], raw: string) => {
    const key = candidates.find(has);
    return key ? translate(key as K) : raw;
  };
  return {
    kind: (kind: string) => pick(labelKeys.kind(kind), kind),
    area: (area: string) => pick(labelKeys.area(area), area),
    status: (status: string, kind?: string) => pick(labelKeys.status(status, kind), status),
    field: (kind: string, name: string) => pick(labelKeys.field(kind, name), name),
    choice: (field: string, value: string) => pick(labelKeys.choice(field, value), value),
    step: (kind: string) => pick(labelKeys.step(kind), kind),
    deadline: (kind: string) => pick(labelKeys.deadline(kind), kind),
    reason: (reason: string) => pick(labelKeys.reason(reason), reason),
    item: (item: string) => pick(labelKeys.item(item), item),
    direction: (direction: string) => pick(labelKeys.direction(direction), direction),
  };
}
export type ProcedureLabels = ReturnType<typeof createLabels>;

/**
 * Every value the kinds endpoint (and the referral and deadline routes) can send, with the keys
 * that may name it: for the test that each has words.
 */
export function everyLabelledValue(): { value: string; keys: string[] }[] {
  const out: { value: string; keys: string[] }[] = [];
  const add = (value: string, keys: string[]) => out.push({ value, keys });
  for (const area of PROCEDURE_AREAS) add(area, labelKeys.area(area));
  for (const k of PROCEDURE_CATALOG) {
    add(k.kind, labelKeys.kind(k.kind));
    for (const s of k.statuses) add(`${k.kind}:${s}`, labelKeys.status(s, k.kind));
    const fields = [...k.fields, ...k.steps.flatMap((s) => s.fields)];
    for (const f of fields) {
      add(`${k.kind}.${f.name}`, labelKeys.field(k.kind, f.name));
      for (const c of f.choices ?? []) add(`${f.name}=${c}`, labelKeys.choice(f.name, c));
    }
    for (const s of k.steps) add(s.kind, labelKeys.step(s.kind));
    for (const d of k.deadlines) add(d, labelKeys.deadline(d));
  }
  add(TRANSITION_STEP, labelKeys.step(TRANSITION_STEP));
  for (const r of REFERRAL_REASONS) add(r, labelKeys.reason(r));
  for (const i of PACKET_ITEMS) add(i, labelKeys.item(i));
  for (const d of REFERRAL_DIRECTIONS) add(d, labelKeys.direction(d));
  return out;
}

// ---- Amounts: euro cents on the wire, euros with 2 decimals on screen ----------------------

/** Cents as typed-back text with 2 decimals: 150050 → "1500.50" (or "1500,50" in French). */
export function centsToInput(cents: number | null | undefined, decimal: '.' | ',' = '.'): string {
  if (cents === null || cents === undefined || !Number.isFinite(cents)) return '';
  const negative = cents < 0;
  const abs = Math.round(Math.abs(cents));
  const text = `${Math.floor(abs / 100)}${decimal}${String(abs % 100).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/**
 * Euros as typed ("1 500,50", "1500.5", "1,500.50", "€ 300") into cents, or null when it is not
 * an amount (negative, more than 2 decimals, letters). With both "." and "," the last one marks
 * the cents; a lone separator followed by 1 or 2 digits marks the cents, followed by 3 digits
 * ("1.500", "1,500") it groups thousands.
 */
export function parseEuros(typed: string): number | null {
  const compact = typed.replace(/[\s\u00a0\u202f€]/g, '').replace(/^EUR|EUR$/i, '');
  if (!/^\d[\d.,]*$/.test(compact)) return null;
  let whole = compact;
  let fraction = '';
  const last = Math.max(compact.lastIndexOf('.'), compact.lastIndexOf(','));
  if (last >= 0) {
    const sep = compact[last];
    const after = compact.slice(last + 1);
    const both = compact.includes('.') && compact.includes(',');
    const lone = compact.indexOf(sep) === last;
    if (both || (lone && after.length >= 1 && after.length <= 2)) {
      if (!/^\d{1,2}$/.test(after)) return null;
      whole = compact.slice(0, last);
      fraction = after;
    }
  }
  // What is left of the whole part may group thousands with one kind of separator.
  const groups = whole.split(/[.,]/);
  if (groups.length > 1) {
    const seps = new Set(whole.replace(/\d/g, ''));
    const wellGrouped =
      seps.size === 1 &&
      /^\d{1,3}$/.test(groups[0]) &&
      groups.slice(1).every((g) => /^\d{3}$/.test(g));
    if (!wellGrouped) return null;
  }
  const cents = Number(groups.join('')) * 100 + Number(fraction.padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}

/** Cents shown as money in the language's way: "1 500,50 €", "€1,500.50". */
export function formatEuros(cents: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

// ---- Field values: the API's JSON ↔ what a form holds -------------------------------------

/** What a form control holds for a field: text for every input, a flag for a checkbox. */
export type FormValue = string | boolean;

export function toFormValue(
  spec: Pick<ProcedureFieldSpec, 'type'>,
  value: ProcedureFieldValue | undefined,
  decimal: '.' | ',' = '.',
): FormValue {
  if (spec.type === 'boolean') return value === true;
  if (value === null || value === undefined) return '';
  if (spec.type === 'amount') return centsToInput(Number(value), decimal);
  return String(value);
}

/** The JSON value to send for what a form holds, or 'invalid' (empty text clears: null). */
export function fromFormValue(
  spec: Pick<ProcedureFieldSpec, 'type'>,
  form: FormValue,
): ProcedureFieldValue | 'invalid' {
  if (spec.type === 'boolean') return form === true;
  const typed = String(form).trim();
  if (typed === '') return null;
  switch (spec.type) {
    case 'amount':
      return parseEuros(typed) ?? 'invalid';
    case 'integer':
      return /^\d{1,9}$/.test(typed) ? Number(typed) : 'invalid';
    case 'date':
      return isDay(typed) ? typed : 'invalid';
    default:
      return typed;
  }
}

/** Whether a field holds something (false booleans and blank text do not count). */
export function isSet(value: ProcedureFieldValue | undefined): boolean {
  return value !== null && value !== undefined && value !== '' && value !== false;
}

/**
 * The fields to PATCH: those whose form value differs from the record (null clears one), plus
 * the names of those that do not parse.
 */
export function changedFields(
  specs: ProcedureFieldSpec[],
  current: Record<string, ProcedureFieldValue>,
  form: Record<string, FormValue>,
): { changes: Record<string, ProcedureFieldValue>; invalid: string[] } {
  const changes: Record<string, ProcedureFieldValue> = {};
  const invalid: string[] = [];
  for (const spec of specs) {
    if (!(spec.name in form)) continue;
    const next = fromFormValue(spec, form[spec.name]);
    if (next === 'invalid') {
      invalid.push(spec.name);
      continue;
    }
    const before = current[spec.name] ?? null;
    const same = spec.type === 'boolean' ? (before === true) === next : before === next;
    if (!same && !(before === null && next === null)) changes[spec.name] = next;
  }
  return { changes, invalid };
}

// ---- Transitions ----------------------------------------------------------------------------

export function transitionOf(
  kind: ProcedureKindSpec | undefined,
  from: string,
  to: string,
): ProcedureTransitionSpec | undefined {
  return kind?.transitions.find((x) => x.from === from && x.to === to);
}

/** The field specs a transition needs, in the kind's order. */
export function requiredFieldSpecs(
  kind: ProcedureKindSpec | undefined,
  transition: ProcedureTransitionSpec | undefined,
): ProcedureFieldSpec[] {
  if (!kind || !transition) return [];
  return kind.fields.filter((f) => transition.required_fields.includes(f.name));
}

export function isFinal(kind: ProcedureKindSpec | undefined, status: string): boolean {
  return kind?.final_statuses.includes(status) ?? false;
}

/** Final statuses that are not a success: shown as a warning. */
const UNSUCCESSFUL = new Set([
  'declined',
  'failed',
  'withdrawn',
  'dismissed',
  'rejected',
  'abandoned',
  'refused',
  'cnda_rejected',
  'ofpra_rejected',
]);
export function isUnsuccessful(status: string): boolean {
  return UNSUCCESSFUL.has(status);
}

// ---- Grouping ---------------------------------------------------------------------------------

/**
 * Procedures by area (referrals, legal and rights, support and protection), only areas with
 * some; in each, the open ones first, then the newest.
 */
export function groupByArea(
  procedures: Procedure[],
): { area: ProcedureArea; items: Procedure[] }[] {
  const groups: { area: ProcedureArea; items: Procedure[] }[] = [];
  for (const area of PROCEDURE_AREAS) {
    const items = procedures
      .filter((p) => p.area === area)
      .sort((a, b) => {
        const aOpen = a.closed_on === null;
        const bOpen = b.closed_on === null;
        if (aOpen !== bOpen) return aOpen ? -1 : 1;
        return b.opened_on.localeCompare(a.opened_on) || b.created_at.localeCompare(a.created_at);
      });
    if (items.length) groups.push({ area, items });
  }
  // Areas the screens do not know yet come last, as they are.
  const unknown = procedures.filter((p) => !PROCEDURE_AREAS.includes(p.area));
  if (unknown.length) groups.push({ area: unknown[0].area, items: unknown });
  return groups;
}

// ---- Days and deadlines ---------------------------------------------------------------------

export function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A calendar day plus `n` days (negative: before). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + n));
  return date.toISOString().slice(0, 10);
}

/** Late: its day has passed (due today is not late yet). */
export function isOverdue(dueOn: string, today: string): boolean {
  return dueOn < today;
}

/** Its reminder day has come, and it is not late yet. */
export function isDueSoon(deadline: { due_on: string; remind_on: string }, today: string): boolean {
  return !isOverdue(deadline.due_on, today) && deadline.remind_on <= today;
}

export type DeadlineBucket = 'overdue' | 'thisWeek' | 'later';

/** Which part of the board a deadline goes in: late, within the next 7 days, or later. */
export function deadlineBucket(
  item: { due_on: string; overdue?: boolean },
  today: string,
): DeadlineBucket {
  if (item.overdue || isOverdue(item.due_on, today)) return 'overdue';
  if (item.due_on <= addDays(today, 6)) return 'thisWeek';
  return 'later';
}

/** Deadlines earliest first (the late ones are the earliest). */
export function sortDeadlines<T extends { due_on: string; case_number?: string }>(items: T[]): T[] {
  return [...items].sort(
    (a, b) =>
      a.due_on.localeCompare(b.due_on) || (a.case_number ?? '').localeCompare(b.case_number ?? ''),
  );
}

/** The board: each bucket, and in it the deadlines by kind (the kind due first, first). */
export function boardOf(
  items: DeadlineItem[],
  today: string,
): { bucket: DeadlineBucket; kinds: { kind: string; items: DeadlineItem[] }[]; count: number }[] {
  const buckets: DeadlineBucket[] = ['overdue', 'thisWeek', 'later'];
  return buckets.map((bucket) => {
    const inBucket = sortDeadlines(items.filter((x) => deadlineBucket(x, today) === bucket));
    const kinds: { kind: string; items: DeadlineItem[] }[] = [];
    for (const item of inBucket) {
      const group = kinds.find((k) => k.kind === item.kind);
      if (group) group.items.push(item);
      else kinds.push({ kind: item.kind, items: [item] });
    }
    return { bucket, kinds, count: inBucket.length };
  });
}

// ---- Packets ------------------------------------------------------------------------------------

/** A packet's entries in the order of the items, then anything else it holds. */
export function packetEntries(packet: Record<string, unknown>): [string, unknown][] {
  const known = PACKET_ITEMS.filter((i) => i in packet).map((i): [string, unknown] => [
    i,
    packet[i],
  ]);
  const others = Object.entries(packet).filter(
    ([k]) => !(PACKET_ITEMS as readonly string[]).includes(k),
  );
  return [...known, ...others];
}

/** Whether a packet value has anything to show. */
export function hasContent(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value as object).length > 0;
  return true;
}
