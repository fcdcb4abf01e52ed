// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IL2MessageQueue} from "../interfaces/IL2MessageQueue.sol";
import {WithdrawTrie} from "./libraries/WithdrawTrie.sol";

/// @title L2MessageQueue
/// @notice The withdraw trie (an append-only Merkle tree) of L2→L1 message hashes. Its root after
/// each batch's last block is what the prover commits to as the batch's withdraw root.
/// @dev Lives at the predeploy 0x5300000000000000000000000000000000000000. The storage layout is
/// part of the interface: the prover reads `messageRoot` with `eth_getStorageAt(queue, 0, block)`,
/// so it must stay in slot 0 and `nextMessageIndex` in slot 1. For that reason this contract does
/// not inherit any stateful base.
contract L2MessageQueue is IL2MessageQueue {
    /// @notice Emitted once, when the messenger is set.
    event Initialized(uint8 version);

    /// @inheritdoc IL2MessageQueue
    bytes32 public override messageRoot; // slot 0

    /// @inheritdoc IL2MessageQueue
    uint256 public override nextMessageIndex; // slot 1

    /// @inheritdoc IL2MessageQueue
    address public override messenger; // slot 2

    /// @dev `branches[h]`: the last left-hand node computed at height h, i.e. the only nodes a
    /// future append can still need.
    bytes32[40] private branches;

    /// @notice Sets the only account allowed to append; callable once.
    /// @param _messenger The L2ScrollMessenger.
    function initialize(address _messenger) external {
        require(messenger == address(0), "Initializable: contract is already initialized");
        require(_messenger != address(0), "zero messenger");
        messenger = _messenger;
        emit Initialized(1);
    }

    /// @inheritdoc IL2MessageQueue
    function appendMessage(bytes32 _messageHash) external override returns (bytes32) {
        require(msg.sender == messenger, "only messenger");

        uint256 index = nextMessageIndex;
        require(index < (1 << WithdrawTrie.MAX_HEIGHT), "withdraw trie is full");

        // Walk up from the new leaf: a left child pairs with the empty subtree of its height, a
        // right child with the stored left sibling. The loop stops at the height of the complete
        // tree holding index + 1 leaves, so the result is that tree's root.
        bytes32 node = _messageHash;
        bytes32 zero; // root of an empty subtree of the current height
        uint256 height;
        for (uint256 position = index; position != 0; position >>= 1) {
            if (position % 2 == 0) {
                branches[height] = node;
                node = WithdrawTrie.hashPair(node, zero);
            } else {
                node = WithdrawTrie.hashPair(branches[height], node);
            }
            zero = WithdrawTrie.hashPair(zero, zero);
            unchecked {
                height++;
            }
        }
        branches[height] = node;

        messageRoot = node;
        nextMessageIndex = index + 1;
        emit AppendMessage(index, _messageHash);
        return node;
    }
}
