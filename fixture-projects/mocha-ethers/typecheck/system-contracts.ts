// Type-checked by `tsc`, never run: each @ts-expect-error must meet a type error, so were the system
// contracts untyped (any), tsc would fail on the directive itself.
import hre from "hardhat";
import type { L2ToL2CrossDomainMessenger } from "hardhat-xdm";

const world = await hre.xdm.create();
const { opA, opB, starknet } = world.chains;
const messenger: L2ToL2CrossDomainMessenger =
  opA.contracts.L2ToL2CrossDomainMessenger;
const target = await opB.contracts.CrossL2Inbox.getAddress();
await messenger.sendMessage(opB.chainId, target, "0x");
// @ts-expect-error sendMessage(destination, target, message) needs the message
await messenger.sendMessage(opB.chainId, target);
const nonce: bigint = await messenger.messageNonce();
// @ts-expect-error StarknetCore's L1→L2 send is sendMessageToL2
await starknet.l1Contracts.StarknetCore.sendMessage(1n, 2n, [3n]);
console.log(nonce);
