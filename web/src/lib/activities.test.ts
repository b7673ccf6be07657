import { describe, expect, it } from 'vitest';
import { enActivities } from '../i18n/activities.en';
import { frActivities } from '../i18n/activities.fr';
import {
  changedMembers,
  applicationScore,
  attendanceTotals,
  checkIndicatorDraft,
  checkPeriod,
  conflictFields,
  createActivityLabels,
  criterionKey,
  dashboardQuery,
  dimensionApplies,
  draftFromIndicator,
  emptyIndicatorDraft,
  filledRows,
  filtersBody,
  filtersFor,
  formatCents,
  fundingTotals,
  indicatorBody,
  isLink,
  myReview,
  parseCount,
  placesLeft,
  presenceOf,
  rankApplications,
  reportFileName,
  reportQuery,
  reviewScore,
  splitLines,
  splitSessions,
  VOCABULARIES,
} from './activities';
import type { Attendance, CallCriterion } from './types';

const line = (over: Partial<Attendance>): Attendance => ({
  id: 'a',
  session_id: 's',
  person_id: null,
  person_name: null,
  outsider_count: null,
  organisation: null,
  profession: null,
  role: 'participant',
  ...over,
});

describe('attendance', () => {
  const list = [
    line({ id: '1', person_id: 'p1', person_name: 'Ama Mensah' }),
    line({ id: '2', person_id: 'p2', person_name: 'Joy Okafor', role: 'peer_helper' }),
    line({ id: '3', outsider_count: 12, profession: 'police_officer', organisation: 'BPF Lyon' }),
    line({ id: '4', outsider_count: 3, profession: 'lawyer' }),
    line({ id: '5', outsider_count: 2, profession: 'police_officer' }),
  ];

  it('counts members one by one and outsiders by their counts', () => {
    const totals = attendanceTotals(list);
    expect(totals.members).toBe(2);
    expect(totals.outsiders).toBe(17);
    expect(totals.byProfession).toEqual([
      { profession: 'police_officer', count: 14 },
      { profession: 'lawyer', count: 3 },
    ]);
    expect(attendanceTotals([])).toEqual({ members: 0, outsiders: 0, byProfession: [] });
  });

  it('finds whether a member is marked present', () => {
    expect(presenceOf(list, 'p2')?.id).toBe('2');
    expect(presenceOf(list, 'p3')).toBeUndefined();
  });

  it('splits sessions around today, the coming ones soonest first, the past ones latest first', () => {
    const s = (held_on: string, starts_at: string | null = null) => ({ held_on, starts_at });
    const split = splitSessions(
      [
        s('2026-11-20'),
        s('2026-11-29', '18:00'),
        s('2026-12-02'),
        s('2026-11-29', '09:30'),
        s('2026-11-25'),
      ],
      '2026-11-29',
    );
    expect(split.today).toEqual([s('2026-11-29', '09:30'), s('2026-11-29', '18:00')]);
    expect(split.upcoming).toEqual([s('2026-12-02')]);
    expect(split.past).toEqual([s('2026-11-25'), s('2026-11-20')]);
  });
});

describe('form helpers', () => {
  it('reads whole counts only', () => {
    expect(parseCount('12')).toBe(12);
    expect(parseCount(' 0 ')).toBe(0);
    expect(parseCount('-1')).toBeNull();
    expect(parseCount('1.5')).toBeNull();
    expect(parseCount('')).toBeNull();
    expect(parseCount('douze')).toBeNull();
  });

  it('keeps themes one per line, commas inside them', () => {
    expect(splitLines('Slavery, memory and today\n\n  Exile \nExile')).toEqual([
      'Slavery, memory and today',
      'Exile',
    ]);
  });

  it('drops entirely empty rows and trims the others', () => {
    expect(
      filledRows([
        { name: ' Rokhaya Diallo ', role: 'director' },
        { name: '', role: ' ' },
        { name: '', role: 'speaker' },
      ]),
    ).toEqual([
      { name: 'Rokhaya Diallo', role: 'director' },
      { name: '', role: 'speaker' },
    ]);
  });

  it('accepts http(s) links only', () => {
    expect(isLink('https://example.org/episode-3')).toBe(true);
    expect(isLink('http://example.org')).toBe(true);
    expect(isLink('javascript:alert(1)')).toBe(false);
    expect(isLink('https://exa mple.org')).toBe(false);
    expect(isLink('example.org')).toBe(false);
  });

  it('finds the fields someone else changed by comparing her version with ours', () => {
    const mine = { title: 'A', themes: ['x'], audience: 'members' };
    const current = { title: 'A', themes: ['x', 'y'], audience: 'mixed' };
    expect(conflictFields(current, mine, ['title', 'themes', 'audience'])).toEqual([
      'themes',
      'audience',
    ]);
    expect(conflictFields(undefined, mine, ['title'])).toEqual([]);
  });
});

describe('calls for contributions', () => {
  const criteria: CallCriterion[] = [
    { key: 'relevance', label: 'Relevance', weight: 2, max: 5 },
    { key: 'feasibility', label: 'Feasibility', weight: 1, max: 10 },
  ];

  it('scores a review as the server does: weighted, out of 100', () => {
    expect(reviewScore(criteria, { relevance: 5, feasibility: 10 })).toBe(100);
    expect(reviewScore(criteria, { relevance: 0, feasibility: 0 })).toBe(0);
    // (2 × 4/5 + 1 × 5/10) / 3 = 0.7
    expect(reviewScore(criteria, { relevance: 4, feasibility: 5 })).toBe(70);
    // A criterion not scored counts as 0.
    expect(reviewScore(criteria, { relevance: 5 })).toBeCloseTo(66.7, 5);
    expect(reviewScore([], { relevance: 5 })).toBeNull();
  });

  it('averages the reviews of an application', () => {
    expect(
      applicationScore(criteria, [
        { scores: { relevance: 5, feasibility: 10 } },
        { scores: { relevance: 4, feasibility: 5 } },
      ]),
    ).toBe(85);
    expect(applicationScore(criteria, [])).toBeNull();
  });

  it('ranks the best score first, those not reviewed last, ties by who came first', () => {
    const apps = [
      { id: 'late-unreviewed', score: null, received_on: '2026-03-01' },
      { id: 'b', score: 72.5, received_on: '2026-02-10' },
      { id: 'early-unreviewed', score: null, received_on: '2026-01-15' },
      { id: 'a', score: 90, received_on: '2026-02-20' },
      { id: 'c-first', score: 72.5, received_on: '2026-02-01' },
    ];
    expect(rankApplications(apps).map((a) => a.id)).toEqual([
      'a',
      'c-first',
      'b',
      'early-unreviewed',
      'late-unreviewed',
    ]);
    expect(apps[0].id).toBe('late-unreviewed'); // the input is left as it was
  });

  it('makes criterion keys the server accepts, unique in the call', () => {
    expect(criterionKey('Pertinence du projet', [])).toBe('pertinence_du_projet');
    expect(criterionKey('Égalité & inclusion', [])).toBe('egalite_inclusion');
    expect(criterionKey('Impact', ['impact'])).toBe('impact_2');
    expect(criterionKey('Impact', ['impact', 'impact_2'])).toBe('impact_3');
    expect(criterionKey('!!!', [])).toBe('criterion');
    expect(criterionKey('x'.repeat(80), [])).toMatch(/^[a-z0-9_]{1,40}$/);
  });

  it('finds my review and the places left', () => {
    const app = { reviews: [{ reviewer_id: 'u1', scores: {}, comment: '' }] };
    expect(myReview(app, 'u1')).toBeDefined();
    expect(myReview(app, 'u2')).toBeUndefined();
    expect(myReview(app, undefined)).toBeUndefined();
    const apps = [{ status: 'selected' }, { status: 'not_selected' }, { status: 'selected' }];
    expect(placesLeft(3, apps)).toBe(1);
    expect(placesLeft(1, apps)).toBe(0);
    expect(placesLeft(null, apps)).toBeNull();
  });
});

describe('money', () => {
  it('formats cents in the language, in the funder’s currency', () => {
    expect(formatCents(1250050, 'EUR', 'en-GB')).toBe('€12,500.50');
    expect(formatCents(1250050, 'EUR', 'fr-FR').replace(/\s/g, ' ')).toBe('12 500,50 €');
    expect(formatCents(100000, 'GBP', 'en-GB')).toBe('£1,000.00');
    expect(formatCents(0, 'EUR', 'en-GB')).toBe('€0.00');
  });

  it('adds funders up by currency, never across currencies', () => {
    expect(
      fundingTotals([
        { name: 'Fondation A', amount_cents: 1000000, currency: 'EUR' },
        { name: 'Trust B', amount_cents: 500000, currency: 'GBP' },
        { name: 'Région C', amount_cents: 250050, currency: 'EUR' },
      ]),
    ).toEqual([
      { currency: 'EUR', cents: 1250050 },
      { currency: 'GBP', cents: 500000 },
    ]);
  });
});

describe('indicator definitions', () => {
  it('offers only the filters that apply to what is counted', () => {
    expect(filtersFor('outsiders').map((f) => f.name)).toEqual([
      'activity_types',
      'audience',
      'international',
      'professions',
    ]);
    expect(filtersFor('applications').map((f) => f.name)).toEqual(['application_statuses']);
    expect(filtersFor('referrals').map((f) => f.name)).toContain('direction');
    expect(filtersFor('sessions').map((f) => f.name)).not.toContain('gender');
  });

  it('knows which breakdowns apply', () => {
    expect(dimensionApplies('outsiders', 'profession')).toBe(true);
    expect(dimensionApplies('people', 'profession')).toBe(false);
    expect(dimensionApplies('people', 'age_band')).toBe(true);
    expect(dimensionApplies('sessions', 'gender')).toBe(false);
    expect(dimensionApplies('people', 'colour')).toBe(false);
  });

  it('sends lists as lists, scalars as one text or boolean, and nothing empty or foreign', () => {
    expect(
      filtersBody('people', {
        activity_types: ['workshop', 'training'],
        minor: ['true'],
        audience: ['members'],
        gender: [],
        professions: ['lawyer'], // does not apply to people
        international: [''],
      }),
    ).toEqual({ activity_types: ['workshop', 'training'], audience: 'members', minor: true });
  });

  it('checks what the form can before the server', () => {
    const draft = { ...emptyIndicatorDraft(), name: ' ', counts: 'outcomes', target: '1.5' };
    draft.milestones = [{ on: '2026-06-30', value: '' }];
    expect(checkIndicatorDraft(draft).map((e) => e.field)).toEqual([
      'name',
      'target',
      'milestones',
      'filters.statuses',
    ]);
    expect(
      checkIndicatorDraft({
        ...emptyIndicatorDraft(),
        name: 'Housed',
        counts: 'outcomes',
        filters: { statuses: ['housed'] },
      }).map((e) => e.field),
    ).toEqual(['filters.procedure_kind']);
    expect(
      checkIndicatorDraft({
        ...emptyIndicatorDraft(),
        name: 'Into work',
        counts: 'outcomes',
        filters: { goal_types: ['Livelihood'] },
      }),
    ).toEqual([]);
  });

  it('round-trips an indicator through the form', () => {
    const indicator = {
      name: 'Police officers trained',
      counts: 'outsiders',
      filters: { professions: ['police_officer'], international: false },
      target: 120,
      milestones: [
        { on: '2027-06-30', value: 120 },
        { on: '2026-12-31', value: 60 },
      ],
    };
    const draft = draftFromIndicator(indicator);
    expect(draft.filters).toEqual({ professions: ['police_officer'], international: ['false'] });
    expect(draft.target).toBe('120');
    expect(indicatorBody(draft)).toEqual({
      name: 'Police officers trained',
      counts: 'outsiders',
      filters: { professions: ['police_officer'], international: false },
      target: 120,
      milestones: [
        { on: '2026-12-31', value: 60 },
        { on: '2027-06-30', value: 120 },
      ],
    });
    expect(indicatorBody({ ...draft, target: '' }).target).toBeNull();
  });
});

describe('dashboards and reports', () => {
  it('builds the dashboard and report queries', () => {
    expect(dashboardQuery({})).toBe('');
    expect(
      dashboardQuery({
        from: '2026-01-01',
        to: '2026-06-30',
        dimensions: ['gender', 'age_band'],
        suppressed: true,
      }),
    ).toBe('?from=2026-01-01&to=2026-06-30&dimensions=gender%2Cage_band&suppressed=true');
    expect(reportQuery('xlsx', '2026-01-01', '')).toBe('?format=xlsx&from=2026-01-01');
    expect(reportFileName('voiceover', '2026-01-01', '2026-06-30', 'pdf')).toBe(
      'voiceover-2026-01-01-2026-06-30.pdf',
    );
  });

  it('refuses a period that ends before it starts', () => {
    expect(checkPeriod('2026-06-30', '2026-01-01')).toBe('to');
    expect(checkPeriod('2026-01-01', '2026-01-01')).toBeNull();
    expect(checkPeriod('', '2026-01-01')).toBeNull();
  });
});

describe('words', () => {
  it('has words for every value of every vocabulary, in both languages', () => {
    const missing: string[] = [];
    for (const [prefix, values] of Object.entries(VOCABULARIES))
      for (const v of values as readonly string[]) {
        const key = `${prefix}.${v}`;
        if (!(key in enActivities)) missing.push(`en ${key}`);
        if (!(key in frActivities)) missing.push(`fr ${key}`);
      }
    expect(missing).toEqual([]);
  });

  it('shows a value without words as it is', () => {
    const has = (key: string): key is keyof typeof enActivities => key in enActivities;
    const { word, options } = createActivityLabels(
      (key: keyof typeof enActivities) => enActivities[key],
      has,
    );
    expect(word('profession', 'police_officer')).toBe('Police officers');
    expect(word('profession', 'astronaut')).toBe('astronaut');
    expect(word('profession', null)).toBe('');
    expect(options('audience').map((o) => o.value)).toEqual([
      'members',
      'professionals',
      'mixed',
      'public',
    ]);
  });
});

describe('changedMembers', () => {
  it('keeps only what differs from the record as read, lists and nulls included', () => {
    const original = { title: 'Film club', themes: ['History'], ends_on: null, version: 3 };
    expect(
      changedMembers({ title: 'Film club', themes: ['History'], ends_on: null }, original),
    ).toEqual({});
    expect(
      changedMembers(
        { title: 'Film club', themes: ['History', 'Rights'], starts_on: null },
        original,
      ),
    ).toEqual({ themes: ['History', 'Rights'] });
    expect(changedMembers({ ends_on: '2026-12-01' }, original)).toEqual({ ends_on: '2026-12-01' });
  });
});
