// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IOptimismMintableERC20
/// @notice A token the standard bridge mints and burns on one layer for a token locked on the other.
interface IOptimismMintableERC20 {
    function remoteToken() external view returns (address);
    function bridge() external returns (address);
    function mint(address _to, uint256 _amount) external;
    function burn(address _from, uint256 _amount) external;
}
