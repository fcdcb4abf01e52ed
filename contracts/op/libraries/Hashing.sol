// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { ICrossL2Inbox, Identifier } from "../../interfaces/ICrossL2Inbox.sol";

/// @title Hashing
/// @notice The two hashes of OP Stack interop: the message hash of the L2ToL2CrossDomainMessenger and the
///         access-list checksum of the CrossL2Inbox. Mirrored by `src/protocols/op/encoding.ts`.
library Hashing {
    /// @dev Clears the most significant byte so the type prefix can be written there.
    bytes32 internal constant CHECKSUM_MSB_MASK = bytes32(~uint256(0xff << 248));

    /// @dev Type prefix of a checksum key; types 1 and 2 carry the identifier in clear for the supervisor.
    bytes32 internal constant CHECKSUM_TYPE_3_MASK = bytes32(uint256(0x03 << 248));

    /// @notice Hash of an L2-to-L2 message, the key of `sentMessages` on the source and of `successfulMessages`
    ///         on the destination.
    /// @param _destination Chain id of the destination chain.
    /// @param _source      Chain id of the source chain.
    /// @param _nonce       Versioned nonce of the message on the source chain.
    /// @param _sender      Caller of `sendMessage` on the source chain.
    /// @param _target      Contract called on the destination chain.
    /// @param _message     Calldata for the target.
    /// @return The message hash.
    function hashL2toL2CrossDomainMessage(
        uint256 _destination,
        uint256 _source,
        uint256 _nonce,
        address _sender,
        address _target,
        bytes memory _message
    ) internal pure returns (bytes32) {
        return keccak256(abi.encode(_destination, _source, _nonce, _sender, _target, _message));
    }

    /// @notice The type-3 access-list key committing to an identifier and a message hash.
    /// @dev The identifier fields are packed into one word, so out-of-range values revert rather than being
    ///      truncated into a checksum of some other log. The order of the checks is the real inbox's.
    /// @param _id      Identifier of the initiating log.
    /// @param _msgHash Hash of the initiating log's payload.
    /// @return The checksum, with 0x03 in its most significant byte.
    function hashInteropChecksum(Identifier memory _id, bytes32 _msgHash) internal pure returns (bytes32) {
        if (_id.blockNumber > type(uint64).max) revert ICrossL2Inbox.BlockNumberTooHigh();
        if (_id.logIndex > type(uint32).max) revert ICrossL2Inbox.LogIndexTooHigh();
        if (_id.timestamp > type(uint64).max) revert ICrossL2Inbox.TimestampTooHigh();

        bytes32 logHash = keccak256(abi.encodePacked(_id.origin, _msgHash));
        // 12 zero bytes ‖ uint64 blockNumber ‖ uint64 timestamp ‖ uint32 logIndex
        bytes32 packedId = bytes32((_id.blockNumber << 96) | (_id.timestamp << 32) | _id.logIndex);
        bytes32 idLogHash = keccak256(abi.encodePacked(logHash, packedId));
        bytes32 bareChecksum = keccak256(abi.encodePacked(idLogHash, _id.chainId));
        return (bareChecksum & CHECKSUM_MSB_MASK) | CHECKSUM_TYPE_3_MASK;
    }
}
