// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { IERC165 } from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

/// @title IERC7802
/// @notice ERC-7802: a token that a trusted bridge may mint and burn across chains. The SuperchainTokenBridge at
///         0x4200000000000000000000000000000000000028 moves every token that reports this interface.
/// @dev Interface id 0x33331994 (crosschainMint ^ crosschainBurn; `supportsInterface` is not part of it).
interface IERC7802 is IERC165 {
    /// @notice Tokens were minted by a cross-chain bridge.
    /// @param to Holder of the new tokens.
    /// @param amount Tokens minted.
    /// @param sender The bridge that minted them.
    event CrosschainMint(address indexed to, uint256 amount, address indexed sender);

    /// @notice Tokens were burnt by a cross-chain bridge.
    /// @param from Holder whose tokens were burnt.
    /// @param amount Tokens burnt.
    /// @param sender The bridge that burnt them.
    event CrosschainBurn(address indexed from, uint256 amount, address indexed sender);

    /// @notice Mints tokens that arrived from another chain.
    /// @param _to Holder of the new tokens.
    /// @param _amount Tokens to mint.
    function crosschainMint(address _to, uint256 _amount) external;

    /// @notice Burns tokens that leave for another chain.
    /// @param _from Holder whose tokens are burnt (no allowance is needed: only the bridge may call).
    /// @param _amount Tokens to burn.
    function crosschainBurn(address _from, uint256 _amount) external;
}
