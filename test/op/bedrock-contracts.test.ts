/**
 * The OP Stack's L1↔L2 contracts of the default world, contract by contract: where they are installed
 * (supersim's L1 addresses, the real predeploys), how they were initialised, the portal's deposit log and
 * its refusals, the messengers' and bridges' checks, and the message passer's withdrawal hash.
 */
import type { World } from "../../src/world.js";

import { expect } from "chai";
import {
  AbiCoder,
  Interface,
  ZeroAddress,
  getAddress,
  parseEther,
  toBeHex,
  zeroPadValue,
} from "ethers";
import hre from "hardhat";

import { verifyBedrock } from "../../src/protocols/op/bedrock-install.js";
import {
  DEFAULT_L2_SENDER,
  L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
  L2_STANDARD_BRIDGE_ADDRESS,
  L2_TO_L1_MESSAGE_PASSER_ADDRESS,
  applyL1ToL2Alias,
  opL1Addresses,
  undoL1ToL2Alias,
} from "../../src/protocols/op/codec/bedrock-addresses.js";
import {
  MESSAGE_PASSED_TOPIC,
  TRANSACTION_DEPOSITED_TOPIC,
  decodeMessagePassed,
  decodeRelayMessage,
  decodeTransactionDeposited,
  withdrawalHash,
  withdrawalStorageSlot,
} from "../../src/protocols/op/codec/bedrock.js";
import { mined } from "../helpers/mined.js";
import { expectCustomError, expectRevert } from "../helpers/rejection.js";

const factoryErrors = new Interface([
  "error BadAuth()",
  "error NoImplementation(uint32 gameType)",
  "error GameAlreadyExists(bytes32 uuid)",
]);
const gameErrors = new Interface([
  "error ClockNotExpired()",
  "error GameNotInProgress()",
]);
const portalErrors = new Interface([
  "error OptimismPortal_BadTarget()",
  "error OptimismPortal_GasLimitTooLow()",
  "error OptimismPortal_CalldataTooLarge()",
]);

/** A receipt's logs in the shape the codecs read. */
function rpcLogs(receipt: {
  logs: ReadonlyArray<{
    address: string;
    topics: readonly string[];
    data: string;
    blockNumber: number;
    blockHash: string;
    transactionHash: string;
    transactionIndex: number;
    index: number;
  }>;
}) {
  return receipt.logs.map((log) => ({
    address: log.address,
    topics: [...log.topics],
    data: log.data,
    blockNumber: toBeHex(log.blockNumber),
    blockHash: log.blockHash,
    transactionHash: log.transactionHash,
    transactionIndex: toBeHex(log.transactionIndex),
    logIndex: toBeHex(log.index),
  }));
}

describe("OP L1↔L2 contracts", () => {
  let world: World;
  before(async () => {
    world = await hre.xdm.create();
  });
  after(async () => {
    await world.close();
  });

  it("puts each OP chain's L1 contracts at supersim's addresses and the predeploys at 0x4200…", async () => {
    const { opA, opB } = world.chains;
    expect(await opA.l1Contracts.OptimismPortal.getAddress()).to.equal(
      getAddress("0x6cd0121a4eeedb8f07007773e46b1aaac17e5e07"),
    );
    expect(await opB.l1Contracts.OptimismPortal.getAddress()).to.equal(
      getAddress("0x0447b6c313d92ece78b7f4737b14ab7bf0c548ab"),
    );
    expect(await opA.l1Contracts.L1CrossDomainMessenger.getAddress()).to.equal(
      getAddress("0x9e4ee2b682076951592cb4da5559833fe62a8c01"),
    );
    expect(await opB.l1Contracts.L1StandardBridge.getAddress()).to.equal(
      getAddress("0xce59210a7fe02fea7a302fbd28bffe461a0964ff"),
    );
    for (const chain of [opA, opB]) {
      const l1 = opL1Addresses(chain.chainId);
      const { OptimismPortal, L1CrossDomainMessenger, L1StandardBridge } =
        chain.l1Contracts;
      expect(await OptimismPortal.version()).to.equal("4.6.0");
      expect(await OptimismPortal.l2Sender()).to.equal(DEFAULT_L2_SENDER);
      expect(await L1CrossDomainMessenger.portal()).to.equal(l1.OptimismPortal);
      expect(await L1CrossDomainMessenger.otherMessenger()).to.equal(
        L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
      );
      expect(await L1StandardBridge.messenger()).to.equal(
        l1.L1CrossDomainMessenger,
      );
      expect(await L1StandardBridge.otherBridge()).to.equal(
        L2_STANDARD_BRIDGE_ADDRESS,
      );
      const { L2CrossDomainMessenger, L2StandardBridge, L2ToL1MessagePasser } =
        chain.contracts;
      expect(await L2CrossDomainMessenger.otherMessenger()).to.equal(
        l1.L1CrossDomainMessenger,
      );
      expect(await L2StandardBridge.otherBridge()).to.equal(
        l1.L1StandardBridge,
      );
      expect(await L2ToL1MessagePasser.version()).to.equal("1.1.2");
      expect(await chain.contracts.L1Block.DEPOSITOR_ACCOUNT()).to.equal(
        "0xDeaDDEaDDeAdDeAdDEAdDEaddeAddEAdDEAd0001",
      );
    }
  });

  it("refuses a second initialize", async () => {
    const { opA } = world.chains;
    await expectRevert(
      opA.l1Contracts.L1CrossDomainMessenger.initialize(ZeroAddress),
      "Initializable: contract is already initialized",
    );
    await expectRevert(
      opA.contracts.L2StandardBridge.initialize(ZeroAddress),
      "Initializable: contract is already initialized",
    );
  });

  it("verifies the installed code on attach, and names a contract that is not the plugin's", async () => {
    const { opA } = world.chains;
    await verifyBedrock(world, opA);
    const portal = opL1Addresses(opA.chainId).OptimismPortal;
    const code = await world.l1.rpc<string>("eth_getCode", [portal, "latest"]);
    await world.l1.setCode(portal, "0x00");
    try {
      let thrown: unknown;
      await verifyBedrock(world, opA).catch((error: unknown) => {
        thrown = error;
      });
      expect(String(thrown)).to.contain(
        `has no hardhat-xdm OptimismPortal at ${portal}`,
      );
    } finally {
      await world.l1.setCode(portal, code);
    }
  });

  it("logs a deposit with the packed opaque data; a contract's deposit comes from its alias", async () => {
    const { opA } = world.chains;
    const portal = opA.l1Contracts.OptimismPortal;
    const [alice] = await world.l1.ethers.getSigners();
    const receipt = await mined(
      portal
        .connect(alice)
        .depositTransaction(alice.address, 5n, 50_000n, false, "0xabcd", {
          value: 7n,
        }),
    );
    const log = rpcLogs(receipt).find(
      (l) => l.topics[0] === TRANSACTION_DEPOSITED_TOPIC,
    )!;
    expect(decodeTransactionDeposited(log)).to.deep.equal({
      from: alice.address,
      to: alice.address,
      mint: 7n,
      value: 5n,
      gasLimit: 50_000n,
      isCreation: false,
      data: "0xabcd",
    });

    const forwarder = await world.l1.ethers.deployContract("Forwarder");
    const forwarderAddress = await forwarder.getAddress();
    const viaContract = await mined(
      forwarder.forward(
        await portal.getAddress(),
        portal.interface.encodeFunctionData("depositTransaction", [
          ZeroAddress,
          0n,
          100_000n,
          true,
          "0x6000",
        ]),
        { value: 3n },
      ),
    );
    const created = decodeTransactionDeposited(
      rpcLogs(viaContract).find(
        (l) => l.topics[0] === TRANSACTION_DEPOSITED_TOPIC,
      )!,
    );
    expect(created.from).to.equal(applyL1ToL2Alias(forwarderAddress));
    expect(undoL1ToL2Alias(created.from)).to.equal(forwarderAddress);
    expect(created.isCreation).to.equal(true);
    expect(created.mint).to.equal(3n);
  });

  it("deposits ETH sent to the portal to the sender with 100_000 gas", async () => {
    const { opA } = world.chains;
    const [, bob] = await world.l1.ethers.getSigners();
    const portal = await opA.l1Contracts.OptimismPortal.getAddress();
    const receipt = await mined(
      bob.sendTransaction({ to: portal, value: parseEther("0.5") }),
    );
    const deposit = decodeTransactionDeposited(
      rpcLogs(receipt).find(
        (l) => l.topics[0] === TRANSACTION_DEPOSITED_TOPIC,
      )!,
    );
    expect(deposit).to.deep.include({
      from: bob.address,
      to: bob.address,
      mint: parseEther("0.5"),
      value: parseEther("0.5"),
      gasLimit: 100_000n,
      data: "0x",
    });
  });

  it("refuses a creation with a target, a gas limit under 21000 + 40/byte, and calldata over 120000 bytes", async () => {
    const portal = world.chains.opA.l1Contracts.OptimismPortal;
    await expectCustomError(
      portal.depositTransaction(
        `0x${"00".repeat(19)}01`,
        0n,
        100_000n,
        true,
        "0x",
      ),
      portalErrors,
      "OptimismPortal_BadTarget",
    );
    expect(await portal.minimumGasLimit(10n)).to.equal(21_400n);
    await expectCustomError(
      portal.depositTransaction(
        ZeroAddress,
        0n,
        21_399n,
        false,
        `0x${"00".repeat(10)}`,
      ),
      portalErrors,
      "OptimismPortal_GasLimitTooLow",
    );
    await expectCustomError(
      portal.depositTransaction(
        ZeroAddress,
        0n,
        10_000_000n,
        false,
        `0x${"00".repeat(120_001)}`,
      ),
      portalErrors,
      "OptimismPortal_CalldataTooLarge",
    );
  });

  it("sends an L1 messenger message as a deposit from the messenger's alias to 0x4200…0007 with baseGas", async () => {
    const { opA } = world.chains;
    const messenger = opA.l1Contracts.L1CrossDomainMessenger;
    const [alice] = await world.l1.ethers.getSigners();
    const nonce = await messenger.messageNonce();
    expect(nonce >> 240n).to.equal(1n);
    const receipt = await mined(
      messenger.connect(alice).sendMessage(alice.address, "0x1234", 100_000, {
        value: 9n,
      }),
    );
    const deposit = decodeTransactionDeposited(
      rpcLogs(receipt).find(
        (l) => l.topics[0] === TRANSACTION_DEPOSITED_TOPIC,
      )!,
    );
    expect(deposit.from).to.equal(
      applyL1ToL2Alias(await messenger.getAddress()),
    );
    expect(deposit.to).to.equal(L2_CROSS_DOMAIN_MESSENGER_ADDRESS);
    expect(deposit.mint).to.equal(9n);
    expect(deposit.value).to.equal(9n);
    expect(deposit.gasLimit).to.equal(
      await messenger.baseGas("0x1234", 100_000),
    );
    // 21000 + max(200000+40000+40000+5000+floor(100000*64/63) + (2+260)*16, (2+260)*40)
    expect(deposit.gasLimit).to.equal(21_000n + 285_000n + 101_587n + 4_192n);
    const message = decodeRelayMessage(deposit.data)!;
    expect(message).to.deep.include({
      nonce,
      sender: alice.address,
      target: alice.address,
      value: 9n,
      minGasLimit: 100_000n,
      message: "0x1234",
    });
    expect(await messenger.messageNonce()).to.equal(nonce + 1n);
  });

  it("refuses a contract on the bridges' EOA-only entry points and a replay of an unknown message", async () => {
    const { opA } = world.chains;
    const bridge = opA.l1Contracts.L1StandardBridge;
    const forwarder = await world.l1.ethers.deployContract("Forwarder");
    await expectRevert(
      forwarder.forward(
        await bridge.getAddress(),
        bridge.interface.encodeFunctionData("depositETH", [200_000, "0x"]),
        { value: 1n },
      ),
      "StandardBridge: function can only be called from an EOA",
    );
    await expectRevert(
      bridge.finalizeBridgeETH(ZeroAddress, ZeroAddress, 0n, "0x"),
      "StandardBridge: function can only be called from the other bridge",
    );
    const l2Messenger = opA.contracts.L2CrossDomainMessenger;
    const [alice] = await opA.ethers.getSigners();
    await expectRevert(
      l2Messenger.relayMessage(
        1n << 240n,
        alice.address,
        alice.address,
        0n,
        0n,
        "0x",
      ),
      "CrossDomainMessenger: message cannot be replayed",
    );
    await expectRevert(
      l2Messenger.relayMessage(
        2n << 240n,
        alice.address,
        alice.address,
        0n,
        0n,
        "0x",
      ),
      "CrossDomainMessenger: only version 0 or 1 messages are supported at this time",
    );
    await expectRevert(
      l2Messenger.xDomainMessageSender(),
      "CrossDomainMessenger: xDomainMessageSender is not set",
    );
  });

  it("records a withdrawal in the message passer under the hash of its six fields, at slot 0", async () => {
    const { opA } = world.chains;
    const passer = opA.contracts.L2ToL1MessagePasser;
    const [alice] = await opA.ethers.getSigners();
    const nonce = await passer.messageNonce();
    const receipt = await mined(
      passer
        .connect(alice)
        .initiateWithdrawal(alice.address, 80_000n, "0xbeef", {
          value: 11n,
        }),
    );
    const log = rpcLogs(receipt).find(
      (l) => l.topics[0] === MESSAGE_PASSED_TOPIC,
    )!;
    const passed = decodeMessagePassed(log);
    expect(passed.withdrawal).to.deep.equal({
      nonce,
      sender: alice.address,
      target: alice.address,
      value: 11n,
      gasLimit: 80_000n,
      data: "0xbeef",
    });
    expect(withdrawalHash(passed.withdrawal)).to.equal(passed.withdrawalHash);
    expect(await passer.sentMessages(passed.withdrawalHash)).to.equal(true);
    const stored = await opA.rpc<string>("eth_getStorageAt", [
      L2_TO_L1_MESSAGE_PASSER_ADDRESS,
      withdrawalStorageSlot(passed.withdrawalHash),
      "latest",
    ]);
    expect(BigInt(stored)).to.equal(1n);
    expect(zeroPadValue(toBeHex(await passer.messageNonce()), 32)).to.equal(
      zeroPadValue(toBeHex(nonce + 1n), 32),
    );
  });

  it("lets only the proposer create permissioned games, which resolve by their clock", async () => {
    const { opA } = world.chains;
    const factory = opA.l1Contracts.DisputeGameFactory;
    const registry = opA.l1Contracts.AnchorStateRegistry;
    const proposer = world.actors["op:proposer"].address;
    const extraData = AbiCoder.defaultAbiCoder().encode(["uint256"], [1n]);
    const root = `0x${"ab".repeat(32)}`;
    await expectCustomError(
      factory.create(1, root, extraData),
      factoryErrors,
      "BadAuth",
    );
    await expectCustomError(
      factory.create(0, root, extraData),
      factoryErrors,
      "NoImplementation",
      [0n],
    );
    const count = await factory.gameCount();
    await world.l1.send({
      from: proposer,
      to: await factory.getAddress(),
      data: factory.interface.encodeFunctionData("create", [
        1,
        root,
        extraData,
      ]),
    });
    expect(await factory.gameCount()).to.equal(count + 1n);
    const [gameType, , address] = await factory.gameAtIndex(count);
    expect(gameType).to.equal(1n);
    const game = await world.l1.ethers.getContractAt(
      "OutputRootDisputeGame",
      address,
    );
    expect(await game.l2SequenceNumber()).to.equal(1n);
    expect(await game.rootClaim()).to.equal(root);
    expect(await game.extraData()).to.equal(extraData);
    expect(await game.status()).to.equal(0n);
    expect(await game.resolvedAt()).to.equal(0n);
    await expectCustomError(game.resolve(), gameErrors, "ClockNotExpired");
    expect(await registry.isGameProper(address)).to.equal(true);
    expect(await registry.isGameRespected(address)).to.equal(true);
    expect(await registry.isGameClaimValid(address)).to.equal(false);
    const [found] = await factory.findLatestGames(1, count, 1);
    expect(found.index).to.equal(count);
    expect(found.rootClaim).to.equal(root);
    await expectCustomError(
      world.l1.send({
        from: proposer,
        to: await factory.getAddress(),
        data: factory.interface.encodeFunctionData("create", [
          1,
          root,
          extraData,
        ]),
        gas: 3_000_000n,
      }),
      factoryErrors,
      "GameAlreadyExists",
    );

    const createdAt = await game.createdAt();
    await world.time.increaseTo(createdAt + 302400n);
    expect(await game.status()).to.equal(2n);
    expect(await game.resolvedAt()).to.equal(createdAt + 302400n);
    expect(await registry.isGameFinalized(address)).to.equal(false);
    await world.time.increaseTo(createdAt + 302400n + 302401n);
    expect(await registry.isGameClaimValid(address)).to.equal(true);
    await mined(game.resolve());
    await expectCustomError(game.resolve(), gameErrors, "GameNotInProgress");
  });

  it("installs Multicall3 at its canonical address, with aggregate3", async () => {
    const { opA } = world.chains;
    const multicall = opA.l1Contracts.Multicall3;
    expect(await multicall.getAddress()).to.equal(
      "0xcA11bde05977b3631167028862bE2a173976CA11",
    );
    const portal = opA.l1Contracts.OptimismPortal;
    const [result] = await multicall.aggregate3.staticCall([
      {
        target: await portal.getAddress(),
        allowFailure: false,
        callData: portal.interface.encodeFunctionData("version"),
      },
    ]);
    expect(result.success).to.equal(true);
    expect(
      portal.interface.decodeFunctionResult("version", result.returnData)[0],
    ).to.equal("4.6.0");
    await expectRevert(
      multicall.aggregate3.staticCall([
        {
          target: await portal.getAddress(),
          allowFailure: false,
          callData: "0xdeadbeef",
        },
      ]),
      "Multicall3: call failed",
    );
    expect(await portal.proofMaturityDelaySeconds()).to.equal(604800n);
    expect(await portal.disputeGameFinalityDelaySeconds()).to.equal(302400n);
    expect(await portal.respectedGameType()).to.equal(1n);
    expect(await portal.disputeGameFactory()).to.equal(
      await opA.l1Contracts.DisputeGameFactory.getAddress(),
    );
  });
});
