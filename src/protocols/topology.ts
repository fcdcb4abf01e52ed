import type { XdmProtocolName } from "../types/config.js";

/** "SN_XDM" as ASCII: a StarkNet-flavoured chain id that fits in 2^53. */
const STARKNET_DEFAULT_CHAIN_ID = 0x534e5f58444d;

/**
 * The default topology: the chains of a config without `xdm.chains`, with the ids `xdm:node` serves them
 * under (supersim's 900, 901, 902 for the L1 and the OP chains). Beside the registry because it names the
 * built-in models; the config injects a network for each of these chains the user did not define, of its
 * model's chain type.
 */
export const DEFAULT_TOPOLOGY: {
  readonly l1: { readonly name: string; readonly chainId: number };
  readonly chains: Readonly<
    Record<
      string,
      { readonly protocol: XdmProtocolName; readonly chainId: number }
    >
  >;
} = {
  l1: { name: "l1", chainId: 900 },
  chains: {
    opA: { protocol: "op", chainId: 901 },
    opB: { protocol: "op", chainId: 902 },
    scroll: { protocol: "scroll", chainId: 534352 },
    starknet: { protocol: "starknet", chainId: STARKNET_DEFAULT_CHAIN_ID },
  },
};
