// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { ERC20 } from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { IERC165 } from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import { IERC7802 } from "../interfaces/IERC7802.sol";
import { Predeploys } from "./libraries/Predeploys.sol";

/// @title SuperchainERC20
/// @notice Base of a token that moves between the OP chains of a dependency set through the
///         SuperchainTokenBridge (OP Stack SuperchainERC20 1.0.2): only the bridge may mint and burn across chains.
/// @dev Inherit it and deploy the token at the same address on every chain it should reach (CREATE2, or the
///      same deployer and nonce): the bridge on the destination mints at the token's source address.
///      Built on OpenZeppelin's ERC20, so balance errors are OpenZeppelin's (`ERC20InsufficientBalance`) where the
///      real base, built on solady, reverts `InsufficientBalance()`.
abstract contract SuperchainERC20 is ERC20, IERC7802 {
    /// @notice The caller of `crosschainMint` or `crosschainBurn` is not the SuperchainTokenBridge.
    error Unauthorized();

    /// @notice Semantic version of the base.
    function version() external view virtual returns (string memory) {
        return "1.0.2";
    }

    /// @inheritdoc IERC7802
    function crosschainMint(address _to, uint256 _amount) external {
        if (msg.sender != Predeploys.SUPERCHAIN_TOKEN_BRIDGE) revert Unauthorized();
        _mint(_to, _amount);
        emit CrosschainMint(_to, _amount, msg.sender);
    }

    /// @inheritdoc IERC7802
    function crosschainBurn(address _from, uint256 _amount) external {
        if (msg.sender != Predeploys.SUPERCHAIN_TOKEN_BRIDGE) revert Unauthorized();
        _burn(_from, _amount);
        emit CrosschainBurn(_from, _amount, msg.sender);
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 _interfaceId) public view virtual returns (bool) {
        return
            _interfaceId == type(IERC7802).interfaceId ||
            _interfaceId == type(IERC20).interfaceId ||
            _interfaceId == type(IERC165).interfaceId;
    }
}
