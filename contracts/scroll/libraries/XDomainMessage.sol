// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title XDomainMessage
/// @notice A Scroll message in either direction is identified by the calldata of the
/// `relayMessage` call that delivers it, and hashed as such.
/// @dev Mirrored by `encodeXDomainCalldata` / `messageHash` in src/protocols/scroll/encoding.ts.
library XDomainMessage {
    /// @notice `abi.encodeWithSignature("relayMessage(address,address,uint256,uint256,bytes)", …)`.
    function encodeCalldata(
        address from,
        address to,
        uint256 value,
        uint256 nonce,
        bytes memory message
    ) internal pure returns (bytes memory) {
        return abi.encodeWithSignature("relayMessage(address,address,uint256,uint256,bytes)", from, to, value, nonce, message);
    }

    /// @notice `keccak256` of {encodeCalldata}: the key of every messenger mapping.
    function hash(
        address from,
        address to,
        uint256 value,
        uint256 nonce,
        bytes memory message
    ) internal pure returns (bytes32) {
        return keccak256(encodeCalldata(from, to, value, nonce, message));
    }
}
