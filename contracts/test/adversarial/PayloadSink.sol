// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title PayloadSink
/// @notice Adversarial test target: accepts any calldata (empty or huge) and keeps its length and hash,
/// so a test can tell that a message arrived byte for byte without storing it.
contract PayloadSink {
    uint256 public received;
    uint256 public lastLength;
    bytes32 public lastHash;
    address public lastCaller;

    fallback() external payable {
        received += 1;
        lastLength = msg.data.length;
        lastHash = keccak256(msg.data);
        lastCaller = msg.sender;
    }

    receive() external payable {
        received += 1;
        lastLength = 0;
        lastHash = keccak256("");
        lastCaller = msg.sender;
    }
}
