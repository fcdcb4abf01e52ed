// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import { IETHLiquidity } from "../interfaces/IETHLiquidity.sol";
import { Predeploys } from "./libraries/Predeploys.sol";
import { SafeSend } from "./libraries/SafeSend.sol";

/// @title ETHLiquidity
/// @notice hardhat-xdm's ETHLiquidity 1.1.0 at 0x4200000000000000000000000000000000000025: the reserve of native
///         ETH that the SuperchainETHBridge deposits into when ETH leaves the chain and pays out of when it arrives.
/// @dev Installed with `hardhat_setCode` and funded with 2^248 - 1 wei at install, as on the Superchain; its
///      balance is the only state it has. The real source calls the two functions burn/mint ("will soon change to
///      deposit/withdraw"); the names are kept for the ABI.
contract ETHLiquidity is IETHLiquidity {
    /// @inheritdoc IETHLiquidity
    string public constant version = "1.1.0";

    /// @inheritdoc IETHLiquidity
    function burn() external payable {
        if (msg.sender != Predeploys.SUPERCHAIN_ETH_BRIDGE) revert Unauthorized();
        emit LiquidityBurned(msg.sender, msg.value);
    }

    /// @inheritdoc IETHLiquidity
    function mint(uint256 _amount) external {
        if (msg.sender != Predeploys.SUPERCHAIN_ETH_BRIDGE) revert Unauthorized();
        // Reverts without data when the reserve holds less than `_amount`.
        new SafeSend{ value: _amount }(payable(msg.sender));
        emit LiquidityMinted(msg.sender, _amount);
    }
}
