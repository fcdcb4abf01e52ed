// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import { IERC165 } from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import { IERC7802 } from "../interfaces/IERC7802.sol";
import { IL2ToL2CrossDomainMessenger } from "../interfaces/IL2ToL2CrossDomainMessenger.sol";
import { ISuperchainTokenBridge } from "../interfaces/ISuperchainTokenBridge.sol";
import { Predeploys } from "./libraries/Predeploys.sol";

/// @title SuperchainTokenBridge
/// @notice hardhat-xdm's SuperchainTokenBridge 1.0.1 at 0x4200000000000000000000000000000000000028: burns an
///         IERC7802 token on the source chain and mints it at the same token address on the destination, with the
///         real contract's checks, their order, events and errors.
/// @dev Installed with `hardhat_setCode`; it keeps no storage.
contract SuperchainTokenBridge is ISuperchainTokenBridge {
    /// @inheritdoc ISuperchainTokenBridge
    string public constant version = "1.0.1";

    /// @inheritdoc ISuperchainTokenBridge
    function sendERC20(address _token, address _to, uint256 _amount, uint256 _chainId)
        external
        returns (bytes32 msgHash_)
    {
        if (_to == address(0)) revert ZeroAddress();
        // A token without code or without supportsInterface makes this call revert, as on the real bridge.
        if (!IERC165(_token).supportsInterface(type(IERC7802).interfaceId)) revert InvalidERC7802();

        IERC7802(_token).crosschainBurn(msg.sender, _amount);

        msgHash_ = IL2ToL2CrossDomainMessenger(Predeploys.L2_TO_L2_CROSS_DOMAIN_MESSENGER).sendMessage(
            _chainId,
            address(this),
            abi.encodeCall(this.relayERC20, (_token, msg.sender, _to, _amount))
        );

        emit SendERC20(_token, msg.sender, _to, _amount, _chainId);
    }

    /// @inheritdoc ISuperchainTokenBridge
    function relayERC20(address _token, address _from, address _to, uint256 _amount) external {
        if (msg.sender != Predeploys.L2_TO_L2_CROSS_DOMAIN_MESSENGER) revert Unauthorized();

        (address crossDomainSender, uint256 source) = IL2ToL2CrossDomainMessenger(
            Predeploys.L2_TO_L2_CROSS_DOMAIN_MESSENGER
        ).crossDomainMessageContext();
        if (crossDomainSender != address(this)) revert InvalidCrossDomainSender();

        // No IERC7802 check here: a token missing on this chain makes the mint revert, and with it the relay.
        IERC7802(_token).crosschainMint(_to, _amount);

        emit RelayERC20(_token, _from, _to, _amount, source);
    }
}
