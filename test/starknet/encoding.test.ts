import { expect } from "chai";
import { Interface, getAddress, hexlify, id } from "ethers";
import fc from "fast-check";

import {
  STARKNET_EVENTS_ABI,
  STARKNET_TOPICS,
  decodeL1HandlerExecuted,
  decodeLogMessageToL2,
  decodeMessageToL1Sent,
} from "../../src/protocols/starknet/codec/events.js";
import {
  FIELD_PRIME,
  isFelt,
  keccakWords,
  mask250,
  toWord,
} from "../../src/protocols/starknet/codec/felt.js";
import {
  l1ToL2MsgHash,
  l2ToL1MsgHash,
} from "../../src/protocols/starknet/codec/message-hash.js";
import {
  CONFIG_HASH,
  PROGRAM_HASH,
  buildProgramOutput,
  sharpFact,
  stateTransitionFact,
} from "../../src/protocols/starknet/codec/program-output.js";
import {
  DEPOSIT_HANDLER_SELECTOR,
  STARKNET_FUNCTION_SELECTORS,
  evmSelector,
  starknetSelector,
} from "../../src/protocols/starknet/codec/selectors.js";
import {
  STARKNET_SLOTS,
  STATE_SLOTS,
} from "../../src/protocols/starknet/codec/starknet-core.js";

import { K1, K2, K3, K5 } from "./vectors.js";

describe("StarkNet encoding (TypeScript)", function () {
  it("P and mask250", function () {
    expect(FIELD_PRIME).to.equal(
      0x0800000000000011000000000000000000000000000000000000000000000001n,
    );
    expect(mask250((1n << 256n) - 1n)).to.equal((1n << 250n) - 1n);
    expect(isFelt(FIELD_PRIME - 1n)).to.equal(true);
    expect(isFelt(FIELD_PRIME)).to.equal(false);
    expect(toWord(-1n)).to.equal(FIELD_PRIME - 1n);
  });

  it("K1: L1→L2 message hash", function () {
    expect(
      l1ToL2MsgHash(K1.from, K1.to, K1.selector, K1.payload, K1.nonce),
    ).to.equal(K1.hash);
  });

  it("K2: L1→L2 message hash (starknet.js)", function () {
    expect(
      l1ToL2MsgHash(K2.from, K2.to, K2.selector, K2.payload, K2.nonce),
    ).to.equal(K2.hash);
  });

  it("K3: L2→L1 message hash", function () {
    expect(l2ToL1MsgHash(K3.from, K3.to, K3.payload)).to.equal(K3.hash);
  });

  it("K4: Cairo selector of deposit, and the EVM handler selector", function () {
    expect(starknetSelector("deposit")).to.equal(
      0xc73f681176fc7b3f9693986fd7b14581e8d540519e27400e88b8713932be01n,
    );
    expect(DEPOSIT_HANDLER_SELECTOR).to.equal(0xde3ab781n);
    expect(evmSelector("deposit(uint256,uint256[])")).to.equal(0xde3ab781n);
  });

  it("K5: program output, facts and message hashes", function () {
    const output = buildProgramOutput({
      prevRoot: 0,
      newRoot: 0x1234,
      prevBlockNumber: -1,
      newBlockNumber: 3,
      prevBlockHash: 0,
      newBlockHash: 0x5678,
      configHash: CONFIG_HASH,
      l2ToL1: [{ from: 0xc1, to: 0xa1, payload: [1, 2] }],
      l1ToL2: [
        { from: 0xa1, to: 0xc1, nonce: 0, selector: 0xde3ab781, payload: [7] },
      ],
    });
    expect(output).to.deep.equal(K5.output);
    expect(keccakWords(output)).to.equal(K5.outputHash);
    const fact = stateTransitionFact(output, 0, 0);
    expect(fact).to.equal(K5.fact);
    expect(sharpFact(PROGRAM_HASH, fact)).to.equal(K5.sharpFact);
    expect(l2ToL1MsgHash(0xc1, 0xa1, [1, 2])).to.equal(K5.l2ToL1);
    expect(l1ToL2MsgHash(0xa1, 0xc1, 0xde3ab781, [7], 0)).to.equal(K5.l1ToL2);
  });

  it("install values of §2.2", function () {
    expect(PROGRAM_HASH).to.equal(
      0x02234b00478e21576d7d28efe41e4660d2529ada42fa6529f9154b2949bda778n,
    );
    expect(CONFIG_HASH).to.equal(
      0x03feb9c1abb39c0ef61d5828ce3f093f6dec4e3b2c5539c756ffda9854fbdea7n,
    );
  });

  it("named storage slots of §2.1", function () {
    expect(STARKNET_SLOTS.l1ToL2Messages).to.equal(
      "0xede2d48f0b410d1c4f4caf449aa8696827c73bfe7f534fbfb4efaf2b9a362bfd",
    );
    expect(STARKNET_SLOTS.l2ToL1Messages).to.equal(
      "0xcbc7abc335240960b5bc2cd0381440eb03dc62f362591b8f8e40b047737c8c1a",
    );
    expect(STARKNET_SLOTS.l1ToL2Nonce).to.equal(
      "0x40af3c5d10641ea6a095e7a9b843218461f4c8d604207c721ffceec9721b1ac5",
    );
    expect(STARKNET_SLOTS.l1ToL2Cancellations).to.equal(
      "0x6fb6924db32dd0b1440547a548316c0e4503241924526feb7488b6817abacf35",
    );
    expect(STARKNET_SLOTS.cancellationDelay).to.equal(
      "0x943200e308a50d48a78316593ee5176590a1d8b463004b9d64fef202dfe284f8",
    );
    expect(STARKNET_SLOTS.state).to.equal(
      "0x71a8ef1b1265359d77973c3524afac225c0a0d829a0d4da5cac3b34532019fec",
    );
    expect(STATE_SLOTS.blockNumber).to.equal(
      "0x71a8ef1b1265359d77973c3524afac225c0a0d829a0d4da5cac3b34532019fed",
    );
    expect(STATE_SLOTS.blockHash).to.equal(
      "0x71a8ef1b1265359d77973c3524afac225c0a0d829a0d4da5cac3b34532019fee",
    );
  });

  it("selectors and topics of §2.6", function () {
    expect(STARKNET_FUNCTION_SELECTORS).to.deep.equal({
      sendMessageToL2: "0x3e3aa6c5",
      consumeMessageFromL2: "0x2c9dd5c0",
      updateState: "0x77552641",
      handleL1Message: "0xfd6920a5",
    });
    expect(STARKNET_TOPICS).to.deep.equal({
      LogMessageToL1:
        "0x4264ac208b5fde633ccdd42e0f12c3d6d443a4f3779bbf886925b94665b63a22",
      LogMessageToL2:
        "0xdb80dd488acf86d17c747445b0eabb5d57c541d3bd7b6b87af987858e5066b2b",
      ConsumedMessageToL1:
        "0x7a06c571aa77f34d9706c51e5d8122b5595aebeaa34233bfe866f22befb973b1",
      ConsumedMessageToL2:
        "0x9592d37825c744e33fa80c469683bbd04d336241bb600b574758efd182abe26a",
      MessageToL2CancellationStarted:
        "0x2e00dccd686fd6823ec7dc3e125582aa82881b6ff5f6b5a73856e1ea8338a3be",
      MessageToL2Canceled:
        "0x8abd2ec2e0a10c82f5b60ea00455fa96c41fd144f225fcc52b8d83d94f803ed8",
      LogStateUpdate:
        "0xd342ddf7a308dec111745b00315c14b7efb2bdae570a6856e088ed0c65a3576c",
      LogStateTransitionFact:
        "0x9866f8ddfe70bb512b2f2b28b49d4017c43f7ba775f1a20c61c13eea8cdac111",
      MessageToL1Sent:
        "0xa3c1aa7c1cefe502aa708fd184bb63e79c073208f78e70c628238e91d0222d2e",
      L1HandlerExecuted:
        "0xcf0b2b939c1e436bc46431eaba91d3fbd7b31387def08ef9d5ca888e098aa5eb",
      L1HandlerReverted:
        "0xe237eb2fe011aff4a9101065737bfb8e85a1accc69b038310d9f0caf98d47d85",
    });
    expect(
      id("LogMessageToL2(address,uint256,uint256,uint256[],uint256,uint256)"),
    ).to.equal(STARKNET_TOPICS.LogMessageToL2);
  });

  it("rejects values that are not 256-bit words", function () {
    expect(() => toWord(1n << 256n)).to.throw(RangeError);
    expect(() => toWord(-FIELD_PRIME - 1n)).to.throw(RangeError);
  });
});

describe("StarkNet log decoders: hand-read logs agree with ethers' ABI decoder", function () {
  // The relayer reads LogMessageToL2, L1HandlerExecuted and MessageToL1Sent by hand in Solidity's
  // layout (src/protocols/starknet/encoding.ts, decodeCanonical); here they are held to ethers on
  // random logs, and a log in another valid layout still decodes through ethers.
  const events = new Interface(STARKNET_EVENTS_ABI);
  const word = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n });
  const address = fc
    .uint8Array({ minLength: 20, maxLength: 20 })
    .map((b) => getAddress(hexlify(b)));
  const words = fc.array(word, { maxLength: 40 });
  const viaEthers = (name: string, log: { topics: string[]; data: string }) =>
    events.decodeEventLog(name, log.data, log.topics).toArray(true);

  it("LogMessageToL2, L1HandlerExecuted, MessageToL1Sent", function () {
    fc.assert(
      fc.property(
        address,
        word,
        word,
        words,
        word,
        word,
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (a, x, y, payload, nonce, fee, hashBytes) => {
          const hash = hexlify(hashBytes);
          const toL2 = events.encodeEventLog("LogMessageToL2", [
            a,
            x,
            y,
            payload,
            nonce,
            fee,
          ]);
          const [from, to, selector, p, n, f] = viaEthers(
            "LogMessageToL2",
            toL2,
          );
          expect(decodeLogMessageToL2(toL2)).to.deep.include({
            fromAddress: from,
            toAddress: to,
            selector,
            payload: p,
            nonce: n,
            fee: f,
          });
          const executed = events.encodeEventLog("L1HandlerExecuted", [
            nonce,
            hash,
            a,
            x,
            y,
            payload,
          ]);
          const e = viaEthers("L1HandlerExecuted", executed);
          expect(decodeL1HandlerExecuted(executed)).to.deep.equal({
            nonce: e[0],
            msgHash: e[1],
            toAddress: e[2],
            fromAddress: e[3],
            selector: e[4],
            payload: e[5],
          });
          const sent = events.encodeEventLog("MessageToL1Sent", [
            x,
            a,
            hash,
            payload,
          ]);
          const m = viaEthers("MessageToL1Sent", sent);
          expect(decodeMessageToL1Sent(sent)).to.deep.equal({
            fromAddress: m[0],
            toAddress: m[1],
            msgHash: m[2],
            payload: m[3],
          });
        },
      ),
      { numRuns: 200, seed: 13 },
    );
  });

  it("another valid layout goes through ethers; a truncated one is refused", function () {
    const log = events.encodeEventLog("MessageToL1Sent", [
      5n,
      getAddress("0x00000000000000000000000000000000000000aa"),
      id("x"),
      [7n, 8n],
    ]);
    // The array placed one word further (offset 0x40, a junk word between): valid ABI, not Solidity's layout.
    const shifted = {
      topics: log.topics,
      data:
        "0x" +
        (0x40).toString(16).padStart(64, "0") +
        "ff".repeat(32) +
        log.data.slice(66),
    };
    expect(decodeMessageToL1Sent(shifted).payload).to.deep.equal([7n, 8n]);
    expect(() =>
      decodeMessageToL1Sent({
        topics: log.topics,
        data: log.data.slice(0, -64),
      }),
    ).to.throw();
  });
});
