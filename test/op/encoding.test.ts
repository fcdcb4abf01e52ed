// About 650 lines: each OP codec held to the contracts and to ethers, vector by vector, in one file
// so that a change to a codec shows every place it is checked.
import type { World } from "../../src/world.js";

import { expect } from "chai";
import {
  AbiCoder,
  type Contract,
  Interface,
  concat,
  getAddress,
  hexlify,
  id as eventTopic,
  keccak256,
  solidityPacked,
  toBeHex,
  zeroPadValue,
} from "ethers";
import fc from "fast-check";

import {
  accessListStorageKeys,
  bareChecksum,
  calculateChecksum,
  encodeAccessList,
  type Identifier,
  parseAccessListKeys,
} from "../../src/protocols/op/codec/access-list.js";
import {
  EXECUTING_MESSAGE_TOPIC,
  RELAYED_MESSAGE_TOPIC,
  SENT_MESSAGE_TOPIC,
} from "../../src/protocols/op/codec/events.js";
import {
  decodeSentMessagePayload,
  encodeRelayMessageCalldata,
  encodeSentMessagePayload,
  encodeVersionedNonce,
  messageHash,
  msgHash,
  payloadFromLog,
  sentMessagePayload,
} from "../../src/protocols/op/codec/message.js";
import {
  CROSS_L2_INBOX_ADDRESS,
  EXPIRY_WINDOW,
  L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
} from "../../src/protocols/op/codec/predeploys.js";
import { impersonate } from "../helpers/accounts.js";
import { mined } from "../helpers/mined.js";
import { expectCustomError } from "../helpers/rejection.js";

import { createOpWorld, type OpChain } from "./helpers.js";

// PROTOCOLS.md §4.3, vector O1 (supersim's cast guide): SuperchainTokenBridge.sendERC20, 901 → 902, nonce 0.
const BRIDGE = "0x4200000000000000000000000000000000000028";
const O1_PAYLOAD =
  "0x" +
  [
    "382409ac69001e11931a28435afef442cbfd20d9891907e8fa373ba7d351f320",
    "0000000000000000000000000000000000000000000000000000000000000386",
    "0000000000000000000000004200000000000000000000000000000000000028",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000004200000000000000000000000000000000000028",
    "0000000000000000000000000000000000000000000000000000000000000040",
    "0000000000000000000000000000000000000000000000000000000000000084",
    "7cfd6dbc000000000000000000000000420beef0000000000000000000000000",
    "00000001000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cf",
    "ffb92266000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cf",
    "ffb9226600000000000000000000000000000000000000000000000000000000",
    "000003e800000000000000000000000000000000000000000000000000000000",
  ].join("");
const O1_ID: Identifier = {
  origin: L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
  blockNumber: 14n,
  logIndex: 2n,
  timestamp: 1743801675n,
  chainId: 901n,
};
const O1_MSG_HASH =
  "0x239eaa8910efd066ea6bad5057f60ea868da70c49dff4cb09403e90f970a812b";
const O1_BARE_CHECKSUM =
  "0xc3c6d2648cef120ce1d7ccf9f8d4042d6b25ff30a02e22d9ea2a47d2677ccb8d";
const O1_TYPE_1 =
  "0x010000000000000000000385000000000000000e0000000067f04d4b00000002";
const O1_TYPE_3 =
  "0x03c6d2648cef120ce1d7ccf9f8d4042d6b25ff30a02e22d9ea2a47d2677ccb8d";
const O1_MESSAGE_HASH =
  "0xccff97c17ef11d659d319cbc5780235ea03ef34b0fa34f40b208a9519f257379";

// Vector O2 (@eth-optimism/viem encodeAccessList.spec.ts): O1 with a chain id above 2^64.
const O2_ID: Identifier = { ...O1_ID, chainId: 2n ** 64n + 19n };
const O2_KEYS = [
  "0x010000000000000000000013000000000000000e0000000067f04d4b00000002",
  "0x0200000000000000000000000000000000000000000000000000000000000001",
  "0x03ffd9bcc97d1c56ae1e5727287611dc92241680d1e32e590d919b5b458c9204",
];

const O1_FIELDS = decodeSentMessagePayload(O1_PAYLOAD);
// The message O1 carries: SuperchainTokenBridge's relayERC20(token, from, to, amount), encoded by ethers.
const ACCOUNT_0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const O1_MESSAGE = new Interface([
  "function relayERC20(address,address,address,uint256)",
]).encodeFunctionData("relayERC20", [
  "0x420beef000000000000000000000000000000001",
  ACCOUNT_0,
  ACCOUNT_0,
  1000n,
]);

describe("OP interop encoding", function () {
  describe("TypeScript, vectors O1 and O2", function () {
    it("O1: payload fields, msgHash and messageHash", function () {
      expect(O1_MESSAGE.slice(0, 10)).to.equal("0x7cfd6dbc");
      expect(O1_FIELDS).to.deep.equal({
        destination: 902n,
        target: BRIDGE,
        nonce: 0n,
        sender: BRIDGE,
        message: O1_MESSAGE,
      });
      expect(encodeSentMessagePayload(O1_FIELDS)).to.equal(O1_PAYLOAD);
      expect(msgHash(O1_PAYLOAD)).to.equal(O1_MSG_HASH);
      expect(messageHash({ ...O1_FIELDS, source: 901n })).to.equal(
        O1_MESSAGE_HASH,
      );
    });

    it("O1: bare checksum, type-1 and type-3 keys, access list", function () {
      expect(bareChecksum(O1_ID, O1_MSG_HASH)).to.equal(O1_BARE_CHECKSUM);
      expect(calculateChecksum(O1_ID, O1_MSG_HASH)).to.equal(O1_TYPE_3);
      expect(accessListStorageKeys(O1_ID, O1_MSG_HASH)).to.deep.equal([
        O1_TYPE_1,
        O1_TYPE_3,
      ]);
      expect(encodeAccessList(O1_ID, O1_MSG_HASH)).to.deep.equal([
        {
          address: CROSS_L2_INBOX_ADDRESS,
          storageKeys: [O1_TYPE_1, O1_TYPE_3],
        },
      ]);
    });

    it("O2: a chain id of 2^64 and above adds a type-2 key", function () {
      expect(accessListStorageKeys(O2_ID, O1_MSG_HASH)).to.deep.equal(O2_KEYS);
      // 2^64 - 1 still fits the type-1 key alone.
      expect(
        accessListStorageKeys(
          { ...O1_ID, chainId: 2n ** 64n - 1n },
          O1_MSG_HASH,
        ),
      ).to.have.length(2);
    });

    it("parseAccessListKeys reverses the keys of several messages, in order", function () {
      const entries = parseAccessListKeys([...O2_KEYS, O1_TYPE_1, O1_TYPE_3]);
      expect(entries).to.deep.equal([
        {
          chainIdLow: 19n,
          blockNumber: 14n,
          timestamp: 1743801675n,
          logIndex: 2n,
          chainIdHigh: 1n,
          chainId: 2n ** 64n + 19n,
          checksum: O2_KEYS[2],
        },
        {
          chainIdLow: 901n,
          blockNumber: 14n,
          timestamp: 1743801675n,
          logIndex: 2n,
          chainIdHigh: undefined,
          chainId: 901n,
          checksum: O1_TYPE_3,
        },
      ]);
      expect(parseAccessListKeys([])).to.deep.equal([]);
    });

    it("parseAccessListKeys rejects sequences that cannot name a message, with op-supervisor's reason and the key at fault", function () {
      const bad: Array<[string, string[], string]> = [
        [
          "a checksum without a lookup key",
          [O1_TYPE_3],
          "expected lookup, got entry type 3: unexpected entry type (key 0: ",
        ],
        [
          "a chain-id extension without a lookup key",
          [O2_KEYS[1], O2_KEYS[2]],
          "expected lookup, got entry type 2: unexpected entry type (key 0: ",
        ],
        [
          "a lookup key after a lookup key",
          [O1_TYPE_1, O1_TYPE_1, O1_TYPE_3],
          "expected checksum, got entry type 1: unexpected entry type (key 1: ",
        ],
        [
          "a second chain-id extension",
          [O2_KEYS[0], O2_KEYS[1], O2_KEYS[1], O2_KEYS[2]],
          "expected checksum, got entry type 2: unexpected entry type (key 2: ",
        ],
        [
          "a lone lookup key",
          [O1_TYPE_1],
          "expected entry: the access list ends after key 0, before the message's checksum key",
        ],
        [
          "a lookup key and extension without checksum",
          [O2_KEYS[0], O2_KEYS[1]],
          "expected entry: the access list ends after key 1, before the message's checksum key",
        ],
        [
          "an unknown key type after a lookup key",
          [O1_TYPE_1, "0x04" + O1_TYPE_3.slice(4)],
          "expected checksum, got entry type 4: unexpected entry type (key 1: ",
        ],
        [
          "a lone checksum after a whole message",
          [O1_TYPE_1, O1_TYPE_3, O1_TYPE_3],
          "expected lookup, got entry type 3: unexpected entry type (key 2: ",
        ],
        [
          "reserved bytes in a lookup key",
          ["0x0100000100" + O1_TYPE_1.slice(12), O1_TYPE_3],
          "expected zero bytes: malformed entry (key 0: ",
        ],
        [
          "reserved bytes in a chain-id extension",
          [O2_KEYS[0], "0x0201" + O2_KEYS[1].slice(6), O2_KEYS[2]],
          "expected zero bytes: malformed chain-id extension (key 1: ",
        ],
        [
          "a short key",
          ["0x01"],
          "access-list key 0 is not a 32-byte hex string",
        ],
      ];
      for (const [what, keys, reason] of bad) {
        expect(() => parseAccessListKeys(keys), what).to.throw(reason);
      }
    });

    it("identifier fields that do not fit are rejected in the inbox's order", function () {
      const tooBig = {
        ...O1_ID,
        blockNumber: 2n ** 64n,
        logIndex: 2n ** 32n,
        timestamp: 2n ** 64n,
      };
      expect(() => calculateChecksum(tooBig, O1_MSG_HASH)).to.throw(
        RangeError,
        /^BlockNumberTooHigh/,
      );
      expect(() =>
        calculateChecksum({ ...tooBig, blockNumber: 1n }, O1_MSG_HASH),
      ).to.throw(/^LogIndexTooHigh/);
      expect(() =>
        calculateChecksum({ ...O1_ID, timestamp: 2n ** 64n }, O1_MSG_HASH),
      ).to.throw(/^TimestampTooHigh/);
      // The largest values that fit are accepted.
      const max = {
        ...O1_ID,
        blockNumber: 2n ** 64n - 1n,
        logIndex: 2n ** 32n - 1n,
        timestamp: 2n ** 64n - 1n,
      };
      expect(accessListStorageKeys(max, O1_MSG_HASH)[0]).to.equal(
        "0x01000000" +
          "0000000000000385" +
          "ffffffffffffffff" +
          "ffffffffffffffff" +
          "ffffffff",
      );
    });

    it("payloads of logs; SentMessage payloads only from SentMessage logs", function () {
      const topics = [0, 1, 2, 3]
        .map((i) => O1_PAYLOAD.slice(2 + 64 * i, 66 + 64 * i))
        .map((t) => "0x" + t);
      const data = "0x" + O1_PAYLOAD.slice(2 + 64 * 4);
      expect(payloadFromLog({ topics, data })).to.equal(O1_PAYLOAD);
      expect(sentMessagePayload({ topics, data })).to.equal(O1_PAYLOAD);
      expect(() =>
        sentMessagePayload({
          topics: [RELAYED_MESSAGE_TOPIC, ...topics.slice(1)],
          data,
        }),
      ).to.throw(/not a SentMessage log/);
      expect(() =>
        decodeSentMessagePayload(RELAYED_MESSAGE_TOPIC + O1_PAYLOAD.slice(66)),
      ).to.throw(/EventPayloadNotSentMessage/);
      expect(() => decodeSentMessagePayload(SENT_MESSAGE_TOPIC)).to.throw(
        /malformed/,
      );
    });

    it("constants: topics are the events' signatures, the expiry window is 7 days", function () {
      expect(SENT_MESSAGE_TOPIC).to.equal(
        eventTopic("SentMessage(uint256,address,uint256,address,bytes)"),
      );
      expect(RELAYED_MESSAGE_TOPIC).to.equal(
        eventTopic("RelayedMessage(uint256,uint256,bytes32,bytes32)"),
      );
      expect(EXECUTING_MESSAGE_TOPIC).to.equal(
        eventTopic(
          "ExecutingMessage(bytes32,(address,uint256,uint256,uint256,uint256))",
        ),
      );
      expect(EXPIRY_WINDOW).to.equal(7n * 24n * 3600n);
    });

    it("versioned nonces: the version in the top 16 bits, the nonce in the low 240", function () {
      expect(encodeVersionedNonce(5n, 1n)).to.equal((1n << 240n) | 5n);
      expect(encodeVersionedNonce(7n)).to.equal(7n);
      expect(() => encodeVersionedNonce(1n << 240n)).to.throw(
        RangeError,
        /does not fit in 240 bits/,
      );
      expect(() => encodeVersionedNonce(0n, 1n << 16n)).to.throw(
        RangeError,
        /does not fit in 16 bits/,
      );
    });
  });

  describe("hand-written encoders agree with ethers' ABI coder", function () {
    // The relayer's hot path writes its ABI words by hand; here each is held to ethers'
    // AbiCoder / solidityPacked formulation on random inputs (fast-check, 300 runs each).
    const abi = AbiCoder.defaultAbiCoder();
    const address = fc
      .uint8Array({ minLength: 20, maxLength: 20 })
      .map((b) => getAddress(hexlify(b)));
    const bytes = fc.uint8Array({ maxLength: 300 }).map((b) => hexlify(b));
    const u = (bits: number) =>
      fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });
    const identifier = fc.record({
      origin: address,
      blockNumber: u(64),
      logIndex: u(32),
      timestamp: u(64),
      chainId: u(256),
    });

    it("messageHash, relayMessage calldata", function () {
      const relay = new Interface([
        "function relayMessage((address,uint256,uint256,uint256,uint256) id, bytes sentMessage)",
      ]);
      fc.assert(
        fc.property(
          u(256),
          u(256),
          u(256),
          address,
          address,
          bytes,
          identifier,
          (destination, source, nonce, sender, target, message, id) => {
            const reference = keccak256(
              abi.encode(
                [
                  "uint256",
                  "uint256",
                  "uint256",
                  "address",
                  "address",
                  "bytes",
                ],
                [destination, source, nonce, sender, target, message],
              ),
            );
            expect(
              messageHash({
                destination,
                source,
                nonce,
                sender,
                target,
                message,
              }),
            ).to.equal(reference);
            const tuple = [
              id.origin,
              id.blockNumber,
              id.logIndex,
              id.timestamp,
              id.chainId,
            ];
            expect(encodeRelayMessageCalldata(id, message)).to.equal(
              relay.encodeFunctionData("relayMessage", [tuple, message]),
            );
          },
        ),
        { numRuns: 300, seed: 8 },
      );
    });

    it("checksums and access-list keys", function () {
      fc.assert(
        fc.property(
          identifier,
          fc.uint8Array({ minLength: 32, maxLength: 32 }),
          (id, hashBytes) => {
            const hash = hexlify(hashBytes);
            const logHash = keccak256(
              solidityPacked(["address", "bytes32"], [id.origin, hash]),
            );
            const packedId = solidityPacked(
              ["uint96", "uint64", "uint64", "uint32"],
              [0n, id.blockNumber, id.timestamp, id.logIndex],
            );
            const reference = keccak256(
              solidityPacked(
                ["bytes32", "uint256"],
                [keccak256(concat([logHash, packedId])), id.chainId],
              ),
            );
            expect(bareChecksum(id, hash)).to.equal(reference);
            const keys = accessListStorageKeys(id, hash);
            expect(keys[0]).to.equal(
              solidityPacked(
                ["uint8", "uint24", "uint64", "uint64", "uint64", "uint32"],
                [
                  1,
                  0,
                  id.chainId & (2n ** 64n - 1n),
                  id.blockNumber,
                  id.timestamp,
                  id.logIndex,
                ],
              ),
            );
            if (id.chainId >= 2n ** 64n)
              expect(keys[1]).to.equal(
                solidityPacked(
                  ["uint8", "uint56", "uint192"],
                  [2, 0, id.chainId >> 64n],
                ),
              );
            expect(keys.length).to.equal(id.chainId >= 2n ** 64n ? 3 : 2);
            expect(keys[keys.length - 1]).to.equal(`0x03${reference.slice(4)}`);
            expect(calculateChecksum(id, hash)).to.equal(
              `0x03${reference.slice(4)}`,
            );
            // And back: the keys name this identifier's position and chain, and its checksum.
            expect(parseAccessListKeys(keys)).to.deep.equal([
              {
                chainIdLow: id.chainId & (2n ** 64n - 1n),
                blockNumber: id.blockNumber,
                timestamp: id.timestamp,
                logIndex: id.logIndex,
                chainIdHigh:
                  id.chainId >= 2n ** 64n ? id.chainId >> 64n : undefined,
                chainId: id.chainId,
                checksum: keys[keys.length - 1],
              },
            ]);
          },
        ),
        { numRuns: 300, seed: 9 },
      );
    });

    it("SentMessage payloads and log payloads", function () {
      fc.assert(
        fc.property(
          u(256),
          address,
          u(256),
          address,
          bytes,
          (destination, target, nonce, sender, message) => {
            const payload = encodeSentMessagePayload({
              destination,
              target,
              nonce,
              sender,
              message,
            });
            expect(decodeSentMessagePayload(payload)).to.deep.equal({
              destination,
              target,
              nonce,
              sender,
              message,
            });
            const topics = [
              SENT_MESSAGE_TOPIC,
              ...[destination, BigInt(target), nonce].map((v) =>
                zeroPadValue(toBeHex(v), 32),
              ),
            ];
            const data = abi.encode(["address", "bytes"], [sender, message]);
            expect(payloadFromLog({ topics, data })).to.equal(
              hexlify(concat([...topics, data])),
            );
          },
        ),
        { numRuns: 300, seed: 10 },
      );
    });

    it("a SentMessage payload in a non-canonical layout still decodes as the ABI reads it", function () {
      // The bytes placed one word further (offset 0x60) with a junk word in between: valid ABI, not canonical.
      const sender = "0x00000000000000000000000000000000000000AA";
      const data =
        "0x" +
        "0".repeat(24) +
        sender.slice(2).toLowerCase() +
        (0x60).toString(16).padStart(64, "0") +
        "ff".repeat(32) +
        (2).toString(16).padStart(64, "0") +
        "beef" +
        "0".repeat(60);
      const payload = O1_PAYLOAD.slice(0, 2 + 4 * 64) + data.slice(2);
      const decoded = decodeSentMessagePayload(payload);
      expect(decoded.sender).to.equal(getAddress(sender));
      expect(decoded.message).to.equal("0xbeef");
      expect(decoded.nonce).to.equal(O1_FIELDS.nonce);
    });

    it("the hand-written encoders refuse values that do not fit their ABI type", function () {
      expect(() =>
        encodeRelayMessageCalldata({ ...O1_ID, blockNumber: 2n ** 256n }, "0x"),
      ).to.throw(/does not fit in 256 bits/);
      expect(() =>
        messageHash({ ...O1_FIELDS, source: 901n, sender: "0x1234" }),
      ).to.throw(/invalid address/);
    });
  });

  describe("contracts, vectors O1 and O2", function () {
    let world: World;
    let chain: OpChain;
    let harness: Contract;

    before(async function () {
      ({
        world,
        chains: { opA: chain },
      } = await createOpWorld({
        opA: { chainId: 901n, dependencySet: ["opB"] },
        opB: { chainId: 902n, dependencySet: ["opA"] },
      }));
      harness =
        await chain.connection.ethers.deployContract("OpEncodingHarness");
    });

    after(async function () {
      await world.close();
    });

    it("CrossL2Inbox.calculateChecksum gives the type-3 keys of O1 and O2", async function () {
      expect(await chain.inbox.calculateChecksum(O1_ID, O1_MSG_HASH)).to.equal(
        O1_TYPE_3,
      );
      expect(await chain.inbox.calculateChecksum(O2_ID, O1_MSG_HASH)).to.equal(
        O2_KEYS[2],
      );
      expect(await harness.checksum(O1_ID, O1_MSG_HASH)).to.equal(O1_TYPE_3);
    });

    it("CrossL2Inbox.calculateChecksum rejects fields that do not fit, in TypeScript's order", async function () {
      const iface = chain.inbox.interface;
      const tooBig = {
        ...O1_ID,
        blockNumber: 2n ** 64n,
        logIndex: 2n ** 32n,
        timestamp: 2n ** 64n,
      };
      await expectCustomError(
        chain.inbox.calculateChecksum(tooBig, O1_MSG_HASH),
        iface,
        "BlockNumberTooHigh",
      );
      await expectCustomError(
        chain.inbox.calculateChecksum(
          { ...tooBig, blockNumber: 1n },
          O1_MSG_HASH,
        ),
        iface,
        "LogIndexTooHigh",
      );
      await expectCustomError(
        chain.inbox.calculateChecksum(
          { ...O1_ID, timestamp: 2n ** 64n },
          O1_MSG_HASH,
        ),
        iface,
        "TimestampTooHigh",
      );
    });

    it("the libraries' payload and message hash match O1", async function () {
      const f = O1_FIELDS;
      expect(
        await harness.encodeSentMessagePayload(
          f.destination,
          f.target,
          f.nonce,
          f.sender,
          f.message,
        ),
      ).to.equal(O1_PAYLOAD);
      const decoded = await harness.decodeSentMessagePayload(O1_PAYLOAD);
      expect([...decoded]).to.deep.equal([
        f.destination,
        f.target,
        f.nonce,
        f.sender,
        f.message,
      ]);
      expect(
        await harness.messageHash(
          f.destination,
          901n,
          f.nonce,
          f.sender,
          f.target,
          f.message,
        ),
      ).to.equal(O1_MESSAGE_HASH);
      expect(await harness.encodeVersionedNonce(5n, 1n)).to.equal(
        (1n << 240n) | 5n,
      );
    });

    it("sendMessage on chain 901 as the bridge returns O1's messageHash and emits O1's payload", async function () {
      const bridge = await impersonate(chain.connection, BRIDGE);
      const messenger = chain.messenger.connect(bridge);

      expect(
        await messenger.sendMessage.staticCall(902n, BRIDGE, O1_FIELDS.message),
      ).to.equal(O1_MESSAGE_HASH);
      const receipt = await mined(
        messenger.sendMessage(902n, BRIDGE, O1_FIELDS.message),
      );
      const [log] = receipt.logs;
      expect(getAddress(log.address)).to.equal(
        L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
      );
      expect(payloadFromLog(log)).to.equal(O1_PAYLOAD);
      expect(await chain.messenger.sentMessages(0n)).to.equal(O1_MESSAGE_HASH);
      // The hash is keccak(abi.encode(...)) of the §3.2 preimage, the same one ethers builds.
      expect(
        keccak256(
          AbiCoder.defaultAbiCoder().encode(
            ["uint256", "uint256", "uint256", "address", "address", "bytes"],
            [902n, 901n, 0n, BRIDGE, BRIDGE, O1_FIELDS.message],
          ),
        ),
      ).to.equal(O1_MESSAGE_HASH);
    });
  });
});
