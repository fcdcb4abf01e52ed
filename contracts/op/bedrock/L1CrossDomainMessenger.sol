// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { BedrockAddresses } from "./BedrockAddresses.sol";
import { CrossDomainMessenger } from "./CrossDomainMessenger.sol";

/// @notice What the L1 messenger reads of its portal.
interface IPortalForMessenger {
    function depositTransaction(
        address _to,
        uint256 _value,
        uint64 _gasLimit,
        bool _isCreation,
        bytes memory _data
    )
        external
        payable;

    function l2Sender() external view returns (address);
}

/// @title L1CrossDomainMessenger
/// @notice The L1 messenger of one OP chain: its messages travel as deposits through the chain's portal to
///         the L2CrossDomainMessenger, and it relays the L2's messages that the portal finalizes.
contract L1CrossDomainMessenger is CrossDomainMessenger {
    string public constant version = "2.9.0";

    /// @notice The chain's OptimismPortal.
    address public portal;

    /// @notice Sets the portal and the L2 messenger once (the installer calls it).
    function initialize(address _portal) external {
        _initialize(BedrockAddresses.L2_CROSS_DOMAIN_MESSENGER);
        portal = _portal;
    }

    /// @notice Legacy getter of `portal`.
    function PORTAL() external view returns (address) {
        return portal;
    }

    function paused() public pure override returns (bool) {
        return false;
    }

    function _sendMessage(address _to, uint64 _gasLimit, uint256 _value, bytes memory _data) internal override {
        IPortalForMessenger(portal).depositTransaction{ value: _value }(_to, _value, _gasLimit, false, _data);
    }

    function _isOtherMessenger() internal view override returns (bool) {
        return msg.sender == portal && IPortalForMessenger(portal).l2Sender() == otherMessenger;
    }

    function _isUnsafeTarget(address _target) internal view override returns (bool) {
        return _target == address(this) || _target == portal;
    }
}
