// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title BridgedERC20
/// @notice Example: the L2 representation of an L1 token; only its bridge mints (on deposit) and
/// burns (on withdrawal), so its supply always equals what the L1 bridge holds locked.
contract BridgedERC20 is ERC20 {
    /// @notice The caller is not the bridge.
    error OnlyBridge();

    /// @notice The L2ERC20Bridge that deployed this token.
    address public immutable bridge;

    /// @notice The L1 token this one represents.
    address public immutable l1Token;

    constructor(string memory name_, string memory symbol_, address l1Token_) ERC20(name_, symbol_) {
        bridge = msg.sender;
        l1Token = l1Token_;
    }

    modifier onlyBridge() {
        if (msg.sender != bridge) revert OnlyBridge();
        _;
    }

    /// @notice Mints `amount` to `to` for a deposit.
    function mint(address to, uint256 amount) external onlyBridge {
        _mint(to, amount);
    }

    /// @notice Burns `amount` of `from` for a withdrawal.
    function burn(address from, uint256 amount) external onlyBridge {
        _burn(from, amount);
    }
}
