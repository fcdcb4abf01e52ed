// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import { Identifier } from "../../interfaces/ICrossL2Inbox.sol";
import { Encoding } from "../../op/libraries/Encoding.sol";
import { Hashing } from "../../op/libraries/Hashing.sol";

/// @title OpEncodingHarness
/// @notice Exposes the OP interop libraries so tests can compare them with the TypeScript mirror.
contract OpEncodingHarness {
    /// @notice See `Hashing.hashL2toL2CrossDomainMessage`.
    function messageHash(
        uint256 _destination,
        uint256 _source,
        uint256 _nonce,
        address _sender,
        address _target,
        bytes calldata _message
    ) external pure returns (bytes32) {
        return Hashing.hashL2toL2CrossDomainMessage(_destination, _source, _nonce, _sender, _target, _message);
    }

    /// @notice See `Hashing.hashInteropChecksum`.
    function checksum(Identifier calldata _id, bytes32 _msgHash) external pure returns (bytes32) {
        return Hashing.hashInteropChecksum(_id, _msgHash);
    }

    /// @notice See `Encoding.encodeSentMessagePayload`.
    function encodeSentMessagePayload(
        uint256 _destination,
        address _target,
        uint256 _nonce,
        address _sender,
        bytes calldata _message
    ) external pure returns (bytes memory) {
        return Encoding.encodeSentMessagePayload(_destination, _target, _nonce, _sender, _message);
    }

    /// @notice See `Encoding.decodeSentMessagePayload`.
    function decodeSentMessagePayload(bytes calldata _payload)
        external
        pure
        returns (uint256 destination_, address target_, uint256 nonce_, address sender_, bytes memory message_)
    {
        return Encoding.decodeSentMessagePayload(_payload);
    }

    /// @notice See `Encoding.encodeVersionedNonce`.
    function encodeVersionedNonce(uint240 _nonce, uint16 _version) external pure returns (uint256) {
        return Encoding.encodeVersionedNonce(_nonce, _version);
    }
}
