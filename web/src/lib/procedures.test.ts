import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { fr } from '../i18n/fr';
import {
  addDays,
  boardOf,
  centsToInput,
  changedFields,
  createLabels,
  deadlineBucket,
  deadlineKinds,
  everyLabelledValue,
  firstKey,
  fromFormValue,
  groupByArea,
  isDueSoon,
  isOverdue,
  packetEntries,
  parseEuros,
  PROCEDURE_CATALOG,
  requiredFieldSpecs,
  toFormValue,
} from './procedures';
import type { DeadlineItem, Procedure, ProcedureFieldSpec, ProcedureKindSpec } from './types';

const inEnglish = (key: string) => Object.prototype.hasOwnProperty.call(en, key);

describe('amounts', () => {
  it('reads euros typed in either language into cents', () => {
    expect(parseEuros('1500')).toBe(150000);
    expect(parseEuros('1500.5')).toBe(150050);
    expect(parseEuros('1500,50')).toBe(150050);
    expect(parseEuros('1 500,50 €')).toBe(150050);
    expect(parseEuros('1\u202f500,50\u00a0€')).toBe(150050);
    expect(parseEuros('1,500.50')).toBe(150050);
    expect(parseEuros('1.500,50')).toBe(150050);
    expect(parseEuros('1.500')).toBe(150000);
    expect(parseEuros('12,345,678')).toBe(1234567800);
    expect(parseEuros('0,05')).toBe(5);
    expect(parseEuros('€ 300')).toBe(30000);
  });

  it('refuses what is not an amount', () => {
    for (const typed of [
      '',
      'abc',
      '-5',
      '1,2,3',
      '10.5050',
      '1,50,00',
      '1.500,000.00',
      '5.',
      '1234,567',
      '1e3',
    ])
      expect(parseEuros(typed), typed).toBeNull();
  });

  it('shows cents with 2 decimals and reads them back unchanged', () => {
    expect(centsToInput(150050)).toBe('1500.50');
    expect(centsToInput(5, ',')).toBe('0,05');
    expect(centsToInput(null)).toBe('');
    for (const cents of [0, 1, 99, 100, 123456789])
      for (const sep of ['.', ','] as const)
        expect(parseEuros(centsToInput(cents, sep))).toBe(cents);
  });
});

describe('field values', () => {
  const amount = { type: 'amount' } as const;
  const spec = (name: string, type: ProcedureFieldSpec['type']): ProcedureFieldSpec => ({
    name,
    type,
    choices: [],
    sensitive: false,
  });

  it('turns the API value into what a control holds and back', () => {
    expect(toFormValue(amount, 250000, ',')).toBe('2500,00');
    expect(fromFormValue(amount, '2500,00')).toBe(250000);
    expect(fromFormValue(amount, 'lots')).toBe('invalid');
    expect(fromFormValue({ type: 'integer' }, '3')).toBe(3);
    expect(fromFormValue({ type: 'integer' }, '2.5')).toBe('invalid');
    expect(fromFormValue({ type: 'date' }, '2026-02-30')).toBe('invalid');
    expect(fromFormValue({ type: 'date' }, '2026-02-28')).toBe('2026-02-28');
    expect(fromFormValue({ type: 'text' }, '  ')).toBeNull();
    expect(toFormValue({ type: 'boolean' }, null)).toBe(false);
    expect(fromFormValue({ type: 'boolean' }, true)).toBe(true);
  });

  it('sends only what changed, a cleared field as null', () => {
    const specs = [
      spec('filed_on', 'date'),
      spec('amount_claimed', 'amount'),
      spec('civil_party', 'boolean'),
      spec('reference', 'text'),
      spec('household_size', 'integer'),
    ];
    const current = { filed_on: '2026-01-10', amount_claimed: 100000, reference: 'R-1' };
    const { changes, invalid } = changedFields(specs, current, {
      filed_on: '2026-01-10',
      amount_claimed: '1000.00',
      civil_party: false,
      reference: '',
      household_size: 'two',
    });
    expect(changes).toEqual({ reference: null });
    expect(invalid).toEqual(['household_size']);
    expect(
      changedFields(specs, current, { amount_claimed: '1200', civil_party: true }).changes,
    ).toEqual({ amount_claimed: 120000, civil_party: true });
  });
});

describe('grouping', () => {
  const p = (id: string, area: Procedure['area'], opened: string, closed: string | null = null) =>
    ({ id, area, opened_on: opened, closed_on: closed, created_at: opened }) as Procedure;

  it('groups by area in a fixed order, open ones first, newest first', () => {
    const groups = groupByArea([
      p('a', 'general', '2026-01-01'),
      p('b', 'referral', '2026-01-01', '2026-02-01'),
      p('c', 'referral', '2025-06-01'),
      p('d', 'referral', '2026-03-01'),
    ]);
    expect(groups.map((g) => g.area)).toEqual(['referral', 'general']);
    expect(groups[0].items.map((x) => x.id)).toEqual(['d', 'c', 'b']);
  });
});

describe('deadlines', () => {
  const today = '2026-05-13';

  it('counts calendar days across months and years', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2024-02-27', 2)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('is late only once its day has passed; soon from its reminder day', () => {
    expect(isOverdue('2026-05-12', today)).toBe(true);
    expect(isOverdue(today, today)).toBe(false);
    expect(isDueSoon({ due_on: '2026-05-20', remind_on: '2026-05-13' }, today)).toBe(true);
    expect(isDueSoon({ due_on: '2026-05-20', remind_on: '2026-05-14' }, today)).toBe(false);
    expect(isDueSoon({ due_on: '2026-05-01', remind_on: '2026-04-01' }, today)).toBe(false);
  });

  it('puts each deadline on the board: overdue, this week, later, by kind', () => {
    expect(deadlineBucket({ due_on: '2026-05-19' }, today)).toBe('thisWeek');
    expect(deadlineBucket({ due_on: '2026-05-20' }, today)).toBe('later');
    expect(deadlineBucket({ due_on: '2026-06-01', overdue: true }, today)).toBe('overdue');
    const d = (kind: string, due_on: string, case_number: string): DeadlineItem => ({
      procedure_id: `${kind}-${due_on}`,
      procedure_kind: 'compensation',
      kind,
      case_id: case_number,
      case_number,
      due_on,
      remind_on: due_on,
      overdue: due_on < today,
    });
    const board = boardOf(
      [
        d('hearing', '2026-05-15', '2026-0002'),
        d('civi_claim', '2026-04-01', '2026-0001'),
        d('hearing', '2026-05-14', '2026-0003'),
        d('civi_claim', '2026-09-01', '2026-0004'),
        d('next_step', '2026-05-14', '2026-0005'),
      ],
      today,
    );
    expect(board.map((b) => [b.bucket, b.count])).toEqual([
      ['overdue', 1],
      ['thisWeek', 3],
      ['later', 1],
    ]);
    expect(board[1].kinds.map((k) => [k.kind, k.items.map((x) => x.case_number)])).toEqual([
      ['hearing', ['2026-0003', '2026-0002']],
      ['next_step', ['2026-0005']],
    ]);
  });
});

describe('transitions', () => {
  it('asks for the fields the transition needs, in the kind’s order', () => {
    const kind = {
      kind: 'compensation',
      fields: [
        { name: 'body', type: 'choice', choices: ['civi'], sensitive: false },
        { name: 'offence_on', type: 'date', choices: [], sensitive: false },
        { name: 'filed_on', type: 'date', choices: [], sensitive: false },
      ],
      transitions: [
        {
          from: 'preparing',
          to: 'filed',
          reason_required: false,
          by_staff: true,
          by_partner: false,
          required_fields: ['filed_on', 'body'],
        },
      ],
    } as unknown as ProcedureKindSpec;
    expect(requiredFieldSpecs(kind, kind.transitions[0]).map((f) => f.name)).toEqual([
      'body',
      'filed_on',
    ]);
  });
});

describe('packets', () => {
  it('lists the items in their usual order, then anything else', () => {
    expect(
      packetEntries({ situation: 's', extra: 1, given_name: 'A', languages: ['en'] }).map(
        ([k]) => k,
      ),
    ).toEqual(['given_name', 'languages', 'situation', 'extra']);
  });
});

describe('words for every value of docs/procedures.md', () => {
  it('mirrors the eleven kinds and every deadline kind', () => {
    expect(PROCEDURE_CATALOG.map((k) => k.kind)).toEqual([
      'referral',
      'criminal_proceedings',
      'compensation',
      'residence_permit',
      'asylum',
      'exit_programme',
      'housing',
      'child_protection',
      'ad_hoc_administrator',
      'guardianship',
      'age_assessment',
    ]);
    expect(deadlineKinds()).toHaveLength(17);
  });

  it('has a label in both languages for every kind, status, field, choice, step, deadline, reason and item', () => {
    const missing = everyLabelledValue()
      .filter(({ keys }) => firstKey(keys, inEnglish) === null)
      .map(({ value }) => value);
    expect(missing).toEqual([]);
    // fr has the same keys (i18n.test.ts); no French label may be left in English by mistake
    // for the words that differ.
    expect(fr['procedure.kind.compensation']).not.toBe(en['procedure.kind.compensation']);
  });

  it('falls back from a kind-specific label to the general one, and to the raw value', () => {
    const L = createLabels(
      (key: keyof typeof en) => en[key],
      (k): k is keyof typeof en => inEnglish(k),
    );
    expect(L.field('referral', 'details')).toBe(en['procedure.field.referral.details']);
    expect(L.field('child_protection', 'details')).toBe(en['procedure.field.details']);
    expect(L.choice('appointed_by', 'prosecutor')).toBe(en['procedure.choice.prosecutor']);
    expect(L.choice('complaint_to', 'police')).toBe(en['procedure.choice.complaint_to.police']);
    expect(L.status('something_new')).toBe('something_new');
  });

  it('uses French typography: a non-breaking space before : ? ! and inside « »', () => {
    for (const [key, text] of Object.entries(fr)) {
      if (!/^(procedure|referral|referrals|board|deadline|portal)\./.test(key)) continue;
      expect(text, key).not.toMatch(/ [:?!]/);
      expect(text, key).not.toMatch(/« | »/);
    }
  });
});
