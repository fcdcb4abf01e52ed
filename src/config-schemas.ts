import { z } from "zod";

/**
 * The zod types of the values config sections share, so that the engine's keys and every model's
 * section (`src/protocols/<name>/config.ts`) check a duration, a count or an amount alike, with the
 * same messages.
 */

/** Whole seconds or a count (confirmations, retries, delays): an integer, 0 allowed. */
export const nonNegativeInt = z.number().int().nonnegative();

/** Whole seconds or a count that must be at least 1 (block times, batch sizes, windows). */
export const positiveInt = z.number().int().positive();

/** An amount in wei or of gas: a non-negative integer, as a number or a bigint. */
export const weiAmount = z.union([
  z.number().int().nonnegative(),
  z.bigint().nonnegative(),
]);
