/**
 * The `xdm` config as users write it and as the plugin resolves it. The engine's keys are declared here;
 * each messaging model adds its own by declaration merging from its module (`src/protocols/<name>/index.ts`):
 * its name to XdmProtocolNames, its section `xdm.<name>` to XdmUserConfig and XdmConfig. A model
 * registered from outside `src/` adds its own the same way.
 */

/**
 * The protocol names `xdm.chains.<chain>.protocol` accepts, one key each (the value says nothing). Empty
 * here: each module adds its name (`declare module "../../types/config.js" { interface XdmProtocolNames { <name>: true } }`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface -- filled by declaration merging
export interface XdmProtocolNames {}

/** A protocol name config accepts: a model some module declares in XdmProtocolNames. */
export type XdmProtocolName = keyof XdmProtocolNames & string;

/** One L2 of the topology as the user writes it under `xdm.chains.<name>`. */
export interface XdmChainUserConfig {
  /** The messaging model of the chain: the name of a model the plugin holds. */
  protocol: XdmProtocolName;
  /** The Hardhat network this chain runs on; defaults to the chain's own name. */
  network?: string;
  /**
   * Only for a model whose chains carry an interop dependency set: the other chains of that model whose
   * messages this chain may execute (default: every one of them).
   */
  dependencySet?: string[];
  /** Seconds between blocks under `xdm:node` (interval mining). */
  blockTime?: number;
}

/** `xdm` as the user writes it; each model's module adds its section `<name>?:`. */
export interface XdmUserConfig {
  /** The L1 chain: its name in `world.chains` and its Hardhat network (default "l1"). */
  l1?: string;
  /** Seconds between L1 blocks under `xdm:node` (default 12). */
  l1BlockTime?: number;
  /** The L2s; without this key the default topology (one chain or two of each built-in model) is used. */
  chains?: Record<string, XdmChainUserConfig>;
  /** Private keys replacing the derived actor keys, by actor name (`"<protocol>:<actor>": "0x…"`). */
  actors?: Record<string, string>;
}

export interface XdmChainConfig {
  name: string;
  protocol: XdmProtocolName | "l1";
  network: string;
  /**
   * True when the plugin created the chain's network (in process, the next free chain id of its model)
   * because the config defines none of that name: the default topology's networks, and those of chains
   * added under `xdm.chains` without a `network`.
   */
  networkInjected: boolean;
  /** The chain id from the network config, when the network declares one. */
  chainId?: number;
  /** Chain names of its dependency set (without the chain itself); empty for a model without one. */
  dependencySet: string[];
  blockTime: number;
}

/** `hre.config.xdm`: every default filled in; each model's module adds its resolved section `<name>:`. */
export interface XdmConfig {
  l1: string;
  /** Every chain of the topology, the L1 first. */
  chains: Record<string, XdmChainConfig>;
  actors: Record<string, string>;
}
