import type { Autorelayer } from "./actors/autorelayer.js";
import type { Identifier } from "./codec/access-list.js";
import type { OpMessage } from "./details.js";
import type { Message } from "../../messages.js";
import type { World } from "../../world.js";
import type { AccessList } from "ethers";

import { isMessageOf } from "../../messages.js";

import { encodeRelayMessageCalldata } from "./codec/message.js";
import { L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS } from "./codec/predeploys.js";
import { isInteropMessage } from "./details.js";
import { fail } from "./fail.js";

/** A 0x-prefixed hex string (viem's `Hex`; ethers takes it as a string). */
type Hex = `0x${string}`;

/** `value`, checked to be 0x-prefixed, as Hex. */
function hex(value: string): Hex {
  if (!value.startsWith("0x")) fail(`${value} is not 0x-prefixed hex.`);
  return value as Hex;
}

/**
 * `world.op`: what a test asks of OP interop messages beyond `world.messages()`: a message's identifier,
 * payload and access list, the relay transaction anyone may send, its expiry, and a relay now.
 * The protocol (protocol.ts) extends this class, so `world.op` is the protocol itself.
 */
export class OpHelpers {
  constructor(
    protected readonly world: World,
    private readonly autorelayer: Autorelayer,
  ) {}

  #message(messageOrId: Message | string): OpMessage {
    const id = typeof messageOrId === "string" ? messageOrId : messageOrId.id;
    const message = this.world.registry.require(id);
    if (!isMessageOf(message, "op") || !isInteropMessage(message))
      fail(
        `Message ${id} is a ${message.protocol} message, not an OP interop message.`,
      );
    return message;
  }

  /** The Identifier of the message's (latest) initiating log. */
  identifier(messageOrId: Message | string): Identifier {
    return structuredClone(this.#message(messageOrId).details.identifier);
  }

  /** The SentMessage payload: topics ‖ data. */
  payload(messageOrId: Message | string): string {
    return this.#message(messageOrId).details.payload;
  }

  /** The access list a relayMessage of this message needs (CrossL2Inbox type-1/2/3 keys). */
  accessList(messageOrId: Message | string): AccessList {
    return structuredClone(this.#message(messageOrId).details.accessList);
  }

  /**
   * The transaction fields of a relay anyone may send: `{ to, data, accessList }`, as 0x-hex strings so
   * that both an ethers signer's and a viem wallet client's sendTransaction take them as they are.
   */
  relayTransaction(messageOrId: Message | string): {
    to: Hex;
    data: Hex;
    accessList: Array<{ address: Hex; storageKeys: Hex[] }>;
  } {
    const message = this.#message(messageOrId);
    const details = message.details;
    return {
      to: hex(L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS),
      data: hex(
        encodeRelayMessageCalldata(details.identifier, details.payload),
      ),
      accessList: details.accessList.map((entry) => ({
        address: hex(entry.address),
        storageKeys: entry.storageKeys.map(hex),
      })),
    };
  }

  /** The timestamp from which the message can no longer be executed. */
  expiresAt(messageOrId: Message | string): number {
    const details = this.#message(messageOrId).details;
    return (
      Number(details.identifier.timestamp) + this.world.config.op.expiryWindow
    );
  }

  /**
   * Relays one message now, whatever the autorelayer's retry budget says.
   * Returns the message as it stands afterwards (relayed, failed with the
   * reason, waiting, expired or rejected).
   */
  async relay(messageOrId: Message | string): Promise<OpMessage> {
    const message = this.#message(messageOrId);
    const destination = this.world.chainById(
      message.details.destinationChainId,
    );
    if (destination === undefined)
      fail(
        `Message ${message.id} goes to chain ${message.to}, which is not in this world.`,
      );
    if (message.status !== "relayed") {
      const details = message.details;
      if (
        Number((await destination.block("pending")).timestamp) >=
        this.expiresAt(message)
      ) {
        this.autorelayer.expire(message);
      } else {
        details.attempts = 0;
        await this.autorelayer.attempt(message, destination);
      }
    }
    return structuredClone(message);
  }
}
