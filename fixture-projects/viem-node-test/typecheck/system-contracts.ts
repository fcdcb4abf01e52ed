// Type-checked by `tsc`, never run: each @ts-expect-error must meet a type error, so were the system
// contracts untyped (any), tsc would fail on the directive itself.
import hre from "hardhat";

const world = await hre.xdm.create();
const { opA, opB, starknet } = world.chains;
const messenger = opA.viem.contracts.L2ToL2CrossDomainMessenger;
const target = opB.viem.contracts.CrossL2Inbox.address;
await messenger.write.sendMessage([BigInt(opB.chainId), target, "0x"]);
// @ts-expect-error sendMessage(destination, target, message) needs the message
await messenger.write.sendMessage([BigInt(opB.chainId), target]);
// @ts-expect-error the destination is a uint256: a bigint
await messenger.write.sendMessage([opB.chainId, target, "0x"]);
const nonce: bigint = await messenger.read.messageNonce();
const core = starknet.viem.l1Contracts.StarknetCore;
// @ts-expect-error StarknetCore's L1→L2 send is sendMessageToL2
await core.write.sendMessage([1n, 2n, [3n]]);
console.log(nonce);
