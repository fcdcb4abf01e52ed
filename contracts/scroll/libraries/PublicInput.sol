// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title PublicInput
/// @notice The public input hash a batch proof commits to. Binding the chain id keeps a proof for
/// one Scroll chain from finalizing a batch of another with the same roots.
/// @dev Mirrored by `publicInputHash` in src/protocols/scroll/encoding.ts.
library PublicInput {
    /// @notice `keccak256(pack(uint64 layer2ChainId, prevStateRoot, postStateRoot, withdrawRoot, dataHash))`.
    function hash(
        uint64 layer2ChainId,
        bytes32 prevStateRoot,
        bytes32 postStateRoot,
        bytes32 withdrawRoot,
        bytes32 dataHash
    ) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(layer2ChainId, prevStateRoot, postStateRoot, withdrawRoot, dataHash));
    }
}
