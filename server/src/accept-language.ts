/**
 * Picks the language to answer in from an `Accept-Language` header (RFC 9110 §12.5.4).
 *
 * The header lists language ranges, each with an optional weight: `es-MX, es;q=0.9, en;q=0.5`. A range without
 * `q` weighs 1, `q=0` means "not this one", and `*` stands for any language not named elsewhere. A range
 * matches a language when it is that language or a regional form of it (`es-MX` and `es` both match `es`).
 * The best-weighted match wins; between equal weights, the one listed first. With no header, no match or a
 * header that cannot be read, the answer is the fallback, so a request is never refused for its language.
 */
interface Range {
  /** The primary subtag in lower case (`es` for `es-MX`), or `*`. */
  primary: string;
  weight: number;
}

function parseRanges(header: string): Range[] {
  // A header longer than any real browser sends is not worth reading; the fallback is a fine answer to it.
  if (header.length > 1000) return [];
  return header.split(',').map((range) => {
    const [tag = '', ...parameters] = range.split(';').map((part) => part.trim());
    let weight = 1;
    for (const parameter of parameters) {
      if (!/^q=/i.test(parameter)) continue;
      // RFC 9110 allows 0 to 1 with at most three decimals; anything else counts as "not this one".
      weight = /^q=(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i.test(parameter) ? Number(parameter.slice(2)) : 0;
    }
    return { primary: tag.toLowerCase().split('-')[0] ?? '', weight };
  });
}

export function preferredLanguage<const L extends string>(header: string | undefined, supported: readonly L[], fallback: L): L {
  if (header === undefined) return fallback;
  const ranges = parseRanges(header);
  const star = ranges.find((range) => range.primary === '*');
  let best: { language: L; weight: number; position: number } | undefined;
  for (const language of supported) {
    const named = ranges.filter((range) => range.primary === language);
    const weight = named.length > 0 ? Math.max(...named.map((range) => range.weight)) : (star?.weight ?? 0);
    const position = ranges.findIndex((range) => range.primary === language || range === star);
    if (weight > 0 && (best === undefined || weight > best.weight || (weight === best.weight && position < best.position))) {
      best = { language, weight, position };
    }
  }
  return best?.language ?? fallback;
}
