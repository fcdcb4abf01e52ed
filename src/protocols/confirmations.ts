/**
 * The status text of an L1→L2 message that waits for L1 confirmations before
 * its L2's sequencer takes it (Scroll and StarkNet word it the same way).
 */
export function confirmationsText(
  sentInL1Block: number | undefined,
  needed: number,
  l1Head: number,
  due: string,
): string {
  const left = needed - (l1Head - (sentInL1Block ?? l1Head));
  return left > 0
    ? `waits for ${left} more L1 confirmation${left === 1 ? "" : "s"}`
    : due;
}
