// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title WithdrawTrie
/// @notice Hashing of the L2→L1 withdraw trie, shared by the L2MessageQueue that grows it and the
/// L1ScrollMessenger that checks claims against it.
/// @dev Mirrored by src/protocols/scroll/withdraw-trie.ts.
library WithdrawTrie {
    /// @dev The tree never grows past 2^40 leaves.
    uint256 internal constant MAX_HEIGHT = 40;

    /// @notice An inner node: `keccak(left ‖ right)`, with no leaf/node prefix (as Scroll does).
    function hashPair(bytes32 left, bytes32 right) internal pure returns (bytes32 result) {
        assembly ("memory-safe") {
            mstore(0x00, left)
            mstore(0x20, right)
            result := keccak256(0x00, 0x40)
        }
    }

    /// @notice Whether `proof` (concatenated siblings, bottom-up) leads from leaf `leafHash` at
    /// position `index` to `root`. Reverts "Invalid proof" when it is not whole 32-byte words.
    /// @dev Index bits beyond the proof's depth are ignored, as on Scroll: the leaf hash already
    /// commits to the nonce, so a message cannot be claimed under another position's nonce.
    function verifyMerkleProof(
        bytes32 root,
        bytes32 leafHash,
        uint256 index,
        bytes memory proof
    ) internal pure returns (bool) {
        require(proof.length % 32 == 0, "Invalid proof");
        uint256 depth = proof.length / 32;
        bytes32 node = leafHash;
        for (uint256 i = 0; i < depth; i++) {
            bytes32 sibling;
            assembly ("memory-safe") {
                sibling := mload(add(add(proof, 0x20), mul(i, 0x20)))
            }
            node = index % 2 == 0 ? hashPair(node, sibling) : hashPair(sibling, node);
            index >>= 1;
        }
        return node == root;
    }
}
