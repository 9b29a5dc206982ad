/**
 * Fictional institutions, in site-number order per protocol. A scale asking for more sites than a
 * catalog holds is rejected rather than padded with placeholder names.
 */
export interface Institution {
  name: string
  city: string
  /** ISO 3166-1 alpha-2. */
  country: string
  /** IANA zone of the city. */
  timeZone: string
  /** Staff e-mail domain, always under the reserved .example TLD. */
  emailDomain: string
  /**
   * Prefix of a reserved fictional phone range, completed with two (NANP 555-01xx) or three
   * (Ofcom drama ranges) digits; null where the country reserves no such range (DE, ES).
   */
  phonePrefix: string | null
}

export const SITE_CATALOG: Readonly<Record<string, readonly Institution[]>> = {
  'ONC-3017': [
    {
      name: 'Crestmoor University Cancer Center',
      city: 'Boston',
      country: 'US',
      timeZone: 'America/New_York',
      emailDomain: 'crestmoor-cancer.example',
      phonePrefix: '+1 617 555 01',
    },
    {
      name: 'Bayou City Oncology Research Institute',
      city: 'Houston',
      country: 'US',
      timeZone: 'America/Chicago',
      emailDomain: 'bayoucity-oncology.example',
      phonePrefix: '+1 713 555 01',
    },
    {
      name: 'Lakeshore Regional Cancer Centre',
      city: 'Toronto',
      country: 'CA',
      timeZone: 'America/Toronto',
      emailDomain: 'lakeshore-cancer.example',
      phonePrefix: '+1 416 555 01',
    },
    {
      name: 'Hospital Universitario Virgen del Roble',
      city: 'Madrid',
      country: 'ES',
      timeZone: 'Europe/Madrid',
      emailDomain: 'hu-virgendelroble.example',
      phonePrefix: null,
    },
    {
      name: "St Aldric's Hospital Oncology Research Unit",
      city: 'Manchester',
      country: 'GB',
      timeZone: 'Europe/London',
      emailDomain: 'staldrics-hospital.example',
      phonePrefix: '+44 161 496 0',
    },
    {
      name: 'Cascadia Cancer Research Institute',
      city: 'Seattle',
      country: 'US',
      timeZone: 'America/Los_Angeles',
      emailDomain: 'cascadia-cancer.example',
      phonePrefix: '+1 206 555 01',
    },
    {
      name: 'Sonoran Oncology Associates',
      city: 'Phoenix',
      country: 'US',
      timeZone: 'America/Phoenix',
      emailDomain: 'sonoran-oncology.example',
      phonePrefix: '+1 602 555 01',
    },
    {
      name: 'Westfälisches Tumorzentrum Münster',
      city: 'Münster',
      country: 'DE',
      timeZone: 'Europe/Berlin',
      emailDomain: 'wtz-muenster.example',
      phonePrefix: null,
    },
  ],
  'RHE-2204': [
    {
      name: 'Front Range Arthritis & Rheumatology Center',
      city: 'Denver',
      country: 'US',
      timeZone: 'America/Denver',
      emailDomain: 'frontrange-rheum.example',
      phonePrefix: '+1 303 555 01',
    },
    {
      name: 'Rheumazentrum Elbauen',
      city: 'Hamburg',
      country: 'DE',
      timeZone: 'Europe/Berlin',
      emailDomain: 'rheumazentrum-elbauen.example',
      phonePrefix: null,
    },
    {
      name: 'Prairie Rheumatology Research Clinic',
      city: 'Winnipeg',
      country: 'CA',
      timeZone: 'America/Winnipeg',
      emailDomain: 'prairie-rheum.example',
      phonePrefix: '+1 204 555 01',
    },
    {
      name: 'Riverside Rheumatology Unit',
      city: 'London',
      country: 'GB',
      timeZone: 'Europe/London',
      emailDomain: 'riverside-rheum.example',
      phonePrefix: '+44 20 7946 0',
    },
    {
      name: 'Hospital Clínico Mar de Levante',
      city: 'Valencia',
      country: 'ES',
      timeZone: 'Europe/Madrid',
      emailDomain: 'hc-mardelevante.example',
      phonePrefix: null,
    },
    {
      name: 'Great Lakes Arthritis Research Institute',
      city: 'Chicago',
      country: 'US',
      timeZone: 'America/Chicago',
      emailDomain: 'greatlakes-arthritis.example',
      phonePrefix: '+1 312 555 01',
    },
  ],
}

/** A fictional number: `serial` picks one of the range's 100 (NANP) or 1000 (Ofcom) numbers. */
export function fictionalPhone(prefix: string | null, serial: number): string | null {
  if (prefix === null) return null
  const digits = prefix.startsWith('+1 ') ? 2 : 3
  return prefix + String(serial % 10 ** digits).padStart(digits, '0')
}
