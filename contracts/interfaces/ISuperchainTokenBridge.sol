// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ISuperchainTokenBridge
/// @notice Interface of the OP Stack SuperchainTokenBridge predeploy (version 1.0.1) at
///         0x4200000000000000000000000000000000000028: moves IERC7802 tokens between the OP chains of a dependency
///         set by burning on the source and minting on the destination.
interface ISuperchainTokenBridge {
    /// @notice `relayERC20` was called by something other than the L2ToL2CrossDomainMessenger.
    error Unauthorized();

    /// @notice The recipient is the zero address.
    error ZeroAddress();

    /// @notice The relayed message was not sent by the SuperchainTokenBridge of its source chain.
    error InvalidCrossDomainSender();

    /// @notice The token does not report the IERC7802 interface.
    error InvalidERC7802();

    /// @notice Tokens left this chain for `destination`.
    event SendERC20(
        address indexed token,
        address indexed from,
        address indexed to,
        uint256 amount,
        uint256 destination
    );

    /// @notice Tokens arrived on this chain from `source`.
    event RelayERC20(address indexed token, address indexed from, address indexed to, uint256 amount, uint256 source);

    /// @notice Semantic version of the bridge.
    function version() external view returns (string memory);

    /// @notice Burns `_amount` of the caller's `_token` here and sends a message that mints it to `_to` on `_chainId`.
    /// @return msgHash_ Hash of the L2ToL2CrossDomainMessenger message.
    function sendERC20(address _token, address _to, uint256 _amount, uint256 _chainId)
        external
        returns (bytes32 msgHash_);

    /// @notice Mints the tokens of a `sendERC20` on the source chain; only through the messenger, from the bridge.
    function relayERC20(address _token, address _from, address _to, uint256 _amount) external;
}
