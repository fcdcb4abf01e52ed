import type { ArtifactManager } from "hardhat/types/artifacts";

import { AbiCoder, ErrorFragment, Interface } from "ethers";

const ERROR_STRING = "0x08c379a0";
const PANIC = "0x4e487b71";

/**
 * Turns revert data into something a user can read: `Error(string)`,
 * `Panic(code)` and the custom errors of every contract the project compiled
 * (plus the system contracts), e.g. `GateClosed()` instead of `0x7d2a1e41`.
 */
export class RevertDecoder {
  #errors: Map<string, ErrorFragment> | undefined;

  constructor(
    private readonly artifacts: ArtifactManager | undefined,
    private readonly extraAbis: () => unknown[][],
  ) {}

  async describe(data: string): Promise<string> {
    if (data === "0x" || data.length < 10) return "reverted without a reason";
    const selector = data.slice(0, 10).toLowerCase();
    try {
      const text = errorStringOf(data);
      if (text !== undefined) return `reverted: ${JSON.stringify(text)}`;
      if (selector === PANIC) {
        return `panic 0x${(AbiCoder.defaultAbiCoder().decode(["uint256"], `0x${data.slice(10)}`)[0] as bigint).toString(16)}`;
      }
      const fragment = (await this.#errorFragments()).get(selector);
      if (fragment !== undefined) {
        const args = new Interface([fragment]).decodeErrorResult(
          fragment,
          data,
        );
        return `${fragment.name}(${args.map((a) => String(a)).join(", ")})`;
      }
    } catch {
      // undecodable with the fragment we have: fall through to the raw data
    }
    return `reverted with ${data}`;
  }

  async #errorFragments(): Promise<Map<string, ErrorFragment>> {
    if (this.#errors !== undefined) return this.#errors;
    const errors = new Map<string, ErrorFragment>();
    const add = (abi: unknown[]) => {
      for (const fragment of new Interface(abi as never).fragments) {
        if (fragment instanceof ErrorFragment)
          errors.set(fragment.selector.toLowerCase(), fragment);
      }
    };
    for (const abi of this.extraAbis()) add(abi);
    if (this.artifacts !== undefined) {
      try {
        for (const name of await this.artifacts.getAllFullyQualifiedNames()) {
          add((await this.artifacts.readArtifact(name)).abi as unknown[]);
        }
      } catch {
        // no build yet: system contract errors only
      }
    }
    this.#errors = errors;
    return errors;
  }
}

/** The revert data inside a provider error, whatever layer wrapped it. */
export function revertDataOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (
    let depth = 0;
    depth < 6 && current !== undefined && current !== null;
    depth++
  ) {
    const data = (current as { data?: unknown }).data;
    if (typeof data === "string" && data.startsWith("0x")) return data;
    if (typeof data === "object" && data !== null) {
      const inner = (data as { data?: unknown }).data;
      if (typeof inner === "string" && inner.startsWith("0x")) return inner;
    }
    current =
      (current as { cause?: unknown }).cause ??
      (current as { error?: unknown }).error;
  }
  return undefined;
}

/** The `Error(string)` text of revert data, if it is one. */
export function errorStringOf(data: string | undefined): string | undefined {
  if (data === undefined || !data.toLowerCase().startsWith(ERROR_STRING))
    return undefined;
  try {
    return AbiCoder.defaultAbiCoder().decode(
      ["string"],
      `0x${data.slice(10)}`,
    )[0] as string;
  } catch {
    return undefined;
  }
}
