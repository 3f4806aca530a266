import { describe, expect, it } from 'vitest';
import {
  type MappedLead,
  mapHubSpotSubmission,
  mapLeadgateFields,
  mapSalesforceWebToLead,
} from './field-maps';

// What a Salesforce-generated Web-to-Lead form posts (field names exactly as Salesforce writes them,
// including the upper-case `URL`), with reCAPTCHA enabled and two custom fields.
const SALESFORCE_FORM: Record<string, string> = {
  captcha_settings: '{"keyname":"leadgate","fallback":"true","orgId":"00D5g000004ABCD","ts":""}',
  oid: '00D5g000004ABCD',
  retURL: 'https://www.example.com/thank-you',
  debug: '1',
  debugEmail: 'admin@example.com',
  salutation: 'Ms.',
  first_name: 'Jana',
  last_name: 'Nováková',
  email: ' jana.novakova@example.cz ',
  company: 'Škoda Digital a.s.',
  title: 'Head of Sales',
  URL: 'https://skoda-digital.example.cz',
  phone: '+420 601 123 456',
  mobile: '+420 777 000 111',
  fax: '',
  street: 'Václavské náměstí 1',
  city: 'Praha',
  state: 'Hlavní město Praha',
  zip: '110 00',
  country: 'Czech Republic',
  description: 'We need 40 seats.\nCall after 2 pm.',
  lead_source: 'Web',
  industry: 'Technology',
  employees: '250',
  emailOptOut: '1',
  '00N5g00000ABCDE': 'Enterprise',
  '00N5g00000FGHIJ': 'Q3 budget; needs SSO',
  'g-recaptcha-response': '03AFcWeA6…token',
  submit: 'Submit',
};

// A HubSpot Forms v3 submission as a site's own form handler sends it.
const HUBSPOT_PAYLOAD = {
  submittedAt: '1767225600000',
  fields: [
    { objectTypeId: '0-1', name: 'email', value: 'olena@example.ua' },
    { objectTypeId: '0-1', name: 'firstname', value: 'Олена' },
    { objectTypeId: '0-1', name: 'lastname', value: 'Шевченко 🚀' },
    { objectTypeId: '0-1', name: 'company', value: 'ТОВ Київ Софт' },
    { objectTypeId: '0-1', name: 'jobtitle', value: 'CTO' },
    { objectTypeId: '0-1', name: 'phone', value: '' },
    { objectTypeId: '0-1', name: 'mobilephone', value: '+380 67 123 4567' },
    { objectTypeId: '0-1', name: 'country', value: 'Ukraine' },
    { objectTypeId: '0-1', name: 'state', value: 'Kyiv' },
    { objectTypeId: '0-1', name: 'city', value: 'Київ' },
    { objectTypeId: '0-1', name: 'zip', value: '01001' },
    { objectTypeId: '0-1', name: 'industry', value: 'Software' },
    { objectTypeId: '0-1', name: 'numemployees', value: '25-50' },
    { objectTypeId: '0-1', name: 'message', value: '  Потрібна демонстрація 🙏  ' },
    { objectTypeId: '0-1', name: 'website', value: 'https://kyivsoft.example.ua' },
    { objectTypeId: '0-1', name: 'hs_lead_source', value: 'Webinar' },
    { objectTypeId: '0-1', name: 'interests', value: 'CRM' },
    { objectTypeId: '0-1', name: 'interests', value: 'Analytics' },
    { objectTypeId: '0-2', name: 'name', value: 'Kyiv Soft LLC' },
    { name: 'utm_campaign', value: 'spring-2026' },
  ],
  context: {
    hutk: '60c2ccdfe4892f0fa0593940b12c11aa',
    ipAddress: '203.0.113.7',
    pageUri: 'https://www.example.com/demo',
    pageName: 'Book a demo',
  },
  legalConsentOptions: {
    consent: {
      consentToProcess: true,
      text: 'I agree to allow Example Company to store and process my personal data.',
      communications: [
        { value: true, subscriptionTypeId: 999, text: 'I agree to receive marketing communications.' },
      ],
    },
  },
};

describe('mapSalesforceWebToLead', () => {
  it('maps a full generated form, keeping custom fields and dropping control fields', () => {
    expect(mapSalesforceWebToLead(SALESFORCE_FORM)).toEqual<MappedLead>({
      fields: {
        firstName: 'Jana',
        lastName: 'Nováková',
        email: 'jana.novakova@example.cz',
        company: 'Škoda Digital a.s.',
        title: 'Head of Sales',
        phone: '+420 601 123 456',
        city: 'Praha',
        region: 'Hlavní město Praha',
        country: 'Czech Republic',
        description: 'We need 40 seats.\nCall after 2 pm.',
        source: 'Web',
        industry: 'Technology',
        employees: '250',
      },
      custom: {
        salutation: 'Ms.',
        website: 'https://skoda-digital.example.cz',
        mobile: '+420 777 000 111',
        street: 'Václavské náměstí 1',
        postalCode: '110 00',
        emailOptOut: '1',
        '00N5g00000ABCDE': 'Enterprise',
        '00N5g00000FGHIJ': 'Q3 budget; needs SSO',
      },
      page: null,
      consent: null,
    });
  });

  it.each<[string, Record<string, string>, MappedLead['fields'], MappedLead['custom']]>([
    ['mobile fills an empty phone', { phone: ' ', mobile: '+420 777' }, { phone: '+420 777' }, {}],
    ['mobile alone becomes the phone', { mobile: '+420 777' }, { phone: '+420 777' }, {}],
    [
      'phone wins; mobile is kept',
      { mobile: '+420 777', phone: '+420 601' },
      { phone: '+420 601' },
      { mobile: '+420 777' },
    ],
    [
      'state_code fills an empty state',
      { state_code: 'CA', country_code: 'US' },
      { region: 'CA', country: 'US' },
      {},
    ],
    [
      'state and country win over their codes',
      { state_code: 'CA', state: 'California', country: 'USA', country_code: 'US' },
      { region: 'California', country: 'USA' },
      { state_code: 'CA', country_code: 'US' },
    ],
    ['lower-case url is the website too', { url: 'https://a.example' }, {}, { website: 'https://a.example' }],
    [
      'a custom field literally named postalCode keeps its name; zip keeps its own',
      { zip: '10115', postalCode: '10117' },
      {},
      { postalCode: '10117', zip: '10115' },
    ],
    [
      'encoding and submit are control fields',
      { encoding: 'UTF-8', submit: 'Send', last_name: 'Doe' },
      { lastName: 'Doe' },
      {},
    ],
  ])('%s', (_, form, fields, custom) => {
    expect(mapSalesforceWebToLead(form)).toEqual({ fields, custom, page: null, consent: null });
  });
});

describe('mapLeadgateFields', () => {
  it.each<[string, Record<string, string>, MappedLead]>([
    [
      'standard names map one to one; others go to custom',
      {
        firstName: 'Jana',
        lastName: 'Nováková',
        email: 'jana@example.cz',
        employees: '40',
        source: 'landing-page',
        utm_source: 'newsletter',
        Budget: '10k',
      },
      {
        fields: {
          firstName: 'Jana',
          lastName: 'Nováková',
          email: 'jana@example.cz',
          employees: '40',
          source: 'landing-page',
        },
        custom: { utm_source: 'newsletter', Budget: '10k' },
        page: null,
        consent: null,
      },
    ],
    [
      'names are case-sensitive: snake or upper case is custom',
      { first_name: 'Jana', LastName: 'Nováková' },
      { fields: {}, custom: { first_name: 'Jana', LastName: 'Nováková' }, page: null, consent: null },
    ],
    [
      'a checked checkbox is consent',
      { lastName: 'Doe', consent: 'on' },
      lead({ lastName: 'Doe' }, {}, { given: true }),
    ],
    [
      '"true" is consent',
      { lastName: 'Doe', consent: 'true' },
      lead({ lastName: 'Doe' }, {}, { given: true }),
    ],
    [
      '"false" is refusal',
      { lastName: 'Doe', consent: 'false' },
      lead({ lastName: 'Doe' }, {}, { given: false }),
    ],
    ['no consent field says nothing', { lastName: 'Doe' }, lead({ lastName: 'Doe' }, {}, null)],
    [
      'an odd consent value is kept',
      { lastName: 'Doe', consent: 'maybe' },
      lead({ lastName: 'Doe' }, { consent: 'maybe' }, null),
    ],
    [
      'empty and blank values are skipped',
      { lastName: 'Doe', city: '', title: ' \t ' },
      lead({ lastName: 'Doe' }, {}, null),
    ],
  ])('%s', (_, form, expected) => {
    expect(mapLeadgateFields(form)).toEqual(expected);
  });

  it('keeps keys that are Object.prototype names as plain data', () => {
    const form = JSON.parse('{"__proto__":"x","constructor":"y","toString":"z","lastName":"Doe"}');
    const mapped = mapLeadgateFields(form);
    expect(Object.entries(mapped.custom)).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
      ['toString', 'z'],
    ]);
    expect(Object.getPrototypeOf(mapped.custom)).toBe(Object.prototype);
  });
});

describe('mapHubSpotSubmission', () => {
  it('maps a full v3 submission with context and consent, without the IP address', () => {
    const mapped = mapHubSpotSubmission(HUBSPOT_PAYLOAD);
    expect(mapped).toEqual<MappedLead>({
      fields: {
        email: 'olena@example.ua',
        firstName: 'Олена',
        lastName: 'Шевченко 🚀',
        company: 'ТОВ Київ Софт',
        title: 'CTO',
        phone: '+380 67 123 4567',
        country: 'Ukraine',
        region: 'Kyiv',
        city: 'Київ',
        industry: 'Software',
        employees: '25-50',
        description: 'Потрібна демонстрація 🙏',
        source: 'Webinar',
      },
      custom: {
        interests: 'CRM;Analytics',
        utm_campaign: 'spring-2026',
        postalCode: '01001',
        website: 'https://kyivsoft.example.ua',
        '0-2/name': 'Kyiv Soft LLC',
        hubspotutk: '60c2ccdfe4892f0fa0593940b12c11aa',
        pageName: 'Book a demo',
        'hubspotSubscription.999': 'true',
      },
      page: 'https://www.example.com/demo',
      consent: {
        given: true,
        text: 'I agree to allow Example Company to store and process my personal data.',
      },
    });
    expect(JSON.stringify(mapped)).not.toContain('203.0.113.7');
  });

  it.each<[string, unknown, Partial<MappedLead>]>([
    [
      'mobilephone fills an empty phone',
      { fields: [{ name: 'mobilephone', value: '+380 67' }] },
      { fields: { phone: '+380 67' }, custom: {} },
    ],
    [
      'phone wins; mobilephone is kept under its HubSpot name',
      {
        fields: [
          { name: 'mobilephone', value: '+380 67' },
          { name: 'phone', value: '+380 44' },
        ],
      },
      { fields: { phone: '+380 44' }, custom: { mobilephone: '+380 67' } },
    ],
    [
      'lead_source is the fallback of hs_lead_source',
      {
        fields: [
          { name: 'lead_source', value: 'Fair' },
          { name: 'hs_lead_source', value: 'Webinar' },
        ],
      },
      { fields: { source: 'Webinar' }, custom: { lead_source: 'Fair' } },
    ],
    [
      'the company object fills an empty company; "0-1/" prefixes are stripped',
      {
        fields: [
          { name: '0-1/email', value: 'a@example.com' },
          { objectTypeId: '0-2', name: 'name', value: 'Acme' },
        ],
      },
      { fields: { email: 'a@example.com', company: 'Acme' }, custom: {} },
    ],
    [
      'numbers and booleans are read as text; null values are skipped',
      {
        fields: [
          { name: 'numemployees', value: 40 },
          { name: 'gdpr_ok', value: false },
          { name: 'city', value: null },
        ],
      },
      { fields: { employees: '40' }, custom: { gdpr_ok: 'false' } },
    ],
    [
      'property names match case-insensitively, custom keys keep their spelling',
      {
        fields: [
          { name: 'FirstName', value: 'Ann' },
          { name: 'Favourite_Colour', value: 'teal' },
        ],
      },
      { fields: { firstName: 'Ann' }, custom: { Favourite_Colour: 'teal' } },
    ],
    ['no context and no consent', { fields: [] }, { fields: {}, custom: {}, page: null, consent: null }],
    [
      'consent refused, without text',
      { fields: [], legalConsentOptions: { consent: { consentToProcess: false } } },
      { consent: { given: false } },
    ],
    [
      'legitimate interest is recorded, but is not consent',
      {
        fields: [],
        legalConsentOptions: {
          legitimateInterest: { value: true, subscriptionTypeId: 999, legalBasis: 'LEAD', text: '…' },
        },
      },
      { custom: { hubspotLegalBasis: 'LEAD' }, consent: null },
    ],
    [
      'a submitted field wins over context sharing its key',
      { fields: [{ name: 'pageName', value: 'typed' }], context: { pageName: 'Home', pageUri: '  ' } },
      { custom: { pageName: 'typed' }, page: null },
    ],
  ])('%s', (_, payload, expected) => {
    expect(mapHubSpotSubmission(payload)).toEqual({
      fields: {},
      custom: {},
      page: null,
      consent: null,
      ...expected,
    });
  });

  it.each<[string, unknown, string]>([
    ['null', null, ''],
    ['an array', [], ''],
    ['a string', 'fields=[]', ''],
    ['missing fields', { context: {} }, '/fields'],
    ['fields as an object', { fields: { email: 'a@example.com' } }, '/fields'],
    ['a field that is not an object', { fields: [{ name: 'email', value: 'a' }, 'lastname'] }, '/fields/1'],
    [
      'a field without a name',
      { fields: [{ name: 'a', value: '1' }, { name: 'b' }, { value: 'x' }] },
      '/fields/2/name',
    ],
    ['a numeric name', { fields: [{ name: 7, value: 'x' }] }, '/fields/0/name'],
    ['a blank name', { fields: [{ name: ' ', value: 'x' }] }, '/fields/0/name'],
    ['an object value', { fields: [{ name: 'email', value: { v: 'a' } }] }, '/fields/0/value'],
    [
      'a numeric objectTypeId',
      { fields: [{ name: 'email', value: 'a', objectTypeId: 1 }] },
      '/fields/0/objectTypeId',
    ],
    ['context as a string', { fields: [], context: 'https://x' }, '/context'],
    ['a numeric pageUri', { fields: [], context: { pageUri: 1 } }, '/context/pageUri'],
    ['legalConsentOptions as true', { fields: [], legalConsentOptions: true }, '/legalConsentOptions'],
    [
      'consentToProcess as a string',
      { fields: [], legalConsentOptions: { consent: { consentToProcess: 'true' } } },
      '/legalConsentOptions/consent/consentToProcess',
    ],
    [
      'a communication without a subscription type',
      {
        fields: [],
        legalConsentOptions: { consent: { consentToProcess: true, communications: [{ value: true }] } },
      },
      '/legalConsentOptions/consent/communications/0',
    ],
  ])('rejects %s with a JSON Pointer', (_, payload, pointer) => {
    const result = mapHubSpotSubmission(payload);
    expect(result).toEqual({ error: expect.any(String), pointer });
  });

  it('ignores an ipAddress even when it is the only context', () => {
    expect(mapHubSpotSubmission({ fields: [], context: { ipAddress: '198.51.100.1' } })).toEqual({
      fields: {},
      custom: {},
      page: null,
      consent: null,
    });
  });
});

function lead(
  fields: MappedLead['fields'],
  custom: MappedLead['custom'],
  consent: MappedLead['consent'],
): MappedLead {
  return { fields, custom, page: null, consent };
}
