// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import { IETHLiquidity } from "../interfaces/IETHLiquidity.sol";
import { IL2ToL2CrossDomainMessenger } from "../interfaces/IL2ToL2CrossDomainMessenger.sol";
import { ISuperchainETHBridge } from "../interfaces/ISuperchainETHBridge.sol";
import { Predeploys } from "./libraries/Predeploys.sol";
import { SafeSend } from "./libraries/SafeSend.sol";

/// @title SuperchainETHBridge
/// @notice hardhat-xdm's SuperchainETHBridge 1.0.1 at 0x4200000000000000000000000000000000000024: moves native
///         ETH to another OP chain of the dependency set. The ETH sent enters this chain's ETHLiquidity; the relay
///         on the destination takes the same amount out of that chain's ETHLiquidity and pays the recipient.
/// @dev Installed with `hardhat_setCode`; it keeps no storage.
contract SuperchainETHBridge is ISuperchainETHBridge {
    /// @inheritdoc ISuperchainETHBridge
    string public constant version = "1.0.1";

    /// @inheritdoc ISuperchainETHBridge
    function sendETH(address _to, uint256 _chainId) external payable returns (bytes32 msgHash_) {
        if (_to == address(0)) revert ZeroAddress();

        IETHLiquidity(Predeploys.ETH_LIQUIDITY).burn{ value: msg.value }();

        msgHash_ = IL2ToL2CrossDomainMessenger(Predeploys.L2_TO_L2_CROSS_DOMAIN_MESSENGER).sendMessage(
            _chainId,
            address(this),
            abi.encodeCall(this.relayETH, (msg.sender, _to, msg.value))
        );

        emit SendETH(msg.sender, _to, msg.value, _chainId);
    }

    /// @inheritdoc ISuperchainETHBridge
    function relayETH(address _from, address _to, uint256 _amount) external {
        if (msg.sender != Predeploys.L2_TO_L2_CROSS_DOMAIN_MESSENGER) revert Unauthorized();

        (address crossDomainSender, uint256 source) = IL2ToL2CrossDomainMessenger(
            Predeploys.L2_TO_L2_CROSS_DOMAIN_MESSENGER
        ).crossDomainMessageContext();
        if (crossDomainSender != address(this)) revert InvalidCrossDomainSender();

        IETHLiquidity(Predeploys.ETH_LIQUIDITY).mint(_amount);

        // A forced send: the recipient's code does not run, so a contract without receive() is paid too.
        new SafeSend{ value: _amount }(payable(_to));

        emit RelayETH(_from, _to, _amount, source);
    }
}
