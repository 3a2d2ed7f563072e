/**
 * numpy's summation order for float arrays, so sums that feed a comparison (a rate, an
 * occupancy) round exactly as numpy's.
 * @module
 */

/**
 * numpy's pairwise summation of `n` values of `a` from `start` with stride `stride` (exactly
 * numpy's order): sequential under 8 values, eight interleaved partial sums up to 128, halves
 * above. The partial sums are locals (no array per call: it runs once per row of a reduction).
 */
export function pairwiseSum(a: ArrayLike<number>, start: number, n: number, stride = 1): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i * stride];
    // numpy starts from -0.0 only for empty sums of negatives; 0 is fine for our use.
    return res;
  }
  if (n <= 128) {
    const s = stride;
    let r0 = a[start], r1 = a[start + s], r2 = a[start + 2 * s], r3 = a[start + 3 * s];
    let r4 = a[start + 4 * s], r5 = a[start + 5 * s], r6 = a[start + 6 * s];
    let r7 = a[start + 7 * s];
    const end = n - (n % 8);
    let i = 8;
    for (; i < end; i += 8) {
      const p = start + i * s;
      r0 += a[p];
      r1 += a[p + s];
      r2 += a[p + 2 * s];
      r3 += a[p + 3 * s];
      r4 += a[p + 4 * s];
      r5 += a[p + 5 * s];
      r6 += a[p + 6 * s];
      r7 += a[p + 7 * s];
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += a[start + i * stride];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2, stride) + pairwiseSum(a, start + n2 * stride, n - n2, stride);
}
