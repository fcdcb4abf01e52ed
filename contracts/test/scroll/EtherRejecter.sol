// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title EtherRejecter
/// @notice Test account that refuses ETH: a fee vault or refund address that makes transfers fail.
contract EtherRejecter {
    receive() external payable {
        revert("EtherRejecter: no ETH");
    }
}
