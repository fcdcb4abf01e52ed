import type { World } from "../../../world.js";
import type { AdvanceOptions } from "../../types.js";
import type { OpDisputeGame } from "../details.js";
import type { OpRelayState } from "../state.js";

import { AbiCoder, getAddress, toQuantity } from "ethers";
import { HardhatPluginError } from "hardhat/plugins";

import { sendActorTransaction } from "../../../actor-transaction.js";
import { PLUGIN_ID } from "../../../constants.js";
import {
  PERMISSIONED_CANNON,
  opL1Addresses,
} from "../codec/bedrock-addresses.js";
import { DISPUTE_GAME_CREATED_TOPIC } from "../codec/bedrock.js";
import { outputRootAt } from "../codec/withdrawal-proof.js";
import { onGameCreated } from "../withdrawals.js";

/**
 * The mock proposer: when withdrawals of an OP chain wait for an output root, it creates a dispute game on
 * the L1 (DisputeGameFactory.create, as the permissioned proposer) claiming the output root of the chain's
 * latest block, read over JSON-RPC as a real proposer's op-node reads it. Its games resolve by their clock
 * (OutputRootDisputeGame). It acts in clock passes (`relayAll`) and cutting passes (`relay({ cut: true })`,
 * xdm:node's tick), as the batchers close what is pending: a proposal is one of the waits relayAll moves.
 * It never moves time.
 */
export class Proposer {
  constructor(
    private readonly world: World,
    private readonly state: OpRelayState,
  ) {}

  async advance(options: AdvanceOptions): Promise<number> {
    if (
      (!options.clock && options.cut !== true) ||
      this.world.faults.isPaused("op:proposer")
    )
      return 0;
    let actions = 0;
    for (const [name, waiting] of this.state.awaitingProposal) {
      if (waiting.length === 0) continue;
      await this.#propose(name);
      actions += 1;
    }
    return actions;
  }

  /** Creates a game for the latest block of OP chain `name`. */
  async #propose(name: string): Promise<void> {
    const chain = this.world.chain(name);
    const l2Block = await chain.blockNumber();
    const { root } = await outputRootAt(chain, l2Block);
    const factory = chain.l1Contracts.DisputeGameFactory;
    const extraData = AbiCoder.defaultAbiCoder().encode(["uint256"], [l2Block]);
    const outcome = await sendActorTransaction(this.world, this.world.l1, {
      from: this.world.actors["op:proposer"].address,
      to: opL1Addresses(chain.chainId).DisputeGameFactory,
      data: factory.interface.encodeFunctionData("create", [
        PERMISSIONED_CANNON,
        root,
        extraData,
      ]),
      gas: 2_000_000n,
    });
    if (outcome.kind !== "mined")
      throw new HardhatPluginError(
        PLUGIN_ID,
        `The OP proposer could not create a dispute game for ${name} block ${l2Block} on the L1: ${outcome.reason}`,
        outcome.error,
      );
    const created = outcome.receipt.logs.find(
      (log) => log.topics[0] === DISPUTE_GAME_CREATED_TOPIC,
    );
    if (created === undefined)
      throw new HardhatPluginError(
        PLUGIN_ID,
        `The OP proposer's game for ${name} block ${l2Block} logged no DisputeGameCreated: a bug of hardhat-xdm, please report it.`,
      );
    const block = await this.world.l1.block(
      Number(outcome.receipt.blockNumber),
    );
    const game: OpDisputeGame = {
      index: Number(await factory.gameCount()) - 1,
      address: getAddress(`0x${created.topics[1].slice(26)}`),
      l2BlockNumber: l2Block,
      rootClaim: root,
      createdAt: Number(block.timestamp),
    };
    // A proof must come in a later block than the game (the portal refuses one at its creation time), and
    // this node may mine several blocks in one second: the L1's next block is one second on, as a real
    // L1's next block is a slot later.
    if ((await this.world.l1.timestamp()) <= game.createdAt)
      await this.world.l1.rpc("evm_setNextBlockTimestamp", [
        toQuantity(game.createdAt + 1),
      ]);
    onGameCreated(this.world, this.state, chain, game);
  }
}
