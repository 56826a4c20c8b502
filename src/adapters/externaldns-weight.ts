// The aws-weight annotation as ExternalDNS reads it. Its AWS provider parses the value with Go's
// `strconv.ParseInt(value, 10, 64)` and publishes weight 0 when that fails (logging "using weight of 0"),
// so an annotation that looks right to a person (" 50", "5_0", "50.0") quietly takes the side out.
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * ExternalDNS's rule (provider/aws: `strconv.ParseInt(value, 10, 64)`, 0 on any error): an optional
 * "+" or "-", then ASCII digits only, within int64. No spaces, no underscores, no "0x": " 50" and "5_0"
 * are 0, while "+50" and "050" are 50.
 */
export function externalDnsWeight(text: string): number {
  if (!/^[+-]?[0-9]+$/.test(text)) return 0;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? 0 : Number(value);
}

/** Why ExternalDNS would publish `text` as weight 0 (or Route 53 refuse it), or null when it reads as meant. */
export function weightAnnotationProblem(text: string): string | null {
  const weight = externalDnsWeight(text);
  if (weight === 0 && !/^[+-]?0+$/.test(text)) {
    return `"${text}" is not an integer as Go's strconv.ParseInt reads it (no spaces, underscores or decimals), so ExternalDNS publishes weight 0`;
  }
  if (weight < 0 || weight > 255)
    return `"${text}" is outside 0–255, so Route 53 refuses ExternalDNS's change`;
  return null;
}
