/** Field normalisation before comparison: one place for every spelling, punctuation and format rule. */

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'rev', 'lady', 'lord']);

/** Lower case, accents removed, punctuation dropped, hyphens and apostrophes joined ("O'Brien" → "obrien"). */
export function normaliseName(raw: string | undefined): string {
  if (!raw) return '';
  const words = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`.]/g, '')
    .replace(/[^a-z\s-]/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !TITLES.has(w));
  return words
    .join(' ')
    .replace(/\s*-\s*/g, '-')
    .trim();
}

/** The parts of a (possibly double-barrelled or multi-word) name: "Smith-Jones" → ["smith", "jones"]. */
export function nameParts(normalised: string): string[] {
  return normalised.split(/[\s-]+/).filter(Boolean);
}

/** Name without spaces or hyphens, for exact comparison of "Smith-Jones" with "Smith Jones". */
export function compactName(normalised: string): string {
  return normalised.replace(/[\s-]/g, '');
}

export interface NormalisedDate {
  year: number;
  month?: number;
  day?: number;
}

/** Dates as YYYY-MM-DD, YYYYMMDD, DD/MM/YYYY (or DD-MM-YYYY); partial "YYYY" and "YYYY-MM"; anything else → undefined. */
export function normaliseDate(raw: string | undefined): NormalisedDate | undefined {
  const s = raw?.trim();
  if (!s) return undefined;
  let y: number, m: number | undefined, d: number | undefined;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:T.*)?$/.exec(s))) [y, m, d] = [+match[1], +match[2], +match[3]];
  else if ((match = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) [y, m, d] = [+match[1], +match[2], +match[3]];
  else if ((match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s))) [y, m, d] = [+match[3], +match[2], +match[1]];
  else if ((match = /^(\d{4})-(\d{1,2})$/.exec(s))) [y, m] = [+match[1], +match[2]];
  else if ((match = /^(\d{4})$/.exec(s))) y = +match[1];
  else return undefined;
  if (y < 1880 || y > 2100) return undefined;
  if (m !== undefined && (m < 1 || m > 12)) return undefined;
  if (d !== undefined && (d < 1 || d > 31)) return undefined;
  return { year: y, month: m, day: d };
}

export function dateKey(d: NormalisedDate | undefined): string {
  if (!d) return '';
  return `${d.year}-${twoDigits(d.month)}-${twoDigits(d.day)}`;
}

function twoDigits(n: number | undefined): string {
  if (n === undefined) return '??';
  return n < 10 ? `0${n}` : String(n);
}

export interface NormalisedPostcode {
  full: string;
  /** Outward code and the first digit of the inward code: "SW1A 1". */
  sector: string;
  /** Outward code: "SW1A". */
  district: string;
  area: string;
}

/** UK postcodes in any case and spacing: "sw1a1aa" → "SW1A 1AA". Not a postcode → undefined. */
export function normalisePostcode(raw: string | undefined): NormalisedPostcode | undefined {
  const s = raw?.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (!s) return undefined;
  const match = /^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$/.exec(s);
  if (!match) return undefined;
  const [, outward, inward] = match;
  return { full: `${outward} ${inward}`, sector: `${outward} ${inward[0]}`, district: outward, area: /^[A-Z]+/.exec(outward)![0] };
}

/** Phone numbers as national digits: "+44 (0)7700 900123" and "07700900123" → "7700900123". */
export function normalisePhone(raw: string | undefined): string {
  let digits = raw?.replace(/\D/g, '') ?? '';
  if (digits.startsWith('0044')) digits = digits.slice(4);
  else if (digits.startsWith('44') && digits.length >= 12) digits = digits.slice(2);
  digits = digits.replace(/^0+/, '');
  return digits.length >= 9 ? digits : '';
}

export function normaliseSex(raw: string | undefined): 'f' | 'm' | '' {
  const s = raw?.trim().toLowerCase();
  if (s === 'f' || s === 'female') return 'f';
  if (s === 'm' || s === 'male') return 'm';
  return '';
}

/** PNC IDs as YY/NNNNNNNL without leading zeros in the serial: "2019/0012345A" → "19/12345A". */
export function normalisePncId(raw: string | undefined): string {
  const s = raw?.toUpperCase().replace(/\s/g, '');
  const match = s ? /^(?:\d{2})?(\d{2})\/0*(\d+)([A-Z])$/.exec(s) : null;
  return match ? `${match[1]}/${match[2]}${match[3]}` : (s ?? '');
}

const SOUNDEX_CODES: Readonly<Record<string, string>> = {
  b: '1',
  f: '1',
  p: '1',
  v: '1',
  c: '2',
  g: '2',
  j: '2',
  k: '2',
  q: '2',
  s: '2',
  x: '2',
  z: '2',
  d: '3',
  t: '3',
  l: '4',
  m: '5',
  n: '5',
  r: '6',
};

/** American Soundex: a phonetic code so "Smyth" and "Smith" block and compare together. */
export function soundex(normalised: string): string {
  return remembered(soundexOf, normalised, computeSoundex);
}

/** Codes of the names already coded: a large load codes the same few thousand names millions of times. */
const soundexOf = new Map<string, string>();

/** How many values a `remembered` cache keeps before it starts again (bounded memory, whatever the load). */
const REMEMBERED = 100_000;

/**
 * What `make` gives for this text, worked out once while the cache holds it: a large load meets the same names,
 * postcodes and addresses millions of times, and records that share one share its (immutable) value, so the
 * in-memory index holds one copy of it rather than one per record.
 */
export function remembered<T>(cache: Map<string, T>, text: string, make: (text: string) => T): T {
  let value = cache.get(text);
  if (value === undefined) {
    value = make(text);
    if (cache.size >= REMEMBERED) cache.clear();
    cache.set(text, value);
  }
  return value;
}

function computeSoundex(normalised: string): string {
  const s = normalised.replace(/[^a-z]/g, '');
  if (!s) return '';
  let out = s[0].toUpperCase();
  let last = SOUNDEX_CODES[s[0]] ?? '';
  for (let i = 1; i < s.length; i++) {
    const ch = s[i];
    const code = SOUNDEX_CODES[ch] ?? '';
    if (code && code !== last) out += code;
    if (ch !== 'h' && ch !== 'w') last = code;
    if (out.length === 4) break;
  }
  return out.padEnd(4, '0');
}

/** Address words in lower case without punctuation: "Flat 3, 9 Mill Lane" → ["flat", "3", "9", "mill", "lane"]. */
export function addressTokens(raw: string | undefined): string[] {
  if (!raw) return [];
  return raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`.]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Postcodes that are not UK-shaped (records from abroad, older systems) are kept as bare upper-case characters. */
export function postcodeCharacters(raw: string | undefined): string {
  return raw?.toUpperCase().replace(/[^A-Z0-9]/g, '') ?? '';
}

export function normaliseEmail(raw: string | undefined): string {
  const s = raw?.trim().toLowerCase() ?? '';
  return /^[^@\s]+@[^@\s]+$/.test(s) ? s : '';
}
