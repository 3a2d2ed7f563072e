/**
 * numpy's summation order for float arrays, so sums that feed a comparison (a rate, an
 * occupancy) round exactly as numpy's.
 * @module
 */

/** numpy's pairwise summation of `a[start:end]` with stride `stride` (exactly numpy's order). */
export function pairwiseSum(a: ArrayLike<number>, start: number, n: number, stride = 1): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i * stride];
    // numpy starts from -0.0 only for empty sums of negatives; 0 is fine for our use.
    return res;
  }
  if (n <= 128) {
    const r = new Float64Array(8);
    for (let k = 0; k < 8; k++) r[k] = a[start + k * stride];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let k = 0; k < 8; k++) r[k] += a[start + (i + k) * stride];
    }
    let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) res += a[start + i * stride];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2, stride) + pairwiseSum(a, start + n2 * stride, n - n2, stride);
}
