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
import { Sequencer } from "./actors/sequencer.js";
import { VerifiedMessages } from "./actors/verified-messages.js";
import { L2_CROSS_DOMAIN_MESSENGER_ADDRESS } from "./codec/bedrock-addresses.js";
import {
  CDM_FAILED_RELAYED_MESSAGE_TOPIC,
  CDM_RELAYED_MESSAGE_TOPIC,
  TRANSACTION_DEPOSITED_TOPIC,
} from "./codec/bedrock.js";
import { chainsByPortal, readDeposits, readMessengerLogs } from "./deposits.js";
import { OpHelpers } from "./helpers.js";
import { install, verifyInstalled } from "./install.js";
import { readLogs, watchOf } from "./logs.js";
import { supervisorRpcMethods } from "./supervisor-rpc.js";

/** The relayer-side state of a world snapshot. */
interface OpSnapshot {
  relayed: Map<string, Set<string>>;
  open: Set<string>;
  verified: Map<string, bigint>;
  deposits: Map<string, string[]>;
  minted: Set<string>;
  messengerHashes: Map<string, string>;
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
      deposits: new Map(),
      minted: new Set(),
      messengerHashes: new Map(),
    };
    const autorelayer = new Autorelayer(world, state);
    super(world, autorelayer);
    this.#state = state;
    this.#autorelayer = autorelayer;
    this.#sequencer = new Sequencer(world, state);
  }

  readonly #sequencer: Sequencer;

  async install(chain: Chain): Promise<void> {
    await install(this.world, this.#state, chain);
  }

  async verifyInstalled(chain: Chain): Promise<void> {
    await verifyInstalled(this.world, this.#state, chain);
  }

  /** On the L1 the OP chains' portals; on an OP chain its interop messenger and its L2CrossDomainMessenger. */
  watch(chain: Chain): LogWatch | undefined {
    if (chain === this.world.l1) {
      return {
        addresses: [...chainsByPortal(this.world).keys()],
        topics: [TRANSACTION_DEPOSITED_TOPIC],
      };
    }
    const interop = watchOf(chain);
    if (interop === undefined) return undefined;
    return {
      addresses: [...interop.addresses, L2_CROSS_DOMAIN_MESSENGER_ADDRESS],
      topics: [
        ...interop.topics,
        CDM_RELAYED_MESSAGE_TOPIC,
        CDM_FAILED_RELAYED_MESSAGE_TOPIC,
      ],
    };
  }

  async onLogs(chain: Chain, logs: RpcLog[]): Promise<void> {
    if (chain === this.world.l1) {
      await readDeposits(this.world, this.#state, logs);
      return;
    }
    const bedrock = L2_CROSS_DOMAIN_MESSENGER_ADDRESS.toLowerCase();
    const isBedrock = (log: RpcLog) => log.address.toLowerCase() === bedrock;
    readMessengerLogs(this.world, this.#state, chain, logs.filter(isBedrock));
    await readLogs(
      this.world,
      this.#state,
      chain,
      logs.filter((log) => !isBedrock(log)),
    );
  }

  /** The sequencers execute the deposits due, then the autorelayer relays interop messages. */
  async advance(options: AdvanceOptions): Promise<number> {
    const deposits = await this.#sequencer.advance(options);
    return deposits + (await this.#autorelayer.advance(options));
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
      deposits: this.#state.deposits,
      minted: this.#state.minted,
      messengerHashes: this.#state.messengerHashes,
    });
  }

  loadState(state: unknown): void {
    const saved = state as OpSnapshot;
    this.#state.relayed = saved.relayed;
    this.#state.open = saved.open;
    this.#state.verified.load(saved.verified);
    this.#state.deposits = saved.deposits;
    this.#state.minted = saved.minted;
    this.#state.messengerHashes = saved.messengerHashes;
  }
}

export function createOpProtocol(world: World): OpProtocol {
  return new OpProtocol(world);
}
