// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title StarknetMessageHash
/// @notice The message hashes of StarkNet messaging, shared by both sides so that what L2 emits is exactly what
/// L1 consumes. Mirrored by `l1ToL2MsgHash` / `l2ToL1MsgHash` in src/protocols/starknet/encoding.ts.
/// @dev Every field is a 32-byte word: addresses are widened to uint256 first, matching how the StarkNet OS
/// writes them into its program output.
library StarknetMessageHash {
    /// @dev `keccak(from ‖ to ‖ nonce ‖ selector ‖ payload.length ‖ payload)`: nonce before selector, the
    /// order of the L1 to L2 segment of the program output.
    function l1ToL2(
        uint256 fromAddress,
        uint256 toAddress,
        uint256 selector,
        uint256[] calldata payload,
        uint256 nonce
    ) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(fromAddress, toAddress, nonce, selector, payload.length, payload));
    }

    /// @dev `keccak(from ‖ to ‖ payload.length ‖ payload)`, the words of one L2 to L1 message of the output.
    function l2ToL1(uint256 fromAddress, uint256 toAddress, uint256[] calldata payload) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(fromAddress, toAddress, payload.length, payload));
    }
}
