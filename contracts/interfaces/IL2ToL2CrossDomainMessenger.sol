// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { Identifier } from "./ICrossL2Inbox.sol";

/// @title IL2ToL2CrossDomainMessenger
/// @notice Interface of the OP Stack L2ToL2CrossDomainMessenger predeploy (version 1.3.0) at
///         0x4200000000000000000000000000000000000023, plus the two checks hardhat-xdm's model keeps from the
///         interop seed documents (destination in the dependency set, target not the CrossL2Inbox).
/// @dev A receiving contract authenticates a relayed call with `msg.sender == messenger` and
///      `crossDomainMessageSender()` / `crossDomainMessageSource()`; addresses are never aliased.
interface IL2ToL2CrossDomainMessenger {
    /// @notice A context getter was called outside `relayMessage`.
    error NotEntered();

    /// @notice `relayMessage` was re-entered.
    error ReentrantCall();

    /// @notice The identifier passed to `relayMessage` does not point at a log of this messenger.
    error IdOriginNotL2ToL2CrossDomainMessenger();

    /// @notice The payload passed to `relayMessage` is not a `SentMessage` log.
    error EventPayloadNotSentMessage();

    /// @notice `sendMessage` was asked to send to the chain it runs on.
    error MessageDestinationSameChain();

    /// @notice The relayed message is addressed to another chain.
    error MessageDestinationNotRelayChain();

    /// @notice A message may not target the messenger itself.
    error MessageTargetL2ToL2CrossDomainMessenger();

    /// @notice A message may not target the CrossL2Inbox (seed check, removed from the real contract in 2025).
    error MessageTargetCrossL2Inbox();

    /// @notice The destination is not in this chain's interop dependency set (seed check).
    error InvalidChainId();

    /// @notice The message was already relayed successfully.
    error MessageAlreadyRelayed();

    /// @notice `resendMessage` was given fields that do not hash to a message sent from this chain.
    error InvalidMessage();

    /// @notice Emitted by `sendMessage` and `resendMessage`: the initiating message.
    /// @param destination  Chain id of the destination chain.
    /// @param target       Contract called on the destination chain.
    /// @param messageNonce Versioned nonce of the message on this chain.
    /// @param sender       Caller of `sendMessage` on this chain.
    /// @param message      Calldata for the target.
    event SentMessage(
        uint256 indexed destination, address indexed target, uint256 indexed messageNonce, address sender, bytes message
    );

    /// @notice Emitted when a message is relayed and its target call succeeded.
    /// @param source         Chain id of the source chain.
    /// @param messageNonce   Versioned nonce of the message on its source chain.
    /// @param messageHash    Hash of the message (see `sendMessage`).
    /// @param returnDataHash keccak256 of the target's return data.
    event RelayedMessage(
        uint256 indexed source, uint256 indexed messageNonce, bytes32 indexed messageHash, bytes32 returnDataHash
    );

    /// @notice Semantic version of the contract.
    /// @return The version string, "1.3.0".
    function version() external view returns (string memory);

    /// @notice Version of the message encoding, carried in the top 16 bits of every nonce.
    /// @return The message version, 0.
    function messageVersion() external view returns (uint16);

    /// @notice Versioned nonce the next sent message will carry.
    /// @return `(messageVersion << 240) | number of messages sent so far`.
    function messageNonce() external view returns (uint256);

    /// @notice Whether a message was relayed successfully on this chain.
    /// @param messageHash Hash of the message.
    /// @return True once the message's target call succeeded.
    function successfulMessages(bytes32 messageHash) external view returns (bool);

    /// @notice Hash of the message sent from this chain with a given nonce.
    /// @param nonce Versioned nonce of the message.
    /// @return The message hash, or zero if no message was sent with that nonce.
    function sentMessages(uint256 nonce) external view returns (bytes32);

    /// @notice Whether `_chainId` is in this chain's interop dependency set; this chain always is.
    /// @param _chainId Chain id to look up.
    /// @return True if messages may be sent to `_chainId`.
    function isInDependencySet(uint256 _chainId) external view returns (bool);

    /// @notice Number of chains in this chain's interop dependency set, not counting this chain.
    /// @return The size of the dependency set.
    function dependencySetSize() external view returns (uint8);

    /// @notice Sends a message to `_target` on chain `_destination`.
    /// @dev Reverts with `MessageDestinationSameChain()`, `MessageTargetCrossL2Inbox()`,
    ///      `MessageTargetL2ToL2CrossDomainMessenger()` or `InvalidChainId()`, checked in that order.
    /// @param _destination Chain id of the destination chain.
    /// @param _target      Contract to call on the destination chain.
    /// @param _message     Calldata for the target.
    /// @return The message hash, the key under which the destination records the relay.
    function sendMessage(uint256 _destination, address _target, bytes calldata _message) external returns (bytes32);

    /// @notice Relays a message sent to this chain: validates it through the CrossL2Inbox and calls its target.
    /// @dev The `SentMessage` log's checksum must be in the transaction's access list. If the target call
    ///      reverts, this reverts with the target's revert data and the message stays relayable.
    /// @param _id          Identifier of the `SentMessage` log on the source chain.
    /// @param _sentMessage Payload of that log: its topics followed by its data.
    /// @return returnData_ Data returned by the target.
    function relayMessage(Identifier calldata _id, bytes calldata _sentMessage)
        external
        payable
        returns (bytes memory returnData_);

    /// @notice Emits the `SentMessage` log of an already sent message again, e.g. once the first one expired.
    /// @dev Reverts with `InvalidMessage()` unless the fields hash to `sentMessages[_nonce]`. Anyone may call.
    /// @param _destination Chain id of the destination chain.
    /// @param _nonce       Versioned nonce of the message.
    /// @param _sender      Original sender of the message.
    /// @param _target      Target of the message.
    /// @param _message     Calldata for the target.
    /// @return The message hash.
    function resendMessage(
        uint256 _destination,
        uint256 _nonce,
        address _sender,
        address _target,
        bytes calldata _message
    ) external returns (bytes32);

    /// @notice Sender of the message being relayed. Reverts with `NotEntered()` outside `relayMessage`.
    /// @return sender_ The address that called `sendMessage` on the source chain.
    function crossDomainMessageSender() external view returns (address sender_);

    /// @notice Source chain of the message being relayed. Reverts with `NotEntered()` outside `relayMessage`.
    /// @return source_ The source chain id.
    function crossDomainMessageSource() external view returns (uint256 source_);

    /// @notice Sender and source chain of the message being relayed, in one call.
    /// @dev Reverts with `NotEntered()` outside `relayMessage`.
    /// @return sender_ The address that called `sendMessage` on the source chain.
    /// @return source_ The source chain id.
    function crossDomainMessageContext() external view returns (address sender_, uint256 source_);
}
