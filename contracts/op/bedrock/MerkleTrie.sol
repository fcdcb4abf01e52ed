// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { RLPReader } from "./RLPReader.sol";

/// @title MerkleTrie
/// @notice Reads a value out of an Ethereum Merkle-Patricia trie given the proof nodes from the root down, as
///         `eth_getProof` returns them plus, like the real library expects, a last element for a leaf that
///         its parent holds inline. Refuses a proof with the real library's messages.
library MerkleTrie {
    /// @notice The value at `_key` in the trie with root `_root`, proven by `_proof`.
    function get(bytes memory _key, bytes[] memory _proof, bytes32 _root) internal pure returns (bytes memory value_) {
        require(_key.length > 0, "MerkleTrie: empty key");
        bytes memory key = _nibbles(_key);
        bytes32 nodeId = _root;
        uint256 keyIndex = 0;
        for (uint256 i = 0; i < _proof.length; i++) {
            bytes memory node = _proof[i];
            require(keyIndex <= key.length, "MerkleTrie: key index exceeds total key length");
            if (i == 0) {
                require(keccak256(node) == _root, "MerkleTrie: invalid root hash");
            } else if (node.length >= 32) {
                require(keccak256(node) == nodeId, "MerkleTrie: invalid large internal hash");
            } else {
                require(bytes32(node) == nodeId, "MerkleTrie: invalid internal node hash");
            }
            bytes[] memory items = RLPReader.readList(node);
            if (items.length == 17) {
                if (keyIndex == key.length) {
                    value_ = RLPReader.readBytes(items[16]);
                    require(value_.length > 0, "MerkleTrie: value length must be greater than zero (branch)");
                    require(i == _proof.length - 1, "MerkleTrie: value node must be last node in proof (branch)");
                    return value_;
                }
                nodeId = _childId(items[uint8(key[keyIndex])]);
                keyIndex += 1;
            } else if (items.length == 2) {
                bytes memory path = _nibbles(RLPReader.readBytes(items[0]));
                require(path.length > 0, "MerkleTrie: received a node with an unknown prefix");
                uint8 prefix = uint8(path[0]);
                uint256 pathStart = 2 - (prefix % 2);
                uint256 pathLength = path.length >= pathStart ? path.length - pathStart : 0;
                uint256 shared = 0;
                while (
                    shared < pathLength && keyIndex + shared < key.length
                        && path[pathStart + shared] == key[keyIndex + shared]
                ) {
                    shared++;
                }
                require(pathLength == shared, "MerkleTrie: path remainder must share all nibbles with key");
                if (prefix == 2 || prefix == 3) {
                    require(
                        key.length - keyIndex == shared, "MerkleTrie: key remainder must be identical to path remainder"
                    );
                    value_ = RLPReader.readBytes(items[1]);
                    require(value_.length > 0, "MerkleTrie: value length must be greater than zero (leaf)");
                    require(i == _proof.length - 1, "MerkleTrie: value node must be last node in proof (leaf)");
                    return value_;
                } else if (prefix == 0 || prefix == 1) {
                    nodeId = _childId(items[1]);
                    keyIndex += shared;
                } else {
                    revert("MerkleTrie: received a node with an unknown prefix");
                }
            } else {
                revert("MerkleTrie: received an unparseable node");
            }
        }
        revert("MerkleTrie: ran out of proof elements");
    }

    /// @notice How a node names a child: a 32-byte hash, or (under 32 bytes) the child's own encoding.
    function _childId(bytes memory _item) private pure returns (bytes32) {
        if (_item.length < 32) return bytes32(_item);
        return bytes32(RLPReader.readBytes(_item));
    }

    /// @notice The nibbles of `_bytes`, high nibble first, one per byte.
    function _nibbles(bytes memory _bytes) private pure returns (bytes memory nibbles_) {
        nibbles_ = new bytes(_bytes.length * 2);
        for (uint256 i = 0; i < _bytes.length; i++) {
            nibbles_[i * 2] = bytes1(uint8(_bytes[i]) >> 4);
            nibbles_[i * 2 + 1] = bytes1(uint8(_bytes[i]) & 0x0f);
        }
    }
}

/// @title SecureMerkleTrie
/// @notice The trie of the state and of storage, whose paths are the keccak256 of the keys.
library SecureMerkleTrie {
    /// @notice Whether `_proof` shows that `_key` holds `_value` in the trie with root `_root`.
    function verifyInclusionProof(
        bytes memory _key,
        bytes memory _value,
        bytes[] memory _proof,
        bytes32 _root
    )
        internal
        pure
        returns (bool)
    {
        return keccak256(MerkleTrie.get(abi.encodePacked(keccak256(_key)), _proof, _root)) == keccak256(_value);
    }
}
