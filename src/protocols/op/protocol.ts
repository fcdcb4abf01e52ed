import type { OpDisputeGame } from "./details.js";
import type { OpRelayState } from "./state.js";
import type { WithdrawalProof } from "./withdrawal-helpers.js";
import type { RpcReceipt, Chain } from "../../chain.js";
import type { Message } from "../../messages.js";
import type { World } from "../../world.js";
import type {
  AdvanceOptions,
  LogWatch,
  Protocol,
  RpcLog,
  RpcMethod,
} from "../types.js";

import { Autorelayer } from "./actors/autorelayer.js";
import { Proposer } from "./actors/proposer.js";
import { Sequencer } from "./actors/sequencer.js";
import { VerifiedMessages } from "./actors/verified-messages.js";
import {
  L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
  L2_TO_L1_MESSAGE_PASSER_ADDRESS,
  opL1Addresses,
} from "./codec/bedrock-addresses.js";
import {
  CDM_FAILED_RELAYED_MESSAGE_TOPIC,
  CDM_RELAYED_MESSAGE_TOPIC,
  DISPUTE_GAME_CREATED_TOPIC,
  MESSAGE_PASSED_TOPIC,
  TRANSACTION_DEPOSITED_TOPIC,
  WITHDRAWAL_FINALIZED_TOPIC,
  WITHDRAWAL_PROVEN_EXTENSION1_TOPIC,
} from "./codec/bedrock.js";
import { chainsByPortal, readDeposits, readMessengerLogs } from "./deposits.js";
import { OpHelpers } from "./helpers.js";
import { install, verifyInstalled } from "./install.js";
import { readLogs, watchOf } from "./logs.js";
import { supervisorRpcMethods } from "./supervisor-rpc.js";
import {
  finalizeWithdrawal,
  proveWithdrawal,
  withdrawalProof,
} from "./withdrawal-helpers.js";
import {
  readL1WithdrawalLogs,
  readWithdrawals,
  refreshWithdrawals,
} from "./withdrawals.js";

/** The relayer-side state of a world snapshot. */
interface OpSnapshot {
  relayed: Map<string, Set<string>>;
  open: Set<string>;
  verified: Map<string, bigint>;
  deposits: Map<string, string[]>;
  minted: Set<string>;
  messengerHashes: Map<string, string>;
  withdrawals: Map<string, string>;
  awaitingProposal: Map<string, string[]>;
  games: Map<string, OpDisputeGame>;
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
      withdrawals: new Map(),
      awaitingProposal: new Map(),
      games: new Map(),
    };
    const autorelayer = new Autorelayer(world, state);
    super(world, autorelayer);
    this.#state = state;
    this.#autorelayer = autorelayer;
    this.#sequencer = new Sequencer(world, state);
    this.#proposer = new Proposer(world, state);
  }

  readonly #sequencer: Sequencer;
  readonly #proposer: Proposer;

  /** What proveWithdrawalTransaction takes for withdrawal `message`: the game, the output root proof, the storage proof. */
  async proof(message: Message | string): Promise<WithdrawalProof> {
    return await withdrawalProof(this.world, message);
  }

  /** Proves withdrawal `message` on the L1 (from the L1 node's first account unless `from` is given). */
  async prove(
    message: Message | string,
    options: { from?: string } = {},
  ): Promise<RpcReceipt> {
    return await proveWithdrawal(this.world, message, options);
  }

  /** Finalizes withdrawal `message` on the L1 (from its proof submitter unless `from` is given). */
  async finalize(
    message: Message | string,
    options: { from?: string } = {},
  ): Promise<RpcReceipt> {
    return await finalizeWithdrawal(this.world, message, options);
  }

  async install(chain: Chain): Promise<void> {
    await install(this.world, this.#state, chain);
  }

  async verifyInstalled(chain: Chain): Promise<void> {
    await verifyInstalled(this.world, this.#state, chain);
  }

  /** On the L1 the OP chains' portals; on an OP chain its interop messenger and its L2CrossDomainMessenger. */
  watch(chain: Chain): LogWatch | undefined {
    if (chain === this.world.l1) {
      const chains = [...chainsByPortal(this.world).values()];
      return {
        addresses: chains.flatMap((opChain) => {
          const l1 = opL1Addresses(opChain.chainId);
          return [
            l1.OptimismPortal,
            l1.L1CrossDomainMessenger,
            l1.DisputeGameFactory,
          ];
        }),
        topics: [
          TRANSACTION_DEPOSITED_TOPIC,
          DISPUTE_GAME_CREATED_TOPIC,
          WITHDRAWAL_PROVEN_EXTENSION1_TOPIC,
          WITHDRAWAL_FINALIZED_TOPIC,
          CDM_RELAYED_MESSAGE_TOPIC,
          CDM_FAILED_RELAYED_MESSAGE_TOPIC,
        ],
      };
    }
    const interop = watchOf(chain);
    if (interop === undefined) return undefined;
    return {
      addresses: [
        ...interop.addresses,
        L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
        L2_TO_L1_MESSAGE_PASSER_ADDRESS,
      ],
      topics: [
        ...interop.topics,
        CDM_RELAYED_MESSAGE_TOPIC,
        CDM_FAILED_RELAYED_MESSAGE_TOPIC,
        MESSAGE_PASSED_TOPIC,
      ],
    };
  }

  async onLogs(chain: Chain, logs: RpcLog[]): Promise<void> {
    if (chain === this.world.l1) {
      const deposited = (log: RpcLog) =>
        log.topics[0] === TRANSACTION_DEPOSITED_TOPIC;
      await readDeposits(this.world, this.#state, logs.filter(deposited));
      await readL1WithdrawalLogs(
        this.world,
        this.#state,
        logs.filter((log) => !deposited(log)),
      );
      return;
    }
    const from = (address: string) => (log: RpcLog) =>
      log.address.toLowerCase() === address.toLowerCase();
    const messenger = from(L2_CROSS_DOMAIN_MESSENGER_ADDRESS);
    const passer = from(L2_TO_L1_MESSAGE_PASSER_ADDRESS);
    readMessengerLogs(this.world, this.#state, chain, logs.filter(messenger));
    await readWithdrawals(
      this.world,
      this.#state,
      chain,
      logs.filter(
        (log) => passer(log) && log.topics[0] === MESSAGE_PASSED_TOPIC,
      ),
    );
    await readLogs(
      this.world,
      this.#state,
      chain,
      logs.filter((log) => !messenger(log) && !passer(log)),
    );
  }

  /**
   * The sequencers execute the deposits due, the proposer proposes for withdrawals that wait (clock passes),
   * proven withdrawals whose delays have passed become finalizable, then the autorelayer relays interop
   * messages. Nothing here moves time: the 7-day window passes only with world.time.
   */
  async advance(options: AdvanceOptions): Promise<number> {
    let actions = await this.#sequencer.advance(options);
    actions += await this.#proposer.advance(options);
    await refreshWithdrawals(this.world);
    return actions + (await this.#autorelayer.advance(options));
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
      withdrawals: this.#state.withdrawals,
      awaitingProposal: this.#state.awaitingProposal,
      games: this.#state.games,
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
    this.#state.withdrawals = saved.withdrawals;
    this.#state.awaitingProposal = saved.awaitingProposal;
    this.#state.games = saved.games;
  }
}

export function createOpProtocol(world: World): OpProtocol {
  return new OpProtocol(world);
}
