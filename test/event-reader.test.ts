// src/event-reader.ts reads every watched log by hand in the layout Solidity writes; here it is held
// to ethers' ABI decoder on random logs, and a log in another layout is read the way ethers reads it.
import { expect } from "chai";
import {
  Interface,
  type Result,
  getAddress,
  hexlify,
  zeroPadValue,
} from "ethers";
import fc from "fast-check";

import { type EventValue, EventReader } from "../src/event-reader.js";

const SIGNATURES = {
  Sent: "event Sent(address indexed sender, uint256 indexed nonce, uint64 small, bytes32 tag, bytes message)",
  Words: "event Words(uint256[] payload, uint256 nonce, address to)",
  Plain: "event Plain(uint256 index, bytes32 leaf)",
};
const abi = new Interface(Object.values(SIGNATURES));
const readers = {
  Sent: new EventReader(SIGNATURES.Sent),
  Words: new EventReader(SIGNATURES.Words),
  Plain: new EventReader(SIGNATURES.Plain),
};

const address = fc
  .uint8Array({ minLength: 20, maxLength: 20 })
  .map((b) => getAddress(hexlify(b)));
const bytes = fc.uint8Array({ maxLength: 100 }).map((b) => hexlify(b));
const bytes32 = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((b) => hexlify(b));
const uint = (bits: number) =>
  fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });

/** What ethers decodes, in the reader's shapes (arrays as plain arrays). */
function viaEthers(
  name: keyof typeof SIGNATURES,
  log: { topics: readonly string[]; data: string },
): EventValue[] {
  const decoded: Result = abi.decodeEventLog(name, log.data, [...log.topics]);
  return decoded.toArray(true) as EventValue[];
}

describe("EventReader: event logs read by hand", function () {
  it("reads what ethers encodes as ethers decodes it", function () {
    fc.assert(
      fc.property(
        address,
        uint(256),
        uint(64),
        bytes32,
        bytes,
        fc.array(uint(256), { maxLength: 6 }),
        (sender, nonce, small, tag, message, payload) => {
          const sent = abi.encodeEventLog("Sent", [
            sender,
            nonce,
            small,
            tag,
            message,
          ]);
          expect(readers.Sent.read(sent)).to.deep.equal(
            viaEthers("Sent", sent),
          );
          const words = abi.encodeEventLog("Words", [payload, nonce, sender]);
          expect(readers.Words.read(words)).to.deep.equal(
            viaEthers("Words", words),
          );
          const plain = abi.encodeEventLog("Plain", [nonce, tag]);
          expect(readers.Plain.read(plain)).to.deep.equal(
            viaEthers("Plain", plain),
          );
        },
      ),
      { numRuns: 200, seed: 13 },
    );
  });

  it("reads another valid layout through ethers, and refuses what ethers refuses", function () {
    const words = abi.encodeEventLog("Words", [
      [7n, 8n],
      5n,
      getAddress(`0x${"ab".repeat(20)}`),
    ]);
    // The array one word further (its offset 0x80, a junk word between): valid ABI, not Solidity's layout.
    const head = words.data.slice(2, 2 + 3 * 64);
    const shifted = {
      topics: words.topics,
      data:
        "0x" +
        (0x80).toString(16).padStart(64, "0") +
        head.slice(64) +
        "ff".repeat(32) +
        words.data.slice(2 + 3 * 64),
    };
    expect(readers.Words.read(shifted)).to.deep.equal(
      viaEthers("Words", shifted),
    );
    expect(readers.Words.read(shifted)[0]).to.deep.equal([7n, 8n]);

    const sent = abi.encodeEventLog("Sent", [
      getAddress(`0x${"12".repeat(20)}`),
      1n,
      2n,
      zeroPadValue("0x01", 32),
      "0xabcd",
    ]);
    // A uint64 word with high bits set: not what Solidity writes; ethers' reading is kept.
    const dirty = {
      topics: sent.topics,
      data: `0x${"f".repeat(48)}${sent.data.slice(2 + 48)}`,
    };
    expect(readers.Sent.read(dirty)).to.deep.equal(viaEthers("Sent", dirty));
    // Non-zero padding after the bytes, then a truncated log.
    const padded = { topics: sent.topics, data: `${sent.data.slice(0, -2)}01` };
    expect(() => viaEthers("Sent", padded)).to.not.throw();
    expect(readers.Sent.read(padded)).to.deep.equal(viaEthers("Sent", padded));
    const truncated = { topics: sent.topics, data: sent.data.slice(0, -64) };
    expect(() => readers.Sent.read(truncated)).to.throw();
    // An address topic with dirty high bytes is refused, as ethers refuses it.
    const badSender = {
      topics: [
        sent.topics[0],
        `0x${"ff".repeat(12)}${"12".repeat(20)}`,
        sent.topics[2],
      ],
      data: sent.data,
    };
    expect(() => viaEthers("Sent", badSender)).to.throw();
    expect(() => readers.Sent.read(badSender)).to.throw();
  });

  it("refuses another event's log, and event shapes it cannot read back", function () {
    const plain = abi.encodeEventLog("Plain", [1n, zeroPadValue("0x02", 32)]);
    expect(() => readers.Sent.read(plain)).to.throw(/not a Sent log/);
    expect(readers.Plain.matches(plain)).to.equal(true);
    expect(readers.Sent.matches(plain)).to.equal(false);
    expect(() => new EventReader("event Flag(bool on)")).to.throw(/not bool/);
    expect(() => new EventReader("event Hashed(bytes indexed data)")).to.throw(
      /cannot be read back/,
    );
  });
});
