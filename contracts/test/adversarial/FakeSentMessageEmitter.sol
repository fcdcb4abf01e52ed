// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title FakeSentMessageEmitter
/// @notice Adversarial test contract: emits a log shaped exactly like L2ToL2CrossDomainMessenger's
/// `SentMessage`, with any sender, so a forged Identifier can point at it.
contract FakeSentMessageEmitter {
    event SentMessage(
        uint256 indexed destination,
        address indexed target,
        uint256 indexed messageNonce,
        address sender,
        bytes message
    );

    /// @notice Emits a `SentMessage` claiming `sender` sent `message` to `target` on `destination`.
    function forge(uint256 destination, address target, uint256 nonce, address sender, bytes calldata message) external {
        emit SentMessage(destination, target, nonce, sender, message);
    }
}
