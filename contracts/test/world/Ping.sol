// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title PingSender
/// @notice L1 side of the test-only "ping" protocol (test/world/test-protocol.test.ts), which proves
///         that a messaging model registered from outside the engine runs like the built-in ones.
contract PingSender {
    /// @notice The nonce of the next ping.
    uint256 public nextNonce;

    /// @notice A ping for the ping chain's inbox.
    /// @param nonce The ping's number, from 0.
    /// @param sender Who sent it.
    /// @param data What it carries.
    event Ping(uint256 indexed nonce, address indexed sender, bytes data);

    /// @notice Sends `data` to the ping chain.
    /// @param data What the ping carries.
    /// @return nonce The ping's nonce.
    function ping(bytes calldata data) external returns (uint256 nonce) {
        nonce = nextNonce++;
        emit Ping(nonce, msg.sender, data);
    }
}

/// @title PingInbox
/// @notice Ping-chain side of the test-only "ping" protocol: takes each ping once, from its relayer only.
contract PingInbox {
    /// @notice The only account that may deliver pings.
    address public relayer;

    /// @notice Whether the ping of that nonce was delivered.
    mapping(uint256 => bool) public delivered;

    /// @notice A ping was delivered.
    /// @param nonce The ping's nonce.
    /// @param sender Who sent it on the L1.
    /// @param data What it carries.
    event Delivered(uint256 indexed nonce, address indexed sender, bytes data);

    /// @notice Sets the relayer, once (the inbox is installed with hardhat_setCode, so it has no constructor).
    /// @param relayer_ The relayer's address.
    function initialize(address relayer_) external {
        require(relayer == address(0), "PingInbox: initialized");
        relayer = relayer_;
    }

    /// @notice Delivers one ping; each nonce once.
    /// @param nonce The ping's nonce.
    /// @param sender Who sent it on the L1.
    /// @param data What it carries.
    function deliver(uint256 nonce, address sender, bytes calldata data) external {
        require(msg.sender == relayer, "PingInbox: not the relayer");
        require(!delivered[nonce], "PingInbox: delivered");
        delivered[nonce] = true;
        emit Delivered(nonce, sender, data);
    }
}
