// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { Types } from "./Types.sol";

/// @title BedrockHashing
/// @notice The hashes of the OP Stack's L1↔L2 messages: a withdrawal, an output root, a CrossDomainMessenger
///         message (versions 0 and 1), and the nonce that carries a message version in its top 16 bits.
library BedrockHashing {
    /// @notice keccak256 of the withdrawal's six fields, ABI-encoded flat (not as a tuple).
    function hashWithdrawal(Types.WithdrawalTransaction memory _tx) internal pure returns (bytes32) {
        return keccak256(abi.encode(_tx.nonce, _tx.sender, _tx.target, _tx.value, _tx.gasLimit, _tx.data));
    }

    /// @notice The version-0 output root: keccak256 of the four words of the proof.
    function hashOutputRootProof(Types.OutputRootProof memory _proof) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(_proof.version, _proof.stateRoot, _proof.messagePasserStorageRoot, _proof.latestBlockhash)
        );
    }

    /// @notice The hash of a version-1 message: keccak256 of the whole relayMessage calldata that carries it.
    function hashCrossDomainMessageV1(
        uint256 _nonce,
        address _sender,
        address _target,
        uint256 _value,
        uint256 _gasLimit,
        bytes memory _data
    )
        internal
        pure
        returns (bytes32)
    {
        return keccak256(
            abi.encodeWithSignature(
                "relayMessage(uint256,address,address,uint256,uint256,bytes)",
                _nonce,
                _sender,
                _target,
                _value,
                _gasLimit,
                _data
            )
        );
    }

    /// @notice The hash of a legacy (version-0) message, which only the "already relayed" check reads.
    function hashCrossDomainMessageV0(
        address _target,
        address _sender,
        bytes memory _data,
        uint256 _nonce
    )
        internal
        pure
        returns (bytes32)
    {
        return keccak256(
            abi.encodeWithSignature("relayMessage(address,address,bytes,uint256)", _target, _sender, _data, _nonce)
        );
    }

    /// @notice `(version << 240) | nonce`.
    function encodeVersionedNonce(uint240 _nonce, uint16 _version) internal pure returns (uint256) {
        return (uint256(_version) << 240) | uint256(_nonce);
    }

    /// @notice The nonce (low 240 bits) and version (top 16 bits) of a versioned nonce.
    function decodeVersionedNonce(uint256 _versioned) internal pure returns (uint240 nonce_, uint16 version_) {
        nonce_ = uint240(_versioned);
        version_ = uint16(_versioned >> 240);
    }
}
