// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Predeploys
/// @notice Fixed addresses of the OP Stack interop predeploys, identical on every OP chain of a world.
/// @dev hardhat-xdm installs the code at these addresses with `hardhat_setCode`, without the real proxies.
library Predeploys {
    /// @notice Address of the CrossL2Inbox.
    address internal constant CROSS_L2_INBOX = 0x4200000000000000000000000000000000000022;

    /// @notice Address of the L2ToL2CrossDomainMessenger.
    address internal constant L2_TO_L2_CROSS_DOMAIN_MESSENGER = 0x4200000000000000000000000000000000000023;

    /// @notice Address of the SuperchainETHBridge.
    address internal constant SUPERCHAIN_ETH_BRIDGE = 0x4200000000000000000000000000000000000024;

    /// @notice Address of the ETHLiquidity reserve.
    address internal constant ETH_LIQUIDITY = 0x4200000000000000000000000000000000000025;

    /// @notice Address of the SuperchainTokenBridge.
    address internal constant SUPERCHAIN_TOKEN_BRIDGE = 0x4200000000000000000000000000000000000028;
}
