import { describe, expect, it } from 'vitest';
import { enPartners } from '../i18n/partners.en';
import { frPartners } from '../i18n/partners.fr';
import {
  activeFilterCount,
  byName,
  changedPartnerFields,
  checkPartnerDraft,
  consentPartnerName,
  draftFromPartner,
  emptyPartnerDraft,
  exportFileName,
  filtersToQuery,
  fold,
  formatImportError,
  formatOfFile,
  importErrors,
  isFormField,
  latestByPartner,
  matchesText,
  MECHANISMS,
  noFilters,
  PACKET_ITEMS,
  PARTNER_KINDS,
  PARTNER_SERVICES,
  parseCoordinate,
  partnerBody,
  reapplyPartner,
  sortPacketItems,
  splitByMechanism,
  type ConsentLike,
} from './partners';
import type { Partner } from './types';

const acse: Partner = {
  id: 'p-acse',
  name: 'Ac.Sé',
  kind: 'NGO',
  mechanism: 'acse',
  services: ['safe_relocation', 'shelter'],
  languages: ['fr', 'en'],
  country: 'FR',
  region: 'Provence-Alpes-Côte d’Azur',
  city: 'Nice',
  address: null,
  latitude: null,
  longitude: null,
  address_confidential: false,
  address_hidden: false,
  phone: '04 00 00 00 00',
  email: null,
  website: null,
  contact_name: null,
  notes: null,
  active: true,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  version: 3,
};

const shelter: Partner = {
  ...acse,
  id: 'p-shelter',
  name: 'Maison d’Écoute',
  mechanism: null,
  city: 'Lyon',
  region: null,
  address: '1 rue du Secret',
  latitude: 45.76,
  longitude: 4.84,
  address_confidential: true,
};

/** A stand-in for t(): the key and its parameters, to see what was asked. */
const fakeT = (key: string, params: Record<string, string | number> = {}) =>
  `${key}(${Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(',')})`;

describe('the directory vocabularies', () => {
  it('are those of docs/procedures.md', () => {
    expect(PARTNER_KINDS).toHaveLength(9);
    expect(PARTNER_KINDS).toContain('HealthServiceOrganisation');
    expect(MECHANISMS).toEqual([
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
    ]);
    expect(PARTNER_SERVICES).toHaveLength(20);
  });

  it('lists the packet items in the order of the packet', () => {
    expect(PACKET_ITEMS).toEqual([
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
    ]);
  });

  it('have words in English and French for every kind, service, mechanism and packet item', () => {
    const keys = [
      ...PARTNER_KINDS.map((k) => `partnerKind.${k}`),
      ...PARTNER_SERVICES.map((s) => `partnerService.${s}`),
      ...MECHANISMS.map((m) => `partnerMechanism.${m}`),
      ...PACKET_ITEMS.map((i) => `packetItem.${i}`),
    ];
    for (const key of keys) {
      expect(enPartners, key).toHaveProperty([key]);
      expect(frPartners, key).toHaveProperty([key]);
    }
  });

  it('put a non-breaking space before : ? ! in French', () => {
    for (const [key, text] of Object.entries(frPartners)) {
      expect(text, key).not.toMatch(/ [:?!;]/);
      expect(text, key).not.toMatch(/[^\u00a0{][:?!](\s|$)/u);
    }
  });
});

describe('filtersToQuery', () => {
  it('is empty without filters', () => {
    expect(filtersToQuery(noFilters())).toBe('');
  });

  it('sends only the filters set, trimmed, and the inactive ones when asked', () => {
    const filters = {
      ...noFilters(),
      q: '  Ac.Sé ',
      kind: 'NGO',
      service: 'shelter',
      language: 'en',
      country: 'FR',
      mechanism: '',
      includeInactive: true,
    };
    const query = new URLSearchParams(filtersToQuery(filters));
    expect(Object.fromEntries(query)).toEqual({
      q: 'Ac.Sé',
      kind: 'NGO',
      service: 'shelter',
      language: 'en',
      country: 'FR',
      include_inactive: 'true',
    });
    expect(filtersToQuery(filters)).toContain('q=Ac.S%C3%A9');
  });

  it('leaves the words out when the screen matches them itself', () => {
    const filters = { ...noFilters(), q: 'acse', mechanism: 'acse' };
    expect(filtersToQuery(filters, false)).toBe('mechanism=acse');
  });

  it('counts the filters set besides the words', () => {
    expect(activeFilterCount(noFilters())).toBe(0);
    expect(activeFilterCount({ ...noFilters(), q: 'x', kind: 'NGO', includeInactive: true })).toBe(
      2,
    );
  });
});

describe('matching the words typed', () => {
  it('folds case, accents, dots and spaces', () => {
    expect(fold('Ac.Sé')).toBe('acse');
    expect(fold('  ÉCOUTE – Lyon ')).toBe('ecoutelyon');
  });

  it('finds Ac.Sé from "acse", "Ac.Sé", "ac se" or its town', () => {
    for (const text of ['acse', 'Ac.Sé', 'ac se', 'AC.SE', 'nice', '']) {
      expect(matchesText(acse, text), text).toBe(true);
    }
    expect(matchesText(acse, 'ofpra')).toBe(false);
  });

  it('finds a mechanism by its name in the reader’s language', () => {
    expect(matchesText(acse, 'safe-house', ['Ac.Sé (national safe-house network)'])).toBe(true);
  });

  it('sorts by name as people read, not by bytes', () => {
    const names = ['ASE — aide sociale', 'Ac.Sé', 'avocats', 'Élan 10', 'Élan 9'].map((name) => ({
      name,
    }));
    expect(byName(names, 'fr-FR').map((p) => p.name)).toEqual([
      'Ac.Sé',
      'ASE — aide sociale',
      'avocats',
      'Élan 9',
      'Élan 10',
    ]);
  });

  it('puts national mechanisms apart from organisations', () => {
    const { mechanisms, organisations } = splitByMechanism([shelter, acse]);
    expect(mechanisms.map((p) => p.id)).toEqual(['p-acse']);
    expect(organisations.map((p) => p.id)).toEqual(['p-shelter']);
  });
});

describe('export and import files', () => {
  it('names the export by format and day', () => {
    expect(exportFileName('csv', '2026-05-01')).toBe('partners-2026-05-01.csv');
    expect(exportFileName('geojson', '2026-05-01')).toBe('partners-2026-05-01.geojson');
  });

  it('guesses the format of a file from its name', () => {
    expect(formatOfFile('Annuaire.CSV')).toBe('csv');
    expect(formatOfFile('map.geojson')).toBe('geojson');
    expect(formatOfFile('map.json')).toBe('geojson');
    expect(formatOfFile('notes.txt')).toBeNull();
  });

  it('reads the errors of a refused import: the file and its header first, then by row', () => {
    const errors = importErrors([
      { field: 'row.12.name', message: 'This field is required.' },
      { field: 'row.3.kind', message: 'This value is not valid.' },
      { field: 'row.3.country', message: 'This value is not valid.' },
      { field: 'row.7', message: 'This row does not have the columns of the header.' },
      { field: 'header.colour', message: 'This field is not known.' },
      { field: 'file', message: 'Too many rows.' },
    ]);
    expect(errors).toEqual([
      { row: null, column: 'colour', header: true, message: 'This field is not known.' },
      { row: null, column: '', header: false, message: 'Too many rows.' },
      { row: 3, column: 'kind', header: false, message: 'This value is not valid.' },
      { row: 3, column: 'country', header: false, message: 'This value is not valid.' },
      {
        row: 7,
        column: '',
        header: false,
        message: 'This row does not have the columns of the header.',
      },
      { row: 12, column: 'name', header: false, message: 'This field is required.' },
    ]);
    expect(importErrors(undefined)).toEqual([]);
  });

  it('keeps a dotted column name whole', () => {
    expect(importErrors([{ field: 'row.2.properties', message: 'm' }])[0].column).toBe(
      'properties',
    );
    expect(importErrors([{ field: 'row.2.a.b', message: 'm' }])[0].column).toBe('a.b');
  });

  it('numbers CSV rows as a spreadsheet does (header = row 1), GeoJSON features from 1', () => {
    const [header, file, other, rowError, wholeRow] = importErrors([
      { field: 'header.colour', message: 'unknown' },
      { field: 'file', message: 'bad file' },
      { field: 'format', message: 'bad' },
      { field: 'row.3.kind', message: 'This value is not valid.' },
      { field: 'row.4', message: 'wrong shape' },
    ]);
    expect(formatImportError(rowError, 'csv', fakeT)).toBe(
      'partners.import.rowError(row=4,column=kind,message=This value is not valid.)',
    );
    expect(formatImportError(rowError, 'geojson', fakeT)).toBe(
      'partners.import.featureError(row=3,column=kind,message=This value is not valid.)',
    );
    expect(formatImportError(wholeRow, 'csv', fakeT)).toBe(
      'partners.import.rowErrorWhole(row=5,message=wrong shape)',
    );
    expect(formatImportError(header, 'csv', fakeT)).toBe(
      'partners.import.headerError(column=colour,message=unknown)',
    );
    expect(formatImportError(file, 'csv', fakeT)).toBe('bad file');
    expect(formatImportError(other, 'csv', fakeT)).toBe(
      'partners.import.fileFieldError(column=format,message=bad)',
    );
  });

  it('reads in English as "Row 4: kind — This value is not valid."', () => {
    const t = (key: string, params: Record<string, string | number> = {}) =>
      (enPartners[key as keyof typeof enPartners] as string).replace(/\{(\w+)\}/g, (_m, n) =>
        String(params[n]),
      );
    const [error] = importErrors([{ field: 'row.3.kind', message: 'This value is not valid.' }]);
    expect(formatImportError(error, 'csv', t)).toBe('Row 4: kind — This value is not valid.');
  });
});

describe('the partner form', () => {
  it('round-trips a partner through a draft', () => {
    const draft = draftFromPartner(shelter);
    expect(draft.latitude).toBe('45.76');
    expect(draft.mechanism).toBe('');
    expect(changedPartnerFields(draft, draftFromPartner(shelter))).toEqual([]);
  });

  it('sends empty text as null, coordinates as numbers, and no mechanism as null', () => {
    const draft = { ...emptyPartnerDraft(), name: ' Refuge ', kind: 'NGO', latitude: '43,70' };
    draft.longitude = '7.26';
    const body = partnerBody(draft);
    expect(body.name).toBe('Refuge');
    expect(body.mechanism).toBeNull();
    expect(body.city).toBeNull();
    expect(body.latitude).toBe(43.7);
    expect(body.longitude).toBe(7.26);
    expect(body.services).toEqual([]);
    expect(body.address_confidential).toBe(false);
  });

  it('never sends the location of a hidden address (that would erase it)', () => {
    const draft = { ...draftFromPartner({ ...shelter, address: null, address_hidden: true }) };
    draft.phone = '01 02';
    const body = partnerBody(draft, ['phone', 'address', 'latitude', 'longitude'], {
      locationHidden: true,
    });
    expect(body).toEqual({ phone: '01 02' });
    expect(isFormField('address', true)).toBe(false);
    expect(isFormField('services.2')).toBe(true);
    expect(isFormField('version')).toBe(false);
  });

  it('sends only the changed fields of an edit', () => {
    const original = draftFromPartner(acse);
    const draft = { ...original, services: [...original.services, 'health'], phone: '  ' };
    expect(changedPartnerFields(original, draft)).toEqual(['services', 'phone']);
    expect(partnerBody(draft, ['services', 'phone'])).toEqual({
      services: ['safe_relocation', 'shelter', 'health'],
      phone: null,
    });
  });

  it('checks the required fields and the coordinates', () => {
    expect(checkPartnerDraft(emptyPartnerDraft()).map((c) => c.field)).toEqual(['name', 'kind']);
    const draft = { ...emptyPartnerDraft(), name: 'x', kind: 'NGO', latitude: '91', longitude: '' };
    expect(checkPartnerDraft(draft).map((c) => c.key)).toEqual([
      'partners.form.latitudeInvalid',
      'partners.form.coordinatesBoth',
    ]);
    expect(checkPartnerDraft({ ...draft, latitude: 'north', longitude: '7' })[0].key).toBe(
      'partners.form.latitudeInvalid',
    );
    expect(checkPartnerDraft({ ...draft, latitude: '43.7', longitude: '7.2' })).toEqual([]);
    expect(checkPartnerDraft({ ...draft, latitude: '91' }, { locationHidden: true })).toEqual([]);
    expect(parseCoordinate('')).toBeNull();
    expect(parseCoordinate('-4.5')).toBe(-4.5);
  });

  it('re-applies her changes on top of the version saved meanwhile', () => {
    const original = draftFromPartner(acse);
    const mine = { ...original, phone: '04 11 11 11 11' };
    const current = { ...original, city: 'Nice Ouest', phone: original.phone };
    const next = reapplyPartner(original, mine, current);
    expect(next.city).toBe('Nice Ouest');
    expect(next.phone).toBe('04 11 11 11 11');
  });
});

describe('sharing consents', () => {
  const consent = (over: Partial<ConsentLike>): ConsentLike => ({
    id: 'c',
    purpose: 'sharing',
    partner_id: 'p-acse',
    partner_name: null,
    status: 'given',
    given_on: '2026-03-01',
    created_at: '2026-03-01T10:00:00Z',
    ...over,
  });

  it('keeps the latest record for each partner, by id', () => {
    const history = [
      consent({ id: 'a1', given_on: '2026-03-01' }),
      consent({ id: 'a2', given_on: '2026-03-05', status: 'withdrawn' }),
      consent({ id: 'b1', partner_id: 'p-shelter' }),
      consent({ id: 'old', partner_id: null, partner_name: 'Shelter in Lyon' }),
      consent({ id: 'cm', purpose: 'case_management', partner_id: null }),
    ];
    expect(
      latestByPartner(history)
        .map((c) => c.id)
        .sort(),
    ).toEqual(['a2', 'b1', 'cm', 'old']);
  });

  it('names the partner from the directory, else from the old typed name', () => {
    const names = new Map([['p-acse', 'Ac.Sé']]);
    expect(consentPartnerName(consent({}), names)).toBe('Ac.Sé');
    expect(consentPartnerName(consent({ partner_id: null, partner_name: 'Refuge' }), names)).toBe(
      'Refuge',
    );
    expect(consentPartnerName(consent({ partner_id: 'gone' }), names)).toBe('');
  });

  it('orders packet items as the packet does, once each, unknown ones last', () => {
    expect(sortPacketItems(['phone', 'given_name', 'future_item', 'phone', 'gender'])).toEqual([
      'given_name',
      'gender',
      'phone',
      'future_item',
    ]);
  });
});
