// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { IL2ToL2CrossDomainMessenger } from "../../interfaces/IL2ToL2CrossDomainMessenger.sol";

/// @title Encoding
/// @notice Versioned nonces and the `SentMessage` log payload of the L2ToL2CrossDomainMessenger.
///         Mirrored by `src/protocols/op/encoding.ts`.
library Encoding {
    /// @notice Puts the message version in the top 16 bits of a nonce.
    /// @param _nonce   Sequence number of the message.
    /// @param _version Message version.
    /// @return The versioned nonce.
    function encodeVersionedNonce(uint240 _nonce, uint16 _version) internal pure returns (uint256) {
        return (uint256(_version) << 240) | uint256(_nonce);
    }

    /// @notice The payload of a `SentMessage` log: its four topics followed by its data, which is what the
    ///         CrossL2Inbox hashes and what `relayMessage` receives.
    /// @param _destination Chain id of the destination chain (topic 1).
    /// @param _target      Target of the message (topic 2).
    /// @param _nonce       Versioned nonce (topic 3).
    /// @param _sender      Sender of the message (data).
    /// @param _message     Calldata for the target (data).
    /// @return The payload.
    function encodeSentMessagePayload(
        uint256 _destination,
        address _target,
        uint256 _nonce,
        address _sender,
        bytes memory _message
    ) internal pure returns (bytes memory) {
        return abi.encodePacked(
            abi.encode(IL2ToL2CrossDomainMessenger.SentMessage.selector, _destination, _target, _nonce),
            abi.encode(_sender, _message)
        );
    }

    /// @notice Splits a `SentMessage` payload back into the message fields.
    /// @dev Reverts with `EventPayloadNotSentMessage()` when the first word is another event's topic. A payload
    ///      too short or not ABI-shaped reverts inside the decoder, without a custom error, as the real one does.
    /// @param _payload The payload (topics then data).
    /// @return destination_ Chain id of the destination chain.
    /// @return target_      Target of the message.
    /// @return nonce_       Versioned nonce.
    /// @return sender_      Sender of the message.
    /// @return message_     Calldata for the target.
    function decodeSentMessagePayload(bytes calldata _payload)
        internal
        pure
        returns (uint256 destination_, address target_, uint256 nonce_, address sender_, bytes memory message_)
    {
        bytes32 topic0 = abi.decode(_payload[:32], (bytes32));
        if (topic0 != IL2ToL2CrossDomainMessenger.SentMessage.selector) {
            revert IL2ToL2CrossDomainMessenger.EventPayloadNotSentMessage();
        }
        (destination_, target_, nonce_) = abi.decode(_payload[32:128], (uint256, address, uint256));
        (sender_, message_) = abi.decode(_payload[128:], (address, bytes));
    }
}
