// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IETHLiquidity
/// @notice Interface of the OP Stack ETHLiquidity predeploy (version 1.1.0) at
///         0x4200000000000000000000000000000000000025: the ETH reserve the SuperchainETHBridge deposits into and
///         pays out of. It starts every chain with 2^248 - 1 wei.
interface IETHLiquidity {
    /// @notice The caller is not the SuperchainETHBridge.
    error Unauthorized();

    /// @notice ETH entered the reserve.
    event LiquidityBurned(address indexed caller, uint256 value);

    /// @notice ETH left the reserve.
    event LiquidityMinted(address indexed caller, uint256 value);

    /// @notice Semantic version of the contract.
    function version() external view returns (string memory);

    /// @notice Keeps `msg.value` in the reserve. Only the SuperchainETHBridge may call.
    function burn() external payable;

    /// @notice Sends `_amount` from the reserve to the caller. Only the SuperchainETHBridge may call.
    function mint(uint256 _amount) external;
}
