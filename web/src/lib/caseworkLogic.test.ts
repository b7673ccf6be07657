import { describe, expect, it } from 'vitest';
import type { Consent, Person, Task } from './casework';
import {
  ageBand,
  changedFields,
  conflictRows,
  draftFromPerson,
  dueAt,
  durationMinutes,
  emptyDraft,
  latestConsents,
  localDay,
  matchesCase,
  personBody,
  reapply,
  sortTasks,
  splitList,
} from './caseworkLogic';

const person: Person = {
  id: 'p1',
  given_name: 'Ada',
  family_name: 'Obi',
  aliases: ['Adaeze'],
  birth_date: null,
  birth_year: 1998,
  birth_year_estimated: true,
  gender: 'Feminine',
  nationalities: ['NG'],
  languages: ['en', 'pcm'],
  contact: { phones: ['+33612345678'], email: '', address: '' },
  minor: false,
  minor_override: null,
  age_disputed: false,
  documents: { passport: 'confiscated' },
  member: false,
  peer_helper: false,
  member_since: null,
  restricted: false,
  cases: [],
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  version: 3,
};

describe('ageBand', () => {
  it('puts ages in the bands of the anonymous contact', () => {
    expect(ageBand(0)).toBe('0-14');
    expect(ageBand(14)).toBe('0-14');
    expect(ageBand(15)).toBe('15-17');
    expect(ageBand(17.9)).toBe('15-17');
    expect(ageBand(18)).toBe('18-24');
    expect(ageBand(24)).toBe('18-24');
    expect(ageBand(25)).toBe('25-34');
    expect(ageBand(35)).toBe('35-49');
    expect(ageBand(49)).toBe('35-49');
    expect(ageBand(50)).toBe('50+');
    expect(ageBand(88)).toBe('50+');
  });
  it('refuses what is not an age', () => {
    expect(ageBand(-1)).toBeNull();
    expect(ageBand(Number.NaN)).toBeNull();
    expect(ageBand(200)).toBeNull();
  });
});

describe('durationMinutes', () => {
  it('takes a preset as it is', () => {
    expect(durationMinutes('5', '')).toBe(5);
    expect(durationMinutes('60', '999')).toBe(60);
  });
  it('takes a typed number of minutes for "other"', () => {
    expect(durationMinutes('other', ' 45 ')).toBe(45);
    expect(durationMinutes('other', '')).toBeNull();
    expect(durationMinutes('other', '4.5')).toBeNull();
    expect(durationMinutes('other', '-3')).toBeNull();
    expect(durationMinutes('other', '1441')).toBeNull();
    expect(durationMinutes('other', 'abc')).toBeNull();
  });
});

describe('dates', () => {
  it('gives a local day as yyyy-mm-dd', () => {
    expect(localDay(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
  it('keeps a day alone, and turns a day and a local time into a UTC instant', () => {
    expect(dueAt('2026-12-01', '')).toBe('2026-12-01');
    const instant = dueAt('2026-12-01', '09:30');
    expect(instant).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/);
    expect(new Date(instant).getTime()).toBe(new Date(2026, 11, 1, 9, 30).getTime());
  });
});

describe('lists and sorting', () => {
  it('splits typed lists on lines and commas, without blanks or repeats', () => {
    expect(splitList('a, b\n\n c ;a')).toEqual(['a', 'b', 'c']);
  });
  it('puts overdue tasks first, then by due date', () => {
    const task = (id: string, due_at: string, overdue: boolean) =>
      ({ id, due_at, overdue }) as Task;
    const sorted = sortTasks([
      task('later', '2026-12-10', false),
      task('late2', '2026-11-02', true),
      task('soon', '2026-12-01', false),
      task('late1', '2026-11-01', true),
    ]);
    expect(sorted.map((x) => x.id)).toEqual(['late1', 'late2', 'soon', 'later']);
  });
  it('matches a case on number and on name, ignoring accents and case', () => {
    const c = { number: '2026-0042', person: { given_name: 'Élodie', family_name: 'Martin' } };
    expect(matchesCase(c, '0042')).toBe(true);
    expect(matchesCase(c, 'elodie mar')).toBe(true);
    expect(matchesCase(c, 'ada')).toBe(false);
    expect(matchesCase(c, '')).toBe(true);
  });
});

describe('consents', () => {
  const c = (
    id: string,
    purpose: string,
    status: 'given' | 'withdrawn',
    given_on: string,
    partner: string | null = null,
  ) =>
    ({
      id,
      purpose,
      status,
      given_on,
      method: 'oral',
      partner_name: partner,
      created_at: `${given_on}T10:00:00Z`,
    }) as Consent;
  it('keeps the latest consent per purpose, and per partner for sharing', () => {
    const latest = latestConsents([
      c('1', 'research', 'given', '2026-01-01'),
      c('2', 'research', 'withdrawn', '2026-02-01'),
      c('3', 'sharing', 'given', '2026-01-01', 'Shelter A'),
      c('4', 'sharing', 'given', '2026-01-03', 'NGO B'),
      c('5', 'photo', 'given', '2026-03-01'),
    ]);
    expect(latest.map((x) => x.id).sort()).toEqual(['2', '3', '4', '5']);
  });
});

describe('person drafts', () => {
  it('round-trips a person into the form and sends only the changed fields', () => {
    const original = draftFromPerson(person);
    expect(original.birth_year).toBe('1998');
    const edited = { ...original, phones: '+33612345678\n06 11 22 33 44', member: true };
    expect(changedFields(original, edited)).toEqual(['phones', 'member']);
    expect(personBody(edited, changedFields(original, edited))).toEqual({
      contact: { phones: ['+33612345678', '06 11 22 33 44'], email: '', address: '' },
      member: true,
    });
  });
  it('sends the whole person at registration, with an estimated year when no date', () => {
    const draft = { ...emptyDraft(), given_name: ' Joy ', birth_year: '2001', aliases: 'J\nJoyce' };
    const body = personBody(draft);
    expect(body.given_name).toBe('Joy');
    expect(body.birth_date).toBeNull();
    expect(body.birth_year).toBe(2001);
    expect(body.aliases).toEqual(['J', 'Joyce']);
    expect(body.gender).toBe('Unknown');
  });
  it('ignores whitespace-only differences', () => {
    const a = draftFromPerson(person);
    expect(changedFields(a, { ...a, given_name: 'Ada  ', aliases: 'Adaeze\n' })).toEqual([]);
  });
});

describe('conflict diff', () => {
  const original = draftFromPerson(person);
  const mine = { ...original, family_name: 'Obiora', email: 'ada@example.org' };
  const current = draftFromPerson({
    ...person,
    family_name: 'Obi-Okoro',
    contact: { ...person.contact, address: '1 rue X' },
    version: 4,
  });

  it('lists every field changed by either side, and flags the clashes', () => {
    const rows = conflictRows(original, mine, current);
    const byField = Object.fromEntries(rows.map((r) => [r.field, r]));
    expect(Object.keys(byField).sort()).toEqual(['address', 'email', 'family_name']);
    expect(byField.family_name).toMatchObject({
      mine: 'Obiora',
      theirs: 'Obi-Okoro',
      original: 'Obi',
      clash: true,
    });
    expect(byField.email).toMatchObject({ changedByMe: true, changedByThem: false, clash: false });
    expect(byField.address).toMatchObject({
      changedByMe: false,
      changedByThem: true,
      clash: false,
    });
  });

  it('does not call it a clash when both made the same change', () => {
    const same = { ...original, family_name: 'Obi-Okoro' };
    const rows = conflictRows(original, same, current);
    expect(rows.find((r) => r.field === 'family_name')?.clash).toBe(false);
  });

  it('re-applies her changes on top of the current version, keeping theirs elsewhere', () => {
    const next = reapply(original, mine, current);
    expect(next.family_name).toBe('Obiora');
    expect(next.email).toBe('ada@example.org');
    expect(next.address).toBe('1 rue X');
    expect(changedFields(current, next)).toEqual(['family_name', 'email']);
  });
});
