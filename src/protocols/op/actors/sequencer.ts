import type { ActorTxOutcome } from "../../../actor-transaction.js";
import type { Chain, RpcReceipt } from "../../../chain.js";
import type { World } from "../../../world.js";
import type { AdvanceOptions } from "../../types.js";
import type { OpDeposit } from "../details.js";
import type { OpRelayState } from "../state.js";

import { formatEther, toQuantity } from "ethers";
import { HardhatPluginError } from "hardhat/plugins";

import {
  actorTxFailure,
  firstLine,
  minedRevert,
} from "../../../actor-transaction.js";
import { PLUGIN_ID } from "../../../constants.js";
import { DEPOSITOR_ACCOUNT } from "../codec/bedrock-addresses.js";
import { isDeposit } from "../details.js";

/** A deposit's transaction on L2, sent as its `from` with no fee. */
interface DepositTx {
  from: string;
  to?: string;
  value: bigint;
  gas: bigint;
  data: string;
}

/**
 * The sequencer of each OP chain: executes the chain's deposits in L1 order once they have
 * `op.l1Confirmations`, as the L2 block's deposit transactions would. EDR has no deposit transaction type,
 * so a deposit is reproduced by its effects: L1Block is set to the deposit's L1 block (by the depositor
 * account), `mint` is credited to `from`, then `from` (impersonated; the alias for a contract) sends the
 * call with the deposit's value, gas limit and data in a block whose base fee is 0, so the deposit pays no
 * L2 fee. A call that reverts leaves the mint in place, as on a real chain.
 */
export class Sequencer {
  constructor(
    private readonly world: World,
    private readonly state: OpRelayState,
  ) {}

  async advance(options: AdvanceOptions): Promise<number> {
    if (this.world.faults.isPaused("op:sequencer")) return 0;
    let actions = 0;
    const needed = this.world.config.op.l1Confirmations;
    for (const [name, queue] of this.state.deposits) {
      const chain = this.world.chain(name);
      while (queue.length > 0) {
        const message = this.world.registry.get(queue[0], "op");
        if (
          message === undefined ||
          !isDeposit(message) ||
          message.status !== "pending"
        ) {
          queue.shift();
          continue;
        }
        // Deposits are executed in L1 order: a held one holds the ones after it.
        if (this.world.faults.isHeld(message.id)) break;
        const depth =
          (await this.world.l1.blockNumber()) - message.details.l1Block;
        if (depth < needed) {
          if (!options.clock) break;
          await this.world.mine(needed - depth);
          actions += 1;
        }
        if (!(await this.#execute(chain, message))) {
          actions += 1; // lost in transport: sent again on the next pass
          break;
        }
        queue.shift();
        actions += 1;
      }
    }
    return actions;
  }

  /** Executes one deposit; false when its transaction was lost in transport (nothing known mined). */
  async #execute(chain: Chain, message: OpDeposit): Promise<boolean> {
    const { deposit } = message.details;
    await this.#setL1Block(chain, message);
    if (!this.state.minted.has(message.id)) {
      if (deposit.mint > 0n) {
        const balance = BigInt(
          await chain.rpc<string>("eth_getBalance", [deposit.from, "latest"]),
        );
        await chain.setBalance(deposit.from, balance + deposit.mint);
      }
      this.state.minted.add(message.id);
    }
    await chain.impersonate(deposit.from);
    const tx: DepositTx = {
      from: deposit.from,
      value: deposit.value,
      gas: deposit.gasLimit,
      data: deposit.data,
    };
    if (!deposit.isCreation) tx.to = deposit.to;
    const outcome = await sendWithoutFee(this.world, chain, tx);
    if (outcome.kind === "transport") return false;
    const minted = `its ${formatEther(deposit.mint)} ETH stay minted to ${deposit.from}`;
    if (outcome.kind === "mined") {
      await this.world.ingest(chain, outcome.receipt.logs);
      if (message.status === "pending") {
        this.world.registry.update(message, "relayed", "relayed", {
          destinationTx: outcome.receipt.transactionHash,
        });
      } else if (message.destinationTx === undefined) {
        message.destinationTx = outcome.receipt.transactionHash;
      }
    } else if (outcome.kind === "reverted") {
      const receipt: RpcReceipt | undefined =
        outcome.receipt ??
        (outcome.transactionHash !== undefined
          ? await chain.receipt(outcome.transactionHash)
          : undefined);
      if (receipt !== undefined) await this.world.ingest(chain, receipt.logs);
      this.world.registry.update(message, "failed", "deposit-reverted", {
        destinationTx: receipt?.transactionHash ?? outcome.transactionHash,
        error: `the deposit's call reverted on ${chain.name} (${outcome.reason}); ${minted}`,
      });
    } else {
      this.world.registry.update(message, "failed", "deposit-reverted", {
        error: `${chain.name} refused the deposit's transaction (${outcome.reason}); ${minted}`,
      });
    }
    return true;
  }

  /** Records the deposit's L1 block in L1Block, once per L1 block, as the depositor account. */
  async #setL1Block(chain: Chain, message: OpDeposit): Promise<void> {
    const l1Block = chain.contracts.L1Block;
    if (Number(await l1Block.number()) >= message.details.l1Block) return;
    const block = await this.world.l1.block(message.details.l1Block);
    const outcome = await sendWithoutFee(this.world, chain, {
      from: DEPOSITOR_ACCOUNT,
      to: await l1Block.getAddress(),
      value: 0n,
      gas: 1_000_000n,
      data: l1Block.interface.encodeFunctionData("setL1BlockValues", [
        message.details.l1Block,
        Number(block.timestamp),
        BigInt(block.baseFeePerGas ?? 0),
        block.hash,
        0,
      ]),
    });
    if (outcome.kind !== "mined")
      throw new HardhatPluginError(
        PLUGIN_ID,
        `The OP sequencer could not set L1Block on ${chain.name}: ${outcome.reason}. Check that the chain's node is up and signs for ${DEPOSITOR_ACCOUNT}, then relay again.`,
        outcome.error,
      );
  }
}

/**
 * Sends `tx` from an account the node signs for in a block whose base fee is 0 (a deposit bought its L2
 * gas on L1), then gives the next block the base fee it would have had.
 */
async function sendWithoutFee(
  world: World,
  chain: Chain,
  tx: DepositTx,
): Promise<ActorTxOutcome> {
  const pending = await chain.block("pending");
  const baseFee = pending.baseFeePerGas;
  if (baseFee !== undefined)
    await chain.rpc("hardhat_setNextBlockBaseFeePerGas", ["0x0"]);
  const params: Record<string, string> = {
    from: tx.from,
    value: toQuantity(tx.value),
    gas: toQuantity(tx.gas),
    data: tx.data,
  };
  if (tx.to !== undefined) params.to = tx.to;
  if (baseFee !== undefined) {
    params.maxFeePerGas = "0x0";
    params.maxPriorityFeePerGas = "0x0";
  } else {
    params.gasPrice = "0x0";
  }
  try {
    const hash = await chain.rpc<string>("eth_sendTransaction", [params]);
    const receipt = await chain.receipt(hash);
    if (receipt.status === "0x1") return { kind: "mined", receipt };
    return await minedRevert(
      world,
      chain,
      {
        from: tx.from,
        to: tx.to ?? "",
        data: tx.data,
        value: tx.value,
        gas: tx.gas,
      },
      receipt,
    );
  } catch (error) {
    return await actorTxFailure(world, error);
  } finally {
    if (baseFee !== undefined)
      await chain
        .rpc("hardhat_setNextBlockBaseFeePerGas", [toQuantity(BigInt(baseFee))])
        .catch((error: unknown) => {
          throw new HardhatPluginError(
            PLUGIN_ID,
            `The OP sequencer could not restore the base fee of ${chain.name} after a deposit: ${firstLine(error)}`,
            error instanceof Error ? error : undefined,
          );
        });
  }
}
