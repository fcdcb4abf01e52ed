// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ISuperchainETHBridge
/// @notice Interface of the OP Stack SuperchainETHBridge predeploy (version 1.0.1) at
///         0x4200000000000000000000000000000000000024: moves native ETH between the OP chains of a dependency set
///         through each chain's ETHLiquidity.
interface ISuperchainETHBridge {
    /// @notice `relayETH` was called by something other than the L2ToL2CrossDomainMessenger.
    error Unauthorized();

    /// @notice The recipient is the zero address.
    error ZeroAddress();

    /// @notice The relayed message was not sent by the SuperchainETHBridge of its source chain.
    error InvalidCrossDomainSender();

    /// @notice ETH left this chain for `destination`.
    event SendETH(address indexed from, address indexed to, uint256 amount, uint256 destination);

    /// @notice ETH arrived on this chain from `source`.
    event RelayETH(address indexed from, address indexed to, uint256 amount, uint256 source);

    /// @notice Semantic version of the bridge.
    function version() external view returns (string memory);

    /// @notice Deposits `msg.value` into ETHLiquidity and sends a message that pays it to `_to` on `_chainId`.
    /// @return msgHash_ Hash of the L2ToL2CrossDomainMessenger message.
    function sendETH(address _to, uint256 _chainId) external payable returns (bytes32 msgHash_);

    /// @notice Pays the ETH of a `sendETH` on the source chain out of this chain's ETHLiquidity.
    function relayETH(address _from, address _to, uint256 _amount) external;
}
