// About 430 lines: both example bridges in both directions on one shared world.
/**
 * The example bridges (contracts/examples/scroll/) in both directions: ETH locked in the L1
 * messenger against ETH paid by the L2 messenger, ERC20 locked on L1 against tokens minted on L2,
 * with every balance conserved; receivers accept only their counterpart through the messenger;
 * a skipped deposit is refunded through the drop callback.
 *
 * One file for both example bridges (about 430 lines): the ETH and ERC20 cases share the deployed
 * bridge pair.
 */
import { expect } from "chai";
import { type Contract, parseEther, parseUnits } from "ethers";

import { SCROLL_TOPICS } from "../../src/protocols/scroll/codec/events.js";
import { eventsOf } from "../helpers/events.js";
import { mined } from "../helpers/mined.js";
import { expectCustomError } from "../helpers/rejection.js";

import {
  createScrollWorld,
  L1_ADDRESSES,
  L2_ADDRESSES,
  L2_MESSENGER_BALANCE,
  type ScrollWorld,
} from "./helpers.js";

const L2_BASE_FEE = parseUnits("1", "gwei");
const GAS_LIMIT = 300_000n;
const FEE = GAS_LIMIT * L2_BASE_FEE;

type L1Signer = Awaited<
  ReturnType<ScrollWorld["l1"]["ethers"]["getSigners"]>
>[number];
type L2Signer = Awaited<
  ReturnType<ScrollWorld["l2"]["ethers"]["getSigners"]>
>[number];

describe("Scroll example bridges", function () {
  this.timeout(60_000);

  let world: ScrollWorld;
  let l1Deployer: L1Signer;
  let alice: L1Signer;
  let claimer: L1Signer;
  let l2Deployer: L2Signer;
  let bob: L2Signer;

  beforeEach(async function () {
    world = await createScrollWorld({ l2BaseFee: L2_BASE_FEE });
    [l1Deployer, alice, claimer] = await world.l1.ethers.getSigners();
    [l2Deployer, bob] = await world.l2.ethers.getSigners();
  });

  afterEach(async function () {
    await world.close();
  });

  /** Relays every message from L2 to L1: batch, prove, finalize, then claim each new one. */
  async function claimAll(
    sent: Array<{
      from: string;
      to: string;
      value: bigint;
      nonce: bigint;
      message: string;
    }>,
  ) {
    await world.commitAndFinalize();
    const receipts = [];
    for (const m of sent) {
      const proof = await world.claimFor(Number(m.nonce));
      receipts.push(
        await mined(
          (
            world.l1Messenger.connect(claimer) as Contract
          ).relayMessageWithProof(
            m.from,
            m.to,
            m.value,
            m.nonce,
            m.message,
            proof,
          ),
        ),
      );
    }
    return receipts;
  }

  function sentMessages(receipt: Awaited<ReturnType<typeof mined>>) {
    return eventsOf(receipt, world.l2Messenger.interface, "SentMessage").map(
      (e) => ({
        from: e.args.sender as string,
        to: e.args.target as string,
        value: e.args.value as bigint,
        nonce: e.args.messageNonce as bigint,
        message: e.args.message as string,
      }),
    );
  }

  describe("ETH", function () {
    let l1Bridge: Contract;
    let l2Bridge: Contract;

    beforeEach(async function () {
      l1Bridge = (await world.l1.ethers.deployContract("L1ETHBridge", [
        L1_ADDRESSES.L1ScrollMessenger,
      ])) as unknown as Contract;
      l2Bridge = (await world.l2.ethers.deployContract("L2ETHBridge", [
        L2_ADDRESSES.L2ScrollMessenger,
      ])) as unknown as Contract;
      await mined(
        (l1Bridge.connect(l1Deployer) as Contract).initialize(
          await l2Bridge.getAddress(),
        ),
      );
      await mined(
        (l2Bridge.connect(l2Deployer) as Contract).initialize(
          await l1Bridge.getAddress(),
        ),
      );
    });

    it("deposits and withdraws, conserving ETH across the two messengers", async function () {
      const l1 = world.l1.ethers.provider;
      const l2 = world.l2.ethers.provider;
      const deposit = parseEther("3");
      const withdrawal = parseEther("1.25");
      const vaultBefore = await l1.getBalance(world.feeVault);
      const bobBefore = await l2.getBalance(bob.address);

      const depositReceipt = await mined(
        (l1Bridge.connect(alice) as Contract).depositETH(
          bob.address,
          deposit,
          GAS_LIMIT,
          { value: deposit + FEE + parseEther("0.5") },
        ),
      );
      // The surplus beyond amount + fee came back to alice; the fee went to the vault.
      expect((await l1.getBalance(world.feeVault)) - vaultBefore).to.equal(FEE);
      expect(await l1.getBalance(L1_ADDRESSES.L1ScrollMessenger)).to.equal(
        deposit,
      );
      expect(await l1.getBalance(await l1Bridge.getAddress())).to.equal(0n);
      expect(
        eventsOf(depositReceipt, l1Bridge.interface, "DepositETH"),
      ).to.have.length(1);

      const [relay] = await world.relayL1ToL2();
      expect(
        relay.receipt!.logs.some(
          (l) => l.topics[0] === SCROLL_TOPICS.RelayedMessage,
        ),
      ).to.equal(true);
      expect((await l2.getBalance(bob.address)) - bobBefore).to.equal(deposit);
      expect(await l2.getBalance(L2_ADDRESSES.L2ScrollMessenger)).to.equal(
        L2_MESSENGER_BALANCE - deposit,
      );

      const withdrawReceipt = await mined(
        (l2Bridge.connect(bob) as Contract).withdrawETH(alice.address, 0n, {
          value: withdrawal,
        }),
      );
      expect(await l2.getBalance(L2_ADDRESSES.L2ScrollMessenger)).to.equal(
        L2_MESSENGER_BALANCE - deposit + withdrawal,
      );

      const aliceBefore = await l1.getBalance(alice.address);
      const [claim] = await claimAll(sentMessages(withdrawReceipt));
      expect(
        eventsOf(claim, l1Bridge.interface, "FinalizeWithdrawETH"),
      ).to.have.length(1);
      expect((await l1.getBalance(alice.address)) - aliceBefore).to.equal(
        withdrawal,
      );

      // What L1 holds locked is exactly what L2 paid out net.
      const locked = await l1.getBalance(L1_ADDRESSES.L1ScrollMessenger);
      const paidOnL2 =
        L2_MESSENGER_BALANCE -
        (await l2.getBalance(L2_ADDRESSES.L2ScrollMessenger));
      expect(locked).to.equal(deposit - withdrawal);
      expect(paidOnL2).to.equal(locked);
    });

    it("accepts only its counterpart, through the messenger", async function () {
      await expectCustomError(
        (l2Bridge.connect(bob) as Contract).finalizeDepositETH(
          alice.address,
          bob.address,
          1n,
          { value: 1n },
        ),
        l2Bridge.interface,
        "NotCounterpart",
      );
      await expectCustomError(
        (l1Bridge.connect(alice) as Contract).finalizeWithdrawETH(
          bob.address,
          alice.address,
          0n,
        ),
        l1Bridge.interface,
        "NotCounterpart",
      );
      // A message to the L2 bridge from anyone but the L1 bridge fails on L2 (and pays nothing).
      const forged = l2Bridge.interface.encodeFunctionData(
        "finalizeDepositETH",
        [alice.address, alice.address, parseEther("1")],
      );
      await mined(
        (world.l1Messenger.connect(alice) as Contract).getFunction(
          "sendMessage(address,uint256,bytes,uint256)",
        )(await l2Bridge.getAddress(), parseEther("1"), forged, GAS_LIMIT, {
          value: parseEther("1") + FEE,
        }),
      );
      const [relay] = await world.relayL1ToL2();
      expect(
        relay.receipt!.logs.some(
          (l) => l.topics[0] === SCROLL_TOPICS.FailedRelayedMessage,
        ),
      ).to.equal(true);
      await expectCustomError(
        (l1Bridge.connect(l1Deployer) as Contract).initialize(alice.address),
        l1Bridge.interface,
        "InvalidInitialization",
      );
    });

    it("refunds a deposit the sequencer skipped, once its batch is finalized", async function () {
      const deposit = parseEther("2");
      const receipt = await mined(
        (l1Bridge.connect(alice) as Contract).depositETH(
          bob.address,
          deposit,
          GAS_LIMIT,
          { value: deposit + FEE },
        ),
      );
      const sent = eventsOf(
        receipt,
        world.l1Messenger.interface,
        "SentMessage",
      )[0].args;
      // Another message moves the queue past the skipped deposit.
      await mined(
        (world.l1Messenger.connect(alice) as Contract).getFunction(
          "sendMessage(address,uint256,bytes,uint256)",
        )(bob.address, 0n, "0x", GAS_LIMIT, { value: FEE }),
      );
      await world.relayL1ToL2({ skip: [Number(sent.messageNonce)] });
      await world.commitAndFinalize();

      const aliceBefore = await world.l1.ethers.provider.getBalance(
        alice.address,
      );
      const drop = await mined(
        (world.l1Messenger.connect(claimer) as Contract).dropMessage(
          await l1Bridge.getAddress(),
          await l2Bridge.getAddress(),
          deposit,
          sent.messageNonce,
          sent.message,
        ),
      );
      expect(eventsOf(drop, l1Bridge.interface, "RefundETH")).to.have.length(1);
      expect(
        (await world.l1.ethers.provider.getBalance(alice.address)) -
          aliceBefore,
      ).to.equal(deposit);
      expect(
        await world.l1.ethers.provider.getBalance(
          L1_ADDRESSES.L1ScrollMessenger,
        ),
      ).to.equal(0n);
      expect(
        await world.l2.ethers.provider.getBalance(
          L2_ADDRESSES.L2ScrollMessenger,
        ),
      ).to.equal(L2_MESSENGER_BALANCE);
    });
  });

  describe("ERC20", function () {
    let l1Token: Contract;
    let l1Bridge: Contract;
    let l2Bridge: Contract;
    let l2Token: Contract;

    beforeEach(async function () {
      l1Token = (await world.l1.ethers.deployContract(
        "TestERC20",
      )) as unknown as Contract;
      l1Bridge = (await world.l1.ethers.deployContract("L1ERC20Bridge", [
        L1_ADDRESSES.L1ScrollMessenger,
        await l1Token.getAddress(),
      ])) as unknown as Contract;
      l2Bridge = (await world.l2.ethers.deployContract("L2ERC20Bridge", [
        L2_ADDRESSES.L2ScrollMessenger,
        await l1Token.getAddress(),
        "Bridged Test Token",
        "bTST",
      ])) as unknown as Contract;
      l2Token = (await world.l2.ethers.getContractAt(
        "BridgedERC20",
        await l2Bridge.token(),
      )) as unknown as Contract;
      await mined(
        (l1Bridge.connect(l1Deployer) as Contract).initialize(
          await l2Bridge.getAddress(),
        ),
      );
      await mined(
        (l2Bridge.connect(l2Deployer) as Contract).initialize(
          await l1Bridge.getAddress(),
        ),
      );
      await mined(
        (l1Token.connect(alice) as Contract).mint(alice.address, 1000n),
      );
    });

    async function supplyInvariant(): Promise<void> {
      expect(await l2Token.totalSupply()).to.equal(
        await l1Token.balanceOf(await l1Bridge.getAddress()),
      );
    }

    it("locks on L1 / mints on L2, burns on L2 / releases on L1", async function () {
      await mined(
        (l1Token.connect(alice) as Contract).approve(
          await l1Bridge.getAddress(),
          300n,
        ),
      );
      await mined(
        (l1Bridge.connect(alice) as Contract).depositERC20(
          bob.address,
          300n,
          GAS_LIMIT,
          { value: FEE },
        ),
      );
      expect(await l1Token.balanceOf(alice.address)).to.equal(700n);
      expect(await l2Token.totalSupply()).to.equal(0n);
      await world.relayL1ToL2();
      expect(await l2Token.balanceOf(bob.address)).to.equal(300n);
      await supplyInvariant();

      const withdrawReceipt = await mined(
        (l2Bridge.connect(bob) as Contract).withdrawERC20(
          alice.address,
          120n,
          0n,
        ),
      );
      expect(await l2Token.balanceOf(bob.address)).to.equal(180n);
      await claimAll(sentMessages(withdrawReceipt));
      expect(await l1Token.balanceOf(alice.address)).to.equal(820n);
      await supplyInvariant();
      expect(await l2Token.l1Token()).to.equal(await l1Token.getAddress());
    });

    it("the L2 token is minted and burnt only by its bridge; the bridge takes only its counterpart's messages", async function () {
      await expectCustomError(
        (l2Token.connect(bob) as Contract).mint(bob.address, 1n),
        l2Token.interface,
        "OnlyBridge",
      );
      await expectCustomError(
        (l2Bridge.connect(bob) as Contract).finalizeDepositERC20(
          bob.address,
          bob.address,
          1n,
        ),
        l2Bridge.interface,
        "NotCounterpart",
      );
      await expectCustomError(
        (l1Bridge.connect(alice) as Contract).finalizeWithdrawERC20(
          alice.address,
          alice.address,
          1n,
        ),
        l1Bridge.interface,
        "NotCounterpart",
      );
    });

    it("returns the locked tokens of a skipped deposit when it is dropped", async function () {
      await mined(
        (l1Token.connect(alice) as Contract).approve(
          await l1Bridge.getAddress(),
          50n,
        ),
      );
      const receipt = await mined(
        (l1Bridge.connect(alice) as Contract).depositERC20(
          bob.address,
          50n,
          GAS_LIMIT,
          { value: FEE },
        ),
      );
      const sent = eventsOf(
        receipt,
        world.l1Messenger.interface,
        "SentMessage",
      )[0].args;
      await mined(
        (world.l1Messenger.connect(alice) as Contract).getFunction(
          "sendMessage(address,uint256,bytes,uint256)",
        )(bob.address, 0n, "0x", GAS_LIMIT, { value: FEE }),
      );
      await world.relayL1ToL2({ skip: [Number(sent.messageNonce)] });
      await world.commitAndFinalize();
      await mined(
        (world.l1Messenger.connect(claimer) as Contract).dropMessage(
          await l1Bridge.getAddress(),
          await l2Bridge.getAddress(),
          0n,
          sent.messageNonce,
          sent.message,
        ),
      );
      expect(await l1Token.balanceOf(alice.address)).to.equal(1000n);
      await supplyInvariant();
    });
  });
});
