/** Which characters of each string have been matched; reused between calls (names and address words are short). */
let aMatched = new Uint8Array(64);
let bMatched = new Uint8Array(64);

/** Jaro–Winkler similarity in [0, 1] (1 = identical), prefix scale 0.1 over at most 4 characters. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  const aLength = a.length;
  const bLength = b.length;
  if (!aLength || !bLength) return 0;
  if (aLength > aMatched.length) aMatched = new Uint8Array(aLength * 2);
  if (bLength > bMatched.length) bMatched = new Uint8Array(bLength * 2);
  aMatched.fill(0, 0, aLength);
  bMatched.fill(0, 0, bLength);
  const window = Math.max(0, Math.floor(Math.max(aLength, bLength) / 2) - 1);
  let matches = 0;
  for (let i = 0; i < aLength; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(bLength - 1, i + window);
    const c = a.charCodeAt(i);
    for (let j = from; j <= to; j++) {
      if (bMatched[j] || c !== b.charCodeAt(j)) continue;
      aMatched[i] = bMatched[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < aLength; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[j]) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) transpositions++;
    j++;
  }
  const jaro = (matches / aLength + matches / bLength + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < aLength && prefix < bLength && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}
