// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IScrollMessenger} from "../../interfaces/IScrollMessenger.sol";

/// @title ScrollBridgeBase
/// @notice What every example bridge half needs: its layer's messenger, the other half's address,
/// and the check that a call really is a message from that other half.
/// @dev The two halves live on different chains, so neither address is known when the other is
/// deployed: the deployer links them once with {initialize}.
abstract contract ScrollBridgeBase {
    /// @notice The call did not come from the messenger relaying a message of the counterpart.
    error NotCounterpart();
    /// @notice `initialize` by someone other than the deployer, twice, or with the zero address.
    error InvalidInitialization();
    /// @notice An ETH transfer to `recipient` failed.
    error TransferFailed(address recipient);

    /// @notice Emitted when the deployer links this half to its counterpart.
    event CounterpartSet(address indexed counterpart);

    /// @notice This layer's Scroll messenger.
    IScrollMessenger public immutable messenger;

    /// @notice The bridge half on the other layer.
    address public counterpart;

    address private immutable deployer;

    constructor(IScrollMessenger _messenger) {
        messenger = _messenger;
        deployer = msg.sender;
    }

    /// @dev Both checks are needed: the messenger is the only caller that can vouch for an L1/L2
    /// sender, and it vouches for anyone's messages, not only the counterpart's.
    modifier onlyCounterpart() {
        if (msg.sender != address(messenger) || messenger.xDomainMessageSender() != counterpart) {
            revert NotCounterpart();
        }
        _;
    }

    /// @notice Links this half to the other one; once, by the deployer.
    /// @param _counterpart The bridge half on the other layer.
    function initialize(address _counterpart) external {
        if (msg.sender != deployer || counterpart != address(0) || _counterpart == address(0)) {
            revert InvalidInitialization();
        }
        counterpart = _counterpart;
        emit CounterpartSet(_counterpart);
    }

    function _sendETH(address _recipient, uint256 _amount) internal {
        (bool success, ) = _recipient.call{value: _amount}("");
        if (!success) revert TransferFailed(_recipient);
    }
}
