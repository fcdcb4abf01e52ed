/**
 * The OP Stack's L1↔L2 encodings, as the real contracts and op-node define them: the portal's
 * `TransactionDeposited` log and the deposit transaction it stands for (source hash, deposit hash), the
 * message passer's `MessagePassed` log and the withdrawal hash, the output root, and the
 * CrossDomainMessenger's relayMessage calldata and message hash.
 */
import type { RpcLog } from "../../types.js";

import {
  AbiCoder,
  Interface,
  concat,
  dataLength,
  dataSlice,
  encodeRlp,
  getAddress,
  getBytes,
  id,
  keccak256,
  toBeArray,
  toBeHex,
  zeroPadValue,
} from "ethers";

const coder = AbiCoder.defaultAbiCoder();

/** `TransactionDeposited(address indexed from, address indexed to, uint256 indexed version, bytes opaqueData)`. */
export const TRANSACTION_DEPOSITED_TOPIC = id(
  "TransactionDeposited(address,address,uint256,bytes)",
);
/** `MessagePassed(uint256 indexed nonce, address indexed sender, address indexed target, uint256, uint256, bytes, bytes32)`. */
export const MESSAGE_PASSED_TOPIC = id(
  "MessagePassed(uint256,address,address,uint256,uint256,bytes,bytes32)",
);
/** The portal's `WithdrawalProvenExtension1(bytes32 indexed withdrawalHash, address indexed proofSubmitter)`. */
export const WITHDRAWAL_PROVEN_EXTENSION1_TOPIC = id(
  "WithdrawalProvenExtension1(bytes32,address)",
);
/** The portal's `WithdrawalFinalized(bytes32 indexed withdrawalHash, bool success)`. */
export const WITHDRAWAL_FINALIZED_TOPIC = id(
  "WithdrawalFinalized(bytes32,bool)",
);
/** The DisputeGameFactory's `DisputeGameCreated(address indexed disputeProxy, uint32 indexed gameType, bytes32 indexed rootClaim)`. */
export const DISPUTE_GAME_CREATED_TOPIC = id(
  "DisputeGameCreated(address,uint32,bytes32)",
);
/** The CrossDomainMessenger's `RelayedMessage(bytes32 indexed msgHash)`. */
export const CDM_RELAYED_MESSAGE_TOPIC = id("RelayedMessage(bytes32)");
/** The CrossDomainMessenger's `FailedRelayedMessage(bytes32 indexed msgHash)`. */
export const CDM_FAILED_RELAYED_MESSAGE_TOPIC = id(
  "FailedRelayedMessage(bytes32)",
);

/** A deposit as the portal logged it. */
export interface Deposit {
  from: string;
  /** The call's target; the zero address for a contract creation. */
  to: string;
  /** Wei credited to `from` on L2 before the call (the `msg.value` paid into the portal). */
  mint: bigint;
  /** Wei the call carries to `to`. */
  value: bigint;
  gasLimit: bigint;
  isCreation: boolean;
  data: string;
}

const topicAddress = (topic: string) => getAddress(dataSlice(topic, 12));

/** Reads a `TransactionDeposited` log: `opaqueData` is mint(32) ‖ value(32) ‖ gasLimit(8) ‖ isCreation(1) ‖ data. */
export function decodeTransactionDeposited(log: RpcLog): Deposit {
  if (log.topics[0] !== TRANSACTION_DEPOSITED_TOPIC || log.topics.length !== 4)
    throw new RangeError(`not a TransactionDeposited log: ${log.topics[0]}`);
  if (BigInt(log.topics[3]) !== 0n)
    throw new RangeError(
      `unknown deposit version ${BigInt(log.topics[3])} (only version 0 exists)`,
    );
  const [opaque] = coder.decode(["bytes"], log.data) as unknown as [string];
  if (dataLength(opaque) < 73)
    throw new RangeError(
      `TransactionDeposited opaqueData of ${dataLength(opaque)} bytes is shorter than 73`,
    );
  return {
    from: topicAddress(log.topics[1]),
    to: topicAddress(log.topics[2]),
    mint: BigInt(dataSlice(opaque, 0, 32)),
    value: BigInt(dataSlice(opaque, 32, 64)),
    gasLimit: BigInt(dataSlice(opaque, 64, 72)),
    isCreation: BigInt(dataSlice(opaque, 72, 73)) !== 0n,
    data: dataSlice(opaque, 73),
  };
}

/** The deposit's source hash: keccak256(bytes32(0) ‖ keccak256(l1BlockHash ‖ uint256(logIndex))). */
export function depositSourceHash(
  l1BlockHash: string,
  logIndex: number,
): string {
  const depositId = keccak256(
    concat([l1BlockHash, zeroPadValue(toBeHex(logIndex), 32)]),
  );
  return keccak256(concat([zeroPadValue("0x", 32), depositId]));
}

const rlpInt = (value: bigint) => (value === 0n ? "0x" : toBeArray(value));

/**
 * The hash the deposit transaction has on a real OP chain: keccak256(0x7e ‖ rlp([sourceHash, from, to,
 * mint, value, gas, isSystemTx, data])). EDR has no deposit type, so the L2 transaction that carries the
 * deposit here has another hash; this one is what viem's getL2TransactionHashes computes.
 */
export function depositTransactionHash(
  deposit: Deposit,
  l1BlockHash: string,
  logIndex: number,
): string {
  const fields = [
    depositSourceHash(l1BlockHash, logIndex),
    deposit.from,
    deposit.isCreation ? "0x" : deposit.to,
    rlpInt(deposit.mint),
    rlpInt(deposit.value),
    rlpInt(deposit.gasLimit),
    "0x",
    deposit.data,
  ];
  return keccak256(concat(["0x7e", encodeRlp(fields.map((f) => getBytes(f)))]));
}

/** A withdrawal as the L2ToL1MessagePasser hashed it (`Types.WithdrawalTransaction`). */
export interface Withdrawal {
  nonce: bigint;
  sender: string;
  target: string;
  value: bigint;
  gasLimit: bigint;
  data: string;
}

/** keccak256(abi.encode(nonce, sender, target, value, gasLimit, data)): flat, not a tuple. */
export function withdrawalHash(withdrawal: Withdrawal): string {
  return keccak256(
    coder.encode(
      ["uint256", "address", "address", "uint256", "uint256", "bytes"],
      [
        withdrawal.nonce,
        withdrawal.sender,
        withdrawal.target,
        withdrawal.value,
        withdrawal.gasLimit,
        withdrawal.data,
      ],
    ),
  );
}

/** Reads a `MessagePassed` log: the withdrawal and the hash the message passer computed. */
export function decodeMessagePassed(log: RpcLog): {
  withdrawal: Withdrawal;
  withdrawalHash: string;
} {
  if (log.topics[0] !== MESSAGE_PASSED_TOPIC || log.topics.length !== 4)
    throw new RangeError(`not a MessagePassed log: ${log.topics[0]}`);
  const [value, gasLimit, data, hash] = coder.decode(
    ["uint256", "uint256", "bytes", "bytes32"],
    log.data,
  ) as unknown as [bigint, bigint, string, string];
  return {
    withdrawal: {
      nonce: BigInt(log.topics[1]),
      sender: topicAddress(log.topics[2]),
      target: topicAddress(log.topics[3]),
      value,
      gasLimit,
      data,
    },
    withdrawalHash: hash,
  };
}

/** The storage slot of `sentMessages[hash]` in the message passer (mapping at slot 0). */
export function withdrawalStorageSlot(hash: string): string {
  return keccak256(coder.encode(["bytes32", "uint256"], [hash, 0n]));
}

/** `Types.OutputRootProof`: what a version-0 output root commits to. */
export interface OutputRootProof {
  version: string;
  stateRoot: string;
  messagePasserStorageRoot: string;
  latestBlockhash: string;
}

/** keccak256 of the four words of a version-0 output root proof. */
export function outputRoot(proof: OutputRootProof): string {
  return keccak256(
    coder.encode(
      ["bytes32", "bytes32", "bytes32", "bytes32"],
      [
        proof.version,
        proof.stateRoot,
        proof.messagePasserStorageRoot,
        proof.latestBlockhash,
      ],
    ),
  );
}

/** The messenger's relayMessage, version 1: what a messenger message carries to the other layer. */
export const messengerInterface = new Interface([
  "function relayMessage(uint256 _nonce, address _sender, address _target, uint256 _value, uint256 _minGasLimit, bytes _message) payable",
]);

/** A CrossDomainMessenger message, read from the relayMessage calldata a deposit or withdrawal carries. */
export interface MessengerMessage {
  nonce: bigint;
  sender: string;
  target: string;
  value: bigint;
  minGasLimit: bigint;
  message: string;
  /** The versioned hash the messengers key successfulMessages / failedMessages by. */
  hash: string;
}

/** The messenger message in `calldata`, or undefined when it is not a relayMessage call. */
export function decodeRelayMessage(
  calldata: string,
): MessengerMessage | undefined {
  const fragment = messengerInterface.getFunction("relayMessage")!;
  if (
    dataLength(calldata) < 4 ||
    dataSlice(calldata, 0, 4) !== fragment.selector
  )
    return undefined;
  let decoded;
  try {
    decoded = messengerInterface.decodeFunctionData(fragment, calldata);
  } catch {
    return undefined;
  }
  const [nonce, sender, target, value, minGasLimit, message] =
    decoded as unknown as [bigint, string, string, bigint, bigint, string];
  return {
    nonce,
    sender: getAddress(sender),
    target: getAddress(target),
    value,
    minGasLimit,
    message,
    // The V1 hash is keccak256 of the relayMessage calldata as the messenger encodes it (canonical ABI).
    hash: keccak256(messengerInterface.encodeFunctionData(fragment, decoded)),
  };
}
