// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { AddressAliasHelper } from "../../scroll/libraries/AddressAliasHelper.sol";
import { BedrockAddresses } from "./BedrockAddresses.sol";
import { CrossDomainMessenger } from "./CrossDomainMessenger.sol";
import { L2ToL1MessagePasser } from "./L2ToL1MessagePasser.sol";

/// @title L2CrossDomainMessenger
/// @notice The predeploy at 0x4200…0007: its messages leave as withdrawals through the L2ToL1MessagePasser,
///         and it relays the L1 messenger's messages, which arrive as deposits from its alias.
contract L2CrossDomainMessenger is CrossDomainMessenger {
    string public constant version = "2.2.0";

    /// @notice Sets the chain's L1CrossDomainMessenger once (the installer calls it).
    function initialize(address _l1CrossDomainMessenger) external {
        _initialize(_l1CrossDomainMessenger);
    }

    /// @notice Legacy getter of `otherMessenger`.
    function l1CrossDomainMessenger() external view returns (address) {
        return otherMessenger;
    }

    function paused() public pure override returns (bool) {
        return false;
    }

    function _sendMessage(address _to, uint64 _gasLimit, uint256 _value, bytes memory _data) internal override {
        L2ToL1MessagePasser(payable(BedrockAddresses.L2_TO_L1_MESSAGE_PASSER)).initiateWithdrawal{ value: _value }(
            _to, _gasLimit, _data
        );
    }

    function _isOtherMessenger() internal view override returns (bool) {
        return AddressAliasHelper.undoL1ToL2Alias(msg.sender) == otherMessenger;
    }

    function _isUnsafeTarget(address _target) internal view override returns (bool) {
        return _target == address(this) || _target == BedrockAddresses.L2_TO_L1_MESSAGE_PASSER;
    }
}
