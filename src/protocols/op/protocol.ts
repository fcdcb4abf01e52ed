import type { OpRelayState } from "./state.js";
import type { Chain } from "../../chain.js";
import type { World } from "../../world.js";
import type {
  AdvanceOptions,
  LogWatch,
  Protocol,
  RpcLog,
  RpcMethod,
} from "../types.js";

import { Autorelayer } from "./actors/autorelayer.js";
import { VerifiedMessages } from "./actors/verified-messages.js";
import { OpHelpers } from "./helpers.js";
import { install, verifyInstalled } from "./install.js";
import { readLogs, watchOf } from "./logs.js";
import { supervisorRpcMethods } from "./supervisor-rpc.js";

/** The relayer-side state of a world snapshot. */
interface OpSnapshot {
  relayed: Map<string, Set<string>>;
  open: Set<string>;
  verified: Map<string, bigint>;
}

/**
 * OP Stack interop: CrossL2Inbox and L2ToL2CrossDomainMessenger at their predeploy addresses on every OP
 * chain (install.ts), a supervisor per chain that vets executing messages before inclusion
 * (actors/supervisor.ts), the messenger's logs read into messages (logs.ts) and the autorelayer
 * (actors/autorelayer.ts). This class holds their shared state and is `world.op` (helpers.ts).
 */
export class OpProtocol extends OpHelpers implements Protocol {
  readonly name = "op" as const;
  readonly #state: OpRelayState;
  readonly #autorelayer: Autorelayer;

  constructor(world: World) {
    const state: OpRelayState = {
      relayed: new Map(),
      open: new Set(),
      verified: new VerifiedMessages(),
    };
    const autorelayer = new Autorelayer(world, state);
    super(world, autorelayer);
    this.#state = state;
    this.#autorelayer = autorelayer;
  }

  async install(chain: Chain): Promise<void> {
    await install(this.world, this.#state, chain);
  }

  async verifyInstalled(chain: Chain): Promise<void> {
    await verifyInstalled(this.world, this.#state, chain);
  }

  watch(chain: Chain): LogWatch | undefined {
    return watchOf(chain);
  }

  async onLogs(chain: Chain, logs: RpcLog[]): Promise<void> {
    await readLogs(this.world, this.#state, chain, logs);
  }

  async advance(options: AdvanceOptions): Promise<number> {
    return await this.#autorelayer.advance(options);
  }

  /** The supervisor's JSON-RPC (`supervisor_checkAccessList`) on an OP chain under xdm:node. */
  rpcMethods(chain: Chain): Record<string, RpcMethod> {
    return supervisorRpcMethods(this.world, this.#state, chain);
  }

  saveState(): OpSnapshot {
    return structuredClone({
      relayed: this.#state.relayed,
      open: this.#state.open,
      verified: this.#state.verified.save(),
    });
  }

  loadState(state: unknown): void {
    const saved = state as OpSnapshot;
    this.#state.relayed = saved.relayed;
    this.#state.open = saved.open;
    this.#state.verified.load(saved.verified);
  }
}

export function createOpProtocol(world: World): OpProtocol {
  return new OpProtocol(world);
}
