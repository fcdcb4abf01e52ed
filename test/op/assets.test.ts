/**
 * Superchain assets between opA and opB of the default world: native ETH through SuperchainETHBridge and
 * ETHLiquidity, tokens through SuperchainTokenBridge (supersim's test token and a token deployed by the
 * test), what the relayer records of each, and the bridges' own refusals.
 */
import type { Chain } from "../../src/chain.js";
import type { OpMessage } from "../../src/protocols/op/details.js";
import type { World } from "../../src/world.js";
import type { InterfaceAbi } from "ethers";

import {
  crossL2InboxAbi,
  l2ToL2CrossDomainMessengerAbi,
  superchainERC20Abi,
  superchainETHBridgeAbi,
  superchainTokenBridgeAbi,
} from "@eth-optimism/viem/abis";
import { expect } from "chai";
import { Interface, ZeroAddress, getAddress, parseEther } from "ethers";
import hre from "hardhat";

import { changeRecord, formatChange } from "../../src/node/changes.js";
import {
  ETH_LIQUIDITY_ADDRESS,
  ETH_LIQUIDITY_FUNDING,
  SUPERCHAIN_ETH_BRIDGE_ADDRESS,
  SUPERCHAIN_TOKEN_BRIDGE_ADDRESS,
  SUPERSIM_TOKEN_ADDRESS,
} from "../../src/protocols/op/codec/assets.js";
import { isInteropMessage } from "../../src/protocols/op/details.js";
import { nextAction } from "../../src/status.js";
import { mined } from "../helpers/mined.js";
import { expectCustomError, expectRejection } from "../helpers/rejection.js";

const tokenBridgeErrors = new Interface([
  "error Unauthorized()",
  "error ZeroAddress()",
  "error InvalidCrossDomainSender()",
  "error InvalidERC7802()",
]);
const messengerErrors = new Interface([
  "error MessageDestinationSameChain()",
  "error InvalidChainId()",
]);

/** The fee a mined transaction cost its sender. */
function feeOf(receipt: { gasUsed: bigint; gasPrice: bigint }): bigint {
  return receipt.gasUsed * receipt.gasPrice;
}

/** The newest message of the world that moves an asset of `kind`. */
function lastAsset(world: World, kind: "eth" | "erc20"): OpMessage {
  const found = world
    .messages({ protocol: "op" })
    .filter(isInteropMessage)
    .filter((m) => m.details.asset?.kind === kind);
  expect(found.length, `no ${kind} message`).to.not.equal(0);
  return found[found.length - 1];
}

async function balances(chains: Chain[], account: string): Promise<bigint> {
  let sum = 0n;
  for (const chain of chains)
    sum += await chain.ethers.provider.getBalance(account);
  return sum;
}

describe("OP Superchain assets", () => {
  let world: World;
  before(async () => {
    world = await hre.xdm.create();
  });
  after(async () => {
    await world.close();
  });

  it("installs the bridges, the funded reserve and supersim's token on every OP chain", async () => {
    for (const chain of [world.chains.opA, world.chains.opB]) {
      const { contracts } = chain;
      expect(await contracts.SuperchainETHBridge.version()).to.equal("1.0.1");
      expect(await contracts.SuperchainTokenBridge.version()).to.equal("1.0.1");
      expect(await contracts.ETHLiquidity.version()).to.equal("1.1.0");
      expect(await contracts.SuperchainETHBridge.getAddress()).to.equal(
        getAddress(SUPERCHAIN_ETH_BRIDGE_ADDRESS),
      );
      const reserve = await chain.ethers.provider.getBalance(
        ETH_LIQUIDITY_ADDRESS,
      );
      // Funded at install; earlier sends in this world may have moved some of it.
      expect(reserve > ETH_LIQUIDITY_FUNDING - 10n ** 24n).to.equal(true);
      const token = contracts.SupersimToken;
      expect(await token.getAddress()).to.equal(SUPERSIM_TOKEN_ADDRESS);
      expect(await token.name()).to.equal("L2NativeSuperchainERC20");
      expect(await token.symbol()).to.equal("MOCK");
      expect(await token.decimals()).to.equal(18n);
      expect(await token.version()).to.equal("1.0.2");
      expect(await token.supportsInterface("0x33331994")).to.equal(true);
      expect(await token.supportsInterface("0x36372b07")).to.equal(true);
      expect(await token.supportsInterface("0x01ffc9a7")).to.equal(true);
      expect(await token.supportsInterface("0xffffffff")).to.equal(false);
    }
  });

  it("moves ETH opA → opB and back; the sum over both chains, reserves included, is constant", async () => {
    const { opA, opB } = world.chains;
    const [alice] = await opA.ethers.getSigners();
    const bob = (await opB.ethers.getSigners())[7].address;
    const accounts = [alice.address, bob, ETH_LIQUIDITY_ADDRESS];
    const before = await Promise.all(
      accounts.map((account) => balances([opA, opB], account)),
    );
    const amount = parseEther("1.25");
    const sent = await mined(
      opA.contracts.SuperchainETHBridge.connect(alice).sendETH(
        bob,
        opB.chainId,
        { value: amount },
      ),
    );
    let fees = feeOf(sent);
    await world.relay();
    const message = lastAsset(world, "eth");
    expect(message).to.include({ from: "opA", to: "opB", status: "relayed" });
    expect(message.details.asset).to.deep.equal({
      kind: "eth",
      amount,
      from: alice.address,
      to: bob,
    });
    expect(await nextAction(world, message, 0, 0)).to.match(
      /^moved 1\.25 ETH 0x\w{4}…\w{4} → 0x\w{4}…\w{4}$/,
    );
    expect(
      formatChange({ status: "relayed", stage: "relayed" } as never, message),
    ).to.include("(1.25 ETH ");
    expect(
      changeRecord({ status: "relayed", stage: "relayed" } as never, message)
        .carries,
    ).to.deep.equal({
      kind: "eth",
      amount: amount.toString(),
      from: alice.address,
      to: bob,
    });

    // Back from opB to opA: bob pays the fee of his send on opB.
    const bobSigner = (await opB.ethers.getSigners())[7];
    const back = await mined(
      opB.contracts.SuperchainETHBridge.connect(bobSigner).sendETH(
        alice.address,
        opA.chainId,
        { value: parseEther("0.25") },
      ),
    );
    fees += feeOf(back);
    await world.relay();
    expect(lastAsset(world, "eth").status).to.equal("relayed");
    const after = await Promise.all(
      accounts.map((account) => balances([opA, opB], account)),
    );
    const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);
    expect(sum(after) + fees).to.equal(sum(before));
    // opA's reserve gained what left opA; opB's lost what arrived there.
    expect(await opB.ethers.provider.getBalance(bob)).to.not.equal(0n);
  });

  it("pays a recipient contract that rejects ETH (a forced send, as on the real bridge)", async () => {
    const { opA, opB } = world.chains;
    const rejecter = await opB.ethers.deployContract("EtherRejecter");
    const address = await rejecter.getAddress();
    await mined(
      opA.contracts.SuperchainETHBridge.sendETH(address, opB.chainId, {
        value: 1000n,
      }),
    );
    await world.relay();
    expect(lastAsset(world, "eth").status).to.equal("relayed");
    expect(await opB.ethers.provider.getBalance(address)).to.equal(1000n);
  });

  it("moves supersim's token opA → opB and back; the total supply over both chains is constant", async () => {
    const { opA, opB } = world.chains;
    const [alice] = await opA.ethers.getSigners();
    const carol = (await opB.ethers.getSigners())[8].address;
    const tokenA = opA.contracts.SupersimToken;
    const tokenB = opB.contracts.SupersimToken;
    const supply = async () =>
      (await tokenA.totalSupply()) + (await tokenB.totalSupply());
    await mined(tokenA.mint(alice.address, 1000n));
    const start = await supply();
    const receipt = await mined(
      opA.contracts.SuperchainTokenBridge.connect(alice).sendERC20(
        SUPERSIM_TOKEN_ADDRESS,
        carol,
        400n,
        opB.chainId,
      ),
    );
    // Transfer, CrosschainBurn, SentMessage, SendERC20, as the real bridge logs them.
    const names = receipt.logs.map(
      (log) =>
        [
          tokenA.interface,
          opA.contracts.SuperchainTokenBridge.interface,
          opA.contracts.L2ToL2CrossDomainMessenger.interface,
        ]
          .map((iface) => iface.parseLog(log)?.name)
          .find((name) => name !== undefined) ?? "?",
    );
    expect(names).to.deep.equal([
      "Transfer",
      "CrosschainBurn",
      "SentMessage",
      "SendERC20",
    ]);
    expect(await supply()).to.equal(start - 400n); // in flight
    await world.relay();
    const message = lastAsset(world, "erc20");
    expect(message.status).to.equal("relayed");
    expect(message.details.asset).to.deep.equal({
      kind: "erc20",
      token: SUPERSIM_TOKEN_ADDRESS,
      amount: 400n,
      from: alice.address,
      to: carol,
    });
    expect(await tokenB.balanceOf(carol)).to.equal(400n);
    expect(await supply()).to.equal(start);
    // xdm:node --json says the same as data (JSON has no bigint: the amount in decimal).
    expect(
      JSON.parse(
        JSON.stringify(
          changeRecord(
            { status: "relayed", stage: "relayed" } as never,
            message,
          ),
        ),
      ).carries,
    ).to.deep.equal({
      kind: "erc20",
      token: SUPERSIM_TOKEN_ADDRESS,
      amount: "400",
      from: alice.address,
      to: carol,
    });

    const carolSigner = (await opB.ethers.getSigners())[8];
    await mined(
      opB.contracts.SuperchainTokenBridge.connect(carolSigner).sendERC20(
        SUPERSIM_TOKEN_ADDRESS,
        alice.address,
        150n,
        opA.chainId,
      ),
    );
    await world.relay();
    expect(await tokenB.balanceOf(carol)).to.equal(250n);
    expect(await tokenA.balanceOf(alice.address)).to.equal(750n);
    expect(await supply()).to.equal(start);
  });

  describe("failure paths", () => {
    it("refuses a token that is not IERC7802, and one without code", async () => {
      const { opA, opB } = world.chains;
      const [alice] = await opA.ethers.getSigners();
      const plain = await opA.ethers.deployContract("TestERC20");
      const bridge = opA.contracts.SuperchainTokenBridge;
      // A plain ERC20 has no supportsInterface: the check's call itself reverts, as on the real bridge.
      await expectRejection(
        bridge.sendERC20(
          await plain.getAddress(),
          alice.address,
          1n,
          opB.chainId,
        ),
      );
      // A contract that answers supportsInterface with false gets the bridge's own error.
      const notERC7802 = await opA.ethers.deployContract("ERC165Only");
      await expectCustomError(
        bridge.sendERC20(
          await notERC7802.getAddress(),
          alice.address,
          1n,
          opB.chainId,
        ),
        tokenBridgeErrors,
        "InvalidERC7802",
      );
      await expectRejection(
        bridge.sendERC20(
          "0x00000000000000000000000000000000000000aa",
          alice.address,
          1n,
          opB.chainId,
        ),
      );
    });

    it("a token missing on the destination fails the relay; deploying it there and relaying again delivers", async () => {
      const { opA, opB } = world.chains;
      const [alice] = await opA.ethers.getSigners();
      const token = await opA.ethers.deployContract("L2NativeSuperchainERC20");
      const address = await token.getAddress();
      expect(await opB.ethers.provider.getCode(address)).to.equal("0x");
      await mined(token.mint(alice.address, 50n));
      await mined(
        opA.contracts.SuperchainTokenBridge.sendERC20(
          address,
          alice.address,
          50n,
          opB.chainId,
        ),
      );
      await world.relay();
      const message = lastAsset(world, "erc20");
      expect(message).to.include({ status: "failed", stage: "relay-reverted" });
      expect(message.details.asset?.token).to.equal(address);
      // The mint's call to an address without code reverts with no data, as on the real chain.
      expect(message.error).to.equal("reverted without a reason");
      expect(await nextAction(world, message, 0, 0)).to.include(
        "relay again: relayMessage on opB",
      );

      // The same code at the same address on opB (as CREATE2 would deploy it), then a relay by hand.
      await opB.setCode(address, await opA.ethers.provider.getCode(address));
      const relayed = await world.op.relay(message);
      expect(relayed.status).to.equal("relayed");
      const onB = token
        .attach(address)
        .connect(opB.ethers.provider) as typeof token;
      expect(await onB.balanceOf(alice.address)).to.equal(50n);
    });

    it("a destination reserve short of the amount fails the relay; funded again, it delivers", async () => {
      const { opA, opB } = world.chains;
      const [alice] = await opA.ethers.getSigners();
      const reserve = await opB.ethers.provider.getBalance(
        ETH_LIQUIDITY_ADDRESS,
      );
      await opB.setBalance(ETH_LIQUIDITY_ADDRESS, 10n);
      await mined(
        opA.contracts.SuperchainETHBridge.sendETH(alice.address, opB.chainId, {
          value: 11n,
        }),
      );
      await world.relay();
      const message = lastAsset(world, "eth");
      expect(message).to.include({ status: "failed", stage: "relay-reverted" });
      await opB.setBalance(ETH_LIQUIDITY_ADDRESS, reserve);
      expect((await world.op.relay(message)).status).to.equal("relayed");
    });

    it("only the messenger may relay, only for the bridge of the source chain; only the bridge mints", async () => {
      const { opA, opB } = world.chains;
      const [alice] = await opA.ethers.getSigners();
      await expectCustomError(
        opB.contracts.SuperchainTokenBridge.relayERC20(
          SUPERSIM_TOKEN_ADDRESS,
          alice.address,
          alice.address,
          1n,
        ),
        tokenBridgeErrors,
        "Unauthorized",
      );
      await expectCustomError(
        opB.contracts.SuperchainETHBridge.relayETH(
          alice.address,
          alice.address,
          1n,
        ),
        tokenBridgeErrors,
        "Unauthorized",
      );
      await expectCustomError(
        opB.contracts.SupersimToken.crosschainMint(alice.address, 1n),
        tokenBridgeErrors,
        "Unauthorized",
      );
      await expectCustomError(
        opB.contracts.ETHLiquidity.mint(1n),
        tokenBridgeErrors,
        "Unauthorized",
      );
      await expectCustomError(
        opB.contracts.ETHLiquidity.burn({ value: 1n }),
        tokenBridgeErrors,
        "Unauthorized",
      );
      // A message to the bridge from anyone but the bridge: the relay reverts InvalidCrossDomainSender.
      await mined(
        opA.contracts.L2ToL2CrossDomainMessenger.sendMessage(
          opB.chainId,
          SUPERCHAIN_TOKEN_BRIDGE_ADDRESS,
          opB.contracts.SuperchainTokenBridge.interface.encodeFunctionData(
            "relayERC20",
            [SUPERSIM_TOKEN_ADDRESS, alice.address, alice.address, 10n ** 24n],
          ),
        ),
      );
      await world.relay();
      const [forged] = world
        .messages({
          protocol: "op",
          from: "opA",
          target: SUPERCHAIN_TOKEN_BRIDGE_ADDRESS,
        })
        .filter(isInteropMessage)
        .slice(-1);
      expect(forged.details.asset).to.equal(undefined);
      expect(forged).to.include({ status: "failed" });
      expect(forged.error).to.include("InvalidCrossDomainSender");
    });
  });

  describe("bad input", () => {
    it("refuses a zero recipient, its own chain id and a chain outside the dependency set", async () => {
      const { opA, opB } = world.chains;
      const [alice] = await opA.ethers.getSigners();
      const eth = opA.contracts.SuperchainETHBridge;
      const tokens = opA.contracts.SuperchainTokenBridge;
      await expectCustomError(
        eth.sendETH(ZeroAddress, opB.chainId, { value: 1n }),
        tokenBridgeErrors,
        "ZeroAddress",
      );
      await expectCustomError(
        tokens.sendERC20(SUPERSIM_TOKEN_ADDRESS, ZeroAddress, 1n, opB.chainId),
        tokenBridgeErrors,
        "ZeroAddress",
      );
      await expectCustomError(
        eth.sendETH(alice.address, opA.chainId, { value: 1n }),
        messengerErrors,
        "MessageDestinationSameChain",
      );
      await expectCustomError(
        eth.sendETH(alice.address, 999_999n, { value: 1n }),
        messengerErrors,
        "InvalidChainId",
      );
      await mined(opA.contracts.SupersimToken.mint(alice.address, 5n));
      await expectCustomError(
        tokens.sendERC20(SUPERSIM_TOKEN_ADDRESS, alice.address, 5n, 999_999n),
        messengerErrors,
        "InvalidChainId",
      );
      // More than the sender holds: the token's own balance error, nothing burnt.
      await expectRejection(
        tokens.sendERC20(
          SUPERSIM_TOKEN_ADDRESS,
          alice.address,
          10n ** 30n,
          opB.chainId,
        ),
        "ERC20InsufficientBalance",
      );
    });
  });
});

/** Every function, event and error of an ABI by its signature (what selectors and topics are made of). */
function signaturesOf(abi: InterfaceAbi): Set<string> {
  const iface = new Interface(abi);
  const out = new Set<string>();
  iface.forEachFunction((f) => out.add(`function ${f.format("sighash")}`));
  iface.forEachEvent((e) => out.add(`event ${e.format("sighash")}`));
  iface.forEachError((e) => out.add(`error ${e.format("sighash")}`));
  return out;
}

describe("Optimism's published ABIs (@eth-optimism/viem's abis), against the compiled system contracts", () => {
  const difference = (from: Set<string>, without: Set<string>) =>
    [...from].filter((signature) => !without.has(signature)).sort();

  it("the bridges and the inbox have exactly the published ABI", async () => {
    for (const [name, published] of [
      ["SuperchainETHBridge", superchainETHBridgeAbi],
      ["SuperchainTokenBridge", superchainTokenBridgeAbi],
      ["CrossL2Inbox", crossL2InboxAbi],
    ] as const) {
      const ours = signaturesOf((await hre.artifacts.readArtifact(name)).abi);
      const theirs = signaturesOf(published);
      expect(difference(theirs, ours), `${name} lacks`).to.deep.equal([]);
      expect(difference(ours, theirs), `${name} adds`).to.deep.equal([]);
    }
  });

  it("the messenger differs only where docs/notes/op.md says", async () => {
    const ours = signaturesOf(
      (await hre.artifacts.readArtifact("L2ToL2CrossDomainMessenger")).abi,
    );
    const theirs = signaturesOf(l2ToL2CrossDomainMessengerAbi);
    // The published ABI's sentMessages maps a message hash to a flag; the 1.3.0 messenger this project
    // follows maps a nonce to the hash. The dependency-set views and the historic target check are this
    // project's own.
    expect(difference(theirs, ours)).to.deep.equal([
      "function sentMessages(bytes32)",
    ]);
    expect(difference(ours, theirs)).to.deep.equal([
      "error InvalidChainId()",
      "error MessageTargetCrossL2Inbox()",
      "function dependencySetSize()",
      "function isInDependencySet(uint256)",
      "function sentMessages(uint256)",
    ]);
  });

  it("supersim's token has every published SuperchainERC20 function but EIP-2612 permit", async () => {
    const ours = signaturesOf(
      (await hre.artifacts.readArtifact("L2NativeSuperchainERC20")).abi,
    );
    const theirs = signaturesOf(superchainERC20Abi);
    const lacking = difference(theirs, ours);
    // The published token is built on Solady's ERC20 (permit, its own errors); this one on
    // OpenZeppelin's, without permit. Every function a supersim tutorial calls is here.
    expect(lacking.filter((s) => s.startsWith("function "))).to.deep.equal([
      "function DOMAIN_SEPARATOR()",
      "function nonces(address)",
      "function permit(address,address,uint256,uint256,uint8,bytes32,bytes32)",
    ]);
    expect(lacking.filter((s) => s.startsWith("event "))).to.deep.equal([]);
  });
});
