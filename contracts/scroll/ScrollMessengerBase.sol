// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {IScrollMessenger} from "../interfaces/IScrollMessenger.sol";
import {IWhitelist} from "../interfaces/IWhitelist.sol";
import {ScrollInitializable} from "./common/ScrollInitializable.sol";
import {ScrollOwnable} from "./common/ScrollOwnable.sol";
import {ScrollPausable} from "./common/ScrollPausable.sol";
import {ScrollConstants} from "./libraries/ScrollConstants.sol";

/// @title ScrollMessengerBase
/// @notice State and rules both Scroll messengers share.
/// @dev OpenZeppelin's ReentrancyGuard is safe without its constructor: it only compares against
/// the "entered" value, and zero storage reads as "not entered".
abstract contract ScrollMessengerBase is
    ScrollInitializable,
    ScrollOwnable,
    ScrollPausable,
    ReentrancyGuard,
    IScrollMessenger
{
    /// @inheritdoc IScrollMessenger
    address public override counterpart;

    /// @inheritdoc IScrollMessenger
    address public override feeVault;

    /// @inheritdoc IScrollMessenger
    address public override xDomainMessageSender;

    /// @inheritdoc IScrollMessenger
    address public override whitelist;

    /// @inheritdoc IScrollMessenger
    mapping(bytes32 => uint256) public override messageSendTimestamp;

    /// @dev While a message executes, `xDomainMessageSender` is its sender; entering again would let
    /// the callee act under someone else's identity.
    modifier notInExecution() {
        require(
            xDomainMessageSender == ScrollConstants.DEFAULT_XDOMAIN_MESSAGE_SENDER,
            "Message is already in execution"
        );
        _;
    }

    /// @dev The optional sender whitelist (off while `whitelist` is zero).
    modifier onlyWhitelistedSender() {
        address list = whitelist;
        require(list == address(0) || IWhitelist(list).isSenderAllowed(msg.sender), "sender not whitelisted");
        _;
    }

    function __ScrollMessengerBase_init(
        address _owner,
        address _counterpart,
        address _feeVault,
        address _whitelist
    ) internal {
        require(_owner != address(0), "zero owner");
        require(_counterpart != address(0), "zero counterpart");
        _transferOwnership(_owner);
        counterpart = _counterpart;
        feeVault = _feeVault;
        whitelist = _whitelist;
        xDomainMessageSender = ScrollConstants.DEFAULT_XDOMAIN_MESSAGE_SENDER;
        emit UpdateFeeVault(address(0), _feeVault);
        emit UpdateWhitelist(address(0), _whitelist);
    }

    /// @notice Lets the owner top up the ETH that pays out relayed values; anyone else must send
    /// ETH through a message, or it would be locked without a counterpart on the other layer.
    receive() external payable onlyOwner {}

    /// @notice Moves the fee vault.
    /// @param _newFeeVault The new fee recipient.
    function updateFeeVault(address _newFeeVault) external onlyOwner {
        address old = feeVault;
        feeVault = _newFeeVault;
        emit UpdateFeeVault(old, _newFeeVault);
    }

    /// @notice Turns the sender whitelist on (a Whitelist contract) or off (the zero address).
    /// @param _newWhitelist The whitelist to consult.
    function updateWhitelist(address _newWhitelist) external onlyOwner {
        address old = whitelist;
        whitelist = _newWhitelist;
        emit UpdateWhitelist(old, _newWhitelist);
    }

    /// @notice Pauses (`true`) or resumes (`false`) sending and relaying.
    /// @param _status Whether to pause.
    function setPause(bool _status) external onlyOwner {
        if (_status) {
            _pause();
        } else {
            _unpause();
        }
    }

    /// @dev A message may not call the messenger itself: it would act with the messenger's
    /// authority over its own bookkeeping.
    function _validateTargetAddress(address _target) internal view {
        require(_target != address(this), "Forbid to call self");
    }

    /// @dev Runs a message with its sender visible through `xDomainMessageSender`; returns whether
    /// the call succeeded. The sender is reset afterwards whatever happens.
    function _execute(address _from, address _to, uint256 _value, bytes memory _message) internal returns (bool success) {
        xDomainMessageSender = _from;
        (success, ) = _to.call{value: _value}(_message);
        xDomainMessageSender = ScrollConstants.DEFAULT_XDOMAIN_MESSAGE_SENDER;
    }
}
