import type { ScrollContext, ScrollInstance } from "../instance.js";

import { toQuantity } from "ethers";

import { L2_MESSAGE_QUEUE_ADDRESS } from "../addresses.js";
import { publicInputHash, signAggregateProof } from "../codec/proof.js";
import { actorsOf } from "../instance.js";

/**
 * The prover: the aggregate proof of committed batch `index` over the L2 state at its last block,
 * signed with the key the MockRollupVerifier knows.
 */
export async function prove(
  ctx: ScrollContext,
  instance: ScrollInstance,
  index: number,
): Promise<{
  prevStateRoot: string;
  postStateRoot: string;
  withdrawRoot: string;
  proof: string;
}> {
  const batch = instance.state.batches[index];
  const chain = instance.chain;
  const rollup = instance.l1.ZKRollup;
  const prevStateRoot = await ctx.world.l1.rpc<string>("eth_call", [
    {
      to: rollup,
      data: ctx.ifaces.rollup.encodeFunctionData("finalizedStateRoots", [
        index - 1,
      ]),
    },
    "latest",
  ]);
  const lastBlock = await chain.block(batch.lastBlock);
  const withdrawRoot = await chain.rpc<string>("eth_getStorageAt", [
    L2_MESSAGE_QUEUE_ADDRESS,
    "0x0",
    toQuantity(batch.lastBlock),
  ]);
  const input = publicInputHash({
    layer2ChainId: BigInt(chain.chainId),
    prevStateRoot,
    postStateRoot: lastBlock.stateRoot,
    withdrawRoot,
    dataHash: batch.header.dataHash,
  });
  // A failing prover (fault injection) signs with a key the verifier does not know.
  const key = ctx.world.faults.takeBadProof("scroll")
    ? ctx.world.actors.deployer.privateKey
    : actorsOf(ctx).prover.privateKey;
  const proof = signAggregateProof(key, input);
  return {
    prevStateRoot,
    postStateRoot: lastBlock.stateRoot,
    withdrawRoot,
    proof,
  };
}
