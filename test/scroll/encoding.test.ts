// The Scroll encoders the relayer reads every log with are written by hand (src/abi-words.ts); here
// each is held to ethers' ABI coder on random inputs, and non-canonical input still decodes as the
// ABI reads it.
import { expect } from "chai";
import {
  AbiCoder,
  Interface,
  Transaction,
  Wallet,
  getAddress,
  hexlify,
  keccak256,
  toQuantity,
  zeroPadValue,
} from "ethers";
import fc from "fast-check";

import {
  type RpcTransaction,
  rawSignedTransaction,
} from "../../src/protocols/scroll/codec/batch.js";
import {
  SCROLL_EVENTS_INTERFACE,
  SCROLL_TOPICS,
  readQueueTransaction,
  readSentMessage,
} from "../../src/protocols/scroll/codec/events.js";
import {
  decodeXDomainCalldata,
  encodeXDomainCalldata,
  messageHash,
  readXDomainCalldata,
} from "../../src/protocols/scroll/codec/xdomain-message.js";

const relay = new Interface([
  "function relayMessage(address from, address to, uint256 value, uint256 nonce, bytes message)",
]);
const address = fc
  .uint8Array({ minLength: 20, maxLength: 20 })
  .map((b) => getAddress(hexlify(b)));
const bytes = fc.uint8Array({ maxLength: 300 }).map((b) => hexlify(b));
const uint = (bits: number) =>
  fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });

describe("Scroll hand-written encoders agree with ethers' ABI coder", function () {
  it("relayMessage calldata both ways, and the message hash is the calldata's keccak", function () {
    fc.assert(
      fc.property(
        address,
        address,
        uint(256),
        uint(256),
        bytes,
        (from, to, value, nonce, message) => {
          const reference = relay.encodeFunctionData("relayMessage", [
            from,
            to,
            value,
            nonce,
            message,
          ]);
          const m = { from, to, value, nonce, message };
          expect(encodeXDomainCalldata(m)).to.equal(reference);
          expect(decodeXDomainCalldata(reference)).to.deep.equal(m);
          expect(readXDomainCalldata(reference)).to.deep.equal({
            message: m,
            hash: keccak256(reference),
          });
          expect(messageHash(m)).to.equal(keccak256(reference));
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });

  it("QueueTransaction and SentMessage logs", function () {
    fc.assert(
      fc.property(
        address,
        address,
        uint(256),
        uint(64),
        uint(256),
        bytes,
        (sender, target, value, index, gasLimit, data) => {
          const queue = SCROLL_EVENTS_INTERFACE.encodeEventLog(
            "QueueTransaction",
            [sender, target, value, index, gasLimit, data],
          );
          expect(readQueueTransaction(queue)).to.deep.equal({
            sender,
            target,
            value,
            queueIndex: index,
            gasLimit,
            data,
          });
          const sent = SCROLL_EVENTS_INTERFACE.encodeEventLog("SentMessage", [
            sender,
            target,
            value,
            index,
            gasLimit,
            data,
          ]);
          expect(readSentMessage(sent)).to.deep.equal({
            from: sender,
            to: target,
            value,
            nonce: index,
            message: data,
          });
        },
      ),
      { numRuns: 300, seed: 12 },
    );
  });

  it("non-canonical calldata and logs go through the ABI decoder; foreign logs are refused", function () {
    const from = getAddress("0x00000000000000000000000000000000000000aa");
    const to = getAddress("0x00000000000000000000000000000000000000bb");
    // The message placed one word further (offset 0xc0, a junk word between): valid ABI, not canonical.
    const words = AbiCoder.defaultAbiCoder().encode(
      [
        "address",
        "address",
        "uint256",
        "uint256",
        "uint256",
        "uint256",
        "uint256",
        "bytes2",
      ],
      [from, to, 1, 2, 0xc0, 7, 2, "0xbeef"],
    );
    const calldata =
      relay.getFunction("relayMessage")!.selector + words.slice(2);
    const m = { from, to, value: 1n, nonce: 2n, message: "0xbeef" };
    expect(decodeXDomainCalldata(calldata)).to.deep.equal(m);
    expect(readXDomainCalldata(calldata)).to.deep.equal({
      message: m,
      hash: messageHash(m),
    });
    expect(readXDomainCalldata(calldata).hash).to.not.equal(
      keccak256(calldata),
    );
    const foreign = {
      topics: [SCROLL_TOPICS.RelayedMessage, zeroPadValue("0x01", 32)],
      data: "0x",
    };
    expect(() => readQueueTransaction(foreign)).to.throw(
      /not a QueueTransaction log/,
    );
    expect(() => readSentMessage(foreign)).to.throw(/not a SentMessage log/);
    expect(() => encodeXDomainCalldata({ ...m, from: "0x12" })).to.throw(
      /invalid address/,
    );
  });
});

describe("Scroll batcher: signed transactions re-serialised by hand", function () {
  // rawSignedTransaction writes legacy, EIP-2930 and EIP-1559 transactions out by hand (RLP over hex);
  // here it is held to ethers' serialisation of randomly built, really signed transactions.
  const wallet = new Wallet("0x" + "11".repeat(32));
  const quantity = (v: bigint) => toQuantity(v);
  const tx = fc.record({
    type: fc.constantFrom(0, 1, 2),
    nonce: fc.nat(10_000),
    gas: fc.bigInt({ min: 21_000n, max: 30_000_000n }),
    fee: fc.bigInt({ min: 0n, max: 10n ** 12n }),
    tip: fc.bigInt({ min: 0n, max: 10n ** 9n }),
    value: fc.bigInt({ min: 0n, max: 10n ** 24n }),
    data: bytes,
    to: fc.option(address, { nil: null }),
    keys: fc.array(
      fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => hexlify(b)),
      { maxLength: 3 },
    ),
  });

  it("matches ethers for types 0, 1 and 2 (with and without recipient and access list)", async function () {
    await fc.assert(
      fc.asyncProperty(tx, async (t) => {
        const accessList =
          t.type === 0
            ? undefined
            : t.keys.length === 0
              ? []
              : [
                  {
                    address: getAddress("0x" + "ab".repeat(20)),
                    storageKeys: t.keys,
                  },
                ];
        const unsigned = Transaction.from({
          type: t.type,
          chainId: 534352n,
          nonce: t.nonce,
          gasLimit: t.gas,
          to: t.to,
          value: t.value,
          data: t.data,
          ...(t.type === 2
            ? { maxFeePerGas: t.fee + t.tip, maxPriorityFeePerGas: t.tip }
            : { gasPrice: t.fee }),
          ...(accessList !== undefined ? { accessList } : {}),
        });
        const signed = Transaction.from(await wallet.signTransaction(unsigned));
        const sig = signed.signature!;
        const rpc: RpcTransaction = {
          hash: signed.hash!,
          type: quantity(BigInt(t.type)),
          nonce: quantity(BigInt(t.nonce)),
          from: signed.from!,
          to: t.to === null ? null : t.to.toLowerCase(),
          value: quantity(t.value),
          input: t.data,
          gas: quantity(t.gas),
          chainId: quantity(534352n),
          v: quantity(t.type === 0 ? sig.networkV! : BigInt(sig.yParity)),
          r: quantity(BigInt(sig.r)),
          s: quantity(BigInt(sig.s)),
          ...(t.type === 2
            ? {
                maxFeePerGas: quantity(t.fee + t.tip),
                maxPriorityFeePerGas: quantity(t.tip),
              }
            : { gasPrice: quantity(t.fee) }),
          ...(t.type !== 0
            ? {
                yParity: quantity(BigInt(sig.yParity)),
                accessList: accessList ?? [],
              }
            : {}),
        };
        expect(rawSignedTransaction(rpc)).to.equal(signed.serialized);
      }),
      { numRuns: 60, seed: 14 },
    );
  });
});
