// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IWhitelist} from "../interfaces/IWhitelist.sol";
import {ScrollInitializable} from "./common/ScrollInitializable.sol";
import {ScrollOwnable} from "./common/ScrollOwnable.sol";

/// @title Whitelist
/// @notice An owner-managed list of allowed accounts: on L1 it says who may set the L2 base fee
/// (and, when enabled, who may send messages); on L2 (at 0x5300000000000000000000000000000000000003)
/// who may send and relay.
/// @dev Installed with `hardhat_setCode`; the owner comes from {initialize}.
contract Whitelist is ScrollInitializable, ScrollOwnable, IWhitelist {
    /// @notice Emitted when `_account` is added (`true`) or removed (`false`).
    event WhitelistStatusChanged(address indexed _account, bool _status);

    mapping(address => bool) private isWhitelisted;

    /// @notice Sets the owner; callable once.
    /// @param _owner Manages the list.
    function initialize(address _owner) external initializer {
        require(_owner != address(0), "zero address");
        _transferOwnership(_owner);
    }

    /// @inheritdoc IWhitelist
    function isSenderAllowed(address _sender) external view override returns (bool) {
        return isWhitelisted[_sender];
    }

    /// @notice Adds or removes accounts.
    /// @param _accounts The accounts.
    /// @param _status `true` to allow them, `false` to remove them.
    function updateWhitelistStatus(address[] memory _accounts, bool _status) external onlyOwner {
        for (uint256 i = 0; i < _accounts.length; i++) {
            isWhitelisted[_accounts[i]] = _status;
            emit WhitelistStatusChanged(_accounts[i], _status);
        }
    }
}
