/** Shared pieces of the adversarial tests. */

/** 128 KiB: the largest payload the adversarial tests push through each protocol. */
export const KIB_128 = 128 * 1024;
